"""The rules the station terminal adds: a trainee's work signed off, a quarantine cleared by
a supervisor, the defect catalogue's codes, and what a photo of a finding may be."""

from __future__ import annotations

import dataclasses

import pytest

from cordwainer.domain.errors import InvalidValue, NotFound, NotPermitted, RuleBroken
from cordwainer.domain.floor import EventKind, PairMark, PairStatus, Stage
from cordwainer.domain.making import finish_operation, needs_sign_off, sign_off
from cordwainer.domain.photos import MAX_PHOTO_BYTES, check_finding_for_photo, check_photo
from cordwainer.domain.quality import (
    DefectCode,
    Finding,
    Result,
    Severity,
    clear_quarantine,
    define_defect_code,
    inspect_pairs,
    is_supervisor,
    retire_defect_code,
    scan_for_metal,
)
from tests.unit.factory_values import (
    ANNE,
    CALLUM,
    CHRIS,
    DEFECTS,
    ELLIE,
    GAVIN,
    HELEN,
    KAREN,
    RACK,
    STATION,
    event_id,
    named,
    rack,
    whole_rack,
    work,
)

SIGN_OFF = Stage.AWAITING_SIGN_OFF
CHECK = Stage.AWAITING_INSPECTION


# A trainee's work waits for a qualified sign-off


@pytest.mark.parametrize(("operator", "waits"), [(ELLIE, True), (KAREN, False), (ANNE, True)])
def test_only_work_below_qualified_waits_for_a_sign_off(operator: object, waits: bool) -> None:
    assert needs_sign_off(work("closing", operator=operator)) is waits  # type: ignore[arg-type]


def test_a_trainees_finish_waits_for_its_sign_off_and_says_so() -> None:
    pairs = rack(count=3, at_operation="closing", stage=Stage.IN_WORK, metal_cleared=True)
    decision = finish_operation(work("closing", operator=ELLIE), whole_rack(pairs))

    assert decision.event.kind is EventKind.OPERATION_FINISHED
    assert decision.event.details == {"sign_off": "required"}
    assert {(p.stage, p.metal_cleared) for p in decision.pairs} == {(SIGN_OFF, False)}


def test_a_qualified_finish_goes_straight_to_its_check() -> None:
    pairs = rack(count=2, at_operation="closing", stage=Stage.IN_WORK)
    decision = finish_operation(work("closing"), whole_rack(pairs))
    assert decision.event.details == {}
    assert {p.stage for p in decision.pairs} == {CHECK}


def test_a_qualified_colleague_signs_the_rack_off_for_its_check() -> None:
    pairs = rack(count=4, at_operation="lasting", stage=SIGN_OFF)
    decision = sign_off(work("lasting", event=9), whole_rack(pairs))

    event = decision.event
    assert event.id == event_id(9)
    assert event.kind is EventKind.WORK_SIGNED_OFF
    assert (event.biz_step, event.disposition) == ("lasting", "in_progress")
    assert event.station_code == STATION["lasting"].code
    assert event.rack_code == RACK
    assert event.pairs == tuple(PairMark(p.id) for p in pairs)
    assert decision.pairs == tuple(dataclasses.replace(p, stage=CHECK) for p in pairs)


def test_a_trainee_cannot_sign_off_even_their_own_work() -> None:
    pairs = rack(count=2, at_operation="lasting", stage=SIGN_OFF)
    with pytest.raises(NotPermitted) as refusal:
        sign_off(work("lasting", operator=CALLUM), whole_rack(pairs))
    assert refusal.value.code == "operator_not_qualified"


def test_an_inspector_who_is_no_closer_cannot_sign_off_closing() -> None:
    pairs = rack(count=2, at_operation="closing", stage=SIGN_OFF)
    with pytest.raises(NotPermitted):
        sign_off(work("closing", operator=ANNE), whole_rack(pairs))


def test_only_work_that_waits_for_a_sign_off_is_signed_off() -> None:
    pairs = rack(count=2, at_operation="closing", stage=CHECK)
    with pytest.raises(RuleBroken) as refusal:
        sign_off(work("closing"), whole_rack(pairs))
    assert refusal.value.code == "awaiting_inspection"


def test_a_sign_off_is_for_craft_steps() -> None:
    pairs = rack(count=1, at_operation="metal_detection", stage=SIGN_OFF)
    with pytest.raises(RuleBroken) as refusal:
        sign_off(work("metal_detection"), whole_rack(pairs))
    assert refusal.value.code == "wrong_kind_of_step"


