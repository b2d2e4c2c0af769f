"""The human eye after every step, and the metal detector before the box."""

from __future__ import annotations

import dataclasses
from uuid import UUID

import pytest

from cordwainer.domain.catalogue import Routing
from cordwainer.domain.errors import InvalidValue, NotFound, NotPermitted, RuleBroken
from cordwainer.domain.floor import (
    EventKind,
    Operator,
    Pair,
    PairMark,
    PairStatus,
    Result,
    Stage,
)
from cordwainer.domain.quality import (
    INSPECTOR_SKILL,
    Finding,
    inspect_pairs,
    scan_for_metal,
)
from tests.unit.factory_values import (
    AMY,
    ANNE,
    BOXING,
    CALLUM,
    CHRIS,
    CLOSING,
    DAVIE,
    DEFECTS,
    ELLIE,
    GAVIN,
    HELEN,
    KAREN,
    LASTING,
    METAL_DETECTION,
    NEWCOMER,
    PREPARATION,
    RACK,
    ROUTING,
    STATION,
    at,
    event_id,
    moved,
    named,
    pair_id,
    rack,
    whole_rack,
    work,
)

FINISHED = Stage.AWAITING_INSPECTION


def _lasted(count: int = 12) -> tuple[Pair, ...]:
    return rack(count=count, at_operation="lasting", stage=FINISHED)


# inspect_pairs: a clean rack


def test_a_clean_rack_passes_lasting_and_waits_at_sole_preparation() -> None:
    pairs = _lasted()
    decision = inspect_pairs(
        work("lasting", event=12, minutes=240), whole_rack(pairs), findings={}, defects=DEFECTS
    )
    event = decision.event
    assert event.id == event_id(12)
    assert event.kind is EventKind.PAIRS_INSPECTED
    assert event.event_time == at(240)
    assert event.biz_step == "inspecting"
    assert event.disposition == "conformant"
    assert event.station_code == "LST-01"
    assert event.operator_id == DAVIE.id
    assert event.rack_code == RACK
    assert event.operation_code == "lasting"
    assert event.pairs == tuple(PairMark(p.id, Result.PASS) for p in pairs)
    assert event.lots == ()
    assert decision.pairs == tuple(moved(p, "sole_preparation") for p in pairs)


def test_a_pair_given_an_explicit_pass_is_passed() -> None:
    pairs = _lasted(2)
    findings = {pairs[0].id: Finding(Result.PASS)}
    decision = inspect_pairs(work("lasting"), whole_rack(pairs), findings=findings, defects={})
    assert decision.event.disposition == "conformant"
    assert [p.step for p in decision.pairs] == [4, 4]


def test_passing_final_inspection_sends_the_pair_to_the_metal_detector() -> None:
    pairs = rack(count=3, at_operation="final_inspection", stage=FINISHED)
    decision = inspect_pairs(work("final_inspection"), whole_rack(pairs), findings={}, defects={})
    assert {(p.step, p.stage) for p in decision.pairs} == {(8, Stage.WAITING)}
    assert not any(p.metal_cleared for p in decision.pairs)


# inspect_pairs: rework and scrap


def test_a_wrinkled_toe_sends_one_pair_back_to_closing_and_the_rest_go_on() -> None:
    pairs = _lasted()
    findings = {pairs[4].id: Finding(Result.REWORK, "LST-WRINKLE", "closing")}
    decision = inspect_pairs(work("lasting"), whole_rack(pairs), findings=findings, defects=DEFECTS)
    assert decision.event.disposition is None
    assert decision.event.pairs[4] == PairMark(pairs[4].id, Result.REWORK, "LST-WRINKLE", "closing")
    assert all(mark.result is Result.PASS for i, mark in enumerate(decision.event.pairs) if i != 4)
    assert decision.pairs[4] == moved(pairs[4], "closing")
    assert decision.pairs[4].status is PairStatus.IN_PRODUCTION
    assert {p.step for i, p in enumerate(decision.pairs) if i != 4} == {4}


