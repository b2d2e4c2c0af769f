"""Recall: every pair a material lot went into, summed up by where it is now, and the
list a person sends to the customers who hold them."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass

from cordwainer.services.trace import lot_not_found
from cordwainer.storage import trace_queries as q
from cordwainer.storage.database import Database

IN_PRODUCTION = ("in_production", "quarantined")
CSV_COLUMNS = (
    "GTIN",
    "serial",
    "style",
    "colourway",
    "size",
    "width",
    "status",
    "shipment",
    "customer",
)


@dataclass(frozen=True, slots=True)
class ShipmentOfLot:
    shipment: str
    customer: str
    pairs: int


@dataclass(frozen=True, slots=True)
class Recall:
    lot: q.Lot
    pairs: list[q.LotPair]
    by_status: dict[str, int]  # every status a pair of the lot has, with its count
    in_production: int  # still on the floor: in production or quarantined
    boxed: int  # boxed, not yet shipped: stop them at the door
    shipped: int  # with customers: write to them
    scrapped: int
    shipments: list[ShipmentOfLot]
    customers: list[str]  # who hold shipped pairs of the lot

    @property
    def affected(self) -> int:
        return len(self.pairs)


def recall_lot(db: Database, lot: str) -> Recall:
    """Which pairs a lot went into, where each is now, and which customers hold them."""
    with db.reading() as connection:
        found = q.lot(connection, lot)
        if found is None:
            raise lot_not_found(lot)
        pairs = q.lot_pairs(connection, lot)
    by_status = Counter(pair.status for pair in pairs)
    shipments = Counter(
        (pair.shipment, pair.shipped_to or pair.customer)
        for pair in pairs
        if pair.status == "shipped" and pair.shipment is not None
    )
    return Recall(
        lot=found,
        pairs=pairs,
        by_status=dict(sorted(by_status.items())),
        in_production=sum(by_status[status] for status in IN_PRODUCTION),
        boxed=by_status["boxed"],
        shipped=by_status["shipped"],
        scrapped=by_status["scrapped"],
        shipments=[
            ShipmentOfLot(shipment, customer, count)
            for (shipment, customer), count in sorted(shipments.items())
        ],
        customers=sorted({customer for _, customer in shipments}),
    )


def recall_csv(recall: Recall) -> str:
    """One row per pair, for a person to send on: GTIN, serial, what it is, where it went."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for pair in recall.pairs:
        shipped = pair.status == "shipped"
        writer.writerow(
            (
                pair.gtin,
                pair.serial,
                pair.style_name,
                pair.colourway_name,
                pair.size,
                pair.width,
                pair.status,
                pair.shipment or "",
                (pair.shipped_to or pair.customer) if shipped else pair.customer,
            )
        )
    return out.getvalue()
