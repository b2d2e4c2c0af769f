"""The planner's pages: the order book and its forms, making a plan, the Gantt, the dispatch
lists, the load, the late orders, and every table as CSV."""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook

from cordwainer.services import catalogue
from cordwainer.web import planner_urls as plan_urls
from tests.web.conftest import Site, _site
from tests.web.reading import form_labelled, table, text_of

DUE = (date.today() + timedelta(days=10)).isoformat()


def add_order(site: Site, colourway: str = "U991PK2", lines: str = "8 D 12\n9 D 12") -> str:
    answer = site.client.post(
        plan_urls.orders(),
        data={
            "colourway": colourway,
            "due_on": DUE,
            "customer": "Wholesale — Tokyo",
            "customer_type": "wholesale",
            "priority": "high",
            "reference": "",
            "lines": lines,
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    return answer.headers["location"]


@pytest.fixture(scope="module")
def planned(worked_day: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The worked day with two orders on the book and a published plan, for pages that read."""
    copy = tmp_path_factory.mktemp("planned") / "planned.sqlite"
    shutil.copyfile(worked_day, copy)
    for site in _site(f"sqlite:///{copy}"):
        add_order(site)
        add_order(site, "U1500GRY", "9 D 12")
        made = site.client.post(
            plan_urls.plan_make(),
            data={"mode": "fresh", "seconds": "1", "publish": "true"},
            follow_redirects=True,
        )
        assert made.status_code == 200, made.text
        yield site


def test_without_a_plan_the_page_says_so_and_offers_to_make_one(fresh_site: Site) -> None:
    page = fresh_site.client.get(plan_urls.plan())
    assert page.status_code == 200
    assert "There is no plan yet" in text_of(page.text)
    form = form_labelled(page.text, "Make the plan")
    assert form.action == plan_urls.plan_make()
    assert form.fields["mode"] == ["replan", "fresh"]


def test_an_order_typed_in_goes_on_the_book(fresh_site: Site) -> None:
    where = add_order(fresh_site)
    page = fresh_site.client.get(where)
    rows = table(page.text, "Open orders")
    assert rows[1][0].startswith("PO-")
    assert rows[1][2:4] == ["wholesale", "high"]
    assert rows[1][6] == "24"  # pairs
    assert "is on the book" in text_of(page.text)


def test_a_wrong_line_is_shown_above_the_form_with_what_was_typed(fresh_site: Site) -> None:
    answer = fresh_site.client.post(
        plan_urls.orders(),
        data={"colourway": "U991PK2", "due_on": DUE, "customer": "Shop", "lines": "8 D 12\n99 Q 1"},
    )
    assert answer.status_code == 422
    words = text_of(answer.text)
    assert "Line 2 ('99 Q 1')" in words
    assert "99 Q 1" in answer.text  # the textarea keeps what was typed


def test_an_import_with_a_bad_row_lists_every_problem_and_imports_nothing(
    fresh_site: Site,
) -> None:
    gtin = catalogue.variants(fresh_site.db, "U991PK2")[0].gtin
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["reference", "customer", "colourway", "due_on", "gtin", "quantity"])
    sheet.append(["T-1", "Shop", "U991PK2", DUE, gtin, 12])
    sheet.append(["T-1", "Shop", "U991PK2", DUE, "05012345000010", 12])  # a wrong check digit
    sheet.append(["T-2", "Shop", "U991PK2", "soon", gtin, 0])
    content = io.BytesIO()
    book.save(content)
    before = fresh_site.value("SELECT count(*) FROM production_orders")

    answer = fresh_site.client.post(
        plan_urls.orders_import(), files={"file": ("book.xlsx", content.getvalue())}
    )

    assert answer.status_code == 422
    problems = table(answer.text, "Every problem in the file")
    assert [row[:2] for row in problems[1:]] == [["3", "gtin"], ["4", "due_on"], ["4", "quantity"]]
    assert fresh_site.value("SELECT count(*) FROM production_orders") == before


def test_a_good_csv_import_says_how_many_orders_came_in(fresh_site: Site) -> None:
    body = f"customer,colourway,due_on,size,width,quantity\nShop,U991PK2,{DUE},8,D,12\n"
    answer = fresh_site.client.post(
        plan_urls.orders_import(), files={"file": ("book.csv", body.encode())}
    )
    assert answer.status_code == 200
    assert "Imported 1 orders, 12 pairs" in text_of(answer.text)


def test_the_plan_page_shows_the_stages_and_the_late_orders(planned: Site) -> None:
    page = planned.client.get(plan_urls.plan())
    words = text_of(page.text)
    assert "The current plan" in words
    stages = table(page.text, "How the solver did")
    assert [row[0] for row in stages[1:]] == ["tardiness", "makespan", "setups"]
    assert table(page.text, "Late orders")[0][0] == "Order"


def test_the_gantt_shows_each_bench_and_its_racks_with_filters_in_the_address(
    planned: Site,
) -> None:
    page = planned.client.get(plan_urls.gantt(workcentre="CLS"))
    assert page.status_code == 200
    assert page.text.count('class="gantt-row"') == 15  # the closing room's benches
    assert "gantt-bar cw-" in page.text
    by_person = planned.client.get(plan_urls.gantt(by="operator", days=1))
    assert by_person.status_code == 200
    assert "Karen Routledge" in text_of(by_person.text) or "gantt-bar" in by_person.text
    refused = planned.client.get(plan_urls.gantt(by="everyone"))
    assert refused.status_code == 422


def test_a_benchs_dispatch_list_says_what_to_do_next(planned: Site) -> None:
    bench = planned.value(
        "SELECT a.station_code FROM plan_assignments a JOIN plans p ON p.id = a.plan_id "
        "WHERE p.state = 'current' AND a.operation_code = 'closing' ORDER BY a.starts_at LIMIT 1"
    )
    page = planned.client.get(plan_urls.dispatch(bench))
    rows = table(page.text, "The plan of")
    assert rows[0][:3] == ["Rack", "Order", "Colourway"]
    assert len(rows) >= 2
    assert "Next:" in text_of(page.text)
    exported = planned.client.get(plan_urls.dispatch(bench, csv=True))
    assert exported.headers["content-type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(exported.text)))
    assert lines[0][:3] == ["rack", "order", "colourway"]
    assert len(lines) == len(rows)


def test_the_load_and_the_late_orders_export_to_csv(planned: Site) -> None:
    load = planned.client.get(plan_urls.load())
    assert load.status_code == 200
    assert "Closing room" in text_of(load.text)
    for address, header in (
        (plan_urls.load(csv=True), "day"),
        (plan_urls.late(csv=True), "order"),
        (plan_urls.assignments_csv(), "rack"),
        (plan_urls.orders(csv=True), "order"),
    ):
        exported = planned.client.get(address)
        assert exported.status_code == 200
        assert next(csv.reader(io.StringIO(exported.text)))[0] == header
    steps = list(csv.reader(io.StringIO(planned.client.get(plan_urls.assignments_csv()).text)))
    assert len(steps) == 1 + 3 * 10  # three racks of ten steps


def test_an_absence_is_recorded_and_a_wrong_one_is_refused_in_place(fresh_site: Site) -> None:
    page = fresh_site.client.get(plan_urls.absences())
    assert "Everyone is in" in text_of(page.text)
    fresh_site.client.post(
        plan_urls.absences(),
        data={"badge": "B1012", "starts_at": "2026-12-01T07:30", "ends_at": "2026-12-02T16:00",
              "reason": "Ill"},
    )  # fmt: skip
    rows = table(fresh_site.client.get(plan_urls.absences()).text, "Absences not over yet")
    assert rows[1][0] == "B1012"
    assert rows[1][3] == "Ill"
    wrong = fresh_site.client.post(
        plan_urls.absences(),
        data={"badge": "B1012", "starts_at": "2026-12-03T10:00", "ends_at": "2026-12-03T09:00"},
    )
    assert wrong.status_code == 422
    assert "must end after it starts" in text_of(wrong.text)
