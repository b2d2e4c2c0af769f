"""Who can do what and where: the benches of each operation and the people qualified for it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from cordwainer.domain.floor import TRAINEE
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
