"""The solver on problems small enough to work out by hand, and the rules its plans keep."""

from __future__ import annotations

from cordwainer.planning.construct import construct, dispatch
from cordwainer.planning.crews import crews_of
from cordwainer.planning.problem import (
    Job,
    Objective,
    Option,
    Placement,
    Pool,
    Problem,
    Resource,
    Task,
    changes,
    makespan,
    setups_of,
    tardiness,
)
from cordwainer.planning.solver import repair, solve
from tests.planning_checks import plan_violations


def task(key: str, people: tuple[str, ...], units: int, **more: object) -> Task:
    return Task(key, tuple(Option(p, units) for p in people), **more)  # type: ignore[arg-type]


def test_three_racks_on_one_closer_are_ordered_for_the_least_weighted_lateness() -> None:
    """One closer, three racks: A (4 units, due 4, weight 1), B (2, due 6, weight 2),
    C (3, due 5, weight 3). By hand, the six orders cost ABC 12, ACB 12, BAC 14, BCA 5,
    CAB 9 and CBA 5: the best is 5, with A last, late by 5 units, finishing at 9."""
    jobs = (
        Job("A", (task("A:closing", ("B1012",), 4),), due=4, weight=1),
        Job("B", (task("B:closing", ("B1012",), 2),), due=6, weight=2),
        Job("C", (task("C:closing", ("B1012",), 3),), due=5, weight=3),
    )
    problem = Problem(jobs, (Resource("B1012"),), horizon=20)

    solution = solve(problem, seconds=3)

    assert solution.value_of(Objective.TARDINESS) == 5
    assert solution.stages[0].status == "optimal"
    assert solution.placements["A:closing"] == Placement("B1012", 5, 9)
    assert solution.value_of(Objective.MAKESPAN) == 9
    assert plan_violations(problem, solution.placements) == []


def two_closers_three_colourways() -> Problem:
    """A preparer and two closers; closing a rack of another colourway than the one
    before it on the same machine needs 2 units to change thread first."""

    def rack(key: str, prep: int, colour: str, due: int, weight: int) -> Job:
        return Job(
            key,
            (
                task(f"{key}:preparation", ("B1007",), prep),
                task(f"{key}:closing", ("B1012", "B1015"), 4, family=colour, changeover=2),
            ),
            due=due,
            weight=weight,
        )

    jobs = (
        rack("A", 3, "U991GN2", due=8, weight=2),
        rack("B", 2, "U991BU2", due=6, weight=1),
        rack("C", 2, "U991GN2", due=20, weight=1),
    )
    people = (Resource("B1007"), Resource("B1012"), Resource("B1015"))
    return Problem(jobs, people, horizon=50)


def test_tardiness_comes_first_then_makespan_then_changeovers() -> None:
    """By hand: B is prepared first (0–2) and closed 2–6, on time; A is prepared 2–5 and
    closed 5–9, a unit late (2); C is prepared 5–7 and closed after B on the same machine
    with a change of thread (8–12) or after A with none (9–13): 12 wins on makespan, so
    one changeover is the least the best makespan allows."""
    problem = two_closers_three_colourways()

    solution = solve(problem, seconds=3)

    assert [stage.objective for stage in solution.stages] == [
        Objective.TARDINESS,
        Objective.MAKESPAN,
        Objective.SETUPS,
    ]
    assert [stage.value for stage in solution.stages] == [2, 12, 1]
    assert all(stage.status == "optimal" for stage in solution.stages)
    assert solution.setups == {"C:closing"}
    assert plan_violations(problem, solution.placements) == []


def test_only_the_people_who_can_do_a_step_are_given_it() -> None:
    jobs = tuple(
        Job(
            f"R{n}",
            (
                task(f"R{n}:clicking", ("B1001", "B1002"), 3),
                task(f"R{n}:preparation", ("B1007",), 2),
            ),
        )
        for n in range(4)
    )
    people = (Resource("B1001"), Resource("B1002"), Resource("B1007"))
    problem = Problem(jobs, people, horizon=40)

    solution = solve(problem, seconds=2)

    for key, placed in solution.placements.items():
        expected = {"B1001", "B1002"} if key.endswith("clicking") else {"B1007"}
        assert placed.resource in expected
    assert plan_violations(problem, solution.placements) == []


def test_no_work_is_given_to_someone_while_they_are_away() -> None:
    """Karen is away for the first 10 units; Amy is slower (6 units, not 4)."""
    jobs = tuple(
        Job(f"R{n}", (Task(f"R{n}:closing", (Option("B1012", 4), Option("B1015", 6))),))
        for n in range(3)
    )
    people = (Resource("B1012", blocked=((0, 10),)), Resource("B1015"))
    problem = Problem(jobs, people, horizon=60)

    solution = solve(problem, seconds=2)

    for placed in solution.placements.values():
        if placed.resource == "B1012":
            assert placed.start >= 10
    assert solution.value_of(Objective.MAKESPAN) == 14  # Amy 0–6, 6–12; Karen 10–14
    assert plan_violations(problem, solution.placements) == []


