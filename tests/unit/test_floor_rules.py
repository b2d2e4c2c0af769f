"""The pair on the floor: which pairs an action touches, why it refuses, start and finish.

Ends with one rack of twelve pairs walked through the whole routing with the pure rules.
"""

from __future__ import annotations

import dataclasses
from uuid import UUID

import pytest

from cordwainer.domain.catalogue import Operation, OperationKind, Routing
from cordwainer.domain.errors import NotFound, NotPermitted, RuleBroken
from cordwainer.domain.floor import (
    EXPERT,
    QUALIFIED,
    TRAINEE,
    Batch,
    EventKind,
    LotUse,
    Operator,
    Pair,
    PairMark,
    PairStatus,
    Result,
    Stage,
    Station,
    Work,
    advance,
    check_kind,
    check_skill,
    check_station,
    select_pairs,
)
from cordwainer.domain.making import finish_operation, start_operation
from cordwainer.domain.materials import draw_lots
from cordwainer.domain.orders import OrderLine, ProductionOrder, next_rack, release_rack
from cordwainer.domain.packing import box_pairs, ship_pairs
from cordwainer.domain.quality import Finding, inspect_pairs, scan_for_metal
from tests.unit.factory_values import (
    AMY,
    ANDY,
    ANNE,
    CALF_LINING,
    CALLUM,
    CHRIS,
    CLOSING,
    CRAFT_OPERATIONS,
    DEFECTS,
    ELLIE,
    GAVIN,
    GREEN_991_BILL,
    GREEN_991_GTINS,
    GREEN_SUEDE,
    GTIN_8_D,
    GTIN_9_D,
    KAREN,
    OPERATIONS,
    RACK,
    ROUTING,
    STATION,
    at,
    by_id,
    event_id,
    moved,
    named,
    pair_id,
    rack,
    whole_rack,
    work,
)

# Pair and Operator


@pytest.mark.parametrize(
    ("status", "active"),
    [
        (PairStatus.IN_PRODUCTION, True),
        (PairStatus.QUARANTINED, False),
        (PairStatus.SCRAPPED, False),
        (PairStatus.BOXED, False),
        (PairStatus.SHIPPED, False),
    ],
)
def test_only_a_pair_in_production_is_active(status: PairStatus, active: bool) -> None:
    pair = dataclasses.replace(rack(count=1)[0], status=status)
    assert pair.is_active is active


def test_a_new_pair_has_no_metal_clearance() -> None:
    pair = Pair(pair_id(1), GTIN_8_D, "000000001", RACK, 0, Stage.WAITING, PairStatus.IN_PRODUCTION)
    assert pair.metal_cleared is False


