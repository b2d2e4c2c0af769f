"""What the labels say: a rack's ticket and a pair's box label, read from the floor's records.

The rack ticket travels with the rack through the workshop: its code as a barcode, the
style and colourway, the sizes and widths of its pairs, and the routing as a checklist.
The box label goes on the end of the pair's box: its sizes in three systems, its width,
the GTIN as an EAN-13, its serial, and its GS1 Digital Link as a QR code, on the
resolver the site names. ``cordwainer.labels`` draws them as PDF and as ZPL.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from cordwainer.domain.catalogue import UK_SIZES
from cordwainer.domain.errors import NotFound, RuleBroken
from cordwainer.domain.floor import PairStatus
from cordwainer.domain.identifiers import Gtin, Serial, Sgtin
from cordwainer.domain.sizes import ShoeSize, shoe_size, width_name
from cordwainer.standards.digital_link import pair_uri
from cordwainer.storage.database import Database

WIDTH_ORDER = ("B", "D", "2E", "4E")


@dataclass(frozen=True, slots=True)
class TicketLine:
    """How many pairs of one size and width the rack carries."""

    size: str
    width: str
    pairs: int


@dataclass(frozen=True, slots=True)
class TicketStep:
    name: str
    check: str


@dataclass(frozen=True, slots=True)
class RackTicket:
    rack: str
    order: str
    style_name: str
    reference: str
    colourway_name: str
    colourway_code: str
    released_on: date
    lines: tuple[TicketLine, ...]
    steps: tuple[TicketStep, ...]

    @property
    def pairs(self) -> int:
        return sum(line.pairs for line in self.lines)


@dataclass(frozen=True, slots=True)
class BoxLabel:
    gtin: str
    serial: str
    digital_link: str
    style_name: str
    reference: str
    colourway_name: str
    size: ShoeSize
    width: str
    made_in: str
    company: str

    @property
    def gtin13(self) -> str | None:
        """The 13 digits of the EAN-13 barcode, or None for a GTIN-14 with an indicator."""
        return Gtin(self.gtin).gtin13

    @property
    def width_name(self) -> str:
        return width_name(self.width)


def rack_ticket(db: Database, rack: str) -> RackTicket:
    """The ticket of rack ``rack``, to print when it is released and whenever it is lost."""
    with db.looking() as uow:
        found = uow.floor.rack(rack)
        if found is None:
            raise NotFound(f"There is no rack {rack}.", code="rack_not_found", rack=rack)
        style = uow.catalogue.style(found.style_code)
        colourway = uow.catalogue.colourway(found.colourway_code)
        routing = uow.catalogue.routing(found.style_code)
        variants = {v.gtin: v for v in uow.catalogue.variants(found.colourway_code)}
        pairs = uow.floor.pairs_of_rack(rack)
    assert style is not None
    assert colourway is not None
    counted = Counter((variants[p.gtin].size, variants[p.gtin].width) for p in pairs)
    return RackTicket(
        rack=found.code,
        order=found.order_code,
        style_name=style.name,
        reference=style.reference,
        colourway_name=colourway.name,
        colourway_code=colourway.code,
        released_on=found.released_at.date(),
        lines=tuple(
            TicketLine(size, width, count)
            for (size, width), count in sorted(counted.items(), key=_size_rank)
        ),
        steps=tuple(TicketStep(op.name, op.check) for op in routing.operations),
    )


def box_label(db: Database, gtin: str, serial: str) -> BoxLabel:
    """The box label of the pair ``serial`` of ``gtin`` (a GTIN-8, -12, -13 or -14)."""
    key, code = Gtin.parse(gtin).value, Serial.parse(serial).value
    with db.looking() as uow:
        pair = uow.floor.pair(key, code)
        if pair is None:
            raise NotFound(
                f"No pair {code} of GTIN {key} was made here.",
                code="pair_not_found",
                gtin=key,
                serial=code,
            )
        variant = uow.catalogue.variant(key)
        site = uow.catalogue.site()
        assert variant is not None
        style = uow.catalogue.style(variant.style_code)
        colourway = uow.catalogue.colourway(variant.colourway_code)
    if site is None:
        raise NotFound("This factory is not set up yet.", code="site_not_found")
    assert style is not None
    assert colourway is not None
    if pair.status is PairStatus.SCRAPPED:
        raise RuleBroken(
            f"Pair {code} was scrapped; it gets no box label.",
            code="pair_scrapped",
            gtin=key,
            serial=code,
        )
    return BoxLabel(
        gtin=key,
        serial=code,
        digital_link=pair_uri(site.resolver, Sgtin(Gtin(key), Serial(code))),
        style_name=style.name,
        reference=style.reference,
        colourway_name=colourway.name,
        size=shoe_size(variant.size),
        width=variant.width,
        made_in=site.name,
        company=site.company,
    )


def _size_rank(item: tuple[tuple[str, str], int]) -> tuple[int, int, str]:
    (size, width), _ = item
    size_at = UK_SIZES.index(size) if size in UK_SIZES else len(UK_SIZES)
    width_at = WIDTH_ORDER.index(width) if width in WIDTH_ORDER else len(WIDTH_ORDER)
    return size_at, width_at, width
