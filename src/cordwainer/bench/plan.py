"""`cordwainer bench plan`: the planner's solver, measured.

1. The Brandimarte flexible job-shop instances Mk01–Mk10: the planner's solver and the
   plain CP-SAT model, each within the same time limit and workers, against the
   best-known makespans (gap = (makespan − best known) / best known).
2. A week of the demo factory: orders for at least 1,500 pairs (over 120 racks) for its
   48 people and 54 benches, planned from Monday morning within the time limit.

It prints one JSON object.
"""

from __future__ import annotations

import csv
import os
import platform
import random
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from cordwainer.bench.setup import fresh_factory
from cordwainer.services import catalogue, orders, planning
from cordwainer.services.fjsp import solve_fjs, solve_fjs_plainly
from cordwainer.services.plan_inputs import PlanSettings

INSTANCES = tuple(f"Mk{n:02d}" for n in range(1, 11))
WEEK_STARTS = datetime(2026, 11, 16, 7, 30, tzinfo=UTC)  # a Monday, 07:30 in Flimby (GMT)
CUSTOMERS = (
    ("Wholesale — London", "wholesale"),
    ("Wholesale — Tokyo", "wholesale"),
    ("Wholesale — New York", "wholesale"),
    ("Direct — online", "direct"),
    ("Flimby factory shop", "factory_shop"),
    ("Lakeland collaboration", "collaboration"),
    ("Spring launch", "launch"),
)


def default_instances() -> Path:
    """``../shared/bench/fjsp`` beside the repository, or ``CORDWAINER_FJSP_DIR``."""
    configured = os.environ.get("CORDWAINER_FJSP_DIR")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[3].parent / "shared" / "bench" / "fjsp"


@dataclass(frozen=True)
class PlanBench:
    fjsp_seconds: float = 10.0
    week_seconds: float = 60.0
    workers: int = 2
    instances: tuple[str, ...] = INSTANCES
    plain: bool = True
    week: bool = True
    pairs: int = 1_560
    seed: int = 7
    folder: Path | None = None


def run_plan_bench(bench: PlanBench) -> dict[str, Any]:
    started = time.monotonic()
    result: dict[str, Any] = {
        "benchmark": "plan",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "workers": bench.workers,
    }
    if bench.instances:
        result["fjsp"] = fjsp_runs(bench)
    if bench.week:
        result["factory_week"] = factory_week(bench)
    result["seconds"] = round(time.monotonic() - started, 1)
    return result


def fjsp_runs(bench: PlanBench) -> dict[str, Any]:
    folder = bench.folder or default_instances()
    best = _best_known(folder / "best_known.csv")
    rows = []
    for name in bench.instances:
        text = (folder / "instances" / f"{name}.fjs").read_text(encoding="utf-8")
        ours = solve_fjs(text, name, bench.fjsp_seconds, bench.workers)
        row: dict[str, Any] = {
            "instance": name,
            "best_known": best[name],
            "makespan": ours["makespan"],
            "lower_bound": ours["lower_bound"],
            "gap": _gap(ours["makespan"], best[name]),
            "seconds": ours["seconds"],
        }
        if bench.plain:
            plain = solve_fjs_plainly(text, name, bench.fjsp_seconds, bench.workers)
            row |= {
                "plain_makespan": plain["makespan"],
                "plain_gap": _gap(plain["makespan"], best[name]),
                "plain_seconds": plain["seconds"],
            }
        rows.append(row)
    summary: dict[str, Any] = {
        "time_limit": bench.fjsp_seconds,
        "instances": rows,
        "mean_gap": _mean(r["gap"] for r in rows),
    }
    if bench.plain:
        summary["plain_mean_gap"] = _mean(r["plain_gap"] for r in rows)
    return summary


def _best_known(path: Path) -> dict[str, int]:
    with path.open(encoding="utf-8") as handle:
        return {row["instance"]: int(row["ub"]) for row in csv.DictReader(handle)}


def _gap(makespan: int | None, best: int) -> float | None:
    return None if makespan is None else round((makespan - best) / best, 4)


def _mean(values: Any) -> float | None:
    kept = [v for v in values if v is not None]
    return round(sum(kept) / len(kept), 4) if kept else None


def factory_week(bench: PlanBench) -> dict[str, Any]:
    """A week's orders for the demo factory, planned from Monday 07:30."""
    with tempfile.TemporaryDirectory(prefix="cordwainer-plan-bench-") as folder:
        factory = fresh_factory(f"sqlite:///{Path(folder) / 'week.sqlite'}")
        try:
            pairs = _week_of_orders(factory.db, bench.pairs, bench.seed)
            settings = PlanSettings(
                seconds=bench.week_seconds, workers=bench.workers, horizon_days=14
            )
            made = planning.make_plan(
                factory.db, settings, now=WEEK_STARTS, reason="Benchmark week.", publish=True
            )
            people = len(planning.people(factory.db))
        finally:
            factory.db.dispose()
    stages = {str(stage["objective"]): stage for stage in made.stages}
    makespan = stages["makespan"]
    unit = made.unit_minutes
    value, bound = _whole(makespan["value"]), _whole(makespan["bound"])
    return {
        "pairs": pairs,
        "racks": made.racks,
        "operations": made.steps,
        "operators": people,
        "seconds": made.seconds,
        "objective": value * unit,
        "lower_bound": bound * unit,
        "gap": makespan["gap"],
        "objective_is": "makespan, in minutes of working time, with tardiness held at its best",
        "tardiness": stages.get("tardiness"),
        "setups": stages.get("setups"),
        "late_orders": made.late_orders,
        "minutes_late": made.tardiness_minutes,
        "unplanned_racks": len(made.unplanned),
    }


def _whole(value: object) -> int:
    assert isinstance(value, int | float)
    return int(value)


def _week_of_orders(db: Any, pairs: int, seed: int) -> int:
    """Orders of 24 to 72 pairs, as a book fills that the factory can make on time: three
    working days' lead, then as fast as its bottleneck goes (six qualified lasters at 11
    minutes a pair: about 245 pairs a day), with a day or two to spare for some."""
    rng = random.Random(seed)
    colourways = [c for c in catalogue.colourways(db) if c.launched_on <= WEEK_STARTS.date()]
    total = 0
    while total < pairs:
        colourway = rng.choice(colourways)
        variants = catalogue.variants(db, colourway.code)
        size = min(rng.choice((24, 36, 48, 60, 72)), pairs - total)
        counts: dict[str, int] = {}
        for _ in range(size):
            gtin = rng.choice(variants).gtin
            counts[gtin] = counts.get(gtin, 0) + 1
        customer, kind = rng.choice(CUSTOMERS)
        share = total / pairs
        due = _working_day(
            WEEK_STARTS.date(), 3 + round(share * pairs / 245) + rng.choice((0, 1, 2))
        )
        priority = rng.choices(("rush", "high", "normal", "low"), (1, 3, 10, 2))[0]
        orders.create_order(
            db,
            orders.NewOrder(
                colourway.code,
                due,
                customer,
                tuple(counts.items()),
                priority=priority,
                customer_type=kind,
            ),
        )
        total += size
    return total


def _working_day(monday: date, offset: int) -> date:
    day, left = monday, offset
    while left > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day
