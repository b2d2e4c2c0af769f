"""`cordwainer trace`: a pair's story, a lot's pairs."""

from __future__ import annotations

import json
from dataclasses import asdict

import typer
from rich.table import Table

from cordwainer.cli.common import console, open_database, plainly
from cordwainer.services import trace

app = typer.Typer(help="Trace a pair back, or a material lot forward.", no_args_is_help=True)


@app.command("pair")
@plainly
def trace_pair(
    gtin: str,
    serial: str,
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """Every event of a pair, with its operators, stations, lots and suppliers."""
    with open_database() as db:
        found = trace.trace_pair(db, gtin, serial)
    if as_json:
        typer.echo(json.dumps(asdict(found), default=str, indent=2))
        return
    pair = found.pair
    console.print(
        f"[bold]{pair.style_name} {pair.colourway_name}[/bold] UK {pair.size} {pair.width} · "
        f"GTIN {pair.gtin} serial {pair.serial} · {pair.status} · rack {pair.rack}"
    )
    events = Table("when (UTC)", "what", "step", "station", "who", "result")
    for event in found.events:
        events.add_row(
            f"{event.event_time:%Y-%m-%d %H:%M}",
            event.kind,
            event.operation or "",
            event.station or "",
            event.operator_name or "",
            " ".join(filter(None, (event.result, event.defect_code))),
        )
    console.print(events)
    lots = Table("lot", "material", "drawn", "supplier", "country", "certifications")
    for lot in found.lots:
        lots.add_row(
            lot.lot,
            lot.material_name,
            f"{lot.quantity_drawn:g}",
            lot.supplier_name,
            lot.supplier_country,
            ", ".join(lot.certifications),
        )
    console.print(lots)


@app.command("lot")
@plainly
def trace_lot(
    lot: str,
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """Every pair cut from a material lot, where it is now and its shipment."""
    with open_database() as db:
        found = trace.trace_lot(db, lot)
    if as_json:
        typer.echo(json.dumps(asdict(found), default=str, indent=2))
        return
    table = Table("GTIN", "serial", "status", "rack", "order", "customer", "shipment")
    for pair in found.pairs:
        table.add_row(
            pair.gtin,
            pair.serial,
            pair.status,
            pair.rack,
            pair.order,
            pair.customer,
            pair.shipment or "",
        )
    console.print(f"Lot {found.lot}: {len(found.pairs)} pairs")
    console.print(table)
