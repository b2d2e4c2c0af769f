"""The dashboard's tables and charts, defined once for the page, its CSV exports and its charts.

Each table answers one question. A cell carries the text the page shows (a number with its
unit, right-aligned) and the value its CSV gives (the same number, bare); a chart draws the
same figures the table lists.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from cordwainer.services.dashboard import DashboardFigures, StepYield
from cordwainer.web.rendering import percent, quantity, short_date

Value = str | int | float | None


@dataclass(frozen=True, slots=True)
class Column:
    heading: str
    unit: str = ""  # named in the CSV heading: "Boxed (pairs)"
    numeric: bool = False

    @property
    def csv_heading(self) -> str:
        return f"{self.heading} ({self.unit})" if self.unit else self.heading


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    value: Value


@dataclass(frozen=True, slots=True)
class Table:
    key: str  # its address: /dashboard/{key}.csv
    question: str
    caption: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    empty: str
    chart: dict[str, Any] | None = field(default=None)


def count(value: int, unit: str = "pairs") -> Cell:
    return Cell(f"{quantity(value)} {unit}".strip(), value)


def share(value: float | None) -> Cell:
    return Cell(percent(value), None if value is None else round(value * 100, 1))


def hours(value: float | None) -> Cell:
    return Cell(
        "—" if value is None else f"{value:,.1f} h", None if value is None else round(value, 1)
    )


def word(value: str) -> Cell:
    return Cell(value, value)


def dashboard_tables(f: DashboardFigures) -> tuple[Table, ...]:
    return tuple(build(f) for build in BUILDERS)


def table_keys() -> tuple[str, ...]:
    return KEYS


def as_csv(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(column.csv_heading for column in table.columns)
    for row in table.rows:
        writer.writerow("" if cell.value is None else cell.value for cell in row)
    return out.getvalue()


def _output(f: DashboardFigures) -> Table:
    days = f.boxed_per_day
    per_day = f.pairs_boxed / f.working_days if f.working_days else 0
    return Table(
        "output",
        "How many pairs were boxed each day?",
        f"Pairs boxed per day: {quantity(f.pairs_boxed)} pairs, "
        f"{quantity(round(per_day))} a working day",
        (Column("Day (UTC)"), Column("Boxed", "pairs", numeric=True)),
        tuple((Cell(short_date(d.day), d.day.isoformat()), count(d.pairs)) for d in days),
        "No pair was boxed in these days.",
        {
            "kind": "bar",
            "labels": [short_date(d.day) for d in days],
            "series": [{"name": "Pairs boxed", "values": [d.pairs for d in days]}],
            "unit": "pairs",
        },
    )


def _work_in_progress(f: DashboardFigures) -> Table:
    steps = f.work_in_progress
    return Table(
        "work-in-progress",
        "Where are racks waiting?",
        f"Work in progress by step now: {quantity(f.pairs_in_progress)} pairs; "
        "and how long racks waited before each step began, in these days",
        (
            Column("Step"),
            Column("Waiting", "pairs", numeric=True),
            Column("In work", "pairs", numeric=True),
            Column("Awaiting check", "pairs", numeric=True),
            Column("All", "pairs", numeric=True),
            Column("Starts", "starts", numeric=True),
            Column("Waited before the step, on average", "hours", numeric=True),
        ),
        tuple(
            (
                word(s.name),
                count(s.waiting),
                count(s.in_work),
                count(s.awaiting_inspection),
                count(s.pairs),
                count(s.racks_started, "starts"),
                hours(s.hours_waited),
            )
            for s in steps
        ),
        "The routing has no steps.",
        {
            "kind": "stacked",
            "labels": [s.name for s in steps],
            "series": [
                {"name": "Waiting", "values": [s.waiting for s in steps]},
                {"name": "In work", "values": [s.in_work for s in steps]},
                {"name": "Awaiting check", "values": [s.awaiting_inspection for s in steps]},
            ],
            "unit": "pairs",
        },
    )


def _lead_times(f: DashboardFigures) -> Table:
    rows = f.lead_times
    half, most = f.lead_days_within(0.5), f.lead_days_within(0.9)
    summary = f": half within {half} days, nine in ten within {most} days" if half and most else ""
    return Table(
        "lead-times",
        "How long do pairs take from order to box?",
        f"Days from order to box, for the pairs boxed in these days{summary}",
        (
            Column("Days from order to box"),
            Column("Pairs", "pairs", numeric=True),
            Column("Share", "%", numeric=True),
            Column("Boxed within", "%", numeric=True),
        ),
        tuple(
            (
                Cell(f"{r.days} to {r.days + 1} days", r.days),
                count(r.pairs),
                share(r.share),
                share(r.cumulative),
            )
            for r in rows
        ),
        "No pair was boxed in these days.",
        {
            "kind": "pareto",
            "labels": [f"{r.days}–{r.days + 1}" for r in rows],
            "series": [
                {"name": "Pairs boxed", "values": [r.pairs for r in rows]},
                {
                    "name": "Boxed within (%)",
                    "values": [round(r.cumulative * 100, 1) for r in rows],
                },
            ],
            "unit": "pairs",
        },
    )


def _yield_table(
    key: str, question: str, caption: str, first: str, rows: Sequence[StepYield], chart: bool
) -> Table:
    return Table(
        key,
        question,
        caption,
        (
            Column(first),
            Column("Checked", "pairs", numeric=True),
            Column("Passed first time", "pairs", numeric=True),
            Column("First-pass yield", "%", numeric=True),
        ),
        tuple(
            (word(y.name), count(y.pairs_checked), count(y.passed_first_time), share(y.share))
            for y in rows
        ),
        "No pair was checked in these days.",
        {
            "kind": "yield",
            "labels": [y.name for y in rows],
            "series": [
                {
                    "name": "First-pass yield (%)",
                    "values": [None if y.share is None else round(y.share * 100, 1) for y in rows],
                }
            ],
            "unit": "%",
        }
        if chart
        else None,
    )


def _yield_by_step(f: DashboardFigures) -> Table:
    return _yield_table(
        "yield-by-step",
        "How often does each step pass a pair the first time?",
        "First-pass yield by step",
        "Step",
        f.first_pass_yield,
        chart=True,
    )


def _yield_by_style(f: DashboardFigures) -> Table:
    return _yield_table(
        "yield-by-style",
        "Which styles pass their checks the first time?",
        "First-pass yield by style, every step's first check",
        "Style",
        f.yield_by_style,
        chart=True,
    )


def _yield_by_operator(f: DashboardFigures) -> Table:
    return _yield_table(
        "yield-by-operator",
        "Whose work passes its check the first time?",
        "First-pass yield of each person's work, at the first check after it",
        "Person",
        f.yield_by_operator,
        chart=False,
    )


def _defects(f: DashboardFigures) -> Table:
    rows = f.defects
    return Table(
        "defects",
        "Which defects are found most?",
        f"Defects found, most first (a Pareto): {quantity(sum(d.pairs for d in rows))} pairs",
        (
            Column("Code"),
            Column("Defect"),
            Column("Step"),
            Column("Severity"),
            Column("Pairs", "pairs", numeric=True),
            Column("Share", "%", numeric=True),
            Column("Cumulative", "%", numeric=True),
        ),
        tuple(
            (
                word(d.code),
                word(d.description),
                word(d.operation),
                word(d.severity),
                count(d.pairs),
                share(d.share),
                share(d.cumulative),
            )
            for d in rows
        ),
        "Nothing was found wrong in these days.",
        {
            "kind": "pareto",
            "labels": [d.code for d in rows],
            "series": [
                {"name": "Pairs", "values": [d.pairs for d in rows]},
                {"name": "Cumulative (%)", "values": [round(d.cumulative * 100, 1) for d in rows]},
            ],
            "unit": "pairs",
        },
    )


def _operators(f: DashboardFigures) -> Table:
    rows = f.operators
    return Table(
        "operators",
        "What did each person make against the standard minutes?",
        "Output against standard minutes: the standard minutes of the pairs each person "
        "finished, scanned or boxed, per day present, against a 450-minute working day",
        (
            Column("Person"),
            Column("Badge"),
            Column("Steps"),
            Column("Days present", "days", numeric=True),
            Column("Pairs", "pairs", numeric=True),
            Column("Standard minutes", "min", numeric=True),
            Column("Per day present", "min", numeric=True),
            Column("Against 450 min", "%", numeric=True),
        ),
        tuple(
            (
                word(o.name),
                word(o.badge),
                word(o.operations),
                count(o.days_present, "days"),
                count(o.pairs),
                Cell(f"{o.standard_minutes:,.0f} min", round(o.standard_minutes)),
                Cell(f"{o.standard_minutes_per_day:,.0f} min", round(o.standard_minutes_per_day)),
                share(o.performance),
            )
            for o in rows
        ),
        "No one finished a step in these days.",
        {
            "kind": "performance",
            "labels": [o.name for o in rows],
            "series": [
                {
                    "name": "Against 450 min (%)",
                    "values": [
                        None if o.performance is None else round(o.performance * 100, 1)
                        for o in rows
                    ],
                }
            ],
            "unit": "%",
        },
    )


def _late_orders(f: DashboardFigures) -> Table:
    return Table(
        "late-orders",
        "Which orders are late?",
        f"Orders due by {short_date(f.period.until)} that were not boxed in full by their "
        f"due date: {len(f.late_orders)}",
        (
            Column("Order"),
            Column("Customer"),
            Column("Colourway"),
            Column("Due"),
            Column("Ordered", "pairs", numeric=True),
            Column("Boxed by the due date", "pairs", numeric=True),
            Column("Boxed", "pairs", numeric=True),
            Column("Still to make", "pairs", numeric=True),
            Column("Late by", "days", numeric=True),
        ),
        tuple(
            (
                word(o.order),
                word(o.customer),
                word(o.colourway),
                Cell(short_date(o.due_on), o.due_on.isoformat()),
                count(o.ordered),
                count(o.boxed_by_due),
                count(o.boxed),
                count(o.still_to_make),
                count(o.days_late, "days"),
            )
            for o in f.late_orders
        ),
        "No order due in these days is late.",
    )


BUILDERS: tuple[Callable[[DashboardFigures], Table], ...] = (
    _output,
    _work_in_progress,
    _lead_times,
    _yield_by_step,
    _yield_by_style,
    _yield_by_operator,
    _defects,
    _operators,
    _late_orders,
)
KEYS = (
    "output",
    "work-in-progress",
    "lead-times",
    "yield-by-step",
    "yield-by-style",
    "yield-by-operator",
    "defects",
    "operators",
    "late-orders",
)
