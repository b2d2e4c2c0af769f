"""`cordwainer bench dashboard`: the dashboard's render time over a factory year.

The year is simulated once (as `bench simulate` does, about ten minutes) into a SQLite
file that is kept and reused: by default
``<temp>/cordwainer-bench/year-<days>d-seed<seed>.sqlite``, or the database named by
``--database-url`` (the year is simulated into it if no pair was boxed there yet).
A real server is started over it and the page is fetched one request after another: the
default view (the last fortnight) and, for comparison, the whole year at once.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx

from cordwainer.bench.floor import _serve
from cordwainer.bench.simulate import FIRST_DAY
from cordwainer.demo.factory import load_factory, read_factory
from cordwainer.services import dashboard, setup, trace
from cordwainer.simulation.run import simulate
from cordwainer.storage.database import Database
from cordwainer.storage.migrate import upgrade


@dataclass(frozen=True, slots=True)
class DashboardResult:
    requests: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    year_p95_ms: float
    page_kb: float
    fortnight_pairs: int  # boxed in the default view's fortnight
    built_seconds: float | None
    db: str
    path: str

    def as_json(self) -> dict[str, Any]:
        return {
            "bench": "dashboard",
            "requests": self.requests,
            "p50_ms": round(self.p50_ms, 1),
            "p95_ms": round(self.p95_ms, 1),
            "max_ms": round(self.max_ms, 1),
            "year_p95_ms": round(self.year_p95_ms, 1),
            "page_kb": round(self.page_kb, 1),
            "fortnight_pairs": self.fortnight_pairs,
            "built_seconds": None if self.built_seconds is None else round(self.built_seconds),
            "db": self.db,
            "database": self.path,
        }


def default_year_url(days: int, seed: int) -> str:
    folder = Path(tempfile.gettempdir()) / "cordwainer-bench"
    return f"sqlite:///{folder}/year-{days}d-seed{seed}.sqlite"


def run_dashboard_bench(
    *, days: int, seed: int, requests: int, database_url: str | None = None
) -> DashboardResult:
    url = database_url or default_year_url(days, seed)
    built = _year(url, days, seed)
    db = Database.connect(url)
    try:
        upgrade(db.engine)
        fortnight = dashboard.dashboard(db)
        until = fortnight.period.until
        since = date.fromordinal(until.toordinal() - 364)
        boxed = fortnight.pairs_boxed
    finally:
        db.dispose()
    server = _serve(url)
    try:
        with httpx.Client(base_url=server.base_url, timeout=120) as client:
            timings, size = _fetch(client, "/dashboard", requests)
            wide = f"/dashboard?from={since}&to={until}"
            year_timings, _ = _fetch(client, wide, max(5, requests // 5))
    finally:
        server.stop()
    return DashboardResult(
        requests,
        statistics.median(timings),
        _p95(timings),
        max(timings),
        _p95(year_timings),
        size / 1024,
        boxed,
        built,
        url.split(":", 1)[0],
        url,
    )


def _year(url: str, days: int, seed: int) -> float | None:
    """Simulate the year into ``url`` unless a history is there already; how long it took."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    db = Database.connect(url)
    try:
        upgrade(db.engine)
        if trace.recently_boxed(db, 1):
            return None
        print(f"Simulating {days} working days into {url}, once…", file=sys.stderr)
        if setup.site_of(db) is None:
            load_factory(db, read_factory())
        started = time.perf_counter()
        simulate(db, first_day=FIRST_DAY, days=days, seed=seed)
        return time.perf_counter() - started
    finally:
        db.dispose()


def _fetch(client: httpx.Client, path: str, times: int) -> tuple[list[float], int]:
    size = 0
    for _ in range(3):  # warm the server's caches and SQLite's pages
        size = len(client.get(path).content)
    timings = []
    for _ in range(times):
        started = time.perf_counter()
        answer = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        answer.raise_for_status()
    return timings, size


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] if ordered else 0.0
