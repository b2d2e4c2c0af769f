"""A real browser opens the pages a person opens first."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.servers import LiveServer


def test_the_station_page_has_the_scan_field_in_focus(page: Page, server: LiveServer) -> None:
    page.goto(f"{server.base_url}/station/CLK-01")
    focused = page.evaluate("document.activeElement && document.activeElement.name")
    assert focused == "scan"


def test_the_home_page_leads_to_the_terminal_and_the_dashboard(
    page: Page, server: LiveServer
) -> None:
    page.goto(server.base_url)
    page.get_by_role("link", name="Station terminal").first.click()
    assert page.url.endswith("/station")
    page.go_back()
    page.get_by_role("link", name="Dashboard").first.click()
    assert page.url.endswith("/dashboard")