def test_rework_without_a_step_named_is_done_again_at_the_same_step() -> None:
    pairs = _lasted(3)
    findings = {pairs[1].id: Finding(Result.REWORK, "LST-SHAPE")}
    decision = inspect_pairs(work("lasting"), whole_rack(pairs), findings=findings, defects=DEFECTS)
    assert decision.event.pairs[1] == PairMark(pairs[1].id, Result.REWORK, "LST-SHAPE", None)
    assert decision.pairs[1] == moved(pairs[1], "lasting", Stage.WAITING)


def test_rework_may_go_back_to_the_first_step() -> None:
    pairs = _lasted(1)
    findings = {pairs[0].id: Finding(Result.REWORK, "LST-SHAPE", "clicking")}
    (after,) = inspect_pairs(
        work("lasting"), named(*pairs), findings=findings, defects=DEFECTS
    ).pairs
    assert (after.step, after.stage) == (0, Stage.WAITING)


def test_a_scrapped_pair_leaves_production_where_it_stands() -> None:
    pairs = rack(count=4, at_operation="closing", stage=FINISHED)
    findings = {pairs[2].id: Finding(Result.SCRAP, "CLS-NEEDLE")}
    decision = inspect_pairs(work("closing"), whole_rack(pairs), findings=findings, defects=DEFECTS)
    assert decision.event.pairs[2] == PairMark(pairs[2].id, Result.SCRAP, "CLS-NEEDLE")
    assert decision.event.disposition is None
    assert decision.pairs[2] == dataclasses.replace(pairs[2], status=PairStatus.SCRAPPED)
    assert [p.step for p in decision.pairs] == [3, 3, 2, 3]


def test_a_rack_where_every_pair_is_scrapped_has_no_conformant_disposition() -> None:
    pairs = rack(count=2, at_operation="clicking", stage=FINISHED)
    findings = {p.id: Finding(Result.SCRAP, "CLK-FLAW") for p in pairs}
    decision = inspect_pairs(
        work("clicking"), whole_rack(pairs), findings=findings, defects=DEFECTS
    )
    assert decision.event.disposition is None
    assert {p.status for p in decision.pairs} == {PairStatus.SCRAPPED}


def test_pairs_named_one_by_one_are_inspected_alone() -> None:
    pairs = _lasted()
    decision = inspect_pairs(work("lasting"), named(pairs[0], pairs[1]), findings={}, defects={})
    assert decision.event.rack_code is None
    assert [mark.pair_id for mark in decision.event.pairs] == [pair_id(1), pair_id(2)]
    assert len(decision.pairs) == 2


def test_a_whole_rack_inspection_touches_only_the_pairs_awaiting_it() -> None:
    pairs = list(_lasted())
    pairs[0] = moved(pairs[0], "closing")  # back for rework
    pairs[1] = moved(pairs[1], "lasting", Stage.IN_WORK)  # still on the last
    decision = inspect_pairs(work("lasting"), whole_rack(pairs), findings={}, defects={})
    assert [p.id for p in decision.pairs] == [p.id for p in pairs[2:]]


# inspect_pairs: findings that cannot be recorded


def test_a_finding_for_a_pair_not_awaiting_this_inspection_is_refused() -> None:
    pairs = list(_lasted())
    pairs[0] = moved(pairs[0], "closing")
    findings = {
        pairs[0].id: Finding(Result.SCRAP, "LST-SHAPE"),
        UUID(int=999): Finding(Result.SCRAP, "LST-SHAPE"),
    }
    with pytest.raises(InvalidValue) as refusal:
        inspect_pairs(work("lasting"), whole_rack(pairs), findings=findings, defects=DEFECTS)
    assert refusal.value.code == "finding_for_other_pair"
    assert refusal.value.message == "2 pair(s) with a finding are not awaiting this inspection."


