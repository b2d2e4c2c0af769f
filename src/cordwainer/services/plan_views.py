"""What people read from a plan: a bench's dispatch list, the late orders and why, the
load of each workcentre each day, and the Gantt of benches or people.

Each reads the current plan unless it is given another; each is a plain value that a
page, the API, the CLI or a CSV export can show.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from cordwainer.domain.calendar import working_windows
from cordwainer.domain.errors import NotFound
from cordwainer.services.plan_inputs import PlanSettings
from cordwainer.services.recording import utcnow
from cordwainer.storage.database import Database, UnitOfWork
from cordwainer.storage.order_book import OrderBook, RackOnFloor
from cordwainer.storage.plan_store import AssignmentRecord, PlanRecord, PlanStore


@dataclass(frozen=True, slots=True)
class DispatchItem:
    """One rack for this bench: what to do, for whom, by when, and where the rack is."""

    rack: str  # its code, or "PO-00012/3" while it is still to be released
    rack_code: str | None
    order_code: str
    colourway_code: str
    colourway_name: str
    operation_code: str
    operation_name: str
    pairs: int
    badge: str
    operator_name: str
    starts_at: datetime
    ends_at: datetime
    setup_minutes: int
    frozen: bool
    where: str  # in_work | here | upstream | to_release
    where_words: str


@dataclass(frozen=True, slots=True)
class DispatchList:
    station: str
    workcentre: str
    operation_name: str
    plan_id: UUID | None
    plan_made_at: datetime | None
    items: tuple[DispatchItem, ...]

    @property
    def next(self) -> DispatchItem | None:
        return self.items[0] if self.items else None


def plan_record(uow: UnitOfWork, plan_id: UUID | None) -> PlanRecord | None:
    """The plan asked for, or the current one (None when there is none)."""
    store = PlanStore(uow.connection)
    if plan_id is None:
        return store.current()
    found = store.plan(plan_id)
    if found is None:
        raise NotFound(f"There is no plan {plan_id}.", code="plan_not_found")
    return found


def dispatch_list(
    db: Database,
    station: str,
    *,
    now: datetime | None = None,
    limit: int = 12,
    plan_id: UUID | None = None,
) -> DispatchList:
    """What the bench does next, in the plan's order: for the station terminal."""
    now = now or utcnow()
    with db.looking() as uow:
        bench = uow.catalogue.station(station)
        if bench is None:
            raise NotFound(f"There is no station {station}.", code="station_not_found")
        plan = plan_record(uow, plan_id)
        operations = {op.code: op.name for op in uow.catalogue.operations()}
        if plan is None:
            return DispatchList(
                station, bench.workcentre_code, operations[bench.operation_code], None, None, ()
            )
        rows = PlanStore(uow.connection).assignments(plan.id, station=station, ending_after=now)
        floor = {r.code: r for r in OrderBook(uow.connection).racks_on_floor()}
        names = {person.badge: person.name for person in uow.catalogue.staff()}
        colourways = {c.code: c.name for c in uow.catalogue.colourways()}
        routings: dict[str, list[str]] = {}
        items = []
        for row in rows:
            where, words = _where(row, floor, routings, uow, operations)
            if where == "done":
                continue
            items.append(
                DispatchItem(
                    row.rack_code or row.rack_key,
                    row.rack_code,
                    row.order_code,
                    row.colourway_code,
                    colourways.get(row.colourway_code, row.colourway_code),
                    row.operation_code,
                    operations[row.operation_code],
                    row.pairs,
                    row.badge,
                    names.get(row.badge, row.badge),
                    row.starts_at,
                    row.ends_at,
                    row.setup_minutes,
                    row.frozen,
                    where,
                    words,
                )
            )
            if len(items) >= limit:
                break
    return DispatchList(
        station,
        bench.workcentre_code,
        operations[bench.operation_code],
        plan.id,
        plan.made_at,
        tuple(items),
    )


def _where(
    row: AssignmentRecord,
    floor: dict[str, RackOnFloor],
    routings: dict[str, list[str]],
    uow: UnitOfWork,
    operations: dict[str, str],
) -> tuple[str, str]:
    if row.rack_code is None:
        return "to_release", "To be released from its order"
    rack = floor.get(row.rack_code)
    if rack is None:
        return "done", "Done"
    step, in_work, style = rack.step, rack.in_work, rack.style_code
    if style not in routings:
        routings[style] = [op.code for op in uow.catalogue.routing(style).operations]
    if step > row.step:
        return "done", "Done"
    if step == row.step:
        return ("in_work", "In work here") if in_work else ("here", "Waiting here")
    at = operations[routings[style][step]]
    return "upstream", f"At {at.lower()}"


@dataclass(frozen=True, slots=True)
class LateOrder:
    order_code: str
    customer: str
    customer_type: str
    priority: str
    due_on: date
    finishes_at: datetime | None  # None: not in the plan at all
    late_minutes: int
    bottleneck: str | None
    reason: str


