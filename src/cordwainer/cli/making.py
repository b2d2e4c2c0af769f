"""`cordwainer demo`, `cordwainer simulate` and `cordwainer serve`: the factory at work."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import typer
import uvicorn
from rich.progress import Progress

from cordwainer.app import create_app
from cordwainer.cli.common import console, fail, open_database, plainly, settings
from cordwainer.config import Settings
from cordwainer.demo.factory import load_factory, read_factory
from cordwainer.services import setup, trace
from cordwainer.simulation.calendar import working_days_back
from cordwainer.simulation.parameters import FloorParameters
from cordwainer.simulation.run import simulate as run_twin
from cordwainer.simulation.statistics import TwinStatistics
from cordwainer.storage.database import Database
from cordwainer.storage.migrate import upgrade


@plainly
def demo(
    days: int = typer.Option(3, min=1, max=30, help="Working days to simulate before serving."),
    seed: int = typer.Option(1, help="The same seed makes the same days."),
    fresh: bool = typer.Option(True, help="Start from an empty database file."),
    serve_after: bool = typer.Option(True, "--serve/--no-serve", help="Serve the web app after."),
) -> None:
    """Set up the demo factory, simulate its working days, then serve it."""
    config = settings()
    if fresh and config.database_url.startswith("sqlite:///"):
        path = Path(config.database_url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    with open_database() as db:
        upgrade(db.engine)
        if setup.site_of(db) is None:
            with console.status("Setting up the demo factory in Flimby…"):
                site = load_factory(db, read_factory())
            console.print(f"[green]✓[/green] {site.company}, {site.name} (GLN {site.gln})")
        first_day = working_days_back(_yesterday(), days)
        report = _simulate(db, first_day, days, seed)
        _say(report)
        _addresses(db, config.base_url)
    if serve_after:
        _serve(config)


@plainly
def simulate(
    days: int = typer.Option(1, min=1, max=400, help="Working days to simulate."),
    seed: int = typer.Option(1, help="The same seed makes the same days."),
    start: str = typer.Option(
        "", help="First day (YYYY-MM-DD); if left out, the days end yesterday."
    ),
    pairs_per_day: int = typer.Option(300, min=12, max=5000, help="Pairs ordered each day."),
) -> None:
    """Simulate working days on the floor, through the same services the terminals use."""
    first_day = _first_day(start) if start else working_days_back(_yesterday(), days)
    with open_database() as db:
        _say(_simulate(db, first_day, days, seed, pairs_per_day))


def _yesterday() -> date:
    return datetime.now(UTC).date() - timedelta(days=1)


def _first_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise fail(f"--start {text} is not a date (YYYY-MM-DD).") from None


def _simulate(
    db: Database, first_day: date, days: int, seed: int, pairs: int = 300
) -> TwinStatistics:
    with Progress(console=console) as progress:
        task = progress.add_task("Working days on the floor", total=days)
        return run_twin(
            db,
            first_day=first_day,
            days=days,
            seed=seed,
            parameters=FloorParameters(pairs_per_day=pairs),
            tick=lambda done: progress.update(task, completed=done),
        )


def _say(report: TwinStatistics) -> None:
    first, last = report.days[0], report.days[-1]
    console.print(
        f"[green]✓[/green] {len(report.days)} working day(s), {first} to {last}: "
        f"{report.pairs_ordered} pairs ordered on {report.racks} racks, {report.boxed} boxed, "
        f"{report.shipped} shipped, {report.reworked} reworked, {report.scrapped} scrapped, "
        f"{report.quarantined} quarantined; {report.event_count} events recorded"
    )


def _addresses(db: Database, base: str) -> None:
    console.print(f"  Station terminal  {base}/station")
    console.print(f"  Dashboard         {base}/dashboard")
    for gtin, serial in trace.recently_boxed(db, 1):
        console.print(f"  A pair's passport {base}/01/{gtin}/21/{serial}")


def serve(
    host: str = typer.Option("", help="Address to listen on (CORDWAINER_HOST)."),
    port: int = typer.Option(0, help="Port (CORDWAINER_PORT)."),
) -> None:
    """Serve the API and the pages."""
    config = settings()
    _serve(config.model_copy(update={"host": host or config.host, "port": port or config.port}))


def _serve(config: Settings) -> None:
    console.print(f"Serving Cordwainer on {config.base_url} (Ctrl+C to stop)")
    uvicorn.run(create_app(config), host=config.host, port=config.port, log_level="warning")
