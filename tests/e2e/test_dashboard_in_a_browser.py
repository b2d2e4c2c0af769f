"""A real browser draws the dashboard's charts and sees the figures refresh themselves."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from playwright.sync_api import Page

from cordwainer.web import urls
from tests.servers import LiveServer
from tests.simulated import FIRST_DAY

DRAWN = """
(canvas) => {
  const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let inked = 0;
  for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) { inked += 1; } }
  return inked;
}
"""


@pytest.fixture
def dashboard_server(simulated_copy: str) -> Iterator[LiveServer]:
    live = LiveServer(simulated_copy)
    yield live
    live.stop()


def test_the_dashboard_draws_a_chart_for_each_question_and_refreshes_itself(
    page: Page, dashboard_server: LiveServer
) -> None:
    address = urls.dashboard(FIRST_DAY, FIRST_DAY + timedelta(days=4), every=2)
    page.goto(dashboard_server.base_url + address)
    canvases = page.locator("canvas[data-chart]")

    assert canvases.count() >= 6
    for index in range(canvases.count()):
        canvas = canvases.nth(index)
        assert canvas.evaluate(DRAWN) > 500, canvas.get_attribute("id")
    page.wait_for_function(
        "Number(document.getElementById('figures').dataset.refreshed) >= 2", timeout=15_000
    )
    assert page.locator("#chart-output").evaluate(DRAWN) > 500, "drawn again after a refresh"
    assert "Refreshed at" in page.locator(".refresh-note").inner_text()