def late_orders(db: Database, plan_id: UUID | None = None) -> list[LateOrder]:
    """Orders the plan finishes after their due date, or cannot plan, with the reason."""
    with db.looking() as uow:
        plan = plan_record(uow, plan_id)
        if plan is None:
            return []
        book = {s.order.code: s.order for s in OrderBook(uow.connection).orders(open_only=False)}
        planned = PlanStore(uow.connection).orders(plan.id)
        operations = {op.code: op.name for op in uow.catalogue.operations()}
    late = []
    for row in planned:
        if row.late_minutes <= 0:
            continue
        order = book[row.order_code]
        bottleneck = operations.get(row.bottleneck or "", row.bottleneck)
        late.append(
            LateOrder(
                row.order_code,
                order.customer,
                order.customer_type.value,
                order.priority.value,
                order.due_on,
                row.finishes_at,
                row.late_minutes,
                bottleneck,
                row.reason,
            )
        )
    left_out: dict[str, str] = {}
    for rack_key, why in plan.unplanned.items():
        left_out.setdefault(rack_key.split("/")[0], why)
    for code, why in sorted(left_out.items()):
        if code in book and all(o.order_code != code for o in late):
            order = book[code]
            late.append(
                LateOrder(
                    code,
                    order.customer,
                    order.customer_type.value,
                    order.priority.value,
                    order.due_on,
                    None,
                    0,
                    None,
                    f"Not in this plan. {why}",
                )
            )
    return late


@dataclass(frozen=True, slots=True)
class DayLoad:
    day: date
    workcentre: str
    workcentre_name: str
    planned_minutes: int
    bench_minutes: int  # benches times the day's working minutes

    @property
    def share(self) -> float | None:
        return self.planned_minutes / self.bench_minutes if self.bench_minutes else None


def workcentre_load(
    db: Database, settings: PlanSettings | None = None, plan_id: UUID | None = None
) -> list[DayLoad]:
    """Minutes planned at each workcentre on each working day, against its bench time."""
    settings = settings or PlanSettings()
    with db.looking() as uow:
        plan = plan_record(uow, plan_id)
        if plan is None:
            return []
        rows = PlanStore(uow.connection).assignments(plan.id)
        stations = uow.catalogue.stations()
        names = _workcentre_names(uow)
    workcentre_of = {s.code: s.workcentre_code for s in stations}
    benches: dict[str, int] = defaultdict(int)
    for station in stations:
        benches[station.workcentre_code] += 1
    first = plan.starts_at.astimezone(settings.zone).date()
    days = max(1, (plan.ends_at.astimezone(settings.zone).date() - first).days + 1)
    spans = working_windows(settings.shift, first, days, settings.zone, settings.closed_days)
    by_day: dict[date, list[tuple[datetime, datetime]]] = defaultdict(list)
    for a, b in spans:
        by_day[a.astimezone(settings.zone).date()].append((a, b))
    planned: dict[tuple[date, str], float] = defaultdict(float)
    for row in rows:
        for day, day_spans in by_day.items():
            minutes = _overlap(row.starts_at, row.ends_at, day_spans)
            if minutes:
                planned[day, workcentre_of[row.station_code]] += minutes
    loads = []
    for day in sorted(by_day):
        day_minutes = sum((b - a).total_seconds() / 60 for a, b in by_day[day])
        for workcentre in sorted(benches, key=lambda w: names.get(w, (99, w))[0]):
            loads.append(
                DayLoad(
                    day,
                    workcentre,
                    names.get(workcentre, (0, workcentre))[1],
                    round(planned.get((day, workcentre), 0.0)),
                    round(benches[workcentre] * day_minutes),
                )
            )
    return loads


def _workcentre_names(uow: UnitOfWork) -> dict[str, tuple[int, str]]:
    """Each workcentre's place in the routing, and its name."""
    return {
        code: (position, name)
        for code, position, name, _ in PlanStore(uow.connection).workcentres()
    }


def _overlap(start: datetime, end: datetime, spans: Sequence[tuple[datetime, datetime]]) -> float:
    return sum(max(0.0, (min(end, b) - max(start, a)).total_seconds() / 60) for a, b in spans)


def load_by_day(
    db: Database, settings: PlanSettings | None = None, plan_id: UUID | None = None
) -> list[tuple[date, list[DayLoad]]]:
    """The load table a day at a time, workcentres in routing order."""
    days: dict[date, list[DayLoad]] = defaultdict(list)
    for load in workcentre_load(db, settings, plan_id):
        days[load.day].append(load)
    return sorted(days.items())


@dataclass(frozen=True, slots=True)
class WorkcentreBenches:
    code: str
    name: str
    operation_name: str
    stations: tuple[str, ...]


def stations_by_workcentre(db: Database) -> list[WorkcentreBenches]:
    """Every bench, by workcentre in routing order: where the dispatch lists are."""
    with db.looking() as uow:
        workcentres = PlanStore(uow.connection).workcentres()
        stations = uow.catalogue.stations()
        operations = {op.code: op.name for op in uow.catalogue.operations()}
    return [
        WorkcentreBenches(
            code,
            name,
            operations.get(operation, operation),
            tuple(s.code for s in stations if s.workcentre_code == code),
        )
        for code, _, name, operation in workcentres
    ]


def plan_assignments(db: Database, plan_id: UUID | None = None) -> list[AssignmentRecord]:
    """Every step of the plan (the current one unless another is given), in order of start."""
    with db.looking() as uow:
        plan = plan_record(uow, plan_id)
        return PlanStore(uow.connection).assignments(plan.id) if plan else []
