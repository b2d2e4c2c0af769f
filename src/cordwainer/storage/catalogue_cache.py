"""Master data that every floor command reads, kept between units of work.

A station, a badge, a routing or the defect catalogue changes rarely and only through
the catalogue store, which then moves the catalogue's version on. Each unit of work
reads the version once; entries cached under another version are dropped.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class CatalogueCache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._version: int | None = None
        self._entries: dict[Hashable, Any] = {}

    def get(self, version: int, key: Hashable, load: Callable[[], T]) -> T:
        with self._lock:
            if version != self._version:
                self._entries.clear()
                self._version = version
            if key in self._entries:
                found: T = self._entries[key]
                return found
        value = load()
        with self._lock:
            if version == self._version:
                self._entries[key] = value
        return value
