"""The station terminal: pick a bench, scan a rack, tap what was done."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import httpx
import pytest

from cordwainer.domain.floor import QUALIFIED
from cordwainer.services import catalogue, orders
from cordwainer.services.staffing import staffing
from cordwainer.web import urls
from tests.floor_walk import snapshot
from tests.web.conftest import Site
from tests.web.reading import Form, form_labelled, forms_of, table, text_of

CLICKER = "B1001"  # Andy, an expert clicker
CLOSER = "B1011"  # Chris, an expert closer


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


def submit(site: Site, form: Form) -> httpx.Response:
    assert form.method == "post"
    return site.client.post(form.action, data=form.fields, follow_redirects=True)


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


def test_the_scan_field_has_the_focus_and_submits_with_the_badge(site: Site) -> None:
    page = site.client.get(urls.station("CLS-01")).text
    scan = next(form for form in forms_of(page) if form.method == "get")

    assert '<input id="scan" name="rack" autofocus' in page
    assert set(scan.fields) == {"badge", "rack"}
    assert scan.action == "/station/CLS-01"


def test_a_released_rack_is_started_through_the_forms(fresh_site: Site, rack: str) -> None:
    page = fresh_site.client.get(urls.station("CLK-01", rack=rack, badge=CLICKER))
    start = form_labelled(page.text, "Start")

    assert page.status_code == 200
    assert f"Rack {rack}" in text_of(page.text)
    assert start.is_next
    assert start.fields["rack"] == [rack]
    assert start.fields["badge"] == [CLICKER]

    after = submit(fresh_site, start)

    assert after.status_code == 200
    assert after.history[0].status_code == 303
    assert f"✓ Rack {rack} started at clicking: 12 pairs." in flash(after)
    assert pairs_at(fresh_site, rack) == {(0, "in_work", "in_production")}
    assert form_labelled(after.text, "Finish").is_next


def test_a_resubmitted_form_is_recorded_once(fresh_site: Site, rack: str) -> None:
    page = fresh_site.client.get(urls.station("CLK-01", rack=rack, badge=CLICKER)).text
    start = form_labelled(page, "Start")
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
    page = fresh_site.client.get(urls.station("CLK-01", rack=rack, badge=CLICKER)).text
    started = submit(fresh_site, form_labelled(page, "Start"))
    finish = form_labelled(started.text, "Finish")
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
    assert form_labelled(finished.text, "Done — all pass").is_next


def test_starting_at_the_wrong_station_shows_the_sentence_and_changes_nothing(
    fresh_site: Site, rack: str
) -> None:
    page = fresh_site.client.get(urls.station("CLS-01", rack=rack, badge=CLOSER)).text
    before = snapshot(fresh_site.db)

    refused = fresh_site.client.post(
        urls.station_action("CLS-01", "start"), data=form_labelled(page, "Start").fields
    )

    assert refused.status_code == 409
    sentence = f"✗ Rack {rack} is at clicking; closing cannot begin before clicking is done."
    assert sentence in text_of(refused.text)
    assert '<input id="scan" name="rack" autofocus' in refused.text
    assert f"Rack {rack}" in text_of(refused.text), "the rack stays on the screen"
    assert snapshot(fresh_site.db) == before


def test_a_tap_without_a_badge_asks_for_the_badge(fresh_site: Site, rack: str) -> None:
    page = fresh_site.client.get(urls.station("CLK-01", rack=rack)).text
    before = snapshot(fresh_site.db)

    refused = fresh_site.client.post(
        urls.station_action("CLK-01", "start"), data=form_labelled(page, "Start").fields
    )

    assert refused.status_code == 422
    assert "Scan or type your badge first, then tap again." in text_of(refused.text)
    assert snapshot(fresh_site.db) == before


def test_an_unknown_rack_is_named_on_the_station_page(site: Site) -> None:
    response = site.client.get(urls.station("CLK-01", rack="R999999", badge=CLICKER))

    assert response.status_code == 404
    assert "✗ There is no rack R999999." in text_of(response.text)
    assert '<input id="scan" name="rack" autofocus' in response.text


def test_an_unknown_station_is_a_404_page_with_the_way_back(site: Site) -> None:
    response = site.client.get(urls.station("XYZ-99"))

    assert response.status_code == 404
    assert "There is no station XYZ-99." in text_of(response.text)
    assert f'href="{urls.stations()}"' in response.text


def test_an_htmx_request_gets_the_error_line_alone(site: Site) -> None:
    response = site.client.post(
        urls.station_action("CLK-01", "start"),
        data={"event_id": "not-an-id", "rack": "R000001", "badge": CLICKER},
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
        badge = staff.people[operation][0][0]
        page = fresh_site.client.get(urls.station(station, rack=rack, badge=badge)).text
        while nexts := [form for form in forms_of(page) if form.is_next]:
            after = submit(fresh_site, nexts[0])
            assert after.status_code == 200, text_of(after.text)
            said.append(text_of(after.text).split("✓ ")[1].split(".")[0])
            page = after.text

    assert said[-2:] == [
        f"Rack {rack} cleared by the metal detector: 12 pairs",
        f"Rack {rack} boxed: 12 pairs",
    ]
    assert len(said) == 8 * 3 + 2
    assert pairs_at(fresh_site, rack) == {(9, "waiting", "boxed")}
    rows = table(page, f"Pairs on rack {rack}")
    assert all(row[-1] == "✓ Boxed" for row in rows[1:])
