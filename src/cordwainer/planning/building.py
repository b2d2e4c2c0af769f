"""The factory as a problem: racks are the jobs, routing steps the tasks, people the
resources, each workcentre's benches a pool.

A rack's step takes its style's standard minutes times its pairs, done by one person
qualified for it (level 2 or 3; trainees only when asked, and slower) at one of the
benches of that operation. Clicking waits for the rack's materials; closing changes
thread and colour between colourways. A step in work now stays with whoever has it;
on a replan, the near term of the plan being replaced is frozen as it was.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from cordwainer.domain.calendar import Absence
from cordwainer.domain.catalogue import Routing
from cordwainer.domain.floor import QUALIFIED, TRAINEE, Operator, Station
from cordwainer.domain.orders import ProductionOrder
from cordwainer.planning.construct import Bench, Busy
from cordwainer.planning.problem import Job, Option, Placement, Pool, Problem, Resource, Task
from cordwainer.planning.timeline import Timeline


@dataclass(frozen=True, slots=True)
class InWork:
    """A step being worked now: who started it, where, and when."""

    step: int
    badge: str
    station: str
    started_at: datetime


@dataclass(frozen=True, slots=True)
class RackToPlan:
    """A rack on the floor (``rack_code``) or still to be released from its order."""

    key: str  # "PO-00012/3": the order and the rack's number in it
    order: ProductionOrder
    style_code: str
    pairs: int
    next_step: int = 0
    rack_code: str | None = None
    in_work: InWork | None = None
    material_ready_at: datetime | None = None  # None: the materials are on the shelf


@dataclass(frozen=True, slots=True)
class Rules:
    """How plans are made; the defaults suit the demo factory."""

    unit_minutes: int = 5
    horizon_days: int = 7
    frozen_hours: float = 4.0
    include_trainees: bool = False
    trainee_slowness: float = 1.5
    changeover_minutes: Mapping[str, int] = field(default_factory=lambda: {"closing": 15})


@dataclass(frozen=True, slots=True)
class PlannedStep:
    """What a task key stands for on the floor."""

    rack: RackToPlan
    step: int
    operation_code: str


@dataclass(frozen=True)
class FactoryProblem:
    problem: Problem
    timeline: Timeline
    steps: Mapping[str, PlannedStep]
    stations: Mapping[str, tuple[str, ...]]  # operation -> its benches
    fixed_stations: Mapping[str, str]  # task -> bench it keeps (in work, frozen)
    unplanned: Mapping[str, str]  # rack key -> why it is not in the plan
    frozen_until: int = 0


def task_key(rack_key: str, operation_code: str) -> str:
    return f"{rack_key}:{operation_code}"


def build(
    racks: Sequence[RackToPlan],
    routings: Mapping[str, Routing],
    people: Sequence[Operator],
    stations: Sequence[Station],
    absences: Sequence[Absence],
    timeline: Timeline,
    due_at: Mapping[str, datetime],  # order -> when it is due: the midnight after its due day
    rules: Rules,
    previous: Mapping[str, tuple[Placement, str]] | None = None,  # task -> (placement, bench)
) -> FactoryProblem:
    """The problem of making ``racks``; ``previous`` is the plan being replaced, if any."""
    benches: dict[str, list[str]] = {}
    for station in stations:
        benches.setdefault(station.operation_code, []).append(station.code)
    resources = tuple(
        Resource(person.badge, _blocked(person.badge, absences, timeline)) for person in people
    )
    blocked = {r.key: r.blocked for r in resources}
    steps: dict[str, PlannedStep] = {}
    unplanned: dict[str, str] = {}
    fixed_stations: dict[str, str] = {}
    jobs: list[Job] = []
    for rack in racks:
        routing = routings[rack.style_code]
        tasks = []
        for step in range(rack.next_step, len(routing.operations)):
            operation = routing.at(step)
            options = _options(
                people, operation.code, operation.standard_minutes, rack, rules, timeline
            )
            if not options or operation.code not in benches:
                unplanned[rack.key] = _nobody(operation.name, bool(options))
                break
            key = task_key(rack.key, operation.code)
            steps[key] = PlannedStep(rack, step, operation.code)
            changeover = rules.changeover_minutes.get(operation.code, 0)
            tasks.append(
                Task(
                    key,
                    options,
                    pool=operation.code,
                    family=rack.order.colourway_code if changeover else None,
                    changeover=timeline.units_for(changeover) if changeover else 0,
                    release=_release(rack, step, operation.consumes_materials, timeline),
                    fixed=_in_work(rack, step, options, blocked, timeline, fixed_stations, key),
                )
            )
        if rack.key in unplanned or not tasks:
            continue
        order = rack.order
        due = timeline.unit_at(due_at[order.code], after=False)
        jobs.append(Job(rack.key, tuple(tasks), due, order.lateness_weight))
    pools = tuple(Pool(code, len(codes)) for code, codes in sorted(benches.items()))
    problem = Problem(tuple(jobs), resources, pools, horizon=_horizon(jobs, timeline))
    frozen_until = 0
    if previous:
        frozen_until = timeline.units_for(rules.frozen_hours * 60) if rules.frozen_hours else 0
        problem = freeze(problem, previous, frozen_until, fixed_stations)
    return FactoryProblem(
        problem,
        timeline,
        steps,
        {code: tuple(codes) for code, codes in benches.items()},
        fixed_stations,
        unplanned,
        frozen_until,
    )


def _nobody(operation: str, has_people: bool) -> str:
    if has_people:
        return f"There is no bench for {operation.lower()}."
    return f"Nobody qualified for {operation.lower()} is available."


def _options(
    people: Sequence[Operator],
    operation: str,
    standard_minutes: float,
    rack: RackToPlan,
    rules: Rules,
    timeline: Timeline,
) -> tuple[Option, ...]:
    lowest = TRAINEE if rules.include_trainees else QUALIFIED
    minutes = standard_minutes * rack.pairs
    options = []
    for person in people:
        level = person.level_in(operation)
        if level >= lowest:
            slowness = rules.trainee_slowness if level == TRAINEE else 1.0
            options.append(Option(person.badge, timeline.units_for(minutes * slowness)))
    return tuple(sorted(options, key=lambda o: (o.duration, o.resource)))


def _release(rack: RackToPlan, step: int, consumes: bool, timeline: Timeline) -> int:
    if consumes and step == rack.next_step and rack.material_ready_at is not None:
        return timeline.unit_at(rack.material_ready_at)
    return 0


def _in_work(
    rack: RackToPlan,
    step: int,
    options: tuple[Option, ...],
    blocked: Mapping[str, tuple[tuple[int, int], ...]],
    timeline: Timeline,
    fixed_stations: dict[str, str],
    key: str,
) -> Placement | None:
    """A step in work now goes on with whoever started it, for what is left of it."""
    work = rack.in_work
    if work is None or work.step != step:
        return None
    duration = next((o.duration for o in options if o.resource == work.badge), None)
    if duration is None or any(a <= 0 < b for a, b in blocked.get(work.badge, ())):
        return None
    fixed_stations[key] = work.station
    return Placement(work.badge, 0, max(1, duration - _worked_units(work.started_at, timeline)))


def _worked_units(started_at: datetime, timeline: Timeline) -> int:
    """Units already worked on a step started at ``started_at``, before the plan's start
    (counted on the clock: the breaks in between are not known here)."""
    if not timeline.spans or started_at >= timeline.spans[0][0]:
        return 0
    minutes = (timeline.spans[0][0] - started_at).total_seconds() / 60
    return int(minutes // timeline.unit_minutes)


def _blocked(
    badge: str, absences: Sequence[Absence], timeline: Timeline
) -> tuple[tuple[int, int], ...]:
    spans = []
    for absence in absences:
        if absence.badge == badge:
            units = timeline.span_units(absence.starts_at, absence.ends_at)
            if units is not None:
                spans.append(units)
    return tuple(sorted(spans))


def _horizon(jobs: Sequence[Job], timeline: Timeline) -> int:
    """Room for everything: the timeline, or all the work one after the other."""
    work = sum(max(o.duration for o in t.options) for job in jobs for t in job.tasks)
    latest = max((t.release for job in jobs for t in job.tasks), default=0)
    return max(timeline.units, min(work + latest, timeline.units * 4))


def freeze(
    problem: Problem,
    previous: Mapping[str, tuple[Placement, str]],
    frozen_until: int,
    fixed_stations: dict[str, str],
) -> Problem:
    """Keep the plan being replaced as it was up to ``frozen_until``, where it still holds.

    A task is frozen if it starts in the window, its person can still do it then, its
    bench is still free for it, and every step of its rack before it is frozen too. Other
    tasks wait for the end of the window, except those that had to leave it (their person
    is away, their rack changed): they may start at once.
    """
    busy = {r.key: Busy(r.blocked) for r in problem.resources}
    benches = {p.key: Bench(p.capacity) for p in problem.pools}
    for _, task in problem.tasks():
        if task.fixed is not None:
            busy[task.fixed.resource].take(task.fixed.start, task.fixed.end)
            if task.pool in benches:
                begin = task.fixed.start - task.changeover
                _, lane = benches[task.pool].earliest(begin, task.fixed.end - begin)
                benches[task.pool].lanes[lane].take(begin, task.fixed.end)
    jobs = []
    for job in problem.jobs:
        tasks, chain_frozen, ready = [], True, 0
        for task in job.tasks:
            before = previous.get(task.key)
            if task.fixed is not None:
                tasks.append(task)
                ready = task.fixed.end
                continue
            keep = (
                chain_frozen
                and before is not None
                and before[0].start < frozen_until
                and _still_holds(task, before[0], ready, busy, benches)
            )
            if keep and before is not None:
                placed, bench = before
                busy[placed.resource].take(placed.start, placed.end)
                fixed_stations[task.key] = bench
                tasks.append(_fixed(task, placed))
                ready = placed.end
                continue
            chain_frozen = False
            displaced = before is not None and before[0].start < frozen_until
            release = task.release if displaced else max(task.release, frozen_until)
            tasks.append(_released(task, release))
        jobs.append(Job(job.key, tuple(tasks), job.due, job.weight, job.release))
    known = {task.key for _, task in problem.tasks()}
    kept = {key: placed for key, (placed, _) in previous.items() if key in known}
    return Problem(tuple(jobs), problem.resources, problem.pools, problem.horizon, kept)


def _still_holds(
    task: Task,
    placed: Placement,
    ready: int,
    busy: Mapping[str, Busy],
    benches: Mapping[str, Bench],
) -> bool:
    if placed.start < max(ready, task.release, 0) or placed.resource not in task.resources:
        return False
    if placed.end - placed.start != task.duration_on(placed.resource):
        return False
    if not busy[placed.resource].is_free(placed.start, placed.end):
        return False
    bench = benches.get(task.pool) if task.pool else None
    if bench is None:
        return True
    begin = placed.start - task.changeover
    free, lane = bench.earliest(begin, placed.end - begin)
    if free != begin:
        return False
    bench.lanes[lane].take(begin, placed.end)
    return True


def _fixed(task: Task, placed: Placement) -> Task:
    return Task(
        task.key, task.options, task.pool, task.family, task.changeover, task.release, placed
    )


def _released(task: Task, release: int) -> Task:
    return Task(
        task.key, task.options, task.pool, task.family, task.changeover, release, task.fixed
    )
