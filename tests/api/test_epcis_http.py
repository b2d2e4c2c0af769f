"""EPCIS capture and query over real HTTP, against a live server on SQLite and PostgreSQL."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import httpx

from cordwainer.standards.epcis_validation import problems_in

EXAMPLES = Path(__file__).resolve().parents[3] / "shared" / "standards" / "epcis" / "examples"
JSON_LD = "application/ld+json"


def example(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    return loaded


def post_document(http: httpx.Client, document: Any, media_type: str = JSON_LD) -> httpx.Response:
    return http.post(
        "/epcis/capture", content=json.dumps(document), headers={"Content-Type": media_type}
    )


def events_of(answer: httpx.Response) -> list[dict[str, Any]]:
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == JSON_LD
    document = answer.json()
    assert document["type"] == "EPCISQueryDocument"
    assert problems_in(document) == []
    events: list[dict[str, Any]] = document["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
    return events


def every_page(http: httpx.Client, params: dict[str, str]) -> tuple[list[dict[str, Any]], int]:
    """Every event of a query, following the Link headers; and how many pages it took."""
    answer = http.get("/epcis/events", params=params)
    found, pages = events_of(answer), 1
    while "next" in answer.links:
        answer = http.get(answer.links["next"]["url"])
        found += events_of(answer)
        pages += 1
    return found, pages


def test_a_tannerys_document_is_captured_and_its_receipt_can_be_fetched(
    http: httpx.Client,
) -> None:
    document = example("Example_9.6.2-ObjectEvent.jsonld")

    answer = post_document(http, document)

    assert answer.status_code == 202, answer.text
    receipt = answer.json()
    assert (receipt["events"], receipt["stored"]) == (1, 1)
    assert answer.headers["location"] == f"/epcis/capture/{receipt['capture_id']}"
    assert http.get(answer.headers["location"]).json() == receipt
    at_the_dock = {"EQ_bizLocation": "urn:epc:id:sgln:0614141.00888.0", "eventType": "ObjectEvent"}
    [received] = events_of(http.get("/epcis/events", params=at_the_dock))
    assert received["quantityList"] == document["epcisBody"]["eventList"][0]["quantityList"]
    assert received["bizLocation"] == {"id": "urn:epc:id:sgln:0614141.00888.0"}


def test_plain_json_is_taken_too(http: httpx.Client) -> None:
    answer = post_document(http, example("AssociationEvent-a.jsonld"), "application/json")

    assert answer.status_code == 202, answer.text


def test_an_invalid_document_is_a_400_problem_listing_every_error_and_nothing_is_stored(
    http: httpx.Client,
) -> None:
    document = copy.deepcopy(example("Example_9.6.1-ObjectEventWithDigitalLink.jsonld"))
    shipped, received = document["epcisBody"]["eventList"]
    shipped["bizStep"] = "lasting"
    received["eventTime"] = "tomorrow"
    before = events_of(http.get("/epcis/events", params={"perPage": "1000"}))

    answer = post_document(http, document)

    assert answer.status_code == 400
    assert answer.headers["content-type"] == "application/problem+json"
    problem = answer.json()
    assert problem["code"] == "invalid_epcis_document"
    assert problem["type"] == "/docs/errors#invalid_epcis_document"
    assert problem["details"]["error_count"] == 2
    assert [(e["path"], e["problem"][:30]) for e in problem["details"]["errors"]] == [
        ("$.epcisBody.eventList[0].bizStep", "'lasting' is not a CBV busines"),
        ("$.epcisBody.eventList[1].eventTime", "'tomorrow' is not a 'date-time"),
    ]
    assert events_of(http.get("/epcis/events", params={"perPage": "1000"})) == before


def test_a_body_that_is_not_json_or_not_sent_as_json_is_a_400_problem(http: httpx.Client) -> None:
    broken = http.post(
        "/epcis/capture", content=b'{"type": "EPCISDocument",', headers={"Content-Type": JSON_LD}
    )
    as_text = http.post(
        "/epcis/capture", content=b"type=EPCISDocument", headers={"Content-Type": "text/plain"}
    )

    not_a_number = http.post(
        "/epcis/capture",
        content=b'{"type": "EPCISDocument", "schemaVersion": NaN}',
        headers={"Content-Type": "application/json"},
    )

    assert broken.status_code == as_text.status_code == not_a_number.status_code == 400
    assert broken.json()["details"]["errors"][0]["problem"].startswith("The body is not JSON")
    assert not_a_number.json()["details"]["errors"] == [
        {"path": "$", "problem": "The body is not JSON: NaN is not a JSON number."}
    ]
    assert as_text.json()["details"]["errors"] == [
        {"path": "$", "problem": "Send the document as application/json or application/ld+json."}
    ]


def test_events_come_a_page_at_a_time_each_once_in_order(http: httpx.Client) -> None:
    for name in ("Example_9.6.1-ObjectEvent.jsonld", "Example_9.6.3-AggregationEvent.jsonld"):
        assert post_document(http, example(name)).status_code == 202
    everything = events_of(http.get("/epcis/events", params={"perPage": "1000"}))

    paged, pages = every_page(http, {"perPage": "7"})

    assert paged == everything
    assert pages == -(-len(everything) // 7)
    assert len(everything) >= 36 + 3  # the demo's lot receipts, and GS1's events


def test_query_parameters_filter_over_http(http: httpx.Client) -> None:
    assert post_document(http, example("Example_9.6.1-ObjectEvent.jsonld")).status_code == 202

    shipped, _ = every_page(http, {"EQ_bizStep": "shipping", "perPage": "1"})
    received_lots, _ = every_page(
        http,
        {
            "eventType": "ObjectEvent",
            "EQ_bizStep": "receiving",
            "GE_eventTime": "2026-01-01T00:00:00Z",
        },
    )
    pair = events_of(
        http.get(
            "/epcis/events",
            params={
                "MATCH_epc": "urn:epc:id:sgtin:0614141.107346.2018",
                "eventType": "ObjectEvent",
            },
        )
    )

    assert [e["eventTime"] for e in shipped] == ["2005-04-03T20:33:31.116000-06:00"]
    assert len(received_lots) == 36
    assert {e["bizLocation"]["id"] for e in received_lots} == {
        "https://id.gs1.org/414/5012345000015"
    }
    assert [e["bizStep"] for e in pair] == ["shipping", "receiving"]


def test_a_bad_query_parameter_is_a_400_problem_naming_it(http: httpx.Client) -> None:
    answer = http.get("/epcis/events", params={"LT_eventTime": "2026-11-16"})

    assert answer.status_code == 400
    assert answer.json()["code"] == "invalid_epcis_query"
    assert answer.json()["details"] == {"parameter": "LT_eventTime"}


def test_the_epcis_operations_have_stable_ids(http: httpx.Client) -> None:
    paths = http.get("/openapi.json").json()["paths"]

    assert paths["/epcis/capture"]["post"]["operationId"] == "capture_epcis_document"
    assert paths["/epcis/events"]["get"]["operationId"] == "query_epcis_events"
    assert paths["/epcis/capture/{capture_id}"]["get"]["operationId"] == "get_epcis_capture"
    accepted = paths["/epcis/capture"]["post"]["requestBody"]["content"]
    assert set(accepted) == {"application/json", JSON_LD}
