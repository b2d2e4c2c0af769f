"""Material lots arriving from suppliers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from cordwainer.domain.errors import Conflict, NotFound
from cordwainer.domain.floor import FloorEvent
from cordwainer.domain.materials import MaterialLot, receive_lot
from cordwainer.services.recording import Receipt, record
from cordwainer.storage.database import Database, UnitOfWork


@dataclass(frozen=True, slots=True)
class ReceiveLot:
    event_id: UUID
    lot: str
    material: str
    quantity: float
    received_on: date
    supplier_reference: str
    event_time: datetime | None = None


def receive_material_lot(db: Database, command: ReceiveLot) -> Receipt:
    def decide(uow: UnitOfWork, at: datetime) -> FloorEvent:
        if uow.catalogue.material(command.material) is None:
            raise NotFound(f"There is no material {command.material}.", code="material_not_found")
        if uow.floor.lots([command.lot]):
            raise Conflict(f"Lot {command.lot} was already received.", code="lot_exists")
        lot = MaterialLot(command.lot, command.material, command.quantity)
        event = receive_lot(
            command.event_id, at, lot, supplier_reference=command.supplier_reference
        )
        uow.floor.add_lot(lot, command.received_on, command.supplier_reference)
        return event

    return record(db, command, decide)
