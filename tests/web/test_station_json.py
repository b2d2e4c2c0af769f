"""What the terminal's script sends: taps and photos as JSON, each recorded once."""

from __future__ import annotations

import base64
from datetime import date
from uuid import UUID, uuid4

import pytest

from cordwainer.services import catalogue, floor, orders
from cordwainer.web import urls
from tests.badges import ANDY, ANNE, pin_of
from tests.floor_walk import Floor, snapshot
from tests.photos import png
from tests.web.conftest import Site

JSON = {"Accept": "application/json"}


@pytest.fixture
def rack(fresh_site: Site) -> str:
    db = fresh_site.db
    lines = tuple((variant.gtin, 1) for variant in catalogue.variants(db, "UADWDBR")[:6])
    order = orders.create_order(
        db, orders.NewOrder("UADWDBR", date(2026, 12, 1), "Direct — online", lines)
    )
    receipt = orders.release_rack_of(db, orders.ReleaseRack(uuid4(), order.code))
    assert receipt.rack is not None
    return receipt.rack


def badge_in(site: Site, station: str, badge: str) -> None:
    site.client.post(urls.badge_in(station), data={"badge": badge, "pin": pin_of(badge)})


def tap(site: Site, station: str, **body: object) -> tuple[int, dict[str, object]]:
    answer = site.client.post(urls.station_actions(station), json=body, headers=JSON)
    return answer.status_code, answer.json()


def test_a_tap_sent_twice_is_recorded_once_and_answered_alike(fresh_site: Site, rack: str) -> None:
    badge_in(fresh_site, "CLK-01", ANDY)
    event_id = str(uuid4())
    body = {"event_id": event_id, "action": "start", "badge": ANDY, "rack": rack}

    first = tap(fresh_site, "CLK-01", **body)
    again = tap(fresh_site, "CLK-01", **body)

    assert first == again
    assert first == (
        201,
        {
            "event_id": event_id,
            "kind": "operation_started",
            "pairs": 6,
            "next": f"/station/CLK-01?rack={rack}&done=start&pairs=6",
        },
    )
    recorded = "SELECT count(*) FROM events WHERE id = :id"
    assert fresh_site.value(recorded, id=UUID(event_id).hex) == 1  # SQLite keeps UUIDs as hex


def test_a_tap_without_a_badge_is_refused_as_problem_json(fresh_site: Site, rack: str) -> None:
    before = snapshot(fresh_site.db)
    status, problem = tap(
        fresh_site, "CLK-01", event_id=str(uuid4()), action="start", badge=ANDY, rack=rack
    )

    assert status == 403
    assert problem["code"] == "not_badged_in"
    assert snapshot(fresh_site.db) == before


def test_a_tap_made_by_someone_else_waits_for_them(fresh_site: Site, rack: str) -> None:
    badge_in(fresh_site, "CLK-01", ANDY)
    before = snapshot(fresh_site.db)
    status, problem = tap(
        fresh_site, "CLK-01", event_id=str(uuid4()), action="start", badge=ANNE, rack=rack
    )

    assert status == 403
    assert problem["code"] == "badge_changed"
    assert problem["title"] == (
        f"This tap was made by {ANNE}, but {ANDY} is badged in now; {ANNE} badges in again "
        "to send it."
    )
    assert snapshot(fresh_site.db) == before


def test_a_malformed_tap_is_refused_with_the_place(fresh_site: Site) -> None:
    badge_in(fresh_site, "CLK-01", ANDY)
    status, problem = tap(fresh_site, "CLK-01", event_id="nope", action="start", badge=ANDY)

    assert status == 422
    assert problem["code"] == "invalid_request"
    assert "event_id" in str(problem["title"])


def test_an_unknown_action_is_not_found(fresh_site: Site, rack: str) -> None:
    badge_in(fresh_site, "CLK-01", ANDY)
    status, problem = tap(
        fresh_site, "CLK-01", event_id=str(uuid4()), action="polish", badge=ANDY, rack=rack
    )

    assert (status, problem["code"]) == (404, "station_action_not_found")


def test_a_finding_and_its_photo_arrive_one_after_the_other(fresh_site: Site) -> None:
    shop = Floor.of(fresh_site.db)
    rack = shop.release(shop.order(pairs=2))
    shop.through(rack, "finishing")
    floor_step = shop.step("final_inspection", rack)
    floor.start_operation(fresh_site.db, floor_step)
    floor.finish_operation(
        fresh_site.db,
        floor.FinishCommand(uuid4(), floor_step.station, floor_step.operator, rack),
    )
    serial = fresh_site.value("SELECT min(serial) FROM pairs WHERE rack_code = :rack", rack=rack)
    badge_in(fresh_site, "INS-01", ANNE)
    event_id = str(uuid4())
    photo = {
        "event_id": event_id,
        "serial": serial,
        "content_type": "image/png",
        "data": base64.b64encode(png()).decode(),
    }

    early = fresh_site.client.post(urls.station_photos("INS-01"), json=photo, headers=JSON)
    status, answer = tap(
        fresh_site,
        "INS-01",
        event_id=event_id,
        action="inspect",
        badge=ANNE,
        rack=rack,
        serial=serial,
        result="scrap",
        defect_code="INS-BUILD",
    )
    kept = fresh_site.client.post(urls.station_photos("INS-01"), json=photo, headers=JSON)
    again = fresh_site.client.post(urls.station_photos("INS-01"), json=photo, headers=JSON)

    assert early.status_code == 404
    assert early.json()["code"] == "finding_not_found"
    assert status == 201
    assert answer["next"] == (
        f"/station/INS-01?rack={rack}&done=scrap&serial={serial}&defect=INS-BUILD"
    )
    assert kept.status_code == again.status_code == 201
    assert kept.json() == again.json()
    assert fresh_site.value("SELECT count(*) FROM defect_photos") == 1
    shown = fresh_site.client.get(kept.json()["url"])
    assert shown.content == png()
