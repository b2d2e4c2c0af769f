"""Production orders and their release to the floor as racks of serialised pairs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from cordwainer.domain.errors import InvalidValue, RuleBroken
from cordwainer.domain.floor import EventKind, FloorEvent, Pair, PairMark, PairStatus, Stage

RACK_CAPACITY = 12


class Priority(StrEnum):
    """How much the planner cares that an order is on time, most first."""

    RUSH = "rush"
    HIGH = "high"
    NORMAL = "normal"
    LOW = "low"


class CustomerType(StrEnum):
    """Who the pairs are for; a launch or a collaboration has a date that cannot move."""

    WHOLESALE = "wholesale"
    DIRECT = "direct"
    COLLABORATION = "collaboration"
    LAUNCH = "launch"
    FACTORY_SHOP = "factory_shop"


PRIORITY_WEIGHT = {Priority.RUSH: 8, Priority.HIGH: 4, Priority.NORMAL: 2, Priority.LOW: 1}
CUSTOMER_WEIGHT = {
    CustomerType.LAUNCH: 3,
    CustomerType.COLLABORATION: 3,
    CustomerType.WHOLESALE: 2,
    CustomerType.DIRECT: 2,
    CustomerType.FACTORY_SHOP: 1,
}


def parse_priority(text: str) -> Priority:
    try:
        return Priority(text.strip().lower())
    except ValueError:
        raise InvalidValue(
            f"Priority '{text}' is not one of {', '.join(p.value for p in Priority)}.",
            code="invalid_priority",
            priority=text,
        ) from None


def parse_customer_type(text: str) -> CustomerType:
    try:
        return CustomerType(text.strip().lower().replace(" ", "_").replace("-", "_"))
    except ValueError:
        raise InvalidValue(
            f"Customer type '{text}' is not one of {', '.join(c.value for c in CustomerType)}.",
            code="invalid_customer_type",
            customer_type=text,
        ) from None


@dataclass(frozen=True, slots=True)
class OrderLine:
    gtin: str
    quantity: int
    released: int = 0

    @property
    def remaining(self) -> int:
        return self.quantity - self.released


@dataclass(frozen=True, slots=True)
class ProductionOrder:
    code: str
    colourway_code: str
    due_on: date
    customer: str
    lines: tuple[OrderLine, ...]
    priority: Priority = Priority.NORMAL
    customer_type: CustomerType = CustomerType.WHOLESALE
    reference: str | None = None  # the customer's own reference, e.g. their purchase order

    @property
    def remaining(self) -> int:
        return sum(line.remaining for line in self.lines)

    @property
    def pairs(self) -> int:
        return sum(line.quantity for line in self.lines)

    @property
    def lateness_weight(self) -> int:
        """How much a day late costs, relative to other orders: priority times customer type."""
        return PRIORITY_WEIGHT[self.priority] * CUSTOMER_WEIGHT[self.customer_type]


def check_order_lines(lines: Sequence[OrderLine], colourway_gtins: set[str]) -> None:
    if not lines:
        raise InvalidValue("A production order needs at least one line.", code="order_empty")
    for line in lines:
        if line.quantity < 1:
            raise InvalidValue(
                f"Line {line.gtin} asks for {line.quantity} pairs; at least one is needed.",
                code="invalid_quantity",
            )
        if line.gtin not in colourway_gtins:
            raise InvalidValue(
                f"GTIN {line.gtin} is not a variant of this order's colourway.",
                code="variant_not_in_colourway",
                gtin=line.gtin,
            )
    if len({line.gtin for line in lines}) != len(lines):
        raise InvalidValue("Each variant appears once in an order.", code="duplicate_order_line")


def next_rack(order: ProductionOrder) -> tuple[ProductionOrder, tuple[str, ...]]:
    """The order after its next rack is released, and the GTIN of each pair on that rack."""
    if order.remaining == 0:
        raise RuleBroken(
            f"Order {order.code} is fully released; it has no pairs left for a rack.",
            code="order_fully_released",
            order=order.code,
        )
    gtins: list[str] = []
    lines = []
    for line in order.lines:
        take = min(line.remaining, RACK_CAPACITY - len(gtins))
        gtins.extend([line.gtin] * take)
        lines.append(replace(line, released=line.released + take))
    return replace(order, lines=tuple(lines)), tuple(gtins)


def release_rack(
    event_id: UUID,
    event_time: datetime,
    rack_code: str,
    pair_ids: Sequence[UUID],
    gtins: Sequence[str],
    serials: Sequence[str],
) -> tuple[FloorEvent, tuple[Pair, ...]]:
    """Commission the rack's pairs: each gets its serial and stands waiting at the first step."""
    pairs = tuple(
        Pair(pid, gtin, serial, rack_code, 0, Stage.WAITING, PairStatus.IN_PRODUCTION)
        for pid, gtin, serial in zip(pair_ids, gtins, serials, strict=True)
    )
    event = FloorEvent(
        id=event_id,
        kind=EventKind.RACK_RELEASED,
        event_time=event_time,
        biz_step="commissioning",
        disposition="active",
        rack_code=rack_code,
        pairs=tuple(PairMark(pair.id) for pair in pairs),
    )
    return event, pairs
