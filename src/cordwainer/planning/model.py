"""The CP-SAT model of a problem: one start and end per task, an optional interval per
resource that can do it, no overlap per resource, a cumulative per pool of benches.

Two shapes of the same model. *Padded*: a task with a changeover reserves it before
itself on its resource and bench, whatever came before (safe, and cheap to solve).
*Sequenced*: on the resources given, the order of the tasks is a circuit, and the
changeover is needed only on an arc from another family. A padded solution is always
a sequenced one, which is what lets the solver go from one shape to the other.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from cordwainer.planning.crews import crews_of, name_members
from cordwainer.planning.problem import Job, Objective, Option, Placement, Problem, Task

IntVar = cp_model.IntVar
Expr = cp_model.LinearExprT


@dataclass
class TaskVars:
    task: Task
    start: IntVar
    end: IntVar
    earliest: int
    chosen: dict[str, IntVar | bool] = field(default_factory=dict)  # resource -> literal


class Model:
    """Variables and constraints for ``problem``; objectives are added by the solver."""

    def __init__(
        self,
        problem: Problem,
        *,
        horizon: int,
        sequenced: Mapping[str, Collection[str]] | None = None,
        pinned: Mapping[str, str] | None = None,
    ) -> None:
        self.problem = problem
        self.horizon = horizon
        self.cp = cp_model.CpModel()
        self.tasks: dict[str, TaskVars] = {}
        self.sequenced = {r: list(keys) for r, keys in (sequenced or {}).items()}
        self._sequenced_keys = {key for keys in self.sequenced.values() for key in keys}
        self.pinned = dict(pinned or {})
        for resource, keys in self.sequenced.items():
            for key in keys:
                self.pinned[key] = resource
        self.crews = crews_of(problem, singles=set(self.sequenced))
        self._prefer: dict[str, str] = {}  # task -> the resource it had in the hint
        self.arcs: list[tuple[IntVar, str, str, int]] = []  # literal, before, after, changeover
        self._on_resource: dict[str, list[cp_model.IntervalVar]] = defaultdict(list)
        self._in_pool: dict[str, list[cp_model.IntervalVar]] = defaultdict(list)
        self._grouped: dict[frozenset[str], list[cp_model.IntervalVar]] = defaultdict(list)
        self.job_ends: dict[str, IntVar] = {}
        self._sizes: list[tuple[str, IntVar, int]] = []
        self._late: list[tuple[Job, IntVar]] = []
        self._kept: list[tuple[str, IntVar]] = []
        self._span: IntVar | None = None
        self._tardy: cp_model.LinearExprT | None = None
        for job in problem.jobs:
            self._job(job)
        self._resources()
        self._pools()
        self._groups()
        for resource, keys in self.sequenced.items():
            self._circuit(resource, keys)

    # tasks and jobs
    def _job(self, job: Job) -> None:
        before: IntVar | None = None
        for task in job.tasks:
            made = self._task(task, job.release)
            if before is not None:
                self.cp.add(made.start >= before)
            before = made.end
        if before is not None:
            self.job_ends[job.key] = before

    def _task(self, task: Task, job_release: int) -> TaskVars:
        if task.fixed is not None:
            return self._fixed(task, task.fixed)
        setup = task.changeover
        earliest = max(task.release, job_release, setup)
        start = self.cp.new_int_var(earliest, self.horizon, f"s:{task.key}")
        end = self.cp.new_int_var(earliest + task.shortest, self.horizon, f"e:{task.key}")
        made = TaskVars(task, start, end, earliest)
        self.tasks[task.key] = made
        options = self._crew_options(task)
        padded = setup if task.key not in self._sequenced_keys else 0
        if len(options) == 1:
            (option,) = options
            self.cp.add(end == start + option.duration)
            made.chosen[option.resource] = True
            self._on_resource[option.resource].append(
                self.cp.new_fixed_size_interval_var(
                    start - padded, option.duration + padded, f"i:{task.key}"
                )
            )
        else:
            literals = []
            same = len({o.duration for o in options}) == 1
            if same:
                self.cp.add(end == start + options[0].duration)
            for option in options:
                chosen = self.cp.new_bool_var(f"x:{task.key}:{option.resource}")
                literals.append(chosen)
                made.chosen[option.resource] = chosen
                if same:
                    interval = self.cp.new_optional_fixed_size_interval_var(
                        start - padded, option.duration + padded, chosen, f"o:{task.key}"
                    )
                else:
                    interval = self.cp.new_optional_interval_var(
                        start - padded, option.duration + padded, end, chosen, f"o:{task.key}"
                    )
                self._on_resource[option.resource].append(interval)
            self.cp.add_exactly_one(literals)
        whole = self._whole(task, start, end, setup)
        if task.pool:
            self._in_pool[task.pool].append(whole)
        if len(task.options) > 1:
            self._grouped[task.resources].append(whole)
        return made

    def _crew_options(self, task: Task) -> tuple[Option, ...]:
        """The crews that can do the task (one option each), or the one it is pinned to."""
        crew_of = self.crews.crew_of
        pinned = self.pinned.get(task.key)
        options = task.options
        if pinned:
            options = tuple(o for o in options if o.resource == pinned)
        elif self.sequenced:
            options = tuple(o for o in options if o.resource not in self.sequenced) or options
        by_crew: dict[str, Option] = {}
        for option in options:
            by_crew.setdefault(
                crew_of[option.resource], Option(crew_of[option.resource], option.duration)
            )
        return tuple(by_crew.values())

    def _whole(self, task: Task, start: IntVar, end: IntVar, setup: int) -> cp_model.IntervalVar:
        """The span the task takes its bench for: its changeover (always) and its work."""
        low, high = task.shortest + setup, max(o.duration for o in task.options) + setup
        if low == high:
            return self.cp.new_fixed_size_interval_var(start - setup, low, f"w:{task.key}")
        size = self.cp.new_int_var(low, high, f"z:{task.key}")
        self._sizes.append((task.key, size, setup))
        return self.cp.new_interval_var(start - setup, size, end, f"w:{task.key}")

    def _fixed(self, task: Task, placed: Placement) -> TaskVars:
        start = self.cp.new_constant(placed.start)
        end = self.cp.new_constant(placed.end)
        crew = self.crews.crew_of[placed.resource]
        made = TaskVars(task, start, end, placed.start, {crew: True})
        self.tasks[task.key] = made
        setup = task.changeover if task.key not in self._sequenced_keys else 0
        self._on_resource[crew].append(
            self.cp.new_fixed_size_interval_var(
                placed.start - setup, placed.end - placed.start + setup, f"f:{task.key}"
            )
        )
        if task.pool:
            self._in_pool[task.pool].append(
                self.cp.new_fixed_size_interval_var(
                    placed.start - task.changeover,
                    placed.end - placed.start + task.changeover,
                    f"fw:{task.key}",
                )
            )
        return made

    # resources, benches and the redundant capacity of each group of people
    def _blocked(self, resource: str) -> list[cp_model.IntervalVar]:
        return [
            self.cp.new_fixed_size_interval_var(a, b - a, f"b:{resource}:{a}")
            for a, b in self.problem.resource(resource).blocked
            if b > a
        ]

    def _resources(self) -> None:
        """One task at a time for a crew of one; as many as it has members for a crew."""
        for crew, members in self.crews.members.items():
            intervals = self._on_resource.get(crew, [])
            if not intervals:
                continue
            if len(members) == 1:
                self.cp.add_no_overlap(intervals + self._blocked(crew))
                continue
            blocked = self._blocked(crew)  # every member is away then
            demands = [1] * len(intervals) + [len(members)] * len(blocked)
            self.cp.add_cumulative(intervals + blocked, demands, len(members))

    def _pools(self) -> None:
        for pool in self.problem.pools:
            intervals = self._in_pool.get(pool.key, [])
            if len(intervals) > pool.capacity:
                self.cp.add_cumulative(intervals, [1] * len(intervals), pool.capacity)

    def _groups(self) -> None:
        """At most as many tasks of a group at once as the group has people (redundant)."""
        for resources, intervals in self._grouped.items():
            if len(intervals) <= len(resources):
                continue
            blocked = [i for r in sorted(resources) for i in self._blocked(r)]
            every = intervals + blocked
            self.cp.add_cumulative(every, [1] * len(every), len(resources))

    def _circuit(self, resource: str, keys: list[str]) -> None:
        """The order of the resource's tasks, and the changeovers it brings."""
        if len(keys) < 2:
            return
        arcs: list[tuple[int, int, IntVar | bool]] = []
        for i, key in enumerate(keys, start=1):
            arcs.append((0, i, self.cp.new_bool_var(f"first:{key}")))
            arcs.append((i, 0, self.cp.new_bool_var(f"last:{key}")))
        for i, before in enumerate(keys, start=1):
            for j, after in enumerate(keys, start=1):
                if i == j:
                    continue
                literal = self.cp.new_bool_var(f"arc:{before}>{after}")
                arcs.append((i, j, literal))
                gap = self._gap(before, after)
                first, second = self.tasks[before], self.tasks[after]
                self.cp.add(second.start >= first.end + gap).only_enforce_if(literal)
                self.arcs.append((literal, before, after, gap))
        self.cp.add_circuit(arcs)

    def _gap(self, before: str, after: str) -> int:
        first, second = self.tasks[before].task, self.tasks[after].task
        return second.changeover if second.family != first.family else 0

    # objectives
    def objective(self, objective: Objective) -> cp_model.LinearExprT:
        if objective is Objective.TARDINESS:
            return self._tardiness()
        if objective is Objective.MAKESPAN:
            return self._makespan()
        if objective is Objective.SETUPS:
            return sum(literal for literal, _, _, gap in self.arcs if gap > 0)
        return self._changes()

    def _tardiness(self) -> cp_model.LinearExprT:
        if self._tardy is None:
            terms = []
            for job in self.problem.jobs:
                if job.due is None or job.key not in self.job_ends:
                    continue
                late = self.cp.new_int_var(0, self.horizon, f"late:{job.key}")
                self.cp.add(late >= self.job_ends[job.key] - job.due)
                self._late.append((job, late))
                terms.append(job.weight * late)
            self._tardy = sum(terms)
        return self._tardy

    def _makespan(self) -> IntVar:
        if self._span is None:
            self._span = self.cp.new_int_var(0, self.horizon, "makespan")
            for end in self.job_ends.values():
                self.cp.add(self._span >= end)
        return self._span

    def _changes(self) -> cp_model.LinearExprT:
        moved: list[IntVar] = []
        stuck = 0
        for key, before in self.problem.previous.items():
            made = self.tasks.get(key)
            if made is None or made.task.fixed is not None:
                continue
            chosen = made.chosen.get(self.crews.crew_of.get(before.resource, ""))
            if chosen is None or not made.earliest <= before.start <= self.horizon:
                stuck += 1
                continue
            kept = self.cp.new_bool_var(f"kept:{key}")
            self._kept.append((key, kept))
            self.cp.add(made.start == before.start).only_enforce_if(kept)
            if not isinstance(chosen, bool):
                self.cp.add_implication(kept, chosen)
            moved.append(kept)
        return stuck + len(moved) - cp_model.LinearExpr.sum(moved)

    def bound(self, objective: Objective, value: int) -> None:
        self.cp.add(self.objective(objective) <= value)

    # hints and reading the answer
    def hint(self, placements: Mapping[str, Placement]) -> None:
        """Every variable's value in ``placements``: CP-SAT starts from it as a solution."""
        for key, made in self.tasks.items():
            placed = placements.get(key)
            if placed is None or made.task.fixed is not None:
                continue
            self.cp.add_hint(made.start, placed.start)
            self.cp.add_hint(made.end, placed.end)
            self._prefer[key] = placed.resource
            crew = self.crews.crew_of.get(placed.resource)
            for option, literal in made.chosen.items():
                if not isinstance(literal, bool):
                    self.cp.add_hint(literal, option == crew)
        self._hint_arcs(placements)
        self._hint_objectives(placements)

    def _hint_objectives(self, placements: Mapping[str, Placement]) -> None:
        ends = {
            job.key: placements[job.tasks[-1].key].end for job in self.problem.jobs if job.tasks
        }
        for key, size, setup in self._sizes:
            self.cp.add_hint(size, placements[key].end - placements[key].start + setup)
        for job, late in self._late:
            assert job.due is not None
            self.cp.add_hint(late, max(0, ends[job.key] - job.due))
        if self._span is not None:
            self.cp.add_hint(self._span, max(ends.values(), default=0))
        for key, kept in self._kept:
            self.cp.add_hint(kept, placements[key] == self.problem.previous[key])

    def _hint_arcs(self, placements: Mapping[str, Placement]) -> None:
        follows: dict[str, str] = {}
        for keys in self.sequenced.values():
            ordered = sorted(keys, key=lambda k: placements[k].start if k in placements else 0)
            follows.update(itertools.pairwise(ordered))
        for literal, before, after, _ in self.arcs:
            self.cp.add_hint(literal, follows.get(before) == after)

    def placements(self, solver: cp_model.CpSolver) -> dict[str, Placement]:
        """The solution, each task with the member of its crew who does it."""
        fixed: dict[str, Placement] = {}
        by_crew: dict[str, Placement] = {}
        spans = []
        for key, made in self.tasks.items():
            if made.task.fixed is not None:
                fixed[key] = made.task.fixed
                continue
            crew = next(
                c for c, literal in made.chosen.items() if literal is True or solver.value(literal)
            )
            start, end = solver.value(made.start), solver.value(made.end)
            by_crew[key] = Placement(crew, start, end)
            padded = made.task.changeover if key not in self._sequenced_keys else 0
            spans.append((key, crew, start - padded, end))
        return fixed | name_members(self.crews, spans, by_crew, self._prefer)
