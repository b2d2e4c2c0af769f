"""A working day on the floor, driven through the real services.

Orders arrive, their racks are released, and each rack goes through the routing: a
bench starts and finishes it, an inspector passes it, sends a pair back or scraps it;
the metal detector scans every pair; the packers box them; at the end of the day each
order's boxed pairs are shipped. Reworked pairs travel on their own until they catch
up with their rack. The same seed gives the same day.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID

from cordwainer.domain.catalogue import Colourway, Operation, OperationKind
from cordwainer.domain.floor import QUALIFIED
from cordwainer.domain.orders import RACK_CAPACITY
from cordwainer.domain.quality import DefectCode
from cordwainer.services import catalogue, floor, materials, orders, racks
from cordwainer.services.recording import Receipt
from cordwainer.services.staffing import Staffing, staffing
from cordwainer.storage.database import Database

SHIFT_START = time(7, 30)
CUSTOMERS = (
    "Flimby factory shop",
    "Direct — online",
    "Wholesale — London",
    "Wholesale — Tokyo",
    "Wholesale — New York",
)
REWORK_RATE = {"closing": 0.02, "lasting": 0.02}  # DOMAIN.md: a few pairs a day
DEFAULT_REWORK_RATE = 0.004
SCRAP_RATE = 0.002
METAL_ALARM_RATE = 0.003


@dataclass
class DayReport:
    days: int = 0
    orders: int = 0
    racks: int = 0
    pairs: int = 0
    boxed: int = 0
    shipped: int = 0
    reworked: int = 0
    scrapped: int = 0
    quarantined: int = 0
    events: int = 0
    racks_done: list[str] = field(default_factory=list)


class WorkingDays:
    def __init__(self, db: Database, *, seed: int, pairs_per_day: int = 300) -> None:
        self.db = db
        self.rng = random.Random(seed)
        self.pairs_per_day = pairs_per_day
        self.staff: Staffing = staffing(db)
        self.inspectors = [
            b for b, level in self.staff.people["final_inspection"] if level >= QUALIFIED
        ]
        self.defects: dict[str, list[DefectCode]] = {}
        for defect in catalogue.defect_catalogue(db):
            if not defect.retired:
                self.defects.setdefault(defect.operation_code, []).append(defect)
        self.report = DayReport()

    def run(
        self, first_day: date, days: int, tick: Callable[[int], None] | None = None
    ) -> DayReport:
        for offset in range(days):
            self._day(first_day + timedelta(days=offset))
            self.report.days += 1
            if tick:
                tick(offset + 1)
        return self.report

    def _day(self, day: date) -> None:
        clock = datetime.combine(day, SHIFT_START, tzinfo=UTC)
        released: list[str] = []
        for order, pairs in self._orders(day):
            for _ in range(-(-pairs // RACK_CAPACITY)):
                receipt = orders.release_rack_of(
                    self.db, orders.ReleaseRack(self._id(), order, clock)
                )
                assert receipt.rack is not None
                self._make(receipt.rack, clock)
                released.append(receipt.rack)
                clock += timedelta(minutes=self.rng.uniform(8, 16))
        self._ship(day, released)

    def _orders(self, day: date) -> list[tuple[str, int]]:
        available = [c for c in catalogue.colourways(self.db) if c.launched_on <= day]
        planned: list[tuple[str, int]] = []
        while (total := sum(pairs for _, pairs in planned)) < self.pairs_per_day:
            colourway = self.rng.choice(available)
            size = min(self.rng.choice((24, 36, 48, 60)), self.pairs_per_day - total)
            planned.append((self._order(colourway, day, size), size))
        return planned

    def _order(self, colourway: Colourway, day: date, pairs: int) -> str:
        variants = catalogue.variants(self.db, colourway.code)
        counts: dict[str, int] = {}
        for _ in range(pairs):
            gtin = self.rng.choice(variants).gtin
            counts[gtin] = counts.get(gtin, 0) + 1
        new = orders.NewOrder(
            colourway.code,
            day + timedelta(days=14),
            self.rng.choice(CUSTOMERS),
            tuple(counts.items()),
        )
        self.report.orders += 1
        self.report.pairs += pairs
        return orders.create_order(self.db, new).code

    def _make(self, rack: str, clock: datetime) -> None:
        self.report.racks += 1
        view = racks.rack_view(self.db, rack)
        for step, operation in enumerate(view.routing):
            for serial in self._stragglers(rack, step):
                clock = self._catch_up(rack, serial, step, clock)
            clock = self._do(
                operation, rack, (), clock + timedelta(minutes=self.rng.uniform(5, 40))
            )
        self.report.racks_done.append(rack)

    def _stragglers(self, rack: str, step: int) -> list[str]:
        view = racks.rack_view(self.db, rack)
        return [p.serial for p in view.active_pairs if p.step < step]

    def _catch_up(self, rack: str, serial: str, step: int, clock: datetime) -> datetime:
        """A reworked pair goes through its steps alone until it stands with its rack again."""
        for _ in range(50):
            view = racks.rack_view(self.db, rack)
            pair = next(p for p in view.pairs if p.serial == serial)
            if pair.status != "in_production" or pair.step >= step:
                return clock
            clock = self._do(view.routing[pair.step], rack, (serial,), clock)
        raise RuntimeError(f"pair {serial} did not catch up with rack {rack}")

    def _do(
        self, operation: Operation, rack: str, serials: tuple[str, ...], at: datetime
    ) -> datetime:
        station = self.rng.choice(self.staff.stations[operation.code])
        badge = self._person(operation.code)
        step = floor.StepCommand(self._id(), station, badge, rack, serials, event_time=at)
        pairs = len(serials) or len(
            [
                p
                for p in racks.rack_view(self.db, rack).active_pairs
                if p.operation == operation.code
            ]
        )
        if operation.kind is OperationKind.METAL_DETECTION:
            self._scan(step, rack, serials, operation)
            return at + timedelta(minutes=operation.standard_minutes * pairs)
        if operation.kind is OperationKind.BOXING:
            self._count(floor.box_pairs(self.db, step))
            return at + timedelta(minutes=operation.standard_minutes * pairs)
        self._count(floor.start_operation(self.db, step))
        finished = at + timedelta(
            minutes=operation.standard_minutes * pairs * self.rng.uniform(0.85, 1.2)
        )
        lots: tuple[tuple[str, float], ...] = ()
        if operation.consumes_materials:
            view = racks.rack_view(self.db, rack)
            lots = tuple(materials.cutting_plan(self.db, view.colourway_code, pairs))
        finish = floor.FinishCommand(
            self._id(), station, badge, rack, serials, event_time=finished, lots=lots
        )
        self._count(floor.finish_operation(self.db, finish))
        inspected = finished + timedelta(minutes=self.rng.uniform(1, 10))
        self._inspect(operation, rack, serials, station, inspected)
        return inspected

    def _inspect(
        self, operation: Operation, rack: str, serials: tuple[str, ...], station: str, at: datetime
    ) -> None:
        view = racks.rack_view(self.db, rack)
        waiting = [p.serial for p in view.active_pairs if p.operation == operation.code]
        findings = []
        for serial in serials or tuple(waiting):
            roll = self.rng.random()
            defects = self.defects.get(operation.code)
            if roll < SCRAP_RATE and defects:
                findings.append(floor.FindingInput(serial, "scrap", self.rng.choice(defects).code))
                self.report.scrapped += 1
            elif (
                roll < SCRAP_RATE + REWORK_RATE.get(operation.code, DEFAULT_REWORK_RATE) and defects
            ):
                findings.append(floor.FindingInput(serial, "rework", self.rng.choice(defects).code))
                self.report.reworked += 1
        inspector = self.rng.choice(self.inspectors)
        command = floor.InspectCommand(
            self._id(), station, inspector, rack, serials, event_time=at, findings=tuple(findings)
        )
        self._count(floor.inspect_pairs(self.db, command))

    def _scan(
        self, step: floor.StepCommand, rack: str, serials: tuple[str, ...], operation: Operation
    ) -> None:
        view = racks.rack_view(self.db, rack)
        scanned = serials or tuple(
            p.serial for p in view.active_pairs if p.operation == operation.code
        )
        alarms = tuple(
            (serial, self.defects[operation.code][0].code)
            for serial in scanned
            if self.rng.random() < METAL_ALARM_RATE
        )
        self.report.quarantined += len(alarms)
        command = floor.MetalScanCommand(
            step.event_id,
            step.station,
            step.operator,
            rack,
            serials,
            event_time=step.event_time,
            alarms=alarms,
        )
        self._count(floor.scan_for_metal(self.db, command))

    def _ship(self, day: date, released: list[str]) -> None:
        by_order: dict[str, list[str]] = {}
        for rack in released:
            view = racks.rack_view(self.db, rack)
            by_order.setdefault(view.order, []).extend(
                p.serial for p in view.pairs if p.status == "boxed"
            )
            self.report.boxed += sum(p.status == "boxed" for p in view.pairs)
        at = datetime.combine(day + timedelta(days=1), time(16, 0), tzinfo=UTC)
        packer = self._person("boxing")
        for order, serials in by_order.items():
            if serials:
                command = floor.ShipCommand(
                    self._id(),
                    packer,
                    f"SH-{order}",
                    _customer(self.db, order),
                    serials=tuple(serials),
                    event_time=at,
                )
                self._count(floor.ship_pairs(self.db, command))
                self.report.shipped += len(serials)

    def _person(self, operation_code: str) -> str:
        qualified = [b for b, level in self.staff.people[operation_code] if level >= QUALIFIED]
        return self.rng.choice(qualified)

    def _id(self) -> UUID:
        return UUID(int=self.rng.getrandbits(128), version=4)

    def _count(self, _receipt: Receipt) -> None:
        self.report.events += 1


def _customer(db: Database, order: str) -> str:
    with db.looking() as uow:
        found = uow.floor.order(order)
    assert found is not None
    return found.customer
