"""Crews: resources that are interchangeable, planned as one with room for each of them.

Twelve closers qualified for closing and nothing else, none of them away, are one crew
of twelve: the model only keeps at most twelve closing steps at once and names the
closer of each step afterwards, which is far lighter than a choice of twelve for every
step. Resources are in one crew when they can do exactly the same tasks in the same
time, are away at the same times, and have no step pinned to them. Each flexible
job-shop machine is its own crew.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from cordwainer.planning.construct import Busy
from cordwainer.planning.problem import Placement, Problem


@dataclass(frozen=True)
class Crews:
    members: Mapping[str, tuple[str, ...]]  # crew -> its resources, in order
    crew_of: Mapping[str, str]  # resource -> its crew

    def size(self, crew: str) -> int:
        return len(self.members[crew])


def crews_of(problem: Problem, singles: Collection[str] = ()) -> Crews:
    """The problem's resources grouped into crews; ``singles`` stay on their own."""
    can_do: dict[str, set[tuple[frozenset[str], int]]] = defaultdict(set)
    pinned: set[str] = set(singles)
    for _, task in problem.tasks():
        if task.fixed is not None:
            pinned.add(task.fixed.resource)
            continue
        group = task.resources
        for option in task.options:
            can_do[option.resource].add((group, option.duration))
    signatures: dict[object, list[str]] = defaultdict(list)
    for resource in problem.resources:
        key = resource.key
        signature: object = (
            ("single", key)
            if key in pinned
            else (frozenset(can_do.get(key, ())), tuple(sorted(resource.blocked)))
        )
        signatures[signature].append(key)
    members = {names[0]: tuple(names) for names in signatures.values()}
    crew_of = {name: crew for crew, names in members.items() for name in names}
    return Crews(members, crew_of)


def name_members(
    crews: Crews,
    spans: Iterable[tuple[str, str, int, int]],  # task, crew, first unit taken, unit after
    ends: Mapping[str, Placement],
    prefer: Mapping[str, str],
) -> dict[str, Placement]:
    """Who of each crew does each task: in order of start, a member free for the whole
    span, the preferred one (where the task was before) when free."""
    busy: dict[str, Busy] = defaultdict(Busy)
    named: dict[str, Placement] = {}
    for task, crew, begin, end in sorted(spans, key=lambda s: (s[2], s[0])):
        members = crews.members[crew]
        placed = ends[task]
        if len(members) == 1:
            who = members[0]
        else:
            free = [m for m in members if busy[m].is_free(begin, end)]
            wanted = prefer.get(task)
            who = wanted if wanted in free else (free[0] if free else members[0])
        busy[who].take(begin, end)
        named[task] = Placement(who, placed.start, placed.end)
    return named
