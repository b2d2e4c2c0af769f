"""Browser tests: Debian's chromium driven by Playwright against a real server process.

Chromium comes from the machine (`.ci/run` installs Debian's package when it is
missing); no browser is ever downloaded. Without it the tests are skipped, except in
CI, where they fail.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.databases import IN_CI
from tests.servers import http, server  # noqa: F401 - fixtures are found by name

CHROMIUM = os.environ.get("CORDWAINER_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if shutil.which(CHROMIUM) is None:
        reason = f"Debian's chromium is not at {CHROMIUM}"
        if IN_CI:
            pytest.fail(f"{reason}; in CI the browser tests must run.", pytrace=False)
        pytest.skip(reason)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    opened = context.new_page()
    yield opened
    context.close()