@pytest.mark.parametrize("result", [Result.REWORK, Result.SCRAP])
def test_a_pair_sent_back_or_scrapped_needs_a_defect_code(result: Result) -> None:
    pairs = _lasted(2)
    with pytest.raises(InvalidValue) as refusal:
        inspect_pairs(
            work("lasting"),
            whole_rack(pairs),
            findings={pairs[0].id: Finding(result)},
            defects=DEFECTS,
        )
    assert refusal.value.code == "defect_code_required"
    assert refusal.value.message == "A pair sent back or scrapped needs a defect code."


@pytest.mark.parametrize("result", [Result.REWORK, Result.SCRAP])
def test_a_defect_code_must_be_in_the_catalogue(result: Result) -> None:
    pairs = _lasted(2)
    with pytest.raises(NotFound) as refusal:
        inspect_pairs(
            work("lasting"),
            whole_rack(pairs),
            findings={pairs[0].id: Finding(result, "LST-SQUINT")},
            defects=DEFECTS,
        )
    assert refusal.value.code == "defect_code_not_found"
    assert refusal.value.message == "There is no defect code 'LST-SQUINT'."


def test_an_inspection_cannot_fail_a_pair_like_the_metal_detector() -> None:
    pairs = _lasted(1)
    with pytest.raises(InvalidValue) as refusal:
        inspect_pairs(
            work("lasting"),
            named(*pairs),
            findings={pairs[0].id: Finding(Result.FAIL, "LST-SHAPE")},
            defects=DEFECTS,
        )
    assert refusal.value.code == "invalid_result"
    assert "'fail' is for the metal detector" in refusal.value.message


@pytest.mark.parametrize(
    "later", ["sole_preparation", "final_inspection", "metal_detection", "boxing"]
)
def test_a_pair_cannot_be_reworked_at_a_later_step(later: str) -> None:
    pairs = _lasted(1)
    with pytest.raises(InvalidValue) as refusal:
        inspect_pairs(
            work("lasting"),
            named(*pairs),
            findings={pairs[0].id: Finding(Result.REWORK, "LST-SHAPE", later)},
            defects=DEFECTS,
        )
    assert refusal.value.code == "invalid_rework_step"
    assert refusal.value.message == (
        f"A pair can be reworked only at lasting or a craft step before it, not at '{later}'."
    )
    assert refusal.value.details == {"rework_to": later}


def test_a_pair_cannot_be_reworked_at_an_earlier_step_that_is_no_craft() -> None:
    # A routing that scans for needles straight after closing, then lasts.
    routing = Routing((PREPARATION, CLOSING, METAL_DETECTION, LASTING, BOXING))
    pair = dataclasses.replace(rack(count=1)[0], step=3, stage=FINISHED)
    with pytest.raises(InvalidValue) as refusal:
        inspect_pairs(
            work("lasting", routing=routing),
            named(pair),
            findings={pair.id: Finding(Result.REWORK, "LST-SHAPE", "metal_detection")},
            defects=DEFECTS,
        )
    assert refusal.value.code == "invalid_rework_step"


def test_a_pair_cannot_be_reworked_at_a_step_the_routing_lacks() -> None:
    pairs = _lasted(1)
    with pytest.raises(NotFound) as refusal:
        inspect_pairs(
            work("lasting"),
            named(*pairs),
            findings={pairs[0].id: Finding(Result.REWORK, "LST-SHAPE", "welting")},
            defects=DEFECTS,
        )
    assert refusal.value.code == "operation_not_found"


def test_a_pair_still_on_the_last_cannot_be_inspected() -> None:
    with pytest.raises(RuleBroken) as refusal:
        inspect_pairs(
            work("lasting"),
            whole_rack(rack(at_operation="lasting", stage=Stage.IN_WORK)),
            findings={},
            defects={},
        )
    assert refusal.value.code == "still_in_work"
    assert (
        refusal.value.message == "Rack R000001 is still being worked at lasting; finish it first."
    )


def test_a_metal_scan_is_not_recorded_as_an_inspection() -> None:
    pairs = rack(at_operation="metal_detection")
    with pytest.raises(RuleBroken) as refusal:
        inspect_pairs(work("metal_detection"), whole_rack(pairs), findings={}, defects={})
    assert refusal.value.code == "wrong_kind_of_step"


