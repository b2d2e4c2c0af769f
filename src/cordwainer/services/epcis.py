"""EPCIS 2.0: the floor's events exported, other systems' events captured, and both queried.

Every answer merges two sources in one order (event time, then event id): the floor's
own log, exported as it is read (see ``standards/epcis_export.py``), and the events
captured from other systems, given back as they were received. An event exported here,
captured into another Cordwainer and exported there comes out the same.

Each function is one unit of work: a capture is stored whole or not at all, and an
export or a query reads in one transaction.
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, TypeVar
from uuid import UUID

from cordwainer.domain.errors import Conflict, InvalidValue, NotFound
from cordwainer.domain.identifiers import Gtin, Serial, Sgtin
from cordwainer.services.recording import as_utc, new_id, utcnow
from cordwainer.standards import epcis
from cordwainer.standards.digital_link import epc_for
from cordwainer.standards.epcis_export import (
    BOX_SUFFIX,
    Facts,
    LoggedEvent,
    Site,
    export_events,
    floor_steps_for,
    lot_class,
)
from cordwainer.standards.epcis_query import EventFilter, EventKey, page_token, parse_query
from cordwainer.standards.epcis_validation import MOST_PROBLEMS, problems_in
from cordwainer.storage import epcis_queries as q
from cordwainer.storage.database import Database
from cordwainer.storage.epcis_store import Capture, EpcisStore, NewEvent

BATCH = 500
_OUR_EVENT_TYPES = frozenset({"ObjectEvent", "AggregationEvent", "TransformationEvent"})
Row = TypeVar("Row")
Placed = tuple[dict[str, Any], Any]  # an event and the @context it came with (None: ours)


@dataclass(frozen=True, slots=True)
class CaptureReceipt:
    """What a capture kept: ``events`` in the document, ``stored`` of them new."""

    capture_id: UUID
    captured_at: datetime
    events: int
    stored: int


@dataclass(frozen=True, slots=True)
class EventPage:
    """One page of a query's events, as an EPCISQueryDocument, and the token for the next."""

    document: dict[str, Any]
    next_page_token: str | None


