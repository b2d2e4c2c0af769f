"""`cordwainer plan`: make and read production plans, import orders, solve job-shop files."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from cordwainer.cli.common import console, fail, open_database, plainly
from cordwainer.planning.solver import Progress as SolverProgress
from cordwainer.services import absences, order_import, plan_views, planning
from cordwainer.services.fjsp import solve_fjs
from cordwainer.services.plan_inputs import PlanSettings

app = typer.Typer(help="Production plans: make, show, import orders.", no_args_is_help=True)
T = TypeVar("T")


@app.command("make")
@plainly
def make(
    seconds: float = typer.Option(20.0, min=1, max=3600, help="Time to search for a plan."),
    horizon_days: int = typer.Option(7, min=1, max=28, help="Days the plan looks ahead."),
    frozen_hours: float = typer.Option(
        4.0, min=0, max=72, help="On a replan, hours of the current plan kept as they are."
    ),
    fresh: bool = typer.Option(
        False, "--fresh", help="Plan from scratch, even when there is a current plan."
    ),
    draft: bool = typer.Option(False, "--draft", help="Keep the plan as a draft."),
    trainees: bool = typer.Option(False, "--trainees", help="Plan trainees' work too."),
    reason: str = typer.Option("", help="Why the plan is made, for the record."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a summary."),
) -> None:
    """Plan the order book: replans from the current plan unless --fresh, and publishes it
    unless --draft."""
    settings = PlanSettings(
        seconds=seconds,
        horizon_days=horizon_days,
        frozen_hours=frozen_hours,
        include_trainees=trainees,
    )
    with open_database() as db:
        replanning = not fresh and planning.current_plan(db) is not None
        make_it = planning.replan if replanning else planning.make_plan
        why = reason or ("Replanned from the command line." if replanning else "A new plan.")

        def run(report: Callable[[SolverProgress], None]) -> planning.PlanSummary:
            return make_it(db, settings, reason=why, publish=not draft, report=report)

        summary = run_with_progress(run, seconds, quiet=as_json)
    if as_json:
        typer.echo(json.dumps(asdict(summary), default=str, indent=2))
        return
    _say_summary(summary)


def run_with_progress(
    work: Callable[[Callable[[SolverProgress], None]], T], seconds: float, *, quiet: bool
) -> T:
    """Run ``work`` with a progress bar fed by the solver's reports, in working time."""
    latest: list[SolverProgress] = []
    outcome: list[T | BaseException] = []

    def target() -> None:
        try:
            outcome.append(work(latest.append))
        except BaseException as error:  # handed back to the main thread
            outcome.append(error)

    thread = threading.Thread(target=target, daemon=True)
    started = time.monotonic()
    thread.start()
    if quiet:
        thread.join()
    else:
        columns = (TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
        with Progress(*columns, console=console, transient=True) as bar:
            task = bar.add_task("Preparing the plan…", total=seconds)
            while thread.is_alive():
                thread.join(0.2)
                bar.update(
                    task,
                    completed=min(seconds, time.monotonic() - started),
                    description=_describe(latest[-1]) if latest else "Reading the factory…",
                )
    result = outcome[0]
    if isinstance(result, BaseException):
        raise result
    return result


def _describe(progress: SolverProgress) -> str:
    bound = f" (bound {progress.bound})" if progress.bound else ""
    return f"Minimising {progress.objective.value}: {progress.value}{bound}"


def _say_summary(summary: planning.PlanSummary) -> None:
    state = "[green]current[/green]" if summary.is_current else summary.state
    console.print(
        f"[bold]Plan {summary.id}[/bold] ({state}) made {summary.made_at:%Y-%m-%d %H:%M} UTC "
        f"in {summary.seconds:.1f} s: {summary.racks} racks, {summary.steps} steps, "
        f"from {summary.starts_at:%a %d %b %H:%M} to {summary.ends_at:%a %d %b %H:%M} UTC."
    )
    console.print(
        f"{summary.late_orders} late orders ({summary.tardiness_minutes:,} minutes late in all), "
        f"{summary.setups} changeovers, {summary.changes} steps moved from the plan before; "
        f"frozen until {summary.frozen_until:%a %d %b %H:%M} UTC."
    )
    stages = Table("objective", "value", "bound", "gap", "seconds", "status")
    for stage in summary.stages:
        stages.add_row(
            str(stage["objective"]),
            str(stage["value"]),
            str(stage["bound"]),
            f"{float(str(stage['gap'])) * 100:.1f} %",
            str(stage["seconds"]),
            str(stage["status"]),
        )
    console.print(stages)
    if summary.unplanned:
        console.print(f"[yellow]{len(summary.unplanned)} racks left out[/yellow]:")
        for rack, why in list(summary.unplanned.items())[:10]:
            console.print(f"  {rack}: {why}")


@app.command("show")
@plainly
def show(
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of tables."),
) -> None:
    """The current plan: its summary, its late orders and why, each workcentre's load."""
    with open_database() as db:
        summary = planning.current_plan(db)
        if summary is None:
            raise fail("There is no current plan yet: make one with `cordwainer plan make`.")
        late = plan_views.late_orders(db)
        load = plan_views.workcentre_load(db)
    if as_json:
        body = {
            "plan": asdict(summary),
            "late_orders": [asdict(order) for order in late],
            "load": [asdict(day) | {"share": day.share} for day in load],
        }
        typer.echo(json.dumps(body, default=str, indent=2))
        return
    _say_summary(summary)
    table = Table("order", "customer", "due", "finishes (UTC)", "late", "bottleneck", "why")
    for order in late:
        table.add_row(
            order.order_code,
            order.customer,
            f"{order.due_on:%a %d %b}",
            f"{order.finishes_at:%a %d %b %H:%M}" if order.finishes_at else "not planned",
            f"{order.late_minutes} min",
            order.bottleneck or "",
            order.reason,
        )
    console.print(table if late else "[green]✓[/green] Every planned order is on time.")
    loads = Table("day", "workcentre", "planned", "bench time", "load")
    for day in load:
        share = f"{day.share * 100:.0f} %" if day.share is not None else "—"
        loads.add_row(
            f"{day.day:%a %d %b}",
            day.workcentre_name,
            f"{day.planned_minutes / 60:.1f} h",
            f"{day.bench_minutes / 60:.1f} h",
            share,
        )
    console.print(loads)


@app.command("import")
@plainly
def import_file(
    file: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, help="A .csv or .xlsx file.")
    ],
) -> None:
    """Import production orders from a CSV file or an Excel workbook: all of them, or none."""
    with open_database() as db:
        done = order_import.import_orders(db, file.read_bytes(), file.name)
    console.print(
        f"[green]✓[/green] {len(done.orders)} orders, {done.pairs:,} pairs from {done.rows} rows: "
        + ", ".join(done.orders)
    )


