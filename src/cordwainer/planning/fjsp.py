"""Flexible job-shop instances in the standard ``.fjs`` text format, as planning problems.

Line 1: jobs, machines (and a third number some copies carry, ignored). Then one line
per job: its number of operations, then for each operation the number k of machines
that can do it followed by k pairs ``machine processing_time``, machines from 1.
Jobs, operations and machines keep their numbers from 1 in the answer.

``solve_plain`` is the obvious CP-SAT model (an optional interval per eligible machine,
no overlap per machine, minimise the makespan), kept as the benchmark's yardstick.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from ortools.sat.python import cp_model

from cordwainer.domain.errors import InvalidValue
from cordwainer.planning.problem import Job, Option, Placement, Problem, Resource, Task


@dataclass(frozen=True, slots=True)
class Instance:
    name: str
    machines: int
    jobs: tuple[tuple[tuple[tuple[int, int], ...], ...], ...]  # job -> op -> (machine, time)

    @property
    def operations(self) -> int:
        return sum(len(job) for job in self.jobs)


def read_fjs(text: str, name: str = "instance") -> Instance:
    """The instance in ``text``; a malformed file says where it went wrong."""
    lines = [line for line in text.splitlines() if line.strip()]
    try:
        if not lines:
            raise ValueError("it is empty")
        header = lines[0].split()
        job_count, machines = int(header[0]), int(header[1])
        values = iter(int(value) for line in lines[1:] for value in line.split())
        jobs = []
        for _ in range(job_count):
            operations = []
            for _ in range(next(values)):
                options = tuple((next(values), next(values)) for _ in range(next(values)))
                if not options or any(not 1 <= m <= machines or t < 0 for m, t in options):
                    raise ValueError("an operation names a machine outside the instance")
                operations.append(options)
            jobs.append(tuple(operations))
    except (StopIteration, ValueError, IndexError) as error:
        raise InvalidValue(
            f"{name} is not a flexible job-shop file: {error or 'it ends too soon'}.",
            code="invalid_fjs_file",
        ) from None
    return Instance(name, machines, tuple(jobs))


def task_key(job: int, operation: int) -> str:
    return f"J{job}.O{operation}"


def machine_key(machine: int) -> str:
    return f"M{machine}"


def as_problem(instance: Instance) -> Problem:
    jobs = tuple(
        Job(
            key=f"J{j}",
            tasks=tuple(
                Task(
                    task_key(j, o),
                    tuple(Option(machine_key(m), t) for m, t in options),
                )
                for o, options in enumerate(operations, start=1)
            ),
        )
        for j, operations in enumerate(instance.jobs, start=1)
    )
    resources = tuple(Resource(machine_key(m)) for m in range(1, instance.machines + 1))
    horizon = sum(max(t for _, t in options) for job in instance.jobs for options in job)
    return Problem(jobs, resources, horizon=horizon)


def schedule_of(instance: Instance, placements: dict[str, Placement]) -> list[dict[str, int]]:
    """The answer in the file's own numbers: job, operation and machine from 1."""
    rows = []
    for j, operations in enumerate(instance.jobs, start=1):
        for o in range(1, len(operations) + 1):
            placed = placements[task_key(j, o)]
            machine = int(placed.resource.removeprefix("M"))
            rows.append(
                {"job": j, "op": o, "machine": machine, "start": placed.start, "end": placed.end}
            )
    return rows


def solve_plain(instance: Instance, seconds: float, workers: int = 2) -> dict[str, Any]:
    """The obvious model, for comparison: makespan, bound and seconds."""
    started = time.monotonic()
    problem = as_problem(instance)
    cp = cp_model.CpModel()
    horizon = problem.horizon
    per_machine: dict[str, list[cp_model.IntervalVar]] = {r.key: [] for r in problem.resources}
    ends: list[cp_model.IntVar] = []
    for job in problem.jobs:
        before: cp_model.IntVar | None = None
        for task in job.tasks:
            start = cp.new_int_var(0, horizon, "")
            end = cp.new_int_var(0, horizon, "")
            literals = []
            for option in task.options:
                literal = cp.new_bool_var("")
                literals.append(literal)
                per_machine[option.resource].append(
                    cp.new_optional_interval_var(start, option.duration, end, literal, "")
                )
            cp.add_exactly_one(literals)
            if before is not None:
                cp.add(start >= before)
            before = end
        if before is not None:
            ends.append(before)
    for intervals in per_machine.values():
        cp.add_no_overlap(intervals)
    span = cp.new_int_var(0, horizon, "makespan")
    cp.add_max_equality(span, ends)
    cp.minimize(span)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = workers
    status = solver.solve(cp)
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    return {
        "makespan": round(solver.objective_value) if found else None,
        "lower_bound": round(solver.best_objective_bound),
        "seconds": round(time.monotonic() - started, 2),
    }
