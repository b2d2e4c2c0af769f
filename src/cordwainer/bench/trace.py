"""`cordwainer bench trace`: backward trace and recall over a generated ten-year history.

The history is generated in bulk, straight into the real schema of a freshly migrated
demo factory: racks of 12 pairs, each rack released, started, finished and inspected at
every craft step, scanned for metal, boxed and shipped (28 rack-level events naming its
pairs), the bill of materials drawn at clicking from lots that each go into about
``pairs_per_lot`` pairs. The last racks are still on the floor or boxed, not shipped.
Then it times the services as the API calls them: ``trace_pair`` over random pairs and
``recall_lot`` over random full lots, and prints one JSON object.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

from cordwainer.demo.factory import load_factory, read_factory
from cordwainer.services.recall import recall_lot
from cordwainer.services.trace import trace_pair
from cordwainer.storage import bulk_history as bulk
from cordwainer.storage.database import Database
from cordwainer.storage.migrate import upgrade

RACK_PAIRS = 12
RACKS_PER_ORDER = 10
YEARS = 10
START = datetime(2016, 11, 21, 7, 30, tzinfo=UTC)
CUSTOMERS = (
    "Wholesale — Tokyo",
    "Wholesale — Paris",
    "Direct — UK web shop",
    "Flimby factory shop",
    "Collaboration — Seoul",
)
BATCH_RACKS = 2_000
UNCOUNTED = (
    1e12  # a lot's quantity received until its draws are counted  # racks of rows per executemany
)


@dataclass(frozen=True, slots=True)
class History:
    pairs: int
    racks: int
    events: int
    lots: dict[str, int] = field(default_factory=dict)  # lot -> pairs it went into


@dataclass(slots=True)
class _Ids:
    """Time-ordered ids, so that every index grows at its end."""

    events: int = 0
    pairs: int = 0

    def event(self) -> UUID:
        self.events += 1
        return UUID(int=(0x0155_0000_0000_7000_8000 << 48) | self.events)

    def pair(self) -> UUID:
        self.pairs += 1
        return UUID(int=(0x0155_0000_0000_7000_9000 << 48) | self.pairs)


@dataclass
class _Rows:
    orders: list[tuple[Any, ...]] = field(default_factory=list)
    racks: list[tuple[Any, ...]] = field(default_factory=list)
    pairs: list[tuple[Any, ...]] = field(default_factory=list)
    events: list[tuple[Any, ...]] = field(default_factory=list)
    event_pairs: list[tuple[Any, ...]] = field(default_factory=list)
    event_lots: list[tuple[Any, ...]] = field(default_factory=list)
    lots: list[tuple[Any, ...]] = field(default_factory=list)

    def flush(self, load: bulk.BulkLoad) -> None:
        load.insert("production_orders", ORDER_COLUMNS, self.orders)
        load.insert("racks", ("code", "order_code", "colourway_code", "released_at"), self.racks)
        load.insert("pairs", PAIR_COLUMNS, self.pairs)
        load.insert("events", EVENT_COLUMNS, self.events)
        load.insert("event_pairs", ("event_id", "pair_id", "result"), self.event_pairs)
        load.insert("material_lots", LOT_COLUMNS, self.lots)
        load.insert("event_lots", ("event_id", "lot_code", "quantity"), self.event_lots)
        for rows in (
            self.lots,
            self.orders,
            self.racks,
            self.pairs,
            self.events,
            self.event_pairs,
            self.event_lots,
        ):
            rows.clear()


ORDER_COLUMNS = (
    "code",
    "colourway_code",
    "due_on",
    "customer",
    "created_at",
    "priority",
    "customer_type",
)
LOT_COLUMNS = (
    "code",
    "material_code",
    "quantity_received",
    "quantity_consumed",
    "received_on",
    "supplier_reference",
)
PAIR_COLUMNS = ("id", "gtin", "serial", "rack_code", "step", "stage", "status", "metal_cleared")
EVENT_COLUMNS = (
    "id",
    "kind",
    "event_time",
    "record_time",
    "biz_step",
    "disposition",
    "station_code",
    "operator_id",
    "rack_code",
    "operation_code",
    "details",
    "command_hash",
)


class _Generator:
    def __init__(self, db: Database, pairs: int, pairs_per_lot: int, seed: int) -> None:
        self.db = db
        self.pairs = pairs
        self.racks = -(-pairs // RACK_PAIRS)
        self.racks_per_lot = max(1, round(pairs_per_lot / RACK_PAIRS))
        self.random = random.Random(seed)
        self.master = bulk.master_data(db)
        self.colourways = sorted(c for c in self.master.variants if c in self.master.bills)
        self.ids = _Ids()
        self.events = 0
        self.lot_racks: dict[str, int] = {}  # material -> racks drawn from its open lot
        self.lot_number: dict[str, int] = {}
        self.drawn: dict[str, float] = {}  # lot -> quantity drawn
        self.lot_pairs: dict[str, int] = {}
        self.step_every = timedelta(days=365.25 * YEARS) / max(self.racks, 1)
        on_floor = max(1, self.racks // 200)
        self.first_boxed = self.racks - 2 * on_floor  # racks before it are shipped
        self.first_on_floor = self.racks - on_floor

    def run(self) -> History:
        rows = _Rows()
        with bulk.bulk_load(self.db) as load:
            for rack in range(self.racks):
                self._rack(load, rows, rack)
                if rack % BATCH_RACKS == BATCH_RACKS - 1:
                    rows.flush(load)
            rows.flush(load)
            self._lots(load)
        return History(self.pairs, self.racks, self.events, dict(self.lot_pairs))

    def _rack(self, load: bulk.BulkLoad, rows: _Rows, index: int) -> None:
        order_index = index // RACKS_PER_ORDER
        colourway = self.colourways[order_index % len(self.colourways)]
        released = START + self.step_every * index
        order = f"PO-{order_index + 1:07d}"
        customer = CUSTOMERS[order_index % len(CUSTOMERS)]
        if index % RACKS_PER_ORDER == 0:
            rows.orders.append(
                (
                    order,
                    colourway,
                    (released + timedelta(days=42)).date(),
                    customer,
                    load.moment(released - timedelta(days=7)),
                    "normal",
                    "wholesale",
                )
            )
        rack = f"R{index + 1:07d}"
        rows.racks.append((rack, order, colourway, load.moment(released)))
        style = self.master.style_of[colourway]
        routing = self.master.routings[style]
        status, stopped_at = self._fate(index, len(routing))
        gtins = self.master.variants[colourway]
        first = index * RACK_PAIRS
        count = min(RACK_PAIRS, self.pairs - first)
        pair_ids = [load.key(self.ids.pair()) for _ in range(count)]
        step = routing[min(stopped_at, len(routing) - 1)].position
        stage = "waiting"
        for n, pair_id in enumerate(pair_ids):
            rows.pairs.append(
                (
                    pair_id,
                    gtins[(first + n) % len(gtins)],
                    f"{first + n + 1:09d}",
                    rack,
                    step,
                    stage,
                    status,
                    status in ("boxed", "shipped"),
                )
            )
        moments = self._moments(released)
        event = self._emitter(load, rows, rack, pair_ids, moments)
        event("rack_released", "commissioning", "active", None, None, {})
        for position, step_of in enumerate(routing):
            if position >= stopped_at:
                break
            operation = step_of.operation
            if step_of.kind == "craft":
                event("operation_started", operation, "in_progress", operation, None, {})
                finished = event(
                    "operation_finished", operation, "in_progress", operation, None, {}
                )
                if operation == "clicking":
                    self._draw(load, rows, colourway, finished, count)
                event("pairs_inspected", "inspecting", "conformant", operation, "pass", {})
            elif step_of.kind == "metal_detection":
                event("metal_scanned", "inspecting", "conformant", operation, "pass", {})
            else:
                event("pairs_boxed", "packing", "container_closed", operation, None, {})
        if status == "shipped":
            shipment = {"shipment": f"SH-{order_index + 1:07d}", "customer": customer}
            event("pairs_shipped", "shipping", "in_transit", None, None, shipment)

    def _fate(self, index: int, steps: int) -> tuple[str, int]:
        """(status, steps done) of a rack: old racks shipped, the newest still being made."""
        if index < self.first_boxed:
            return "shipped", steps
        if index < self.first_on_floor:
            return "boxed", steps
        return "in_production", 1 + index % max(1, steps - 3)

    def _moments(self, released: datetime) -> Iterator[datetime]:
        moment = released
        while True:
            yield moment
            moment += timedelta(minutes=37)

    def _emitter(
        self,
        load: bulk.BulkLoad,
        rows: _Rows,
        rack: str,
        pair_ids: list[Any],
        moments: Iterator[datetime],
    ) -> Any:
        def event(
            kind: str,
            biz_step: str,
            disposition: str,
            operation: str | None,
            result: str | None,
            details: dict[str, str],
        ) -> Any:
            key = load.key(self.ids.event())
            at = load.moment(next(moments))
            station = operator = None
            if operation is not None:
                station = self.random.choice(self.master.stations[operation])
                operator = load.key(self.random.choice(self.master.operators[operation]))
            elif kind == "pairs_shipped":
                operator = load.key(self.master.operators["boxing"][0])
            rows.events.append(
                (
                    key,
                    kind,
                    at,
                    at,
                    biz_step,
                    disposition,
                    station,
                    operator,
                    None if kind == "pairs_shipped" else rack,
                    operation,
                    load.json(details),
                    "bench",
                )
            )
            rows.event_pairs.extend((key, pair_id, result) for pair_id in pair_ids)
            self.events += 1
            return key

        return event

    def _draw(
        self, load: bulk.BulkLoad, rows: _Rows, colourway: str, event: Any, pairs: int
    ) -> None:
        for material, quantity in self.master.bills[colourway]:
            if self.lot_racks.get(material, self.racks_per_lot) >= self.racks_per_lot:
                self.lot_number[material] = self.lot_number.get(material, 0) + 1
                self.lot_racks[material] = 0
                lot = f"H-{material}-{self.lot_number[material]:05d}"
                received = date(2016, 11, 1)
                rows.lots.append((lot, material, UNCOUNTED, 0.0, received, f"BENCH-{lot}"))
            self.lot_racks[material] += 1
            lot = f"H-{material}-{self.lot_number[material]:05d}"
            rows.event_lots.append((event, lot, quantity * pairs))
            self.drawn[lot] = self.drawn.get(lot, 0.0) + quantity * pairs
            self.lot_pairs[lot] = self.lot_pairs.get(lot, 0) + pairs

    def _lots(self, load: bulk.BulkLoad) -> None:
        """Each lot's quantities, once all its draws are known."""
        load.set_lot_quantities([(drawn + 1.0, drawn, lot) for lot, drawn in self.drawn.items()])


