"""The floor's current state: orders, racks, pairs and material lots.

These rows are projections of the event log, written in the same transaction as the
event that changes them. Reads for a command lock what they will change.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, RowMapping, bindparam, insert, select, update

from cordwainer.domain.floor import Pair, PairStatus, Stage
from cordwainer.domain.materials import MaterialLot
from cordwainer.domain.orders import CustomerType, OrderLine, Priority, ProductionOrder
from cordwainer.storage import tables as t


@dataclass(frozen=True, slots=True)
class Rack:
    code: str
    order_code: str
    colourway_code: str
    style_code: str
    released_at: datetime


class FloorStore:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    # orders
    def add_order(self, order: ProductionOrder, created_at: datetime) -> None:
        self.connection.execute(
            insert(t.production_orders),
            [
                {
                    "code": order.code,
                    "colourway_code": order.colourway_code,
                    "due_on": order.due_on,
                    "customer": order.customer,
                    "created_at": created_at,
                    "priority": order.priority.value,
                    "customer_type": order.customer_type.value,
                    "reference": order.reference,
                }
            ],
        )
        self.connection.execute(
            insert(t.order_lines),
            [
                {"order_code": order.code, "position": i} | _line(line)
                for i, line in enumerate(order.lines)
            ],
        )

    def order(self, code: str, *, lock: bool = False) -> ProductionOrder | None:
        query = select(t.production_orders).where(t.production_orders.c.code == code)
        row = self.connection.execute(query.with_for_update() if lock else query).mappings().first()
        if row is None:
            return None
        lines = self.connection.execute(
            select(t.order_lines.c.gtin, t.order_lines.c.quantity, t.order_lines.c.released)
            .where(t.order_lines.c.order_code == code)
            .order_by(t.order_lines.c.position)
        )
        return ProductionOrder(
            code=row["code"],
            colourway_code=row["colourway_code"],
            due_on=row["due_on"],
            customer=row["customer"],
            lines=tuple(OrderLine(*line) for line in lines),
            priority=Priority(row["priority"]),
            customer_type=CustomerType(row["customer_type"]),
            reference=row["reference"],
        )

    def save_order_lines(self, order: ProductionOrder) -> None:
        self.connection.execute(
            update(t.order_lines)
            .where(
                t.order_lines.c.order_code == bindparam("o"), t.order_lines.c.gtin == bindparam("g")
            )
            .values(released=bindparam("r")),
            [{"o": order.code, "g": line.gtin, "r": line.released} for line in order.lines],
        )

    # racks and pairs
    def add_rack(
        self, code: str, order_code: str, colourway_code: str, released_at: datetime
    ) -> None:
        row = {
            "code": code,
            "order_code": order_code,
            "colourway_code": colourway_code,
            "released_at": released_at,
        }
        self.connection.execute(insert(t.racks), [row])

    def rack(self, code: str, *, lock: bool = False) -> Rack | None:
        query = _RACK_FOR_UPDATE if lock else _RACK
        found = self.connection.execute(query, {"code": code}).mappings().first()
        return Rack(**found) if found else None

    def add_pairs(self, pairs: Sequence[Pair]) -> None:
        self.connection.execute(insert(t.pairs), [_pair_row(pair) for pair in pairs])

    def save_pairs(self, pairs: Iterable[Pair]) -> None:
        rows = [
            {"i": p.id, "s": p.step, "g": p.stage.value, "t": p.status.value, "m": p.metal_cleared}
            for p in pairs
        ]
        if rows:
            self.connection.execute(_SAVE_PAIR, rows)

    def pairs_of_rack(self, rack_code: str, *, lock: bool = False) -> list[Pair]:
        query = _PAIRS_OF_RACK_FOR_UPDATE if lock else _PAIRS_OF_RACK
        rows = self.connection.execute(query, {"rack": rack_code}).mappings()
        return [_pair(row) for row in rows]

    def pairs_by_serial(self, serials: Sequence[str], *, lock: bool = False) -> list[Pair]:
        query = select(t.pairs).where(t.pairs.c.serial.in_(serials)).order_by(t.pairs.c.serial)
        return self._pairs(query, lock)

    def pair(self, gtin: str, serial: str) -> Pair | None:
        query = select(t.pairs).where(t.pairs.c.gtin == gtin, t.pairs.c.serial == serial)
        found = self._pairs(query, lock=False)
        return found[0] if found else None

    def _pairs(self, query: Any, lock: bool) -> list[Pair]:
        rows = self.connection.execute(query.with_for_update() if lock else query).mappings()
        return [_pair(row) for row in rows]

    # material lots
    def add_lot(self, lot: MaterialLot, received_on: date, supplier_reference: str) -> None:
        row = {
            "code": lot.code,
            "material_code": lot.material_code,
            "quantity_received": lot.quantity_received,
            "quantity_consumed": lot.quantity_consumed,
            "received_on": received_on,
            "supplier_reference": supplier_reference,
        }
        self.connection.execute(insert(t.material_lots), [row])

    def lots(self, codes: Sequence[str], *, lock: bool = False) -> list[MaterialLot]:
        query = select(
            t.material_lots.c.code,
            t.material_lots.c.material_code,
            t.material_lots.c.quantity_received,
            t.material_lots.c.quantity_consumed,
        ).where(t.material_lots.c.code.in_(codes))
        rows = self.connection.execute(query.with_for_update() if lock else query)
        return [MaterialLot(*row) for row in rows]

    def lots_of_material(self, material_code: str) -> list[MaterialLot]:
        """The material's lots, oldest first."""
        query = (
            select(
                t.material_lots.c.code,
                t.material_lots.c.material_code,
                t.material_lots.c.quantity_received,
                t.material_lots.c.quantity_consumed,
            )
            .where(t.material_lots.c.material_code == material_code)
            .order_by(t.material_lots.c.received_on, t.material_lots.c.code)
        )
        return [MaterialLot(*row) for row in self.connection.execute(query)]

    def save_lots(self, lots: Sequence[MaterialLot]) -> None:
        if lots:
            self.connection.execute(
                update(t.material_lots)
                .where(t.material_lots.c.code == bindparam("c"))
                .values(quantity_consumed=bindparam("q")),
                [{"c": lot.code, "q": lot.quantity_consumed} for lot in lots],
            )


