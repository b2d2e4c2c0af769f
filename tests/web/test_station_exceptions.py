"""The terminal's second, deliberate step: a pair reworked or scrapped with its photo, a
trainee's work signed off, a metal alarm cleared by a supervisor."""

from __future__ import annotations

from uuid import UUID, uuid4

import httpx

from cordwainer.services import floor
from cordwainer.services.racks import rack_view
from cordwainer.web import urls
from tests.badges import ANNE, CHRIS, DAVIE, ELLIE, GAVIN, pin_of
from tests.floor_walk import Floor, snapshot
from tests.photos import png
from tests.web.conftest import Site
from tests.web.reading import Form, form_labelled, forms_of, text_of


def badge_in(site: Site, station: str, badge: str) -> None:
    answer = site.client.post(urls.badge_in(station), data={"badge": badge, "pin": pin_of(badge)})
    assert answer.status_code == 200, text_of(answer.text)


def submit(
    site: Site, form: Form, files: dict[str, object] | None = None, **more: str
) -> httpx.Response:
    return site.client.post(
        form.action,
        data=form.fields | more,
        files=files,
        follow_redirects=True,  # type: ignore[arg-type]
    )


def where(site: Site, serial: str) -> tuple[str, str, str, bool]:
    return tuple(  # type: ignore[return-value]
        site.rows(
            """
            SELECT o.code, p.stage, p.status, p.metal_cleared FROM pairs p
            JOIN racks r ON r.code = p.rack_code JOIN colourways c ON c.code = r.colourway_code
            JOIN routing_steps rs ON rs.style_code = c.style_code AND rs.position = p.step
            JOIN operations o ON o.code = rs.operation_code
            WHERE p.serial = :serial
            """,
            serial=serial,
        )[0]
    )


def at_lasting_check(site: Site) -> tuple[str, list[str]]:
    """A rack of four finished at lasting, waiting for its check."""
    shop = Floor.of(site.db)
    rack = shop.release(shop.order(pairs=4))
    shop.through(rack, "closing")
    floor.start_operation(site.db, shop.step("lasting", rack))
    base = shop.step("lasting", rack)
    floor.finish_operation(site.db, floor.FinishCommand(uuid4(), base.station, base.operator, rack))
    return rack, [pair.serial for pair in rack_view(site.db, rack).pairs]


def test_a_pair_sent_back_with_its_photo_leaves_the_rest_to_pass(fresh_site: Site) -> None:
    rack, serials = at_lasting_check(fresh_site)
    badge_in(fresh_site, "LST-01", DAVIE)
    page = fresh_site.client.get(urls.station("LST-01", rack=rack)).text
    assert f"/station/LST-01?pair={serials[0]}&amp;gtin=" in page
    assert text_of(page).count("Rework or scrap…") == 4

    scanned = fresh_site.client.get(urls.station("LST-01", scan=serials[0]))
    assert f"Pair {serials[0]}" in text_of(scanned.text)
    exception = next(form for form in forms_of(scanned.text) if form.action.endswith("/inspect"))
    assert exception.fields["serial"] == [serials[0]]
    assert "LST-WRINKLE — Wrinkles at the toe or the heel seat (minor)" in text_of(scanned.text)
    assert '<option value="closing">Closing</option>' in scanned.text

    sent_back = submit(
        fresh_site,
        exception,
        files={"photo": ("wrinkle.png", png(), "image/png")},
        result="rework",
        defect_code="LST-WRINKLE",
        rework_to="closing",
    )

    assert sent_back.status_code == 200, text_of(sent_back.text)
    assert f"↩ Pair {serials[0]} goes back to closing for rework (LST-WRINKLE)." in text_of(
        sent_back.text
    )
    assert 'class="flash flash-rework"' in sent_back.text
    assert where(fresh_site, serials[0])[:2] == ("closing", "waiting")
    event = fresh_site.value(
        "SELECT ep.event_id FROM event_pairs ep JOIN pairs p ON p.id = ep.pair_id "
        "WHERE ep.result = 'rework' AND p.serial = :serial",
        serial=serials[0],
    )
    event = UUID(str(event))
    photo = fresh_site.client.get(urls.photo(event, serials[0]))
    assert photo.status_code == 200
    assert photo.headers["content-type"] == "image/png"
    assert photo.content == png()

    passed = submit(fresh_site, form_labelled(sent_back.text, "✓Done — all pass"))

    assert f"✓ Rack {rack} passed the check at lasting: 3 pairs." in text_of(passed.text)
    assert {where(fresh_site, serial)[0] for serial in serials[1:]} == {"sole_preparation"}
    again = fresh_site.client.get(urls.station("LST-01", scan=serials[0]))
    assert "Last found: LST-WRINKLE — Wrinkles at the toe or the heel seat" in text_of(again.text)
    assert urls.photo(event, serials[0]) in again.text


