"""A schedule to find, in plain values: jobs of ordered tasks, the resources that can do
each task, pools of identical benches, and what the plan being replaced said.

Time is a whole number of units from the start of the plan (0), counting working time
only; ``timeline`` maps units to moments. The same description serves the factory (a job
is a rack, a task one routing step, a resource a person, a pool a workcentre's benches)
and the flexible job-shop benchmark (a resource is a machine; no pools).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class Option:
    """One resource that can do a task, and how many units it takes there."""

    resource: str
    duration: int


@dataclass(frozen=True, slots=True)
class Placement:
    """Where and when a task is done: the resource, the first unit and the unit after the last."""

    resource: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Task:
    """One step of a job, done by one of its options without a pause.

    ``pool`` names the benches it also takes one of; ``family`` and ``changeover`` are for
    changeovers: when the task before it on the same resource was of another family,
    ``changeover`` units are needed in between (re-threading a closing machine).
    ``fixed`` pins a task that must not move (in work now, or frozen by a replan).
    """

    key: str
    options: tuple[Option, ...]
    pool: str | None = None
    family: str | None = None
    changeover: int = 0
    release: int = 0
    fixed: Placement | None = None

    def duration_on(self, resource: str) -> int:
        for option in self.options:
            if option.resource == resource:
                return option.duration
        raise KeyError(f"{self.key} cannot be done by {resource}")

    @property
    def shortest(self) -> int:
        return min(option.duration for option in self.options)

    @property
    def resources(self) -> frozenset[str]:
        return frozenset(option.resource for option in self.options)


@dataclass(frozen=True, slots=True)
class Job:
    """Tasks done one after the other (a rack's routing), with its due unit and weight."""

    key: str
    tasks: tuple[Task, ...]
    due: int | None = None
    weight: int = 1
    release: int = 0


@dataclass(frozen=True, slots=True)
class Resource:
    """A person or a machine; ``blocked`` spans (absences) take nothing."""

    key: str
    blocked: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Pool:
    """Identical benches: at most ``capacity`` of its tasks at once."""

    key: str
    capacity: int


class Objective(StrEnum):
    """What the solver minimises, in this order, each without spoiling the ones before."""

    TARDINESS = "tardiness"  # weighted units late, summed over jobs
    MAKESPAN = "makespan"  # the unit the last job finishes
    SETUPS = "setups"  # changeovers between families
    CHANGES = "changes"  # tasks moved from where the plan being replaced had them


@dataclass(frozen=True, slots=True)
class Problem:
    jobs: tuple[Job, ...]
    resources: tuple[Resource, ...]
    pools: tuple[Pool, ...] = ()
    horizon: int = 0  # a unit no task may end after
    previous: Mapping[str, Placement] = field(default_factory=dict)

    def tasks(self) -> Iterator[tuple[Job, Task]]:
        for job in self.jobs:
            for task in job.tasks:
                yield job, task

    @property
    def task_count(self) -> int:
        return sum(len(job.tasks) for job in self.jobs)

    @property
    def objectives(self) -> tuple[Objective, ...]:
        chosen = []
        if any(job.due is not None for job in self.jobs):
            chosen.append(Objective.TARDINESS)
        chosen.append(Objective.MAKESPAN)
        if any(task.changeover > 0 for _, task in self.tasks()):
            chosen.append(Objective.SETUPS)
        if self.previous:
            chosen.append(Objective.CHANGES)
        return tuple(chosen)

    def resource(self, key: str) -> Resource:
        for resource in self.resources:
            if resource.key == key:
                return resource
        raise KeyError(key)


@dataclass(frozen=True, slots=True)
class Stage:
    """One objective's search: the value reached, the bound proved, and how long it took."""

    objective: Objective
    value: int
    bound: int
    seconds: float
    status: str  # optimal | feasible | kept (no better plan found) | heuristic

    @property
    def gap(self) -> float:
        return 0.0 if self.value <= 0 else max(0.0, (self.value - self.bound) / self.value)


@dataclass(frozen=True, slots=True)
class Solution:
    placements: Mapping[str, Placement]
    stages: tuple[Stage, ...] = ()
    setups: frozenset[str] = frozenset()  # tasks a changeover comes before
    seconds: float = 0.0

    def value_of(self, objective: Objective) -> int | None:
        for stage in self.stages:
            if stage.objective is objective:
                return stage.value
        return None


def makespan(problem: Problem, placements: Mapping[str, Placement]) -> int:
    return max((placements[job.tasks[-1].key].end for job in problem.jobs if job.tasks), default=0)


def tardiness(problem: Problem, placements: Mapping[str, Placement]) -> int:
    """Weighted units late, summed over jobs."""
    total = 0
    for job in problem.jobs:
        if job.due is not None and job.tasks:
            total += job.weight * max(0, placements[job.tasks[-1].key].end - job.due)
    return total


def setups_of(problem: Problem, placements: Mapping[str, Placement]) -> frozenset[str]:
    """The tasks that follow a task of another family on the same resource."""
    by_resource: dict[str, list[tuple[int, Task]]] = {}
    for _, task in problem.tasks():
        placed = placements[task.key]
        by_resource.setdefault(placed.resource, []).append((placed.start, task))
    needing: set[str] = set()
    for sequence in by_resource.values():
        sequence.sort(key=lambda item: item[0])
        for (_, before), (_, after) in itertools.pairwise(sequence):
            if after.changeover > 0 and before.family != after.family:
                needing.add(after.key)
    return frozenset(needing)


def changes(problem: Problem, placements: Mapping[str, Placement]) -> int:
    """Tasks of the plan being replaced that are now on another resource or at another time."""
    return sum(
        1
        for key, before in problem.previous.items()
        if key in placements and placements[key] != before
    )
