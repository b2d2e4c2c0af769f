"""`cordwainer db`: the database's schema."""

from __future__ import annotations

import typer

from cordwainer.cli.common import console, open_database, plainly
from cordwainer.storage.migrate import current_revision, upgrade

app = typer.Typer(help="The database: bring its schema up to date.", no_args_is_help=True)


@app.command("upgrade")
@plainly
def upgrade_command() -> None:
    """Run every migration not yet applied (CORDWAINER_DATABASE_URL names the database)."""
    with open_database() as db:
        upgrade(db.engine)
        console.print(f"[green]✓[/green] schema at revision {current_revision(db.engine)}")
