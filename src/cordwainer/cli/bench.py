"""`cordwainer bench`: measure, and print one JSON object."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from cordwainer.bench.dashboard import run_dashboard_bench
from cordwainer.bench.floor import run_floor_bench
from cordwainer.bench.plan import INSTANCES, PlanBench, run_plan_bench
from cordwainer.bench.simulate import run_simulate_bench
from cordwainer.bench.trace import TraceBench, run_trace_bench

app = typer.Typer(help="Benchmarks: each prints one JSON object.", no_args_is_help=True)


@app.command("floor")
def floor(
    stations: int = typer.Option(50, min=1, max=500, help="Simulated station tablets."),
    rate: float = typer.Option(200.0, min=1, help="Open-loop total rate, events per second."),
    seconds: float = typer.Option(20.0, min=1, help="Length of each phase."),
    database_url: str = typer.Option(
        "", help="A PostgreSQL URL; a temporary SQLite file if empty."
    ),
    as_json: bool = typer.Option(True, "--json/--no-json", help="Print JSON (the only output)."),
) -> None:
    """Station tablets against a real server over HTTP: open-loop latency, closed-loop rate."""
    result = run_floor_bench(
        stations=stations, rate=rate, seconds=seconds, database_url=database_url or None
    )
    typer.echo(json.dumps(result.as_json()) if as_json else result)


@app.command("plan")
def plan(
    fjsp_seconds: float = typer.Option(10.0, min=0.5, help="Time limit per Brandimarte instance."),
    seconds: float = typer.Option(60.0, min=1, help="Time limit for the factory's week."),
    workers: int = typer.Option(2, min=1, max=64, help="CP-SAT workers."),
    instances: str = typer.Option(
        ",".join(INSTANCES), help="Instances, comma-separated; none: ''."
    ),
    plain: bool = typer.Option(True, "--plain/--no-plain", help="Also run the plain model."),
    week: bool = typer.Option(True, "--week/--no-week", help="Also plan the factory's week."),
    as_json: bool = typer.Option(True, "--json/--no-json", help="Print JSON (the only output)."),
) -> None:
    """The planner's solver on Brandimarte's instances and on a week of the demo factory."""
    chosen = tuple(name.strip() for name in instances.split(",") if name.strip())
    result = run_plan_bench(
        PlanBench(fjsp_seconds, seconds, workers, chosen, plain=plain, week=week)
    )
    typer.echo(json.dumps(result) if as_json else result)


@app.command("simulate")
def simulate(
    days: int = typer.Option(250, min=1, max=400, help="Working days: 250 is a factory year."),
    seed: int = typer.Option(1, help="The twin's seed."),
    pairs_per_day: int = typer.Option(300, min=12, max=5000, help="Pairs ordered each day."),
    database_url: str = typer.Option(
        "", help="An empty database (SQLite or PostgreSQL); a temporary SQLite file if empty."
    ),
    as_json: bool = typer.Option(True, "--json/--no-json", help="Print JSON (the only output)."),
) -> None:
    """The factory twin over working days through the services: pairs and events a second."""
    result = run_simulate_bench(
        days=days, seed=seed, pairs_per_day=pairs_per_day, database_url=database_url or None
    )
    typer.echo(json.dumps(result.as_json()) if as_json else result)


@app.command("dashboard")
def dashboard(
    days: int = typer.Option(250, min=1, max=400, help="Working days of history to build."),
    seed: int = typer.Option(1, help="The twin's seed for the history."),
    requests: int = typer.Option(40, min=5, max=1000, help="Page loads to time."),
    database_url: str = typer.Option(
        "",
        help="Where the history is (built there once if it holds no events); by default a "
        "SQLite file kept in the system's temporary folder and reused.",
    ),
    as_json: bool = typer.Option(True, "--json/--no-json", help="Print JSON (the only output)."),
) -> None:
    """The dashboard's render time (p50, p95) over a factory year, through a real server."""
    result = run_dashboard_bench(
        days=days, seed=seed, requests=requests, database_url=database_url or None
    )
    typer.echo(json.dumps(result.as_json()) if as_json else result)


@app.command("trace")
def trace(
    pairs: int = typer.Option(1_000_000, min=12, help="Pairs in the generated ten-year history."),
    database_url: str = typer.Option(
        "", help="An empty PostgreSQL database; a temporary SQLite file if empty."
    ),
    reuse: Annotated[
        Path | None,
        typer.Option(
            help="A SQLite file to keep the history in: used as it is if it holds --pairs "
            "pairs, else generated there."
        ),
    ] = None,
    traces: int = typer.Option(200, min=2, help="Random pairs traced back."),
    recalls: int = typer.Option(20, min=2, help="Random lots recalled."),
    as_json: bool = typer.Option(True, "--json/--no-json", help="Print JSON (the only output)."),
) -> None:
    """Backward trace and recall over a bulk-generated ten-year history: p95 in ms."""
    result = run_trace_bench(
        TraceBench(
            pairs=pairs,
            database_url=database_url or None,
            reuse=reuse,
            traces=traces,
            recalls=recalls,
        )
    )
    typer.echo(json.dumps(result) if as_json else result)
