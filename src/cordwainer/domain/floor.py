"""The pair on the floor: where it is, and the events that move it.

A pair stands at one routing step at a time, in one stage of it. A craft step is
started, finished and then inspected (a trainee's work is first signed off by a
qualified hand); metal detection scans it; boxing packs it.
Every rule here is a function of the state it is given, the command and the time:
it returns the event to append and the pairs as they are afterwards, or raises.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from cordwainer.domain.catalogue import Operation, OperationKind, Routing
from cordwainer.domain.errors import NotPermitted, RuleBroken


class PairStatus(StrEnum):
    IN_PRODUCTION = "in_production"
    QUARANTINED = "quarantined"
    SCRAPPED = "scrapped"
    BOXED = "boxed"
    SHIPPED = "shipped"


class Stage(StrEnum):
    """Where a pair stands within its current step."""

    WAITING = "waiting"
    IN_WORK = "in_work"
    AWAITING_SIGN_OFF = "awaiting_sign_off"  # a trainee finished it; a qualified hand signs off
    AWAITING_INSPECTION = "awaiting_inspection"


class EventKind(StrEnum):
    LOT_RECEIVED = "lot_received"
    RACK_RELEASED = "rack_released"
    OPERATION_STARTED = "operation_started"
    OPERATION_FINISHED = "operation_finished"
    PAIRS_INSPECTED = "pairs_inspected"
    METAL_SCANNED = "metal_scanned"
    PAIRS_BOXED = "pairs_boxed"
    PAIRS_SHIPPED = "pairs_shipped"
    WORK_SIGNED_OFF = "work_signed_off"
    QUARANTINE_CLEARED = "quarantine_cleared"


class Result(StrEnum):
    """What an inspection or a metal scan found for one pair."""

    PASS = "pass"
    REWORK = "rework"
    SCRAP = "scrap"
    FAIL = "fail"


@dataclass(frozen=True, slots=True)
class Pair:
    id: UUID
    gtin: str
    serial: str
    rack_code: str
    step: int
    stage: Stage
    status: PairStatus
    metal_cleared: bool = False

    @property
    def is_active(self) -> bool:
        return self.status is PairStatus.IN_PRODUCTION


@dataclass(frozen=True, slots=True)
class Station:
    code: str
    workcentre_code: str
    operation_code: str


@dataclass(frozen=True, slots=True)
class Operator:
    id: UUID
    badge: str
    name: str
    skills: Mapping[str, int] = field(default_factory=dict)

    def level_in(self, operation_code: str) -> int:
        return self.skills.get(operation_code, 0)


TRAINEE, QUALIFIED, EXPERT = 1, 2, 3


@dataclass(frozen=True, slots=True)
class PairMark:
    """One pair named by an event, with what was found for it, if anything."""

    pair_id: UUID
    result: Result | None = None
    defect_code: str | None = None
    rework_to: str | None = None


@dataclass(frozen=True, slots=True)
class LotUse:
    lot_code: str
    quantity: float


@dataclass(frozen=True, slots=True)
class FloorEvent:
    """One floor action, with EPCIS's dimensions: what, when, where, why, who."""

    id: UUID
    kind: EventKind
    event_time: datetime
    biz_step: str
    disposition: str | None
    station_code: str | None = None
    operator_id: UUID | None = None
    rack_code: str | None = None
    operation_code: str | None = None
    pairs: tuple[PairMark, ...] = ()
    lots: tuple[LotUse, ...] = ()
    details: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Decision:
    """What a rule decided: the event to append and the pairs as they now stand."""

    event: FloorEvent
    pairs: tuple[Pair, ...]


@dataclass(frozen=True, slots=True)
class Work:
    """Who is doing what, where: the context every floor rule is judged in."""

    event_id: UUID
    event_time: datetime
    routing: Routing
    operation: Operation
    station: Station
    operator: Operator

    @property
    def step(self) -> int:
        return self.routing.step_of(self.operation.code)


def check_station(work: Work) -> None:
    if work.station.operation_code != work.operation.code:
        raise RuleBroken(
            f"Station {work.station.code} does {work.station.operation_code}, not "
            f"{work.operation.name.lower()}. Use a {work.operation.name.lower()} station.",
            code="wrong_station",
            station=work.station.code,
            operation=work.operation.code,
        )


