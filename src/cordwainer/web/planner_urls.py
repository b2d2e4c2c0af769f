"""The planner's addresses, built in one place: the route patterns and the links to them.

Kept beside ``urls`` (and named like it) so that the planner's pages can be read and
changed on their own; every filter is in the query string, so a view can be shared.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from urllib.parse import quote, urlencode
from uuid import UUID

PLAN = "/plan"
PLAN_MAKE = "/plan/make"
PLAN_ONE = "/plan/plans/{plan_id}"
PLAN_PUBLISH = "/plan/plans/{plan_id}/publish"
GANTT = "/plan/gantt"
STATIONS = "/plan/stations"
DISPATCH = "/plan/stations/{station_code}"
DISPATCH_CSV = "/plan/stations/{station_code}.csv"
LOAD = "/plan/load"
LOAD_CSV = "/plan/load.csv"
LATE = "/plan/late"
LATE_CSV = "/plan/late.csv"
ASSIGNMENTS_CSV = "/plan/assignments.csv"
ORDERS = "/plan/orders"
ORDERS_CSV = "/plan/orders.csv"
ORDERS_IMPORT = "/plan/orders/import"
ABSENCES = "/plan/absences"
ABSENCE_CANCEL = "/plan/absences/{absence_id}/cancel"


def _with(path: str, query: Mapping[str, object]) -> str:
    kept = {name: str(value) for name, value in query.items() if value not in (None, "")}
    return f"{path}?{urlencode(kept)}" if kept else path


def plan(**query: object) -> str:
    return _with(PLAN, query)


def plan_make() -> str:
    return PLAN_MAKE


def plan_one(plan_id: UUID) -> str:
    return PLAN_ONE.format(plan_id=plan_id)


def plan_publish(plan_id: UUID) -> str:
    return PLAN_PUBLISH.format(plan_id=plan_id)


def gantt(
    by: str = "station",
    day: date | None = None,
    days: int | None = None,
    workcentre: str = "",
    plan_id: UUID | None = None,
) -> str:
    query = {
        "by": by,
        "day": day.isoformat() if day else None,
        "days": days,
        "workcentre": workcentre,
        "plan": plan_id,
    }
    return _with(GANTT, query)


def stations() -> str:
    return STATIONS


def dispatch(code: str, *, csv: bool = False) -> str:
    pattern = DISPATCH_CSV if csv else DISPATCH
    return pattern.format(station_code=quote(code, safe=""))


def load(*, csv: bool = False) -> str:
    return LOAD_CSV if csv else LOAD


def late(*, csv: bool = False) -> str:
    return LATE_CSV if csv else LATE


def assignments_csv(plan_id: UUID | None = None) -> str:
    return _with(ASSIGNMENTS_CSV, {"plan": plan_id})


def orders(*, csv: bool = False, **query: object) -> str:
    return ORDERS_CSV if csv else _with(ORDERS, query)


def orders_import() -> str:
    return ORDERS_IMPORT


def absences(**query: object) -> str:
    return _with(ABSENCES, query)


def absence_cancel(absence_id: UUID) -> str:
    return ABSENCE_CANCEL.format(absence_id=absence_id)
