"""Walking racks of the demo factory through the floor by the services, as a test would by hand."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID, uuid4

from sqlalchemy import text

from cordwainer.domain.floor import QUALIFIED
from cordwainer.services import catalogue, floor, materials, orders
from cordwainer.services.racks import rack_view
from cordwainer.services.recording import Receipt
from cordwainer.services.staffing import staffing
from cordwainer.storage.database import Database

COLOURWAY = "U991PK2"  # 991v2, soft pink


@dataclass(frozen=True)
class Floor:
    """The benches and the qualified people of each operation in the demo factory."""

    db: Database
    stations: dict[str, list[str]]
    people: dict[str, list[str]]

    @classmethod
    def of(cls, db: Database) -> Floor:
        staff = staffing(db, minimum_level=QUALIFIED)
        return cls(db, staff.stations, {op: [b for b, _ in p] for op, p in staff.people.items()})

    def station(self, operation: str) -> str:
        return self.stations[operation][0]

    def person(self, operation: str) -> str:
        return self.people[operation][0]

    def step(
        self, operation: str, rack: str, *serials: str, event_id: UUID | None = None
    ) -> floor.StepCommand:
        return floor.StepCommand(
            event_id or uuid4(), self.station(operation), self.person(operation), rack, serials
        )

    def order(self, pairs: int = 12) -> str:
        variants = catalogue.variants(self.db, COLOURWAY)
        lines = tuple((variant.gtin, 1) for variant in variants[:pairs])
        new = orders.NewOrder(COLOURWAY, date(2026, 12, 1), "Flimby factory shop", lines)
        return orders.create_order(self.db, new).code

    def release(self, order: str) -> str:
        receipt = orders.release_rack_of(self.db, orders.ReleaseRack(uuid4(), order))
        assert receipt.rack is not None
        return receipt.rack

    def craft(
        self,
        operation: str,
        rack: str,
        *serials: str,
        findings: tuple[floor.FindingInput, ...] = (),
    ) -> Receipt:
        floor.start_operation(self.db, self.step(operation, rack, *serials))
        lots: tuple[tuple[str, float], ...] = ()
        if operation == "clicking":
            pairs = len(serials) or len(rack_view(self.db, rack).active_pairs)
            lots = tuple(materials.cutting_plan(self.db, COLOURWAY, pairs))
        base = self.step(operation, rack, *serials)
        floor.finish_operation(
            self.db,
            floor.FinishCommand(uuid4(), base.station, base.operator, rack, serials, lots=lots),
        )
        inspector = self.person("final_inspection")
        return floor.inspect_pairs(
            self.db,
            floor.InspectCommand(
                uuid4(), base.station, inspector, rack, serials, findings=findings
            ),
        )

    def through(self, rack: str, last: str) -> None:
        """Every craft step of the routing up to and including ``last``, the whole rack passing."""
        for operation in rack_view(self.db, rack).routing:
            if operation.kind.value != "craft":
                return
            self.craft(operation.code, rack)
            if operation.code == last:
                return

    def metal_scan(
        self, rack: str, *serials: str, alarms: tuple[tuple[str, str], ...] = ()
    ) -> Receipt:
        base = self.step("metal_detection", rack, *serials)
        return floor.scan_for_metal(
            self.db,
            floor.MetalScanCommand(
                uuid4(), base.station, base.operator, rack, serials, alarms=alarms
            ),
        )

    def box(self, rack: str, *serials: str) -> Receipt:
        return floor.box_pairs(self.db, self.step("boxing", rack, *serials))


def snapshot(db: Database) -> dict[str, object]:
    """What a refused command must leave unchanged: the log and every projection."""
    queries = {
        "events": "SELECT count(*) FROM events",
        "event_pairs": "SELECT count(*) FROM event_pairs",
        "pairs": "SELECT serial, step, stage, status, metal_cleared FROM pairs ORDER BY serial",
        "lots": "SELECT code, quantity_consumed FROM material_lots ORDER BY code",
        "racks": "SELECT count(*) FROM racks",
        "orders": "SELECT order_code, gtin, released FROM order_lines ORDER BY order_code, gtin",
        "defects": "SELECT code, operation_code, severity FROM defect_codes ORDER BY code",
        "retired": "SELECT code FROM defect_code_retirements ORDER BY code",
        "photos": "SELECT count(*) FROM defect_photos",
    }
    with db.reading() as connection:
        return {name: connection.execute(text(sql)).all() for name, sql in queries.items()}
