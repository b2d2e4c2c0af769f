"""A factory that has worked one day, and the pages served over it.

The demo factory is loaded and one working day of 24 pairs is simulated through the
services, once for the session (it takes a few seconds). Tests that only read share it;
tests that write get their own copy of the file.
"""

from __future__ import annotations

import shutil
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from cordwainer.app import create_app
from cordwainer.config import Settings
from cordwainer.demo.factory import load_factory, read_factory
from cordwainer.simulation.working_day import WorkingDays
from cordwainer.storage.database import Database
from cordwainer.storage.migrate import upgrade

with warnings.catch_warnings():
    # Starlette asks for httpx2 instead of httpx; the client works the same meanwhile.
    warnings.simplefilter("ignore", UserWarning)
    from fastapi.testclient import TestClient


@dataclass
class Site:
    """The application over one database, and that database for the test's own queries."""

    db: Database
    client: TestClient

    def rows(self, sql: str, **params: Any) -> list[Any]:
        with self.db.reading() as connection:
            return list(connection.execute(text(sql), params).all())

    def value(self, sql: str, **params: Any) -> Any:
        with self.db.reading() as connection:
            return connection.execute(text(sql), params).scalar_one()


@pytest.fixture(scope="session")
def worked_day(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("web") / "worked-day.sqlite"
    db = Database.connect(f"sqlite:///{path}")
    upgrade(db.engine)
    load_factory(db, read_factory())
    WorkingDays(db, seed=3, pairs_per_day=24).run(date(2026, 11, 16), 1)
    with db.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    return path


def _site(url: str) -> Iterator[Site]:
    db = Database.connect(url)
    yield Site(db, TestClient(create_app(Settings(database_url=url), db)))
    db.dispose()


@pytest.fixture(scope="session")
def site(worked_day: Path) -> Iterator[Site]:
    """The worked day, for tests that only read."""
    yield from _site(f"sqlite:///{worked_day}")


@pytest.fixture
def fresh_site(worked_day: Path, tmp_path: Path) -> Iterator[Site]:
    """A copy of the worked day, for tests that record."""
    copy = tmp_path / "copy.sqlite"
    shutil.copyfile(worked_day, copy)
    yield from _site(f"sqlite:///{copy}")


def _work_one_day(url: str) -> None:
    db = Database.connect(url)
    WorkingDays(db, seed=3, pairs_per_day=24).run(date(2026, 11, 16), 1)
    db.dispose()


@pytest.fixture(
    scope="session", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)]
)
def public_site(request: pytest.FixtureRequest, worked_day: Path) -> Iterator[Site]:
    """The worked day on SQLite and on PostgreSQL, for the public pages that read it."""
    if request.param == "sqlite":
        yield from _site(f"sqlite:///{worked_day}")
        return
    templates = request.getfixturevalue("postgresql_templates")
    url = templates.fresh_url()
    _work_one_day(url)
    yield from _site(url)
    templates.drop(url)
