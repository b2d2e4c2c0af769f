"""Orders imported from CSV files and Excel workbooks: all of them, or none with every
problem named by row and column, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook
from sqlalchemy import text

from cordwainer.domain.errors import Conflict, InvalidValue
from cordwainer.services import catalogue, order_import, orders, planning
from cordwainer.storage.database import Database

HEADER = ("reference", "customer", "customer_type", "priority", "colourway", "due_on",
          "size", "width", "quantity")  # fmt: skip
LONDON = ("PO-LDN-881", "Wholesale — London", "wholesale", "normal", "U991PK2", "2026-12-01")
GOOD_ROWS = (
    (*LONDON, "8", "D", "12"),
    (*LONDON, "9.5", "2E", "6"),
    ("LAUNCH-27", "Spring launch", "launch", "high", "UADWDBR", "2027-01-15", "10", "4E", "24"),
)


def csv_of(rows: tuple[tuple[str, ...], ...], header: tuple[str, ...] = HEADER) -> bytes:
    lines = [",".join(header)] + [",".join(f'"{cell}"' for cell in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def workbook_of(rows: tuple[tuple[object, ...], ...], header: tuple[str, ...] = HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def order_count(db: Database) -> int:
    with db.reading() as connection:
        return int(connection.execute(text("SELECT count(*) FROM production_orders")).scalar_one())


def test_a_csv_file_becomes_one_order_per_reference(factory: Database) -> None:
    done = order_import.import_orders(factory, csv_of(GOOD_ROWS), "book.csv")

    assert len(done.orders) == 2
    assert done.rows == 3
    assert done.pairs == 42
    standings = {s.order.reference: s.order for s in planning.order_book(factory)}
    london, launch = standings["PO-LDN-881"], standings["LAUNCH-27"]
    assert london.pairs == 18
    assert len(london.lines) == 2
    assert london.due_on == date(2026, 12, 1)
    assert (launch.priority.value, launch.customer_type.value) == ("high", "launch")
    assert launch.colourway_code == "UADWDBR"


def test_a_bad_row_in_a_csv_file_is_named_and_nothing_is_imported(factory: Database) -> None:
    bad = (
        *GOOD_ROWS,
        ("PO-LDN-882", "Wholesale — London", "wholesale", "urgent", "U991PK2", "2026-12-01",
         "8", "D", "12"),
        ("PO-LDN-883", "Wholesale — London", "wholesale", "normal", "U991PK2", "1 Dec",
         "15", "D", "twelve"),
    )  # fmt: skip

    with pytest.raises(InvalidValue) as refused:
        order_import.import_orders(factory, csv_of(bad), "book.csv")

    assert refused.value.code == "invalid_order_file"
    problems = refused.value.details["errors"]
    assert {(p["row"], p["column"]) for p in problems} == {
        (5, "priority"),
        (6, "due_on"),
        (6, "size"),
        (6, "quantity"),
    }
    assert "row 5, column priority" in refused.value.message
    assert "Nothing was imported" in refused.value.message
    assert order_count(factory) == 0


def test_a_bad_row_in_a_workbook_is_named_and_nothing_is_imported(factory: Database) -> None:
    gtin = catalogue.variants(factory, "U991PK2")[0].gtin
    rows: tuple[tuple[object, ...], ...] = (
        ("ORD-1", "Direct — online", "direct", "low", "U991PK2", datetime(2026, 12, 2), 9, "D", 6),
        ("ORD-1", "Direct — online", "direct", "low", "U991PK2", datetime(2026, 12, 3), 10, "D", 6),
        ("ORD-2", "Direct — online", "direct", "low", "U999XX", datetime(2026, 12, 3), 10, "D", 6),
    )  # fmt: skip
    content = workbook_of(rows)

    with pytest.raises(InvalidValue) as refused:
        order_import.import_orders(factory, content, "book.xlsx")

    problems = refused.value.details["errors"]
    assert {"row": 3, "column": "due_on", "message": problems[0]["message"]} == problems[0]
    assert "Row 2 gives this order's due on as 2026-12-02" in problems[0]["message"]
    assert {"row": 4, "column": "colourway", "message": "There is no colourway U999XX."} in (
        problems
    )
    assert order_count(factory) == 0
    assert gtin  # the colourway exists: only the wrong rows are named


def test_a_good_workbook_is_imported_with_its_date_cells(factory: Database) -> None:
    rows: tuple[tuple[object, ...], ...] = (
        ("ORD-1", "Direct — online", "direct", "low", "U991PK2", datetime(2026, 12, 2), 9, "D", 6),
        ("ORD-1", "Direct — online", "direct", "low", "U991PK2", datetime(2026, 12, 2), 10, "D", 6),
    )  # fmt: skip

    done = order_import.import_orders(factory, workbook_of(rows), "book.xlsx")

    assert done.pairs == 12
    (standing,) = planning.order_book(factory)
    assert standing.order.due_on == date(2026, 12, 2)
    assert standing.order.priority.value == "low"


def test_a_file_without_the_columns_it_needs_is_refused_at_its_header(factory: Database) -> None:
    with pytest.raises(InvalidValue) as refused:
        order_import.import_orders(factory, b"customer,colourway\nShop,U991PK2\n", "x.csv")
    missing = {p["column"] for p in refused.value.details["errors"]}
    assert missing == {"due_on", "quantity", "gtin (or size and width)"}
    assert all(p["row"] == 1 for p in refused.value.details["errors"])


def test_a_reference_already_imported_is_not_imported_twice(factory: Database) -> None:
    order_import.import_orders(factory, csv_of(GOOD_ROWS[:1]), "book.csv")

    with pytest.raises(InvalidValue) as refused:
        order_import.import_orders(factory, csv_of(GOOD_ROWS), "book.csv")

    assert refused.value.details["errors"][0]["column"] == "reference"
    assert order_count(factory) == 1


def test_an_order_in_the_app_carries_its_priority_and_customer_type(factory: Database) -> None:
    lines = order_import.lines_from_text(factory, "U991PK2", "8 D 6\n9.5 2E 6\n\n8 D 2")
    made = orders.create_order(
        factory,
        orders.NewOrder(
            "U991PK2", date(2026, 12, 1), "Lakeland collaboration", lines,
            priority="rush", customer_type="collaboration", reference="LAKE-1",
        ),
    )  # fmt: skip

    assert made.pairs == 14
    assert orders.order_of(factory, made.code).priority.value == "rush"
    assert made.lateness_weight == 8 * 3
    with pytest.raises(Conflict):
        orders.create_order(
            factory,
            orders.NewOrder(
                "U991PK2", date(2026, 12, 1), "Lakeland collaboration", lines,
                reference="LAKE-1",
            ),
        )  # fmt: skip
    with pytest.raises(InvalidValue) as refused:
        order_import.lines_from_text(factory, "U991PK2", "8 D 6\n99 Z 1")
    assert refused.value.details["line"] == 2
