"""Which events a query asks for: a subset of the EPCIS 2.0 REST query parameters.

============== ==============================================================
parameter      events kept
============== ==============================================================
eventType      of one of these types (ObjectEvent, AggregationEvent, …)
EQ_bizStep     with one of these business steps (``shipping``, ``cw:closing``,
               or the full URI of either)
GE_eventTime   at or after this moment (RFC 3339, with its zone)
LT_eventTime   before this moment
MATCH_epc      naming one of these objects in ``epcList`` or ``childEPCs``
MATCH_anyEPC   naming one of these objects anywhere: also as input, output or
               parent
EQ_bizLocation at one of these business locations (SGLN URN or Digital Link)
perPage        at most this many (1 to 1000, 30 if not said)
nextPageToken  after the last event of the page that gave this token
============== ==============================================================

A parameter may be repeated, and one value may hold several alternatives separated by
``|``: ``EQ_bizStep=shipping|receiving``. Identifiers are compared in one spelling (see
``epcis.canonical_epc``), so a pair is found by its SGTIN URN as by its Digital Link.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from cordwainer.domain.errors import InvalidValue
from cordwainer.standards.cbv import Vocabulary
from cordwainer.standards.epcis import (
    ANY_EPC_ROLES,
    EVENT_TYPES,
    MATCH_EPC_ROLES,
    biz_location_of,
    biz_step_of,
    canonical_epc,
    canonical_location,
    epcs_of,
    format_time,
    parse_time,
)

DEFAULT_PER_PAGE = 30
MOST_PER_PAGE = 1000
QUERY_PARAMETERS = (
    "eventType",
    "EQ_bizStep",
    "GE_eventTime",
    "LT_eventTime",
    "MATCH_epc",
    "MATCH_anyEPC",
    "EQ_bizLocation",
    "perPage",
    "nextPageToken",
)

EventKey = tuple[datetime, str]


@dataclass(frozen=True, slots=True)
class EventFilter:
    """What an event must be to be kept; an empty criterion keeps every event."""

    event_types: frozenset[str] = frozenset()
    biz_steps: frozenset[str] = frozenset()  # canonical (see cbv.Vocabulary.canonical)
    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive
    epcs: frozenset[str] = frozenset()  # MATCH_epc, canonical
    any_epcs: frozenset[str] = frozenset()  # MATCH_anyEPC, canonical
    biz_locations: frozenset[str] = frozenset()  # canonical
    # The event must name (in any role, classes included) one identifier of each group.
    naming: tuple[frozenset[str], ...] = field(default=())

    def matches(self, event: Mapping[str, Any]) -> bool:
        if self.event_types and event.get("type") not in self.event_types:
            return False
        if self.biz_steps and biz_step_of(event) not in self.biz_steps:
            return False
        if self.biz_locations and biz_location_of(event) not in self.biz_locations:
            return False
        return self._in_time(event) and self._names(event)

    def _in_time(self, event: Mapping[str, Any]) -> bool:
        moment = parse_time(str(event.get("eventTime", "")))
        if moment is None:
            return False
        if self.since is not None and moment < self.since:
            return False
        return self.until is None or moment < self.until

    def _names(self, event: Mapping[str, Any]) -> bool:
        named = epcs_of(event)
        if self.epcs and not any(r in MATCH_EPC_ROLES and e in self.epcs for r, e in named):
            return False
        if self.any_epcs and not any(r in ANY_EPC_ROLES and e in self.any_epcs for r, e in named):
            return False
        identifiers = {epc for _, epc in named}
        return all(identifiers & group for group in self.naming)


@dataclass(frozen=True, slots=True)
class EventQuery:
    filter: EventFilter
    per_page: int = DEFAULT_PER_PAGE
    after: EventKey | None = None  # the key of the last event already given


def parse_query(params: Iterable[tuple[str, str]]) -> EventQuery:
    """The query that EPCIS REST parameters (name, value) ask; a refusal names the parameter."""
    values: dict[str, list[str]] = {}
    for name, value in params:
        if name not in QUERY_PARAMETERS:
            raise _refused(
                name,
                f"Cordwainer does not know the query parameter {name}; it knows "
                f"{', '.join(QUERY_PARAMETERS)}.",
            )
        values.setdefault(name, []).extend(part for part in value.split("|") if part)
    types = frozenset(values.get("eventType", []))
    unknown = sorted(t for t in types if t not in EVENT_TYPES and ":" not in t)
    if unknown:
        raise _refused("eventType", f"'{unknown[0]}' is not an EPCIS event type.")
    return EventQuery(
        filter=EventFilter(
            event_types=types,
            biz_steps=frozenset(map(Vocabulary.BIZ_STEP.canonical, values.get("EQ_bizStep", []))),
            since=_moment(values, "GE_eventTime"),
            until=_moment(values, "LT_eventTime"),
            epcs=frozenset(map(canonical_epc, values.get("MATCH_epc", []))),
            any_epcs=frozenset(map(canonical_epc, values.get("MATCH_anyEPC", []))),
            biz_locations=frozenset(map(canonical_location, values.get("EQ_bizLocation", []))),
        ),
        per_page=_per_page(values.get("perPage", [])),
        after=_key_of(_one(values, "nextPageToken")),
    )


def page_token(key: EventKey) -> str:
    """An opaque token for the events after ``key``."""
    text = json.dumps([format_time(key[0]), key[1]], separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _key_of(token: str | None) -> EventKey | None:
    if token is None:
        return None
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        moment_text, event_id = json.loads(text)
        moment = parse_time(moment_text)
    except (binascii.Error, UnicodeDecodeError, ValueError, TypeError):
        moment = None
    if moment is None or not isinstance(event_id, str):
        raise _refused("nextPageToken", "This page token was not given by Cordwainer.")
    return moment, event_id


def _one(values: Mapping[str, list[str]], name: str) -> str | None:
    given = values.get(name, [])
    if len(given) > 1:
        raise _refused(name, f"{name} takes one value, not {len(given)}.")
    return given[0] if given else None


def _moment(values: Mapping[str, list[str]], name: str) -> datetime | None:
    text = _one(values, name)
    if text is None:
        return None
    moment = parse_time(text)
    if moment is None:
        raise _refused(
            name, f"{name} '{text}' is not a date-time with its zone, such as 2026-11-16T08:00:00Z."
        )
    return moment


def _per_page(given: list[str]) -> int:
    if not given:
        return DEFAULT_PER_PAGE
    text = _one({"perPage": given}, "perPage") or ""
    if not text.isdigit() or not 1 <= int(text) <= MOST_PER_PAGE:
        raise _refused(
            "perPage", f"perPage is a whole number from 1 to {MOST_PER_PAGE}, not '{text}'."
        )
    return int(text)


def _refused(parameter: str, sentence: str) -> InvalidValue:
    return InvalidValue(sentence, code="invalid_epcis_query", parameter=parameter)
