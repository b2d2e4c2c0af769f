"""Production plans: made from the order book, kept, published, and read by the floor.

``make_plan`` schedules every rack on the floor and the racks still to release, with
the people, benches, shifts, absences and materials as they are now; ``replan`` does
the same from the current plan, keeping its near term as it was (the frozen window)
and moving as little as it can beyond it. A new plan is a draft until it is published;
the station terminals, the dispatch lists and the Gantt follow the current one: a
bench's ``dispatch_list`` and the ``late_orders`` (from ``plan_views``) are here too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from cordwainer.domain.errors import NotFound, RuleBroken
from cordwainer.domain.floor import Operator
from cordwainer.planning.building import FactoryProblem, build
from cordwainer.planning.problem import Objective, Placement, Solution
from cordwainer.planning.result import Assignment, OrderOutcome, assignments, outcomes
from cordwainer.planning.solver import Report, solve
from cordwainer.planning.timeline import Timeline
from cordwainer.services.plan_inputs import (
    PlanSettings,
    due_moments,
    plan_start,
    racks_to_plan,
    read_snapshot,
    windows,
)
from cordwainer.services.plan_views import dispatch_list, late_orders
from cordwainer.services.recording import new_id, utcnow
from cordwainer.storage.database import Database
from cordwainer.storage.order_book import OrderBook, OrderStanding
from cordwainer.storage.plan_store import (
    AssignmentRecord,
    PlannedOrderRecord,
    PlanRecord,
    PlanStore,
)

__all__ = [
    "PlanSettings",
    "PlanSummary",
    "current_plan",
    "dispatch_list",
    "late_orders",
    "make_plan",
    "plan_of",
    "publish_plan",
    "replan",
]


@dataclass(frozen=True, slots=True)
class PlanSummary:
    """A plan as a planner reads its heading: when, how good, and what is left out."""

    id: UUID
    state: str
    made_at: datetime
    starts_at: datetime
    frozen_until: datetime
    ends_at: datetime
    reason: str
    seconds: float
    racks: int
    steps: int
    late_orders: int
    tardiness_minutes: int
    setups: int
    changes: int
    stages: list[dict[str, object]]
    unplanned: dict[str, str]
    unit_minutes: int

    @property
    def is_current(self) -> bool:
        return self.state == "current"


def make_plan(
    db: Database,
    settings: PlanSettings | None = None,
    *,
    now: datetime | None = None,
    reason: str = "A new plan.",
    publish: bool = False,
    report: Report | None = None,
) -> PlanSummary:
    """A plan from scratch for everything on the order book."""
    return _plan(db, settings or PlanSettings(), now or utcnow(), reason, publish, report, None)


def replan(
    db: Database,
    settings: PlanSettings | None = None,
    *,
    now: datetime | None = None,
    reason: str = "Replanned.",
    publish: bool = True,
    report: Report | None = None,
) -> PlanSummary:
    """The current plan made again for what changed (someone off sick, a rush order, a
    scrapped rack): its frozen window kept, as little moved beyond it as the objectives
    allow. Without a current plan, a plan from scratch."""
    with db.looking() as uow:
        current = PlanStore(uow.connection).current()
    return _plan(db, settings or PlanSettings(), now or utcnow(), reason, publish, report, current)


def _plan(
    db: Database,
    settings: PlanSettings,
    now: datetime,
    reason: str,
    publish: bool,
    report: Report | None,
    based_on: PlanRecord | None,
) -> PlanSummary:
    start = plan_start(now, settings.unit_minutes)
    snapshot = read_snapshot(db, start)
    candidates = racks_to_plan(snapshot, settings)
    timeline = Timeline.starting(start, windows(settings, start), settings.unit_minutes)
    due_at = due_moments(snapshot.orders, settings.zone)
    previous = _previous(db, based_on, timeline, start) if based_on else None
    found = build(
        candidates.racks,
        snapshot.routings,
        snapshot.people,
        snapshot.stations,
        snapshot.absences,
        timeline,
        due_at,
        settings.rules,
        previous,
    )
    unplanned = {**candidates.unplanned, **found.unplanned}
    if not found.problem.jobs:
        raise RuleBroken(
            "There is nothing to plan: no open order has a rack that can be made.",
            code="nothing_to_plan",
            unplanned=len(unplanned),
        )
    hint = {key: placed for key, (placed, _) in previous.items()} if previous else None
    solution = solve(
        found.problem, seconds=settings.seconds, workers=settings.workers, hint=hint, report=report
    )
    placed = assignments(found, solution)
    ends = outcomes(found, solution, due_at, candidates.lots)
    record = _record(found, solution, placed, ends, unplanned, start, reason, now, based_on)
    with db.unit_of_work() as uow:
        store = PlanStore(uow.connection)
        store.add(record, [_assignment_row(a) for a in placed], [_order_row(o) for o in ends])
        if publish:
            store.publish(record.id)
        uow.commit()
    return plan_of(db, record.id)


def _previous(
    db: Database, based_on: PlanRecord, timeline: Timeline, start: datetime
) -> dict[str, tuple[Placement, str]]:
    """The plan being replaced, in the new plan's units: what has not started yet."""
    with db.looking() as uow:
        rows = PlanStore(uow.connection).assignments(based_on.id, ending_after=start)
    previous = {}
    for row in rows:
        if row.starts_at < start:
            continue
        placed = Placement(
            row.badge,
            timeline.unit_at(row.starts_at),
            timeline.unit_at(row.ends_at),
        )
        previous[f"{row.rack_key}:{row.operation_code}"] = (placed, row.station_code)
    return previous


