"""Bad requests over HTTP: a 4xx problem body with a stable code, and nothing written."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import httpx
import pytest

from tests.api.test_one_pair_through_http import at, post, qualified


def events_recorded(http: httpx.Client, rack: str) -> list[str]:
    view = http.get(f"/api/racks/{rack}").json()
    return [f"{p['serial']}:{p['operation']}:{p['stage']}:{p['status']}" for p in view["pairs"]]


@pytest.fixture
def rack(http: httpx.Client) -> str:
    variant = http.get("/api/colourways/U991PK2/variants").json()[0]
    order = post(
        http,
        "/api/orders",
        {
            "colourway": "U991PK2",
            "due_on": "2026-12-18",
            "customer": "Direct — online",
            "lines": [{"gtin": variant["gtin"], "quantity": 2}],
        },
    )
    released: dict[str, Any] = post(
        http, f"/api/orders/{order['code']}/racks", {"event_id": str(uuid4())}
    )
    return str(released["rack"])


def problem(answer: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = answer.json()
    assert body["code"] == code
    assert body["status"] == status
    assert body["detail"].endswith("."), "the detail is a sentence a person reads"
    return body


def test_an_unknown_rack_gets_404(http: httpx.Client) -> None:
    problem(http.post("/api/floor/start", json=at("clicking", "R424242")), 404, "rack_not_found")
    problem(http.get("/api/racks/R424242"), 404, "rack_not_found")


def test_an_invalid_gtin_gets_422_with_the_check_digit(http: httpx.Client) -> None:
    body = problem(http.get("/api/trace/pairs/5012345000011/000000001"), 422, "invalid_gtin")
    assert "check digit" in body["detail"]


def test_a_skipped_step_gets_409_and_changes_nothing(http: httpx.Client, rack: str) -> None:
    before = events_recorded(http, rack)
    problem(http.post("/api/floor/start", json=at("lasting", rack)), 409, "step_skipped")
    assert events_recorded(http, rack) == before


def test_the_wrong_station_gets_409(http: httpx.Client, rack: str) -> None:
    body = at("clicking", rack, station="CLS-01", operation="clicking")
    problem(http.post("/api/floor/start", json=body), 409, "wrong_station")


def test_an_operator_without_the_skill_gets_403(http: httpx.Client, rack: str) -> None:
    body = at("clicking", rack, operator=qualified("boxing"))
    answer = http.post("/api/floor/start", json=body)
    problem(answer, 403, "operator_not_qualified")


def test_boxing_without_a_metal_scan_gets_409(http: httpx.Client, rack: str) -> None:
    problem(http.post("/api/floor/box", json=at("boxing", rack)), 409, "metal_scan_missing")


def test_the_same_event_twice_is_answered_alike_and_recorded_once(
    http: httpx.Client, rack: str
) -> None:
    body = at("clicking", rack)
    first = http.post("/api/floor/start", json=body)
    second = http.post("/api/floor/start", json=body)
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    story = http.get(
        f"/api/trace/pairs/{first.json()['pairs'][0]['gtin']}/{first.json()['pairs'][0]['serial']}"
    )
    assert [e["kind"] for e in story.json()["events"]].count("operation_started") == 1


def test_an_event_id_reused_for_another_action_gets_409(http: httpx.Client, rack: str) -> None:
    body = at("clicking", rack)
    post(http, "/api/floor/start", body)
    other = body | {"station": "CLK-02"}
    problem(http.post("/api/floor/start", json=other), 409, "event_id_reused")


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"event_id": "not-a-uuid", "station": "CLK-01", "operator": "B1001", "rack": "R000001"},
        {"event_id": str(uuid4()), "station": "CLK-01", "operator": "B1001", "surprise": 1},
        {"event_id": str(uuid4()), "station": "CLK 01;", "operator": "B1001"},
        {
            "event_id": str(uuid4()),
            "station": "CLK-01",
            "operator": "B1001",
            "event_time": "2026-11-23T08:00:00",
        },
    ],
    ids=["empty", "bad-uuid", "unknown-field", "bad-station-code", "time-without-zone"],
)
def test_a_malformed_body_gets_422_invalid_request(
    http: httpx.Client, body: dict[str, Any]
) -> None:
    answer = http.post("/api/floor/start", json=body)
    found = problem(answer, 422, "invalid_request")
    assert found["details"]["problems"]


def test_a_body_that_is_not_json_gets_422(http: httpx.Client) -> None:
    answer = http.post(
        "/api/floor/start", content=b"{not json", headers={"content-type": "application/json"}
    )
    problem(answer, 422, "invalid_request")


def test_naming_neither_rack_nor_pairs_gets_422(http: httpx.Client) -> None:
    body = at("clicking", "R000001")
    del body["rack"]
    problem(http.post("/api/floor/start", json=body), 422, "nothing_named")


def test_the_openapi_document_and_its_docs_are_served(http: httpx.Client) -> None:
    document = http.get("/openapi.json").json()
    operations = {op["operationId"] for path in document["paths"].values() for op in path.values()}
    assert {"start_operation", "finish_operation", "inspect_pairs", "scan_for_metal"} <= operations
    assert {
        "box_pairs",
        "ship_pairs",
        "trace_pair",
        "trace_lot",
        "create_order",
        "release_rack",
    } <= operations
    assert http.get("/docs").status_code == 200
