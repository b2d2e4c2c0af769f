"""The benches a station terminal stands at, and what a code scanned there names.

``workcentres`` and ``station`` describe the benches. ``identify`` tells what a scanned
code is: a rack ticket, a person's badge, or a pair (its serial, or the Digital Link on
its box label). ``pair_view`` is what the terminal shows for a pair scanned on its own:
where it stands, the last thing found wrong with it, and its photos.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

from cordwainer.domain.catalogue import Operation
from cordwainer.domain.errors import CordwainerError, InvalidValue, NotFound
from cordwainer.services import trace
from cordwainer.standards.digital_link import parse_pair_uri
from cordwainer.storage import dashboard_queries as q
from cordwainer.storage import trace_queries
from cordwainer.storage.database import Database
from cordwainer.storage.photo_store import PhotoStore

FINDINGS = ("fail", "rework", "scrap")  # results that say something was wrong


@dataclass(frozen=True, slots=True)
class Workcentre:
    code: str
    name: str
    operation: str
    operation_name: str
    stations: tuple[str, ...]


def workcentres(db: Database) -> tuple[Workcentre, ...]:
    """Every workcentre with its stations, in routing order."""
    with db.reading() as connection:
        rows = q.stations(connection)
    grouped: dict[str, list[q.StationRow]] = {}
    for row in rows:
        grouped.setdefault(row.workcentre, []).append(row)
    return tuple(
        Workcentre(
            code,
            benches[0].workcentre_name,
            benches[0].operation,
            benches[0].operation_name,
            tuple(bench.station for bench in benches),
        )
        for code, benches in grouped.items()
    )


def station(db: Database, code: str) -> q.StationRow:
    """The station ``code``: its workcentre and the operation done there."""
    with db.reading() as connection:
        found = q.station(connection, code)
    if found is None:
        raise NotFound(
            f"There is no station {code}. Pick your bench from the list.",
            code="station_not_found",
            station=code,
        )
    return found


class Scanned(StrEnum):
    RACK = "rack"
    BADGE = "badge"
    PAIR = "pair"


@dataclass(frozen=True, slots=True)
class Identified:
    """What a scanned code names: a rack or a badge by its code, a pair by GTIN and serial."""

    kind: Scanned
    code: str
    gtin: str | None = None


def identify(db: Database, scanned: str) -> Identified:
    """What the code names; a rack ticket first, then a badge, then a pair."""
    code = scanned.strip()
    if "/01/" in code:
        return _pair_of_link(db, code)
    with db.looking() as uow:
        if code and uow.floor.rack(code.upper()) is not None:
            return Identified(Scanned.RACK, code.upper())
        for badge in (code, code.upper()):
            if badge and uow.catalogue.operator_by_badge(badge) is not None:
                return Identified(Scanned.BADGE, badge)
        pairs = uow.floor.pairs_by_serial([code]) if code else []
    if len(pairs) > 1:
        raise InvalidValue(
            f"Serial {code} names {len(pairs)} pairs; scan the Digital Link on the box label.",
            code="serial_ambiguous",
            serial=code,
        )
    if pairs:
        return Identified(Scanned.PAIR, pairs[0].serial, pairs[0].gtin)
    raise NotFound(
        f"Nothing here is known as '{code}'. Scan a rack ticket, a pair's label or your badge.",
        code="scan_not_recognised",
        scanned=code,
    )


def _pair_of_link(db: Database, link: str) -> Identified:
    try:
        sgtin = parse_pair_uri(link)
    except CordwainerError:
        raise NotFound(
            f"Nothing here is known as '{link}'. Scan a rack ticket, a pair's label or your badge.",
            code="scan_not_recognised",
            scanned=link,
        ) from None
    with db.looking() as uow:
        pair = uow.floor.pair(sgtin.gtin.value, sgtin.serial.value)
    if pair is None:
        raise NotFound(
            f"No pair {sgtin.serial.value} of GTIN {sgtin.gtin.value} was made here.",
            code="pair_not_found",
        )
    return Identified(Scanned.PAIR, pair.serial, pair.gtin)


@dataclass(frozen=True, slots=True)
class PairView:
    """A pair on its own: where it stands, what was last found wrong, its photos."""

    pair: trace_queries.PairFacts
    routing: tuple[Operation, ...]
    last_finding: trace_queries.TraceEvent | None
    defect_description: str | None
    photos: tuple[UUID, ...]

    @property
    def operation(self) -> Operation:
        return self.routing[self.pair.step]


def pair_view(db: Database, gtin: str, serial: str) -> PairView:
    story = trace.trace_pair(db, gtin, serial)
    findings = [event for event in story.events if event.result in FINDINGS]
    last = findings[-1] if findings else None
    with db.looking() as uow:
        routing = uow.catalogue.routing(story.pair.style_code)
        defects = uow.catalogue.defect_codes()
        pair = uow.floor.pair(story.pair.gtin, story.pair.serial)
        assert pair is not None  # the trace found it
        photos = PhotoStore(uow.connection).of_pair(pair.id)
    described = defects.get(last.defect_code) if last and last.defect_code else None
    return PairView(
        pair=story.pair,
        routing=routing.operations,
        last_finding=last,
        defect_description=described.description if described else None,
        photos=tuple(photos),
    )