def test_a_pair_scrapped_with_a_retired_code_is_refused_and_nothing_changes(
    fresh_site: Site,
) -> None:
    _, serials = at_lasting_check(fresh_site)
    retired = fresh_site.client.post(urls.defect_retire("LST-HEEL"), follow_redirects=True)
    assert "Defect code LST-HEEL retired." in text_of(retired.text)
    badge_in(fresh_site, "LST-01", DAVIE)
    scanned = fresh_site.client.get(urls.station("LST-01", scan=serials[1])).text
    assert "LST-HEEL" not in scanned, "a retired code is no longer offered"
    exception = next(form for form in forms_of(scanned) if form.action.endswith("/inspect"))
    before = snapshot(fresh_site.db)

    refused = submit(fresh_site, exception, result="scrap", defect_code="LST-HEEL")

    assert refused.status_code == 409
    assert "Defect code LST-HEEL is retired; choose one of the current codes." in text_of(
        refused.text
    )
    assert snapshot(fresh_site.db) == before

    scrapped = submit(fresh_site, exception, result="scrap", defect_code="LST-SHAPE")

    assert f"✗ Pair {serials[1]} is scrapped (LST-SHAPE)." in text_of(scrapped.text)
    assert where(fresh_site, serials[1])[2] == "scrapped"


def test_a_trainees_work_waits_for_a_qualified_sign_off_before_its_check(
    fresh_site: Site,
) -> None:
    shop = Floor.of(fresh_site.db)
    rack = shop.release(shop.order(pairs=3))
    shop.through(rack, "preparation")
    badge_in(fresh_site, "CLS-01", ELLIE)
    page = fresh_site.client.get(urls.station("CLS-01", rack=rack)).text
    assert "Closing: ○ trainee" in text_of(page)
    started = submit(fresh_site, form_labelled(page, "▶Start"))
    finished = submit(fresh_site, form_labelled(started.text, "■Finish"))
    assert form_labelled(finished.text, "✓Sign off").is_next
    assert "awaiting sign-off" in text_of(finished.text)

    refused = submit(fresh_site, form_labelled(finished.text, "✓Sign off"))
    assert refused.status_code == 403
    assert "Ellie Birkett (B1023) is not qualified for closing." in text_of(refused.text)
    badge_in(fresh_site, "CLS-01", CHRIS)
    too_early = fresh_site.client.post(
        urls.station_action("CLS-01", "pass"),
        data=form_labelled(finished.text, "✓Done — all pass").fields,
    )
    assert too_early.status_code == 409
    assert "waits for a qualified colleague's sign-off" in text_of(too_early.text)

    signed = submit(fresh_site, form_labelled(finished.text, "✓Sign off"))
    assert f"✓ Rack {rack} signed off at closing; it may now be checked: 3 pairs." in text_of(
        signed.text
    )
    passed = submit(fresh_site, form_labelled(signed.text, "✓Done — all pass"))
    assert f"Rack {rack} passed the check at closing: 3 pairs." in text_of(passed.text)
    kinds = [
        kind
        for (kind,) in fresh_site.rows(
            "SELECT kind FROM events WHERE rack_code = :rack AND operation_code = 'closing' "
            "ORDER BY record_time",
            rack=rack,
        )
    ]
    assert kinds == [
        "operation_started",
        "operation_finished",
        "work_signed_off",
        "pairs_inspected",
    ]


