"""Boxing and shipping: the last doors a pair passes before it leaves the factory."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from uuid import UUID

from cordwainer.domain.catalogue import OperationKind
from cordwainer.domain.errors import InvalidValue, RuleBroken
from cordwainer.domain.floor import (
    Batch,
    Decision,
    EventKind,
    FloorEvent,
    Pair,
    PairMark,
    PairStatus,
    Stage,
    Work,
    check_kind,
    check_skill,
    check_station,
    select_pairs,
)


def box_pairs(work: Work, batch: Batch) -> Decision:
    """Pack each pair in its labelled box; only after a passed metal scan."""
    check_kind(work, OperationKind.BOXING)
    check_station(work)
    check_skill(work)
    ready = [p for p in batch.pairs if p.is_active and p.step == work.step] or [
        p for p in batch.pairs if p.is_active
    ]
    uncleared = [pair.serial for pair in ready if not pair.metal_cleared]
    if uncleared:
        raise RuleBroken(
            f"Pair {uncleared[0]} has no passed metal scan since its last step with tacks or "
            "needles; it cannot be boxed. Send it through the metal detector.",
            code="metal_scan_missing",
            serials=uncleared,
        )
    chosen = select_pairs(batch, work, Stage.WAITING)
    event = FloorEvent(
        id=work.event_id,
        kind=EventKind.PAIRS_BOXED,
        event_time=work.event_time,
        biz_step="packing",
        disposition="container_closed",
        station_code=work.station.code,
        operator_id=work.operator.id,
        rack_code=batch.rack_code,
        operation_code=work.operation.code,
        pairs=tuple(PairMark(pair.id) for pair in chosen),
    )
    return Decision(event, tuple(replace(pair, status=PairStatus.BOXED) for pair in chosen))


def ship_pairs(
    event_id: UUID,
    event_time: datetime,
    pairs: Sequence[Pair],
    *,
    shipment: str,
    customer: str,
    operator_id: UUID,
) -> Decision:
    """Send boxed pairs to a customer under one shipment reference."""
    if not shipment.strip() or not customer.strip():
        raise InvalidValue(
            "A shipment needs its reference and its customer.", code="shipment_incomplete"
        )
    if not pairs:
        raise InvalidValue("A shipment needs at least one pair.", code="shipment_empty")
    unboxed = [pair.serial for pair in pairs if pair.status is not PairStatus.BOXED]
    if unboxed:
        raise RuleBroken(
            f"Pair {unboxed[0]} is not boxed and cannot be shipped.",
            code="pair_not_boxed",
            serials=unboxed,
        )
    event = FloorEvent(
        id=event_id,
        kind=EventKind.PAIRS_SHIPPED,
        event_time=event_time,
        biz_step="shipping",
        disposition="in_transit",
        operator_id=operator_id,
        pairs=tuple(PairMark(pair.id) for pair in pairs),
        details={"shipment": shipment.strip(), "customer": customer.strip()},
    )
    return Decision(event, tuple(replace(pair, status=PairStatus.SHIPPED) for pair in pairs))
