"""The labels in ZPL II, for Zebra thermal printers at 203 dpi (8 dots a millimetre).

A rack ticket is A6 (105 × 148 mm), a box label 100 × 62 mm, the same layouts as the
PDFs. Barcodes are the printer's own: ``^BC`` Code 128 for the rack code, ``^BE``
EAN-13 for the GTIN (the printer adds the check digit to the 12 digits it is given),
``^BQ`` QR codes for the rack code and the pair's Digital Link. Text is UTF-8 (``^CI28``);
a field holding ``^``, ``~``, ``_`` or a character beyond ASCII is sent hex-escaped
(``^FH``), so no value can end a field or issue a command.
"""

from __future__ import annotations

from cordwainer.services.labels import BoxLabel, RackTicket

DOTS_PER_MM = 8
_ESCAPE = "_"
_SPECIAL = frozenset("^~_")


def _dots(mm: float) -> int:
    return round(mm * DOTS_PER_MM)


def data(value: str) -> str:
    """``^FD{value}^FS``, hex-escaped after ``^FH`` when it holds a character ZPL reads."""
    if all(char.isascii() and char.isprintable() and char not in _SPECIAL for char in value):
        return f"^FD{value}^FS"
    escaped = "".join(
        char
        if char.isascii() and char.isprintable() and char not in _SPECIAL
        else "".join(f"{_ESCAPE}{byte:02X}" for byte in char.encode("utf-8"))
        for char in value
    )
    return f"^FH{_ESCAPE}^FD{escaped}^FS"


def _text(x_mm: float, y_mm: float, value: str, height_mm: float, width_mm: float = 0) -> str:
    """A line of the printer's scalable font at (x, y) mm from the top left."""
    size = _dots(height_mm)
    block = f"^FB{_dots(width_mm)},1,0,L,0" if width_mm else ""
    return f"^FO{_dots(x_mm)},{_dots(y_mm)}^A0N,{size},{size}{block}{data(value)}"


def _qr(x_mm: float, y_mm: float, value: str, magnification: int) -> str:
    """A model 2 QR code, error correction M, automatic data mode."""
    return f"^FO{_dots(x_mm)},{_dots(y_mm)}^BQN,2,{magnification}{data('MA,' + value)}"


def _label(width_mm: float, height_mm: float, fields: list[str]) -> str:
    head = ["^XA", "^CI28", f"^PW{_dots(width_mm)}", f"^LL{_dots(height_mm)}", "^LH0,0"]
    return "\n".join([*head, *fields, "^XZ"]) + "\n"


def rack_ticket_zpl(ticket: RackTicket) -> str:
    """The rack's ticket for an A6 label on a Zebra printer."""
    sizes = "  ".join(f"UK {n.size} {n.width} x{n.pairs}" for n in ticket.lines)
    released = f"{ticket.released_on.day} {ticket.released_on:%b %Y}"
    fields = [
        _text(7, 6, "RACK TICKET", 3),
        _text(7, 11, ticket.rack, 10),
        f"^FO{_dots(6)},{_dots(24)}^BY3,3^BCN,{_dots(13)},N,N,N{data(ticket.rack)}",
        _qr(76, 5, ticket.rack, 6),
        _text(7, 42, f"{ticket.style_name} - {ticket.reference}", 5, 91),
        _text(7, 48.5, f"{ticket.colourway_name} ({ticket.colourway_code})", 4, 91),
        _text(7, 54, f"Order {ticket.order} - released {released}", 3, 91),
        _text(7, 60, f"{ticket.pairs} pairs", 3.5),
        f"^FO{_dots(7)},{_dots(65)}^A0N,{_dots(3)},{_dots(3)}^FB{_dots(91)},4,2,L,0{data(sizes)}",
        _text(7, 80, "Routing: tick each step when it has passed its check", 3.2),
    ]
    row = min(6.2, 58 / max(len(ticket.steps), 1))
    for number, step in enumerate(ticket.steps, start=1):
        y = 85 + (number - 1) * row
        fields.append(f"^FO{_dots(7)},{_dots(y)}^GB{_dots(3.5)},{_dots(3.5)},2^FS")
        fields.append(_text(12.5, y, f"{number}. {step.name}", 3, 85))
        fields.append(_text(12.5, y + 3.2, f"Check: {step.check}", 2.2, 85))
    return _label(105, 148, fields)


def box_label_zpl(label: BoxLabel) -> str:
    """The pair's box label for a 100 × 62 mm label on a Zebra printer."""
    fields = [
        _text(4, 4, label.style_name, 5.5, 62),
        _text(4, 10.5, label.colourway_name, 3.5, 62),
        _text(4, 15.5, f"UK {label.size.uk}", 8.5),
        _text(37, 15.5, f"Width {label.width}", 4),
        _text(37, 20.5, label.width_name, 3),
        _text(4, 25.5, f"EU {label.size.eu}   US {label.size.us}", 3.8),
    ]
    if label.gtin13 is not None:
        barcode = f"^BY2,3^BEN,{_dots(12)},Y,N{data(label.gtin13[:12])}"
    else:
        barcode = f"^BY2,3^BCN,{_dots(12)},Y,N,N{data(label.gtin)}"
    fields.append(f"^FO{_dots(4)},{_dots(33)}{barcode}")
    fields += [
        _qr(68, 2, label.digital_link, 4),
        _text(69, 34, "Scan for this pair's passport", 2.2, 29),
        _text(69, 43, f"No. {label.serial}", 3.2, 29),
        _text(69, 48.5, f"Made in {label.made_in}", 2.6, 29),
        _text(69, 53, label.reference, 2.6, 29),
    ]
    return _label(100, 62, fields)
