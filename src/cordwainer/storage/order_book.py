"""The order book as the planner reads it: orders still to make, and the racks on the floor.

Plain reads, one query each; the floor's own writes stay in ``floor_store``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, and_, func, select

from cordwainer.domain.materials import MaterialLot
from cordwainer.domain.orders import CustomerType, OrderLine, Priority, ProductionOrder
from cordwainer.storage import tables as t

ACTIVE = ("in_production", "quarantined")


@dataclass(frozen=True, slots=True)
class OrderStanding:
    """An order with how far it has gone: pairs released, still on the floor, boxed or out."""

    order: ProductionOrder
    style_code: str
    colourway_name: str
    created_at: datetime
    on_floor: int
    done: int  # boxed or shipped
    scrapped: int

    @property
    def is_open(self) -> bool:
        return self.order.remaining > 0 or self.on_floor > 0


@dataclass(frozen=True, slots=True)
class RackOnFloor:
    """A released rack with pairs still to make: the earliest step any of them is at."""

    code: str
    order_code: str
    style_code: str
    released_at: datetime
    pairs: int
    step: int
    in_work: bool  # a pair at that step is being worked now


@dataclass(frozen=True, slots=True)
class StepStarted:
    rack_code: str
    operation_code: str
    station_code: str
    badge: str
    started_at: datetime


class OrderBook:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def order_with_reference(self, customer: str, reference: str) -> str | None:
        query = select(t.production_orders.c.code).where(
            t.production_orders.c.customer == customer,
            t.production_orders.c.reference == reference,
        )
        return self.connection.execute(query).scalar()

    def orders(self, *, open_only: bool = True) -> list[OrderStanding]:
        """Orders by due date, each with its lines and how far its pairs have gone."""
        po, lines = t.production_orders, t.order_lines
        rows = self.connection.execute(
            select(po, t.colourways.c.style_code, t.colourways.c.name.label("colourway_name"))
            .join(t.colourways)
            .order_by(po.c.due_on, po.c.code)
        ).mappings()
        heads = list(rows)
        by_order: dict[str, list[OrderLine]] = defaultdict(list)
        for code, gtin, quantity, released in self.connection.execute(
            select(lines.c.order_code, lines.c.gtin, lines.c.quantity, lines.c.released).order_by(
                lines.c.order_code, lines.c.position
            )
        ):
            by_order[code].append(OrderLine(gtin, quantity, released))
        counts = self._pair_counts()
        standings = []
        for row in heads:
            order = ProductionOrder(
                row["code"],
                row["colourway_code"],
                row["due_on"],
                row["customer"],
                tuple(by_order[row["code"]]),
                Priority(row["priority"]),
                CustomerType(row["customer_type"]),
                row["reference"],
            )
            status = counts.get(row["code"], {})
            standing = OrderStanding(
                order,
                row["style_code"],
                row["colourway_name"],
                row["created_at"],
                sum(status.get(s, 0) for s in ACTIVE),
                status.get("boxed", 0) + status.get("shipped", 0),
                status.get("scrapped", 0),
            )
            if standing.is_open or not open_only:
                standings.append(standing)
        return standings

    def _pair_counts(self) -> dict[str, dict[str, int]]:
        query = (
            select(t.racks.c.order_code, t.pairs.c.status, func.count())
            .join(t.pairs, t.pairs.c.rack_code == t.racks.c.code)
            .group_by(t.racks.c.order_code, t.pairs.c.status)
        )
        counts: dict[str, dict[str, int]] = defaultdict(dict)
        for order, status, count in self.connection.execute(query):
            counts[order][status] = count
        return counts

    def racks_on_floor(self) -> list[RackOnFloor]:
        """Racks with pairs in production, in the order they were released."""
        p = t.pairs
        rows = self.connection.execute(
            select(
                t.racks.c.code,
                t.racks.c.order_code,
                t.colourways.c.style_code,
                t.racks.c.released_at,
                p.c.step,
                p.c.stage,
            )
            .join(t.colourways, t.colourways.c.code == t.racks.c.colourway_code)
            .join(p, p.c.rack_code == t.racks.c.code)
            .where(p.c.status == "in_production")
            .order_by(t.racks.c.released_at, t.racks.c.code)
        )
        found: dict[str, list[tuple[int, str]]] = defaultdict(list)
        heads: dict[str, tuple[str, str, datetime]] = {}
        for code, order, style, released_at, step, stage in rows:
            heads[code] = (order, style, released_at)
            found[code].append((step, stage))
        racks = []
        for code, (order, style, released_at) in heads.items():
            pairs = found[code]
            step = min(s for s, _ in pairs)
            stages = {stage for s, stage in pairs if s == step}
            if stages <= {"awaiting_inspection", "awaiting_sign_off"}:
                step += 1  # the work is done; only the check is left
            racks.append(
                RackOnFloor(code, order, style, released_at, len(pairs), step, "in_work" in stages)
            )
        return racks

    def rack_numbers(self) -> dict[str, int]:
        """Each released rack's number in its order: 1 for the first released, and so on."""
        rows = self.connection.execute(
            select(t.racks.c.code, t.racks.c.order_code).order_by(
                t.racks.c.order_code, t.racks.c.released_at, t.racks.c.code
            )
        )
        numbers: dict[str, int] = {}
        seen: dict[str, int] = defaultdict(int)
        for code, order in rows:
            seen[order] += 1
            numbers[code] = seen[order]
        return numbers

    def steps_started(self, rack_codes: list[str]) -> list[StepStarted]:
        """The latest start of each rack's step, with the bench and the person."""
        e = t.events
        latest = (
            select(e.c.rack_code, e.c.operation_code, func.max(e.c.event_time).label("at"))
            .where(e.c.kind == "operation_started", e.c.rack_code.in_(rack_codes))
            .group_by(e.c.rack_code, e.c.operation_code)
            .subquery()
        )
        query = (
            select(
                e.c.rack_code,
                e.c.operation_code,
                e.c.station_code,
                t.operators.c.badge,
                e.c.event_time,
            )
            .join(
                latest,
                and_(
                    latest.c.rack_code == e.c.rack_code,
                    latest.c.operation_code == e.c.operation_code,
                    latest.c.at == e.c.event_time,
                ),
            )
            .join(t.operators, t.operators.c.id == e.c.operator_id)
            .where(e.c.kind == "operation_started")
        )
        return [StepStarted(*row) for row in self.connection.execute(query)]

    def lots(self) -> list[tuple[MaterialLot, date]]:
        """Every lot with something left in it, and the day it was (or will be) received."""
        lots = t.material_lots
        rows = self.connection.execute(
            select(
                lots.c.code,
                lots.c.material_code,
                lots.c.quantity_received,
                lots.c.quantity_consumed,
                lots.c.received_on,
            )
            .where(lots.c.quantity_received - lots.c.quantity_consumed > 1e-9)
            .order_by(lots.c.received_on, lots.c.code)
        )
        return [
            (MaterialLot(code, material, got, used), on) for code, material, got, used, on in rows
        ]
