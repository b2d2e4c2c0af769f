"""EPCIS 2.0 JSON-LD: the document around events, times, and one spelling for each identifier.

Cordwainer writes every event with ``eventTime``, ``recordTime`` and
``eventTimeZoneOffset`` in UTC, to the microsecond, and orders events by event time and
then event id: the same order whether an event comes from the floor's log or was
captured from another system, so that a document exported, captured elsewhere and
exported again comes out the same.

Identifiers arrive in several spellings (an SGTIN as ``urn:epc:id:sgtin:…`` or as a
Digital Link on any resolver). ``canonical_epc`` and ``canonical_location`` give each
one spelling, the Digital Link on id.gs1.org, so that queries find an object however it
was named.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote

from cordwainer.domain.errors import InvalidValue
from cordwainer.domain.identifiers import Gln, Gtin, Serial, Sgtin, gs1_check_digit
from cordwainer.standards.cbv import CW_NAMESPACE, CW_PREFIX, Vocabulary
from cordwainer.standards.digital_link import (
    CANONICAL_RESOLVER,
    encode_path_value,
    epc_for,
    parse_pair_uri,
)

EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"
SCHEMA_VERSION = "2.0"
EPCIS_DOCUMENT = "EPCISDocument"
EPCIS_QUERY_DOCUMENT = "EPCISQueryDocument"
SIMPLE_EVENT_QUERY = "SimpleEventQuery"
EVENT_TYPES = (
    "ObjectEvent",
    "AggregationEvent",
    "TransactionEvent",
    "TransformationEvent",
    "AssociationEvent",
)
UTC_OFFSET = "+00:00"
ACTIONS = ("ADD", "OBSERVE", "DELETE")

# Where an event names its objects, and the role each list plays in a query.
EPC_FIELDS = {
    "epcList": "epc",
    "childEPCs": "child",
    "inputEPCList": "input",
    "outputEPCList": "output",
}
PARENT_FIELD, PARENT_ROLE = "parentID", "parent"
QUANTITY_FIELDS = ("quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList")
CLASS_ROLE = "class"
MATCH_EPC_ROLES = frozenset({"epc", "child"})
ANY_EPC_ROLES = frozenset({"epc", "child", "input", "output", PARENT_ROLE})

_RFC3339 = re.compile(
    r"(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2}:\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})"
)
_SGTIN_URN = re.compile(r"urn:epc:id:sgtin:(\d{6,12})\.(\d{1,7})\.(.+)")
_SGLN_URN = re.compile(r"urn:epc:id:sgln:(\d{6,12})\.(\d{0,6})\.(.+)")
_GLN_LINK = re.compile(r"https?://[^/?#]+(?:/[^?#]*)?/414/(\d{13})(?:/254/([^/?#]+))?/?")


def format_time(moment: datetime) -> str:
    """A moment as written here: UTC, to the microsecond, ``2026-11-16T08:30:00.000000Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_time(text: str) -> datetime | None:
    """The UTC moment of an RFC 3339 date-time (a zone is required), or None if it is not one.

    Digits beyond the microsecond are dropped, as the databases keep no more.
    """
    found = _RFC3339.fullmatch(text)
    if found is None:
        return None
    day, clock, fraction, zone = found.groups()
    micro = (fraction or "0")[:6].ljust(6, "0")
    offset = UTC_OFFSET if zone in "Zz" else zone
    try:
        moment = datetime.fromisoformat(f"{day}T{clock}.{micro}{offset}")
    except ValueError:
        return None
    return moment.astimezone(UTC)


# Documents


def document_context(terms: Mapping[str, Any] | None = None) -> list[Any]:
    """The ``@context`` of a Cordwainer document: EPCIS 2.0's, then ``cw`` and ``terms``."""
    return [EPCIS_CONTEXT, {CW_PREFIX: CW_NAMESPACE, **(terms or {})}]


def epcis_document(
    events: Sequence[Mapping[str, Any]], *, created: datetime, context: list[Any]
) -> dict[str, Any]:
    """One EPCISDocument holding ``events`` in the order given."""
    return {
        "@context": context,
        "type": EPCIS_DOCUMENT,
        "schemaVersion": SCHEMA_VERSION,
        "creationDate": format_time(created),
        "epcisBody": {"eventList": [dict(event) for event in events]},
    }


def query_document(
    events: Sequence[Mapping[str, Any]], *, created: datetime, context: list[Any]
) -> dict[str, Any]:
    """The answer to a query: an EPCISQueryDocument of a SimpleEventQuery."""
    return {
        "@context": context,
        "type": EPCIS_QUERY_DOCUMENT,
        "schemaVersion": SCHEMA_VERSION,
        "creationDate": format_time(created),
        "epcisBody": {
            "queryResults": {
                "queryName": SIMPLE_EVENT_QUERY,
                "resultsBody": {"eventList": [dict(event) for event in events]},
            }
        },
    }


