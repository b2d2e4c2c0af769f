"""The dashboard: figures the event log agrees with, counted here on their own, on SQLite and
PostgreSQL; tables, CSV exports and the period in the address; and the front page."""

from __future__ import annotations

import csv
import html
import io
import math
import re
import warnings
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import uuid4

import pytest
from sqlalchemy import create_engine, text

from cordwainer.app import create_app
from cordwainer.config import Settings
from cordwainer.services import catalogue, dashboard, orders
from cordwainer.services.dashboard import DashboardFigures, Period
from cordwainer.storage.database import Database
from cordwainer.web import urls
from cordwainer.web.dashboard_tables import table_keys
from tests.simulated import FIRST_DAY, Simulated
from tests.web.conftest import Site
from tests.web.reading import table, text_of

with warnings.catch_warnings():
    warnings.simplefilter("ignore", UserWarning)
    from fastapi.testclient import TestClient

WHOLE = Period(FIRST_DAY, FIRST_DAY + timedelta(days=4))  # Friday to the Tuesday's small hours
MONDAY = Period(FIRST_DAY + timedelta(days=3), FIRST_DAY + timedelta(days=3))
CHECKS = ("pairs_inspected", "metal_scanned")

EVENTS = """
    SELECT e.id, e.kind, e.event_time, e.record_time, e.operation_code, e.rack_code, o.badge
    FROM events e LEFT JOIN operators o ON o.id = e.operator_id
"""
MARKS = """
    SELECT ep.event_id, ep.pair_id, ep.result, ep.defect_code, p.rack_code, cw.style_code,
           r.order_code
    FROM event_pairs ep JOIN pairs p ON p.id = ep.pair_id JOIN racks r ON r.code = p.rack_code
    JOIN colourways cw ON cw.code = r.colourway_code
"""


class Log:
    """The raw event log, read with plain queries and counted in Python."""

    def __init__(self, url: str) -> None:
        engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
        with engine.connect() as connection:

            def query(sql: str) -> list[Any]:
                return list(connection.execute(text(sql)).all())

            self.events = {str(e.id): e for e in query(EVENTS)}
            self.marks = query(MARKS)
            self.orders = {o.code: o for o in query("SELECT * FROM production_orders")}
            self.ordered = dict(
                query("SELECT order_code, SUM(quantity) FROM order_lines GROUP BY order_code")
            )
            self.minutes = {
                (style, op): minutes
                for style, op, minutes in query(
                    "SELECT style_code, operation_code, standard_minutes FROM routing_steps"
                )
            }
            self.statuses = query(
                "SELECT r.order_code, p.status FROM pairs p JOIN racks r ON r.code = p.rack_code"
            )
            self.loads = query(
                "SELECT rs.operation_code, p.stage FROM pairs p JOIN variants v ON v.gtin = p.gtin "
                "JOIN colourways c ON c.code = v.colourway_code JOIN routing_steps rs "
                "ON rs.style_code = c.style_code AND rs.position = p.step "
                "WHERE p.status = 'in_production'"
            )
        engine.dispose()

    def at(self, event_id: Any) -> datetime:
        moment = self.events[str(event_id)].event_time
        if isinstance(moment, str):
            moment = datetime.fromisoformat(moment)
        return (
            moment.replace(tzinfo=None)
            if moment.tzinfo is None
            else moment.astimezone(UTC).replace(tzinfo=None)
        )

    def within(self, event_id: Any, period: Period) -> bool:
        return period.since <= self.at(event_id).date() <= period.until

    def kind(self, event_id: Any) -> str:
        return str(self.events[str(event_id)].kind)


def naive(moment: Any) -> datetime:
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment if moment.tzinfo is None else moment.astimezone(UTC).replace(tzinfo=None)


@pytest.fixture(scope="module")
def log(simulated: Simulated) -> Log:
    return Log(simulated.url)


@pytest.fixture(scope="module")
def read(simulated: Simulated) -> Iterator[Database]:
    db = Database.connect(simulated.url)
    yield db
    db.dispose()


@pytest.fixture(scope="module", params=[WHOLE, MONDAY], ids=["whole", "monday"])
def figures(request: pytest.FixtureRequest, read: Database) -> DashboardFigures:
    return dashboard.dashboard(read, request.param)


