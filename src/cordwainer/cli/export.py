"""`cordwainer export`: the floor's events in the supply chain's own formats."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from cordwainer.cli.common import errors, open_database, plainly
from cordwainer.domain.errors import InvalidValue
from cordwainer.services import epcis

app = typer.Typer(help="Export events in a standard format.", no_args_is_help=True)


@app.command("epcis")
@plainly
def export_epcis(
    since: Annotated[
        str | None, typer.Option(help="Events at or after (ISO date or date-time).")
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="Events before (ISO date or date-time).")
    ] = None,
    pair: Annotated[
        tuple[str, str] | None,
        typer.Option(metavar="GTIN SERIAL", help="Only the events of this pair."),
    ] = None,
    gtin: Annotated[str | None, typer.Option(help="The pair's GTIN (with --serial).")] = None,
    serial: Annotated[str | None, typer.Option(help="The pair's serial (with --gtin).")] = None,
    lot: Annotated[
        str | None, typer.Option(help="The lot's events and those of the pairs cut from it.")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file, not to stdout.")
    ] = None,
) -> None:
    """One EPCIS 2.0 document (JSON-LD) of the floor's events and the captured ones."""
    if pair is not None:
        gtin, serial = pair
    with open_database() as db:
        document = epcis.export_document(
            db,
            since=_moment(since, "--since"),
            until=_moment(until, "--until"),
            gtin=gtin,
            serial=serial,
            lot=lot,
        )
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if output is None:
        typer.echo(text, nl=False)
        return
    output.write_text(text, encoding="utf-8")
    count = len(document["epcisBody"]["eventList"])
    errors.print(f"[green]✓[/green] {count} events written to {output}")


def _moment(text: str | None, option: str) -> datetime | None:
    """A date (midnight UTC) or a date-time (UTC when no zone is given)."""
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidValue(
            f"{option} {text!r} is not a date or a date-time such as 2026-11-16 or "
            "2026-11-16T08:00:00Z.",
            code="invalid_time",
            option=option,
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