def events_of(document: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The events an EPCISDocument or an EPCISQueryDocument carries."""
    body = document.get("epcisBody", {})
    if document.get("type") == EPCIS_QUERY_DOCUMENT:
        body = body.get("queryResults", {}).get("resultsBody", {})
    return list(body.get("eventList", []))


def context_terms(context: Any) -> tuple[dict[str, Any], bool]:
    """The terms a document's ``@context`` defines beyond EPCIS 2.0's, and whether that is all.

    A context that also names another remote context cannot be merged term by term.
    """
    entries = context if isinstance(context, list) else [context]
    terms: dict[str, Any] = {}
    mergeable = True
    for entry in entries:
        if isinstance(entry, dict):
            terms.update(entry)
        elif entry != EPCIS_CONTEXT:
            mergeable = False
    return terms, mergeable


def with_contexts(
    events: Iterable[tuple[Mapping[str, Any], Any]],
) -> tuple[list[Any], list[dict[str, Any]]]:
    """One ``@context`` for events that came with contexts of their own, and the events.

    ``events`` pairs each event with the ``@context`` of the document it arrived in (None
    for Cordwainer's own). Prefixes are gathered into the document's context; an event
    whose context disagrees with what is gathered, or cannot be merged, carries its own.
    """
    terms: dict[str, Any] = {CW_PREFIX: CW_NAMESPACE}
    placed = []
    for event, context in events:
        if context is None or "@context" in event:
            placed.append(dict(event))
            continue
        own, mergeable = context_terms(context)
        if mergeable and all(terms.get(term, iri) == iri for term, iri in own.items()):
            terms.update(own)
            placed.append(dict(event))
        else:
            placed.append({"@context": context, **event})
    return document_context({k: v for k, v in terms.items() if k != CW_PREFIX}), placed


# Events


def event_key(event: Mapping[str, Any]) -> tuple[datetime, str]:
    """Where an event stands in every list Cordwainer gives: by event time, then event id."""
    moment = parse_time(str(event.get("eventTime", "")))
    return (moment or datetime.min.replace(tzinfo=UTC), str(event.get("eventID", "")))


def epcs_of(event: Mapping[str, Any]) -> set[tuple[str, str]]:
    """(role, canonical identifier) of every object an event names, classes included."""
    found: set[tuple[str, str]] = set()
    for field, role in EPC_FIELDS.items():
        found |= {(role, canonical_epc(epc)) for epc in _strings(event.get(field))}
    if isinstance(event.get(PARENT_FIELD), str):
        found.add((PARENT_ROLE, canonical_epc(event[PARENT_FIELD])))
    for field in QUANTITY_FIELDS:
        for element in event.get(field) or []:
            if isinstance(element, dict) and isinstance(element.get("epcClass"), str):
                found.add((CLASS_ROLE, element["epcClass"]))
    return found


def biz_step_of(event: Mapping[str, Any]) -> str | None:
    value = event.get("bizStep")
    return Vocabulary.BIZ_STEP.canonical(value) if isinstance(value, str) else None


def disposition_of(event: Mapping[str, Any]) -> str | None:
    value = event.get("disposition")
    return Vocabulary.DISPOSITION.canonical(value) if isinstance(value, str) else None


def biz_location_of(event: Mapping[str, Any]) -> str | None:
    location = event.get("bizLocation")
    if isinstance(location, dict) and isinstance(location.get("id"), str):
        return canonical_location(location["id"])
    return None


def _strings(value: Any) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


# Identifiers


def canonical_epc(uri: str) -> str:
    """A pair's identifier as its Digital Link on id.gs1.org; any other identifier as given."""
    text = uri.strip()
    sgtin = sgtin_of(text)
    return epc_for(sgtin) if sgtin is not None else text


def sgtin_of(uri: str) -> Sgtin | None:
    """The SGTIN an EPC URN or a Digital Link names, or None when it names something else."""
    found = _SGTIN_URN.fullmatch(uri)
    if found is not None:
        return _sgtin_from_urn(*found.groups())
    if uri.lower().startswith(("http://", "https://")) and "/21/" in uri:
        try:
            return parse_pair_uri(uri)
        except InvalidValue:
            return None
    return None


def _sgtin_from_urn(company_prefix: str, indicator_and_item: str, serial: str) -> Sgtin | None:
    if len(company_prefix) + len(indicator_and_item) != 13:
        return None
    body = indicator_and_item[0] + company_prefix + indicator_and_item[1:]
    try:
        return Sgtin(Gtin(body + gs1_check_digit(body)), Serial(unquote(serial)))
    except InvalidValue:
        return None


def location_link(gln: Gln, extension: str | None = None) -> str:
    """A place as a GS1 Digital Link: ``/414/{GLN}``, ``/254/{extension}`` for a spot in it."""
    link = f"{CANONICAL_RESOLVER}/414/{gln.value}"
    return link if extension is None else f"{link}/254/{encode_path_value(extension)}"


def canonical_location(uri: str) -> str:
    """A location named by an SGLN URN or a GLN Digital Link, as its Digital Link on id.gs1.org."""
    text = uri.strip()
    urn = _SGLN_URN.fullmatch(text)
    if urn is not None and len(urn[1]) + len(urn[2]) == 12:
        body = urn[1] + urn[2]
        extension = unquote(urn[3])
        return location_link(
            Gln(body + gs1_check_digit(body)), None if extension == "0" else extension
        )
    link = _GLN_LINK.fullmatch(text)
    if link is not None and _is_gln(link[1]):
        return location_link(Gln(link[1]), unquote(link[2]) if link[2] else None)
    return text


def _is_gln(digits: str) -> bool:
    return digits[-1] == gs1_check_digit(digits[:-1])


@dataclass(frozen=True, slots=True)
class Indexed:
    """What a repository indexes of an event to find it again."""

    event_id: str | None
    event_type: str
    event_time: datetime
    action: str | None
    biz_step: str | None
    disposition: str | None
    biz_location: str | None
    epcs: frozenset[tuple[str, str]]


def indexed(event: Mapping[str, Any]) -> Indexed:
    """The index of a valid event (its ``eventTime`` is a date-time)."""
    moment = parse_time(str(event["eventTime"]))
    assert moment is not None, "a valid event has a valid eventTime"
    action = event.get("action")
    return Indexed(
        event_id=event.get("eventID"),
        event_type=str(event["type"]),
        event_time=moment,
        action=action if action in ACTIONS else None,
        biz_step=biz_step_of(event),
        disposition=disposition_of(event),
        biz_location=biz_location_of(event),
        epcs=frozenset(epcs_of(event)),
    )
