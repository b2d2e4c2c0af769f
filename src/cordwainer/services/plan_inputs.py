"""What a plan is made from, read in one go: the order book, the racks on the floor, who
can do what, the benches, the lots on the shelves and on their way, who is away.

Racks are the jobs. A released rack keeps its code; the racks an order has still to
release are counted out twelve pairs at a time and named by the order and their number
in it (``PO-00012/3``), the name the released rack will be matched by later.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from cordwainer.domain.calendar import DAY_SHIFT, Absence, ShiftPattern, working_windows
from cordwainer.domain.catalogue import BomLine, Routing
from cordwainer.domain.floor import Operator, Station
from cordwainer.domain.materials import MaterialLot
from cordwainer.domain.orders import RACK_CAPACITY, ProductionOrder
from cordwainer.planning.building import InWork, RackToPlan, Rules
from cordwainer.planning.materials import RackCut, materials_ready
from cordwainer.storage.database import Database
from cordwainer.storage.order_book import OrderBook, RackOnFloor, StepStarted
from cordwainer.storage.plan_store import PlanStore

CUT_UNIT = "dm2"  # what clicking draws from the lots: hides, linings, meshes, sheets
MAX_RACKS = 400  # keeps the model a size CP-SAT solves well in seconds


@dataclass(frozen=True)
class PlanSettings:
    """How a plan is made. The defaults suit the demo factory: a week, 5-minute units."""

    seconds: float = 20.0
    horizon_days: int = 7
    frozen_hours: float = 4.0
    unit_minutes: int = 5
    include_trainees: bool = False
    workers: int = 2
    timezone: str = "Europe/London"
    shift: ShiftPattern = DAY_SHIFT
    closed_days: tuple[date, ...] = ()
    changeover_minutes: Mapping[str, int] = field(default_factory=lambda: {"closing": 15})

    @property
    def zone(self) -> tzinfo:
        return ZoneInfo(self.timezone)

    @property
    def rules(self) -> Rules:
        return Rules(
            unit_minutes=self.unit_minutes,
            horizon_days=self.horizon_days,
            frozen_hours=self.frozen_hours,
            include_trainees=self.include_trainees,
            changeover_minutes=dict(self.changeover_minutes),
        )


@dataclass(frozen=True)
class Snapshot:
    """The factory as the planner finds it at ``now``."""

    now: datetime
    orders: list[ProductionOrder]
    racks_on_floor: list[RackOnFloor]
    rack_numbers: dict[str, int]
    started: list[StepStarted]
    routings: dict[str, Routing]
    styles: dict[str, str]  # colourway -> style
    people: list[Operator]
    stations: list[Station]
    lots: list[tuple[MaterialLot, date]]
    bills: dict[str, list[BomLine]]
    cut_materials: set[str]
    material_names: dict[str, str]
    absences: list[Absence]


def read_snapshot(db: Database, now: datetime) -> Snapshot:
    with db.looking() as uow:
        book = OrderBook(uow.connection)
        standings = book.orders()
        floor_racks = book.racks_on_floor()
        colourways = uow.catalogue.colourways()
        styles = {c.code: c.style_code for c in colourways}
        routings = {style: uow.catalogue.routing(style) for style in set(styles.values())}
        bills = {c.code: uow.catalogue.bill_of_materials(c.code) for c in colourways}
        lots = book.lots()
        materials = {
            code: uow.catalogue.material(code)
            for code in {line.material_code for lines in bills.values() for line in lines}
            | {lot.material_code for lot, _ in lots}
        }
        return Snapshot(
            now=now,
            orders=[s.order for s in standings],
            racks_on_floor=floor_racks,
            rack_numbers=book.rack_numbers(),
            started=book.steps_started([r.code for r in floor_racks if r.in_work]),
            routings=routings,
            styles=styles,
            people=uow.catalogue.staff(),
            stations=uow.catalogue.stations(),
            lots=lots,
            bills=bills,
            cut_materials={c for c, m in materials.items() if m is not None and m.unit == CUT_UNIT},
            material_names={c: m.name for c, m in materials.items() if m is not None},
            absences=[a for _, a in PlanStore(uow.connection).absences(now)],
        )


def plan_start(now: datetime, unit_minutes: int) -> datetime:
    """``now`` moved on to the next whole unit on the clock, so plans share one grid."""
    now = now.astimezone(UTC).replace(second=0, microsecond=0) + timedelta(
        minutes=0 if now.second == 0 and now.microsecond == 0 else 1
    )
    extra = (-(now.hour * 60 + now.minute)) % unit_minutes
    return now + timedelta(minutes=extra)


def windows(settings: PlanSettings, start: datetime) -> tuple[tuple[datetime, datetime], ...]:
    """Working spans from the day of ``start``, far enough for any plan of the horizon."""
    first_day = start.astimezone(settings.zone).date()
    days = settings.horizon_days * 4 + 28
    return working_windows(settings.shift, first_day, days, settings.zone, settings.closed_days)


def due_moments(orders: Sequence[ProductionOrder], zone: tzinfo) -> dict[str, datetime]:
    """When each order is due: the midnight after its due day, in the factory's time zone."""
    return {
        order.code: datetime.combine(
            order.due_on + timedelta(days=1), time(0), tzinfo=zone
        ).astimezone(UTC)
        for order in orders
    }


