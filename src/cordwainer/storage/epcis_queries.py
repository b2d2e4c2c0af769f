"""Read side of EPCIS: the floor's events with what they name, and captured events.

Both are read in event-time order, a batch at a time, with the filters a query can
decide in the database; each batch costs a fixed handful of queries, whatever its size.
The conditions vary with the query, so they are built with SQLAlchemy Core (which also
gives SQLite's times and ids their Python types).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, Select, and_, exists, false, or_, select

from cordwainer.domain.floor import EventKind, FloorEvent, LotUse, PairMark, Result
from cordwainer.domain.identifiers import Gln, Gtin, Serial, Sgtin
from cordwainer.standards.epcis import ANY_EPC_ROLES, MATCH_EPC_ROLES
from cordwainer.standards.epcis_export import LoggedEvent, PairFacts, Site
from cordwainer.standards.epcis_query import EventFilter
from cordwainer.storage import tables as t

_IN_CHUNK = 500


@dataclass(frozen=True, slots=True)
class FloorSelection:
    """Which floor events to read."""

    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive
    pairs: frozenset[tuple[str, str]] | None = None  # naming one of these (GTIN, serial)
    lot: str | None = None  # drawing on the lot, or naming a pair cut from it
    biz_steps: frozenset[str] | None = None  # the log's own step names


@dataclass(frozen=True, slots=True)
class CapturedEvent:
    key: UUID
    body: dict[str, Any]
    context: Any  # the @context of the document it arrived in
    event_time: datetime
    record_time: datetime


def site(connection: Connection) -> Site | None:
    row = connection.execute(select(t.sites.c.gln, t.sites.c.resolver, t.sites.c.country)).first()
    return Site(Gln(row.gln), row.resolver, row.country) if row else None


def floor_events(
    connection: Connection, selection: FloorSelection, limit: int
) -> list[LoggedEvent]:
    """The first ``limit`` floor events of the selection, by event time, each whole."""
    e = t.events
    query = (
        select(e, t.racks.c.order_code)
        .select_from(e.outerjoin(t.racks, t.racks.c.code == e.c.rack_code))
        .order_by(e.c.event_time, e.c.id)
        .limit(limit)
    )
    rows = connection.execute(_where(query, selection)).mappings().all()
    ids = [row["id"] for row in rows]
    marks = _marks(connection, ids)
    lots = _lots(connection, ids)
    return [
        LoggedEvent(
            FloorEvent(
                id=row["id"],
                kind=EventKind(row["kind"]),
                event_time=row["event_time"],
                biz_step=row["biz_step"],
                disposition=row["disposition"],
                station_code=row["station_code"],
                rack_code=row["rack_code"],
                operation_code=row["operation_code"],
                pairs=tuple(marks.get(row["id"], ())),
                lots=tuple(lots.get(row["id"], ())),
                details=row["details"],
            ),
            record_time=row["record_time"],
            order=row["order_code"],
        )
        for row in rows
    ]


def _where(query: Select[Any], selection: FloorSelection) -> Select[Any]:
    e, ep, el = t.events, t.event_pairs, t.event_lots
    if selection.since is not None:
        query = query.where(e.c.event_time >= selection.since)
    if selection.until is not None:
        query = query.where(e.c.event_time < selection.until)
    if selection.biz_steps is not None:
        query = query.where(e.c.biz_step.in_(sorted(selection.biz_steps)))
    if selection.pairs is not None:
        named = [and_(t.pairs.c.gtin == g, t.pairs.c.serial == s) for g, s in selection.pairs]
        chosen = select(t.pairs.c.id).where(or_(false(), *named))
        query = query.where(e.c.id.in_(select(ep.c.event_id).where(ep.c.pair_id.in_(chosen))))
    if selection.lot is not None:
        drawing = select(el.c.event_id).where(el.c.lot_code == selection.lot)
        cut = select(ep.c.pair_id).where(ep.c.event_id.in_(drawing))
        naming = select(ep.c.event_id).where(ep.c.pair_id.in_(cut))
        query = query.where(or_(e.c.id.in_(drawing), e.c.id.in_(naming)))
    return query


def _marks(connection: Connection, event_ids: Sequence[UUID]) -> dict[UUID, list[PairMark]]:
    ep = t.event_pairs
    found: dict[UUID, list[PairMark]] = {}
    for chunk in _chunks(event_ids):
        query = select(ep.c.event_id, ep.c.pair_id, ep.c.result, ep.c.defect_code, ep.c.rework_to)
        for event_id, pair_id, result, defect, rework_to in connection.execute(
            query.where(ep.c.event_id.in_(chunk))
        ):
            mark = PairMark(pair_id, Result(result) if result else None, defect, rework_to)
            found.setdefault(event_id, []).append(mark)
    return found


def _lots(connection: Connection, event_ids: Sequence[UUID]) -> dict[UUID, list[LotUse]]:
    el = t.event_lots
    found: dict[UUID, list[LotUse]] = {}
    for chunk in _chunks(event_ids):
        query = (
            select(el.c.event_id, el.c.lot_code, el.c.quantity)
            .where(el.c.event_id.in_(chunk))
            .order_by(el.c.event_id, el.c.lot_code)
        )
        for event_id, lot_code, quantity in connection.execute(query):
            found.setdefault(event_id, []).append(LotUse(lot_code, quantity))
    return found


def floor_facts(
    connection: Connection, logged: Sequence[LoggedEvent]
) -> tuple[dict[UUID, PairFacts], dict[str, str]]:
    """What the events name: each pair's identity and variant, each lot's unit."""
    pair_ids = sorted({mark.pair_id for entry in logged for mark in entry.event.pairs})
    lot_codes = sorted({use.lot_code for entry in logged for use in entry.event.lots})
    p, v, c, s = t.pairs, t.variants, t.colourways, t.styles
    pairs: dict[UUID, PairFacts] = {}
    for chunk in _chunks(pair_ids):
        query = (
            select(p.c.id, p.c.gtin, p.c.serial, s.c.reference, c.c.code, v.c.size, v.c.width)
            .join(v, v.c.gtin == p.c.gtin)
            .join(c, c.c.code == v.c.colourway_code)
            .join(s, s.c.code == c.c.style_code)
            .where(p.c.id.in_(chunk))
        )
        for pair_id, gtin, serial, style, colourway, size, width in connection.execute(query):
            sgtin = Sgtin(Gtin(gtin), Serial(serial))
            pairs[pair_id] = PairFacts(sgtin, style, colourway, size, width)
    units: dict[str, str] = {}
    for chunk in _chunks(lot_codes):
        query = (
            select(t.material_lots.c.code, t.materials.c.unit)
            .join(t.materials, t.materials.c.code == t.material_lots.c.material_code)
            .where(t.material_lots.c.code.in_(chunk))
        )
        for row in connection.execute(query):
            units[row.code] = row.unit
    return pairs, units


def pairs_named(connection: Connection, *, lot: str) -> list[tuple[str, str]]:
    """(GTIN, serial) of every pair cut from the lot."""
    ep, el = t.event_pairs, t.event_lots
    query = (
        select(t.pairs.c.gtin, t.pairs.c.serial)
        .where(
            t.pairs.c.id.in_(
                select(ep.c.pair_id)
                .join(el, el.c.event_id == ep.c.event_id)
                .where(el.c.lot_code == lot)
            )
        )
        .order_by(t.pairs.c.gtin, t.pairs.c.serial)
    )
    return [(gtin, serial) for gtin, serial in connection.execute(query)]


def captured_events(connection: Connection, kept: EventFilter, limit: int) -> list[CapturedEvent]:
    """The first ``limit`` captured events the filter keeps, by event time."""
    ev, cap = t.epcis_events, t.epcis_captures
    query = (
        select(ev.c.id, ev.c.body, cap.c.context, ev.c.event_time, ev.c.record_time)
        .join(cap, cap.c.id == ev.c.capture_id)
        .order_by(ev.c.event_time, ev.c.id)
        .limit(limit)
    )
    if kept.since is not None:
        query = query.where(ev.c.event_time >= kept.since)
    if kept.until is not None:
        query = query.where(ev.c.event_time < kept.until)
    for column, values in (
        (ev.c.event_type, kept.event_types),
        (ev.c.biz_step, kept.biz_steps),
        (ev.c.biz_location, kept.biz_locations),
    ):
        if values:
            query = query.where(column.in_(sorted(values)))
    if kept.epcs:
        query = query.where(_naming(kept.epcs, MATCH_EPC_ROLES))
    if kept.any_epcs:
        query = query.where(_naming(kept.any_epcs, ANY_EPC_ROLES))
    for group in kept.naming:
        query = query.where(_naming(group, None))
    return [CapturedEvent(*row) for row in connection.execute(query)]


def _naming(identifiers: frozenset[str], roles: frozenset[str] | None) -> Any:
    named = t.epcis_event_epcs
    condition = and_(named.c.event_key == t.epcis_events.c.id, named.c.epc.in_(sorted(identifiers)))
    if roles is not None:
        condition = and_(condition, named.c.role.in_(sorted(roles)))
    return exists(select(named.c.event_key).where(condition))


def _chunks(values: Sequence[Any]) -> list[Sequence[Any]]:
    return [values[start : start + _IN_CHUNK] for start in range(0, len(values), _IN_CHUNK)]
