"""The station terminal in a real browser, used as on the floor: a keyboard-wedge scanner
types each code and Enter; Enter in the empty scan field does the next thing.

Racks are brought to the step under test through the services, against the server's own
database; what the browser records is then read back from that database.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import suppress
from uuid import UUID

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import LocatorAssertions, Page, Route, expect
from sqlalchemy import text

from cordwainer.services import floor
from cordwainer.services.racks import rack_view
from cordwainer.storage.database import Database
from tests.badges import ANNE, GAVIN, pin_of
from tests.floor_walk import Floor
from tests.photos import png
from tests.servers import LiveServer

MAGGIE, IAN = "B1007", "B1032"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="module", autouse=True)
def patient() -> Iterator[None]:
    """Wait up to 15 s for what the page shows: a shared CI machine can be slow."""
    expect.set_options(timeout=15_000)
    yield
    expect.set_options(timeout=5_000)


@pytest.fixture(scope="module")
def shop(server: LiveServer) -> Iterator[Floor]:
    """The floor of the server's factory, to bring racks where a test needs them."""
    db = Database.connect(server.database_url)
    yield Floor.of(db)
    db.dispose()


def rows(shop: Floor, sql: str, **params: object) -> list[tuple[object, ...]]:
    with shop.db.reading() as connection:
        return [tuple(row) for row in connection.execute(text(sql), params)]


def scan(page: Page, code: str) -> None:
    """What a keyboard-wedge scanner does: type the code, then Enter; the page follows it."""
    with page.expect_navigation():
        page.keyboard.type(code)
        page.keyboard.press("Enter")


def next_thing(page: Page) -> None:
    """Enter in the empty scan field: the page's script presses the big button."""
    page.wait_for_load_state()  # the script runs before the page's load event
    page.keyboard.press("Enter")


def badge_in(page: Page, badge: str) -> None:
    scan(page, badge)
    expect(page.locator("#pin")).to_be_focused()
    page.keyboard.type(pin_of(badge))
    page.keyboard.press("Enter")
    expect(page.locator("#who")).to_contain_text(badge)


def said(page: Page) -> LocatorAssertions:
    return expect(page.locator("#said"))


def open_bench(page: Page, server: LiveServer, station: str, badge: str) -> None:
    page.goto(f"{server.base_url}/station/{station}")
    badge_in(page, badge)


def accessible(page: Page) -> None:
    """axe-core finds nothing against WCAG 2.2 AA on the page as it stands."""
    results = Axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_22_AA}, "resultTypes": ["violations"]},
    )
    assert results.violations_count == 0, results.generate_report()


def where(shop: Floor, rack: str) -> dict[str, tuple[str, str, str]]:
    return {p.serial: (p.operation, p.stage, p.status) for p in rack_view(shop.db, rack).pairs}


def test_a_wrong_pin_is_refused_and_the_right_one_badges_in(page: Page, server: LiveServer) -> None:
    page.goto(f"{server.base_url}/station/CLK-01")
    expect(page.locator("#scan")).to_be_focused()
    scan(page, "B1001")
    expect(page.get_by_text("Badge B1001 — Andrew Armstrong")).to_be_visible()

    page.keyboard.type("0000")
    page.keyboard.press("Enter")
    expect(page.locator("#refused")).to_have_text(
        "✗ That is not the PIN of badge B1001. Type your PIN again."
    )
    expect(page.locator("#who")).to_contain_text("No one is badged in")

    page.keyboard.type(pin_of("B1001"))
    page.keyboard.press("Enter")
    expect(page.locator("#who")).to_contain_text("Andrew Armstrong B1001 Clicking: ★ expert")
    expect(page.locator("#scan")).to_be_focused()

    page.get_by_role("button", name="Badge out").click()
    expect(page.locator("#who")).to_contain_text("No one is badged in")


def test_a_rack_is_scanned_started_finished_and_passed_with_the_keyboard_alone(
    page: Page, server: LiveServer, shop: Floor
) -> None:
    rack = shop.release(shop.order(pairs=6))
    shop.through(rack, "clicking")
    open_bench(page, server, "PRP-01", MAGGIE)

    scan(page, rack)
    expect(page.locator("#rack")).to_contain_text(f"Rack {rack}")
    expect(page.locator(".big-button.next")).to_have_text("▶ Start")
    next_thing(page)
    said(page).to_have_text(f"✓ Rack {rack} started at preparation: 6 pairs.")
    next_thing(page)
    said(page).to_have_text(f"✓ Rack {rack} finished at preparation: 6 pairs.")
    next_thing(page)
    said(page).to_have_text(f"✓ Rack {rack} passed the check at preparation: 6 pairs.")

    assert set(where(shop, rack).values()) == {("closing", "waiting", "in_production")}
    recorded = rows(
        shop,
        "SELECT e.kind, o.badge FROM events e JOIN operators o ON o.id = e.operator_id "
        "WHERE e.rack_code = :rack AND e.operation_code = 'preparation' ORDER BY e.record_time",
        rack=rack,
    )
    assert recorded == [
        ("operation_started", MAGGIE),
        ("operation_finished", MAGGIE),
        ("pairs_inspected", MAGGIE),
    ]


