"""EPCIS query parameters, identifiers in one spelling, times, and documents' contexts."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from cordwainer.domain.errors import InvalidValue
from cordwainer.standards.epcis import (
    EPCIS_CONTEXT,
    canonical_epc,
    canonical_location,
    context_terms,
    epcs_of,
    event_key,
    events_of,
    format_time,
    indexed,
    parse_time,
    query_document,
    sgtin_of,
    with_contexts,
)
from cordwainer.standards.epcis_query import (
    DEFAULT_PER_PAGE,
    EventFilter,
    EventQuery,
    page_token,
    parse_query,
)

PAIR_42 = "https://id.gs1.org/01/05012345000817/21/000000042"
FLIMBY = "https://id.gs1.org/414/5012345000015"
MONDAY = datetime(2026, 11, 16, 8, 30, tzinfo=UTC)

SHIPPED: dict[str, Any] = {
    "type": "ObjectEvent",
    "eventID": "urn:uuid:00000000-0000-5000-8000-000000000001",
    "eventTime": "2026-11-16T08:30:00.000000Z",
    "eventTimeZoneOffset": "+00:00",
    "action": "OBSERVE",
    "bizStep": "shipping",
    "disposition": "in_transit",
    "epcList": [PAIR_42],
    "bizLocation": {"id": "urn:epc:id:sgln:5012345.00001.0"},
}
CLICKED: dict[str, Any] = {
    "type": "TransformationEvent",
    "eventTime": "2026-11-16T09:30:00+01:00",
    "eventTimeZoneOffset": "+01:00",
    "bizStep": "https://ns.cordwainer.example/epcis/clicking",
    "inputQuantityList": [
        {"epcClass": "https://id.cordwainer.example/lots/L-2610-0005", "quantity": 114.0}
    ],
    "outputEPCList": ["urn:epc:id:sgtin:5012345.000081.000000042"],
}
BOXED: dict[str, Any] = {
    "type": "AggregationEvent",
    "eventTime": "2026-11-16T10:00:00Z",
    "parentID": "https://id.cordwainer.example/01/05012345000817/21/000000042/box",
    "childEPCs": [PAIR_42],
}


def query(*params: tuple[str, str]) -> EventQuery:
    return parse_query(params)


def kept(event: dict[str, Any], *params: tuple[str, str]) -> bool:
    return query(*params).filter.matches(event)


# Times


def test_times_are_written_in_utc_to_the_microsecond_and_read_with_any_zone() -> None:
    assert format_time(MONDAY) == "2026-11-16T08:30:00.000000Z"
    assert parse_time("2026-11-16T09:30:00.5+01:00") == MONDAY.replace(microsecond=500000)
    assert parse_time("2026-11-16t08:30:00z") == MONDAY
    assert parse_time("2026-11-16T08:30:00") is None
    assert parse_time("2026-02-30T08:30:00Z") is None


def test_events_are_ordered_by_event_time_then_event_id() -> None:
    assert event_key(SHIPPED) == (MONDAY, SHIPPED["eventID"])
    assert event_key(CLICKED) == (MONDAY, "")
    assert event_key({}) == (datetime.min.replace(tzinfo=UTC), "")


# Identifiers


@pytest.mark.parametrize(
    ("given", "canonical"),
    [
        ("urn:epc:id:sgtin:5012345.000081.000000042", PAIR_42),
        ("https://id.cordwainer.example/01/05012345000817/21/000000042", PAIR_42),
        (" https://id.gs1.org/01/5012345000817/21/000000042 ", PAIR_42),
        ("urn:epc:id:sgtin:0614141.107346.A%2F7", "https://id.gs1.org/01/10614141073464/21/A%2F7"),
        ("urn:epc:id:sgtin:0614141.10734.2017", "urn:epc:id:sgtin:0614141.10734.2017"),
        ("urn:epc:id:sgtin:0614141.107346.a b", "urn:epc:id:sgtin:0614141.107346.a b"),
        (
            "https://id.gs1.org/01/05012345000817/21/0042/box",
            "https://id.gs1.org/01/05012345000817/21/0042/box",
        ),
        ("https://id.gs1.org/01/04012345987652", "https://id.gs1.org/01/04012345987652"),
        ("urn:epc:id:sscc:0614141.1234567890", "urn:epc:id:sscc:0614141.1234567890"),
    ],
)
def test_a_pair_has_one_spelling_however_it_is_named(given: str, canonical: str) -> None:
    assert canonical_epc(given) == canonical


def test_only_serialised_trade_items_are_pairs() -> None:
    assert sgtin_of("urn:epc:id:sscc:0614141.1234567890") is None
    assert sgtin_of("https://id.gs1.org/01/05012345000818/21/42") is None  # check digit


@pytest.mark.parametrize(
    ("given", "canonical"),
    [
        ("urn:epc:id:sgln:5012345.00001.0", FLIMBY),
        ("urn:epc:id:sgln:5012345.00001.CLK-01", f"{FLIMBY}/254/CLK-01"),
        ("https://example.com/resolver/414/5012345000015/254/CLK-01", f"{FLIMBY}/254/CLK-01"),
        (FLIMBY, FLIMBY),
        ("https://id.gs1.org/414/5012345000016", "https://id.gs1.org/414/5012345000016"),
        ("urn:epc:id:sgln:5012345.0001.0", "urn:epc:id:sgln:5012345.0001.0"),
        ("urn:epc:id:pgln:5012345.00001", "urn:epc:id:pgln:5012345.00001"),
    ],
)
def test_a_place_has_one_spelling_however_it_is_named(given: str, canonical: str) -> None:
    assert canonical_location(given) == canonical


def test_every_object_an_event_names_is_found_with_its_role() -> None:
    assert epcs_of(CLICKED) == {
        ("output", PAIR_42),
        ("class", "https://id.cordwainer.example/lots/L-2610-0005"),
    }
    assert epcs_of(BOXED) == {("child", PAIR_42), ("parent", BOXED["parentID"])}
    assert epcs_of({"epcList": [7, PAIR_42], "quantityList": [7, {"quantity": 1}]}) == {
        ("epc", PAIR_42)
    }


def test_an_event_is_indexed_by_what_queries_ask() -> None:
    found = indexed(SHIPPED)

    assert found.event_id == SHIPPED["eventID"]
    assert (found.event_type, found.event_time, found.action) == ("ObjectEvent", MONDAY, "OBSERVE")
    assert (found.biz_step, found.disposition, found.biz_location) == (
        "shipping",
        "in_transit",
        FLIMBY,
    )
    clicked = indexed(CLICKED)
    assert (clicked.biz_step, clicked.action, clicked.disposition, clicked.biz_location) == (
        "cw:clicking",
        None,
        None,
        None,
    )


# Documents and their contexts


def test_events_are_found_in_either_kind_of_document() -> None:
    answer = query_document([SHIPPED], created=MONDAY, context=[EPCIS_CONTEXT])

    assert answer["epcisBody"]["queryResults"]["queryName"] == "SimpleEventQuery"
    assert events_of(answer) == [SHIPPED]
    assert events_of({"type": "EPCISDocument", "epcisBody": {"eventList": [BOXED]}}) == [BOXED]
    assert events_of({"type": "EPCISDocument"}) == []


def test_a_documents_own_terms_are_gathered_unless_it_names_other_contexts() -> None:
    assert context_terms([EPCIS_CONTEXT, {"example": "http://ns.example.com/epcis/"}]) == (
        {"example": "http://ns.example.com/epcis/"},
        True,
    )
    assert context_terms(EPCIS_CONTEXT) == ({}, True)
    assert context_terms([EPCIS_CONTEXT, "https://example.com/more.jsonld"]) == ({}, False)


def test_captured_events_keep_their_prefixes_in_one_context_or_their_own() -> None:
    example = [EPCIS_CONTEXT, {"example": "http://ns.example.com/epcis/"}]
    clash = [EPCIS_CONTEXT, {"example": "http://other.example.com/"}]
    remote = [EPCIS_CONTEXT, "https://example.com/more.jsonld"]
    own = {**BOXED, "@context": clash}

    context, events = with_contexts(
        [(SHIPPED, None), (CLICKED, example), (BOXED, clash), (SHIPPED, remote), (own, clash)]
    )

    assert context == [
        EPCIS_CONTEXT,
        {"cw": "https://ns.cordwainer.example/epcis/", "example": "http://ns.example.com/epcis/"},
    ]
    assert events == [
        SHIPPED,
        CLICKED,
        {"@context": clash, **BOXED},
        {"@context": remote, **SHIPPED},
        own,
    ]


# Query parameters


def test_no_parameters_keep_every_event_thirty_a_page() -> None:
    asked = query()

    assert asked.per_page == DEFAULT_PER_PAGE == 30
    assert asked.after is None
    assert asked.filter == EventFilter()
    assert all(EventFilter().matches(event) for event in (SHIPPED, CLICKED, BOXED))


def test_event_type_keeps_events_of_those_types() -> None:
    assert kept(SHIPPED, ("eventType", "ObjectEvent|AggregationEvent"))
    assert kept(BOXED, ("eventType", "ObjectEvent"), ("eventType", "AggregationEvent"))
    assert not kept(CLICKED, ("eventType", "ObjectEvent"))
    assert not kept(CLICKED, ("eventType", "https://example.com/DyeingEvent"))


def test_business_steps_are_compared_in_one_spelling() -> None:
    assert kept(SHIPPED, ("EQ_bizStep", "https://ref.gs1.org/cbv/BizStep-shipping"))
    assert kept(CLICKED, ("EQ_bizStep", "cw:clicking"))
    assert not kept(CLICKED, ("EQ_bizStep", "clicking"))


def test_event_time_keeps_events_from_and_before_moments() -> None:
    assert kept(SHIPPED, ("GE_eventTime", "2026-11-16T08:30:00Z"))
    assert not kept(SHIPPED, ("GE_eventTime", "2026-11-16T08:30:00.000001Z"))
    assert kept(SHIPPED, ("LT_eventTime", "2026-11-16T09:30:00.000001+01:00"))
    assert not kept(SHIPPED, ("LT_eventTime", "2026-11-16T08:30:00Z"))
    assert not kept({**SHIPPED, "eventTime": "soon"})


def test_match_epc_looks_in_epc_lists_and_children_only() -> None:
    assert kept(SHIPPED, ("MATCH_epc", "urn:epc:id:sgtin:5012345.000081.000000042"))
    assert kept(BOXED, ("MATCH_epc", PAIR_42))
    assert not kept(CLICKED, ("MATCH_epc", PAIR_42))
    assert not kept(SHIPPED, ("MATCH_epc", "urn:epc:id:sgtin:5012345.000081.000000043"))


def test_match_any_epc_also_looks_at_inputs_outputs_and_parents() -> None:
    assert kept(CLICKED, ("MATCH_anyEPC", PAIR_42))
    assert kept(BOXED, ("MATCH_anyEPC", BOXED["parentID"]))
    assert not kept(BOXED, ("MATCH_anyEPC", "urn:epc:id:sscc:0614141.1234567890"))


def test_business_location_is_compared_in_one_spelling() -> None:
    assert kept(SHIPPED, ("EQ_bizLocation", FLIMBY))
    assert not kept(CLICKED, ("EQ_bizLocation", FLIMBY))


def test_naming_keeps_events_that_name_one_identifier_of_each_group() -> None:
    lot = "https://id.cordwainer.example/lots/L-2610-0005"
    assert EventFilter(naming=(frozenset({lot}),)).matches(CLICKED)
    assert EventFilter(naming=(frozenset({PAIR_42}), frozenset({lot}))).matches(CLICKED)
    assert not EventFilter(naming=(frozenset({PAIR_42}), frozenset({lot}))).matches(SHIPPED)


def test_a_page_token_resumes_after_the_last_event_given() -> None:
    token = page_token((MONDAY, SHIPPED["eventID"]))

    assert query(("nextPageToken", token), ("perPage", "2")).after == (MONDAY, SHIPPED["eventID"])
    assert query(("perPage", "1000")).per_page == 1000


@pytest.mark.parametrize(
    ("params", "parameter", "sentence"),
    [
        ([("match_epc", "x")], "match_epc", "Cordwainer does not know the query parameter"),
        ([("eventType", "SewingEvent")], "eventType", "'SewingEvent' is not an EPCIS event type."),
        ([("GE_eventTime", "2026-11-16")], "GE_eventTime", "is not a date-time with its zone"),
        (
            [("LT_eventTime", "2026-11-16T08:00:00Z"), ("LT_eventTime", "2026-11-17T08:00:00Z")],
            "LT_eventTime",
            "LT_eventTime takes one value, not 2.",
        ),
        ([("perPage", "0")], "perPage", "perPage is a whole number from 1 to 1000, not '0'."),
        ([("perPage", "1001")], "perPage", "not '1001'"),
        ([("perPage", "ten")], "perPage", "not 'ten'"),
        (
            [("nextPageToken", "!!")],
            "nextPageToken",
            "This page token was not given by Cordwainer.",
        ),
        ([("nextPageToken", "bm90IGpzb24")], "nextPageToken", "not given by Cordwainer"),
        ([("nextPageToken", "WyJzb29uIiwiYSJd")], "nextPageToken", "not given by Cordwainer"),
        ([("nextPageToken", "WyIyMDI2LTExLTE2VDA4OjMwOjAwWiIsMV0")], "nextPageToken", "not given"),
        ([("nextPageToken", "_w")], "nextPageToken", "not given by Cordwainer"),
    ],
)
def test_a_bad_parameter_is_refused_with_its_name(
    params: list[tuple[str, str]], parameter: str, sentence: str
) -> None:
    with pytest.raises(InvalidValue) as refused:
        parse_query(params)

    assert refused.value.code == "invalid_epcis_query"
    assert refused.value.details == {"parameter": parameter}
    assert sentence in refused.value.message
