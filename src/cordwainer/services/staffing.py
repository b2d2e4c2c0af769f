"""Who can do what and where: the benches of each operation, the people qualified for it,
and the skill matrix (everyone against every operation)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from cordwainer.domain.catalogue import Operation
from cordwainer.domain.floor import TRAINEE, Operator
from cordwainer.domain.quality import is_supervisor
from cordwainer.storage.database import Database


@dataclass(frozen=True, slots=True)
class Staffing:
    stations: dict[str, list[str]]  # operation -> station codes
    people: dict[str, list[tuple[str, int]]]  # operation -> (badge, level), most skilled first


def staffing(db: Database, *, minimum_level: int = TRAINEE) -> Staffing:
    stations: dict[str, list[str]] = defaultdict(list)
    people: dict[str, list[tuple[str, int]]] = defaultdict(list)
    with db.looking() as uow:
        for station in uow.catalogue.stations():
            stations[station.operation_code].append(station.code)
        for badge, operation, level in uow.catalogue.skill_levels():
            if level >= minimum_level:
                people[operation].append((badge, level))
    for skilled in people.values():
        skilled.sort(key=lambda person: (-person[1], person[0]))
    return Staffing(dict(stations), dict(people))


@dataclass(frozen=True, slots=True)
class SkillMatrix:
    """Everyone against every operation, in routing order: who may do, sign off and clear what."""

    operations: tuple[Operation, ...]
    people: tuple[Operator, ...]

    @staticmethod
    def is_supervisor(person: Operator) -> bool:
        return is_supervisor(person)

    def count_at(self, operation: str, level: int) -> int:
        """How many people hold exactly ``level`` in ``operation``."""
        return sum(1 for person in self.people if person.level_in(operation) == level)


def skill_matrix(db: Database) -> SkillMatrix:
    with db.looking() as uow:
        return SkillMatrix(tuple(uow.catalogue.operations()), tuple(uow.catalogue.staff()))
