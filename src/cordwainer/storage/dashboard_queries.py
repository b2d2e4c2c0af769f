"""Read side of the floor at a glance: output, work in progress, first-pass yield, and the
workcentres with their stations. Plain SQL that SQLite and PostgreSQL both run."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Boolean, Connection, Date, Float, Integer, String, column, text


@dataclass(frozen=True, slots=True)
class BoxedOnDay:
    day: date
    pairs: int


@dataclass(frozen=True, slots=True)
class PairsAtStep:
    operation: str
    name: str
    waiting: int
    in_work: int
    awaiting_inspection: int


@dataclass(frozen=True, slots=True)
class FirstChecks:
    operation: str
    name: str
    pairs_checked: int
    passed_first_time: int


@dataclass(frozen=True, slots=True)
class StationRow:
    station: str
    workcentre: str
    workcentre_name: str
    operation: str
    operation_name: str
    kind: str
    check: str
    standard_minutes: float
    consumes_materials: bool


# The day in UTC; SQLite keeps UTC moments as ISO text, PostgreSQL as timestamptz.
_DAY = {
    "sqlite": "date(e.event_time)",
    "postgresql": "CAST(e.event_time AT TIME ZONE 'UTC' AS DATE)",
}

BOXED_PER_DAY = """
    SELECT {day} AS day, COUNT(*) AS pairs
    FROM events e
    JOIN event_pairs ep ON ep.event_id = e.id
    WHERE e.kind = 'pairs_boxed'
    GROUP BY {day}
    ORDER BY {day} DESC
    LIMIT :days
    """

# A pair stands at the step of its own style's routing, which names the operation.
WORK_IN_PROGRESS = text(
    """
    WITH wip AS (
        SELECT rs.operation_code, p.stage
        FROM pairs p
        JOIN variants v ON v.gtin = p.gtin
        JOIN colourways c ON c.code = v.colourway_code
        JOIN routing_steps rs ON rs.style_code = c.style_code AND rs.position = p.step
        WHERE p.status = 'in_production'
    )
    SELECT o.code AS operation, o.name,
           COALESCE(SUM(CASE WHEN w.stage = 'waiting' THEN 1 ELSE 0 END), 0) AS waiting,
           COALESCE(SUM(CASE WHEN w.stage = 'in_work' THEN 1 ELSE 0 END), 0) AS in_work,
           COALESCE(SUM(CASE WHEN w.stage = 'awaiting_inspection' THEN 1 ELSE 0 END), 0)
               AS awaiting_inspection
    FROM operations o
    LEFT JOIN wip w ON w.operation_code = o.code
    GROUP BY o.code, o.name, o.position
    ORDER BY o.position
    """
).columns(
    column("operation", String),
    column("name", String),
    column("waiting", Integer),
    column("in_work", Integer),
    column("awaiting_inspection", Integer),
)

# The first check of each pair at each step: an inspection, or the metal detector's scan.
FIRST_PASS = text(
    """
    WITH checks AS (
        SELECT e.operation_code, ep.result,
               ROW_NUMBER() OVER (
                   PARTITION BY ep.pair_id, e.operation_code
                   ORDER BY e.event_time, e.record_time
               ) AS nth
        FROM events e
        JOIN event_pairs ep ON ep.event_id = e.id
        WHERE e.kind IN ('pairs_inspected', 'metal_scanned')
    )
    SELECT o.code AS operation, o.name, COUNT(c.result) AS pairs_checked,
           COALESCE(SUM(CASE WHEN c.result = 'pass' THEN 1 ELSE 0 END), 0) AS passed_first_time
    FROM operations o
    LEFT JOIN checks c ON c.operation_code = o.code AND c.nth = 1
    WHERE o.kind <> 'boxing'
    GROUP BY o.code, o.name, o.position
    ORDER BY o.position
    """
).columns(
    column("operation", String),
    column("name", String),
    column("pairs_checked", Integer),
    column("passed_first_time", Integer),
)

PAIRS_BY_STATUS = text("SELECT status, COUNT(*) AS pairs FROM pairs GROUP BY status").columns(
    column("status", String), column("pairs", Integer)
)

STATIONS = """
    SELECT s.code AS station, w.code AS workcentre, w.name AS workcentre_name,
           o.code AS operation, o.name AS operation_name, o.kind, o.check_text AS "check",
           o.standard_minutes, o.consumes_materials
    FROM stations s
    JOIN workcentres w ON w.code = s.workcentre_code
    JOIN operations o ON o.code = w.operation_code
    {where}
    ORDER BY o.position, w.code, s.code
    """

_STATION_COLUMNS = (
    column("station", String),
    column("workcentre", String),
    column("workcentre_name", String),
    column("operation", String),
    column("operation_name", String),
    column("kind", String),
    column("check", String),
    column("standard_minutes", Float),
    column("consumes_materials", Boolean),
)


def boxed_per_day(connection: Connection, days: int) -> list[BoxedOnDay]:
    """Pairs boxed on each of the last ``days`` days that boxed any, newest first."""
    day = _DAY.get(connection.dialect.name, _DAY["postgresql"])
    query = text(BOXED_PER_DAY.format(day=day)).columns(
        column("day", Date), column("pairs", Integer)
    )
    return [BoxedOnDay(**row) for row in connection.execute(query, {"days": days}).mappings()]


def work_in_progress(connection: Connection) -> list[PairsAtStep]:
    return [PairsAtStep(**row) for row in connection.execute(WORK_IN_PROGRESS).mappings()]


def first_checks(connection: Connection) -> list[FirstChecks]:
    return [FirstChecks(**row) for row in connection.execute(FIRST_PASS).mappings()]


def pairs_by_status(connection: Connection) -> dict[str, int]:
    return {row.status: row.pairs for row in connection.execute(PAIRS_BY_STATUS)}


def stations(connection: Connection) -> list[StationRow]:
    query = text(STATIONS.format(where="")).columns(*_STATION_COLUMNS)
    return [StationRow(**row) for row in connection.execute(query).mappings()]


def station(connection: Connection, code: str) -> StationRow | None:
    query = text(STATIONS.format(where="WHERE s.code = :code")).columns(*_STATION_COLUMNS)
    row = connection.execute(query, {"code": code}).mappings().first()
    return StationRow(**row) if row else None