def fresh_history_database(url: str) -> Database:
    """An empty, migrated database at ``url`` holding the demo factory's master data."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    db = Database.connect(url)
    upgrade(db.engine)
    load_factory(db, read_factory())
    return db


def generate_history(db: Database, pairs: int, pairs_per_lot: int = 5000, seed: int = 1) -> History:
    """Write ``pairs`` pairs' ten-year history into a database holding only the factory."""
    return _Generator(db, pairs, pairs_per_lot, seed).run()


@dataclass(frozen=True, slots=True)
class TraceBench:
    pairs: int = 1_000_000
    database_url: str | None = None
    reuse: Path | None = None
    traces: int = 200
    recalls: int = 20
    pairs_per_lot: int = 5000
    seed: int = 1


def run_trace_bench(bench: TraceBench) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="cordwainer-trace-") as folder:
        url = bench.database_url or f"sqlite:///{bench.reuse or Path(folder) / 'trace.sqlite'}"
        db, generate_s, reused = _history(url, bench)
        try:
            return _measure(db, bench, generate_s, reused)
        finally:
            db.dispose()


def _history(url: str, bench: TraceBench) -> tuple[Database, float | None, bool]:
    if bench.reuse is not None and bench.reuse.exists():
        db = Database.connect(url)
        if bulk.count(db, "pairs") == bench.pairs:
            return db, None, True
        db.dispose()
    began = time.perf_counter()
    db = fresh_history_database(url)
    generate_history(db, bench.pairs, bench.pairs_per_lot, bench.seed)
    return db, time.perf_counter() - began, False


