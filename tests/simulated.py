"""A factory after two simulated working days, built once per session for the tests that read.

Sixty pairs a day, with defects, metal alarms and breakdowns made far more frequent than
the demo's so that two days show every kind of event, and the closing room on the late
shift so that two shifts show. Orders are due within a day or two, so some are late.
"""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from cordwainer.simulation.parameters import Breakdowns, FloorParameters
from cordwainer.simulation.run import simulate
from cordwainer.simulation.statistics import TwinStatistics
from cordwainer.storage.database import Database
from tests.databases import PostgresqlTemplates, SqliteTemplates

FIRST_DAY = date(2026, 11, 13)  # a Friday: the second day is the Monday after
DAYS = 2
SEED = 11
LATE_SHIFT = tuple(f"B10{n}" for n in range(11, 25))  # the closing room works 16:00-00:30
PARAMETERS = FloorParameters(
    pairs_per_day=60,
    due_in_working_days=(0, 1),
    wip_limit_pairs=120,
    rework_rate=dict.fromkeys(("clicking", "closing", "lasting", "finishing"), 0.04),
    scrap_rate={"clicking": 0.01, "lasting": 0.01},
    metal_alarm_rate=0.15,
    clear_minutes=(10.0, 40.0),
    breakdowns={
        "closing": Breakdowns(8, (15, 45)),
        "lasting": Breakdowns(8, (15, 45)),
        "sole_preparation": Breakdowns(6, (30, 60)),
    },
    shift_of=dict.fromkeys(LATE_SHIFT, "late"),
)


@dataclasses.dataclass(frozen=True)
class Simulated:
    url: str
    stats: TwinStatistics


def simulate_into(url: str, *, seed: int = SEED) -> TwinStatistics:
    db = Database.connect(url)
    try:
        return simulate(db, first_day=FIRST_DAY, days=DAYS, seed=seed, parameters=PARAMETERS)
    finally:
        db.dispose()


@pytest.fixture(scope="session")
def simulated_sqlite(sqlite_templates: SqliteTemplates) -> Simulated:
    """The two days on SQLite: a file tests only read (copy it to write)."""
    url = sqlite_templates.fresh_url()
    stats = simulate_into(url)
    return Simulated(url, stats)


@pytest.fixture
def simulated_copy(simulated_sqlite: Simulated, tmp_path: Path) -> str:
    """A copy of the two days' file, for a server or a test that writes."""
    copy = tmp_path / "simulated.sqlite"
    shutil.copyfile(simulated_sqlite.url.removeprefix("sqlite:///"), copy)
    return f"sqlite:///{copy}"


@pytest.fixture(scope="session")
def simulated_postgresql(postgresql_templates: PostgresqlTemplates) -> Iterator[Simulated]:
    url = postgresql_templates.fresh_url()
    stats = simulate_into(url)
    yield Simulated(url, stats)
    postgresql_templates.drop(url)


@pytest.fixture(
    scope="session", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)]
)
def simulated(request: pytest.FixtureRequest) -> Simulated:
    """The two days on each kind of database."""
    found: Simulated = request.getfixturevalue(f"simulated_{request.param}")
    return found
