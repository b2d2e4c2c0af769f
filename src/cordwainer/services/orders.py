"""Production orders, and their release to the floor one rack at a time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from cordwainer.domain.errors import Conflict, NotFound
from cordwainer.domain.identifiers import Gtin
from cordwainer.domain.orders import (
    RACK_CAPACITY,
    CustomerType,
    OrderLine,
    Priority,
    ProductionOrder,
    check_order_lines,
    next_rack,
    parse_customer_type,
    parse_priority,
    release_rack,
)
from cordwainer.services.recording import Decided, Receipt, as_utc, new_id, record, utcnow
from cordwainer.storage.database import Database, UnitOfWork
from cordwainer.storage.order_book import OrderBook


@dataclass(frozen=True, slots=True)
class NewOrder:
    colourway: str
    due_on: date
    customer: str
    lines: tuple[tuple[str, int], ...]  # (GTIN, pairs)
    ordered_at: datetime | None = None  # when the order came in; now if left out
    priority: str = Priority.NORMAL.value  # rush, high, normal, low
    customer_type: str = CustomerType.WHOLESALE.value  # wholesale, direct, collaboration, ...
    reference: str | None = None  # the customer's own, e.g. their purchase order number


def create_order(db: Database, new: NewOrder) -> ProductionOrder:
    with db.unit_of_work() as uow:
        order = add_order(uow, new)
        uow.commit()
    return order


def add_order(uow: UnitOfWork, new: NewOrder) -> ProductionOrder:
    """The order checked and added inside ``uow``, which the caller commits."""
    lines = tuple(OrderLine(Gtin.parse(gtin).value, quantity) for gtin, quantity in new.lines)
    priority, customer_type = parse_priority(new.priority), parse_customer_type(new.customer_type)
    reference = (new.reference or "").strip() or None
    if uow.catalogue.colourway(new.colourway) is None:
        raise NotFound(f"There is no colourway {new.colourway}.", code="colourway_not_found")
    check_order_lines(lines, {v.gtin for v in uow.catalogue.variants(new.colourway)})
    if reference is not None:
        taken = OrderBook(uow.connection).order_with_reference(new.customer, reference)
        if taken is not None:
            raise Conflict(
                f"{new.customer}'s reference {reference} is already order {taken}.",
                code="order_reference_taken",
                order=taken,
            )
    number = uow.catalogue.take_numbers("order")
    order = ProductionOrder(
        f"PO-{number:05d}",
        new.colourway,
        new.due_on,
        new.customer,
        lines,
        priority,
        customer_type,
        reference,
    )
    uow.floor.add_order(order, as_utc(new.ordered_at) or utcnow())
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
