"""The database a Cordwainer process talks to, and the unit of work that writes to it.

A unit of work is one transaction: it rolls back unless the service commits it.
Readers get a plain connection in a read transaction; on SQLite they never wait for
the writer (WAL), and writers queue on ``BEGIN IMMEDIATE`` instead of failing.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType

from sqlalchemy import Connection, Engine

from cordwainer.storage.catalogue_cache import CatalogueCache
from cordwainer.storage.catalogue_store import CatalogueStore
from cordwainer.storage.engine import WRITE, make_engine
from cordwainer.storage.event_log import EventLog
from cordwainer.storage.floor_store import FloorStore
from cordwainer.storage.writer import GroupWriter


class Database:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.catalogue_cache = CatalogueCache()
        # SQLite has one writer: writers of this process queue here, in order, rather
        # than poll the file lock with growing sleeps.
        self._writer = threading.Lock() if engine.dialect.name == "sqlite" else None
        self.group_writer: GroupWriter[UnitOfWork] = GroupWriter(self.unit_of_work)

    @classmethod
    def connect(cls, url: str) -> Database:
        return cls(make_engine(url))

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def unit_of_work(self) -> UnitOfWork:
        return UnitOfWork(self.engine, cache=self.catalogue_cache, writer=self._writer)

    def looking(self) -> UnitOfWork:
        """The stores in a read transaction: for reads that never wait for a writer."""
        return UnitOfWork(self.engine, write=False, cache=self.catalogue_cache)

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        with self.engine.connect() as connection, connection.begin():
            yield connection

    def dispose(self) -> None:
        self.group_writer.stop()
        self.engine.dispose()


class UnitOfWork:
    """One write transaction with the stores that work inside it."""

    connection: Connection
    catalogue: CatalogueStore
    floor: FloorStore
    events: EventLog

    def __init__(
        self,
        engine: Engine,
        *,
        write: bool = True,
        cache: CatalogueCache | None = None,
        writer: threading.Lock | None = None,
    ) -> None:
        self._engine = engine
        self._write = write
        self._cache = cache
        self._writer = writer
        self._committed = False

    def __enter__(self) -> UnitOfWork:
        if self._writer is not None:
            self._writer.acquire()
        try:
            self.connection = self._engine.connect().execution_options(**{WRITE: self._write})
            self._transaction = self.connection.begin()
        except BaseException:
            if self._writer is not None:
                self._writer.release()
            raise
        self.catalogue = CatalogueStore(self.connection, self._cache)
        self.floor = FloorStore(self.connection)
        self.events = EventLog(self.connection)
        return self

    def commit(self) -> None:
        self._transaction.commit()
        self._committed = True

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            if not self._committed and self._transaction.is_active:
                self._transaction.rollback()
        finally:
            self.connection.close()
            if self._writer is not None:
                self._writer.release()
