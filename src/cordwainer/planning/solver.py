"""Solve a problem with CP-SAT, objective by objective, within a time limit.

1. A first plan: the one given (the current plan, on a replan) or a constructed one.
   When makespan comes first (the flexible job-shop benchmark), a better start is
   built in two moves: an assignment that balances the load on every resource and
   keeps every job's chain short (a relaxation whose bound is also a lower bound on
   the makespan), then the order of the tasks for that assignment.
2. Each objective in turn (tardiness, makespan, set-ups, changes), from the best plan
   so far as a hint, with the objectives before it bounded by the values reached.
   A stage that finds nothing better keeps the plan it was given: the answer is always
   a whole plan, and never worse than the first.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ortools.sat.python import cp_model

from cordwainer.planning.bounds import makespan_bound
from cordwainer.planning.construct import construct, dispatch
from cordwainer.planning.model import Model
from cordwainer.planning.problem import (
    Job,
    Objective,
    Placement,
    Problem,
    Solution,
    Stage,
    changes,
    makespan,
    setups_of,
    tardiness,
)

SHARE = {
    Objective.TARDINESS: 0.45,
    Objective.MAKESPAN: 0.35,
    Objective.SETUPS: 0.12,
    Objective.CHANGES: 0.08,
}
WARM_START_SHARE = 0.3  # of the time, when makespan comes first
POLISH_SHARE = 0.3  # of each round of the makespan stage, when it is the only objective
MAX_ROUNDS = 8


@dataclass(frozen=True, slots=True)
class Progress:
    """What the solver has reached so far: shown by a progress bar."""

    objective: Objective
    value: int
    bound: int
    elapsed: float
    seconds: float


Report = Callable[[Progress], None]


def value_of(problem: Problem, objective: Objective, placements: Mapping[str, Placement]) -> int:
    if objective is Objective.TARDINESS:
        return tardiness(problem, placements)
    if objective is Objective.MAKESPAN:
        return makespan(problem, placements)
    if objective is Objective.SETUPS:
        return len(setups_of(problem, placements))
    return changes(problem, placements)


class _Watch(cp_model.CpSolverSolutionCallback):
    def __init__(
        self, objective: Objective, started: float, seconds: float, report: Report
    ) -> None:
        super().__init__()
        self.objective, self.started, self.seconds, self.report = (
            objective,
            started,
            seconds,
            report,
        )

    def on_solution_callback(self) -> None:
        self.report(
            Progress(
                self.objective,
                round(self.objective_value),
                round(self.best_objective_bound),
                time.monotonic() - self.started,
                self.seconds,
            )
        )


@dataclass
class _Run:
    problem: Problem
    seconds: float
    workers: int
    seed: int
    report: Report | None
    started: float

    @property
    def left(self) -> float:
        return self.seconds - (time.monotonic() - self.started)

    def solve(
        self,
        model: Model,
        objective: Objective,
        seconds: float,
        hint: Mapping[str, Placement] | None,
        *,
        lns_only: bool = False,
    ) -> tuple[dict[str, Placement] | None, int, str]:
        """The model's best plan for ``objective`` in ``seconds``, from ``hint`` if given
        (a poor hint leads the search astray: the order of a fixed assignment is found
        better without one), its bound and status."""
        model.cp.minimize(model.objective(objective))
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.05, seconds)
        solver.parameters.num_workers = self.workers
        solver.parameters.random_seed = self.seed
        # Both workers improving the hint by large neighbourhood search, rather than one of
        # them searching the whole tree: better plans in seconds, but no proof of optimality.
        solver.parameters.use_lns_only = lns_only
        if hint is not None:
            model.hint(hint)
            # Presolve may otherwise reduce the model so that the hint is no longer a solution.
            solver.parameters.keep_all_feasible_solutions_in_presolve = True
        watch = _Watch(objective, self.started, self.seconds, self.report) if self.report else None
        status = solver.solve(model.cp, watch)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None, 0, "kept"
        found = model.placements(solver)
        name = "optimal" if status == cp_model.OPTIMAL else "feasible"
        return found, round(solver.best_objective_bound), name


def solve(
    problem: Problem,
    *,
    seconds: float,
    workers: int = 2,
    hint: Mapping[str, Placement] | None = None,
    report: Report | None = None,
    seed: int = 0,
) -> Solution:
    """The best plan found in ``seconds``, objective after objective."""
    run = _Run(problem, seconds, workers, seed, report, time.monotonic())
    objectives = problem.objectives
    best, lower = _first_plan(run, hint)
    lower = max(lower, makespan_bound(problem))
    stages: list[Stage] = []
    for index, objective in enumerate(objectives):
        stage_started = time.monotonic()
        model = _model_for(problem, objectives[index:], best)
        for done in stages:
            model.bound(done.objective, done.value)
        if objective is Objective.MAKESPAN:
            model.cp.add(model.objective(objective) >= lower)
        value = value_of(problem, objective, best)
        if report:
            report(Progress(objective, value, 0, time.monotonic() - run.started, seconds))
        share = SHARE[objective] / sum(SHARE[o] for o in objectives[index:])
        budget = run.left * share if index < len(objectives) - 1 else run.left
        if objectives == (Objective.MAKESPAN,):
            best, bound, status = _alternate(run, best, lower)
            value = makespan(problem, best)
        else:
            found, bound, status = (
                run.solve(model, objective, budget, best) if budget > 0.05 else (None, 0, "kept")
            )
            if found is not None and value_of(problem, objective, found) <= value:
                best, value = found, value_of(problem, objective, found)
        if objective is Objective.MAKESPAN:
            bound = max(bound, lower)
        stages.append(
            Stage(objective, value, min(bound, value), time.monotonic() - stage_started, status)
        )
    return Solution(best, tuple(stages), setups_of(problem, best), time.monotonic() - run.started)


def _first_plan(
    run: _Run, hint: Mapping[str, Placement] | None
) -> tuple[dict[str, Placement], int]:
    """The plan to start from, and a lower bound on the makespan when one was found."""
    problem = run.problem
    best = construct(problem)
    dispatched = dispatch(problem)
    if _better(problem, problem.objectives, dispatched, best):
        best = dispatched
    if hint:
        kept = repair(problem, hint)
        if _better(problem, problem.objectives, kept, best):
            best = kept
        return best, 0
    if problem.objectives[0] is Objective.MAKESPAN:
        return _warm_start(run, best)
    return best, 0


def repair(problem: Problem, hint: Mapping[str, Placement]) -> dict[str, Placement]:
    """The plan closest to ``hint`` that is feasible now: jobs in the order the hint started
    them, each task on its hinted resource if that resource can still do it then, and no
    earlier than the hint had it (so what still fits stays exactly where it was)."""
    blocked = {resource.key: resource.blocked for resource in problem.resources}

    def still_free(placed: Placement) -> bool:
        spans = blocked.get(placed.resource, ())
        return all(placed.end <= a or b <= placed.start for a, b in spans)

    assigned = {
        task.key: hint[task.key].resource
        for _, task in problem.tasks()
        if task.key in hint
        and hint[task.key].resource in task.resources
        and still_free(hint[task.key])
    }
    not_before = {key: placed.start for key, placed in hint.items()}

    def hinted_start(job: Job) -> tuple[int, str]:
        starts = [hint[t.key].start for t in job.tasks if t.key in hint]
        return (min(starts) if starts else 1 << 40, job.key)

    return construct(problem, order=hinted_start, assigned=assigned, not_before=not_before)


def _model_for(
    problem: Problem, objectives: tuple[Objective, ...], best: Mapping[str, Placement]
) -> Model:
    """Padded until set-ups are minimised; from then on, sequenced where changeovers are."""
    horizon = _horizon(problem, best)
    if objectives[0] is Objective.SETUPS or _after_setups(problem, objectives):
        return Model(problem, horizon=horizon, sequenced=_sequences(problem, best))
    return Model(problem, horizon=horizon)


def _after_setups(problem: Problem, objectives: tuple[Objective, ...]) -> bool:
    return Objective.SETUPS in problem.objectives and objectives[0] is Objective.CHANGES


def _sequences(problem: Problem, best: Mapping[str, Placement]) -> dict[str, list[str]]:
    """Every task of the resources that do changeover work, resource by resource."""
    with_changeovers = {
        best[task.key].resource for _, task in problem.tasks() if task.changeover > 0
    }
    sequences: dict[str, list[str]] = {resource: [] for resource in with_changeovers}
    for _, task in problem.tasks():
        resource = best[task.key].resource
        if resource in sequences:
            sequences[resource].append(task.key)
    return sequences


def _warm_start(run: _Run, best: dict[str, Placement]) -> tuple[dict[str, Placement], int]:
    """A balanced assignment, then the best order of its tasks, when makespan comes first."""
    budget = run.seconds * WARM_START_SHARE
    assignment, lower = balanced_assignment(run.problem, budget / 3, run.workers)
    if not assignment:
        return best, lower
    start = construct(run.problem, assigned=assignment)
    model = Model(run.problem, horizon=_horizon(run.problem, start), pinned=assignment)
    found, _, _ = run.solve(model, Objective.MAKESPAN, budget * 2 / 3, None)
    for candidate in (start, found):
        if candidate is not None and makespan(run.problem, candidate) < makespan(run.problem, best):
            best = candidate
    return best, lower


def _alternate(
    run: _Run, best: dict[str, Placement], lower: int
) -> tuple[dict[str, Placement], int, str]:
    """Makespan alone (the flexible job shop): rounds of the whole model from the best plan
    (which changes assignments), then the best order for the assignment it reached, found
    afresh; the order of a fixed assignment is what CP-SAT solves best without a hint."""
    problem, bound, status = run.problem, 0, "kept"
    for _ in range(MAX_ROUNDS):
        if run.left <= 0.1 or makespan(problem, best) <= lower:
            break
        model = Model(problem, horizon=_horizon(problem, best))
        model.cp.add(model.objective(Objective.MAKESPAN) >= lower)
        found, found_bound, found_status = run.solve(
            model, Objective.MAKESPAN, run.left * (1 - POLISH_SHARE), best, lns_only=True
        )
        bound = max(bound, found_bound)
        if found is not None and makespan(problem, found) <= makespan(problem, best):
            best, status = found, found_status
        if status == "optimal" or run.left <= 0.1:
            break
        polished = _resequence(run, best)
        if polished is not None and makespan(problem, polished) < makespan(problem, best):
            best, status = polished, "feasible"
    if makespan(problem, best) <= max(bound, lower):
        status = "optimal"
    return best, bound, status


def _resequence(run: _Run, best: Mapping[str, Placement]) -> dict[str, Placement] | None:
    """The best order of the tasks for the assignment of ``best``, found without a hint."""
    assignment = {key: placed.resource for key, placed in best.items()}
    model = Model(run.problem, horizon=_horizon(run.problem, best), pinned=assignment)
    found, _, _ = run.solve(model, Objective.MAKESPAN, run.left, None)
    return found


def balanced_assignment(
    problem: Problem, seconds: float, workers: int = 2
) -> tuple[dict[str, str], int]:
    """Resources for the tasks so that neither a resource's load nor a job's chain is long.

    The smallest such length is a lower bound on the makespan: every resource must do its
    load, and every job its chain, within the makespan whatever the order.
    """
    cp = cp_model.CpModel()
    chosen: dict[tuple[str, str], cp_model.IntVar] = {}
    load: dict[str, list[cp_model.LinearExprT]] = {r.key: [] for r in problem.resources}
    longest = sum(max(o.duration for o in t.options) for _, t in problem.tasks())
    span = cp.new_int_var(0, longest + problem.horizon, "span")
    work: list[cp_model.LinearExprT] = []
    for job in problem.jobs:
        chain: list[cp_model.LinearExprT] = []
        for task in job.tasks:
            literals = []
            for option in task.options:
                literal = cp.new_bool_var("")
                chosen[task.key, option.resource] = literal
                literals.append(literal)
                load[option.resource].append(option.duration * literal)
                chain.append(option.duration * literal)
                work.append(option.duration * literal)
            cp.add_exactly_one(literals)
        cp.add(job.release + cp_model.LinearExpr.sum(chain) <= span)
    for resource in problem.resources:
        if load[resource.key]:
            cp.add(cp_model.LinearExpr.sum(load[resource.key]) <= span)
    cp.minimize(span * (longest + 1) + cp_model.LinearExpr.sum(work))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, seconds)
    solver.parameters.num_workers = workers
    status = solver.solve(cp)
    lower = int(solver.best_objective_bound) // (longest + 1)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return {}, lower
    assignment = {task: resource for (task, resource), lit in chosen.items() if solver.value(lit)}
    return assignment, lower


def _horizon(problem: Problem, placements: Mapping[str, Placement]) -> int:
    latest = max((p.end for p in placements.values()), default=0)
    return max(problem.horizon, latest)


def _better(
    problem: Problem,
    objectives: tuple[Objective, ...],
    first: Mapping[str, Placement],
    second: Mapping[str, Placement],
) -> bool:
    """Whether ``first`` is at least as good as ``second``, objective after objective."""
    for objective in objectives:
        a, b = value_of(problem, objective, first), value_of(problem, objective, second)
        if a != b:
            return a < b
    return True
