"""`cordwainer whatif SCENARIO.yaml`: variants of the factory side by side, from one seed."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress
from rich.table import Table

from cordwainer.cli.common import console, plainly
from cordwainer.simulation.scenarios import read_scenario
from cordwainer.simulation.whatif import WhatIf, demo_template, run_whatif
from cordwainer.simulation.whatif_plot import draw_whatif


@plainly
def whatif(
    scenario_file: Annotated[
        Path,
        typer.Argument(help="The scenario (YAML); see docs/whatif.md and simulation/scenarios/."),
    ],
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="Folder for the plot (NAME.png and NAME.svg)."),
    ] = Path("."),
    databases: Annotated[
        Path | None,
        typer.Option(help="Keep each variant's database in this folder (else a temporary one)."),
    ] = None,
) -> None:
    """Run a scenario's variants on fresh copies of the demo factory and compare them."""
    scenario = read_scenario(scenario_file)
    with tempfile.TemporaryDirectory(prefix="cordwainer-whatif-") as scratch:
        folder = databases or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        with console.status("Setting up the demo factory through the services…"):
            template = demo_template(folder / "demo-factory.sqlite")
        with Progress(console=console) as progress:
            tasks = {
                variant.name: progress.add_task(variant.name, total=scenario.days)
                for variant in scenario.variants
            }
            result = run_whatif(
                scenario,
                folder,
                template=template,
                progress=lambda name, done, _: progress.update(tasks[name], completed=done),
            )
    console.print(_comparison(result))
    console.print(_workcentres(result))
    png, svg = draw_whatif(result, output / scenario_file.stem)
    console.print(f"[green]✓[/green] Plot written to {png} and {svg}")
    if databases:
        console.print(f"  Each variant's database is in {databases}")


def _comparison(result: WhatIf) -> Table:
    base = result.base.measures
    table = Table(
        title=f"{result.scenario.title} — {base.days} working days measured",
        caption=f"Seed {result.scenario.seed}; the first {result.scenario.warm_up_days} "
        "days fill the empty floor and are left out.",
    )
    table.add_column("Variant")
    for heading in (
        "Pairs a day",
        "vs first",
        "Order to box, median",
        "9 in 10 within",
        "Pairs on the floor",
        "Busiest workcentre",
        "Reworked",
    ):
        table.add_column(heading, justify="right")
    names = dict(result.workcentres)
    for row in result.results:
        m = row.measures
        change = (m.pairs_per_day / base.pairs_per_day - 1) if base.pairs_per_day else 0.0
        busiest = max(m.utilisation, key=lambda op: m.utilisation[op] or 0.0)
        table.add_row(
            row.name,
            f"{m.pairs_per_day:,.0f} pairs",
            "—" if row is result.base else f"{change:+.1%}",
            _days(m.lead_days_median),
            _days(m.lead_days_p90),
            f"{m.wip_average:,.0f} pairs",
            f"{names.get(busiest, busiest)} {(m.utilisation[busiest] or 0):.0%}",
            f"{m.reworked:,} pairs",
        )
    return table


def _workcentres(result: WhatIf) -> Table:
    table = Table(title="How busy is each workcentre? (share of open bench-time worked)")
    table.add_column("Workcentre")
    for row in result.results:
        table.add_column(row.name, justify="right")
    for code, name in result.workcentres:
        cells = [row.measures.utilisation.get(code) for row in result.results]
        table.add_row(name, *("—" if cell is None else f"{cell:.0%}" for cell in cells))
    return table


def _days(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} days"