def test_pairs_boxed_each_day_are_those_the_log_boxed(figures: DashboardFigures, log: Log) -> None:
    boxed = Counter(
        log.at(m.event_id).date()
        for m in log.marks
        if log.kind(m.event_id) == "pairs_boxed" and log.within(m.event_id, figures.period)
    )

    assert {d.day: d.pairs for d in figures.boxed_per_day if d.pairs} == dict(boxed)
    assert figures.pairs_boxed == sum(boxed.values()) > 0


def test_lead_times_count_whole_days_from_order_to_box(figures: DashboardFigures, log: Log) -> None:
    days = Counter(
        math.floor(
            (log.at(m.event_id) - naive(log.orders[m.order_code].created_at)).total_seconds()
            / 86400
        )
        for m in log.marks
        if log.kind(m.event_id) == "pairs_boxed" and log.within(m.event_id, figures.period)
    )

    assert {row.days: row.pairs for row in figures.lead_times if row.pairs} == dict(days)
    assert figures.lead_times[-1].cumulative == pytest.approx(1.0)


def _first_checks(log: Log, period: Period) -> list[tuple[Any, str, str, str | None]]:
    """(result, operation, style, badge of the work checked) of every first check in period."""
    ordered = sorted(
        (m for m in log.marks if log.kind(m.event_id) in CHECKS),
        key=lambda m: (log.at(m.event_id), naive(log.events[str(m.event_id)].record_time)),
    )
    seen: set[tuple[str, str]] = set()
    firsts = []
    for mark in ordered:
        event = log.events[str(mark.event_id)]
        key = (str(mark.pair_id), event.operation_code)
        if key in seen:
            continue
        seen.add(key)
        if log.within(mark.event_id, period):
            firsts.append((mark.result, event.operation_code, mark.style_code, _worker(log, event)))
    return firsts


def _worker(log: Log, check: Any) -> str | None:
    if check.kind == "metal_scanned":
        return str(check.badge)
    finishes = [
        e
        for e in log.events.values()
        if e.kind == "operation_finished"
        and e.rack_code == check.rack_code
        and e.operation_code == check.operation_code
        and naive(e.event_time) <= naive(check.event_time)
    ]
    latest = max(finishes, key=lambda e: (naive(e.event_time), naive(e.record_time)))
    return str(latest.badge)


def test_first_pass_yield_by_step_style_and_person_counts_each_pairs_first_check(
    figures: DashboardFigures, log: Log
) -> None:
    firsts = _first_checks(log, figures.period)
    for position, rows in ((1, figures.first_pass_yield), (2, figures.yield_by_style),
                           (3, figures.yield_by_operator)):  # fmt: skip
        checked = Counter(first[position] for first in firsts)
        passed = Counter(first[position] for first in firsts if first[0] == "pass")
        shown = {row.operation: (row.pairs_checked, row.passed_first_time) for row in rows}
        assert {k: v for k, v in shown.items() if v[0]} == {
            key: (checked[key], passed[key]) for key in checked
        }
    assert any(first[0] != "pass" for first in firsts), "something was found wrong"


def test_the_defect_pareto_counts_each_finding_once_most_first(
    figures: DashboardFigures, log: Log
) -> None:
    found = Counter(
        m.defect_code
        for m in log.marks
        if log.kind(m.event_id) in CHECKS
        and m.result in ("rework", "scrap", "fail")
        and log.within(m.event_id, figures.period)
    )

    assert {d.code: d.pairs for d in figures.defects} == dict(found)
    assert [d.pairs for d in figures.defects] == sorted(found.values(), reverse=True)
    assert figures.defects[-1].cumulative == pytest.approx(1.0)


def test_operators_earn_the_standard_minutes_of_the_pairs_they_made(
    figures: DashboardFigures, log: Log
) -> None:
    pairs: Counter[str] = Counter()
    minutes: dict[str, float] = defaultdict(float)
    for mark in log.marks:
        event = log.events[str(mark.event_id)]
        made = event.kind in ("operation_finished", "metal_scanned", "pairs_boxed")
        if made and log.within(mark.event_id, figures.period):
            pairs[event.badge] += 1
            minutes[event.badge] += log.minutes[(mark.style_code, event.operation_code)]
    present: dict[str, set[date]] = defaultdict(set)
    for event in log.events.values():
        worked = ("operation_started", "operation_finished", "metal_scanned", "pairs_boxed")
        if event.kind in worked and log.within(event.id, figures.period):
            present[event.badge].add(log.at(event.id).date())

    assert {o.badge: o.pairs for o in figures.operators} == dict(pairs)
    for operator in figures.operators:
        assert operator.standard_minutes == pytest.approx(minutes[operator.badge])
        assert operator.days_present == len(present[operator.badge])


