"""The terminal's rules through the services, on SQLite and PostgreSQL: badging in with a
PIN, a trainee's work signed off, a quarantined pair cleared by a supervisor, the defect
catalogue managed in the app, photos of findings, and what a scanned code names."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest
from sqlalchemy import text

from cordwainer.domain.errors import NotFound, NotPermitted
from cordwainer.services import defects, floor, people, photos, stations, trace
from cordwainer.services.racks import rack_view
from cordwainer.services.staffing import skill_matrix
from cordwainer.storage.database import Database
from tests.badges import ANDY, ANNE, CHRIS, ELLIE, GAVIN, KAREN, pin_of
from tests.floor_walk import Floor, snapshot
from tests.integration.test_bad_input_changes_nothing import refused
from tests.photos import png

CLOSING_BENCH = "CLS-01"


def closing_by_a_trainee(factory: Database, pairs: int = 3) -> tuple[Floor, str]:
    """A rack started and finished at closing by Ellie, a trainee closer."""
    shop = Floor.of(factory)
    rack = shop.release(shop.order(pairs=pairs))
    shop.through(rack, "preparation")
    trainee = floor.StepCommand(uuid4(), CLOSING_BENCH, ELLIE, rack)
    floor.start_operation(factory, trainee)
    floor.finish_operation(factory, floor.FinishCommand(uuid4(), CLOSING_BENCH, ELLIE, rack))
    return shop, rack


def inspect(
    rack: str, *findings: floor.FindingInput, station: str = CLOSING_BENCH
) -> floor.InspectCommand:
    return floor.InspectCommand(uuid4(), station, CHRIS, rack, findings=findings)


def finished_at_lasting(factory: Database, pairs: int = 2) -> tuple[Floor, str, list[str]]:
    """A rack lasted and waiting for its check at lasting; its serials."""
    shop = Floor.of(factory)
    rack = shop.release(shop.order(pairs=pairs))
    shop.through(rack, "closing")
    floor.start_operation(factory, shop.step("lasting", rack))
    base = shop.step("lasting", rack)
    floor.finish_operation(factory, floor.FinishCommand(uuid4(), base.station, base.operator, rack))
    return shop, rack, [pair.serial for pair in rack_view(factory, rack).pairs]


def check_lasting(rack: str, *findings: floor.FindingInput) -> floor.InspectCommand:
    return floor.InspectCommand(uuid4(), "LST-01", ANNE, rack, findings=findings)


def stages(factory: Database, rack: str) -> set[tuple[str, str, str]]:
    return {(p.operation, p.stage, p.status) for p in rack_view(factory, rack).pairs}


# Badging in


def test_the_right_pin_badges_the_person_in(factory: Database) -> None:
    person = people.badge_in(factory, f" {ANDY} ", pin_of(ANDY))
    assert (person.badge, person.name) == (ANDY, "Andrew Armstrong")
    assert person.level_in("clicking") == 3


def test_a_wrong_pin_is_not_permitted(factory: Database) -> None:
    error = refused(factory, lambda: people.badge_in(factory, ANDY, "0000"), "wrong_pin")
    assert isinstance(error, NotPermitted)
    assert error.message == f"That is not the PIN of badge {ANDY}. Type your PIN again."


def test_an_unknown_badge_is_not_found(factory: Database) -> None:
    error = refused(
        factory, lambda: people.badge_in(factory, "B0000", "1234"), "operator_not_found"
    )
    assert isinstance(error, NotFound)


def test_a_pin_that_is_not_4_to_8_digits_is_invalid(factory: Database) -> None:
    for pin in ("", "12", "abcd", "123456789"):
        refused(factory, lambda pin=pin: people.badge_in(factory, ANDY, pin), "invalid_pin")


# A trainee's work and its sign-off


def test_a_trainees_finished_work_waits_for_a_sign_off(factory: Database) -> None:
    _, rack = closing_by_a_trainee(factory)

    assert stages(factory, rack) == {("closing", "awaiting_sign_off", "in_production")}
    with factory.reading() as connection:
        details = connection.execute(
            text(
                "SELECT details FROM events WHERE rack_code = :rack AND kind = 'operation_finished'"
                " AND operation_code = 'closing'"
            ),
            {"rack": rack},
        ).scalar_one()
    assert details in ({"sign_off": "required"}, '{"sign_off": "required"}')


def test_a_trainees_work_cannot_be_inspected_before_its_sign_off(factory: Database) -> None:
    _, rack = closing_by_a_trainee(factory)
    error = refused(
        factory, lambda: floor.inspect_pairs(factory, inspect(rack)), "sign_off_required"
    )
    assert error.message == (
        f"Rack {rack} was finished at closing by a trainee and waits for a qualified "
        "colleague's sign-off."
    )


def test_a_trainee_cannot_sign_off(factory: Database) -> None:
    _, rack = closing_by_a_trainee(factory)
    command = floor.SignOffCommand(uuid4(), CLOSING_BENCH, ELLIE, rack)
    refused(factory, lambda: floor.sign_off_work(factory, command), "operator_not_qualified")


def test_a_sign_off_is_done_at_a_bench_of_the_step(factory: Database) -> None:
    _, rack = closing_by_a_trainee(factory)
    command = floor.SignOffCommand(uuid4(), "LST-01", KAREN, rack, operation="closing")
    refused(factory, lambda: floor.sign_off_work(factory, command), "wrong_station")


def test_a_qualified_sign_off_lets_the_check_begin_and_is_recorded_once(
    factory: Database,
) -> None:
    _, rack = closing_by_a_trainee(factory)
    command = floor.SignOffCommand(uuid4(), CLOSING_BENCH, KAREN, rack)

    first = floor.sign_off_work(factory, command)
    again = floor.sign_off_work(factory, command)

    assert first == again
    assert first.kind == "work_signed_off"
    assert first.operator == KAREN
    assert len(first.pairs) == 3
    assert stages(factory, rack) == {("closing", "awaiting_inspection", "in_production")}
    floor.inspect_pairs(factory, inspect(rack))
    assert stages(factory, rack) == {("lasting", "waiting", "in_production")}


def test_work_finished_by_a_qualified_hand_needs_no_sign_off(factory: Database) -> None:
    shop = Floor.of(factory)
    rack = shop.release(shop.order(pairs=2))
    shop.through(rack, "preparation")
    floor.start_operation(factory, floor.StepCommand(uuid4(), CLOSING_BENCH, KAREN, rack))
    floor.finish_operation(factory, floor.FinishCommand(uuid4(), CLOSING_BENCH, KAREN, rack))
    command = floor.SignOffCommand(uuid4(), CLOSING_BENCH, KAREN, rack)
    refused(factory, lambda: floor.sign_off_work(factory, command), "awaiting_inspection")


# Quarantine and the supervisor


def quarantined(factory: Database) -> tuple[Floor, str, str]:
    shop = Floor.of(factory)
    rack = shop.release(shop.order(pairs=3))
    shop.through(rack, "final_inspection")
    alarmed = rack_view(factory, rack).pairs[0].serial
    shop.metal_scan(rack, alarms=((alarmed, "MD-METAL"),))
    return shop, rack, alarmed


def clear(rack: str | None, *serials: str, badge: str = ANNE, station: str = "MD-01") -> object:
    return floor.ClearQuarantineCommand(
        uuid4(), station, badge, rack, serials, note="Tack found and removed"
    )


def test_only_a_supervisor_clears_a_pair_out_of_quarantine(factory: Database) -> None:
    _, rack, alarmed = quarantined(factory)
    error = refused(
        factory,
        lambda: floor.clear_quarantine(factory, clear(rack, alarmed, badge=GAVIN)),
        "not_a_supervisor",
    )
    assert isinstance(error, NotPermitted)


def test_a_quarantine_is_cleared_at_the_metal_detector(factory: Database) -> None:
    _, rack, alarmed = quarantined(factory)
    refused(
        factory,
        lambda: floor.clear_quarantine(factory, clear(rack, alarmed, station="INS-01")),
        "wrong_kind_of_step",
    )


def test_a_pair_not_in_quarantine_cannot_be_cleared(factory: Database) -> None:
    shop, rack, alarmed = quarantined(factory)
    other = next(p.serial for p in rack_view(factory, rack).pairs if p.serial != alarmed)
    error = refused(
        factory, lambda: floor.clear_quarantine(factory, clear(rack, other)), "not_quarantined"
    )
    assert (
        error.message == f"Pair {other} is not in quarantine; only a quarantined pair is cleared."
    )
    clean = shop.release(shop.order(pairs=1))
    error = refused(
        factory, lambda: floor.clear_quarantine(factory, clear(clean)), "not_quarantined"
    )
    assert error.message == f"Rack {clean} has no pair in quarantine."


def test_a_cleared_pair_is_boxed_only_after_it_passes_the_detector_again(
    factory: Database,
) -> None:
    shop, rack, alarmed = quarantined(factory)
    shop.box(rack)

    cleared = floor.clear_quarantine(factory, clear(None, alarmed))

    assert cleared.kind == "quarantine_cleared"
    assert cleared.details == {"note": "Tack found and removed"}
    assert cleared.operator == ANNE
    pair = next(p for p in rack_view(factory, rack).pairs if p.serial == alarmed)
    assert (pair.operation, pair.stage, pair.status) == (
        "metal_detection",
        "waiting",
        "in_production",
    )
    refused(factory, lambda: shop.box(rack), "metal_scan_missing")

    shop.metal_scan(rack, alarmed)
    boxed = shop.box(rack)

    assert [p.serial for p in boxed.pairs] == [alarmed]
    story = trace.trace_pair(factory, pair.gtin, alarmed)
    assert [e.kind for e in story.events][-4:] == [
        "metal_scanned",
        "quarantine_cleared",
        "metal_scanned",
        "pairs_boxed",
    ]


# The defect catalogue


def test_a_defect_code_is_added_and_offered_to_its_step(factory: Database) -> None:
    added = defects.add_defect_code(
        factory, defects.NewDefectCode(" cls-tension ", "closing", "Thread too tight", "Minor")
    )
    assert (added.code, added.severity.value) == ("CLS-TENSION", "minor")
    shop = Floor.of(factory)
    rack = shop.release(shop.order(pairs=1))
    routing = rack_view(factory, rack).routing
    offered = defects.choices(factory, routing, "lasting")
    assert [group.operation.code for group in offered] == [
        "lasting",
        "closing",
        "preparation",
        "clicking",
    ]
    assert "CLS-TENSION" in {d.code for d in offered[1].current}
    assert defects.choices(factory, routing, "no_such_step") == ()


@pytest.mark.parametrize(
    ("code", "operation", "description", "severity", "refusal"),
    [
        ("CLS-SKIP", "closing", "Again", "major", "defect_code_taken"),
        ("CLS NEW", "closing", "Spaces", "major", "invalid_defect_code"),
        ("X" * 33, "closing", "Too long", "major", "invalid_defect_code"),
        ("CLS-NEW", "closing", "   ", "major", "defect_description_required"),
        ("CLS-NEW", "closing", "Fine", "fatal", "invalid_severity"),
        ("GLU-NEW", "gluing", "No such step", "major", "operation_not_found"),
    ],
)
def test_a_bad_defect_code_is_refused_and_nothing_changes(
    factory: Database, code: str, operation: str, description: str, severity: str, refusal: str
) -> None:
    new = defects.NewDefectCode(code, operation, description, severity)
    refused(factory, lambda: defects.add_defect_code(factory, new), refusal)


def test_a_retired_code_is_refused_at_inspection_and_kept_by_old_events(
    factory: Database,
) -> None:
    shop = Floor.of(factory)
    rack = shop.release(shop.order(pairs=3))
    shop.through(rack, "closing")
    first = rack_view(factory, rack).pairs[0].serial
    shop.craft("lasting", rack, findings=(floor.FindingInput(first, "scrap", "LST-HEEL"),))

    retired = defects.retire(factory, "LST-HEEL")

    assert retired.retired
    section = next(
        s for s in defects.catalogue_by_operation(factory) if s.operation.code == "lasting"
    )
    entry = next(e for e in section.entries if e.defect.code == "LST-HEEL")
    assert entry.retired_at is not None
    assert section.entries[-1] == entry, "retired codes come last"
    assert "LST-HEEL" not in {d.code for d in section.current}
    gtin = rack_view(factory, rack).pairs[0].gtin
    assert "LST-HEEL" in {e.defect_code for e in trace.trace_pair(factory, gtin, first).events}
    refused(factory, lambda: defects.retire(factory, "LST-HEEL"), "defect_code_already_retired")
    refused(factory, lambda: defects.retire(factory, "LST-NONE"), "defect_code_not_found")


def test_a_retired_code_cannot_be_chosen(factory: Database) -> None:
    defects.retire(factory, "LST-HEEL")
    _, rack, serials = finished_at_lasting(factory)
    command = check_lasting(rack, floor.FindingInput(serials[0], "scrap", "LST-HEEL"))
    error = refused(factory, lambda: floor.inspect_pairs(factory, command), "defect_code_retired")
    assert error.message == "Defect code LST-HEEL is retired; choose one of the current codes."


def test_a_defect_of_a_later_step_cannot_be_found_at_an_earlier_one(factory: Database) -> None:
    _, rack, serials = finished_at_lasting(factory)
    later = check_lasting(rack, floor.FindingInput(serials[0], "scrap", "BOX-LABEL"))
    error = refused(
        factory, lambda: floor.inspect_pairs(factory, later), "defect_code_not_for_step"
    )
    assert error.message == (
        "Defect code BOX-LABEL belongs to boxing, not to lasting or a step before it; "
        "choose a defect found at lasting."
    )
    earlier = check_lasting(rack, floor.FindingInput(serials[0], "rework", "CLS-SKIP", "closing"))
    floor.inspect_pairs(factory, earlier)
    where = {pair.serial: pair.operation for pair in rack_view(factory, rack).pairs}
    assert where == {serials[0]: "closing", serials[1]: "sole_preparation"}


# Photos of findings


def reworked(factory: Database) -> tuple[UUID, str, str]:
    """A pair sent back from lasting: the event id, the pair's serial and a passed pair's."""
    shop = Floor.of(factory)
    rack = shop.release(shop.order(pairs=2))
    shop.through(rack, "closing")
    first, second = (p.serial for p in rack_view(factory, rack).pairs)
    receipt = shop.craft(
        "lasting", rack, findings=(floor.FindingInput(first, "rework", "LST-WRINKLE"),)
    )
    return receipt.event_id, first, second


def test_a_photo_is_kept_once_beside_its_finding(factory: Database) -> None:
    event_id, serial, _ = reworked(factory)
    upload = photos.PhotoUpload(event_id, serial, "image/png", png())

    kept = photos.attach_photo(factory, upload)
    again = photos.attach_photo(factory, upload)

    assert again.sha256 == kept.sha256
    assert photos.photo(factory, event_id, serial).data == png()
    view = stations.pair_view(factory, *_gtin_serial(factory, serial))
    assert view.photos == (event_id,)
    assert view.last_finding is not None
    assert view.last_finding.defect_code == "LST-WRINKLE"
    assert view.defect_description == "Wrinkles at the toe or the heel seat"
    assert snapshot(factory)["photos"] == [(1,)]


@pytest.mark.parametrize(
    ("content_type", "data", "refusal"),
    [
        ("image/png", b"GIF89a not a png", "invalid_photo"),
        ("image/gif", b"GIF89a", "invalid_photo"),
        ("image/webp", b"RIFF\x00\x00\x00\x00WAVE", "invalid_photo"),
        ("image/jpeg", b"\xff\xd8\xff" + b"\x00" * (2 * 1024 * 1024), "photo_too_large"),
    ],
)
def test_what_is_not_a_small_photo_is_refused(
    factory: Database, content_type: str, data: bytes, refusal: str
) -> None:
    event_id, serial, _ = reworked(factory)
    upload = photos.PhotoUpload(event_id, serial, content_type, data)
    refused(factory, lambda: photos.attach_photo(factory, upload), refusal)


def test_a_photo_needs_a_finding_and_only_one_is_kept(factory: Database) -> None:
    event_id, serial, passed = reworked(factory)
    photos.attach_photo(factory, photos.PhotoUpload(event_id, serial, "image/png", png()))
    other = photos.PhotoUpload(event_id, serial, "image/png", png(32, 32))
    refused(factory, lambda: photos.attach_photo(factory, other), "photo_exists")
    of_pass = photos.PhotoUpload(event_id, passed, "image/png", png())
    refused(factory, lambda: photos.attach_photo(factory, of_pass), "photo_of_a_pass")
    elsewhere = photos.PhotoUpload(uuid4(), serial, "image/png", png())
    refused(factory, lambda: photos.attach_photo(factory, elsewhere), "finding_not_found")
    refused(factory, lambda: photos.photo(factory, event_id, passed), "photo_not_found")


# What a scanned code names


def _gtin_serial(factory: Database, serial: str) -> tuple[str, str]:
    found = stations.identify(factory, serial)
    assert found.gtin is not None
    return found.gtin, found.code


def test_a_scan_names_a_rack_a_badge_or_a_pair(factory: Database) -> None:
    shop = Floor.of(factory)
    rack = shop.release(shop.order(pairs=1))
    pair = rack_view(factory, rack).pairs[0]

    assert stations.identify(factory, rack.lower()) == stations.Identified(
        stations.Scanned.RACK, rack
    )
    assert stations.identify(factory, "b1001").kind is stations.Scanned.BADGE
    assert stations.identify(factory, f" {pair.serial} ") == stations.Identified(
        stations.Scanned.PAIR, pair.serial, pair.gtin
    )
    link = f"https://id.cordwainer.example/01/{pair.gtin}/21/{pair.serial}"
    assert stations.identify(factory, link) == stations.Identified(
        stations.Scanned.PAIR, pair.serial, pair.gtin
    )


def test_an_unknown_scan_is_not_found(factory: Database) -> None:
    for code in ("", "XYZ", "https://id.cordwainer.example/01/123/21/1"):
        refused(factory, lambda code=code: stations.identify(factory, code), "scan_not_recognised")
    unknown = "https://id.cordwainer.example/01/05012345000015/21/999999"
    refused(factory, lambda: stations.identify(factory, unknown), "pair_not_found")


def test_a_serial_shared_by_two_gtins_asks_for_the_box_label(factory: Database) -> None:
    shop = Floor.of(factory)
    rack = shop.release(shop.order(pairs=2))
    first, second = rack_view(factory, rack).pairs
    with factory.engine.begin() as connection:  # two GTINs with one serial: another factory's
        connection.execute(
            text("UPDATE pairs SET serial = :serial WHERE serial = :other"),
            {"serial": first.serial, "other": second.serial},
        )
    refused(factory, lambda: stations.identify(factory, first.serial), "serial_ambiguous")


def test_the_skill_matrix_holds_everyone_against_every_operation(factory: Database) -> None:
    matrix = skill_matrix(factory)
    assert len(matrix.people) == 48
    assert [op.code for op in matrix.operations][:2] == ["clicking", "preparation"]
    anne = next(person for person in matrix.people if person.badge == ANNE)
    assert matrix.is_supervisor(anne)
    assert not matrix.is_supervisor(next(p for p in matrix.people if p.badge == CHRIS))
    assert matrix.count_at("closing", 1) == 2
    assert matrix.count_at("final_inspection", 3) == 2
