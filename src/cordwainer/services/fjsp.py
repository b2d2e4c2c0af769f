"""Flexible job-shop instances solved by the planner's own solver, as the benchmark runs them.

The answer is one JSON-ready object: the makespan, a lower bound (the solver's, or the
assignment relaxation's when higher), the seconds taken and the schedule, with jobs,
operations and machines numbered from 1 as in the file.
"""

from __future__ import annotations

import time
from typing import Any

from cordwainer.planning.fjsp import Instance, as_problem, read_fjs, schedule_of, solve_plain
from cordwainer.planning.problem import Objective
from cordwainer.planning.solver import solve


def solve_instance(instance: Instance, seconds: float, workers: int = 2) -> dict[str, Any]:
    started = time.monotonic()
    solution = solve(as_problem(instance), seconds=seconds, workers=workers)
    stage = solution.stages[-1]
    assert stage.objective is Objective.MAKESPAN
    return {
        "instance": instance.name,
        "jobs": len(instance.jobs),
        "machines": instance.machines,
        "operations": instance.operations,
        "makespan": stage.value,
        "lower_bound": stage.bound,
        "status": stage.status,
        "seconds": round(time.monotonic() - started, 2),
        "schedule": schedule_of(instance, dict(solution.placements)),
    }


def solve_fjs(text: str, name: str, seconds: float, workers: int = 2) -> dict[str, Any]:
    """The instance in ``text`` (the .fjs format) solved within ``seconds``."""
    return solve_instance(read_fjs(text, name), seconds, workers)


def solve_fjs_plainly(text: str, name: str, seconds: float, workers: int = 2) -> dict[str, Any]:
    """The same instance with the obvious model, for comparison."""
    return {"instance": name} | solve_plain(read_fjs(text, name), seconds, workers)