def test_work_in_progress_counts_pairs_at_each_step_now(
    figures: DashboardFigures, log: Log
) -> None:
    stages = Counter(log.loads)
    for step in figures.work_in_progress:
        assert step.waiting == stages[(step.operation, "waiting")]
        assert step.in_work == stages[(step.operation, "in_work")]
        assert step.awaiting_inspection == (
            stages[(step.operation, "awaiting_inspection")]
            + stages[(step.operation, "awaiting_sign_off")]
        )
    assert figures.pairs_in_progress == len(log.loads)


def test_racks_wait_from_their_last_event_to_the_steps_start(
    figures: DashboardFigures, log: Log
) -> None:
    by_rack: dict[str, list[Any]] = defaultdict(list)
    for event in log.events.values():
        if event.rack_code:
            by_rack[event.rack_code].append(event)
    waits: dict[str, list[float]] = defaultdict(list)
    for event in log.events.values():
        began = event.kind in ("operation_started", "metal_scanned", "pairs_boxed")
        if began and event.rack_code and log.within(event.id, figures.period):
            before = [
                naive(e.event_time)
                for e in by_rack[event.rack_code]
                if naive(e.event_time) < naive(event.event_time)
            ]
            if before:
                waits[event.operation_code].append(
                    (naive(event.event_time) - max(before)).total_seconds() / 3600
                )
    for step in figures.work_in_progress:
        hours = waits.get(step.operation)
        assert step.racks_started == len(hours or [])
        if hours:
            assert step.hours_waited == pytest.approx(sum(hours) / len(hours), abs=1e-3)


def test_late_orders_are_those_due_that_were_not_boxed_in_full_by_their_day(
    figures: DashboardFigures, log: Log
) -> None:
    made: dict[str, Counter[str]] = defaultdict(Counter)
    for order, status in log.statuses:
        made[order][status] += 1
    last_box: dict[str, datetime] = {}
    for mark in log.marks:
        if log.kind(mark.event_id) == "pairs_boxed":
            moment = log.at(mark.event_id)
            last_box[mark.order_code] = max(moment, last_box.get(mark.order_code, moment))
    late = set()
    for code, order in log.orders.items():
        due = order.due_on if isinstance(order.due_on, date) else date.fromisoformat(order.due_on)
        done = made[code]["boxed"] + made[code]["shipped"] + made[code]["scrapped"]
        complete = done >= log.ordered[code]
        until = last_box[code].date() if complete and code in last_box else figures.period.until
        in_view = figures.period.since <= due <= figures.period.until or (
            due < figures.period.since and not complete
        )
        if in_view and until > due:
            late.add(code)

    assert {o.order for o in figures.late_orders} == late
    assert late, "orders due the next day, some late"
    for order in figures.late_orders:
        assert order.ordered == log.ordered[order.order]


# The pages -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def page_site(simulated_sqlite: Simulated) -> Iterator[Site]:
    db = Database.connect(simulated_sqlite.url)
    yield Site(db, TestClient(create_app(Settings(database_url=simulated_sqlite.url), db)))
    db.dispose()


def _number(cell: str) -> str:
    """A cell's number as its CSV gives it: no thousands separator, no unit."""
    return cell.split(" ", maxsplit=1)[0].replace(",", "").replace("—", "")


def test_every_table_exports_the_numbers_it_shows_as_csv(page_site: Site) -> None:
    address = urls.dashboard(WHOLE.since, WHOLE.until)
    page = page_site.client.get(address).text
    captions = _captions(page)

    for key in table_keys():
        answer = page_site.client.get(urls.dashboard_table(key, WHOLE.since, WHOLE.until))
        assert answer.status_code == 200
        assert answer.headers["content-type"] == "text/csv; charset=utf-8"
        assert (
            f"cordwainer-{key}-{WHOLE.since}-to-{WHOLE.until}.csv"
            in answer.headers["content-disposition"]
        )
        exported = list(csv.reader(io.StringIO(answer.text)))
        shown = table(page, captions[key])
        assert len(exported) == len(shown) or (len(shown) == 2 and len(exported) == 1), key
        for heading, shown_heading in zip(exported[0], shown[0], strict=True):
            assert heading == shown_heading or heading.startswith(f"{shown_heading} ("), key
        for csv_row, html_row in zip(exported[1:], shown[1:], strict=False):
            for value, cell in zip(csv_row, html_row, strict=True):
                if value and value[0].isdigit() and cell[:1].isdigit():
                    assert float(value) == float(_number(cell)), (key, value, cell)


