"""Craft steps: a rack (or a pair on its own) is started and finished at a bench.

A trainee (level 1) may start and finish a step, but their work waits for a qualified
colleague (level 2 or more in that operation) to sign it off before it is inspected.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from cordwainer.domain.catalogue import OperationKind
from cordwainer.domain.errors import RuleBroken
from cordwainer.domain.floor import (
    QUALIFIED,
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
SIGN_OFF, REQUIRED = "sign_off", "required"  # in a trainee's finish event's details


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
    stage = Stage.AWAITING_SIGN_OFF if needs_sign_off(work) else Stage.AWAITING_INSPECTION
    details = {SIGN_OFF: REQUIRED} if stage is Stage.AWAITING_SIGN_OFF else {}
    return _decide(
        work,
        EventKind.OPERATION_FINISHED,
        chosen,
        stage,
        batch.rack_code,
        lots,
        details=details,
    )


def needs_sign_off(work: Work) -> bool:
    """Whether the work of this operator at this step waits for a qualified sign-off."""
    return work.operator.level_in(work.operation.code) < QUALIFIED


def sign_off(work: Work, batch: Batch) -> Decision:
    """A qualified hand signs off a trainee's finished work: it may now be inspected."""
    check_kind(work, OperationKind.CRAFT)
    check_station(work)
    check_skill(work, minimum=QUALIFIED)
    chosen = select_pairs(batch, work, Stage.AWAITING_SIGN_OFF)
    return _decide(
        work, EventKind.WORK_SIGNED_OFF, chosen, Stage.AWAITING_INSPECTION, batch.rack_code, ()
    )


def _decide(
    work: Work,
    kind: EventKind,
    chosen: tuple[Pair, ...],
    stage: Stage,
    rack_code: str | None,
    lots: Sequence[LotUse],
    *,
    details: Mapping[str, str] | None = None,
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
        details=dict(details or {}),
    )
    return Decision(event, moved)


def _moved(pair: Pair, work: Work, stage: Stage) -> Pair:
    finished_with_metal = (
        stage in (Stage.AWAITING_SIGN_OFF, Stage.AWAITING_INSPECTION)
        and work.operation.uses_tacks_or_needles
    )
    return replace(pair, stage=stage, metal_cleared=pair.metal_cleared and not finished_with_metal)
