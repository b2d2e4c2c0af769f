"""A fresh demo factory for a benchmark, on a SQLite file or a PostgreSQL database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from cordwainer.demo.factory import load_factory, read_factory
from cordwainer.services import catalogue, orders
from cordwainer.services.materials import ReceiveLot, receive_material_lot
from cordwainer.services.recording import new_id
from cordwainer.storage.database import Database
from cordwainer.storage.migrate import upgrade

COLOURWAY = "U991PK2"
PLENTY = 50_000_000.0  # dm2 or pairs: a benchmark never runs short of material


@dataclass(frozen=True, slots=True)
class BenchFactory:
    db: Database
    url: str
    kind: str


def fresh_factory(url: str) -> BenchFactory:
    """Migrate an empty database at ``url`` and set the demo factory up in it."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    db = Database.connect(url)
    upgrade(db.engine)
    data = read_factory()
    load_factory(db, data)
    for material in data.materials:
        receive_material_lot(
            db,
            ReceiveLot(
                new_id(),
                f"BENCH-{material.code}",
                material.code,
                PLENTY,
                date(2026, 11, 1),
                "bench",
            ),
        )
    return BenchFactory(db, url, db.dialect)


def release_racks(db: Database, racks: int, pairs_per_rack: int = 12) -> list[str]:
    """``racks`` racks of the 991v2 soft pink, released and waiting at clicking."""
    variants = catalogue.variants(db, COLOURWAY)
    lines = tuple((variants[i % len(variants)].gtin, racks) for i in range(pairs_per_rack))
    order = orders.create_order(db, orders.NewOrder(COLOURWAY, date(2026, 12, 1), "Bench", lines))
    return [
        receipt.rack
        for receipt in orders.release_whole_order(db, order.code)
        if receipt.rack is not None
    ]
