"""Production orders, and their release to the floor one rack at a time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from cordwainer.domain.errors import NotFound
from cordwainer.domain.identifiers import Gtin
from cordwainer.domain.orders import (
    RACK_CAPACITY,
    OrderLine,
    ProductionOrder,
    check_order_lines,
    next_rack,
    release_rack,
)
from cordwainer.services.recording import Decided, Receipt, new_id, record, utcnow
from cordwainer.storage.database import Database, UnitOfWork


@dataclass(frozen=True, slots=True)
class NewOrder:
    colourway: str
    due_on: date
    customer: str
    lines: tuple[tuple[str, int], ...]  # (GTIN, pairs)


def create_order(db: Database, new: NewOrder) -> ProductionOrder:
    lines = tuple(OrderLine(Gtin.parse(gtin).value, quantity) for gtin, quantity in new.lines)
    with db.unit_of_work() as uow:
        if uow.catalogue.colourway(new.colourway) is None:
            raise NotFound(f"There is no colourway {new.colourway}.", code="colourway_not_found")
        check_order_lines(lines, {v.gtin for v in uow.catalogue.variants(new.colourway)})
        number = uow.catalogue.take_numbers("order")
        order = ProductionOrder(f"PO-{number:05d}", new.colourway, new.due_on, new.customer, lines)
        uow.floor.add_order(order, utcnow())
        uow.commit()
    return order


@dataclass(frozen=True, slots=True)
class ReleaseRack:
    event_id: UUID
    order: str
    event_time: datetime | None = None


def release_rack_of(db: Database, command: ReleaseRack) -> Receipt:
    """Release the order's next rack: up to twelve pairs, each commissioned with a serial."""

    def decide(uow: UnitOfWork, at: datetime) -> Decided:
        order = uow.floor.order(command.order, lock=True)
        if order is None:
            raise NotFound(f"There is no order {command.order}.", code="order_not_found")
        order, gtins = next_rack(order)
        rack_code = f"R{uow.catalogue.take_numbers('rack'):06d}"
        first = uow.catalogue.take_numbers("serial", len(gtins))
        serials = [f"{first + i:09d}" for i in range(len(gtins))]
        event, pairs = release_rack(
            command.event_id, at, rack_code, [new_id() for _ in gtins], gtins, serials
        )
        uow.floor.save_order_lines(order)
        uow.floor.add_rack(rack_code, order.code, order.colourway_code, at)
        uow.floor.add_pairs(pairs)
        return Decided(event, pairs)

    return record(db, command, decide)


def release_whole_order(db: Database, order: str, at: datetime | None = None) -> list[Receipt]:
    """Every remaining rack of an order, each released with an event id of its own."""
    racks = -(-order_of(db, order).remaining // RACK_CAPACITY)
    return [release_rack_of(db, ReleaseRack(new_id(), order, at)) for _ in range(racks)]


def order_of(db: Database, code: str) -> ProductionOrder:
    with db.looking() as uow:
        found = uow.floor.order(code)
    if found is None:
        raise NotFound(f"There is no order {code}.", code="order_not_found")
    return found