def test_clicking_waits_for_its_materials() -> None:
    """The hides for R1 arrive at unit 8 (its clicking's release)."""
    jobs = (
        Job("R1", (task("R1:clicking", ("B1001",), 3, release=8), task("R1:prep", ("B1007",), 2))),
        Job("R2", (task("R2:clicking", ("B1001",), 3), task("R2:prep", ("B1007",), 2))),
    )
    problem = Problem(jobs, (Resource("B1001"), Resource("B1007")), horizon=40)

    solution = solve(problem, seconds=2)

    assert solution.placements["R1:clicking"].start >= 8
    assert solution.value_of(Objective.MAKESPAN) == 13
    assert plan_violations(problem, solution.placements) == []


def test_a_workcentre_never_has_more_steps_at_once_than_benches() -> None:
    """Three closers but two closing machines."""
    jobs = tuple(
        Job(f"R{n}", (task(f"R{n}:closing", ("A", "B", "C"), 5, pool="closing"),)) for n in range(6)
    )
    people = tuple(Resource(name) for name in "ABC")
    problem = Problem(jobs, people, (Pool("closing", 2),), horizon=60)

    solution = solve(problem, seconds=2)

    assert solution.value_of(Objective.MAKESPAN) == 15
    assert plan_violations(problem, solution.placements) == []


def test_people_who_can_do_the_same_things_are_one_crew_named_after_solving() -> None:
    closers = tuple(Resource(f"C{n}") for n in range(5))
    away = Resource("C9", blocked=((0, 4),))
    jobs = tuple(
        Job(f"R{n}", (task(f"R{n}:closing", tuple(r.key for r in (*closers, away)), 3),))
        for n in range(12)
    )
    problem = Problem(jobs, (*closers, away), horizon=60)

    crews = crews_of(problem)
    solution = solve(problem, seconds=2)

    assert crews.members["C0"] == ("C0", "C1", "C2", "C3", "C4")
    assert crews.members["C9"] == ("C9",)
    # ten racks on the five closers by 6, one on C9 from 4 to 7, the last from 6 to 9
    assert solution.value_of(Objective.MAKESPAN) == 9
    assert plan_violations(problem, solution.placements) == []


def test_the_first_plans_are_whole_and_feasible() -> None:
    problem = two_closers_three_colourways()
    for first in (construct(problem), dispatch(problem)):
        assert plan_violations(problem, first) == []
        assert makespan(problem, first) >= 12
        assert tardiness(problem, first) >= 2


def test_a_repaired_plan_keeps_what_still_fits_exactly_where_it_was() -> None:
    problem = two_closers_three_colourways()
    before = solve(problem, seconds=2).placements
    someone_away = Problem(
        problem.jobs,
        (Resource("B1007"), Resource("B1012", blocked=((0, 100),)), Resource("B1015")),
        horizon=50,
        previous=before,
    )

    repaired = repair(someone_away, before)

    assert plan_violations(someone_away, repaired) == []
    kept = [k for k, placed in before.items() if placed.resource != "B1012"]
    assert all(repaired[k] == before[k] for k in kept if k.endswith("preparation"))
    assert all(placed.resource != "B1012" for placed in repaired.values())
    assert changes(someone_away, repaired) >= 1


def test_changeovers_are_counted_only_between_families() -> None:
    problem = two_closers_three_colourways()
    same_machine = {
        "A:preparation": Placement("B1007", 0, 3),
        "B:preparation": Placement("B1007", 3, 5),
        "C:preparation": Placement("B1007", 5, 7),
        "A:closing": Placement("B1012", 3, 7),
        "C:closing": Placement("B1012", 7, 11),  # green after green: no change
        "B:closing": Placement("B1012", 13, 17),  # burgundy after green: a change
    }
    assert setups_of(problem, same_machine) == {"B:closing"}
    assert plan_violations(problem, same_machine) == []


def test_only_the_planning_package_imports_or_tools() -> None:
    import ast
    from pathlib import Path

    source = Path(__file__).resolve().parents[2] / "src" / "cordwainer"
    importers = set()
    for path in source.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [alias.name for alias in node.names] if isinstance(node, ast.Import) else
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            )  # fmt: skip
            if any(name.split(".")[0] == "ortools" for name in names):
                importers.add(path.relative_to(source).parts[0])
    assert importers == {"planning"}
