"""What if? Each variant of a scenario on a fresh copy of the demo factory, from one seed.

The demo factory is set up once, through the services, in a template database; each
variant gets its own copy, hires its people and adds its benches through the services,
then runs the twin with its figures and the scenario's seed, so that the order book is
the same for every variant. The first ``warm_up_days`` are left out of the comparison:
the floor starts empty.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cordwainer.demo.factory import load_factory, read_factory
from cordwainer.services import setup
from cordwainer.services.staffing import skill_matrix
from cordwainer.simulation.run import simulate
from cordwainer.simulation.scenarios import Scenario, Variant
from cordwainer.simulation.statistics import Measures
from cordwainer.storage.database import Database
from cordwainer.storage.migrate import upgrade

Progress = Callable[[str, int, int], None]  # variant, days done, days in all


@dataclass(frozen=True, slots=True)
class VariantResult:
    name: str
    measures: Measures
    events: int
    seconds: float


@dataclass(frozen=True, slots=True)
class WhatIf:
    scenario: Scenario
    results: tuple[VariantResult, ...]
    workcentres: tuple[tuple[str, str], ...]  # (operation, its name), in routing order

    @property
    def base(self) -> VariantResult:
        return self.results[0]


def demo_template(path: Path) -> Path:
    """The demo factory, set up through the services in a fresh SQLite file at ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    db = Database.connect(f"sqlite:///{path}")
    try:
        upgrade(db.engine)
        load_factory(db, read_factory())
    finally:
        db.dispose()  # the last connection out folds the write-ahead log into the file
    return path


def run_whatif(
    scenario: Scenario,
    folder: Path,
    *,
    template: Path | None = None,
    progress: Progress | None = None,
) -> WhatIf:
    """Run every variant, each in its own database under ``folder``."""
    template = template or demo_template(folder / "demo-factory.sqlite")
    results: list[VariantResult] = []
    workcentres: tuple[tuple[str, str], ...] = ()
    for number, variant in enumerate(scenario.variants, start=1):
        path = folder / f"variant-{number}.sqlite"
        for suffix in ("", "-wal", "-shm"):
            if Path(f"{template}{suffix}").exists():
                shutil.copyfile(f"{template}{suffix}", f"{path}{suffix}")
        db = Database.connect(f"sqlite:///{path}")
        try:
            _set_up(db, variant)
            workcentres = tuple((op.code, op.name) for op in skill_matrix(db).operations)
            started = time.perf_counter()
            stats = simulate(
                db,
                first_day=scenario.start,
                days=scenario.days,
                seed=scenario.seed,
                parameters=variant.parameters,
                tick=_ticker(progress, variant.name, scenario.days),
            )
            seconds = time.perf_counter() - started
        finally:
            db.dispose()
        results.append(
            VariantResult(
                variant.name, stats.measured(scenario.warm_up_days), stats.event_count, seconds
            )
        )
    return WhatIf(scenario, tuple(results), workcentres)


def _ticker(progress: Progress | None, name: str, days: int) -> Callable[[int], None] | None:
    if progress is None:
        return None
    return lambda done: progress(name, done, days)


def _set_up(db: Database, variant: Variant) -> None:
    for number, hire in enumerate(variant.hires):
        setup.hire_operator(
            db,
            setup.NewOperator(
                badge=hire.badge,
                name=hire.name,
                display_name=hire.name.split()[0],
                passport_consent=False,
                pin=f"{9000 + number}",
                skills=dict(hire.skills),
            ),
        )
    for workcentre in variant.workcentres:
        setup.add_workcentre(
            db, workcentre.code, workcentre.name, workcentre.operation, workcentre.stations
        )
