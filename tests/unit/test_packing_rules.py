"""Boxing and shipping: the last doors a pair passes before it leaves Flimby."""

from __future__ import annotations

import dataclasses

import pytest

from cordwainer.domain.errors import InvalidValue, NotPermitted, RuleBroken
from cordwainer.domain.floor import EventKind, Pair, PairMark, PairStatus, Stage
from cordwainer.domain.packing import box_pairs, ship_pairs
from tests.unit.factory_values import (
    ANNE,
    GAVIN,
    RACK,
    STATION,
    at,
    event_id,
    moved,
    named,
    rack,
    whole_rack,
    work,
)


def _cleared(count: int = 12) -> tuple[Pair, ...]:
    """Pairs that passed the metal detector and wait at boxing."""
    return rack(count=count, at_operation="boxing", metal_cleared=True)


def _boxed(count: int = 12) -> tuple[Pair, ...]:
    return tuple(dataclasses.replace(p, status=PairStatus.BOXED) for p in _cleared(count))


# box_pairs


def test_a_cleared_rack_is_boxed_pair_by_pair() -> None:
    pairs = _cleared()
    decision = box_pairs(work("boxing", event=40, minutes=420), whole_rack(pairs))
    event = decision.event
    assert event.id == event_id(40)
    assert event.kind is EventKind.PAIRS_BOXED
    assert event.event_time == at(420)
    assert event.biz_step == "packing"
    assert event.disposition == "container_closed"
    assert event.station_code == "BOX-01"
    assert event.operator_id == GAVIN.id
    assert event.rack_code == RACK
    assert event.operation_code == "boxing"
    assert event.pairs == tuple(PairMark(p.id) for p in pairs)
    assert event.lots == ()
    assert decision.pairs == tuple(dataclasses.replace(p, status=PairStatus.BOXED) for p in pairs)
    assert all(not p.is_active for p in decision.pairs)


def test_one_pair_can_be_boxed_on_its_own() -> None:
    pairs = _cleared()
    decision = box_pairs(work("boxing"), named(pairs[5]))
    assert decision.event.rack_code is None
    assert decision.pairs == (dataclasses.replace(pairs[5], status=PairStatus.BOXED),)


def test_a_pair_without_a_passed_metal_scan_cannot_be_boxed() -> None:
    pairs = list(_cleared())
    pairs[2] = dataclasses.replace(pairs[2], metal_cleared=False)
    pairs[7] = dataclasses.replace(pairs[7], metal_cleared=False)
    with pytest.raises(RuleBroken) as refusal:
        box_pairs(work("boxing"), whole_rack(pairs))
    assert refusal.value.code == "metal_scan_missing"
    assert refusal.value.message == (
        "Pair 000000003 has no passed metal scan since its last step with tacks or needles; "
        "it cannot be boxed. Send it through the metal detector."
    )
    assert refusal.value.details == {"serials": ["000000003", "000000008"]}


def test_a_quarantined_pair_cannot_be_boxed() -> None:
    pair = dataclasses.replace(
        rack(count=1, at_operation="metal_detection")[0], status=PairStatus.QUARANTINED
    )
    with pytest.raises(RuleBroken) as refusal:
        box_pairs(work("boxing"), named(pair))
    assert refusal.value.code == "pair_not_in_production"
    assert refusal.value.message == "Pair 000000001 is quarantined; it takes no more work."


def test_boxing_a_rack_leaves_its_quarantined_pair_behind() -> None:
    pairs = list(_cleared())
    pairs[0] = dataclasses.replace(
        moved(pairs[0], "metal_detection"), status=PairStatus.QUARANTINED, metal_cleared=False
    )
    decision = box_pairs(work("boxing"), whole_rack(pairs))
    assert [p.id for p in decision.pairs] == [p.id for p in pairs[1:]]


@pytest.mark.parametrize("operation", ["final_inspection", "metal_detection"])
def test_a_rack_that_has_not_passed_the_metal_detector_cannot_be_boxed(operation: str) -> None:
    with pytest.raises(RuleBroken) as refusal:
        box_pairs(work("boxing"), whole_rack(rack(count=3, at_operation=operation)))
    assert refusal.value.code == "metal_scan_missing"
    assert refusal.value.message.startswith("Pair 000000001 has no passed metal scan")
    assert refusal.value.details == {"serials": ["000000001", "000000002", "000000003"]}


def test_boxing_a_rack_leaves_a_straggler_still_in_the_making_behind() -> None:
    pairs = list(_cleared())
    pairs[4] = dataclasses.replace(moved(pairs[4], "closing"), metal_cleared=False)  # reworked
    decision = box_pairs(work("boxing"), whole_rack(pairs))
    assert [p.id for p in decision.pairs] == [p.id for i, p in enumerate(pairs) if i != 4]


