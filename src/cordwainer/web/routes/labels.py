"""Labels to print from the floor: a rack's ticket and a pair's box label, as PDF or ZPL.

The station terminal links to these; a PDF opens in the tablet's viewer at 100 %, a
ZPL file goes to a Zebra printer as it is.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from cordwainer.domain.errors import NotFound
from cordwainer.labels.pdf import box_label_pdf, rack_ticket_pdf
from cordwainer.labels.zpl import box_label_zpl, rack_ticket_zpl
from cordwainer.services import labels
from cordwainer.storage.database import Database
from cordwainer.web import urls

PDF = "application/pdf"
ZPL = "text/plain; charset=utf-8"


def router(db: Database) -> APIRouter:
    pages = APIRouter(include_in_schema=False)

    @pages.get(urls.RACK_TICKET, response_model=None)
    def rack_ticket(rack: str, kind: str) -> Response:
        _check_kind(kind)
        ticket = labels.rack_ticket(db, rack)
        name = f"rack-{ticket.rack}.{kind}"
        if kind == "zpl":
            return _file(rack_ticket_zpl(ticket).encode("utf-8"), ZPL, name)
        return _file(rack_ticket_pdf(ticket), PDF, name)

    @pages.get(urls.BOX_LABEL, response_model=None)
    def box_label(gtin: str, serial: str, kind: str) -> Response:
        _check_kind(kind)
        label = labels.box_label(db, gtin, serial)
        name = f"box-{label.gtin}-{label.serial}.{kind}"
        if kind == "zpl":
            return _file(box_label_zpl(label).encode("utf-8"), ZPL, name)
        return _file(box_label_pdf(label), PDF, name)

    return pages


def _check_kind(kind: str) -> None:
    if kind not in urls.LABEL_KINDS:
        raise NotFound(
            f"Labels come as {' or '.join(urls.LABEL_KINDS)}, not {kind!r}.",
            code="label_format_not_found",
            format=kind,
        )


def _file(body: bytes, media_type: str, name: str) -> Response:
    safe = "".join(char if char.isalnum() or char in "-." else "_" for char in name)
    disposition = f'inline; filename="{safe}"'
    return Response(body, media_type=media_type, headers={"Content-Disposition": disposition})
