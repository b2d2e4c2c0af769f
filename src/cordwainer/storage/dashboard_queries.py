"""Read side of the floor as it stands: work in progress by step, pairs by status, the
names the dashboard shows, and the workcentres with their stations. Plain SQL that SQLite
and PostgreSQL both run. Figures over a period are in ``flow_queries`` and
``yield_queries``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Boolean, Connection, Float, Integer, String, column, text

from cordwainer.storage.tables import UtcDateTime


@dataclass(frozen=True, slots=True)
class PairsAtStep:
    operation: str
    name: str
    waiting: int
    in_work: int
    awaiting_inspection: int


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


# A pair stands at the step of its own style's routing, which names the operation. A trainee's
# finished work waiting for its sign-off counts as awaiting inspection.
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
           COALESCE(SUM(CASE WHEN w.stage IN ('awaiting_sign_off', 'awaiting_inspection')
                             THEN 1 ELSE 0 END), 0) AS awaiting_inspection
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


def work_in_progress(connection: Connection) -> list[PairsAtStep]:
    return [PairsAtStep(**row) for row in connection.execute(WORK_IN_PROGRESS).mappings()]


def pairs_by_status(connection: Connection) -> dict[str, int]:
    return {row.status: row.pairs for row in connection.execute(PAIRS_BY_STATUS)}


def latest_event_time(connection: Connection) -> datetime | None:
    """When the newest event of the floor's work happened (a lot's receipt is not work)."""
    query = text(
        "SELECT MAX(event_time) AS latest FROM events WHERE kind <> 'lot_received'"
    ).columns(latest=UtcDateTime)
    latest: datetime | None = connection.execute(query).scalar_one()
    return latest


@dataclass(frozen=True, slots=True)
class Names:
    """What the dashboard calls things: steps in routing order, styles, people, defects."""

    operations: dict[str, str]
    checked: list[str]  # the steps that check pairs (all but boxing), in routing order
    styles: dict[str, str]
    people: dict[str, str]
    colourways: dict[str, str]
    defects: dict[str, tuple[str, str, str]]  # code -> (description, operation, severity)


def names(connection: Connection) -> Names:
    def pairs(sql: str) -> dict[str, str]:
        return {str(key): str(value) for key, value in connection.execute(text(sql))}

    defects = {
        str(code): (str(description), str(operation), str(severity))
        for code, description, operation, severity in connection.execute(
            text("SELECT code, description, operation_code, severity FROM defect_codes")
        )
    }
    steps = list(
        connection.execute(text("SELECT code, name, kind FROM operations ORDER BY position"))
    )
    return Names(
        operations={str(code): str(name) for code, name, _ in steps},
        checked=[str(code) for code, _, kind in steps if kind != "boxing"],
        styles=pairs("SELECT code, name FROM styles ORDER BY name"),
        people=pairs("SELECT badge, name FROM operators ORDER BY badge"),
        colourways=pairs("SELECT code, name FROM colourways ORDER BY code"),
        defects=defects,
    )


def stations(connection: Connection) -> list[StationRow]:
    query = text(STATIONS.format(where="")).columns(*_STATION_COLUMNS)
    return [StationRow(**row) for row in connection.execute(query).mappings()]


def station(connection: Connection, code: str) -> StationRow | None:
    query = text(STATIONS.format(where="WHERE s.code = :code")).columns(*_STATION_COLUMNS)
    row = connection.execute(query, {"code": code}).mappings().first()
    return StationRow(**row) if row else None