def test_an_inspection_scraps_one_pair_and_sends_another_back_with_a_photo(
    page: Page, server: LiveServer, shop: Floor
) -> None:
    rack = shop.release(shop.order(pairs=4))
    shop.through(rack, "closing")
    floor.start_operation(shop.db, shop.step("lasting", rack))
    step = shop.step("lasting", rack)
    floor.finish_operation(
        shop.db, floor.FinishCommand(step.event_id, step.station, step.operator, rack)
    )
    flawed, wrinkled = (p.serial for p in rack_view(shop.db, rack).pairs[:2])
    open_bench(page, server, "LST-01", ANNE)

    scan(page, rack)
    accessible(page)
    scan(page, flawed)
    expect(page.locator("#pair")).to_contain_text(f"Pair {flawed}")
    accessible(page)
    page.get_by_role("radio", name="Scrap").check()
    page.get_by_label("Defect", exact=True).select_option("LST-SHAPE")
    page.get_by_role("button", name=f"Record for pair {flawed}").click()
    said(page).to_have_text(f"✗ Pair {flawed} is scrapped (LST-SHAPE).")

    scan(page, wrinkled)
    expect(page.get_by_role("radio", name="Rework")).to_be_checked()
    page.get_by_label("Defect", exact=True).select_option("LST-WRINKLE")
    page.get_by_label("Back to").select_option("closing")
    page.locator("#photo").set_input_files(
        files=[{"name": "wrinkle.png", "mimeType": "image/png", "buffer": png(640, 480)}]
    )
    page.get_by_role("button", name=f"Record for pair {wrinkled}").click()
    said(page).to_have_text(f"↩ Pair {wrinkled} goes back to closing for rework (LST-WRINKLE).")

    expect(page.locator(".big-button.next")).to_have_text("✓ Done — all pass")
    next_thing(page)
    said(page).to_have_text(f"✓ Rack {rack} passed the check at lasting: 2 pairs.")

    stands = where(shop, rack)
    assert stands.pop(flawed) == ("lasting", "awaiting_inspection", "scrapped")
    assert stands.pop(wrinkled) == ("closing", "waiting", "in_production")
    assert set(stands.values()) == {("sole_preparation", "waiting", "in_production")}
    photos = rows(
        shop,
        "SELECT ph.content_type FROM defect_photos ph JOIN pairs p ON p.id = ph.pair_id "
        "WHERE p.serial = :serial",
        serial=wrinkled,
    )
    assert photos == [("image/jpeg",)], "the terminal sends the photo made smaller, as a JPEG"


def test_a_metal_alarm_is_cleared_by_a_supervisor_and_passes_before_its_box(
    page: Page, server: LiveServer, shop: Floor
) -> None:
    rack = shop.release(shop.order(pairs=3))
    shop.through(rack, "final_inspection")
    alarmed = rack_view(shop.db, rack).pairs[0].serial
    open_bench(page, server, "MD-01", GAVIN)

    scan(page, alarmed)
    page.get_by_label("Defect", exact=True).select_option("MD-METAL")
    page.get_by_role("button", name="Metal alarm — quarantine").click()
    said(page).to_contain_text(f"✗ Pair {alarmed} is in quarantine: metal alarm (MD-METAL).")
    next_thing(page)
    said(page).to_have_text(f"✓ Rack {rack} cleared by the metal detector: 2 pairs.")

    page.goto(f"{server.base_url}/station/BOX-01")
    badge_in(page, GAVIN)
    scan(page, rack)
    expect(page.locator(".big-button.next")).to_have_text("▣ Box all")
    next_thing(page)
    said(page).to_have_text(f"✓ Rack {rack} boxed: 2 pairs.")
    expect(page.get_by_role("link", name="Print box label")).to_have_count(2)

    page.goto(f"{server.base_url}/station/MD-01")
    badge_in(page, ANNE)
    scan(page, alarmed)
    last_found = "Last found: MD-METAL — Metal fragment detected"
    expect(page.locator("section.pair")).to_contain_text(last_found)
    page.get_by_label("What the re-inspection found").fill("Tack in the heel seat, removed")
    page.get_by_role("button", name="Clear after re-inspection").click()
    said(page).to_have_text(
        f"✓ Pair {alarmed} is out of quarantine; scan it through the metal detector again."
    )
    assert where(shop, rack)[alarmed] == ("metal_detection", "waiting", "in_production")

    page.goto(f"{server.base_url}/station/BOX-01?rack={rack}")
    expect(page.locator(".big-button.next")).to_have_count(0)  # not before a passed scan

    page.goto(f"{server.base_url}/station/MD-01")
    badge_in(page, GAVIN)
    scan(page, alarmed)
    next_thing(page)
    said(page).to_have_text(f"✓ Pair {alarmed} cleared by the metal detector.")

    page.goto(f"{server.base_url}/station/BOX-01")
    scan(page, rack)
    next_thing(page)
    said(page).to_have_text(f"✓ Rack {rack} boxed: 1 pair.")
    assert {status for _, _, status in where(shop, rack).values()} == {"boxed"}


