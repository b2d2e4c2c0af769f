"""Independent checks of plans: written from the problem's definition, not from the solver.

``fjsp_violations`` reads the .fjs text itself (its own parser, not the planner's) and
checks a schedule as ``cordwainer plan fjsp`` prints it; ``plan_violations`` checks a
solution of a planning problem. Each returns the broken rules as sentences: none is good.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from itertools import pairwise
from typing import Any

from cordwainer.planning.problem import Placement, Problem


def read_fjs_plainly(text: str) -> tuple[int, list[list[dict[int, int]]]]:
    """(machines, jobs): each job a list of operations, each {machine: time}."""
    lines = [line.split() for line in text.splitlines() if line.strip()]
    machines = int(lines[0][1])
    values = [int(v) for line in lines[1:] for v in line]
    jobs, at = [], 0
    for _ in range(int(lines[0][0])):
        count, at = values[at], at + 1
        operations = []
        for _ in range(count):
            k, at = values[at], at + 1
            operations.append({values[at + 2 * i]: values[at + 2 * i + 1] for i in range(k)})
            at += 2 * k
        jobs.append(operations)
    return machines, jobs


def fjsp_violations(  # noqa: PLR0912 - one rule after the other, as the definition lists them
    text: str, schedule: Sequence[Mapping[str, int]], makespan: int
) -> list[str]:
    machines, jobs = read_fjs_plainly(text)
    broken: list[str] = []
    seen: dict[tuple[int, int], Mapping[str, int]] = {}
    for row in schedule:
        key = (row["job"], row["op"])
        if key in seen:
            broken.append(f"job {key[0]} operation {key[1]} is scheduled twice")
        seen[key] = row
    for j, operations in enumerate(jobs, start=1):
        before_end = 0
        for o, options in enumerate(operations, start=1):
            row = seen.get((j, o))
            if row is None:
                broken.append(f"job {j} operation {o} is not scheduled")
                continue
            machine = row["machine"]
            if machine not in options:
                broken.append(f"job {j} operation {o} is on machine {machine}, which cannot do it")
            elif row["end"] - row["start"] != options[machine]:
                broken.append(f"job {j} operation {o} takes {row['end'] - row['start']}")
            if row["start"] < before_end:
                broken.append(f"job {j} operation {o} starts before operation {o - 1} ends")
            if row["start"] < 0:
                broken.append(f"job {j} operation {o} starts before 0")
            before_end = row["end"]
    by_machine: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for row in schedule:
        if not 1 <= row["machine"] <= machines:
            broken.append(f"machine {row['machine']} does not exist")
        by_machine[row["machine"]].append((row["start"], row["end"]))
    for machine, spans in by_machine.items():
        spans.sort()
        for (_, first_end), (second_start, _) in pairwise(spans):
            if second_start < first_end:
                broken.append(f"machine {machine} does two operations at once at {second_start}")
    if schedule and max(row["end"] for row in schedule) != makespan:
        broken.append("the makespan is not the last end")
    return broken


def plan_violations(  # noqa: PLR0912 - one rule after the other, as the definition lists them
    problem: Problem, placements: Mapping[str, Placement]
) -> list[str]:
    """Every task once, by a resource that can do it, in its time, after its job's step
    before and its release, away from its resource's blocked spans; no resource doing two
    things at once (a changeover, when the family changes, counts as work); no pool over
    its capacity; fixed tasks where they were fixed."""
    broken: list[str] = []
    families: dict[str, list[tuple[int, int, Any, int, str]]] = defaultdict(list)
    pools: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for job in problem.jobs:
        ready = job.release
        for task in job.tasks:
            placed = placements.get(task.key)
            if placed is None:
                broken.append(f"{task.key} is not planned")
                continue
            if task.fixed is not None and placed != task.fixed:
                broken.append(f"{task.key} was fixed at {task.fixed} but is at {placed}")
            durations = {o.resource: o.duration for o in task.options}
            if placed.resource not in durations:
                broken.append(f"{task.key} is given to {placed.resource}, who cannot do it")
            elif task.fixed is None and placed.end - placed.start != durations[placed.resource]:
                broken.append(f"{task.key} takes {placed.end - placed.start}")
            if placed.start < max(ready, task.release):
                broken.append(f"{task.key} starts at {placed.start}, before it may")
            ready = placed.end
            families[placed.resource].append(
                (placed.start, placed.end, task.family, task.changeover, task.key)
            )
            if task.pool:
                pools[task.pool].append((placed.start, placed.end))
    for resource in problem.resources:
        spans = sorted(families.get(resource.key, []))
        for first, second in pairwise(spans):
            setup = second[3] if second[2] != first[2] else 0
            if second[0] < first[1] + setup:
                broken.append(f"{resource.key} does {first[4]} and {second[4]} at once")
        for start, end, _, _, key in spans:
            for a, b in resource.blocked:
                if start < b and a < end:
                    broken.append(f"{key} is given to {resource.key} while away ({a}–{b})")
    capacities = {pool.key: pool.capacity for pool in problem.pools}
    for pool, spans in pools.items():
        moments = sorted({start for start, _ in spans})
        for moment in moments:
            running = sum(1 for start, end in spans if start <= moment < end)
            if running > capacities[pool]:
                broken.append(f"{running} tasks at {pool}'s {capacities[pool]} benches at {moment}")
                break
    return broken