@dataclass(frozen=True)
class Candidates:
    racks: list[RackToPlan]
    unplanned: dict[str, str]  # rack key -> why it is not in the plan
    lots: dict[str, str]  # rack key -> the lot it waits for


def racks_to_plan(snapshot: Snapshot, settings: PlanSettings) -> Candidates:
    """The released racks and, most urgent first, the racks still to release; when they
    can be cut; those left out and why."""
    orders = {order.code: order for order in snapshot.orders}
    started = {(s.rack_code, s.operation_code): s for s in snapshot.started}
    on_floor: list[RackToPlan] = []
    released: dict[str, int] = {}
    for rack in snapshot.racks_on_floor:
        order = orders.get(rack.order_code)
        if order is None:  # an order fully made but for this rack: still planned
            continue
        number = snapshot.rack_numbers[rack.code]
        released[order.code] = max(released.get(order.code, 0), number)
        routing = snapshot.routings[rack.style_code]
        if rack.step >= len(routing.operations):
            continue
        began = started.get((rack.code, routing.at(rack.step).code)) if rack.in_work else None
        work = (
            InWork(rack.step, began.badge, began.station_code, began.started_at) if began else None
        )
        on_floor.append(
            RackToPlan(
                f"{order.code}/{number}",
                order,
                rack.style_code,
                rack.pairs,
                rack.step,
                rack.code,
                work,
            )
        )
    to_release = _to_release(snapshot, released)
    return _with_materials(snapshot, settings, on_floor, to_release)


def _to_release(snapshot: Snapshot, released: Mapping[str, int]) -> list[RackToPlan]:
    racks = []
    for order in snapshot.orders:
        left = order.remaining
        number = max(released.get(order.code, 0), _released_count(order))
        while left > 0:
            number += 1
            pairs = min(RACK_CAPACITY, left)
            left -= pairs
            racks.append(
                RackToPlan(
                    f"{order.code}/{number}", order, snapshot.styles[order.colourway_code], pairs
                )
            )
    return racks


def _released_count(order: ProductionOrder) -> int:
    released = sum(line.released for line in order.lines)
    return -(-released // RACK_CAPACITY)


def _with_materials(
    snapshot: Snapshot,
    settings: PlanSettings,
    on_floor: list[RackToPlan],
    to_release: list[RackToPlan],
) -> Candidates:
    urgent = sorted(on_floor + to_release, key=_urgency)
    cut = [RackCut(r.key, r.order.colourway_code, r.pairs) for r in urgent if r.next_step == 0]
    ready = materials_ready(cut, snapshot.bills, snapshot.lots, snapshot.cut_materials)
    today = snapshot.now.astimezone(settings.zone).date()
    kept: list[RackToPlan] = []
    unplanned: dict[str, str] = {}
    lots: dict[str, str] = {}
    room = _capacity_minutes(snapshot, settings)
    horizon_ends = today + timedelta(days=settings.horizon_days)
    for rack in urgent:
        if rack.rack_code is None and (
            len(kept) >= MAX_RACKS or (room <= 0 and rack.order.due_on > horizon_ends)
        ):
            unplanned[rack.key] = "Left for a later plan: this one is full with more urgent racks."
            continue
        found = ready.get(rack.key)
        if found is not None and found.on is None:
            name = snapshot.material_names.get(found.lot_or_material, found.lot_or_material)
            unplanned[rack.key] = f"Not enough {name} on the shelves or expected."
            continue
        room -= _minutes(rack, snapshot)
        if found is not None and found.on is not None and found.on > today:
            at = datetime.combine(found.on, time(0), tzinfo=settings.zone).astimezone(UTC)
            kept.append(replace(rack, material_ready_at=at))
            lots[rack.key] = found.lot_or_material
        else:
            kept.append(rack)
    return Candidates(kept, unplanned, lots)


def _urgency(rack: RackToPlan) -> tuple[object, ...]:
    """Released racks first (they are on the floor), then by due date and weight."""
    order = rack.order
    return (rack.rack_code is None, order.due_on, -order.lateness_weight, rack.key)


def _capacity_minutes(snapshot: Snapshot, settings: PlanSettings) -> float:
    """What the people can make in the horizon, at most: each qualified person, all day."""
    qualified = sum(1 for person in snapshot.people if max(person.skills.values(), default=0) > 1)
    today = snapshot.now.astimezone(settings.zone).date()
    days = sum(
        1
        for offset in range(settings.horizon_days)
        if (day := today + timedelta(days=offset)).weekday() in settings.shift.weekdays
        and day not in settings.closed_days
    )
    return qualified * settings.shift.working_minutes * days


def _minutes(rack: RackToPlan, snapshot: Snapshot) -> float:
    routing = snapshot.routings[rack.style_code]
    return sum(op.standard_minutes for op in routing.operations[rack.next_step :]) * rack.pairs