def _measure(
    db: Database, bench: TraceBench, generate_s: float | None, reused: bool
) -> dict[str, Any]:
    chooser = random.Random(bench.seed + 1)
    serials = [f"{chooser.randrange(bench.pairs) + 1:09d}" for _ in range(bench.traces)]
    pairs = bulk.some_pairs(db, serials)
    lots = bulk.lots_in_use(db)
    full = sorted(lot for lot, used in lots.items() if used >= max(lots.values()))
    chosen = chooser.sample(full, min(bench.recalls, len(full)))
    trace_pair(db, *pairs[0])  # warm the connection pool and the statement caches
    backward = [_timed(lambda p=pair: trace_pair(db, *p)) for pair in pairs]
    recall_ms: list[float] = []
    recall_pairs: list[int] = []
    for lot in chosen:
        began = time.perf_counter()
        recall = recall_lot(db, lot)
        recall_ms.append((time.perf_counter() - began) * 1000)
        recall_pairs.append(recall.affected)
    return {
        "bench": "trace",
        "pairs": bulk.count(db, "pairs"),
        "events": bulk.count(db, "events"),
        "event_pairs": bulk.count(db, "event_pairs"),
        "lots": len(lots),
        "generate_s": None if generate_s is None else round(generate_s, 1),
        "reused": reused,
        "backward_p50_ms": round(statistics.median(backward), 2),
        "backward_p95_ms": round(_p95(backward), 2),
        "backward_traces": len(backward),
        "recall_p50_ms": round(statistics.median(recall_ms), 1),
        "recall_p95_ms": round(_p95(recall_ms), 1),
        "recall_pairs": round(statistics.mean(recall_pairs)),
        "recalls": len(recall_ms),
        "db": db.dialect,
    }


def _timed(call: Any) -> float:
    began = time.perf_counter()
    call()
    return (time.perf_counter() - began) * 1000


def _p95(values: list[float]) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=20, method="inclusive")[-1]
