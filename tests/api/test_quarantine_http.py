"""A metal alarm, a supervisor's clearance and a new scan, over HTTP."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import httpx

from tests.api.test_one_pair_through_http import FACTORY, at, post, qualified

SUPERVISOR = "B1045"  # expert in final inspection


def a_rack_at_the_detector(http: httpx.Client) -> tuple[str, list[dict[str, Any]]]:
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
    released = post(http, f"/api/orders/{order['code']}/racks", {"event_id": str(uuid4())})
    rack = released["rack"]
    lots = [
        {
            "lot": next(lot.code for lot in FACTORY.lots if lot.material == line.material),
            "quantity": line.quantity * 2,
        }
        for line in next(c.bom for s in FACTORY.styles for c in s.colourways if c.code == "U991PK2")
        if line.material in {m.code for m in FACTORY.materials if m.unit == "dm2"}
    ]
    for operation in FACTORY.operations:
        if operation.kind != "craft":
            break
        post(http, "/api/floor/start", at(operation.code, rack))
        drawn = lots if operation.consumes_materials else []
        post(http, "/api/floor/finish", at(operation.code, rack, lots=drawn))
        post(
            http,
            "/api/floor/inspect",
            at(operation.code, rack, operator=qualified("final_inspection")),
        )
    return rack, released["pairs"]


def test_a_supervisor_clears_a_quarantined_pair_which_then_passes_a_new_scan(
    http: httpx.Client,
) -> None:
    rack, pairs = a_rack_at_the_detector(http)
    alarmed = pairs[0]["serial"]
    post(
        http,
        "/api/floor/metal-scan",
        at("metal_detection", rack, alarms=[{"serial": alarmed, "defect_code": "MD-METAL"}]),
    )

    refused = http.post(
        "/api/floor/clear-quarantine",
        json=at("metal_detection", rack, serials=[alarmed], operator=qualified("metal_detection")),
    )
    assert refused.status_code == 403
    assert refused.json()["code"] == "not_a_supervisor"

    cleared = post(
        http,
        "/api/floor/clear-quarantine",
        at(
            "metal_detection",
            rack,
            serials=[alarmed],
            operator=SUPERVISOR,
            note="Re-inspected: staple in the box, not the shoe.",
        ),
    )
    assert cleared["kind"] == "quarantine_cleared"
    assert [pair["serial"] for pair in cleared["pairs"]] == [alarmed]

    rescanned = post(http, "/api/floor/metal-scan", at("metal_detection", rack, serials=[alarmed]))
    assert rescanned["pairs"][0]["result"] == "pass"
    boxed = post(http, "/api/floor/box", at("boxing", rack))
    assert {pair["serial"] for pair in boxed["pairs"]} == {pair["serial"] for pair in pairs}