def _captions(page: str) -> dict[str, str]:
    found = re.findall(r'<table id="table-([\w-]+)">\s*<caption>([^<]+)<', page)
    return {key: " ".join(caption.split())[:30] for key, caption in found}


def test_the_period_is_in_the_address_and_in_the_form(page_site: Site) -> None:
    page = page_site.client.get(urls.dashboard(MONDAY.since, MONDAY.until)).text
    boxed = table(page, "Pairs boxed per day")

    assert 'name="from" value="2026-11-16"' in page
    assert 'name="to" value="2026-11-16"' in page
    assert [row[0] for row in boxed[1:]] == ["Mon 16 Nov 2026"]
    assert html.escape(urls.dashboard_table("defects", MONDAY.since, MONDAY.until)) in page
    assert "16 November 2026 to 16 November 2026" in text_of(page)


def test_the_live_figures_are_the_pages_figures_alone_with_their_charts_data(
    page_site: Site,
) -> None:
    live = page_site.client.get(urls.dashboard_live(WHOLE.since, WHOLE.until))

    assert live.status_code == 200
    assert "<html" not in live.text
    assert 'id="dashboard-data"' in live.text
    assert table(live.text, "Pairs boxed per day")


def test_a_period_that_is_not_one_is_refused_plainly(page_site: Site) -> None:
    teatime = page_site.client.get(urls.DASHBOARD + "?from=teatime")
    backwards = page_site.client.get(urls.dashboard(MONDAY.until, MONDAY.since - timedelta(1)))
    unknown = page_site.client.get(urls.dashboard_table("gossip"))

    assert teatime.status_code == 422
    assert "'teatime' is not a date" in text_of(teatime.text)
    assert backwards.status_code == 422
    assert "swap the dates" in text_of(backwards.text)
    assert unknown.status_code == 404
    assert "no table 'gossip'" in text_of(unknown.text)


def test_the_tallies_count_pairs_by_status(page_site: Site) -> None:
    statuses = dict(page_site.rows("SELECT status, count(*) FROM pairs GROUP BY status"))
    seen = text_of(page_site.client.get(urls.dashboard()).text)

    assert f"Shipped {statuses.get('shipped', 0)} pairs" in seen
    assert f"Scrapped {statuses.get('scrapped', 0)} pairs" in seen
    assert f"Quarantined {statuses.get('quarantined', 0)} pairs" in seen
    assert f"In production now {statuses.get('in_production', 0)} pairs" in seen


def test_a_rack_just_released_waits_at_the_first_step(simulated_copy: str) -> None:
    db = Database.connect(simulated_copy)
    client = TestClient(create_app(Settings(database_url=simulated_copy), db))
    before = table(client.get(urls.dashboard()).text, "Work in progress by step")
    lines = tuple((variant.gtin, 1) for variant in catalogue.variants(db, "U1500GRY")[:5])
    order = orders.create_order(
        db, orders.NewOrder("U1500GRY", date(2026, 12, 1), "Wholesale — London", lines)
    )
    orders.release_rack_of(db, orders.ReleaseRack(uuid4(), order.code))
    after = table(client.get(urls.dashboard()).text, "Work in progress by step")
    db.dispose()

    steps = [row[0] for row in after[1:]]
    assert steps[:3] == ["Clicking", "Preparation", "Closing"]
    assert int(_number(after[1][1])) == int(_number(before[1][1])) + 5
    assert after[2:] == before[2:]


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


def test_the_stylesheet_and_the_charting_library_are_served_from_the_package(site: Site) -> None:
    sheet = site.client.get(urls.static("cordwainer.css"))
    charts = site.client.get(urls.static("vendor/chart-4.6.1.umd.min.js"))

    assert sheet.status_code == 200
    assert sheet.headers["content-type"].startswith("text/css")
    assert "Iowan Old Style" in sheet.text
    assert charts.status_code == 200
    assert "Chart.js v4.6.1" in charts.text[:200]
