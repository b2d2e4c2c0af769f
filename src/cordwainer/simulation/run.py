"""Run the twin over working days on a database that holds a factory."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from cordwainer.simulation.factory import FactoryTwin
from cordwainer.simulation.parameters import FloorParameters
from cordwainer.simulation.statistics import TwinStatistics
from cordwainer.storage.database import Database


def simulate(
    db: Database,
    *,
    first_day: date,
    days: int,
    seed: int,
    parameters: FloorParameters | None = None,
    tick: Callable[[int], None] | None = None,
) -> TwinStatistics:
    """Simulate ``days`` working days from ``first_day`` (a weekend start moves to Monday).

    The same database state, days, seed and parameters record the same events (their
    record times apart).
    """
    twin = FactoryTwin(db, seed=seed, first_day=first_day, days=days, parameters=parameters)
    return twin.run(tick)
