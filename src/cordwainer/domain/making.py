"""Craft steps: a rack (or a pair on its own) is started and finished at a bench."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from cordwainer.domain.catalogue import OperationKind
from cordwainer.domain.errors import RuleBroken
from cordwainer.domain.floor import (
    Batch,
    Decision,
    EventKind,
    FloorEvent,
    LotUse,
    Pair,
    PairMark,
    Stage,
    Work,
    check_kind,
    check_skill,
    check_station,
    select_pairs,
)

IN_PROGRESS = "in_progress"


def start_operation(work: Work, batch: Batch) -> Decision:
    check_kind(work, OperationKind.CRAFT)
    check_station(work)
    check_skill(work)
    chosen = select_pairs(batch, work, Stage.WAITING)
    return _decide(work, EventKind.OPERATION_STARTED, chosen, Stage.IN_WORK, batch.rack_code, ())


def finish_operation(
    work: Work,
    batch: Batch,
    *,
    lots: Sequence[LotUse] = (),
) -> Decision:
    """Finish a craft step; clicking names the material lots it was cut from."""
    check_kind(work, OperationKind.CRAFT)
    check_station(work)
    check_skill(work)
    chosen = select_pairs(batch, work, Stage.IN_WORK)
    if work.operation.consumes_materials and not lots:
        raise RuleBroken(
            f"{work.operation.name} must record the material lots the panels were cut from.",
            code="lots_required",
            operation=work.operation.code,
        )
    if lots and not work.operation.consumes_materials:
        raise RuleBroken(
            f"{work.operation.name} consumes no material lots.",
            code="lots_not_consumed_here",
            operation=work.operation.code,
        )
    return _decide(
        work, EventKind.OPERATION_FINISHED, chosen, Stage.AWAITING_INSPECTION, batch.rack_code, lots
    )


def _decide(
    work: Work,
    kind: EventKind,
    chosen: tuple[Pair, ...],
    stage: Stage,
    rack_code: str | None,
    lots: Sequence[LotUse],
) -> Decision:
    moved = tuple(_moved(pair, work, stage) for pair in chosen)
    event = FloorEvent(
        id=work.event_id,
        kind=kind,
        event_time=work.event_time,
        biz_step=work.operation.code,
        disposition=IN_PROGRESS,
        station_code=work.station.code,
        operator_id=work.operator.id,
        rack_code=rack_code,
        operation_code=work.operation.code,
        pairs=tuple(PairMark(pair.id) for pair in chosen),
        lots=tuple(lots),
    )
    return Decision(event, moved)


def _moved(pair: Pair, work: Work, stage: Stage) -> Pair:
    finished_with_metal = (
        stage is Stage.AWAITING_INSPECTION and work.operation.uses_tacks_or_needles
    )
    return replace(pair, stage=stage, metal_cleared=pair.metal_cleared and not finished_with_metal)
