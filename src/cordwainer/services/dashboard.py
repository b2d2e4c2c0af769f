"""The floor at a glance: what the office asks of it, and the benches a terminal stands at.

``dashboard`` answers the manager's questions: how many pairs were boxed each day, where
pairs are waiting, how often each step passes a pair the first time, how many pairs are
scrapped or quarantined. ``workcentres`` and ``station`` describe the benches for the
station terminal.
"""

from __future__ import annotations

from dataclasses import dataclass

from cordwainer.domain.errors import NotFound
from cordwainer.storage import dashboard_queries as q
from cordwainer.storage.database import Database

DAYS_SHOWN = 14


@dataclass(frozen=True, slots=True)
class StepYield:
    operation: str
    name: str
    pairs_checked: int
    passed_first_time: int

    @property
    def share(self) -> float | None:
        """Passed at the first check, as a share of the pairs checked; None before any."""
        return self.passed_first_time / self.pairs_checked if self.pairs_checked else None


@dataclass(frozen=True, slots=True)
class StepLoad:
    operation: str
    name: str
    waiting: int
    in_work: int
    awaiting_inspection: int

    @property
    def pairs(self) -> int:
        return self.waiting + self.in_work + self.awaiting_inspection


@dataclass(frozen=True, slots=True)
class DashboardFigures:
    boxed_per_day: tuple[q.BoxedOnDay, ...]
    work_in_progress: tuple[StepLoad, ...]
    first_pass_yield: tuple[StepYield, ...]
    in_production: int
    boxed: int
    shipped: int
    scrapped: int
    quarantined: int

    @property
    def pairs_in_progress(self) -> int:
        return sum(step.pairs for step in self.work_in_progress)


@dataclass(frozen=True, slots=True)
class Workcentre:
    code: str
    name: str
    operation: str
    operation_name: str
    stations: tuple[str, ...]


def dashboard(db: Database, *, days: int = DAYS_SHOWN) -> DashboardFigures:
    with db.reading() as connection:
        boxed = q.boxed_per_day(connection, days)
        loads = q.work_in_progress(connection)
        checks = q.first_checks(connection)
        statuses = q.pairs_by_status(connection)
    return DashboardFigures(
        boxed_per_day=tuple(boxed),
        work_in_progress=tuple(
            StepLoad(s.operation, s.name, s.waiting, s.in_work, s.awaiting_inspection)
            for s in loads
        ),
        first_pass_yield=tuple(
            StepYield(c.operation, c.name, c.pairs_checked, c.passed_first_time) for c in checks
        ),
        in_production=statuses.get("in_production", 0),
        boxed=statuses.get("boxed", 0),
        shipped=statuses.get("shipped", 0),
        scrapped=statuses.get("scrapped", 0),
        quarantined=statuses.get("quarantined", 0),
    )


def workcentres(db: Database) -> tuple[Workcentre, ...]:
    """Every workcentre with its stations, in routing order."""
    with db.reading() as connection:
        rows = q.stations(connection)
    grouped: dict[str, list[q.StationRow]] = {}
    for row in rows:
        grouped.setdefault(row.workcentre, []).append(row)
    return tuple(
        Workcentre(
            code,
            benches[0].workcentre_name,
            benches[0].operation,
            benches[0].operation_name,
            tuple(bench.station for bench in benches),
        )
        for code, benches in grouped.items()
    )


def station(db: Database, code: str) -> q.StationRow:
    """The station ``code``: its workcentre and the operation done there."""
    with db.reading() as connection:
        found = q.station(connection, code)
    if found is None:
        raise NotFound(
            f"There is no station {code}. Pick your bench from the list.",
            code="station_not_found",
            station=code,
        )
    return found