def test_lasting_is_not_inspected_at_a_closing_bench() -> None:
    with pytest.raises(RuleBroken) as refusal:
        inspect_pairs(
            work("lasting", station=STATION["closing"]),
            whole_rack(_lasted()),
            findings={},
            defects={},
        )
    assert refusal.value.code == "wrong_station"


# inspect_pairs: who may inspect


@pytest.mark.parametrize(
    ("operator", "operation"),
    [
        (KAREN, "closing"),  # expert closer
        (AMY, "closing"),  # qualified closer
        (CHRIS, "closing"),  # expert closer who also inspects
        (ANNE, "closing"),  # an inspector who has never closed an upper
        (HELEN, "lasting"),  # a finisher qualified in final inspection
    ],
    ids=lambda value: value.badge if isinstance(value, Operator) else value,
)
def test_a_qualified_maker_or_a_qualified_inspector_may_inspect(
    operator: Operator, operation: str
) -> None:
    pairs = rack(count=2, at_operation=operation, stage=FINISHED)
    decision = inspect_pairs(
        work(operation, operator=operator),
        whole_rack(pairs),
        findings={},
        defects={},
    )
    assert decision.event.operator_id == operator.id


@pytest.mark.parametrize(
    ("operator", "operation"),
    [
        (ELLIE, "closing"),  # trainee closer
        (CALLUM, "lasting"),  # trainee laster
        (NEWCOMER, "closing"),  # trainee inspector
        (GAVIN, "closing"),  # runs the metal detector, never closed
    ],
    ids=lambda value: value.badge if isinstance(value, Operator) else value,
)
def test_a_trainee_or_a_stranger_to_the_step_may_not_inspect(
    operator: Operator, operation: str
) -> None:
    pairs = rack(count=2, at_operation=operation, stage=FINISHED)
    with pytest.raises(NotPermitted) as refusal:
        inspect_pairs(
            work(operation, operator=operator), whole_rack(pairs), findings={}, defects={}
        )
    assert refusal.value.code == "operator_not_qualified"
    assert refusal.value.message.startswith(f"{operator.name} ({operator.badge}) is not qualified")
    assert INSPECTOR_SKILL == "final_inspection"


# scan_for_metal


def _at_detector(count: int = 12) -> tuple[Pair, ...]:
    return rack(count=count, at_operation="metal_detection")


def test_every_pair_that_passes_the_detector_is_cleared_and_waits_for_its_box() -> None:
    pairs = _at_detector()
    decision = scan_for_metal(
        work("metal_detection", event=30, minutes=400),
        whole_rack(pairs),
        alarms={},
        defects=DEFECTS,
    )
    event = decision.event
    assert event.id == event_id(30)
    assert event.kind is EventKind.METAL_SCANNED
    assert event.event_time == at(400)
    assert event.biz_step == "inspecting"
    assert event.disposition == "conformant"
    assert event.station_code == "MD-01"
    assert event.operator_id == GAVIN.id
    assert event.rack_code == RACK
    assert event.operation_code == "metal_detection"
    assert event.pairs == tuple(PairMark(p.id, Result.PASS) for p in pairs)
    assert decision.pairs == tuple(
        dataclasses.replace(moved(p, "boxing"), metal_cleared=True) for p in pairs
    )


def test_a_metal_alarm_quarantines_the_pair_and_the_rest_are_cleared() -> None:
    pairs = _at_detector()
    decision = scan_for_metal(
        work("metal_detection"),
        whole_rack(pairs),
        alarms={pairs[3].id: "MD-METAL"},
        defects=DEFECTS,
    )
    assert decision.event.disposition is None
    assert decision.event.pairs[3] == PairMark(pairs[3].id, Result.FAIL, "MD-METAL")
    alarmed = decision.pairs[3]
    assert alarmed.status is PairStatus.QUARANTINED
    assert alarmed.metal_cleared is False
    assert (alarmed.step, alarmed.stage) == (pairs[3].step, Stage.WAITING)
    others = [p for i, p in enumerate(decision.pairs) if i != 3]
    assert all(p.metal_cleared and p.step == 9 and p.is_active for p in others)


