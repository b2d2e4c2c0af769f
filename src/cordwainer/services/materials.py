"""Material lots arriving from suppliers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from cordwainer.domain.errors import Conflict, NotFound, RuleBroken
from cordwainer.domain.materials import MaterialLot, receive_lot
from cordwainer.services.recording import Decided, Receipt, record
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
    def decide(uow: UnitOfWork, at: datetime) -> Decided:
        if uow.catalogue.material(command.material) is None:
            raise NotFound(f"There is no material {command.material}.", code="material_not_found")
        if uow.floor.lots([command.lot]):
            raise Conflict(f"Lot {command.lot} was already received.", code="lot_exists")
        lot = MaterialLot(command.lot, command.material, command.quantity)
        event = receive_lot(
            command.event_id, at, lot, supplier_reference=command.supplier_reference
        )
        uow.floor.add_lot(lot, command.received_on, command.supplier_reference)
        return Decided(event)

    return record(db, command, decide)


CUT_UNIT = "dm2"


def cutting_plan(db: Database, colourway: str, pairs: int) -> list[tuple[str, float]]:
    """What the clicker draws for a rack: for each material cut by area in the bill, the
    quantity from its oldest lot that still holds enough."""
    plan = []
    with db.looking() as uow:
        for line in uow.catalogue.bill_of_materials(colourway):
            material = uow.catalogue.material(line.material_code)
            if material is None or material.unit != CUT_UNIT:
                continue
            needed = round(line.quantity * pairs, 3)
            lots = uow.floor.lots_of_material(line.material_code)
            lot = next((lot for lot in lots if lot.quantity_on_hand >= needed), None)
            if lot is None:
                raise RuleBroken(
                    f"No lot of {material.name} holds the {needed:g} {CUT_UNIT} this rack needs.",
                    code="material_short",
                    material=material.code,
                )
            plan.append((lot.code, needed))
    return plan
