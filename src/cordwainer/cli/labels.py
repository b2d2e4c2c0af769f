"""`cordwainer labels`: print a rack's ticket or a pair's box label, as PDF or ZPL."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from cordwainer.cli.common import console, open_database, plainly
from cordwainer.labels.pdf import box_label_pdf, rack_ticket_pdf
from cordwainer.labels.zpl import box_label_zpl, rack_ticket_zpl
from cordwainer.services import labels

app = typer.Typer(help="Print rack tickets and box labels (PDF or ZPL).", no_args_is_help=True)

ZPL_OPTION = typer.Option(False, "--zpl", help="ZPL for a Zebra printer instead of a PDF.")
OUTPUT_OPTION = typer.Option(
    None,
    "--output",
    "-o",
    help="Where to write it ('-' for standard output). "
    "Default: rack-CODE.pdf / box-GTIN-SERIAL.pdf here, ZPL to standard output.",
)


@app.command("rack")
@plainly
def rack(code: str, zpl: bool = ZPL_OPTION, output: str | None = OUTPUT_OPTION) -> None:
    """The ticket of rack CODE: its barcodes, style, colourway, pairs and routing checklist."""
    with open_database() as db:
        ticket = labels.rack_ticket(db, code)
    if zpl:
        _write(rack_ticket_zpl(ticket).encode("utf-8"), output or "-")
    else:
        _write(rack_ticket_pdf(ticket), output or f"rack-{ticket.rack}.pdf")


@app.command("box")
@plainly
def box(gtin: str, serial: str, zpl: bool = ZPL_OPTION, output: str | None = OUTPUT_OPTION) -> None:
    """The box label of pair SERIAL of GTIN: sizes, width, EAN-13, serial, Digital Link QR."""
    with open_database() as db:
        label = labels.box_label(db, gtin, serial)
    if zpl:
        _write(box_label_zpl(label).encode("utf-8"), output or "-")
    else:
        _write(box_label_pdf(label), output or f"box-{label.gtin}-{label.serial}.pdf")


def _write(body: bytes, output: str) -> None:
    if output == "-":
        sys.stdout.buffer.write(body)
        sys.stdout.buffer.flush()
        return
    path = Path(output)
    path.write_bytes(body)
    console.print(f"[green]✓[/green] {path} ({len(body):,} bytes)")
