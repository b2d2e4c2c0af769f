"""One pair from production order to shipment through the HTTP API alone, then traced."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import uuid4

import httpx

from cordwainer.demo.factory import read_factory

FACTORY = read_factory()


def qualified(operation: str) -> str:
    return next(p.badge for p in FACTORY.operators if p.skills.get(operation, 0) >= 2)


def station(operation: str) -> str:
    return next(w.stations[0] for w in FACTORY.workcentres if w.operation == operation)


def post(http: httpx.Client, path: str, body: dict[str, Any]) -> dict[str, Any]:
    answer = http.post(path, json=body)
    assert answer.status_code == 201, answer.text
    found: dict[str, Any] = answer.json()
    return found


def at(step: str, rack: str, **more: Any) -> dict[str, Any]:
    """A floor action at a bench of ``step`` by someone qualified for it, on a rack."""
    return {
        "event_id": str(uuid4()),
        "station": station(step),
        "operator": qualified(step),
        "rack": rack,
        **more,
    }


def walk(http: httpx.Client, rack: str, lots: Sequence[dict[str, Any]]) -> None:
    inspector = qualified("final_inspection")
    for operation in FACTORY.operations:
        if operation.kind == "metal_detection":
            post(http, "/api/floor/metal-scan", at(operation.code, rack))
        elif operation.kind == "boxing":
            post(http, "/api/floor/box", at(operation.code, rack))
        else:
            post(http, "/api/floor/start", at(operation.code, rack))
            drawn = list(lots) if operation.consumes_materials else []
            post(http, "/api/floor/finish", at(operation.code, rack, lots=drawn))
            post(http, "/api/floor/inspect", at(operation.code, rack, operator=inspector))


def test_one_pair_goes_from_order_to_shipment_over_http_and_is_found_everywhere(
    http: httpx.Client,
) -> None:
    variants = http.get("/api/colourways/UADWDBR/variants")  # Allerdale, dark brown
    assert variants.status_code == 200
    variant = variants.json()[0]
    colourway = variant["colourway_code"]
    order = post(
        http,
        "/api/orders",
        {
            "colourway": colourway,
            "due_on": "2026-12-18",
            "customer": "Wholesale — Tokyo",
            "lines": [{"gtin": variant["gtin"], "quantity": 1}],
        },
    )
    released = post(http, f"/api/orders/{order['code']}/racks", {"event_id": str(uuid4())})
    rack = released["rack"]
    [pair] = released["pairs"]

    bill = next(c.bom for s in FACTORY.styles for c in s.colourways if c.code == colourway)
    cut = {m.code for m in FACTORY.materials if m.unit == "dm2"}
    lots = [
        {
            "lot": next(lot.code for lot in FACTORY.lots if lot.material == line.material),
            "quantity": line.quantity,
        }
        for line in bill
        if line.material in cut
    ]
    walk(http, rack, lots)
    shipped = post(
        http,
        "/api/floor/ship",
        {
            "event_id": str(uuid4()),
            "operator": qualified("boxing"),
            "shipment": "SH-TOKYO-1",
            "customer": "Wholesale — Tokyo",
            "serials": [pair["serial"]],
        },
    )
    assert shipped["pairs"] == [{**pair, "result": None}]

    story = http.get(f"/api/trace/pairs/{pair['gtin']}/{pair['serial']}").json()
    assert story["pair"]["status"] == "shipped"
    assert [e["kind"] for e in story["events"]][-1] == "pairs_shipped"
    assert {lot["lot"] for lot in story["lots"]} == {lot["lot"] for lot in lots}

    forward = http.get(f"/api/trace/lots/{lots[0]['lot']}").json()
    assert {"serial": pair["serial"], "shipment": "SH-TOKYO-1"}.items() <= next(
        p for p in forward["pairs"] if p["serial"] == pair["serial"]
    ).items()

    passport = http.get(f"/01/{pair['gtin']}/21/{pair['serial']}")
    assert passport.status_code == 200
    assert "text/html" in passport.headers["content-type"]
    assert pair["serial"] in passport.text
    assert "Allerdale" in passport.text
