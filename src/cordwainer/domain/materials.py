"""Materials and the lots they arrive in; a lot is never drawn beyond what was received."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from uuid import UUID

from cordwainer.domain.errors import InvalidValue, RuleBroken
from cordwainer.domain.floor import EventKind, FloorEvent, LotUse


@dataclass(frozen=True, slots=True)
class MaterialLot:
    code: str
    material_code: str
    quantity_received: float
    quantity_consumed: float = 0.0

    @property
    def quantity_on_hand(self) -> float:
        return self.quantity_received - self.quantity_consumed


def receive_lot(
    event_id: UUID, event_time: datetime, lot: MaterialLot, *, supplier_reference: str
) -> FloorEvent:
    if lot.quantity_received <= 0:
        raise InvalidValue(
            f"Lot {lot.code} must be received with a quantity above zero.",
            code="invalid_quantity",
        )
    return FloorEvent(
        id=event_id,
        kind=EventKind.LOT_RECEIVED,
        event_time=event_time,
        biz_step="receiving",
        disposition="in_progress",
        lots=(LotUse(lot.code, lot.quantity_received),),
        details={"material": lot.material_code, "supplier_reference": supplier_reference},
    )


def draw_lots(
    lots: Sequence[MaterialLot], uses: Sequence[LotUse], bill_of_materials: Collection[str]
) -> tuple[MaterialLot, ...]:
    """The lots after the uses are drawn from them; each use must fit the lot and the bill."""
    by_code = {lot.code: lot for lot in lots}
    drawn: dict[str, MaterialLot] = {}
    for use in uses:
        lot = drawn.get(use.lot_code, by_code[use.lot_code])
        if use.quantity <= 0:
            raise InvalidValue(
                f"The quantity drawn from lot {lot.code} must be above zero.",
                code="invalid_quantity",
            )
        if lot.material_code not in bill_of_materials:
            raise RuleBroken(
                f"Lot {lot.code} is {lot.material_code}, which is not in this colourway's "
                "bill of materials.",
                code="lot_not_in_bill_of_materials",
                lot=lot.code,
            )
        if use.quantity > lot.quantity_on_hand + 1e-9:
            raise RuleBroken(
                f"Lot {lot.code} has {lot.quantity_on_hand:g} left; {use.quantity:g} cannot "
                "be drawn from it.",
                code="lot_overdrawn",
                lot=lot.code,
                on_hand=lot.quantity_on_hand,
            )
        drawn[lot.code] = replace(lot, quantity_consumed=lot.quantity_consumed + use.quantity)
    return tuple(drawn.values())


@dataclass(frozen=True, slots=True)
class Supplier:
    code: str
    name: str
    kind: str
    country: str
    city: str
    certifications: tuple[str, ...]
    distance_km: int


@dataclass(frozen=True, slots=True)
class Material:
    code: str
    name: str
    kind: str
    supplier_code: str
    unit: str
    composition: str
    recyclable: str