def test_a_pair_is_a_frozen_value() -> None:
    pair = rack(count=1)[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        pair.step = 3  # type: ignore[misc]


def test_an_operator_has_the_level_written_in_their_skills_and_none_elsewhere() -> None:
    assert KAREN.level_in("closing") == EXPERT
    assert AMY.level_in("closing") == QUALIFIED
    assert ELLIE.level_in("closing") == TRAINEE
    assert KAREN.level_in("lasting") == 0


def test_the_skill_levels_rise_from_trainee_to_expert() -> None:
    assert (TRAINEE, QUALIFIED, EXPERT) == (1, 2, 3)


def test_work_stands_at_the_step_of_its_operation() -> None:
    assert work("clicking").step == 0
    assert work("lasting").step == 3
    assert work("boxing").step == 9


# check_station, check_skill, check_kind


def test_a_closer_at_a_closing_bench_is_at_the_right_station() -> None:
    check_station(work("closing"))


def test_closing_cannot_be_recorded_at_a_lasting_bench() -> None:
    with pytest.raises(RuleBroken) as refusal:
        check_station(work("closing", station=STATION["lasting"]))
    assert refusal.value.code == "wrong_station"
    assert refusal.value.message == (
        "Station LST-01 does lasting, not closing. Use a closing station."
    )
    assert refusal.value.details == {"station": "LST-01", "operation": "closing"}


@pytest.mark.parametrize("operator", [KAREN, AMY, ELLIE], ids=lambda op: op.badge)
def test_a_trainee_or_better_may_do_the_work(operator: Operator) -> None:
    check_skill(work("closing", operator=operator))


def test_someone_without_the_skill_may_not_do_the_work() -> None:
    with pytest.raises(NotPermitted) as refusal:
        check_skill(work("lasting", operator=KAREN))
    assert refusal.value.code == "operator_not_qualified"
    assert refusal.value.message == (
        "Karen Routledge (B1012) is not qualified for lasting. "
        "Ask a qualified colleague or the supervisor."
    )
    assert refusal.value.details == {"badge": "B1012", "operation": "lasting"}


def test_a_trainee_does_not_reach_a_qualified_minimum() -> None:
    with pytest.raises(NotPermitted) as refusal:
        check_skill(work("closing", operator=ELLIE), minimum=QUALIFIED)
    assert refusal.value.code == "operator_not_qualified"
    assert "Ellie Birkett (B1023)" in refusal.value.message


def test_a_second_skill_can_make_up_the_level() -> None:
    # Anne inspects at final inspection level 3 but has never closed an upper.
    check_skill(work("closing", operator=ANNE), minimum=QUALIFIED, also="final_inspection")
    with pytest.raises(NotPermitted):
        check_skill(work("closing", operator=ANNE), minimum=QUALIFIED)


def test_a_craft_step_is_recorded_as_craft() -> None:
    check_kind(work("closing"), OperationKind.CRAFT)


def test_metal_detection_is_not_recorded_as_a_craft_step() -> None:
    with pytest.raises(RuleBroken) as refusal:
        check_kind(work("metal_detection"), OperationKind.CRAFT)
    assert refusal.value.code == "wrong_kind_of_step"
    assert refusal.value.message == (
        "Metal detection is not recorded this way; it is a metal_detection step."
    )
    assert refusal.value.details == {"operation": "metal_detection", "kind": "metal_detection"}


# advance


def test_advancing_a_pair_moves_it_to_the_next_step_waiting() -> None:
    pair = moved(rack(count=1)[0], "closing", Stage.AWAITING_INSPECTION)
    after = advance(pair, ROUTING)
    assert (after.step, after.stage) == (ROUTING.step_of("lasting"), Stage.WAITING)
    assert dataclasses.replace(after, step=pair.step, stage=pair.stage) == pair


def test_advancing_a_pair_at_the_last_step_keeps_it_there() -> None:
    pair = moved(rack(count=1)[0], "boxing", Stage.IN_WORK)
    after = advance(pair, ROUTING)
    assert (after.step, after.stage) == (ROUTING.last_step, Stage.WAITING)


@pytest.mark.parametrize("step", range(len(OPERATIONS)))
def test_advancing_never_skips_a_step_nor_leaves_the_routing(step: int) -> None:
    pair = dataclasses.replace(rack(count=1)[0], step=step, stage=Stage.AWAITING_INSPECTION)
    after = advance(pair, ROUTING)
    assert after.step == min(step + 1, ROUTING.last_step)
    assert after.stage is Stage.WAITING


# select_pairs: which pairs an action touches


def test_a_whole_rack_is_chosen_when_every_pair_stands_at_the_step() -> None:
    pairs = rack(at_operation="closing")
    assert select_pairs(whole_rack(pairs), work("closing"), Stage.WAITING) == pairs


def test_a_whole_rack_leaves_alone_pairs_gone_ahead_sent_back_or_scrapped() -> None:
    pairs = list(rack(at_operation="lasting"))
    pairs[0] = moved(pairs[0], "closing")  # sent back for rework
    pairs[1] = moved(pairs[1], "sole_preparation")  # gone ahead on its own
    pairs[2] = dataclasses.replace(pairs[2], status=PairStatus.SCRAPPED)
    pairs[3] = moved(pairs[3], "lasting", Stage.IN_WORK)  # already on a last
    chosen = select_pairs(whole_rack(pairs), work("lasting"), Stage.WAITING)
    assert chosen == tuple(pairs[4:])


def test_pairs_named_one_by_one_are_chosen_when_each_stands_at_the_step() -> None:
    pairs = rack(at_operation="closing")
    assert select_pairs(named(pairs[4], pairs[7]), work("closing"), Stage.WAITING) == (
        pairs[4],
        pairs[7],
    )


def test_a_rack_cannot_start_lasting_before_closing_is_done() -> None:
    with pytest.raises(RuleBroken) as refusal:
        select_pairs(whole_rack(rack(at_operation="closing")), work("lasting"), Stage.WAITING)
    assert refusal.value.code == "step_skipped"
    assert refusal.value.message == (
        "Rack R000001 is at closing; lasting cannot begin before closing is done."
    )
    assert refusal.value.details == {"at": "closing", "operation": "lasting"}


def test_a_rack_already_lasted_cannot_be_lasted_again() -> None:
    with pytest.raises(RuleBroken) as refusal:
        select_pairs(
            whole_rack(rack(at_operation="sole_preparation")), work("lasting"), Stage.WAITING
        )
    assert refusal.value.code == "step_already_done"
    assert refusal.value.message == (
        "Rack R000001 is at sole preparation; lasting is done. Scan the next rack."
    )
    assert refusal.value.details == {"at": "sole_preparation", "operation": "lasting"}


def test_a_rack_behind_and_ahead_is_explained_by_its_last_pair() -> None:
    pairs = [moved(p, "finishing") for p in rack()]
    pairs[5] = moved(pairs[5], "closing")
    with pytest.raises(RuleBroken) as refusal:
        select_pairs(whole_rack(pairs), work("lasting"), Stage.WAITING)
    assert refusal.value.code == "step_skipped"
    assert "is at closing" in refusal.value.message


@pytest.mark.parametrize(
    ("stage", "wanted", "code", "sentence"),
    [
        (
            Stage.WAITING,
            Stage.IN_WORK,
            "not_started",
            "Rack R000001 has not been started at closing.",
        ),
        (
            Stage.IN_WORK,
            Stage.WAITING,
            "still_in_work",
            "Rack R000001 is still being worked at closing; finish it first.",
        ),
        (
            Stage.AWAITING_INSPECTION,
            Stage.IN_WORK,
            "awaiting_inspection",
            "Rack R000001 is finished at closing and waits for its inspection.",
        ),
    ],
)
def test_a_rack_at_the_step_but_in_another_stage_is_told_where_it_stands(
    stage: Stage, wanted: Stage, code: str, sentence: str
) -> None:
    batch = whole_rack(rack(at_operation="closing", stage=stage))
    with pytest.raises(RuleBroken) as refusal:
        select_pairs(batch, work("closing"), wanted)
    assert refusal.value.code == code
    assert refusal.value.message == sentence
    assert refusal.value.details == {"stage": stage.value, "wanted": wanted}


@pytest.mark.parametrize(
    "status", [PairStatus.SCRAPPED, PairStatus.QUARANTINED, PairStatus.BOXED, PairStatus.SHIPPED]
)
def test_a_pair_out_of_production_takes_no_more_work(status: PairStatus) -> None:
    pair = dataclasses.replace(rack(at_operation="closing")[2], status=status)
    with pytest.raises(RuleBroken) as refusal:
        select_pairs(named(pair), work("closing"), Stage.WAITING)
    assert refusal.value.code == "pair_not_in_production"
    words = status.value.replace("_", " ")
    assert refusal.value.message == f"Pair 000000003 is {words}; it takes no more work."
    assert refusal.value.details == {"status": status.value}


def test_a_rack_whose_pairs_are_all_out_of_production_takes_no_more_work() -> None:
    pairs = [dataclasses.replace(p, status=PairStatus.SHIPPED) for p in rack(at_operation="boxing")]
    with pytest.raises(RuleBroken) as refusal:
        select_pairs(whole_rack(pairs), work("boxing"), Stage.WAITING)
    assert refusal.value.code == "pair_not_in_production"
    assert refusal.value.message == "Rack R000001 is shipped; it takes no more work."


def test_every_pair_named_must_stand_at_the_step_and_the_stray_one_is_explained() -> None:
    pairs = rack(at_operation="closing")
    stray = moved(pairs[1], "preparation")
    with pytest.raises(RuleBroken) as refusal:
        select_pairs(named(pairs[0], stray), work("closing"), Stage.WAITING)
    assert refusal.value.code == "step_skipped"
    assert refusal.value.message == (
        "2 pairs is at preparation; closing cannot begin before preparation is done."
    )


def test_a_scrapped_pair_named_with_good_ones_refuses_the_whole_action() -> None:
    pairs = rack(at_operation="closing")
    scrapped = dataclasses.replace(pairs[1], status=PairStatus.SCRAPPED)
    with pytest.raises(RuleBroken) as refusal:
        select_pairs(named(pairs[0], scrapped, pairs[2]), work("closing"), Stage.WAITING)
    assert refusal.value.code == "pair_not_in_production"


def test_a_rack_partly_at_the_step_is_explained_by_the_pairs_at_the_step() -> None:
    # Ten pairs already on the sole preparation cell, one reworked pair back at closing:
    # starting sole preparation again is refused because the ten are still being worked,
    # not because of the straggler.
    pairs = [moved(p, "sole_preparation", Stage.IN_WORK) for p in rack(count=11)]
    pairs[0] = moved(pairs[0], "closing")
    with pytest.raises(RuleBroken) as refusal:
        select_pairs(whole_rack(pairs), work("sole_preparation"), Stage.WAITING)
    assert refusal.value.code == "still_in_work"
    assert refusal.value.message == (
        "Rack R000001 is still being worked at sole preparation; finish it first."
    )


_EXPECTED_BY_ORDER = {-1: "step_skipped", 1: "step_already_done"}
_STAGE_CODES = {
    Stage.WAITING: "not_started",
    Stage.IN_WORK: "still_in_work",
    Stage.AWAITING_SIGN_OFF: "sign_off_required",
    Stage.AWAITING_INSPECTION: "awaiting_inspection",
}


@pytest.mark.parametrize("wanted", list(Stage))
@pytest.mark.parametrize("stage", list(Stage))
@pytest.mark.parametrize("step", range(len(OPERATIONS)))
def test_a_pair_is_chosen_exactly_when_it_stands_at_the_step_and_stage(
    step: int, stage: Stage, wanted: Stage
) -> None:
    lasting = work("lasting")
    pair = dataclasses.replace(rack(count=1)[0], step=step, stage=stage)
    for batch in (whole_rack([pair]), named(pair)):
        if step == lasting.step and stage is wanted:
            assert select_pairs(batch, lasting, wanted) == (pair,)
            continue
        with pytest.raises(RuleBroken) as refusal:
            select_pairs(batch, lasting, wanted)
        order = (step > lasting.step) - (step < lasting.step)
        assert refusal.value.code == _EXPECTED_BY_ORDER.get(order, _STAGE_CODES[stage])
        assert refusal.value.message.startswith(batch.label)


# start_operation


def test_starting_closing_puts_the_whole_rack_in_work() -> None:
    pairs = rack(at_operation="closing")
    decision = start_operation(work("closing", event=7, minutes=95), whole_rack(pairs))
    event = decision.event
    assert event.id == event_id(7)
    assert event.kind is EventKind.OPERATION_STARTED
    assert event.event_time == at(95)
    assert event.biz_step == "closing"
    assert event.disposition == "in_progress"
    assert event.station_code == "CLS-01"
    assert event.operator_id == KAREN.id
    assert event.rack_code == RACK
    assert event.operation_code == "closing"
    assert event.pairs == tuple(PairMark(p.id) for p in pairs)
    assert event.lots == ()
    assert event.details == {}
    assert decision.pairs == tuple(dataclasses.replace(p, stage=Stage.IN_WORK) for p in pairs)


def test_a_trainee_may_start_a_craft_step() -> None:
    decision = start_operation(
        work("closing", operator=ELLIE), whole_rack(rack(at_operation="closing"))
    )
    assert decision.event.operator_id == ELLIE.id


def test_one_pair_can_be_started_on_its_own() -> None:
    pairs = rack(at_operation="closing")
    decision = start_operation(work("closing"), named(pairs[6]))
    assert decision.event.rack_code is None
    assert decision.event.pairs == (PairMark(pairs[6].id),)
    assert decision.pairs == (dataclasses.replace(pairs[6], stage=Stage.IN_WORK),)


def test_starting_a_step_keeps_a_pairs_metal_clearance() -> None:
    pair = rack(count=1, at_operation="closing", metal_cleared=True)[0]
    (after,) = start_operation(work("closing"), named(pair)).pairs
    assert after.metal_cleared is True


def test_a_rack_cannot_be_started_twice() -> None:
    with pytest.raises(RuleBroken) as refusal:
        start_operation(
            work("closing"), whole_rack(rack(at_operation="closing", stage=Stage.IN_WORK))
        )
    assert refusal.value.code == "still_in_work"


def test_a_metal_scan_cannot_be_started_like_a_craft_step() -> None:
    with pytest.raises(RuleBroken) as refusal:
        start_operation(work("metal_detection"), whole_rack(rack(at_operation="metal_detection")))
    assert refusal.value.code == "wrong_kind_of_step"


def test_closing_cannot_be_started_at_a_lasting_bench() -> None:
    with pytest.raises(RuleBroken) as refusal:
        start_operation(
            work("closing", station=STATION["lasting"]), whole_rack(rack(at_operation="closing"))
        )
    assert refusal.value.code == "wrong_station"


def test_a_laster_may_not_start_closing() -> None:
    with pytest.raises(NotPermitted) as refusal:
        start_operation(work("closing", operator=CALLUM), whole_rack(rack(at_operation="closing")))
    assert refusal.value.code == "operator_not_qualified"


def test_an_operation_outside_the_styles_routing_is_not_found() -> None:
    short = Routing(OPERATIONS[:2])
    closing = Work(event_id(1), at(0), short, CLOSING, STATION["closing"], KAREN)
    with pytest.raises(NotFound) as refusal:
        start_operation(closing, whole_rack(rack()))
    assert refusal.value.code == "operation_not_found"
    assert refusal.value.message == "The routing has no operation 'closing'."


# finish_operation


def test_finishing_clicking_records_the_lots_the_panels_were_cut_from() -> None:
    pairs = rack(stage=Stage.IN_WORK)
    uses = (LotUse(GREEN_SUEDE.code, 114.0), LotUse(CALF_LINING.code, 84.0))
    decision = finish_operation(work("clicking", event=2), whole_rack(pairs), lots=uses)
    assert decision.event.kind is EventKind.OPERATION_FINISHED
    assert decision.event.biz_step == "clicking"
    assert decision.event.disposition == "in_progress"
    assert decision.event.operator_id == ANDY.id
    assert decision.event.lots == uses
    assert decision.event.pairs == tuple(PairMark(p.id) for p in pairs)
    assert decision.pairs == tuple(
        dataclasses.replace(p, stage=Stage.AWAITING_INSPECTION) for p in pairs
    )


def test_lots_may_be_given_as_any_sequence_and_are_kept_as_a_tuple() -> None:
    uses = [LotUse(GREEN_SUEDE.code, 9.5)]
    decision = finish_operation(work("clicking"), named(rack(stage=Stage.IN_WORK)[0]), lots=uses)
    assert decision.event.lots == (LotUse(GREEN_SUEDE.code, 9.5),)


def test_clicking_cannot_be_finished_without_its_lots() -> None:
    with pytest.raises(RuleBroken) as refusal:
        finish_operation(work("clicking"), whole_rack(rack(stage=Stage.IN_WORK)))
    assert refusal.value.code == "lots_required"
    assert refusal.value.message == (
        "Clicking must record the material lots the panels were cut from."
    )
    assert refusal.value.details == {"operation": "clicking"}


@pytest.mark.parametrize(
    "operation", [op.code for op in CRAFT_OPERATIONS if not op.consumes_materials]
)
def test_a_step_that_cuts_no_material_refuses_lots(operation: str) -> None:
    pairs = rack(at_operation=operation, stage=Stage.IN_WORK)
    with pytest.raises(RuleBroken) as refusal:
        finish_operation(work(operation), whole_rack(pairs), lots=[LotUse(GREEN_SUEDE.code, 1)])
    assert refusal.value.code == "lots_not_consumed_here"
    assert refusal.value.message.endswith("consumes no material lots.")


def test_a_rack_not_yet_started_cannot_be_finished() -> None:
    with pytest.raises(RuleBroken) as refusal:
        finish_operation(work("lasting"), whole_rack(rack(at_operation="lasting")))
    assert refusal.value.code == "not_started"
    assert refusal.value.message == "Rack R000001 has not been started at lasting."


def test_finishing_is_refused_before_the_lots_are_looked_at_when_no_pair_is_in_work() -> None:
    with pytest.raises(RuleBroken) as refusal:
        finish_operation(work("clicking"), whole_rack(rack()))
    assert refusal.value.code == "not_started"


def test_finishing_closing_resets_the_metal_clearance() -> None:
    pair = rack(count=1, at_operation="closing", stage=Stage.IN_WORK, metal_cleared=True)[0]
    (after,) = finish_operation(work("closing"), named(pair)).pairs
    assert after.metal_cleared is False


@pytest.mark.parametrize("cleared", [True, False])
@pytest.mark.parametrize("operation", CRAFT_OPERATIONS, ids=lambda op: op.code)
def test_finishing_a_step_clears_metal_clearance_exactly_when_it_uses_tacks_or_needles(
    operation: Operation, cleared: bool
) -> None:
    pair = rack(count=1, at_operation=operation.code, stage=Stage.IN_WORK, metal_cleared=cleared)[0]
    lots = [LotUse(GREEN_SUEDE.code, 9.5)] if operation.consumes_materials else []
    (after,) = finish_operation(work(operation.code), named(pair), lots=lots).pairs
    assert after.metal_cleared is (cleared and not operation.uses_tacks_or_needles)
    assert (after.step, after.stage) == (pair.step, Stage.AWAITING_INSPECTION)


@pytest.mark.parametrize("operation", CRAFT_OPERATIONS, ids=lambda op: op.code)
def test_start_finish_and_a_passed_inspection_move_a_rack_exactly_one_step(
    operation: Operation,
) -> None:
    pairs = rack(at_operation=operation.code)
    lots = [LotUse(GREEN_SUEDE.code, 114.0)] if operation.consumes_materials else []
    pairs = start_operation(work(operation.code), whole_rack(pairs)).pairs
    pairs = finish_operation(work(operation.code), whole_rack(pairs), lots=lots).pairs
    pairs = inspect_pairs(
        work(operation.code), whole_rack(pairs), findings={}, defects=DEFECTS
    ).pairs
    assert {(p.step, p.stage) for p in pairs} == {
        (ROUTING.step_of(operation.code) + 1, Stage.WAITING)
    }
    assert len(pairs) == 12


# A rack's whole journey


def _ids(pairs: tuple[Pair, ...]) -> tuple[UUID, ...]:
    return tuple(p.id for p in pairs)


def _craft_step(
    operation: str,
    pairs: dict[UUID, Pair],
    *,
    findings: dict[UUID, Finding] | None = None,
    lots: tuple[LotUse, ...] = (),
) -> tuple[Pair, ...]:
    """Start, finish and inspect one craft step for the whole rack; the pairs it touched."""
    inspector = CHRIS if operation == "closing" else ANNE
    started = start_operation(work(operation), whole_rack(tuple(pairs.values())))
    pairs.update(by_id(started.pairs))
    finished = finish_operation(work(operation), whole_rack(tuple(pairs.values())), lots=lots)
    pairs.update(by_id(finished.pairs))
    assert _ids(finished.pairs) == _ids(started.pairs)
    inspected = inspect_pairs(
        work(operation, operator=inspector),
        whole_rack(tuple(pairs.values())),
        findings=findings or {},
        defects=DEFECTS,
    )
    pairs.update(by_id(inspected.pairs))
    assert _ids(inspected.pairs) == _ids(started.pairs)
    return inspected.pairs


def test_a_rack_of_twelve_pairs_walks_the_whole_routing_to_the_customer() -> None:
    # Released: twelve pairs of the 991v2 in lush green from an order of 8 and 4.
    order = ProductionOrder(
        "PO-2611-0001",
        "U991GN2",
        at(0).date(),
        "Harrods",
        (OrderLine(GTIN_8_D, 8), OrderLine(GTIN_9_D, 4)),
    )
    order, gtins = next_rack(order)
    assert order.remaining == 0
    ids = [pair_id(n) for n in range(1, 13)]
    serials = [f"{n:09d}" for n in range(1, 13)]
    released, new_pairs = release_rack(event_id(1), at(0), RACK, ids, gtins, serials)
    assert released.kind is EventKind.RACK_RELEASED
    pairs = by_id(new_pairs)
    first, scrapped, reworked, alarmed = ids[0], ids[1], ids[2], ids[3]

    # Clicking draws the green suede and the lining.
    uses = (LotUse(GREEN_SUEDE.code, 114.0), LotUse(CALF_LINING.code, 84.0))
    assert len(_craft_step("clicking", pairs, lots=uses)) == 12
    lots = draw_lots([GREEN_SUEDE, CALF_LINING], uses, GREEN_991_BILL)
    assert [lot.quantity_on_hand for lot in lots] == [7886.0, 29916.0]
    _craft_step("preparation", pairs)

    # Closing: one pair has skipped stitches past saving and is scrapped.
    scrap = {scrapped: Finding(Result.SCRAP, "CLS-SKIP")}
    assert len(_craft_step("closing", pairs, findings=scrap)) == 12
    assert pairs[scrapped].status is PairStatus.SCRAPPED

    # Lasting: a wrinkled toe sends one pair back to closing; the other ten go on.
    rework = {reworked: Finding(Result.REWORK, "LST-WRINKLE", "closing")}
    assert len(_craft_step("lasting", pairs, findings=rework)) == 11
    assert (pairs[reworked].step, pairs[reworked].stage) == (2, Stage.WAITING)
    assert {pairs[i].step for i in ids if i not in (scrapped, reworked)} == {4}

    # The rack cannot be lasted again while its straggler waits at closing...
    with pytest.raises(RuleBroken) as refusal:
        start_operation(work("lasting"), whole_rack(tuple(pairs.values())))
    assert refusal.value.code == "step_skipped"
    assert refusal.value.message.startswith("Rack R000001 is at closing;")

    # ...so the straggler travels on its own through closing and lasting again,
    assert _ids(_craft_step("closing", pairs)) == (reworked,)
    assert _ids(_craft_step("lasting", pairs)) == (reworked,)
    # and catches the rack up at sole preparation.
    assert {pairs[i].step for i in ids if i != scrapped} == {4}
    for operation in ("sole_preparation", "sole_attaching", "finishing", "final_inspection"):
        assert len(_craft_step(operation, pairs)) == 11

    # Metal detection: one pair sets off the alarm and is quarantined.
    scanned = scan_for_metal(
        work("metal_detection", event=90),
        whole_rack(tuple(pairs.values())),
        alarms={alarmed: "MD-METAL"},
        defects=DEFECTS,
    )
    assert len(scanned.pairs) == 11
    pairs.update(by_id(scanned.pairs))
    assert pairs[alarmed].status is PairStatus.QUARANTINED
    assert pairs[first].metal_cleared is True

    # The quarantined pair cannot be boxed; the rest of the rack is.
    with pytest.raises(RuleBroken) as refusal:
        box_pairs(work("boxing", event=91), named(pairs[alarmed]))
    assert refusal.value.code == "pair_not_in_production"
    boxed = box_pairs(work("boxing", event=92), whole_rack(tuple(pairs.values())))
    assert len(boxed.pairs) == 10
    assert alarmed not in _ids(boxed.pairs)
    pairs.update(by_id(boxed.pairs))

    # Shipped to the customer under one shipment.
    shipped = ship_pairs(
        event_id(93),
        at(480),
        boxed.pairs,
        shipment="SH-2611-0001",
        customer="Harrods",
        operator_id=GAVIN.id,
    )
    pairs.update(by_id(shipped.pairs))
    statuses = {pairs[i].status for i in ids}
    assert statuses == {PairStatus.SHIPPED, PairStatus.SCRAPPED, PairStatus.QUARANTINED}
    assert sorted(p.serial for p in pairs.values() if p.status is PairStatus.SHIPPED) == [
        f"{n:09d}" for n in (1, 3, *range(5, 13))
    ]
    assert {p.gtin for p in pairs.values()} <= GREEN_991_GTINS
    assert all(p.rack_code == RACK for p in pairs.values())


def test_a_batch_is_a_frozen_value() -> None:
    batch = Batch(rack(count=1), True, "Rack R000001", RACK)
    with pytest.raises(dataclasses.FrozenInstanceError):
        batch.label = "Rack R000002"  # type: ignore[misc]
    assert Station("CLS-02", "CLS", "closing").operation_code == "closing"
