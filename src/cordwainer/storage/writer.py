"""One writer thread per database, committing floor commands in groups.

Station tablets send their commands at the same moments: at every shift's start, after
every break. Each command still runs alone, in a savepoint of its own: a refused one
rolls back to it and leaves the others untouched. But the commands that queued up while
the previous group was being written share one transaction and one commit, so the
disk's flush, the costliest step of an acknowledged write, is paid once per group
rather than once per command. Nothing is answered before its group is on disk.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Generic, Protocol, Self, TypeVar

from sqlalchemy import Connection

T = TypeVar("T")
U = TypeVar("U", bound="_Unit")
GROUP_LIMIT = 64


class _Unit(Protocol):
    connection: Connection

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...


@dataclass
class _Job(Generic[T]):
    work: Callable[[Any], T]
    done: Future[T] = field(default_factory=Future)


class GroupWriter(Generic[U]):
    def __init__(self, open_unit: Callable[[], U]) -> None:
        self._open_unit = open_unit
        self._jobs: queue.SimpleQueue[_Job[Any] | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._start = threading.Lock()

    def run(self, work: Callable[[U], T]) -> T:
        """Run ``work(unit_of_work)`` in the next group; its result once the group is on disk."""
        job: _Job[T] = _Job(work)
        self._ensure_started()
        self._jobs.put(job)
        return job.done.result()

    def stop(self) -> None:
        if self._thread is not None:
            self._jobs.put(None)
            self._thread.join(timeout=30)
            self._thread = None

    def _ensure_started(self) -> None:
        with self._start:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._loop, name="cordwainer-writer", daemon=True
                )
                self._thread.start()

    def _loop(self) -> None:
        while True:
            first = self._jobs.get()
            if first is None:
                return
            group = [first]
            while len(group) < GROUP_LIMIT:
                try:
                    job = self._jobs.get_nowait()
                except queue.Empty:
                    break
                if job is None:
                    self._write(group)
                    return
                group.append(job)
            self._write(group)

    def _write(self, group: list[_Job[Any]]) -> None:
        if len(group) == 1:
            self._write_alone(group[0])
            return
        outcomes: list[tuple[_Job[Any], Any, BaseException | None]] = []
        try:
            with self._open_unit() as uow:
                for job in group:
                    savepoint = uow.connection.begin_nested()
                    try:
                        result = job.work(uow)
                    except Exception as error:  # handed to the caller
                        savepoint.rollback()
                        outcomes.append((job, None, error))
                    else:
                        savepoint.commit()
                        outcomes.append((job, result, None))
                uow.commit()
        except BaseException as error:  # the group never reached the disk
            for job in group:
                job.done.set_exception(error)
            return
        for job, result, failure in outcomes:
            if failure is None:
                job.done.set_result(result)
            else:
                job.done.set_exception(failure)

    def _write_alone(self, job: _Job[Any]) -> None:
        """A job with no company needs no savepoint: its own transaction is enough."""
        try:
            with self._open_unit() as uow:
                result = job.work(uow)
                uow.commit()
        except BaseException as error:  # handed to the caller
            job.done.set_exception(error)
        else:
            job.done.set_result(result)