# The statements every floor command runs, built once: building a statement costs more
# than the database takes to run it.
_RACK = (
    select(t.racks, t.colourways.c.style_code)
    .join(t.colourways)
    .where(t.racks.c.code == bindparam("code"))
)
_RACK_FOR_UPDATE = _RACK.with_for_update(of=t.racks)
_PAIRS_OF_RACK = (
    select(t.pairs).where(t.pairs.c.rack_code == bindparam("rack")).order_by(t.pairs.c.serial)
)
_PAIRS_OF_RACK_FOR_UPDATE = _PAIRS_OF_RACK.with_for_update()
_SAVE_PAIR = (
    update(t.pairs)
    .where(t.pairs.c.id == bindparam("i"))
    .values(
        step=bindparam("s"),
        stage=bindparam("g"),
        status=bindparam("t"),
        metal_cleared=bindparam("m"),
    )
)


def _line(line: OrderLine) -> dict[str, Any]:
    return {"gtin": line.gtin, "quantity": line.quantity, "released": line.released}


def _pair_row(pair: Pair) -> dict[str, Any]:
    return {
        "id": pair.id,
        "gtin": pair.gtin,
        "serial": pair.serial,
        "rack_code": pair.rack_code,
        "step": pair.step,
        "stage": pair.stage.value,
        "status": pair.status.value,
        "metal_cleared": pair.metal_cleared,
    }


def _pair(row: RowMapping) -> Pair:
    return Pair(
        id=row["id"],
        gtin=row["gtin"],
        serial=row["serial"],
        rack_code=row["rack_code"],
        step=row["step"],
        stage=Stage(row["stage"]),
        status=PairStatus(row["status"]),
        metal_cleared=row["metal_cleared"],
    )