def test_work_waiting_for_its_sign_off_cannot_be_inspected() -> None:
    pairs = rack(count=2, at_operation="closing", stage=SIGN_OFF)
    with pytest.raises(RuleBroken) as refusal:
        inspect_pairs(work("closing"), whole_rack(pairs), findings={}, defects=DEFECTS)
    assert refusal.value.code == "sign_off_required"
    assert refusal.value.message == (
        "Rack R000001 was finished at closing by a trainee and waits for a qualified "
        "colleague's sign-off."
    )


# The supervisor clears a quarantined pair


def _held(count: int = 3, held: int = 1) -> tuple:  # type: ignore[type-arg]
    pairs = rack(count=count, at_operation="metal_detection")
    return tuple(
        dataclasses.replace(p, status=PairStatus.QUARANTINED) if i < held else p
        for i, p in enumerate(pairs)
    )


def test_an_expert_inspector_is_a_supervisor_and_no_one_else() -> None:
    assert is_supervisor(ANNE)
    assert not any(is_supervisor(person) for person in (CHRIS, HELEN, GAVIN, KAREN))


def test_a_supervisor_clears_the_quarantined_pairs_of_a_rack_back_to_the_detector() -> None:
    pairs = _held(count=3, held=2)
    decision = clear_quarantine(
        work("metal_detection", operator=ANNE, event=4), whole_rack(pairs), note=" Tack  removed "
    )

    event = decision.event
    assert event.kind is EventKind.QUARANTINE_CLEARED
    assert (event.biz_step, event.disposition) == ("inspecting", "conformant")
    assert event.operator_id == ANNE.id
    assert event.details == {"note": "Tack removed"}
    assert event.pairs == (PairMark(pairs[0].id), PairMark(pairs[1].id))
    assert {(p.status, p.stage, p.metal_cleared) for p in decision.pairs} == {
        (PairStatus.IN_PRODUCTION, Stage.WAITING, False)
    }


def test_a_clearance_without_a_note_records_none() -> None:
    pairs = _held(count=1)
    decision = clear_quarantine(work("metal_detection", operator=ANNE), named(*pairs))
    assert decision.event.details == {}
    assert decision.event.rack_code is None


def test_no_one_but_a_supervisor_clears_a_quarantine() -> None:
    with pytest.raises(NotPermitted) as refusal:
        clear_quarantine(work("metal_detection"), whole_rack(_held()))
    assert refusal.value.code == "not_a_supervisor"
    assert refusal.value.message.startswith("Gavin Ritson (B1047) is not a supervisor.")


def test_a_quarantine_is_cleared_at_the_detector_only() -> None:
    with pytest.raises(RuleBroken) as refusal:
        clear_quarantine(work("final_inspection", operator=ANNE), whole_rack(_held()))
    assert refusal.value.code == "wrong_kind_of_step"
    with pytest.raises(RuleBroken) as refusal:
        clear_quarantine(
            work("metal_detection", operator=ANNE, station=STATION["boxing"]),
            whole_rack(_held()),
        )
    assert refusal.value.code == "wrong_station"


def test_a_rack_without_a_quarantined_pair_has_nothing_to_clear() -> None:
    with pytest.raises(RuleBroken) as refusal:
        clear_quarantine(work("metal_detection", operator=ANNE), whole_rack(_held(held=0)))
    assert refusal.value.code == "not_quarantined"
    assert refusal.value.message == "Rack R000001 has no pair in quarantine."


def test_pairs_named_for_a_clearance_must_each_be_in_quarantine() -> None:
    pairs = _held(count=2, held=1)
    with pytest.raises(RuleBroken) as refusal:
        clear_quarantine(work("metal_detection", operator=ANNE), named(*pairs))
    assert refusal.value.message == (
        "Pair 000000002 is not in quarantine; only a quarantined pair is cleared."
    )
    with pytest.raises(RuleBroken) as refusal:
        clear_quarantine(work("metal_detection", operator=ANNE), named())
    assert refusal.value.code == "not_quarantined"


# Defect codes: current, of this step or an earlier one


RETIRED = DEFECTS | {
    "LST-HEEL": DefectCode("LST-HEEL", "lasting", "Heel seat off centre", Severity.MAJOR, True)
}


def _lasted() -> tuple:  # type: ignore[type-arg]
    return rack(count=2, at_operation="lasting", stage=CHECK)


def test_a_retired_code_cannot_be_recorded() -> None:
    pairs = _lasted()
    with pytest.raises(RuleBroken) as refusal:
        inspect_pairs(
            work("lasting"),
            whole_rack(pairs),
            findings={pairs[0].id: Finding(Result.SCRAP, "LST-HEEL")},
            defects=RETIRED,
        )
    assert refusal.value.code == "defect_code_retired"


