"""A first plan in a fraction of a second, for the solver to start from and to fall back on.

Jobs are taken one at a time, most urgent first, and each task is put where it finishes
earliest: on the resource and the bench that are free soonest, inside any gap left by the
jobs before it. A task with a changeover reserves its changeover time before it, as if
the family always changed; the solver's last stages take out the changeovers not needed.
"""

from __future__ import annotations

from bisect import bisect_right, insort
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from heapq import heapify, heappop, heappush

from cordwainer.planning.problem import Job, Placement, Problem, Task

Ranking = tuple[float | int | str, ...]  # jobs are taken in the order of these, smallest first


class Busy:
    """The spans a resource or one bench is taken, kept in order."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self.spans: list[tuple[int, int]] = sorted((a, b) for a, b in spans if b > a)

    def earliest(self, start: int, length: int) -> int:
        """The first unit from ``start`` where ``length`` units are free."""
        index = max(0, bisect_right(self.spans, (start, 1 << 62)) - 1)
        while index < len(self.spans):
            begin, end = self.spans[index]
            if end <= start:
                index += 1
                continue
            if begin >= start + length:
                return start
            start = max(start, end)
            index += 1
        return start

    def is_free(self, start: int, end: int) -> bool:
        return self.earliest(start, end - start) == start

    def take(self, start: int, end: int) -> None:
        if end > start:
            insort(self.spans, (start, end))


class Bench:
    """A pool as lanes, one per bench: a task takes the first lane free for it."""

    def __init__(self, capacity: int) -> None:
        self.lanes = [Busy() for _ in range(capacity)]

    def earliest(self, start: int, length: int) -> tuple[int, int]:
        """The first unit a lane is free for ``length`` units, and which lane."""
        return min((lane.earliest(start, length), i) for i, lane in enumerate(self.lanes))


def urgency(job: Job) -> tuple[float, int, str]:
    """Most urgent first: the least time to spare per unit of weight, then the longest."""
    work = sum(task.shortest for task in job.tasks)
    spare = (job.due - job.release - work) if job.due is not None else 1 << 40
    return (spare / max(1, job.weight), -work, job.key)


def construct(
    problem: Problem,
    *,
    order: Callable[[Job], Ranking] = urgency,
    assigned: Mapping[str, str] | None = None,
    not_before: Mapping[str, int] | None = None,
) -> dict[str, Placement]:
    """Place every task, job by job in ``order``; ``assigned`` pins tasks to resources and
    ``not_before`` holds tasks back (to keep them where a plan being repaired had them)."""
    resources = {r.key: Busy(r.blocked) for r in problem.resources}
    benches = {pool.key: Bench(pool.capacity) for pool in problem.pools}
    placements: dict[str, Placement] = {}
    for _, task in problem.tasks():
        if task.fixed is not None:
            _take(task, task.fixed, resources, benches, lane=None)
            placements[task.key] = task.fixed
    for job in sorted(problem.jobs, key=order):
        ready = job.release
        for task in job.tasks:
            earliest = max(ready, task.release, (not_before or {}).get(task.key, 0))
            placed = placements.get(task.key) or _place(
                task, earliest, resources, benches, assigned
            )
            placements[task.key] = placed
            ready = placed.end
    return placements


def _place(
    task: Task,
    ready: int,
    resources: dict[str, Busy],
    benches: dict[str, Bench],
    assigned: Mapping[str, str] | None,
) -> Placement:
    best: tuple[int, int, int, str, int | None] | None = None
    pinned = assigned.get(task.key) if assigned else None
    for option in task.options:
        if pinned is not None and option.resource != pinned:
            continue
        start, lane = _earliest(task, option.duration, ready, resources[option.resource], benches)
        end = start + option.duration
        if best is None or (end, start) < (best[0], best[1]):
            best = (end, start, option.duration, option.resource, lane)
    assert best is not None, f"{task.key} has no resource"
    end, start, _, resource, lane = best
    placement = Placement(resource, start, end)
    _take(task, placement, resources, benches, lane)
    return placement


def _earliest(
    task: Task, duration: int, ready: int, busy: Busy, benches: dict[str, Bench]
) -> tuple[int, int | None]:
    """The first start from ``ready`` where the resource and a bench are both free."""
    setup = task.changeover
    start = max(ready, setup)
    bench = benches.get(task.pool) if task.pool else None
    while True:
        on_resource = busy.earliest(start - setup, duration + setup) + setup
        if bench is None:
            return on_resource, None
        on_bench, lane = bench.earliest(on_resource - setup, duration + setup)
        if on_bench + setup == on_resource:
            return on_resource, lane
        start = on_bench + setup


def _take(
    task: Task,
    placed: Placement,
    resources: dict[str, Busy],
    benches: dict[str, Bench],
    lane: int | None,
) -> None:
    begin = placed.start - task.changeover
    resources[placed.resource].take(begin, placed.end)
    bench = benches.get(task.pool) if task.pool else None
    if bench is None:
        return
    if lane is None:
        lane = next((i for i, busy in enumerate(bench.lanes) if busy.is_free(begin, placed.end)), 0)
    bench.lanes[lane].take(begin, placed.end)


def due_first(job: Job) -> tuple[float, int, str]:
    """Earliest due first; the heavier job first on the same due unit."""
    return (job.due if job.due is not None else float("inf"), -job.weight, job.key)


def dispatch(
    problem: Problem, *, order: Callable[[Job], Ranking] = due_first
) -> dict[str, Placement]:
    """Place tasks as a dispatcher would, moving forward in time: whenever a resource is
    free, it takes the most urgent task ready for it (its job's step before is done, its
    release has come, a bench is free for it). Specialists choose before people who can
    do several things, so that these are left for the work only they can cover."""
    return _Dispatcher(problem, order).run()


class _Dispatcher:
    def __init__(self, problem: Problem, order: Callable[[Job], Ranking]) -> None:
        jobs = sorted(problem.jobs, key=order)
        self.rank = {job.key: i for i, job in enumerate(jobs)}
        self.jobs = {job.key: job for job in problem.jobs}
        self.resources = {r.key: Busy(r.blocked) for r in problem.resources}
        self.benches = {pool.key: Bench(pool.capacity) for pool in problem.pools}
        self.placements: dict[str, Placement] = {}
        self.breadth: dict[str, int] = defaultdict(int)
        self.events: list[int] = [0]
        for r in problem.resources:
            self.events.extend(b for _, b in r.blocked)
        self.next_step = {job.key: 0 for job in problem.jobs}
        self.ready_at = {job.key: job.release for job in problem.jobs}
        for _, task in problem.tasks():
            for option in task.options:
                self.breadth[option.resource] += 1
            if task.fixed is not None:
                _take(task, task.fixed, self.resources, self.benches, lane=None)
                self.placements[task.key] = task.fixed
                self.events.append(task.fixed.end)
        for job in problem.jobs:
            step = 0
            while step < len(job.tasks) and (fixed := job.tasks[step].fixed) is not None:
                self.ready_at[job.key] = fixed.end
                step += 1
            self.next_step[job.key] = step
            if step < len(job.tasks):
                self.events.append(max(self.ready_at[job.key], job.tasks[step].release))
        heapify(self.events)

    def run(self) -> dict[str, Placement]:
        waiting = {k for k, step in self.next_step.items() if step < len(self.jobs[k].tasks)}
        now = -1
        while waiting:
            while self.events and self.events[0] <= now:
                heappop(self.events)
            now = heappop(self.events) if self.events else now + 1
            ready = sorted(
                (self.rank[key], key)
                for key in waiting
                if max(self.ready_at[key], self._task(key).release) <= now
            )
            for _, key in ready:
                if self._start(key, now) and self.next_step[key] >= len(self.jobs[key].tasks):
                    waiting.discard(key)
        return self.placements

    def _task(self, key: str) -> Task:
        return self.jobs[key].tasks[self.next_step[key]]

    def _start(self, key: str, now: int) -> bool:
        """Start the job's next task now, if a resource and a bench are free for it."""
        task = self._task(key)
        begin = now - task.changeover
        if begin < 0:
            return False
        lane: int | None = None
        for option in sorted(task.options, key=lambda o: (self.breadth[o.resource], o.resource)):
            end = now + option.duration
            if not self.resources[option.resource].is_free(begin, end):
                continue
            bench = self.benches.get(task.pool) if task.pool else None
            if bench is not None:
                lane = next(
                    (i for i, busy in enumerate(bench.lanes) if busy.is_free(begin, end)), None
                )
                if lane is None:
                    return False  # every bench is taken: no one can start it now
            placed = Placement(option.resource, now, end)
            _take(task, placed, self.resources, self.benches, lane)
            self.placements[task.key] = placed
            self.ready_at[key] = placed.end
            self.next_step[key] += 1
            heappush(self.events, placed.end)
            if self.next_step[key] < len(self.jobs[key].tasks):
                heappush(self.events, max(placed.end, self._task(key).release))
            return True
        return False
