"""The labels as PDF: an A6 rack ticket and a 100 × 62 mm box label, ready to print at 100 %."""

from __future__ import annotations

from io import BytesIO

from reportlab.lib.pagesizes import A6  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

from cordwainer.labels.drawing import (
    BOLD,
    REGULAR,
    checkbox,
    code128,
    ean13,
    line,
    new_canvas,
    paragraph,
    qr_code,
)
from cordwainer.services.labels import BoxLabel, RackTicket

MARGIN = 7 * mm
BOX_LABEL_SIZE = (100 * mm, 62 * mm)


def rack_ticket_pdf(ticket: RackTicket) -> bytes:
    """The rack's ticket on one A6 page: code and barcodes, the style, its pairs, the routing."""
    buffer = BytesIO()
    width, height = A6
    canvas = new_canvas(buffer, width, height, f"Rack ticket {ticket.rack}")
    inner = width - 2 * MARGIN
    top = height - MARGIN
    qr_side = 27 * mm
    qr_code(canvas, width - MARGIN - qr_side + 2 * mm, top - qr_side + 2 * mm, ticket.rack, qr_side)
    canvas.setFont(REGULAR, 7)
    canvas.drawString(MARGIN, top - 7, "RACK TICKET")
    line(canvas, MARGIN, top - 30, ticket.rack, BOLD, 24, inner - qr_side)
    code128(canvas, MARGIN - 2 * mm, top - 36 - 12 * mm, ticket.rack, 12 * mm)
    y = top - 34 * mm
    line(canvas, MARGIN, y, f"{ticket.style_name} · {ticket.reference}", BOLD, 13, inner)
    y -= 14
    line(
        canvas, MARGIN, y, f"{ticket.colourway_name} ({ticket.colourway_code})", REGULAR, 10, inner
    )
    y -= 11
    released = f"{ticket.released_on.day} {ticket.released_on:%b %Y}"
    line(canvas, MARGIN, y, f"Order {ticket.order} · released {released}", REGULAR, 7.5, inner)
    y -= 16
    canvas.setFont(BOLD, 8.5)
    canvas.drawString(MARGIN, y, f"{ticket.pairs} pair{'' if ticket.pairs == 1 else 's'}")
    sizes = "  ·  ".join(f"UK {n.size} {n.width} ×{n.pairs}" for n in ticket.lines)
    y = paragraph(canvas, MARGIN, y - 11, sizes, REGULAR, 8, inner)
    y -= 6
    canvas.setFont(BOLD, 8.5)
    canvas.drawString(MARGIN, y, "Routing: tick each step when it has passed its check")
    y -= 5
    _checklist(canvas, ticket, y, inner)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _checklist(canvas: Canvas, ticket: RackTicket, y: float, inner: float) -> None:
    """The routing's steps, one tick box each, filling the rest of the page."""
    available = y - MARGIN
    row = min(7.5 * mm, available / max(len(ticket.steps), 1))
    box = min(3.6 * mm, row * 0.55)
    for number, step in enumerate(ticket.steps, start=1):
        y -= row
        checkbox(canvas, MARGIN, y + row * 0.35, box)
        name = f"{number}. {step.name}"
        line(canvas, MARGIN + box + 2.5 * mm, y + row * 0.55, name, BOLD, 8.5, inner - box)
        check = f"Check: {step.check}"
        line(canvas, MARGIN + box + 2.5 * mm, y + row * 0.18, check, REGULAR, 6.5, inner - box)


def box_label_pdf(label: BoxLabel) -> bytes:
    """The pair's box label: sizes, width, EAN-13 of the GTIN, serial, Digital Link QR code."""
    buffer = BytesIO()
    width, height = BOX_LABEL_SIZE
    canvas = new_canvas(buffer, width, height, f"Box label {label.gtin} {label.serial}")
    margin = 4 * mm
    qr_side = 30 * mm
    left_width = width - 2 * margin - qr_side
    top = height - margin
    line(canvas, margin, top - 12, label.style_name, BOLD, 14, left_width)
    line(canvas, margin, top - 24, label.colourway_name, REGULAR, 9.5, left_width)
    line(canvas, margin, top - 46, f"UK {label.size.uk}", BOLD, 22, left_width * 0.55)
    line(
        canvas,
        margin + left_width * 0.55,
        top - 38,
        f"Width {label.width}",
        BOLD,
        11,
        left_width * 0.45,
    )
    line(
        canvas,
        margin + left_width * 0.55,
        top - 48,
        label.width_name,
        REGULAR,
        8,
        left_width * 0.45,
    )
    line(
        canvas,
        margin,
        top - 60,
        f"EU {label.size.eu}   US {label.size.us}",
        REGULAR,
        10,
        left_width,
    )
    if label.gtin13 is not None:
        ean13(canvas, margin - 1.5 * mm, margin, label.gtin13, 13 * mm)
    else:
        code128(canvas, margin - 2 * mm, margin + 3 * mm, label.gtin, 12 * mm, module=0.3 * mm)
    qr_x = width - margin - qr_side + 2 * mm
    qr_code(canvas, qr_x, height - margin - qr_side + 2 * mm, label.digital_link, qr_side)
    right = width - margin - qr_side + 4 * mm
    line(
        canvas, right, height - margin - qr_side - 2, "Scan for this pair's", REGULAR, 6.5, qr_side
    )
    line(canvas, right, height - margin - qr_side - 9.5, "passport", REGULAR, 6.5, qr_side)
    line(canvas, right, margin + 12 * mm, f"No. {label.serial}", BOLD, 9, qr_side - 4 * mm)
    line(canvas, right, margin + 7 * mm, f"Made in {label.made_in}", REGULAR, 7, qr_side - 4 * mm)
    line(canvas, right, margin + 2.5 * mm, label.reference, REGULAR, 7, qr_side - 4 * mm)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
