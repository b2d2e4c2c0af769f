"""A solution back on the floor: each step at a bench, at a moment; each order's finish,
and when it is late, why.

Benches are given after solving: the model only keeps a workcentre's steps within its
number of benches, so any step can have a bench that is free for its whole span. Each
person keeps the bench they had last when it is free, as a closer keeps her machine.

An order is late because of the rack that finishes last. Walking back through that
rack's steps, the longest wait names the bottleneck: the operation whose people were
all busy (or away), or whose benches were all taken, or the materials not yet in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from cordwainer.planning.building import FactoryProblem, RackToPlan
from cordwainer.planning.construct import Busy
from cordwainer.planning.problem import Job, Placement, Solution, Task


@dataclass(frozen=True, slots=True)
class Assignment:
    task_key: str
    rack: RackToPlan
    step: int
    operation_code: str
    station: str
    badge: str
    start: int
    end: int
    starts_at: datetime
    ends_at: datetime
    setup_minutes: int
    frozen: bool


@dataclass(frozen=True, slots=True)
class OrderOutcome:
    order_code: str
    due_at: datetime
    finishes_at: datetime
    late_minutes: int
    bottleneck: str | None  # an operation code, "materials", or None
    reason: str


def assignments(found: FactoryProblem, solution: Solution) -> list[Assignment]:
    """Every step of the plan with its bench, person and moments, in order of start."""
    placements = solution.placements
    tasks = {task.key: task for _, task in found.problem.tasks()}
    benches = _benches(found, tasks, placements)
    timeline = found.timeline
    made = []
    for key, placed in sorted(placements.items(), key=lambda item: (item[1].start, item[0])):
        step = found.steps[key]
        task = tasks[key]
        setup = task.changeover * timeline.unit_minutes if key in solution.setups else 0
        made.append(
            Assignment(
                key,
                step.rack,
                step.step,
                step.operation_code,
                benches[key],
                placed.resource,
                placed.start,
                placed.end,
                timeline.moment(placed.start),
                timeline.moment(placed.end, end=True),
                setup,
                task.fixed is not None,
            )
        )
    return made


def _benches(
    found: FactoryProblem, tasks: Mapping[str, Task], placements: Mapping[str, Placement]
) -> dict[str, str]:
    chosen: dict[str, str] = dict(found.fixed_stations)
    busy: dict[str, Busy] = defaultdict(Busy)
    last_bench: dict[str, str] = {}

    def span(key: str) -> tuple[int, int]:
        placed = placements[key]
        return placed.start - tasks[key].changeover, placed.end

    for key, station in chosen.items():
        busy[station].take(*span(key))
    for key in sorted(placements, key=lambda k: (span(k)[0], k)):
        person = placements[key].resource
        if key in chosen:
            last_bench[person] = chosen[key]
            continue
        begin, end = span(key)
        stations = found.stations[found.steps[key].operation_code]
        free = [s for s in stations if busy[s].is_free(begin, end)]
        preferred = last_bench.get(person)
        station = preferred if preferred in free else (free[0] if free else stations[0])
        busy[station].take(begin, end)
        chosen[key] = station
        last_bench[person] = station
    return chosen


def outcomes(
    found: FactoryProblem,
    solution: Solution,
    due_at: Mapping[str, datetime],
    material_lots: Mapping[str, str] | None = None,  # rack key -> the lot it waits for
) -> list[OrderOutcome]:
    """When each planned order finishes, how late, and why."""
    timeline = found.timeline
    placements = solution.placements
    last: dict[str, Job] = {}
    for job in found.problem.jobs:
        order = found.steps[job.tasks[0].key].rack.order.code
        ends = placements[job.tasks[-1].key].end
        if order not in last or ends > placements[last[order].tasks[-1].key].end:
            last[order] = job
    result = []
    for order, job in sorted(last.items()):
        finish = placements[job.tasks[-1].key].end
        late_units = max(0, finish - (job.due or 0)) if job.due is not None else 0
        bottleneck, reason = (
            _why_late(found, job, placements, (material_lots or {}).get(job.key))
            if late_units
            else (None, "On time.")
        )
        result.append(
            OrderOutcome(
                order,
                due_at[order],
                timeline.moment(finish, end=True),
                late_units * timeline.unit_minutes,
                bottleneck,
                reason,
            )
        )
    return result


def _why_late(
    found: FactoryProblem, job: Job, placements: Mapping[str, Placement], lot: str | None
) -> tuple[str | None, str]:
    unit = found.timeline.unit_minutes
    ready = job.release
    waits: dict[str, int] = defaultdict(int)
    material_wait = 0
    for task in job.tasks:
        placed = placements[task.key]
        if task.release > ready:
            material_wait += task.release - ready
            ready = task.release
        waits[found.steps[task.key].operation_code] += max(0, placed.start - ready)
        ready = placed.end
    worst = max(waits, key=lambda op: waits[op], default=None)
    if material_wait and (worst is None or material_wait >= waits[worst]):
        lot_words = f" (lot {lot})" if lot else ""
        return "materials", (
            f"Clicking waits {_duration(material_wait * unit)} for its materials to arrive"
            f"{lot_words}."
        )
    if worst is None or waits[worst] == 0:
        work = sum(placements[t.key].end - placements[t.key].start for t in job.tasks)
        return None, (
            f"Its steps alone take {_duration(work * unit)} of working time: it cannot be "
            "made by the due date even with every bench free."
        )
    task = next(t for t in job.tasks if found.steps[t.key].operation_code == worst)
    why = _what_was_full(found, task, placements)
    name = worst.replace("_", " ")
    return worst, f"Waits {_duration(waits[worst] * unit)} for {name}: {why}"


def _what_was_full(found: FactoryProblem, task: Task, placements: Mapping[str, Placement]) -> str:
    """Whether the benches or the people of the step were all taken just before it began."""
    moment = placements[task.key].start - 1
    pool = found.problem.pools
    capacity = next((p.capacity for p in pool if p.key == task.pool), None)
    running = [
        other
        for _, other in found.problem.tasks()
        if other.pool == task.pool
        and placements[other.key].start - other.changeover <= moment < placements[other.key].end
    ]
    if capacity is not None and len(running) >= capacity:
        return f"all {capacity} benches are taken."
    people = len(task.options)
    return f"all {people} people qualified for it are busy or away."


def _duration(minutes: int) -> str:
    """``2 h 30 min`` of working time; ``3 d 1 h`` counting 7.5-hour days."""
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    if hours < 15:
        return f"{hours} h {rest} min" if rest else f"{hours} h"
    days, hours = divmod(minutes, 450)
    return f"{days} d {hours // 60} h" if hours >= 60 else f"{days} d"