def pending(page: Page) -> list[dict[str, object]]:
    kept = page.evaluate("localStorage.getItem('cordwainer.pending.' + 'SPR-01')")
    return json.loads(kept) if kept else []


def recorded_once(shop: Floor, event_ids: list[str]) -> list[tuple[object, ...]]:
    found = []
    for event_id in event_ids:
        found += rows(
            shop,
            "SELECT kind FROM events WHERE id = :id",
            id=UUID(event_id) if shop.db.dialect == "postgresql" else UUID(event_id).hex,
        )
    return found


def test_taps_made_offline_wait_with_their_count_and_are_each_recorded_once(
    page: Page, server: LiveServer, shop: Floor
) -> None:
    rack = shop.release(shop.order(pairs=5))
    shop.through(rack, "lasting")
    open_bench(page, server, "SPR-01", IAN)
    scan(page, rack)
    expect(page.locator(".big-button.next")).to_have_text("▶ Start")

    page.context.set_offline(True)
    next_thing(page)
    expect(page.locator("#pending")).to_have_text("1 action waiting to be sent — no connection")
    expect(page.locator(".big-button.next")).to_have_text("■ Finish")
    next_thing(page)
    next_thing(page)
    expect(page.locator("#pending")).to_have_text("3 actions waiting to be sent — no connection")
    expect(page.locator("#pending svg")).to_be_visible()
    waiting = pending(page)
    assert [item["body"]["action"] for item in waiting] == ["start", "finish", "pass"]
    assert rows(
        shop,
        "SELECT count(*) FROM events "
        "WHERE rack_code = :rack AND operation_code = 'sole_preparation'",
        rack=rack,
    ) == [(0,)]

    page.context.set_offline(False)
    said(page).to_have_text(f"✓ Rack {rack} passed the check at sole preparation: 5 pairs.")
    expect(page.locator("#pending")).to_be_hidden()
    assert pending(page) == []

    ids = [str(item["id"]) for item in waiting]
    assert recorded_once(shop, ids) == [
        ("operation_started",),
        ("operation_finished",),
        ("pairs_inspected",),
    ]
    assert set(where(shop, rack).values()) == {("sole_attaching", "waiting", "in_production")}


def test_a_tap_whose_answer_is_lost_is_sent_again_and_recorded_once(
    page: Page, server: LiveServer, shop: Floor
) -> None:
    rack = shop.release(shop.order(pairs=2))
    shop.through(rack, "lasting")
    open_bench(page, server, "SPR-01", IAN)
    scan(page, rack)
    lost = []

    def lose_the_answer(route: Route) -> None:
        route.fetch()  # the server records the start ...
        lost.append(route)
        route.abort()  # ... and its answer never arrives

    page.route("**/station/SPR-01/actions", lose_the_answer)
    next_thing(page)
    expect(page.locator("#pending")).to_have_text("1 action waiting to be sent — no connection")
    assert lost, "the server had it"
    tapped = pending(page)[0]["id"]
    assert recorded_once(shop, [str(tapped)]) == [("operation_started",)]

    page.unroute("**/station/SPR-01/actions")
    with suppress(PlaywrightError):  # back online; the page may have noticed on its own
        page.evaluate("window.dispatchEvent(new Event('online'))")
    said(page).to_have_text(f"✓ Rack {rack} started at sole preparation: 2 pairs.", timeout=10_000)
    assert recorded_once(shop, [str(tapped)]) == [("operation_started",)]
    assert rows(
        shop,
        "SELECT count(*) FROM events WHERE rack_code = :rack AND kind = 'operation_started' "
        "AND operation_code = 'sole_preparation'",
        rack=rack,
    ) == [(1,)]
