"""`cordwainer bench`: measure, and print one JSON object."""

from __future__ import annotations

import json

import typer

from cordwainer.bench.floor import run_floor_bench

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
