"""When a rack's materials are in: clicking cannot start before its hides are received.

The racks still to cut draw, most urgent first, on what is left of each lot, oldest
lot first, as the clicker does. A rack can start once every material it is cut from
is covered by lots received by then (a lot received on a later day is a delivery that
is expected); a rack no lot can cover is short, and is left out of the plan.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from cordwainer.domain.catalogue import BomLine
from cordwainer.domain.materials import MaterialLot


@dataclass(frozen=True, slots=True)
class RackCut:
    key: str
    colourway_code: str
    pairs: int


@dataclass(frozen=True, slots=True)
class MaterialReady:
    """The day a rack's materials are all in, and the lot that arrives last."""

    on: date | None  # None: not enough of ``lot_or_material`` anywhere
    lot_or_material: str


@dataclass(slots=True)
class _Lot:
    code: str
    received_on: date
    left: float


def materials_ready(
    racks: Sequence[RackCut],
    bills: Mapping[str, Sequence[BomLine]],
    lots: Sequence[tuple[MaterialLot, date]],
    cut_materials: set[str],
) -> dict[str, MaterialReady]:
    """For each rack (most urgent first), when what it is cut from is all received."""
    shelves: dict[str, list[_Lot]] = defaultdict(list)
    for lot, received_on in sorted(lots, key=lambda item: (item[1], item[0].code)):
        shelves[lot.material_code].append(_Lot(lot.code, received_on, lot.quantity_on_hand))
    ready: dict[str, MaterialReady] = {}
    for rack in racks:
        lines = [
            line
            for line in bills.get(rack.colourway_code, ())
            if line.material_code in cut_materials
        ]
        draws = {
            line.material_code: _draw(shelves[line.material_code], line.quantity * rack.pairs)
            for line in lines
        }
        short = next((material for material, taken in draws.items() if taken is None), None)
        if short is not None:
            ready[rack.key] = MaterialReady(None, short)
            continue
        last: tuple[date, str] | None = None
        for taken in draws.values():
            assert taken is not None
            for shelf_lot, quantity in taken:
                shelf_lot.left -= quantity
            arrives = max((shelf_lot.received_on, shelf_lot.code) for shelf_lot, _ in taken)
            if last is None or arrives > last:
                last = arrives
        if last is not None:
            ready[rack.key] = MaterialReady(*last)
    return ready


def _draw(shelf: list[_Lot], needed: float) -> list[tuple[_Lot, float]] | None:
    """What to take from which lot, oldest first, to cover ``needed``; None if they cannot."""
    taken, left = [], needed
    for lot in shelf:
        if lot.left <= 1e-9:
            continue
        take = min(lot.left, left)
        taken.append((lot, take))
        left -= take
        if left <= 1e-9:
            return taken
    return None if needed > 1e-9 else taken
