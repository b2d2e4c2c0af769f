"""The clerk hands the twin's floor commands to the services, many at once.

A command's answer is on disk only once its group is committed (``storage/writer.py``):
a caller who waits for each answer pays a disk flush per command. The clerk calls the
services from a pool of threads instead, so that many commands queue at the writer
together and share a commit; the simulation itself never waits for an answer.

Order still matters where commands touch the same things, so each command names its
lanes: a rack (every command naming its pairs), the release counter, the material lots.
A command is handed to a thread only once the commands before it in each of its lanes
are recorded; commands in different lanes commute, so the log is the same whatever the
threads do. A refused command is a bug in the twin: the first one is raised by ``check``.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Hashable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from cordwainer.services.recording import Receipt

_thread = threading.local()
THREADS = 64  # the writer's group limit: a full group per commit
AHEAD = 4096  # commands the twin may hand over before the first of them is recorded


@dataclass(eq=False)
class _Command:
    call: Callable[[], object]
    waiting: int
    done: Future[object] = field(default_factory=Future)


class Clerk:
    def __init__(self, *, threads: int = THREADS, ahead: int = AHEAD) -> None:
        self._pool = ThreadPoolExecutor(threads, thread_name_prefix="cordwainer-twin")
        self._room = threading.BoundedSemaphore(ahead)
        self._last: dict[Hashable, Future[object]] = {}
        self._lock = threading.Lock()
        self.kinds: Counter[str] = Counter()
        self._failure: BaseException | None = None
        self._outstanding = 0
        self._idle = threading.Condition(self._lock)

    @property
    def events(self) -> int:
        return sum(self.kinds.values())

    def record(self, lanes: Iterable[Hashable], call: Callable[[], object]) -> Future[object]:
        """Run ``call`` once every earlier command of each of ``lanes`` is recorded."""
        lanes = tuple(lanes)
        before = {id(f): f for lane in lanes if (f := self._last.get(lane)) is not None}
        self._room.acquire()
        command = _Command(call, len(before) + 1)
        with self._lock:
            self._outstanding += 1
        for lane in lanes:
            self._last[lane] = command.done
        for earlier in before.values():
            earlier.add_done_callback(lambda _, c=command: self._one_less(c))  # type: ignore[misc]
        self._one_less(command)
        return command.done

    def _one_less(self, command: _Command) -> None:
        with self._lock:
            command.waiting -= 1
            ready = command.waiting == 0
        if not ready:
            return
        follow = getattr(_thread, "follow", None)
        if follow is not None and not follow:
            follow.append(command)  # the thread that made it ready runs it next
        else:
            self._pool.submit(self._run, command)

    def _run(self, command: _Command) -> None:
        """Record ``command``, then whichever command it made ready first, in this thread:
        a rack's next command need not wait for another thread to wake."""
        _thread.follow = []
        next_one: _Command | None = command
        while next_one is not None:
            self._record(next_one)
            next_one = _thread.follow.pop() if _thread.follow else None
            _thread.follow = []
        _thread.follow = None

    def _record(self, command: _Command) -> None:
        try:
            if self._failure is not None:
                raise RuntimeError("an earlier command was refused")
            answer = command.call()
        except BaseException as error:
            with self._lock:
                if self._failure is None:
                    self._failure = error
            self._settle(command, None, error)
            return
        receipts = answer if isinstance(answer, list) else [answer]
        with self._lock:
            for receipt in receipts:
                if isinstance(receipt, Receipt):
                    self.kinds[receipt.kind] += 1
        self._settle(command, answer, None)

    def _settle(self, command: _Command, answer: object, error: BaseException | None) -> None:
        self._room.release()
        with self._lock:
            self._outstanding -= 1
            if self._outstanding == 0:
                self._idle.notify_all()
        if error is None:
            command.done.set_result(answer)  # runs the callbacks of the commands after it
        else:
            command.done.set_exception(error)

    def check(self) -> None:
        """Raise the first refusal, if there was one."""
        if self._failure is not None:
            raise self._failure

    def finish(self) -> None:
        """Wait for every command, stop the threads, and raise the first refusal."""
        with self._idle:
            self._idle.wait_for(lambda: self._outstanding == 0)
        self._pool.shutdown(wait=True)
        self._last.clear()
        self.check()

    def abandon(self) -> None:
        """Stop after the commands already handed over (after a refusal or an interruption)."""
        with self._lock:
            if self._failure is None:
                self._failure = RuntimeError("the simulation was stopped")
        self.finish_quietly()

    def finish_quietly(self) -> None:
        with self._idle:
            self._idle.wait_for(lambda: self._outstanding == 0)
        self._pool.shutdown(wait=True)
        self._last.clear()
