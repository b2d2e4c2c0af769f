"""The floor at a glance: what the office asks of it, over a period of days.

``dashboard`` answers the manager's questions for the days from ``since`` to ``until``
(inclusive, UTC): how many pairs were boxed each day; where pairs are waiting now and how
long racks waited before each step; how long pairs took from order to box; how often each
step, style and person passed a pair at its first check; which defects were found most;
what each person made against the standard minutes; which orders are late. The benches a
terminal stands at are in ``services.stations``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from cordwainer.domain.errors import InvalidValue
from cordwainer.storage import dashboard_queries as q
from cordwainer.storage import flow_queries as flow
from cordwainer.storage import yield_queries as quality
from cordwainer.storage.database import Database

DAYS_SHOWN = 14
LONGEST_PERIOD = 400  # days
WORKING_MINUTES_PER_DAY = 450  # a day shift less its breaks (DOMAIN.md): what 100 % earns


@dataclass(frozen=True, slots=True)
class Period:
    since: date
    until: date  # inclusive

    @property
    def days(self) -> int:
        return (self.until - self.since).days + 1

    @property
    def span(self) -> flow.Span:
        start = datetime.combine(self.since, time(0), tzinfo=UTC)
        return flow.Span(start, start + timedelta(days=self.days))


@dataclass(frozen=True, slots=True)
class StepYield:
    operation: str
    name: str
    pairs_checked: int
    passed_first_time: int

    @property
    def share(self) -> float | None:
        """Passed at the first check, as a share of the pairs checked; None before any."""
        return self.passed_first_time / self.pairs_checked if self.pairs_checked else None


@dataclass(frozen=True, slots=True)
class StepLoad:
    operation: str
    name: str
    waiting: int
    in_work: int
    awaiting_inspection: int
    racks_started: int  # in the period
    hours_waited: float | None  # on average, before the step began (calendar hours)

    @property
    def pairs(self) -> int:
        return self.waiting + self.in_work + self.awaiting_inspection


@dataclass(frozen=True, slots=True)
class LeadTime:
    days: int  # from ``days`` to ``days + 1`` days after the order
    pairs: int
    share: float
    cumulative: float


@dataclass(frozen=True, slots=True)
class DefectCount:
    code: str
    description: str
    operation: str
    severity: str
    pairs: int
    share: float
    cumulative: float


@dataclass(frozen=True, slots=True)
class OperatorOutput:
    badge: str
    name: str
    operations: str
    days_present: int
    pairs: int
    standard_minutes: float

    @property
    def standard_minutes_per_day(self) -> float:
        return self.standard_minutes / self.days_present if self.days_present else 0.0

    @property
    def performance(self) -> float | None:
        """Standard minutes earned per day present, against a full day's working minutes."""
        if not self.days_present:
            return None
        return self.standard_minutes_per_day / WORKING_MINUTES_PER_DAY


@dataclass(frozen=True, slots=True)
class LateOrder:
    order: str
    customer: str
    colourway: str
    due_on: date
    ordered: int
    boxed_by_due: int
    boxed: int
    scrapped: int
    days_late: int

    @property
    def still_to_make(self) -> int:
        return max(0, self.ordered - self.boxed - self.scrapped)


@dataclass(frozen=True, slots=True)
class DashboardFigures:
    period: Period
    boxed_per_day: tuple[flow.BoxedOnDay, ...]  # every day of the period, oldest first
    work_in_progress: tuple[StepLoad, ...]
    lead_times: tuple[LeadTime, ...]
    first_pass_yield: tuple[StepYield, ...]  # by step
    yield_by_style: tuple[StepYield, ...]  # operation is the style's code
    yield_by_operator: tuple[StepYield, ...]  # operation is the badge
    defects: tuple[DefectCount, ...]
    operators: tuple[OperatorOutput, ...]
    late_orders: tuple[LateOrder, ...]
    in_production: int
    boxed: int
    shipped: int
    scrapped: int
    quarantined: int

    @property
    def pairs_in_progress(self) -> int:
        return sum(step.pairs for step in self.work_in_progress)

    @property
    def pairs_boxed(self) -> int:
        return sum(day.pairs for day in self.boxed_per_day)

    @property
    def working_days(self) -> int:
        """Days of the period that boxed a pair or were weekdays."""
        return sum(1 for day in self.boxed_per_day if day.pairs or day.day.weekday() < 5)

    def lead_days_within(self, share: float) -> int | None:
        """The fewest whole days within which ``share`` of the pairs boxed were made."""
        return next((row.days + 1 for row in self.lead_times if row.cumulative >= share), None)


def period_of(db: Database, since: str | None = None, until: str | None = None) -> Period:
    """The period asked for; by default the last fortnight up to the newest floor event."""
    last = _day(until, "to") if until else None
    first = _day(since, "from") if since else None
    if last is None:
        with db.reading() as connection:
            latest = q.latest_event_time(connection)
        last = latest.date() if latest else datetime.now(UTC).date()
        if first is not None and first > last:
            last = first + timedelta(days=DAYS_SHOWN - 1)
    if first is None:
        first = last - timedelta(days=DAYS_SHOWN - 1)
    if first > last:
        raise InvalidValue(
            f"The period starts on {first} after it ends on {last}; swap the dates.",
            code="invalid_period",
            since=str(first),
            until=str(last),
        )
    if (last - first).days >= LONGEST_PERIOD:
        raise InvalidValue(
            f"A period of more than {LONGEST_PERIOD} days is too long to show; "
            "choose a shorter one.",
            code="invalid_period",
            since=str(first),
            until=str(last),
        )
    return Period(first, last)


