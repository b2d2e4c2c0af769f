"""The human eye after every step, and the metal detector before the box."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from uuid import UUID

from cordwainer.domain.catalogue import OperationKind
from cordwainer.domain.errors import InvalidValue, NotFound
from cordwainer.domain.floor import (
    QUALIFIED,
    Batch,
    Decision,
    EventKind,
    FloorEvent,
    Pair,
    PairMark,
    PairStatus,
    Result,
    Stage,
    Work,
    advance,
    check_kind,
    check_skill,
    check_station,
    select_pairs,
)

INSPECTOR_SKILL = "final_inspection"


class Severity(StrEnum):
    MINOR = "minor"
    MAJOR = "major"
    CRITICAL = "critical"


@dataclass(frozen=True, slots=True)
class DefectCode:
    code: str
    operation_code: str
    description: str
    severity: Severity


@dataclass(frozen=True, slots=True)
class Finding:
    """An exception found at inspection: the pair goes back, or out."""

    result: Result
    defect_code: str | None = None
    rework_to: str | None = None


def inspect_pairs(
    work: Work,
    batch: Batch,
    *,
    findings: Mapping[UUID, Finding],
    defects: Mapping[str, DefectCode],
) -> Decision:
    """Inspect the pairs finished at this step: those without a finding pass."""
    check_kind(work, OperationKind.CRAFT)
    check_station(work)
    check_skill(work, minimum=QUALIFIED, also=INSPECTOR_SKILL)
    chosen = select_pairs(batch, work, Stage.AWAITING_INSPECTION)
    unknown = set(findings) - {pair.id for pair in chosen}
    if unknown:
        raise InvalidValue(
            f"{len(unknown)} pair(s) with a finding are not awaiting this inspection.",
            code="finding_for_other_pair",
        )
    for finding in findings.values():
        _check_finding(finding, work, defects)
    marks, moved = [], []
    for pair in chosen:
        finding = findings.get(pair.id, Finding(Result.PASS))
        marks.append(PairMark(pair.id, finding.result, finding.defect_code, finding.rework_to))
        moved.append(_after_inspection(pair, finding, work))
    return Decision(
        _event(work, EventKind.PAIRS_INSPECTED, "inspecting", marks, batch.rack_code), tuple(moved)
    )


def _check_finding(finding: Finding, work: Work, defects: Mapping[str, DefectCode]) -> None:
    if finding.result is Result.FAIL:
        raise InvalidValue(
            "An inspection passes, reworks or scraps a pair; 'fail' is for the metal detector.",
            code="invalid_result",
        )
    if finding.result is Result.PASS:
        return
    _check_defect(finding.defect_code, defects)
    if finding.result is Result.REWORK:
        target = finding.rework_to or work.operation.code
        step = work.routing.step_of(target)
        if step > work.step or work.routing.at(step).kind is not OperationKind.CRAFT:
            raise InvalidValue(
                f"A pair can be reworked only at {work.operation.name.lower()} or a craft "
                f"step before it, not at '{target}'.",
                code="invalid_rework_step",
                rework_to=target,
            )


def _check_defect(code: str | None, defects: Mapping[str, DefectCode]) -> None:
    if code is None:
        raise InvalidValue(
            "A pair sent back or scrapped needs a defect code.", code="defect_code_required"
        )
    if code not in defects:
        raise NotFound(f"There is no defect code '{code}'.", code="defect_code_not_found")


def _after_inspection(pair: Pair, finding: Finding, work: Work) -> Pair:
    if finding.result is Result.PASS:
        return advance(pair, work.routing)
    if finding.result is Result.SCRAP:
        return replace(pair, status=PairStatus.SCRAPPED)
    step = work.routing.step_of(finding.rework_to or work.operation.code)
    return replace(pair, step=step, stage=Stage.WAITING)


def scan_for_metal(
    work: Work,
    batch: Batch,
    *,
    alarms: Mapping[UUID, str],
    defects: Mapping[str, DefectCode],
) -> Decision:
    """Every pair through the detector: a pass clears it for boxing, an alarm quarantines it."""
    check_kind(work, OperationKind.METAL_DETECTION)
    check_station(work)
    check_skill(work)
    chosen = select_pairs(batch, work, Stage.WAITING)
    if set(alarms) - {pair.id for pair in chosen}:
        raise InvalidValue(
            "A metal alarm names a pair that is not being scanned.", code="finding_for_other_pair"
        )
    for defect_code in alarms.values():
        _check_defect(defect_code, defects)
    marks, moved = [], []
    for pair in chosen:
        if pair.id in alarms:
            marks.append(PairMark(pair.id, Result.FAIL, alarms[pair.id]))
            moved.append(replace(pair, status=PairStatus.QUARANTINED, metal_cleared=False))
        else:
            marks.append(PairMark(pair.id, Result.PASS))
            moved.append(replace(advance(pair, work.routing), metal_cleared=True))
    return Decision(
        _event(work, EventKind.METAL_SCANNED, "inspecting", marks, batch.rack_code), tuple(moved)
    )


def _event(
    work: Work, kind: EventKind, biz_step: str, marks: list[PairMark], rack_code: str | None
) -> FloorEvent:
    results = {mark.result for mark in marks}
    return FloorEvent(
        id=work.event_id,
        kind=kind,
        event_time=work.event_time,
        biz_step=biz_step,
        disposition="conformant" if results == {Result.PASS} else None,
        station_code=work.station.code,
        operator_id=work.operator.id,
        rack_code=rack_code,
        operation_code=work.operation.code,
        pairs=tuple(marks),
    )
