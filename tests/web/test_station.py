"""The station terminal without its script: badge in, scan, tap what was done."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import httpx
import pytest

from cordwainer.domain.floor import QUALIFIED
from cordwainer.services import catalogue, orders
from cordwainer.services.staffing import staffing
from cordwainer.web import urls
from cordwainer.web.sessions import COOKIE
from tests.badges import ANDY, CHRIS, pin_of
from tests.floor_walk import snapshot
from tests.web.conftest import Site
from tests.web.reading import Form, form_labelled, forms_of, table, text_of


@pytest.fixture
def rack(fresh_site: Site) -> str:
    """A rack of twelve Allerdale pairs, just released: waiting at clicking."""
    db = fresh_site.db
    lines = tuple((variant.gtin, 1) for variant in catalogue.variants(db, "UADWDBR")[:12])
    order = orders.create_order(
        db, orders.NewOrder("UADWDBR", date(2026, 12, 1), "Wholesale — Tokyo", lines)
    )
    receipt = orders.release_rack_of(db, orders.ReleaseRack(uuid4(), order.code))
    assert receipt.rack is not None
    return receipt.rack


def badge_in(site: Site, station: str, badge: str, pin: str | None = None) -> httpx.Response:
    return site.client.post(
        urls.badge_in(station),
        data={"badge": badge, "pin": pin if pin is not None else pin_of(badge)},
        follow_redirects=True,
    )


def submit(site: Site, form: Form, **more: str) -> httpx.Response:
    assert form.method == "post"
    return site.client.post(form.action, data=form.fields | more, follow_redirects=True)


def flash(response: httpx.Response) -> str:
    return text_of(response.text)


def pairs_at(site: Site, rack: str) -> set[tuple[int, str, str]]:
    return {
        (step, stage, status)
        for step, stage, status in site.rows(
            "SELECT step, stage, status FROM pairs WHERE rack_code = :rack", rack=rack
        )
    }


def test_the_stations_are_grouped_by_workcentre_with_a_button_each(site: Site) -> None:
    response = site.client.get(urls.stations())
    seen = text_of(response.text)
    benches = [code for (code,) in site.rows("SELECT code FROM stations")]

    assert response.status_code == 200
    assert seen.index("Clicking room") < seen.index("Closing room") < seen.index("Boxing")
    for code in benches:
        assert f'href="/station/{code}"' in response.text


def test_the_scan_field_has_the_focus_and_asks_for_any_code(site: Site) -> None:
    page = site.client.get(urls.station("CLS-01")).text
    scan = next(form for form in forms_of(page) if form.method == "get")

    assert '<input id="scan" name="scan" autofocus' in page
    assert set(scan.fields) == {"scan"}
    assert scan.action == "/station/CLS-01"
    assert "No one is badged in: scan your badge." in text_of(page)


def test_a_scanned_rack_ticket_shows_the_rack(fresh_site: Site, rack: str) -> None:
    response = fresh_site.client.get(urls.station("CLK-01", scan=rack.lower()))

    assert response.history[0].status_code == 303
    assert str(response.url).endswith(f"/station/CLK-01?rack={rack}")
    seen = text_of(response.text)
    assert f"Rack {rack}" in seen
    assert "Clicking : 12 pairs here · 9 min a pair" in seen
    assert "Check: Grain, flaws, shade" in seen
    assert form_labelled(response.text, "▶Start").is_next
    assert f'href="{urls.rack_ticket(rack)}"' in response.text


def test_a_scanned_badge_asks_for_the_pin_and_keeps_the_rack(fresh_site: Site, rack: str) -> None:
    response = fresh_site.client.get(urls.station("CLK-01", scan=ANDY, rack=rack))

    assert str(response.url).endswith(f"?badge={ANDY}&rack={rack}")
    pin = form_labelled(response.text, "Badge in")
    assert pin.action == urls.badge_in("CLK-01")
    assert pin.fields["badge"] == [ANDY]
    assert pin.fields["rack"] == [rack]
    assert 'id="pin" name="pin" type="password"' in response.text
    assert f"Badge {ANDY} — Andrew Armstrong Type your PIN" in text_of(response.text)


def test_a_wrong_pin_is_refused_and_badges_no_one_in(fresh_site: Site) -> None:
    refused = badge_in(fresh_site, "CLK-01", ANDY, "0000")

    assert refused.status_code == 403
    assert f"✗ That is not the PIN of badge {ANDY}. Type your PIN again." in text_of(refused.text)
    assert COOKIE not in refused.cookies
    assert "No one is badged in" in text_of(refused.text)


def test_an_unknown_badge_and_a_malformed_pin_are_refused(fresh_site: Site) -> None:
    unknown = badge_in(fresh_site, "CLK-01", "B0000", "1234")
    short = badge_in(fresh_site, "CLK-01", ANDY, "12")

    assert unknown.status_code == 404
    assert "No one has badge B0000. Scan your badge again, or ask the supervisor." in text_of(
        unknown.text
    )
    assert short.status_code == 422
    assert "A PIN is 4 to 8 digits." in text_of(short.text)


def test_the_right_pin_badges_in_at_this_station_only(fresh_site: Site) -> None:
    response = fresh_site.client.post(
        urls.badge_in("CLK-01"), data={"badge": ANDY, "pin": pin_of(ANDY)}, follow_redirects=False
    )

    assert response.status_code == 303
    cookie = response.headers["set-cookie"]
    assert f"{COOKIE}=" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie
    assert "Path=/station/CLK-01" in cookie
    here = fresh_site.client.get(urls.station("CLK-01"))
    there = fresh_site.client.get(urls.station("CLK-02"))
    assert "✓ Andrew Armstrong B1001 Clicking: ★ expert" in text_of(here.text)
    assert "No one is badged in" in text_of(there.text)


def test_a_forged_badge_cookie_is_ignored(fresh_site: Site, rack: str) -> None:
    badge_in(fresh_site, "CLK-01", ANDY)
    genuine = fresh_site.client.cookies[COOKIE]
    body, _, mac = genuine.rpartition(".")
    fresh_site.client.cookies.set(COOKIE, f"{body}.{'0' * len(mac)}", path="/station/CLK-01")

    page = fresh_site.client.get(urls.station("CLK-01", rack=rack))

    assert "No one is badged in" in text_of(page.text)


def test_badging_out_forgets_the_person(fresh_site: Site) -> None:
    badge_in(fresh_site, "CLK-01", ANDY)
    page = fresh_site.client.get(urls.station("CLK-01"))

    after = submit(fresh_site, form_labelled(page.text, "Badge out"))

    assert "No one is badged in" in text_of(after.text)


def test_a_released_rack_is_started_as_the_person_badged_in(fresh_site: Site, rack: str) -> None:
    badge_in(fresh_site, "CLK-01", ANDY)
    page = fresh_site.client.get(urls.station("CLK-01", rack=rack))
    start = form_labelled(page.text, "▶Start")

    assert start.is_next
    assert start.fields["rack"] == [rack]
    assert "badge" not in start.fields, "who taps is who is badged in, never a form field"

    after = submit(fresh_site, start)

    assert after.status_code == 200
    assert after.history[0].status_code == 303
    assert f"✓ Rack {rack} started at clicking: 12 pairs." in flash(after)
    assert pairs_at(fresh_site, rack) == {(0, "in_work", "in_production")}
    assert form_labelled(after.text, "■Finish").is_next
    assert (
        fresh_site.value(
            "SELECT o.badge FROM events e JOIN operators o ON o.id = e.operator_id "
            "WHERE e.rack_code = :rack AND e.kind = 'operation_started'",
            rack=rack,
        )
        == ANDY
    )


def test_a_resubmitted_form_is_recorded_once(fresh_site: Site, rack: str) -> None:
    badge_in(fresh_site, "CLK-01", ANDY)
    page = fresh_site.client.get(urls.station("CLK-01", rack=rack)).text
    start = form_labelled(page, "▶Start")
    events = "SELECT count(*) FROM events"
    before = fresh_site.value(events)

    first = submit(fresh_site, start)
    again = submit(fresh_site, start)

    assert fresh_site.value(events) == before + 1
    assert f"Rack {rack} started at clicking" in flash(first)
    assert f"Rack {rack} started at clicking" in flash(again)


def test_clicking_finishes_with_the_lots_the_cutting_plan_proposes(
    fresh_site: Site, rack: str
) -> None:
    badge_in(fresh_site, "CLK-01", ANDY)
    page = fresh_site.client.get(urls.station("CLK-01", rack=rack)).text
    started = submit(fresh_site, form_labelled(page, "▶Start"))
    finish = form_labelled(started.text, "■Finish")
    proposed = dict(line.split("=") for line in finish.fields["lot"])

    assert proposed, "clicking proposes the lots to cut from"
    for lot in proposed:
        assert lot in text_of(started.text)

    finished = submit(fresh_site, finish)

    assert f"Rack {rack} finished at clicking: 12 pairs." in flash(finished)
    drawn = fresh_site.rows(
        """
        SELECT el.lot_code, el.quantity FROM event_lots el
        JOIN events e ON e.id = el.event_id
        WHERE e.rack_code = :rack AND e.kind = 'operation_finished'
        """,
        rack=rack,
    )
    assert {lot: float(quantity) for lot, quantity in proposed.items()} == dict(drawn)
    assert form_labelled(finished.text, "✓Done — all pass").is_next


def test_starting_at_the_wrong_station_shows_the_sentence_and_changes_nothing(
    fresh_site: Site, rack: str
) -> None:
    badge_in(fresh_site, "CLS-01", CHRIS)
    page = fresh_site.client.get(urls.station("CLS-01", rack=rack)).text
    assert not [form for form in forms_of(page) if form.action.endswith("/start")]
    assert "This rack is at clicking; it comes here once clicking is done." in text_of(page)
    before = snapshot(fresh_site.db)

    refused = fresh_site.client.post(
        urls.station_action("CLS-01", "start"), data={"event_id": str(uuid4()), "rack": rack}
    )

    assert refused.status_code == 409
    sentence = f"✗ Rack {rack} is at clicking; closing cannot begin before clicking is done."
    assert sentence in text_of(refused.text)
    assert '<input id="scan" name="scan" autofocus' in refused.text
    assert f"Rack {rack}" in text_of(refused.text), "the rack stays on the screen"
    assert snapshot(fresh_site.db) == before


def test_a_tap_when_no_one_is_badged_in_asks_for_the_badge(fresh_site: Site, rack: str) -> None:
    page = fresh_site.client.get(urls.station("CLK-01", rack=rack)).text
    before = snapshot(fresh_site.db)

    refused = fresh_site.client.post(
        urls.station_action("CLK-01", "start"), data=form_labelled(page, "▶Start").fields
    )

    assert refused.status_code == 403
    assert (
        "No one is badged in at CLK-01. Scan your badge and type your PIN, then tap again."
        in text_of(refused.text)
    )
    assert snapshot(fresh_site.db) == before


def test_an_unknown_scan_says_what_to_scan(site: Site) -> None:
    response = site.client.get(urls.station("CLK-01", scan="XYZ-123"))

    assert response.status_code == 404
    assert (
        "✗ Nothing here is known as 'XYZ-123'. Scan a rack ticket, a pair's label or your badge."
        in text_of(response.text)
    )
    assert '<input id="scan" name="scan" autofocus' in response.text


def test_an_unknown_rack_is_named_on_the_station_page(site: Site) -> None:
    response = site.client.get(urls.station("CLK-01", rack="R999999"))

    assert response.status_code == 404
    assert "✗ There is no rack R999999." in text_of(response.text)


def test_an_unknown_station_is_a_404_page_with_the_way_back(site: Site) -> None:
    response = site.client.get(urls.station("XYZ-99"))

    assert response.status_code == 404
    assert "There is no station XYZ-99." in text_of(response.text)
    assert f'href="{urls.stations()}"' in response.text


def test_an_htmx_request_gets_the_error_line_alone(fresh_site: Site) -> None:
    badge_in(fresh_site, "CLK-01", ANDY)
    response = fresh_site.client.post(
        urls.station_action("CLK-01", "start"),
        data={"event_id": "not-an-id", "rack": "R000001"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 422
    assert response.text.startswith('<p class="flash flash-error" role="alert">')
    assert "This form has no valid event id. Reload the page and tap again." in response.text


def test_a_rack_goes_from_clicking_to_its_boxes_by_tapping_the_next_button(
    fresh_site: Site, rack: str
) -> None:
    staff = staffing(fresh_site.db, minimum_level=QUALIFIED)
    workcentres = fresh_site.rows(
        """
        SELECT w.operation_code, MIN(s.code) FROM workcentres w
        JOIN stations s ON s.workcentre_code = w.code
        JOIN operations o ON o.code = w.operation_code
        GROUP BY w.operation_code, o.position ORDER BY o.position
        """
    )
    said = []
    for operation, station in workcentres:
        badge_in(fresh_site, station, staff.people[operation][0][0])
        page = fresh_site.client.get(urls.station(station, rack=rack)).text
        while nexts := [form for form in forms_of(page) if form.is_next]:
            after = submit(fresh_site, nexts[0])
            assert after.status_code == 200, text_of(after.text)
            said.append(text_of(after.text).split("✓ ")[2].split(".")[0])
            page = after.text

    assert said[-2:] == [
        f"Rack {rack} cleared by the metal detector: 12 pairs",
        f"Rack {rack} boxed: 12 pairs",
    ]
    assert len(said) == 8 * 3 + 2
    assert pairs_at(fresh_site, rack) == {(9, "waiting", "boxed")}
    rows = table(page, f"Pairs on rack {rack}")
    assert all(row[3] == "✓ Boxed" and row[4] == "Print box label" for row in rows[1:])