def check_skill(work: Work, *, minimum: int = TRAINEE, also: str | None = None) -> None:
    level = max(work.operator.level_in(work.operation.code), work.operator.level_in(also or ""))
    if level < minimum:
        raise NotPermitted(
            f"{work.operator.name} ({work.operator.badge}) is not qualified for "
            f"{work.operation.name.lower()}. Ask a qualified colleague or the supervisor.",
            code="operator_not_qualified",
            badge=work.operator.badge,
            operation=work.operation.code,
        )


@dataclass(frozen=True, slots=True)
class Batch:
    """The pairs one action names: a whole rack, or pairs one by one."""

    pairs: tuple[Pair, ...]
    whole_rack: bool
    label: str  # how a person names them: "Rack R000042", "Pair 000000123"
    rack_code: str | None


def select_pairs(batch: Batch, work: Work, stage: Stage) -> tuple[Pair, ...]:
    """The pairs this action applies to, or the reason none can be touched.

    For a whole rack, the pairs at this step and stage are chosen and the others (gone
    ahead, sent back for rework, scrapped) are left alone. Pairs named one by one must
    each stand at this step and stage.
    """
    pairs = batch.pairs
    active = [pair for pair in pairs if pair.is_active]
    chosen = tuple(p for p in active if p.step == work.step and p.stage is stage)
    if chosen and (batch.whole_rack or len(chosen) == len(pairs)):
        return chosen
    stray = [p for p in pairs if p not in chosen]
    raise _explain(stray or list(pairs), work, stage, batch.label)


def _explain(pairs: Sequence[Pair], work: Work, stage: Stage, label: str) -> RuleBroken:
    inactive = [p for p in pairs if not p.is_active]
    if len(inactive) == len(pairs):
        status = inactive[0].status.value.replace("_", " ")
        return RuleBroken(
            f"{label} is {status}; it takes no more work.",
            code="pair_not_in_production",
            status=inactive[0].status.value,
        )
    # A pair at this step tells why the rack stands still here; otherwise the laggard.
    active = (p for p in pairs if p.is_active)
    pair = min(active, key=lambda p: (p.step != work.step, p.step))
    at = work.routing.at(pair.step).name.lower()
    doing = work.operation.name.lower()
    if pair.step < work.step:
        return RuleBroken(
            f"{label} is at {at}; {doing} cannot begin before {at} is done.",
            code="step_skipped",
            at=work.routing.at(pair.step).code,
            operation=work.operation.code,
        )
    if pair.step > work.step:
        return RuleBroken(
            f"{label} is at {at}; {doing} is done. Scan the next rack.",
            code="step_already_done",
            at=work.routing.at(pair.step).code,
            operation=work.operation.code,
        )
    return _wrong_stage(pair.stage, stage, label, doing)


def _wrong_stage(actual: Stage, wanted: Stage, label: str, doing: str) -> RuleBroken:
    details = {"stage": actual.value, "wanted": wanted.value}
    if actual is Stage.WAITING:
        return RuleBroken(
            f"{label} has not been started at {doing}.", code="not_started", **details
        )
    if actual is Stage.IN_WORK:
        return RuleBroken(
            f"{label} is still being worked at {doing}; finish it first.",
            code="still_in_work",
            **details,
        )
    if actual is Stage.AWAITING_SIGN_OFF:
        return RuleBroken(
            f"{label} was finished at {doing} by a trainee and waits for a qualified "
            f"colleague's sign-off.",
            code="sign_off_required",
            **details,
        )
    return RuleBroken(
        f"{label} is finished at {doing} and waits for its inspection.",
        code="awaiting_inspection",
        **details,
    )


def advance(pair: Pair, routing: Routing) -> Pair:
    """The pair moved on to the next step, waiting there."""
    if pair.step == routing.last_step:
        return replace(pair, stage=Stage.WAITING)
    return replace(pair, step=pair.step + 1, stage=Stage.WAITING)


def check_kind(work: Work, kind: OperationKind) -> None:
    if work.operation.kind is not kind:
        raise RuleBroken(
            f"{work.operation.name} is not recorded this way; it is a {work.operation.kind} step.",
            code="wrong_kind_of_step",
            operation=work.operation.code,
            kind=work.operation.kind.value,
        )
