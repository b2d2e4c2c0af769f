"""Read side of the flow through the floor over a period: output, where racks wait, lead
times from order to box, operators' output against standard minutes, and late orders.

Plain SQL that SQLite and PostgreSQL both run; the few expressions they spell differently
(a moment's day, the hours between two moments) are chosen by dialect. Every query starts
from the events of the period (``ix_events_kind_event_time``) or from the orders due in
it, so that a year of history costs no more than the days asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, Date, Float, Integer, String, bindparam, text
from sqlalchemy.sql.expression import TextualSelect

from cordwainer.storage.tables import UtcDateTime


@dataclass(frozen=True, slots=True)
class Span:
    """From ``since`` (inclusive) to ``until`` (exclusive), in UTC."""

    since: datetime
    until: datetime


@dataclass(frozen=True, slots=True)
class BoxedOnDay:
    day: date
    pairs: int


@dataclass(frozen=True, slots=True)
class WaitBeforeStep:
    operation: str
    racks: int
    hours: float | None


@dataclass(frozen=True, slots=True)
class LeadTimeCount:
    days: int  # whole days from the order to the box
    pairs: int


@dataclass(frozen=True, slots=True)
class OperatorWork:
    badge: str
    name: str
    operation: str
    pairs: int
    standard_minutes: float


@dataclass(frozen=True, slots=True)
class DaysPresent:
    badge: str
    days: int


@dataclass(frozen=True, slots=True)
class OrderDue:
    order: str
    customer: str
    colourway: str
    due_on: date
    ordered: int
    boxed: int
    scrapped: int
    boxed_by_due: int
    last_boxed: datetime | None


_SQL = {
    "sqlite": {
        "day": "date({t})",
        "hours": "(julianday({b}) - julianday({a})) * 24.0",
        "whole_days": "CAST(julianday({b}) - julianday({a}) AS INTEGER)",
    },
    "postgresql": {
        "day": "CAST({t} AT TIME ZONE 'UTC' AS DATE)",
        "hours": "EXTRACT(EPOCH FROM ({b} - {a})) / 3600.0",
        "whole_days": "CAST(FLOOR(EXTRACT(EPOCH FROM ({b} - {a})) / 86400.0) AS INTEGER)",
    },
}

_PERIOD = "e.event_time >= :since AND e.event_time < :until"

OUTPUT = """
    SELECT {day} AS day, COUNT(*) AS pairs
    FROM events e
    JOIN event_pairs ep ON ep.event_id = e.id
    WHERE e.kind = 'pairs_boxed' AND {period}
    GROUP BY {day}
    ORDER BY {day}
    """

# The hours between a rack's arrival at a step (its previous event: the check of the step
# before, or its release) and the step's start: for the detector and the boxing bench,
# the scan and the boxing themselves.
WAITS = """
    WITH arrivals AS (
        SELECT e.operation_code,
               e.event_time,
               (SELECT MAX(b.event_time) FROM events b
                WHERE b.rack_code = e.rack_code AND b.event_time < e.event_time) AS arrived
        FROM events e
        WHERE e.kind IN ('operation_started', 'metal_scanned', 'pairs_boxed')
          AND e.rack_code IS NOT NULL AND {period}
    )
    SELECT operation_code AS operation, COUNT(arrived) AS racks,
           AVG({hours}) AS hours
    FROM arrivals
    GROUP BY operation_code
    """

# A rack's pairs share its colourway and order, so boxings and work are counted by event:
# its rack's order, colourway and style; an event that names pairs without a rack (the API
# allows it) finds them through its first pair's rack.
_RACK_OF_EVENT = """
    COALESCE(e.rack_code, (SELECT p.rack_code FROM event_pairs x JOIN pairs p ON p.id = x.pair_id
                           WHERE x.event_id = e.id LIMIT 1))
    """
_PAIRS_OF_EVENT = "(SELECT COUNT(*) FROM event_pairs x WHERE x.event_id = e.id)"

LEAD_TIMES = (
    """
    WITH boxings AS MATERIALIZED (
        SELECT e.event_time, """
    + _PAIRS_OF_EVENT
    + """ AS pairs, """
    + _RACK_OF_EVENT
    + """ AS rack_code
        FROM events e
        WHERE e.kind = 'pairs_boxed' AND {period}
    )
    SELECT {whole_days} AS days, SUM(e.pairs) AS pairs
    FROM boxings e
    JOIN racks r ON r.code = e.rack_code
    JOIN production_orders o ON o.code = r.order_code
    GROUP BY {whole_days}
    ORDER BY {whole_days}
    """
)

# The pairs each person finished, scanned or boxed, with their standard minutes: those of
# the step in the routing of the rack's style.
OPERATOR_WORK = (
    """
    WITH work AS MATERIALIZED (
        SELECT e.operator_id, e.operation_code, """
    + _PAIRS_OF_EVENT
    + """ AS pairs, """
    + _RACK_OF_EVENT
    + """ AS rack_code
        FROM events e
        WHERE e.kind IN ('operation_finished', 'metal_scanned', 'pairs_boxed') AND {period}
    )
    SELECT o.badge, o.name, w.operation_code AS operation, SUM(w.pairs) AS pairs,
           SUM(w.pairs * rs.standard_minutes) AS standard_minutes
    FROM work w
    JOIN operators o ON o.id = w.operator_id
    JOIN racks r ON r.code = w.rack_code
    JOIN colourways c ON c.code = r.colourway_code
    JOIN routing_steps rs ON rs.style_code = c.style_code AND rs.operation_code = w.operation_code
    GROUP BY o.badge, o.name, w.operation_code
    """
)

DAYS_PRESENT = """
    SELECT o.badge, COUNT(DISTINCT {day}) AS days
    FROM events e
    JOIN operators o ON o.id = e.operator_id
    WHERE e.kind IN ('operation_started', 'operation_finished', 'metal_scanned', 'pairs_boxed')
      AND {period}
    GROUP BY o.badge
    """

# Orders due in the period, and those due before it with pairs still to make (pairs on the
# floor, or lines not yet released). Pairs are counted from their status now; when they
# were boxed, from their racks' boxing events. Each order is looked up by its own racks (a
# status is counted, not filtered on, so that no planner walks every boxed pair instead).
ORDERS_DUE = """
    WITH still_open AS (
        SELECT r.order_code AS code
        FROM pairs p JOIN racks r ON r.code = p.rack_code
        WHERE p.status IN ('in_production', 'quarantined')
        UNION
        SELECT l.order_code FROM order_lines l WHERE l.released < l.quantity
    ),
    due AS MATERIALIZED (
        SELECT o.code, o.customer, o.colourway_code, o.due_on
        FROM production_orders o
        WHERE o.due_on >= :first_day AND o.due_on <= :last_day
        UNION
        SELECT o.code, o.customer, o.colourway_code, o.due_on
        FROM still_open s JOIN production_orders o ON o.code = s.code
        WHERE o.due_on < :first_day
    )
    SELECT d.code AS "order", d.customer, d.colourway_code AS colourway, d.due_on,
           (SELECT SUM(l.quantity) FROM order_lines l WHERE l.order_code = d.code) AS ordered,
           COALESCE((SELECT SUM(CASE WHEN p.status IN ('boxed', 'shipped') THEN 1 ELSE 0 END)
                     FROM racks r JOIN pairs p ON p.rack_code = r.code
                     WHERE r.order_code = d.code), 0) AS boxed,
           COALESCE((SELECT SUM(CASE WHEN p.status = 'scrapped' THEN 1 ELSE 0 END)
                     FROM racks r JOIN pairs p ON p.rack_code = r.code
                     WHERE r.order_code = d.code), 0) AS scrapped,
           (SELECT COUNT(*) FROM racks r
            JOIN events e ON e.rack_code = r.code
            JOIN event_pairs ep ON ep.event_id = e.id
            WHERE r.order_code = d.code AND e.kind = 'pairs_boxed'
              AND {box_day} <= d.due_on) AS boxed_by_due,
           (SELECT MAX(e.event_time) FROM racks r JOIN events e ON e.rack_code = r.code
            WHERE r.order_code = d.code AND e.kind = 'pairs_boxed') AS last_boxed
    FROM due d
    ORDER BY d.due_on, d.code
    """


def _sql(connection: Connection) -> dict[str, str]:
    return _SQL.get(connection.dialect.name, _SQL["postgresql"])


def _query(connection: Connection, template: str, **columns: object) -> TextualSelect:
    words = _sql(connection)
    sql = template.format(
        period=_PERIOD,
        day=words["day"].format(t="e.event_time"),
        box_day=words["day"].format(t="e.event_time"),
        hours=words["hours"].format(a="arrived", b="event_time"),
        whole_days=words["whole_days"].format(a="o.created_at", b="e.event_time"),
    )
    return (
        text(sql)
        .bindparams(bindparam("since", type_=UtcDateTime), bindparam("until", type_=UtcDateTime))
        .columns(**columns)  # type: ignore[arg-type]
    )


def _span(span: Span) -> dict[str, datetime]:
    return {"since": span.since, "until": span.until}


def boxed_per_day(connection: Connection, span: Span) -> list[BoxedOnDay]:
    query = _query(connection, OUTPUT, day=Date, pairs=Integer)
    return [BoxedOnDay(**row) for row in connection.execute(query, _span(span)).mappings()]


def waits_before_steps(connection: Connection, span: Span) -> list[WaitBeforeStep]:
    query = _query(connection, WAITS, operation=String, racks=Integer, hours=Float)
    return [WaitBeforeStep(**row) for row in connection.execute(query, _span(span)).mappings()]


def lead_times(connection: Connection, span: Span) -> list[LeadTimeCount]:
    query = _query(connection, LEAD_TIMES, days=Integer, pairs=Integer)
    return [LeadTimeCount(**row) for row in connection.execute(query, _span(span)).mappings()]


def operator_work(connection: Connection, span: Span) -> list[OperatorWork]:
    query = _query(
        connection,
        OPERATOR_WORK,
        badge=String,
        name=String,
        operation=String,
        pairs=Integer,
        standard_minutes=Float,
    )
    return [OperatorWork(**row) for row in connection.execute(query, _span(span)).mappings()]


def days_present(connection: Connection, span: Span) -> list[DaysPresent]:
    query = _query(connection, DAYS_PRESENT, badge=String, days=Integer)
    return [DaysPresent(**row) for row in connection.execute(query, _span(span)).mappings()]


def orders_due(connection: Connection, first_day: date, last_day: date) -> list[OrderDue]:
    words = _sql(connection)
    sql = ORDERS_DUE.format(box_day=words["day"].format(t="e.event_time"))
    query = (
        text(sql)
        .bindparams(bindparam("first_day", type_=Date), bindparam("last_day", type_=Date))
        .columns(
            order=String,
            customer=String,
            colourway=String,
            due_on=Date,
            ordered=Integer,
            boxed=Integer,
            scrapped=Integer,
            boxed_by_due=Integer,
            last_boxed=UtcDateTime,
        )
    )
    rows = connection.execute(query, {"first_day": first_day, "last_day": last_day})
    return [OrderDue(**row) for row in rows.mappings()]
