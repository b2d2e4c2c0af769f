"""`cordwainer trace`: a pair's story, a lot's pairs; `cordwainer recall`: a lot called back."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from cordwainer.cli.common import console, errors, open_database, plainly
from cordwainer.services import recall as recalls
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
        f"GTIN {pair.gtin} serial {pair.serial} · {pair.status} · rack {pair.rack} · "
        f"order {pair.order} for {pair.customer}"
    )
    packing = found.packing
    if packing.shipped_at is not None:
        console.print(
            f"Shipped {packing.shipped_at:%Y-%m-%d} under {packing.shipment} to "
            f"{packing.shipped_to}"
        )
    elif packing.boxed_at is not None:
        console.print(f"Boxed {packing.boxed_at:%Y-%m-%d} at {packing.box_station}")
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
    table = Table("GTIN", "serial", "status", "where", "rack", "order", "shipment", "shipped to")
    for pair in found.pairs:
        table.add_row(
            pair.gtin,
            pair.serial,
            pair.status,
            pair.operation or "",
            pair.rack,
            pair.order,
            pair.shipment or "",
            pair.shipped_to or "",
        )
    console.print(f"Lot {found.lot}: {len(found.pairs)} pairs")
    console.print(table)


@plainly
def recall(
    lot: str,
    csv_file: Annotated[
        Path | None,
        typer.Option("--csv", help="Write one row per pair to this CSV file, for the customers."),
    ] = None,
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a summary."),
) -> None:
    """Recall a material lot: its pairs by status, and the shipments and customers holding them."""
    with open_database() as db:
        found = recalls.recall_lot(db, lot)
    if csv_file is not None:
        csv_file.write_text(recalls.recall_csv(found), encoding="utf-8")
    if as_json:
        typer.echo(json.dumps(asdict(found), default=str, indent=2))
    else:
        material = found.lot
        console.print(
            f"[bold]Recall of lot {material.lot}[/bold] · {material.material_name} from "
            f"{material.supplier_name} ({material.supplier_country}): {found.affected} pairs · "
            f"{found.in_production} in production · {found.boxed} boxed · "
            f"{found.shipped} shipped · {found.scrapped} scrapped"
        )
        table = Table("shipment", "customer", "pairs")
        for shipment in found.shipments:
            table.add_row(shipment.shipment, shipment.customer, str(shipment.pairs))
        console.print(table)
    if csv_file is not None:
        errors.print(f"{found.affected} pairs written to {csv_file}")
