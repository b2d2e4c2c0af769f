"""The `cordwainer` command."""

from __future__ import annotations

import typer

from cordwainer.cli import bench, db, export, labels, making, plan, trace, whatif

app = typer.Typer(
    name="cordwainer",
    help="Cordwainer: shop floor, quality and provenance for craft footwear factories.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(db.app, name="db")
app.add_typer(trace.app, name="trace")
app.add_typer(bench.app, name="bench")
app.add_typer(export.app, name="export")
app.add_typer(labels.app, name="labels")
app.add_typer(plan.app, name="plan")
app.command()(making.demo)
app.command()(making.simulate)
app.command()(making.serve)
app.command()(whatif.whatif)
app.command()(trace.recall)


def main() -> None:
    app()