def _day(text: str, name: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidValue(
            f"'{text}' is not a date; give the {name} date as YYYY-MM-DD.",
            code="invalid_period",
            **{name: text},
        ) from None


def dashboard(db: Database, period: Period | None = None) -> DashboardFigures:
    period = period or period_of(db)
    span = period.span
    with db.reading() as connection:
        names = q.names(connection)
        boxed = {row.day: row.pairs for row in flow.boxed_per_day(connection, span)}
        loads = q.work_in_progress(connection)
        waits = {row.operation: row for row in flow.waits_before_steps(connection, span)}
        leads = flow.lead_times(connection, span)
        checks = quality.first_checks(connection, span)
        found = quality.defects_found(connection, span)
        work = flow.operator_work(connection, span)
        present = {row.badge: row.days for row in flow.days_present(connection, span)}
        due = flow.orders_due(connection, period.since, period.until)
        statuses = q.pairs_by_status(connection)
    return DashboardFigures(
        period=period,
        boxed_per_day=tuple(
            flow.BoxedOnDay(day, boxed.get(day, 0))
            for day in (period.since + timedelta(days=n) for n in range(period.days))
            if boxed.get(day) or day.weekday() < 5
        ),
        work_in_progress=tuple(
            StepLoad(
                s.operation,
                s.name,
                s.waiting,
                s.in_work,
                s.awaiting_inspection,
                waits[s.operation].racks if s.operation in waits else 0,
                waits[s.operation].hours if s.operation in waits else None,
            )
            for s in loads
        ),
        lead_times=_lead_times(leads),
        first_pass_yield=_yields(checks, "operation", names.operations, every=names.checked),
        yield_by_style=_yields(checks, "style", names.styles),
        yield_by_operator=_yields(checks, "worker", names.people),
        defects=_pareto(found, names),
        operators=_operators(work, present, names),
        late_orders=_late(due, period, names),
        in_production=statuses.get("in_production", 0),
        boxed=statuses.get("boxed", 0),
        shipped=statuses.get("shipped", 0),
        scrapped=statuses.get("scrapped", 0),
        quarantined=statuses.get("quarantined", 0),
    )


def _lead_times(rows: list[flow.LeadTimeCount]) -> tuple[LeadTime, ...]:
    total = sum(row.pairs for row in rows)
    if not total:
        return ()
    counts = {row.days: row.pairs for row in rows}
    result, running = [], 0
    for days in range(min(counts), max(counts) + 1):
        pairs = counts.get(days, 0)
        running += pairs
        result.append(LeadTime(days, pairs, pairs / total, running / total))
    return tuple(result)


def _yields(
    checks: list[quality.FirstChecks],
    by: str,
    names: dict[str, str],
    *,
    every: list[str] | None = None,
) -> tuple[StepYield, ...]:
    """First checks summed by step, style or person; ``every`` key listed even unchecked."""
    checked: dict[str, int] = defaultdict(int)
    passed: dict[str, int] = defaultdict(int)
    for row in checks:
        key = getattr(row, by)
        if key is None:
            continue
        checked[key] += row.checked
        passed[key] += row.passed
    keys = every if every is not None else [key for key in names if key in checked]
    keys = [*keys, *sorted(set(checked) - set(keys))]
    return tuple(StepYield(key, names.get(key, key), checked[key], passed[key]) for key in keys)


def _pareto(found: list[quality.DefectFound], names: q.Names) -> tuple[DefectCount, ...]:
    total = sum(row.pairs for row in found)
    result, running = [], 0
    for row in found:
        running += row.pairs
        description, operation, severity = names.defects.get(row.code, (row.code, "", ""))
        result.append(
            DefectCount(
                row.code,
                description,
                names.operations.get(operation, operation),
                severity,
                row.pairs,
                row.pairs / total,
                running / total,
            )
        )
    return tuple(result)


def _operators(
    work: list[flow.OperatorWork], present: dict[str, int], names: q.Names
) -> tuple[OperatorOutput, ...]:
    pairs: dict[str, int] = defaultdict(int)
    minutes: dict[str, float] = defaultdict(float)
    steps: dict[str, dict[str, int]] = defaultdict(dict)
    for row in work:
        pairs[row.badge] += row.pairs
        minutes[row.badge] += row.standard_minutes
        steps[row.badge][row.operation] = row.pairs
    order = list(names.operations)
    result = [
        OperatorOutput(
            badge,
            names.people.get(badge, badge),
            ", ".join(
                names.operations.get(op, op)
                for op in sorted(steps[badge], key=lambda op: -steps[badge][op])
            ),
            present.get(badge, 0),
            pairs[badge],
            minutes[badge],
        )
        for badge in pairs
    ]
    first_step = {badge: min(order.index(op) for op in steps[badge]) for badge in steps}
    return tuple(sorted(result, key=lambda o: (first_step[o.badge], -o.standard_minutes)))


def _late(due: list[flow.OrderDue], period: Period, names: q.Names) -> tuple[LateOrder, ...]:
    late = []
    for order in due:
        open_pairs = order.ordered - order.boxed - order.scrapped
        finished = order.last_boxed.date() if order.last_boxed and open_pairs <= 0 else None
        until = finished or period.until
        if until <= order.due_on:
            continue
        late.append(
            LateOrder(
                order.order,
                order.customer,
                names.colourways.get(order.colourway, order.colourway),
                order.due_on,
                order.ordered,
                order.boxed_by_due,
                order.boxed,
                order.scrapped,
                (until - order.due_on).days,
            )
        )
    return tuple(sorted(late, key=lambda o: (-o.days_late, o.due_on, o.order)))
