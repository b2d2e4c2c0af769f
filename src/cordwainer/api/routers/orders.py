"""Production orders and the racks they are released as."""

from __future__ import annotations

from fastapi import APIRouter, status

from cordwainer.api import schemas
from cordwainer.api.deps import Db
from cordwainer.domain.orders import ProductionOrder
from cordwainer.services import orders, racks
from cordwainer.services.racks import RackView
from cordwainer.services.recording import Receipt

router = APIRouter(prefix="/api", tags=["orders"])


@router.post(
    "/orders",
    operation_id="create_order",
    status_code=status.HTTP_201_CREATED,
    response_model=ProductionOrder,
)
def create_order(body: schemas.NewOrder, db: Db) -> ProductionOrder:
    """A production order: pairs of one colourway, by size and width, due on a date, with
    the priority and customer type the planner weighs lateness by."""
    new = orders.NewOrder(
        body.colourway,
        body.due_on,
        body.customer,
        tuple((line.gtin, line.quantity) for line in body.lines),
        priority=body.priority,
        customer_type=body.customer_type,
        reference=body.reference,
    )
    return orders.create_order(db, new)


@router.get("/orders/{code}", operation_id="get_order", response_model=ProductionOrder)
def get_order(code: str, db: Db) -> ProductionOrder:
    return orders.order_of(db, code)


@router.post(
    "/orders/{code}/racks",
    operation_id="release_rack",
    status_code=status.HTTP_201_CREATED,
    response_model=Receipt,
)
def release_rack(code: str, body: schemas.ReleaseRack, db: Db) -> Receipt:
    """Release the order's next rack: up to twelve pairs, each with its serial."""
    return orders.release_rack_of(db, orders.ReleaseRack(body.event_id, code, body.event_time))


@router.get("/racks/{code}", operation_id="get_rack", response_model=RackView)
def get_rack(code: str, db: Db) -> RackView:
    """Where a rack's pairs stand in their routing."""
    return racks.rack_view(db, code)