def test_a_later_steps_code_cannot_be_recorded_and_an_earlier_ones_can() -> None:
    pairs = _lasted()
    with pytest.raises(InvalidValue) as refusal:
        inspect_pairs(
            work("lasting"),
            whole_rack(pairs),
            findings={pairs[0].id: Finding(Result.SCRAP, "SAT-BOND")},
            defects=DEFECTS,
        )
    assert refusal.value.code == "defect_code_not_for_step"
    assert refusal.value.message == (
        "Defect code SAT-BOND belongs to sole attaching, not to lasting or a step before it; "
        "choose a defect found at lasting."
    )
    decision = inspect_pairs(
        work("lasting"),
        whole_rack(pairs),
        findings={pairs[0].id: Finding(Result.REWORK, "CLS-SKIP", "closing")},
        defects=DEFECTS,
    )
    assert decision.pairs[0].step == 2


def test_a_needle_found_by_the_detector_names_closings_code() -> None:
    pairs = rack(count=1, at_operation="metal_detection")
    decision = scan_for_metal(
        work("metal_detection"),
        whole_rack(pairs),
        alarms={pairs[0].id: "CLS-NEEDLE"},
        defects=DEFECTS,
    )
    assert decision.pairs[0].status is PairStatus.QUARANTINED
    with pytest.raises(RuleBroken):
        scan_for_metal(
            work("metal_detection"),
            whole_rack(pairs),
            alarms={pairs[0].id: "LST-HEEL"},
            defects=RETIRED,
        )


def test_a_new_code_is_tidied() -> None:
    defect = define_defect_code(" cls-tension ", "closing", " Thread   too tight ", " MINOR ")
    assert defect == DefectCode("CLS-TENSION", "closing", "Thread too tight", Severity.MINOR)
    assert not defect.retired


@pytest.mark.parametrize(
    ("code", "description", "severity", "refusal"),
    [
        ("CLS TENSION", "x", "minor", "invalid_defect_code"),
        ("-CLS", "x", "minor", "invalid_defect_code"),
        ("", "x", "minor", "invalid_defect_code"),
        ("C" * 33, "x", "minor", "invalid_defect_code"),
        ("CLS-NEW", " \n ", "minor", "defect_description_required"),
        ("CLS-NEW", "x", "fatal", "invalid_severity"),
    ],
)
def test_a_malformed_code_is_refused(
    code: str, description: str, severity: str, refusal: str
) -> None:
    with pytest.raises(InvalidValue) as caught:
        define_defect_code(code, "closing", description, severity)
    assert caught.value.code == refusal


def test_a_code_is_retired_once() -> None:
    retired = retire_defect_code(DEFECTS["LST-SHAPE"])
    assert retired == dataclasses.replace(DEFECTS["LST-SHAPE"], retired=True)
    with pytest.raises(RuleBroken) as refusal:
        retire_defect_code(retired)
    assert refusal.value.code == "defect_code_already_retired"


# Photos of findings

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
WEBP = b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"\x00" * 16


@pytest.mark.parametrize(
    ("content_type", "data"), [("image/png", PNG), ("IMAGE/JPEG ", JPEG), ("image/webp", WEBP)]
)
def test_a_small_jpeg_png_or_webp_is_a_photo(content_type: str, data: bytes) -> None:
    photo = check_photo(content_type, data)
    assert photo.content_type == content_type.strip().lower()
    assert photo.data == data


@pytest.mark.parametrize(
    ("content_type", "data", "refusal"),
    [
        ("image/png", JPEG, "invalid_photo"),
        ("image/gif", b"GIF89a", "invalid_photo"),
        ("image/png", b"", "invalid_photo"),
        ("image/webp", b"RIFF\x10\x00\x00\x00WAVEfmt ", "invalid_photo"),
        ("image/jpeg", JPEG + b"\x00" * MAX_PHOTO_BYTES, "photo_too_large"),
    ],
)
def test_anything_else_is_refused(content_type: str, data: bytes, refusal: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        check_photo(content_type, data)
    assert caught.value.code == refusal


@pytest.mark.parametrize("result", ["rework", "scrap", "fail"])
def test_a_finding_may_have_a_photo(result: str) -> None:
    check_finding_for_photo(result, "000000001")


@pytest.mark.parametrize("result", ["pass", None])
def test_a_pair_that_passed_has_no_photo(result: str | None) -> None:
    with pytest.raises(RuleBroken) as refusal:
        check_finding_for_photo(result, "000000001")
    assert refusal.value.code == "photo_of_a_pass"


def test_an_unknown_defect_is_still_not_found() -> None:
    pairs = _lasted()
    with pytest.raises(NotFound):
        inspect_pairs(
            work("lasting"),
            whole_rack(pairs),
            findings={pairs[0].id: Finding(Result.SCRAP, "LST-GONE")},
            defects=DEFECTS,
        )