def _record(
    found: FactoryProblem,
    solution: Solution,
    placed: list[Assignment],
    ends: list[OrderOutcome],
    unplanned: Mapping[str, str],
    start: datetime,
    reason: str,
    made_at: datetime,
    based_on: PlanRecord | None,
) -> PlanRecord:
    timeline = found.timeline
    unit = timeline.unit_minutes
    last = max((a.end for a in placed), default=0)
    return PlanRecord(
        id=new_id(),
        state="draft",
        made_at=made_at,
        starts_at=start,
        frozen_until=timeline.moment(found.frozen_until) if found.frozen_until else start,
        ends_at=timeline.moment(last, end=True),
        unit_minutes=unit,
        seconds=round(solution.seconds, 2),
        tardiness_minutes=sum(o.late_minutes for o in ends),
        setups=len(solution.setups),
        changes=solution.value_of(Objective.CHANGES) or 0,
        stages=[
            {
                "objective": stage.objective.value,
                "value": stage.value,
                "bound": stage.bound,
                "gap": round(stage.gap, 4),
                "seconds": round(stage.seconds, 2),
                "status": stage.status,
                "unit": _unit_of(stage.objective, unit),
            }
            for stage in solution.stages
        ],
        unplanned=dict(unplanned),
        reason=reason,
        based_on=based_on.id if based_on else None,
    )


def _unit_of(objective: Objective, unit_minutes: int) -> str:
    if objective is Objective.TARDINESS:
        return f"weighted {unit_minutes}-minute units late"
    if objective is Objective.MAKESPAN:
        return f"{unit_minutes}-minute units of working time"
    return "steps"


def _assignment_row(a: Assignment) -> AssignmentRecord:
    return AssignmentRecord(
        rack_key=a.rack.key,
        step=a.step,
        operation_code=a.operation_code,
        order_code=a.rack.order.code,
        rack_code=a.rack.rack_code,
        colourway_code=a.rack.order.colourway_code,
        pairs=a.rack.pairs,
        station_code=a.station,
        badge=a.badge,
        starts_at=a.starts_at,
        ends_at=a.ends_at,
        setup_minutes=a.setup_minutes,
        frozen=a.frozen,
    )


def _order_row(o: OrderOutcome) -> PlannedOrderRecord:
    return PlannedOrderRecord(
        o.order_code, o.due_at, o.finishes_at, o.late_minutes, o.bottleneck, o.reason
    )


def publish_plan(db: Database, plan_id: UUID) -> PlanSummary:
    """The plan becomes the one the floor follows."""
    with db.unit_of_work() as uow:
        store = PlanStore(uow.connection)
        if store.plan(plan_id) is None:
            raise NotFound(f"There is no plan {plan_id}.", code="plan_not_found")
        store.publish(plan_id)
        uow.commit()
    return plan_of(db, plan_id)


def plan_of(db: Database, plan_id: UUID) -> PlanSummary:
    with db.looking() as uow:
        store = PlanStore(uow.connection)
        record = store.plan(plan_id)
        if record is None:
            raise NotFound(f"There is no plan {plan_id}.", code="plan_not_found")
        rows = store.assignments(plan_id)
        late = sum(1 for o in store.orders(plan_id) if o.late_minutes > 0)
    return _summary(record, len({r.rack_key for r in rows}), len(rows), late)


def current_plan(db: Database) -> PlanSummary | None:
    with db.looking() as uow:
        record = PlanStore(uow.connection).current()
    return plan_of(db, record.id) if record else None


def recent_plans(db: Database, limit: int = 10) -> list[PlanRecord]:
    with db.looking() as uow:
        return PlanStore(uow.connection).latest(limit)


def _summary(record: PlanRecord, racks: int, steps: int, late: int) -> PlanSummary:
    return PlanSummary(
        id=record.id,
        state=record.state,
        made_at=record.made_at,
        starts_at=record.starts_at,
        frozen_until=record.frozen_until,
        ends_at=record.ends_at,
        reason=record.reason,
        seconds=record.seconds,
        racks=racks,
        steps=steps,
        late_orders=late,
        tardiness_minutes=record.tardiness_minutes,
        setups=record.setups,
        changes=record.changes,
        stages=record.stages,
        unplanned=record.unplanned,
        unit_minutes=record.unit_minutes,
    )


def order_book(db: Database, *, open_only: bool = True) -> list[OrderStanding]:
    """The orders, by due date, with how far their pairs have gone."""
    with db.looking() as uow:
        return OrderBook(uow.connection).orders(open_only=open_only)


def people(db: Database) -> list[Operator]:
    """Everyone, with their skills, in badge order."""
    with db.looking() as uow:
        return uow.catalogue.staff()
