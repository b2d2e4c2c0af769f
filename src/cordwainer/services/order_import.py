"""Orders imported from a spreadsheet: a CSV file or an Excel workbook (its first sheet).

One row per variant and quantity; rows with the same ``reference`` (or, without one,
the same customer, colourway, due date, priority and customer type) make one order.
Columns, in any order, named in the first row (case and spaces do not matter):

    reference        the customer's own, e.g. their purchase order (optional)
    customer         who the pairs are for
    customer_type    wholesale, direct, collaboration, launch, factory_shop (default wholesale)
    priority         rush, high, normal, low (default normal)
    colourway        a colourway code, e.g. U991PK2
    due_on           the due date, 2026-12-01 (or 01/12/2026, or a date cell)
    gtin             the variant's GTIN, or instead:
    size, width      the variant's UK size and width, e.g. 9.5 and D
    quantity         pairs, a whole number from 1

Every row is checked before anything is written: one wrong row and nothing is
imported, and every problem is named by its row (as the spreadsheet numbers it, the
header being row 1), its column and a sentence.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from openpyxl import load_workbook

from cordwainer.domain.errors import CordwainerError, InvalidValue
from cordwainer.domain.identifiers import Gtin
from cordwainer.domain.orders import CustomerType, Priority, parse_customer_type, parse_priority
from cordwainer.services.orders import NewOrder, add_order
from cordwainer.storage.database import Database, UnitOfWork
from cordwainer.storage.order_book import OrderBook

REQUIRED = ("customer", "colourway", "due_on", "quantity")
KNOWN = (*REQUIRED, "reference", "customer_type", "priority", "gtin", "size", "width")
ALIASES = {"due": "due_on", "due_date": "due_on", "pairs": "quantity", "type": "customer_type"}
MAX_ROWS = 20_000
XLSX_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True, slots=True)
class RowProblem:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, object]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass(frozen=True, slots=True)
class Imported:
    orders: tuple[str, ...]
    rows: int
    pairs: int


@dataclass
class _Draft:
    """One order being gathered from its rows."""

    first_row: int
    head: dict[str, Any]
    lines: dict[str, int] = field(default_factory=dict)  # GTIN -> pairs
    line_rows: dict[str, int] = field(default_factory=dict)


def import_orders(db: Database, content: bytes, filename: str = "orders.csv") -> Imported:
    """Every order in the file, or none: ``invalid_order_file`` lists what is wrong."""
    rows = list(_rows(content, filename))
    problems: list[RowProblem] = []
    with db.unit_of_work() as uow:
        drafts = _gather(uow, rows, problems)
        if not problems:
            _check_references(uow, drafts, problems)
        if problems:
            raise _refusal(problems)
        created = []
        for draft in drafts.values():
            try:
                created.append(add_order(uow, _new_order(draft)).code)
            except CordwainerError as error:
                raise _refusal([RowProblem(draft.first_row, "", error.message)]) from error
        uow.commit()
    pairs = sum(sum(d.lines.values()) for d in drafts.values())
    return Imported(tuple(created), len(rows), pairs)


def _refusal(problems: list[RowProblem]) -> InvalidValue:
    first = problems[0]
    where = f"row {first.row}" + (f", column {first.column}" if first.column else "")
    count = f"{len(problems)} problems" if len(problems) > 1 else "a problem"
    return InvalidValue(
        f"The file has {count}, the first at {where}: {first.message} Nothing was imported.",
        code="invalid_order_file",
        errors=[p.as_dict() for p in problems[:200]],
        error_count=len(problems),
    )


def _rows(content: bytes, filename: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number, cells by column name) for every row that is not empty."""
    table = _xlsx(content) if content.startswith(XLSX_MAGIC) else _csv(content, filename)
    header: list[str] | None = None
    for number, cells in enumerate(table, start=1):
        if header is None:
            header = [_column(cell) for cell in cells]
            _check_header(header)
            continue
        if number > MAX_ROWS + 1:
            raise InvalidValue(
                f"The file has more than {MAX_ROWS:,} rows; split it.", code="invalid_order_file"
            )
        values = {name: cell for name, cell in zip(header, cells, strict=False) if name}
        if any(_text(v) for v in values.values()):
            yield number, values
    if header is None:
        raise _refusal([RowProblem(1, "", "The file is empty: it needs a header row.")])


def _column(cell: Any) -> str:
    name = _text(cell).lower().replace(" ", "_").replace("-", "_")
    return ALIASES.get(name, name)