def test_an_alarm_takes_away_a_clearance_given_before() -> None:
    pair = rack(count=1, at_operation="metal_detection", metal_cleared=True)[0]
    (after,) = scan_for_metal(
        work("metal_detection"), named(pair), alarms={pair.id: "MD-METAL"}, defects=DEFECTS
    ).pairs
    assert after.metal_cleared is False
    assert after.status is PairStatus.QUARANTINED


def test_a_metal_alarm_for_a_pair_not_being_scanned_is_refused() -> None:
    pairs = _at_detector(3)
    with pytest.raises(InvalidValue) as refusal:
        scan_for_metal(
            work("metal_detection"),
            named(pairs[0]),
            alarms={pairs[1].id: "MD-METAL"},
            defects=DEFECTS,
        )
    assert refusal.value.code == "finding_for_other_pair"
    assert refusal.value.message == "A metal alarm names a pair that is not being scanned."


def test_a_metal_alarm_needs_a_known_defect_code() -> None:
    pairs = _at_detector(1)
    with pytest.raises(NotFound) as refusal:
        scan_for_metal(
            work("metal_detection"),
            named(*pairs),
            alarms={pairs[0].id: "MD-GHOST"},
            defects=DEFECTS,
        )
    assert refusal.value.code == "defect_code_not_found"


def test_a_rack_cannot_be_scanned_before_final_inspection_is_done() -> None:
    pairs = rack(at_operation="final_inspection", stage=FINISHED)
    with pytest.raises(RuleBroken) as refusal:
        scan_for_metal(work("metal_detection"), whole_rack(pairs), alarms={}, defects=DEFECTS)
    assert refusal.value.code == "step_skipped"
    assert refusal.value.message == (
        "Rack R000001 is at final inspection; metal detection cannot begin before "
        "final inspection is done."
    )


def test_a_craft_step_is_not_recorded_as_a_metal_scan() -> None:
    with pytest.raises(RuleBroken) as refusal:
        scan_for_metal(work("lasting"), whole_rack(_lasted()), alarms={}, defects=DEFECTS)
    assert refusal.value.code == "wrong_kind_of_step"
    assert refusal.value.message == "Lasting is not recorded this way; it is a craft step."


def test_metal_is_scanned_only_at_the_detector() -> None:
    with pytest.raises(RuleBroken) as refusal:
        scan_for_metal(
            work("metal_detection", station=STATION["boxing"]),
            whole_rack(_at_detector()),
            alarms={},
            defects=DEFECTS,
        )
    assert refusal.value.code == "wrong_station"


def test_only_someone_trained_on_the_detector_may_scan() -> None:
    with pytest.raises(NotPermitted) as refusal:
        scan_for_metal(
            work("metal_detection", operator=ANNE),
            whole_rack(_at_detector()),
            alarms={},
            defects=DEFECTS,
        )
    assert refusal.value.code == "operator_not_qualified"


@pytest.mark.parametrize("alarmed", range(12))
def test_whichever_pair_sets_off_the_alarm_only_that_pair_is_quarantined(alarmed: int) -> None:
    pairs = _at_detector()
    decision = scan_for_metal(
        work("metal_detection"),
        whole_rack(pairs),
        alarms={pairs[alarmed].id: "MD-METAL"},
        defects=DEFECTS,
    )
    quarantined = [p.id for p in decision.pairs if p.status is PairStatus.QUARANTINED]
    cleared = [p.id for p in decision.pairs if p.metal_cleared]
    assert quarantined == [pairs[alarmed].id]
    assert sorted(cleared + quarantined) == sorted(p.id for p in pairs)
    assert ROUTING.at(decision.pairs[alarmed].step) is METAL_DETECTION
