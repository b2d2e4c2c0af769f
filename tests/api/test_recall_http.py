"""A recall over HTTP: a lot's pairs by status, and a stable answer for a lot that is not."""

from __future__ import annotations

from uuid import uuid4

import httpx

from tests.api.test_one_pair_through_http import FACTORY, post, qualified, walk


def test_a_recall_over_http_names_the_shipped_pair_and_its_customer(http: httpx.Client) -> None:
    variant = http.get("/api/colourways/UADWDBR/variants").json()[0]
    colourway = variant["colourway_code"]
    order = post(
        http,
        "/api/orders",
        {
            "colourway": colourway,
            "due_on": "2026-12-18",
            "customer": "Wholesale — Tokyo",
            "lines": [{"gtin": variant["gtin"], "quantity": 2}],
        },
    )
    released = post(http, f"/api/orders/{order['code']}/racks", {"event_id": str(uuid4())})
    bill = next(c.bom for s in FACTORY.styles for c in s.colourways if c.code == colourway)
    cut = {m.code for m in FACTORY.materials if m.unit == "dm2"}
    lots = [
        {
            "lot": next(lot.code for lot in FACTORY.lots if lot.material == line.material),
            "quantity": line.quantity * 2,
        }
        for line in bill
        if line.material in cut
    ]
    walk(http, released["rack"], lots)
    first, second = released["pairs"]
    post(
        http,
        "/api/floor/ship",
        {
            "event_id": str(uuid4()),
            "operator": qualified("boxing"),
            "shipment": "SH-TOKYO-7",
            "customer": "Wholesale — Tokyo",
            "serials": [first["serial"]],
        },
    )

    answer = http.get(f"/api/recalls/{lots[0]['lot']}")

    assert answer.status_code == 200, answer.text
    recall = answer.json()
    assert recall["lot"]["lot"] == lots[0]["lot"]
    assert recall["by_status"] == {"boxed": 1, "shipped": 1}
    assert (recall["shipped"], recall["boxed"], recall["in_production"]) == (1, 1, 0)
    assert recall["shipments"] == [
        {"shipment": "SH-TOKYO-7", "customer": "Wholesale — Tokyo", "pairs": 1}
    ]
    assert recall["customers"] == ["Wholesale — Tokyo"]
    by_serial = {pair["serial"]: pair for pair in recall["pairs"]}
    assert by_serial[first["serial"]]["shipment"] == "SH-TOKYO-7"
    assert by_serial[second["serial"]]["shipment"] is None
    assert by_serial[second["serial"]]["boxed_at"]


def test_an_unknown_lot_gets_404_with_its_code(http: httpx.Client) -> None:
    answer = http.get("/api/recalls/L-0000-9999")

    assert answer.status_code == 404
    assert answer.json()["code"] == "lot_not_found"
