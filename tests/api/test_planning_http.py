"""Planning over HTTP: orders with their priority, orders imported, a plan made and read,
each bench's dispatch list, on a real server over SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta

import httpx

DUE = (date.today() + timedelta(days=14)).isoformat()


def test_an_order_a_plan_and_a_benchs_dispatch_list_over_http(http: httpx.Client) -> None:
    assert http.get("/api/plan").json()["code"] == "plan_not_found"
    variant = http.get("/api/colourways/U991PK2/variants").json()[0]
    order = http.post(
        "/api/orders",
        json={
            "colourway": "U991PK2",
            "due_on": DUE,
            "customer": "Spring launch",
            "lines": [{"gtin": variant["gtin"], "quantity": 12}],
            "priority": "rush",
            "customer_type": "launch",
            "reference": "LAUNCH-1",
        },
    )
    assert order.status_code == 201, order.text
    assert (order.json()["priority"], order.json()["customer_type"]) == ("rush", "launch")
    again = http.post(
        "/api/orders",
        json={
            "colourway": "U991PK2",
            "due_on": DUE,
            "customer": "Spring launch",
            "lines": [{"gtin": variant["gtin"], "quantity": 12}],
            "reference": "LAUNCH-1",
        },
    )
    assert again.status_code == 409
    assert again.json()["code"] == "order_reference_taken"

    made = http.post("/api/plans", json={"seconds": 1, "fresh": True})
    assert made.status_code == 201, made.text
    plan = made.json()
    assert plan["state"] == "current"
    assert plan["racks"] == 1
    assert http.get("/api/plan").json()["id"] == plan["id"]

    dispatch = http.get("/api/stations/CLK-01/dispatch", params={"limit": 5})
    assert dispatch.status_code == 200
    body = dispatch.json()
    assert body["station"] == "CLK-01"
    assert body["plan_id"] == plan["id"]
    assert http.get("/api/stations/NOPE/dispatch").json()["code"] == "station_not_found"
    assert isinstance(http.get("/api/plan/late-orders").json(), list)


def test_a_bad_import_over_http_names_the_row_and_imports_nothing(http: httpx.Client) -> None:
    body = "customer,colourway,due_on,size,width,quantity\nShop,U991PK2,soon,8,D,12\n"
    answer = http.post("/api/orders/import", content=body.encode(), params={"filename": "x.csv"})
    assert answer.status_code == 422
    problem = answer.json()
    assert problem["code"] == "invalid_order_file"
    assert problem["details"]["errors"] == [
        {"row": 2, "column": "due_on", "message": "'soon' is not a date; write it as 2026-12-01."}
    ]