@app.command("dispatch")
@plainly
def dispatch(
    station: str,
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """What a bench does next, as the current plan has it."""
    with open_database() as db:
        found = plan_views.dispatch_list(db, station)
    if as_json:
        typer.echo(json.dumps(asdict(found), default=str, indent=2))
        return
    table = Table("rack", "order", "colourway", "pairs", "who", "from (UTC)", "to", "where")
    for item in found.items:
        table.add_row(
            item.rack,
            item.order_code,
            item.colourway_name,
            str(item.pairs),
            item.operator_name,
            f"{item.starts_at:%a %d %b %H:%M}",
            f"{item.ends_at:%H:%M}",
            item.where_words,
        )
    console.print(f"[bold]{found.station}[/bold] · {found.operation_name}")
    console.print(table if found.items else "Nothing planned for this bench.")


@app.command("absent")
@plainly
def absent(
    badge: str,
    starts: str = typer.Option(..., "--from", help="Away from, e.g. 2026-11-17T07:30Z."),
    ends: str = typer.Option(..., "--to", help="When they are back."),
    reason: str = typer.Option("Ill", help="Why they are away."),
) -> None:
    """Record that someone is away; the next plan (or `plan make`) plans around it."""
    with open_database() as db:
        absences.record_absence(db, badge, _moment(starts), _moment(ends), reason)
    console.print(f"[green]✓[/green] {badge} away from {starts} to {ends}: {reason}.")


def _moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise fail(f"{text} is not a moment (2026-11-17T07:30Z).") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@app.command("fjsp")
@plainly
def fjsp(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="A .fjs instance.")],
    time_limit: float = typer.Option(10.0, min=0.1, max=3600, help="Seconds to search."),
    workers: int = typer.Option(2, min=1, max=64, help="CP-SAT workers."),
    as_json: bool = typer.Option(True, "--json/--no-json", help="Print one JSON object."),
) -> None:
    """Solve a flexible job-shop instance (.fjs) with the planner's solver."""
    result = solve_fjs(file.read_text(encoding="utf-8"), file.stem, time_limit, workers)
    if as_json:
        typer.echo(json.dumps(result))
        return
    console.print(
        f"{result['instance']}: makespan {result['makespan']}, lower bound "
        f"{result['lower_bound']}, {result['seconds']} s"
    )
