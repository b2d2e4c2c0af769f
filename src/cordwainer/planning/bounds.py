"""Lower bounds on the makespan, cheap enough to compute before solving, and valid for
any plan: the solver proves no better than they say when they are higher than its own.

For each group of tasks that the same resources can do (a workcentre's steps, done by
the people qualified for it, at its benches): the group cannot start before its
earliest task can, its work shared among its people (or benches, if fewer) takes at
least total ÷ capacity, and after its last task some job still has its remaining steps
to go through. The largest of these, or of any job's own chain, bounds the makespan
from below whatever the plan; the solver's own bound is often weaker on many racks.
"""

from __future__ import annotations

from collections import defaultdict
from math import ceil

from cordwainer.planning.problem import Problem, Task


def makespan_bound(problem: Problem) -> int:
    heads: dict[str, int] = {}
    tails: dict[str, int] = {}
    bound = 0
    for job in problem.jobs:
        ready = job.release
        for task in job.tasks:
            if task.fixed is not None:
                heads[task.key] = task.fixed.start
                ready = task.fixed.end
                continue
            ready = max(ready, task.release, task.changeover)
            heads[task.key] = ready
            ready += task.shortest
        bound = max(bound, ready)
        after = 0
        for task in reversed(job.tasks):
            tails[task.key] = after
            after += (task.fixed.end - task.fixed.start) if task.fixed else task.shortest
    pools = {pool.key: pool.capacity for pool in problem.pools}
    groups: dict[tuple[frozenset[str], str | None], list[str]] = defaultdict(list)
    durations: dict[str, int] = {}
    for _, task in problem.tasks():
        groups[task.resources, task.pool].append(task.key)
        durations[task.key] = task.fixed.end - task.fixed.start if task.fixed else task.shortest
    for (resources, pool), keys in groups.items():
        capacity = min(len(resources), pools.get(pool, len(resources)) if pool else len(resources))
        work = sum(durations[k] for k in keys)
        group = min(heads[k] for k in keys) + ceil(work / capacity) + min(tails[k] for k in keys)
        bound = max(bound, group)
    return max(bound, flow_bound(problem))


def flow_bound(problem: Problem) -> int:
    """A tighter bound when every job goes through the same groups in the same order (a
    flow line: each rack clicks, prepares, closes, lasts, …), perhaps from part-way along.

    Stage by stage it bounds the k-th earliest finish: no sooner than the k-th earliest
    arrival plus the shortest step there, than the (k − capacity)-th finish plus the
    shortest step, or than the stage's earliest start plus the k shortest steps shared
    among its capacity. The last stage's last finish bounds the makespan. 0 when the
    jobs do not share one route.
    """
    route = _route(problem)
    if not route:
        return 0
    pools = {pool.key: pool.capacity for pool in problem.pools}
    finishes: list[int] = []  # the bounds on the k-th earliest finish at the stage before
    for group in route:
        resources, pool = group
        capacity = min(len(resources), pools.get(pool, len(resources)) if pool else len(resources))
        arrivals, durations = [], []
        for job in problem.jobs:
            for index, task in enumerate(job.tasks):
                if (task.resources, task.pool) != group:
                    continue
                durations.append(_length(task))
                if index == 0:
                    arrivals.append(max(job.release, task.release))
                break
        ready = sorted(arrivals + finishes)[: len(durations)]
        shortest = min(durations)
        smallest = sorted(durations)
        finishes = []
        work = 0
        for k in range(len(durations)):
            work += smallest[k]
            finish = ready[k] + shortest
            if k >= capacity:
                finish = max(finish, finishes[k - capacity] + shortest)
            finish = max(finish, ready[0] + ceil(work / capacity))
            finishes.append(finish)
    return finishes[-1] if finishes else 0


def _length(task: Task) -> int:
    return task.fixed.end - task.fixed.start if task.fixed else task.shortest


def _route(problem: Problem) -> list[tuple[frozenset[str], str | None]]:
    """The groups every job goes through, in order, if the jobs share one route."""
    route: list[tuple[frozenset[str], str | None]] = []
    for job in problem.jobs:
        groups = [(task.resources, task.pool) for task in job.tasks]
        if len(set(groups)) != len(groups):
            return []
        if len(groups) > len(route):
            if route and groups[-len(route) :] != route:
                return []
            route = groups
        elif groups != route[len(route) - len(groups) :]:
            return []
    return route