def test_a_boxed_rack_cannot_be_boxed_again() -> None:
    with pytest.raises(RuleBroken) as refusal:
        box_pairs(work("boxing"), whole_rack(_boxed()))
    assert refusal.value.code == "pair_not_in_production"
    assert refusal.value.message == "Rack R000001 is boxed; it takes no more work."


def test_a_craft_step_is_not_recorded_as_boxing() -> None:
    pairs = rack(at_operation="finishing")
    with pytest.raises(RuleBroken) as refusal:
        box_pairs(work("finishing"), whole_rack(pairs))
    assert refusal.value.code == "wrong_kind_of_step"


def test_pairs_are_boxed_only_at_a_boxing_bench() -> None:
    with pytest.raises(RuleBroken) as refusal:
        box_pairs(work("boxing", station=STATION["metal_detection"]), whole_rack(_cleared()))
    assert refusal.value.code == "wrong_station"
    assert refusal.value.message == (
        "Station MD-01 does metal_detection, not boxing. Use a boxing station."
    )


def test_only_a_packer_may_box() -> None:
    with pytest.raises(NotPermitted) as refusal:
        box_pairs(work("boxing", operator=ANNE), whole_rack(_cleared()))
    assert refusal.value.code == "operator_not_qualified"


@pytest.mark.parametrize("stage", [Stage.IN_WORK, Stage.AWAITING_INSPECTION])
def test_a_pair_is_boxed_only_while_it_waits_at_boxing(stage: Stage) -> None:
    pairs = rack(at_operation="boxing", stage=stage, metal_cleared=True)
    with pytest.raises(RuleBroken):
        box_pairs(work("boxing"), whole_rack(pairs))


# ship_pairs


def test_boxed_pairs_are_shipped_to_the_customer_under_one_shipment() -> None:
    pairs = _boxed()
    decision = ship_pairs(
        event_id(50),
        at(470),
        pairs,
        shipment=" SH-2611-0001 ",
        customer="Harrods\n",
        operator_id=GAVIN.id,
    )
    event = decision.event
    assert event.id == event_id(50)
    assert event.kind is EventKind.PAIRS_SHIPPED
    assert event.event_time == at(470)
    assert event.biz_step == "shipping"
    assert event.disposition == "in_transit"
    assert event.operator_id == GAVIN.id
    assert event.station_code is None
    assert event.rack_code is None
    assert event.operation_code is None
    assert event.pairs == tuple(PairMark(p.id) for p in pairs)
    assert event.details == {"shipment": "SH-2611-0001", "customer": "Harrods"}
    assert decision.pairs == tuple(dataclasses.replace(p, status=PairStatus.SHIPPED) for p in pairs)


@pytest.mark.parametrize(
    ("shipment", "customer"),
    [("", "Harrods"), ("   ", "Harrods"), ("SH-2611-0001", ""), ("SH-2611-0001", "\t"), ("", "")],
)
def test_a_shipment_needs_its_reference_and_its_customer(shipment: str, customer: str) -> None:
    with pytest.raises(InvalidValue) as refusal:
        ship_pairs(
            event_id(1), at(0), _boxed(), shipment=shipment, customer=customer, operator_id=GAVIN.id
        )
    assert refusal.value.code == "shipment_incomplete"
    assert refusal.value.message == "A shipment needs its reference and its customer."


def test_a_shipment_needs_at_least_one_pair() -> None:
    with pytest.raises(InvalidValue) as refusal:
        ship_pairs(
            event_id(1),
            at(0),
            [],
            shipment="SH-2611-0001",
            customer="Harrods",
            operator_id=GAVIN.id,
        )
    assert refusal.value.code == "shipment_empty"


@pytest.mark.parametrize(
    "status",
    [PairStatus.IN_PRODUCTION, PairStatus.QUARANTINED, PairStatus.SCRAPPED, PairStatus.SHIPPED],
)
def test_only_boxed_pairs_are_shipped(status: PairStatus) -> None:
    pairs = list(_boxed(4))
    pairs[1] = dataclasses.replace(pairs[1], status=status)
    with pytest.raises(RuleBroken) as refusal:
        ship_pairs(
            event_id(1),
            at(0),
            pairs,
            shipment="SH-2611-0001",
            customer="Harrods",
            operator_id=GAVIN.id,
        )
    assert refusal.value.code == "pair_not_boxed"
    assert refusal.value.message == "Pair 000000002 is not boxed and cannot be shipped."
    assert refusal.value.details == {"serials": ["000000002"]}
