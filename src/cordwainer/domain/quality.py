"""The human eye after every step, and the metal detector before the box.

An inspection passes a pair, sends it back to this step or an earlier craft step, or
scraps it, naming a defect from the catalogue: a current code of this step or one before
it. A metal alarm quarantines the pair; a supervisor (an expert inspector) clears it
after re-inspection, and it goes through the detector again before it may be boxed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from uuid import UUID

from cordwainer.domain.catalogue import OperationKind
from cordwainer.domain.errors import InvalidValue, NotFound, NotPermitted, RuleBroken
from cordwainer.domain.floor import (
    EXPERT,
    QUALIFIED,
    Batch,
    Decision,
    EventKind,
    FloorEvent,
    Operator,
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
SUPERVISOR_LEVEL = EXPERT  # in INSPECTOR_SKILL: who clears a pair out of quarantine


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
    retired: bool = False  # a retired code is no longer chosen; events keep naming it


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
    _check_defect(finding.defect_code, defects, work)
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


def _check_defect(code: str | None, defects: Mapping[str, DefectCode], work: Work) -> None:
    if code is None:
        raise InvalidValue(
            "A pair sent back or scrapped needs a defect code.", code="defect_code_required"
        )
    defect = defects.get(code)
    if defect is None:
        raise NotFound(f"There is no defect code '{code}'.", code="defect_code_not_found")
    if defect.retired:
        raise RuleBroken(
            f"Defect code {code} is retired; choose one of the current codes.",
            code="defect_code_retired",
            defect_code=code,
        )
    here_or_before = [op.code for op in work.routing.operations[: work.step + 1]]
    if defect.operation_code not in here_or_before:
        doing = work.operation.name.lower()
        raise InvalidValue(
            f"Defect code {code} belongs to {defect.operation_code.replace('_', ' ')}, not to "
            f"{doing} or a step before it; choose a defect found at {doing}.",
            code="defect_code_not_for_step",
            defect_code=code,
            operation=work.operation.code,
        )


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
        _check_defect(defect_code, defects, work)
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


def is_supervisor(operator: Operator) -> bool:
    """A supervisor is an expert inspector: level 3 in final inspection."""
    return operator.level_in(INSPECTOR_SKILL) >= SUPERVISOR_LEVEL


def clear_quarantine(work: Work, batch: Batch, *, note: str = "") -> Decision:
    """A supervisor clears quarantined pairs after re-inspection: back to the detector.

    A cleared pair waits at metal detection with no passed scan: it is boxed only after
    it goes through the detector again and passes.
    """
    check_kind(work, OperationKind.METAL_DETECTION)
    check_station(work)
    if not is_supervisor(work.operator):
        raise NotPermitted(
            f"{work.operator.name} ({work.operator.badge}) is not a supervisor. A pair is "
            "cleared out of quarantine by an expert inspector after re-inspection; ask one "
            "to badge in here.",
            code="not_a_supervisor",
            badge=work.operator.badge,
        )
    held = _quarantined(batch)
    moved = tuple(
        replace(
            pair,
            status=PairStatus.IN_PRODUCTION,
            step=work.step,
            stage=Stage.WAITING,
            metal_cleared=False,
        )
        for pair in held
    )
    said = " ".join(note.split())
    event = FloorEvent(
        id=work.event_id,
        kind=EventKind.QUARANTINE_CLEARED,
        event_time=work.event_time,
        biz_step="inspecting",
        disposition="conformant",
        station_code=work.station.code,
        operator_id=work.operator.id,
        rack_code=batch.rack_code,
        operation_code=work.operation.code,
        pairs=tuple(PairMark(pair.id) for pair in held),
        details={"note": said} if said else {},
    )
    return Decision(event, moved)


def _quarantined(batch: Batch) -> tuple[Pair, ...]:
    """The pairs a clearance names: a rack's quarantined pairs, or pairs each in quarantine."""
    held = tuple(pair for pair in batch.pairs if pair.status is PairStatus.QUARANTINED)
    stray = [pair for pair in batch.pairs if pair not in held]
    if held and (batch.whole_rack or not stray):
        return held
    if batch.whole_rack:
        raise RuleBroken(f"{batch.label} has no pair in quarantine.", code="not_quarantined")
    label = f"Pair {stray[0].serial}" if stray else batch.label
    raise RuleBroken(
        f"{label} is not in quarantine; only a quarantined pair is cleared.",
        code="not_quarantined",
    )


# The defect catalogue: codes are added and retired, never changed or deleted.

DEFECT_CODE = re.compile(r"[A-Z0-9]+(?:-[A-Z0-9]+)*")
DEFECT_CODE_LENGTH = 32


def define_defect_code(
    code: str, operation_code: str, description: str, severity: str
) -> DefectCode:
    """A new defect code, checked and tidied: ``cls-skip`` becomes ``CLS-SKIP``."""
    tidy = code.strip().upper()
    if not DEFECT_CODE.fullmatch(tidy) or len(tidy) > DEFECT_CODE_LENGTH:
        raise InvalidValue(
            f"'{code.strip()}' is not a defect code: use capital letters, digits and hyphens "
            f"(up to {DEFECT_CODE_LENGTH}), such as CLS-SKIP.",
            code="invalid_defect_code",
        )
    words = " ".join(description.split())
    if not words:
        raise InvalidValue(
            "A defect code needs a description an inspector understands.",
            code="defect_description_required",
        )
    try:
        grade = Severity(severity.strip().lower())
    except ValueError:
        raise InvalidValue(
            f"Severity is minor, major or critical, not '{severity.strip()}'.",
            code="invalid_severity",
        ) from None
    return DefectCode(tidy, operation_code, words, grade)


def retire_defect_code(defect: DefectCode) -> DefectCode:
    """The code as retired: no longer chosen, still named by the events that used it."""
    if defect.retired:
        raise RuleBroken(
            f"Defect code {defect.code} is already retired.",
            code="defect_code_already_retired",
            defect_code=defect.code,
        )
    return replace(defect, retired=True)


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