def export_document(
    db: Database,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    gtin: str | None = None,
    serial: str | None = None,
    lot: str | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """One EPCISDocument: every event, or those in a time span, naming a pair, or of a lot.

    A pair is named by its GTIN and serial together. A lot's events are its receipt, the
    clicking that drew on it, and every event of every pair cut from it.
    """
    if (gtin is None) != (serial is None):
        raise InvalidValue(
            "Name a pair by its GTIN and its serial together.", code="pair_incomplete"
        )
    kept = EventFilter(since=as_utc(since), until=as_utc(until))
    selection = q.FloorSelection(since=kept.since, until=kept.until, lot=lot)
    with db.reading() as connection:
        site = q.site(connection)
        if gtin is not None and serial is not None:
            pair = Sgtin(Gtin.parse(gtin), Serial.parse(serial))
            kept = replace(kept, naming=(*kept.naming, frozenset({epc_for(pair)})))
            selection = replace(selection, pairs=frozenset({(pair.gtin.value, pair.serial.value)}))
        if lot is not None:
            cut = {
                epc_for(Sgtin(Gtin(g), Serial(s))) for g, s in q.pairs_named(connection, lot=lot)
            }
            classes = {lot_class(site, lot)} if site else set()
            kept = replace(kept, naming=(*kept.naming, frozenset(cut | classes)))
        placed = list(_merged(connection, site, selection, kept))
    context, events = epcis.with_contexts(placed)
    return epcis.epcis_document(events, created=now or utcnow(), context=context)


def query_events(
    db: Database, params: Iterable[tuple[str, str]], *, now: datetime | None = None
) -> EventPage:
    """A page of the events that EPCIS REST query parameters ask for, in event order."""
    query = parse_query(params)
    kept = query.filter
    if query.after is not None:
        resume = query.after[0]
        kept = replace(kept, since=resume if kept.since is None else max(kept.since, resume))
    with db.reading() as connection:
        site = q.site(connection)
        found = _merged(connection, site, _floor_selection(kept, site), kept, after=query.after)
        page = _first(found, query.per_page + 1)
    more = len(page) > query.per_page
    placed = page[: query.per_page]
    token = page_token(epcis.event_key(placed[-1][0])) if more else None
    context, events = epcis.with_contexts(placed)
    document = epcis.query_document(events, created=now or utcnow(), context=context)
    return EventPage(document, token)


def capture(db: Database, document: Any, *, now: datetime | None = None) -> CaptureReceipt:
    """Keep every event of a valid EPCIS document, or none of them.

    An event whose id is already held is kept once: sent again unchanged (whatever its
    record time) it is skipped, sent changed it is refused, since events are never
    changed. An event keeps the record time it came with, so that it is exported as it
    was received; one that came without gets the time of its capture.
    """
    problems = problems_in(document)
    if problems:
        first = problems[0]
        raise InvalidValue(
            f"The EPCIS document is not valid: {_count(len(problems), 'problem')}, the first "
            f"at {first.path}: {first.problem}",
            code="invalid_epcis_document",
            errors=[problem.as_dict() for problem in problems[:MOST_PROBLEMS]],
            error_count=len(problems),
        )
    events = epcis.events_of(document)
    captured_at = as_utc(now) or utcnow()
    with db.unit_of_work() as uow:
        store = EpcisStore(uow.connection)
        held = store.held([e["eventID"] for e in events if isinstance(e.get("eventID"), str)])
        fresh = [
            NewEvent(new_id(), position, event, epcis.indexed(event))
            for position, event in enumerate(events)
            if not _already_held(event, held)
        ]
        record = Capture(new_id(), captured_at, len(events), len(fresh))
        store.add(record, document["@context"], fresh, record_time=captured_at)
        uow.commit()
    return _receipt(record)


def capture_receipt(db: Database, capture_id: UUID) -> CaptureReceipt:
    with db.looking() as uow:
        found = EpcisStore(uow.connection).capture(capture_id)
    if found is None:
        raise NotFound(f"There is no capture {capture_id}.", code="capture_not_found")
    return _receipt(found)


def read_document(body: bytes) -> Any:
    """The JSON a capture request carries, or a refusal that says where it breaks."""
    try:
        return json.loads(body, parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError) as error:
        where = (
            f" at line {error.lineno}, column {error.colno}"
            if isinstance(error, json.JSONDecodeError)
            else f": {error}"
        )
        problem = f"The body is not JSON{where}."
        raise InvalidValue(
            problem,
            code="invalid_epcis_document",
            errors=[{"path": "$", "problem": problem}],
            error_count=1,
        ) from None


def _no_constant(name: str) -> Any:
    """JSON has no NaN or Infinity, though Python's reader takes them."""
    raise ValueError(f"{name} is not a JSON number")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _as_event(event: dict[str, Any]) -> dict[str, Any]:
    """What an event says: EPCIS ignores the record time a capture is given."""
    return {field: value for field, value in event.items() if field != "recordTime"}


def _receipt(record: Capture) -> CaptureReceipt:
    return CaptureReceipt(record.id, record.captured_at, record.events, record.stored)


def _already_held(event: dict[str, Any], held: dict[str, dict[str, Any]]) -> bool:
    event_id = event.get("eventID")
    if not isinstance(event_id, str) or event_id not in held:
        return False
    if _as_event(held[event_id]) != _as_event(event):
        raise Conflict(
            f"Event {event_id} is already held, with other content. An event is never "
            "changed: send a new event with an id of its own.",
            code="epcis_event_id_reused",
            event_id=event_id,
        )
    return True


# Reading the two sources in one order


def _merged(
    connection: Any,
    site: Site | None,
    selection: q.FloorSelection | None,
    kept: EventFilter,
    *,
    after: EventKey | None = None,
) -> Iterator[Placed]:
    """The floor's and the captured events the filter keeps, in order, after ``after``.

    An event captured back into the Cordwainer that exported it is given once.
    """
    floor = _floor(connection, site, selection, kept)
    captured = _captured(connection, kept)
    last: EventKey | None = None
    for event, context in heapq.merge(floor, captured, key=lambda p: epcis.event_key(p[0])):
        key = epcis.event_key(event)
        if (after is not None and key <= after) or (key == last and key[1]):
            continue
        last = key
        yield event, context


def _floor(
    connection: Any, site: Site | None, selection: q.FloorSelection | None, kept: EventFilter
) -> Iterator[Placed]:
    if site is None or selection is None:
        return

    def fetch(since: datetime | None, limit: int) -> list[LoggedEvent]:
        return q.floor_events(connection, replace(selection, since=since), limit)

    for batch in _in_time_order(fetch, lambda logged: logged.event.event_time, selection.since):
        pairs, units = q.floor_facts(connection, batch)
        exported = [e for e in export_events(batch, Facts(site, pairs, units)) if kept.matches(e)]
        yield from ((event, None) for event in sorted(exported, key=epcis.event_key))


def _captured(connection: Any, kept: EventFilter) -> Iterator[Placed]:
    def fetch(since: datetime | None, limit: int) -> list[q.CapturedEvent]:
        return q.captured_events(connection, replace(kept, since=since), limit)

    for batch in _in_time_order(fetch, lambda row: row.event_time, kept.since):
        given = [(_as_given(row), row.context) for row in batch]
        kept_here = [placed for placed in given if kept.matches(placed[0])]
        yield from sorted(kept_here, key=lambda placed: epcis.event_key(placed[0]))


def _as_given(row: q.CapturedEvent) -> dict[str, Any]:
    """A captured event as received; one that came without a record time gets ours."""
    if "recordTime" in row.body:
        return row.body
    return row.body | {"recordTime": epcis.format_time(row.record_time)}


def _in_time_order(
    fetch: Callable[[datetime | None, int], Sequence[Row]],
    time_of: Callable[[Row], datetime],
    since: datetime | None,
) -> Iterator[list[Row]]:
    """Rows in event-time order, a batch at a time; a batch never splits equal times.

    Each batch ends before the time of its last row, which the next batch starts from;
    a batch that holds a single time is fetched again, twice as large.
    """
    size = BATCH
    while True:
        rows = fetch(since, size)
        if len(rows) < size:
            if rows:
                yield list(rows)
            return
        last = time_of(rows[-1])
        head = [row for row in rows if time_of(row) < last]
        if not head:
            size *= 2
            continue
        yield head
        since, size = last, BATCH


def _floor_selection(kept: EventFilter, site: Site | None) -> q.FloorSelection | None:
    """What of the floor's log can hold what the query asks; None when nothing can."""
    selection = q.FloorSelection(since=kept.since, until=kept.until)
    if site is None or (kept.event_types and not kept.event_types & _OUR_EVENT_TYPES):
        return None
    if kept.biz_locations and epcis.location_link(site.gln) not in kept.biz_locations:
        return None
    if kept.biz_steps:
        steps = frozenset().union(*map(floor_steps_for, kept.biz_steps))
        selection = replace(selection, biz_steps=steps)
    if kept.epcs or kept.any_epcs:
        named = (epcis.sgtin_of(epc.removesuffix(BOX_SUFFIX)) for epc in kept.epcs | kept.any_epcs)
        pairs = frozenset((s.gtin.value, s.serial.value) for s in named if s is not None)
        if not pairs:
            return None
        selection = replace(selection, pairs=pairs)
    return selection


def _first(events: Iterator[Placed], count: int) -> list[Placed]:
    found = []
    for placed in events:
        found.append(placed)
        if len(found) == count:
            break
    return found
