"""Flexible job-shop files: read, solved by the planner's solver, checked independently."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from cordwainer.bench.plan import default_instances
from cordwainer.domain.errors import InvalidValue
from cordwainer.planning.fjsp import read_fjs
from cordwainer.services.fjsp import solve_fjs, solve_fjs_plainly
from tests.planning_checks import fjsp_violations

BRANDIMARTE = default_instances()
TINY = """3 2 1.5
2  2 1 3 2 4  1 2 2
1  1 1 2
2  1 2 3  2 1 1 2 5
"""

needs_the_instances = pytest.mark.skipif(
    not (BRANDIMARTE / "instances" / "Mk01.fjs").exists(),
    reason=f"the Brandimarte instances are not at {BRANDIMARTE}",
)


def best_known(name: str) -> int:
    with (BRANDIMARTE / "best_known.csv").open(encoding="utf-8") as handle:
        return next(int(row["ub"]) for row in csv.DictReader(handle) if row["instance"] == name)


def test_a_file_is_read_with_jobs_operations_and_machines_numbered_from_one() -> None:
    instance = read_fjs(TINY, "tiny")
    assert instance.machines == 2
    assert instance.operations == 5
    assert instance.jobs[0] == (((1, 3), (2, 4)), ((2, 2),))


def test_the_tiny_instance_is_solved_to_its_optimum() -> None:
    """Job 1 takes 3 on machine 1 (or 4 on machine 2), then 2 on machine 2; job 2 takes 2
    on machine 1; job 3 takes 3 on machine 2, then 1 on machine 1 (or 5 on machine 2).
    For 5, job 1 must use machine 1 from 0 to 3 and machine 2 from 3 to 5, but machine 2
    must also give job 3 its first 3 units, so job 3 or job 2 ends later: the optimum is 6,
    e.g. machine 1: job 1, job 3, job 2; machine 2: job 3, job 1."""
    result = solve_fjs(TINY, "tiny", seconds=2)
    assert result["makespan"] == 6
    assert result["lower_bound"] == 6
    assert fjsp_violations(TINY, result["schedule"], result["makespan"]) == []


@pytest.mark.parametrize(
    "text",
    ["", "2 2\n1 1 1 3\n", "1 2\n1 1 3 4\n", "1 2\n1 1 1 x\n"],
    ids=["empty", "a job missing", "machine 3 of 2", "not a number"],
)
def test_a_malformed_file_is_refused_plainly(text: str) -> None:
    with pytest.raises(InvalidValue) as refused:
        read_fjs(text, "broken.fjs")
    assert refused.value.code == "invalid_fjs_file"
    assert "broken.fjs" in refused.value.message


def test_the_checker_finds_a_schedule_that_breaks_the_rules() -> None:
    overlapping = [
        {"job": 1, "op": 1, "machine": 1, "start": 0, "end": 3},
        {"job": 1, "op": 2, "machine": 2, "start": 2, "end": 4},  # before op 1 ends
        {"job": 2, "op": 1, "machine": 1, "start": 1, "end": 3},  # machine 1 twice at once
        {"job": 3, "op": 1, "machine": 2, "start": 4, "end": 8},  # takes 4, not 3
    ]
    broken = fjsp_violations(TINY, overlapping, 8)
    assert any("before operation 1 ends" in b for b in broken)
    assert any("two operations at once" in b for b in broken)
    assert any("job 3 operation 1 takes 4" in b for b in broken)
    assert any("job 3 operation 2 is not scheduled" in b for b in broken)


@needs_the_instances
def test_mk01_is_solved_within_ten_percent_of_its_best_known_makespan_in_seconds() -> None:
    text = (BRANDIMARTE / "instances" / "Mk01.fjs").read_text(encoding="utf-8")
    result = solve_fjs(text, "Mk01", seconds=3)
    assert result["makespan"] <= best_known("Mk01") * 1.10
    assert result["seconds"] <= 5
    assert result["lower_bound"] <= best_known("Mk01") <= result["makespan"]
    assert len(result["schedule"]) == 55
    assert fjsp_violations(text, result["schedule"], result["makespan"]) == []


@needs_the_instances
@pytest.mark.parametrize("name", ["Mk02", "Mk04"])
def test_schedules_of_larger_instances_pass_the_independent_checker(name: str) -> None:
    text = (BRANDIMARTE / "instances" / f"{name}.fjs").read_text(encoding="utf-8")
    result = solve_fjs(text, name, seconds=2)
    assert fjsp_violations(text, result["schedule"], result["makespan"]) == []
    assert result["makespan"] >= best_known(name) - 0  # never better than an optimum


@needs_the_instances
def test_the_plain_model_is_measured_alike() -> None:
    text = (BRANDIMARTE / "instances" / "Mk01.fjs").read_text(encoding="utf-8")
    plain = solve_fjs_plainly(text, "Mk01", seconds=2)
    assert plain["makespan"] >= best_known("Mk01")
    assert set(plain) >= {"instance", "makespan", "lower_bound", "seconds"}


def test_the_instances_are_found_beside_the_repository() -> None:
    assert default_instances() == Path(__file__).resolve().parents[3] / "shared" / "bench" / "fjsp"