def test_a_metal_alarm_is_cleared_by_a_supervisor_then_scanned_again_before_boxing(
    fresh_site: Site,
) -> None:
    shop = Floor.of(fresh_site.db)
    rack = shop.release(shop.order(pairs=3))
    shop.through(rack, "final_inspection")
    serials = [pair.serial for pair in rack_view(fresh_site.db, rack).pairs]
    badge_in(fresh_site, "MD-01", GAVIN)

    pair_page = fresh_site.client.get(urls.station("MD-01", scan=serials[0])).text
    alarm = form_labelled(pair_page, "✗Metal alarm — quarantine")
    alarmed = submit(fresh_site, alarm, defect_code="MD-METAL")
    assert f"✗ Pair {serials[0]} is in quarantine: metal alarm (MD-METAL)." in text_of(alarmed.text)
    cleared_rest = submit(fresh_site, form_labelled(alarmed.text, "✓All clear"))
    assert f"Rack {rack} cleared by the metal detector: 2 pairs." in text_of(cleared_rest.text)

    held = fresh_site.client.get(urls.station("MD-01", scan=serials[0])).text
    clear = form_labelled(held, "✓Clear after re-inspection")
    assert "A supervisor (an expert inspector) clears a pair out of quarantine" in text_of(held)
    refused = submit(fresh_site, clear, note="Tack found in the heel")
    assert refused.status_code == 403
    assert "Gavin Ritson (B1047) is not a supervisor." in text_of(refused.text)

    badge_in(fresh_site, "MD-01", ANNE)
    released = submit(fresh_site, clear, note="Tack found in the heel and removed")
    assert (
        f"✓ Pair {serials[0]} is out of quarantine; scan it through the metal detector again."
        in text_of(released.text)
    )
    assert where(fresh_site, serials[0]) == ("metal_detection", "waiting", "in_production", False)
    note = fresh_site.value("SELECT details FROM events WHERE kind = 'quarantine_cleared'")
    assert "Tack found in the heel and removed" in str(note)

    badge_in(fresh_site, "BOX-01", GAVIN)
    boxing = fresh_site.client.get(urls.station("BOX-01", rack=rack)).text
    boxed = submit(fresh_site, form_labelled(boxing, "▣Box all"))
    assert f"Rack {rack} boxed: 2 pairs." in text_of(boxed.text)
    before = snapshot(fresh_site.db)
    early = fresh_site.client.get(urls.station("BOX-01", scan=serials[0])).text
    assert f"Pair {serials[0]} is at metal detection, waiting." in text_of(early)
    not_scanned = fresh_site.client.post(
        urls.station_action("BOX-01", "box"),
        data=form_labelled(boxing, "▣Box all").fields
        | {"event_id": "0b4f6a2e-8d0c-4b87-9a37-3f1f4a8b9c10"},
    )
    assert not_scanned.status_code == 409
    assert f"Pair {serials[0]} has no passed metal scan" in text_of(not_scanned.text)
    assert snapshot(fresh_site.db) == before

    badge_in(fresh_site, "MD-01", GAVIN)
    rescan = fresh_site.client.get(urls.station("MD-01", scan=serials[0])).text
    passed = submit(fresh_site, form_labelled(rescan, "✓All clear"))
    assert f"✓ Pair {serials[0]} cleared by the metal detector." in text_of(passed.text)
    boxing = fresh_site.client.get(urls.station("BOX-01", rack=rack)).text
    last = submit(fresh_site, form_labelled(boxing, "▣Box all"))
    assert f"Rack {rack} boxed: 1 pair." in text_of(last.text)
    assert {where(fresh_site, serial)[2] for serial in serials} == {"boxed"}
