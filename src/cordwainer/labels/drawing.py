"""What the PDF labels share: a canvas of a given size, text that fits, barcodes and QR codes."""

from __future__ import annotations

from io import BytesIO

import segno
from reportlab.graphics import renderPDF  # type: ignore[import-untyped]
from reportlab.graphics.barcode import createBarcodeDrawing  # type: ignore[import-untyped]
from reportlab.graphics.barcode.code128 import Code128  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.lib.utils import simpleSplit  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

REGULAR = "Helvetica"
BOLD = "Helvetica-Bold"
INK = (0.0, 0.0, 0.0)


def new_canvas(buffer: BytesIO, width: float, height: float, title: str) -> Canvas:
    """A canvas that writes the same bytes for the same drawing (no dates, no random ids)."""
    canvas = Canvas(buffer, pagesize=(width, height), invariant=True, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor("Cordwainer")
    canvas.setCreator("Cordwainer")
    return canvas


def fitted(canvas: Canvas, text: str, font: str, size: float, width: float) -> float:
    """The largest size up to ``size`` at which ``text`` fits in ``width`` on one line."""
    actual = canvas.stringWidth(text, font, size)
    return size if actual <= width else max(size * width / actual, 4.0)


def line(
    canvas: Canvas, x: float, y: float, text: str, font: str, size: float, width: float
) -> None:
    """``text`` on one line from (x, y), made smaller if it would run past ``width``."""
    canvas.setFont(font, fitted(canvas, text, font, size, width))
    canvas.drawString(x, y, text)


def paragraph(
    canvas: Canvas, x: float, y: float, text: str, font: str, size: float, width: float
) -> float:
    """``text`` wrapped to ``width`` from (x, y) downwards; returns the y below it."""
    canvas.setFont(font, size)
    for row in simpleSplit(text, font, size, width):
        canvas.drawString(x, y, row)
        y -= size * 1.25
    return y


def qr_code(canvas: Canvas, x: float, y: float, data: str, side: float) -> None:
    """A QR code of ``data`` in a ``side``-wide square from (x, y), quiet zone included."""
    symbol = segno.make_qr(data, error="m")
    border = 4
    rows = [list(row) for row in symbol.matrix]
    count = len(rows) + 2 * border
    module = side / count
    canvas.setFillColorRGB(*INK)
    for r, row in enumerate(rows):
        top = y + side - (r + border + 1) * module
        c = 0
        while c < len(row):
            if not row[c]:
                c += 1
                continue
            start = c
            while c < len(row) and row[c]:
                c += 1
            left = x + (start + border) * module
            canvas.rect(left, top, (c - start) * module, module, stroke=0, fill=1)


def code128(
    canvas: Canvas, x: float, y: float, data: str, height: float, module: float = 0.38 * mm
) -> float:
    """A Code 128 barcode of ``data`` from (x, y) with its quiet zones; returns its width."""
    symbol = Code128(data, barHeight=height, barWidth=module, quiet=1)
    symbol.drawOn(canvas, x, y)
    return float(symbol.width)


def ean13(canvas: Canvas, x: float, y: float, gtin13: str, height: float) -> None:
    """An EAN-13 barcode of ``gtin13`` with its digits under it, from (x, y)."""
    drawing = createBarcodeDrawing(
        "EAN13",
        value=gtin13[:12],
        barHeight=height,
        barWidth=0.33 * mm,
        fontSize=8,
        humanReadable=True,
        quiet=True,
    )
    renderPDF.draw(drawing, canvas, x, y)


def checkbox(canvas: Canvas, x: float, y: float, side: float) -> None:
    canvas.setLineWidth(0.8)
    canvas.rect(x, y, side, side, stroke=1, fill=0)
