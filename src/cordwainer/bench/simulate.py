"""`cordwainer bench simulate`: a factory year through the services, timed.

The demo factory is set up in a fresh database (not timed), then the twin simulates the
working days through the same services the terminals use (timed): orders, releases,
every start, finish, sign-off, check, scan, box and shipment, each recorded once.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from cordwainer.demo.factory import load_factory, read_factory
from cordwainer.simulation.parameters import FloorParameters
from cordwainer.simulation.run import simulate
from cordwainer.storage.database import Database
from cordwainer.storage.migrate import upgrade

FIRST_DAY = date(2025, 11, 3)  # a Monday: the year ends in the autumn of 2026


@dataclass(frozen=True, slots=True)
class SimulateResult:
    days: int
    pairs: int  # boxed
    pairs_ordered: int
    events: int
    seconds: float
    db: str
    path: str

    def as_json(self) -> dict[str, Any]:
        return {
            "bench": "simulate",
            "days": self.days,
            "pairs": self.pairs,
            "pairs_ordered": self.pairs_ordered,
            "events": self.events,
            "seconds": round(self.seconds, 1),
            "pairs_per_s": round(self.pairs / self.seconds, 1) if self.seconds else 0.0,
            "events_per_s": round(self.events / self.seconds, 1) if self.seconds else 0.0,
            "db": self.db,
        }


def fresh_demo(url: str) -> Database:
    """An empty database at ``url``, migrated, with the demo factory set up in it."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    db = Database.connect(url)
    upgrade(db.engine)
    load_factory(db, read_factory())
    return db


def run_simulate_bench(
    *,
    days: int,
    seed: int = 1,
    pairs_per_day: int = 300,
    database_url: str | None = None,
    tick: Any = None,
) -> SimulateResult:
    with tempfile.TemporaryDirectory(prefix="cordwainer-bench-") as folder:
        url = database_url or f"sqlite:///{folder}/year.sqlite"
        db = fresh_demo(url)
        try:
            started = time.perf_counter()
            stats = simulate(
                db,
                first_day=FIRST_DAY,
                days=days,
                seed=seed,
                parameters=FloorParameters(pairs_per_day=pairs_per_day),
                tick=tick,
            )
            seconds = time.perf_counter() - started
        finally:
            db.dispose()
    return SimulateResult(
        days, stats.boxed, stats.pairs_ordered, stats.event_count, seconds, db.dialect, url
    )
