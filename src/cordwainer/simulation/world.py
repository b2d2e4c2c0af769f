"""What the twin reads of the factory before it starts, through the services: the routings,
the benches, the people and their skills, the defect catalogue, the colourways."""

from __future__ import annotations

from cordwainer.domain.catalogue import Operation, OperationKind, Routing
from cordwainer.domain.quality import DefectCode
from cordwainer.services import catalogue
from cordwainer.services.staffing import staffing
from cordwainer.storage.database import Database


class FactoryWorld:
    """What the twin reads of the factory before it starts, through the services."""

    def __init__(self, db: Database) -> None:
        staff = staffing(db)
        self.colourways = catalogue.colourways(db)
        styles = sorted({colourway.style_code for colourway in self.colourways})
        self.routings: dict[str, Routing] = {
            style: catalogue.routing(db, style) for style in styles
        }
        self.operations: dict[str, Operation] = {}
        for routing in self.routings.values():
            for operation in routing.operations:
                self.operations.setdefault(operation.code, operation)
        self.stations = {op: tuple(codes) for op, codes in staff.stations.items()}
        self.skills: dict[str, dict[str, int]] = {}
        for code, people in staff.people.items():
            for badge, level in people:
                self.skills.setdefault(badge, {})[code] = level
        self.defects: dict[str, list[DefectCode]] = {}
        for defect in catalogue.defect_catalogue(db):
            if not defect.retired:
                self.defects.setdefault(defect.operation_code, []).append(defect)
        self._db = db
        self._variants: dict[str, list[str]] = {}

    def gtins(self, colourway: str) -> list[str]:
        if colourway not in self._variants:
            self._variants[colourway] = [v.gtin for v in catalogue.variants(self._db, colourway)]
        return self._variants[colourway]

    def home_of(self, skills: dict[str, int]) -> str:
        """Someone's own workcentre: their best skill, the earlier step on a tie."""
        order = list(self.operations)
        return min(
            skills, key=lambda code: (-skills[code], order.index(code) if code in order else 99)
        )

    def operation_of_kind(self, kind: OperationKind) -> str:
        return next(op.code for op in self.operations.values() if op.kind is kind)
