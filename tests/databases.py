"""Test databases: a migrated demo factory, copied fresh for every test, on SQLite and PostgreSQL.

The factory is loaded once per session into a template (a SQLite file, a PostgreSQL
template database); each test gets its own copy, so tests never see each other's writes.
PostgreSQL tests run against CORDWAINER_TEST_POSTGRESQL_URL (default: the local server);
when it cannot be reached they are skipped, except in CI, where they fail.
"""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from cordwainer.demo.factory import load_factory, read_factory
from cordwainer.storage.database import Database
from cordwainer.storage.migrate import upgrade

POSTGRESQL_URL = os.environ.get(
    "CORDWAINER_TEST_POSTGRESQL_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
IN_CI = os.environ.get("CI", "").lower() == "true"
_numbers = itertools.count(1)


def build_template(db: Database) -> None:
    upgrade(db.engine)
    load_factory(db, read_factory())
    db.dispose()


class SqliteTemplates:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.template = folder / "template.sqlite"
        db = Database.connect(f"sqlite:///{self.template}")
        build_template(db)
        with db.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        db.dispose()

    def fresh_url(self) -> str:
        copy = self.folder / f"test-{next(_numbers)}.sqlite"
        shutil.copyfile(self.template, copy)
        return f"sqlite:///{copy}"

    def drop(self, url: str) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)


class PostgresqlTemplates:
    def __init__(self) -> None:
        self.admin = create_engine(
            make_url(POSTGRESQL_URL).set(drivername="postgresql+psycopg"),
            isolation_level="AUTOCOMMIT",
        )
        self.prefix = f"cw_test_{os.getpid()}"
        self.template = f"{self.prefix}_template"
        self._execute(f'DROP DATABASE IF EXISTS "{self.template}"')
        self._execute(f'CREATE DATABASE "{self.template}"')
        build_template(Database.connect(self._url(self.template)))
        self.created: list[str] = []

    def _url(self, name: str) -> str:
        return make_url(POSTGRESQL_URL).set(database=name).render_as_string(hide_password=False)

    def _execute(self, statement: str) -> None:
        with self.admin.connect() as connection:
            connection.execute(text(statement))

    def fresh_url(self) -> str:
        name = f"{self.prefix}_{next(_numbers)}"
        self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        self.created.append(name)
        return self._url(name)

    def drop(self, url: str) -> None:
        name = make_url(url).database
        self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def close(self) -> None:
        self._execute(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
        self.admin.dispose()


def postgresql_reachable() -> str | None:
    """None when the server answers, else the reason it does not."""
    try:
        engine = create_engine(make_url(POSTGRESQL_URL).set(drivername="postgresql+psycopg"))
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as error:
        return f"PostgreSQL at {POSTGRESQL_URL} cannot be reached: {error.__class__.__name__}"
    return None


def require_postgresql() -> None:
    reason = postgresql_reachable()
    if reason is None:
        return
    if IN_CI:
        pytest.fail(f"{reason}; in CI the PostgreSQL tests must run.", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def sqlite_templates(tmp_path_factory: pytest.TempPathFactory) -> SqliteTemplates:
    return SqliteTemplates(tmp_path_factory.mktemp("sqlite"))


@pytest.fixture(scope="session")
def postgresql_templates() -> Iterator[PostgresqlTemplates]:
    require_postgresql()
    templates = PostgresqlTemplates()
    yield templates
    templates.close()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def factory_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """The URL of a fresh database holding the demo factory, on each kind of database."""
    templates: SqliteTemplates | PostgresqlTemplates = request.getfixturevalue(
        f"{request.param}_templates"
    )
    url = templates.fresh_url()
    yield url
    templates.drop(url)


@pytest.fixture
def factory(factory_url: str) -> Iterator[Database]:
    db = Database.connect(factory_url)
    yield db
    db.dispose()


@pytest.fixture
def sqlite_factory(sqlite_templates: SqliteTemplates) -> Iterator[Database]:
    url = sqlite_templates.fresh_url()
    db = Database.connect(url)
    yield db
    db.dispose()
    sqlite_templates.drop(url)