def _check_header(header: list[str]) -> None:
    missing = [name for name in REQUIRED if name not in header]
    if "gtin" not in header and not {"size", "width"} <= set(header):
        missing.append("gtin (or size and width)")
    if missing:
        raise _refusal(
            [RowProblem(1, name, f"The header has no column '{name}'.") for name in missing]
        )


def _csv(content: bytes, filename: str) -> Iterable[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refusal(
            [RowProblem(1, "", f"{filename} is neither UTF-8 text nor an Excel workbook.")]
        ) from None
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def _xlsx(content: bytes) -> Iterable[list[Any]]:
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise _refusal(
            [RowProblem(1, "", f"The workbook cannot be read ({error.__class__.__name__}).")]
        ) from None
    sheet = book.worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    book.close()
    return rows


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class _Catalogue:
    """The colourways and variants rows name, loaded once each."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow
        self.variants: dict[str, dict[tuple[str, str], str] | None] = {}

    def grid(self, colourway: str) -> dict[tuple[str, str], str] | None:
        if colourway not in self.variants:
            if self.uow.catalogue.colourway(colourway) is None:
                self.variants[colourway] = None
            else:
                self.variants[colourway] = {
                    (v.size, v.width): v.gtin for v in self.uow.catalogue.variants(colourway)
                }
        return self.variants[colourway]


def _gather(
    uow: UnitOfWork, rows: list[tuple[int, dict[str, Any]]], problems: list[RowProblem]
) -> dict[tuple[Any, ...], _Draft]:
    catalogue = _Catalogue(uow)
    drafts: dict[tuple[Any, ...], _Draft] = {}
    for number, cells in rows:
        found: list[RowProblem] = []
        head = _head(number, cells, found)
        gtin = _variant(number, cells, head.get("colourway"), catalogue, found)
        quantity = _quantity(number, cells, found)
        problems.extend(found)
        if found or gtin is None or quantity is None:
            continue
        key = (
            ("reference", head["customer"], head["reference"])
            if head["reference"]
            else tuple(sorted(head.items()))
        )
        draft = drafts.setdefault(key, _Draft(number, head))
        _merge(number, draft, head, gtin, quantity, problems)
    return drafts


def _head(number: int, cells: Mapping[str, Any], found: list[RowProblem]) -> dict[str, Any]:
    head: dict[str, Any] = {
        "reference": _text(cells.get("reference"))[:40] or None,
        "customer": _text(cells.get("customer")),
        "colourway": _text(cells.get("colourway")).upper() or None,
    }
    if not head["customer"] or len(head["customer"]) > 120:
        found.append(
            RowProblem(number, "customer", "Say who the order is for (120 letters at most).")
        )
    if head["colourway"] is None:
        found.append(RowProblem(number, "colourway", "Give the colourway's code, e.g. U991PK2."))
    head["due_on"] = _due(number, cells.get("due_on"), found)
    head["priority"] = _choice(
        number, "priority", cells.get("priority"), Priority.NORMAL.value, found, parse_priority
    )
    head["customer_type"] = _choice(
        number,
        "customer_type",
        cells.get("customer_type"),
        CustomerType.WHOLESALE.value,
        found,
        parse_customer_type,
    )
    return head


def _due(number: int, value: Any, found: list[RowProblem]) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    found.append(RowProblem(number, "due_on", f"'{text}' is not a date; write it as 2026-12-01."))
    return None


def _choice(
    number: int, column: str, value: Any, default: str, found: list[RowProblem], parse: Any
) -> str:
    text = _text(value) or default
    try:
        return str(parse(text).value)
    except InvalidValue as error:
        found.append(RowProblem(number, column, error.message))
        return default


def _variant(
    number: int,
    cells: Mapping[str, Any],
    colourway: str | None,
    catalogue: _Catalogue,
    found: list[RowProblem],
) -> str | None:
    grid = catalogue.grid(colourway) if colourway else None
    if colourway and grid is None:
        found.append(RowProblem(number, "colourway", f"There is no colourway {colourway}."))
        return None
    if _text(cells.get("gtin")):
        return _by_gtin(number, _text(cells.get("gtin")), colourway, grid, found)
    return _by_size(number, cells, colourway, grid, found)


def _by_gtin(
    number: int,
    text: str,
    colourway: str | None,
    grid: Mapping[tuple[str, str], str] | None,
    found: list[RowProblem],
) -> str | None:
    try:
        gtin = Gtin.parse(text).value
    except InvalidValue as error:
        found.append(RowProblem(number, "gtin", error.message))
        return None
    if grid is not None and gtin not in grid.values():
        found.append(RowProblem(number, "gtin", f"GTIN {gtin} is not a variant of {colourway}."))
        return None
    return gtin


def _by_size(
    number: int,
    cells: Mapping[str, Any],
    colourway: str | None,
    grid: Mapping[tuple[str, str], str] | None,
    found: list[RowProblem],
) -> str | None:
    size, width = _text(cells.get("size")), _text(cells.get("width")).upper()
    if not size or not width:
        column = "size" if not size else "width"
        found.append(RowProblem(number, column, "Give the GTIN, or the size and the width."))
        return None
    gtin = grid.get((size, width)) if grid is not None else None
    if grid is not None and gtin is None:
        found.append(RowProblem(number, "size", f"{colourway} is not made in size {size} {width}."))
    return gtin


def _quantity(number: int, cells: Mapping[str, Any], found: list[RowProblem]) -> int | None:
    text = _text(cells.get("quantity"))
    if text.isdigit() and 1 <= int(text) <= 100_000:
        return int(text)
    found.append(
        RowProblem(number, "quantity", f"'{text}' is not a number of pairs from 1 to 100,000.")
    )
    return None


def _merge(
    number: int,
    draft: _Draft,
    head: dict[str, Any],
    gtin: str,
    quantity: int,
    problems: list[RowProblem],
) -> None:
    for column in ("customer", "colourway", "due_on", "priority", "customer_type"):
        if head[column] != draft.head[column]:
            problems.append(
                RowProblem(
                    number,
                    column,
                    f"Row {draft.first_row} gives this order's {column.replace('_', ' ')} "
                    f"as {draft.head[column]}; one order has one.",
                )
            )
            return
    if gtin in draft.lines:
        problems.append(
            RowProblem(number, "gtin", f"This variant is already on row {draft.line_rows[gtin]}.")
        )
        return
    draft.lines[gtin] = quantity
    draft.line_rows[gtin] = number


def _check_references(
    uow: UnitOfWork, drafts: Mapping[tuple[Any, ...], _Draft], problems: list[RowProblem]
) -> None:
    book = OrderBook(uow.connection)
    for draft in drafts.values():
        reference = draft.head["reference"]
        if reference:
            taken = book.order_with_reference(draft.head["customer"], reference)
            if taken is not None:
                problems.append(
                    RowProblem(
                        draft.first_row,
                        "reference",
                        f"Reference {reference} was imported before, as order {taken}.",
                    )
                )


def _new_order(draft: _Draft) -> NewOrder:
    head = draft.head
    return NewOrder(
        head["colourway"],
        head["due_on"],
        head["customer"],
        tuple(draft.lines.items()),
        priority=head["priority"],
        customer_type=head["customer_type"],
        reference=head["reference"],
    )


def lines_from_text(db: Database, colourway: str, text: str) -> tuple[tuple[str, int], ...]:
    """An order's lines as a planner types them, one a line: ``9.5 D 12`` (size, width,
    pairs) or ``05012345000817 12`` (GTIN, pairs)."""
    with db.looking() as uow:
        grid = _Catalogue(uow).grid(colourway)
    if grid is None:
        raise InvalidValue(f"There is no colourway {colourway}.", code="invalid_order_lines")
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        words = line.replace(",", " ").replace("×", " ").split()
        if not words:
            continue
        gtin = _line_variant(words, grid)
        if gtin is None or not words[-1].isdigit() or not 1 <= int(words[-1]) <= 100_000:
            raise InvalidValue(
                f"Line {number} ('{line.strip()}') is not 'size width pairs' or 'GTIN pairs' "
                f"of a variant of {colourway}.",
                code="invalid_order_lines",
                line=number,
            )
        lines[gtin] = lines.get(gtin, 0) + int(words[-1])
    if not lines:
        raise InvalidValue(
            "Give at least one line: size, width and pairs.", code="invalid_order_lines"
        )
    return tuple(lines.items())


def _line_variant(words: list[str], grid: Mapping[tuple[str, str], str]) -> str | None:
    if len(words) == 2:
        try:
            gtin = Gtin.parse(words[0]).value
        except InvalidValue:
            return None
        return gtin if gtin in grid.values() else None
    if len(words) == 3:
        return grid.get((words[0], words[1].upper()))
    return None
