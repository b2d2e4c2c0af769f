"""The dashboard and the front page: figures the event log agrees with, and ways in."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from uuid import uuid4

from cordwainer.services import catalogue, orders
from cordwainer.web import urls
from cordwainer.web.rendering import percent, short_date
from tests.web.conftest import Site
from tests.web.reading import table, text_of

FIRST_CHECKS = """
    SELECT ep.pair_id, e.operation_code, ep.result
    FROM events e JOIN event_pairs ep ON ep.event_id = e.id
    WHERE e.kind IN ('pairs_inspected', 'metal_scanned')
    ORDER BY e.event_time, e.record_time
"""


def test_the_dashboard_counts_the_pairs_boxed_each_day_as_the_log_does(site: Site) -> None:
    boxed = site.rows(
        """
        SELECT date(e.event_time), count(*) FROM events e
        JOIN event_pairs ep ON ep.event_id = e.id
        WHERE e.kind = 'pairs_boxed' GROUP BY date(e.event_time)
        """
    )
    rows = table(site.client.get(urls.dashboard()).text, "Pairs boxed per day")

    assert sum(pairs for _, pairs in boxed) == 24
    assert rows[1:] == [
        [short_date(date.fromisoformat(day)), f"{pairs} pairs", ""] for day, pairs in boxed
    ]


def test_first_pass_yield_is_the_share_passed_at_each_steps_first_check(site: Site) -> None:
    first: dict[tuple[str, str], str] = {}
    for pair, operation, result in site.rows(FIRST_CHECKS):
        first.setdefault((pair, operation), result)
    checked: dict[str, int] = defaultdict(int)
    passed: dict[str, int] = defaultdict(int)
    for (_, operation), result in first.items():
        checked[operation] += 1
        passed[operation] += result == "pass"
    names = dict(site.rows("SELECT code, name FROM operations WHERE kind <> 'boxing'"))
    rows = table(site.client.get(urls.dashboard()).text, "First-pass yield by step")

    expected = [
        [
            names[code],
            f"{checked[code]} pairs",
            f"{passed[code]} pairs",
            percent(passed[code] / checked[code]),
            "",
        ]
        for code, _ in site.rows(
            "SELECT code, position FROM operations WHERE kind <> 'boxing' ORDER BY position"
        )
    ]
    assert rows[1:] == expected
    assert "95.8 %" in text_of(site.client.get(urls.dashboard()).text), "one pair in 24 went back"


def test_work_in_progress_is_shown_by_step_in_routing_order(fresh_site: Site) -> None:
    db = fresh_site.db
    lines = tuple((variant.gtin, 1) for variant in catalogue.variants(db, "U1500GRY")[:5])
    order = orders.create_order(
        db, orders.NewOrder("U1500GRY", date(2026, 12, 1), "Wholesale — London", lines)
    )
    orders.release_rack_of(db, orders.ReleaseRack(uuid4(), order.code))
    waiting = fresh_site.value(
        "SELECT count(*) FROM pairs WHERE status = 'in_production' AND step = 0"
    )
    rows = table(fresh_site.client.get(urls.dashboard()).text, "Work in progress by step")
    steps = [name for (name,) in fresh_site.rows("SELECT name FROM operations ORDER BY position")]

    assert waiting == 5
    assert [row[0] for row in rows[1:]] == steps
    assert rows[1] == ["Clicking", "5", "0", "0", "5 pairs", ""]
    assert all(row[4] == "0 pairs" for row in rows[2:])


def test_the_tallies_count_pairs_by_status(site: Site) -> None:
    statuses = dict(site.rows("SELECT status, count(*) FROM pairs GROUP BY status"))
    seen = text_of(site.client.get(urls.dashboard()).text)

    assert f"Shipped {statuses.get('shipped', 0)} pairs" in seen
    assert f"Scrapped {statuses.get('scrapped', 0)} pairs" in seen
    assert f"Quarantined {statuses.get('quarantined', 0)} pairs" in seen
    assert f"In production {statuses.get('in_production', 0)} pairs" in seen


def test_the_front_page_leads_to_the_terminal_the_dashboard_and_fresh_passports(
    site: Site,
) -> None:
    page = site.client.get(urls.home()).text
    newest = site.rows(
        """
        SELECT p.gtin, p.serial FROM events e
        JOIN event_pairs ep ON ep.event_id = e.id JOIN pairs p ON p.id = ep.pair_id
        WHERE e.kind = 'pairs_boxed' ORDER BY e.event_time DESC, p.serial DESC LIMIT 6
        """
    )

    assert f'href="{urls.stations()}"' in page
    assert f'href="{urls.dashboard()}"' in page
    assert len(newest) == 6
    for gtin, serial in newest:
        link = urls.passport(gtin, serial)
        assert f'href="{link}"' in page
        assert site.client.get(link).status_code == 200


def test_the_stylesheet_is_served_from_the_package(site: Site) -> None:
    response = site.client.get(urls.static("cordwainer.css"))

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/css")
    assert "Iowan Old Style" in response.text
