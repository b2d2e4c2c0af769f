"""Production orders released as racks, and material lots received and drawn."""

from __future__ import annotations

from datetime import date

import pytest

from cordwainer.domain.errors import InvalidValue, RuleBroken
from cordwainer.domain.floor import EventKind, LotUse, PairMark, PairStatus, Stage
from cordwainer.domain.materials import MaterialLot, draw_lots, receive_lot
from cordwainer.domain.orders import (
    RACK_CAPACITY,
    OrderLine,
    ProductionOrder,
    check_order_lines,
    next_rack,
    release_rack,
)
from tests.unit.factory_values import (
    CALF_LINING,
    CREAM_MESH,
    GREEN_991_BILL,
    GREEN_991_GTINS,
    GREEN_SUEDE,
    GREY_SUEDE,
    GTIN_8_5_D,
    GTIN_8_D,
    GTIN_9_5_D,
    GTIN_9_D,
    RACK,
    at,
    event_id,
    pair_id,
)


def _order(*lines: OrderLine) -> ProductionOrder:
    return ProductionOrder("PO-2611-0001", "U991GN2", date(2026, 11, 20), "Harrods", lines)


# check_order_lines


def test_an_order_of_the_colourways_variants_is_accepted() -> None:
    check_order_lines([OrderLine(GTIN_8_D, 24), OrderLine(GTIN_9_D, 1)], GREEN_991_GTINS)


def test_an_order_needs_at_least_one_line() -> None:
    with pytest.raises(InvalidValue) as refusal:
        check_order_lines([], GREEN_991_GTINS)
    assert refusal.value.code == "order_empty"
    assert refusal.value.message == "A production order needs at least one line."


@pytest.mark.parametrize("quantity", [0, -1, -12])
def test_an_order_line_asks_for_at_least_one_pair(quantity: int) -> None:
    with pytest.raises(InvalidValue) as refusal:
        check_order_lines([OrderLine(GTIN_8_D, 12), OrderLine(GTIN_9_D, quantity)], GREEN_991_GTINS)
    assert refusal.value.code == "invalid_quantity"
    assert refusal.value.message == (
        f"Line {GTIN_9_D} asks for {quantity} pairs; at least one is needed."
    )


def test_an_order_line_must_be_a_variant_of_the_orders_colourway() -> None:
    pink_8 = "05012345000060"
    with pytest.raises(InvalidValue) as refusal:
        check_order_lines([OrderLine(GTIN_8_D, 12), OrderLine(pink_8, 6)], GREEN_991_GTINS)
    assert refusal.value.code == "variant_not_in_colourway"
    assert refusal.value.message == f"GTIN {pink_8} is not a variant of this order's colourway."
    assert refusal.value.details == {"gtin": pink_8}


def test_each_variant_appears_once_in_an_order() -> None:
    with pytest.raises(InvalidValue) as refusal:
        check_order_lines(
            [OrderLine(GTIN_8_D, 12), OrderLine(GTIN_9_D, 6), OrderLine(GTIN_8_D, 6)],
            GREEN_991_GTINS,
        )
    assert refusal.value.code == "duplicate_order_line"


# next_rack


def test_an_order_line_and_an_order_know_what_remains_to_release() -> None:
    line = OrderLine(GTIN_8_D, 30, released=12)
    assert line.remaining == 18
    assert _order(line, OrderLine(GTIN_9_D, 5)).remaining == 23


def test_a_rack_takes_twelve_pairs_from_a_large_line() -> None:
    order, gtins = next_rack(_order(OrderLine(GTIN_8_D, 30)))
    assert RACK_CAPACITY == 12
    assert gtins == (GTIN_8_D,) * 12
    assert order.lines == (OrderLine(GTIN_8_D, 30, released=12),)
    assert order.code == "PO-2611-0001"


def test_a_rack_is_filled_from_the_lines_in_order() -> None:
    order, gtins = next_rack(
        _order(
            OrderLine(GTIN_8_D, 5),
            OrderLine(GTIN_8_5_D, 4),
            OrderLine(GTIN_9_D, 10),
            OrderLine(GTIN_9_5_D, 2),
        )
    )
    assert gtins == (GTIN_8_D,) * 5 + (GTIN_8_5_D,) * 4 + (GTIN_9_D,) * 3
    assert [line.released for line in order.lines] == [5, 4, 3, 0]
    order, gtins = next_rack(order)
    assert gtins == (GTIN_9_D,) * 7 + (GTIN_9_5_D,) * 2
    assert order.remaining == 0


def test_a_rack_continues_from_what_was_released_before() -> None:
    order, gtins = next_rack(_order(OrderLine(GTIN_8_D, 6, released=6), OrderLine(GTIN_9_D, 3)))
    assert gtins == (GTIN_9_D,) * 3
    assert [line.released for line in order.lines] == [6, 3]


def test_a_fully_released_order_has_no_pairs_left_for_a_rack() -> None:
    with pytest.raises(RuleBroken) as refusal:
        next_rack(_order(OrderLine(GTIN_8_D, 12, released=12)))
    assert refusal.value.code == "order_fully_released"
    assert refusal.value.message == (
        "Order PO-2611-0001 is fully released; it has no pairs left for a rack."
    )
    assert refusal.value.details == {"order": "PO-2611-0001"}


_SEVEN_GTINS = [
    "05012345000015",
    "05012345000022",
    "05012345000039",
    "05012345000046",
    "05012345000053",
    "05012345000060",
    "05012345000077",
]


@pytest.mark.parametrize(
    "quantities",
    [(1,), (12,), (13,), (5, 4, 10, 2), (11, 1, 1), (24, 24, 24, 24), (3, 3, 3, 3, 3, 3, 3)],
)
def test_racks_release_every_pair_once_in_line_order_and_only_the_last_is_short(
    quantities: tuple[int, ...],
) -> None:
    gtins = _SEVEN_GTINS[: len(quantities)]
    order = _order(*(OrderLine(gtin, q) for gtin, q in zip(gtins, quantities, strict=True)))
    racks: list[tuple[str, ...]] = []
    while order.remaining:
        order, rack_gtins = next_rack(order)
        racks.append(rack_gtins)
    total = sum(quantities)
    assert [len(r) for r in racks] == [12] * (total // 12) + ([total % 12] if total % 12 else [])
    released = [gtin for r in racks for gtin in r]
    assert released == [gtins[i] for i, q in enumerate(quantities) for _ in range(q)]
    assert all(line.released == line.quantity for line in order.lines)
    with pytest.raises(RuleBroken):
        next_rack(order)


# release_rack


def test_a_released_rack_puts_each_pair_waiting_at_clicking_with_its_serial() -> None:
    gtins = [GTIN_8_D] * 8 + [GTIN_9_D] * 4
    ids = [pair_id(n) for n in range(1, 13)]
    serials = [f"{n:09d}" for n in range(1, 13)]
    event, pairs = release_rack(event_id(1), at(0), RACK, ids, gtins, serials)
    assert event.id == event_id(1)
    assert event.kind is EventKind.RACK_RELEASED
    assert event.event_time == at(0)
    assert event.biz_step == "commissioning"
    assert event.disposition == "active"
    assert event.rack_code == RACK
    assert event.station_code is None
    assert event.operator_id is None
    assert event.pairs == tuple(PairMark(i) for i in ids)
    assert [(p.id, p.gtin, p.serial) for p in pairs] == list(zip(ids, gtins, serials, strict=True))
    assert {(p.rack_code, p.step, p.stage, p.status, p.metal_cleared) for p in pairs} == {
        (RACK, 0, Stage.WAITING, PairStatus.IN_PRODUCTION, False)
    }


def test_a_rack_cannot_be_released_with_more_serials_than_pairs() -> None:
    with pytest.raises(ValueError, match="zip"):
        release_rack(event_id(1), at(0), RACK, [pair_id(1)], [GTIN_8_D], ["000000001", "2"])


# receive_lot


def test_a_received_lot_is_recorded_with_its_quantity_and_supplier_reference() -> None:
    event = receive_lot(event_id(3), at(-60), GREEN_SUEDE, supplier_reference="Partita 26/0871")
    assert event.id == event_id(3)
    assert event.kind is EventKind.LOT_RECEIVED
    assert event.event_time == at(-60)
    assert event.biz_step == "receiving"
    assert event.disposition == "in_progress"
    assert event.lots == (LotUse("L-2610-0004", 8000),)
    assert event.pairs == ()
    assert event.details == {
        "material": "LTH-SUEDE-GREEN",
        "supplier_reference": "Partita 26/0871",
    }


@pytest.mark.parametrize("quantity", [0, -0.5, -8000])
def test_a_lot_is_received_with_a_quantity_above_zero(quantity: float) -> None:
    lot = MaterialLot("L-2610-0099", "LTH-SUEDE-GREEN", quantity)
    with pytest.raises(InvalidValue) as refusal:
        receive_lot(event_id(3), at(0), lot, supplier_reference="Partita 26/0999")
    assert refusal.value.code == "invalid_quantity"
    assert refusal.value.message == "Lot L-2610-0099 must be received with a quantity above zero."


# draw_lots


def test_a_lot_has_on_hand_what_was_received_less_what_was_drawn() -> None:
    assert MaterialLot("L-2610-0004", "LTH-SUEDE-GREEN", 8000, 114).quantity_on_hand == 7886
    assert GREEN_SUEDE.quantity_on_hand == 8000


def test_drawing_for_a_rack_consumes_from_each_lot_named() -> None:
    uses = [LotUse(GREEN_SUEDE.code, 114.0), LotUse(CREAM_MESH.code, 42.0)]
    drawn = draw_lots([GREEN_SUEDE, CREAM_MESH, CALF_LINING], uses, GREEN_991_BILL)
    assert drawn == (
        MaterialLot("L-2610-0004", "LTH-SUEDE-GREEN", 8000, 114.0),
        MaterialLot("L-2610-0013", "TEX-MESH-CREAM", 4000, 42.0),
    )


def test_a_lot_can_be_drawn_down_to_nothing() -> None:
    (drawn,) = draw_lots([CREAM_MESH], [LotUse(CREAM_MESH.code, 4000)], GREEN_991_BILL)
    assert drawn.quantity_on_hand == 0


def test_a_tiny_rounding_error_does_not_overdraw_a_lot() -> None:
    lot = MaterialLot("L-2610-0020", "THR-POLY-40", 0.3)
    uses = [LotUse(lot.code, 0.1), LotUse(lot.code, 0.2)]
    (drawn,) = draw_lots([lot], uses, GREEN_991_BILL)
    assert drawn.quantity_consumed == pytest.approx(0.3)


def test_a_lot_cannot_be_drawn_beyond_what_is_on_hand() -> None:
    lot = MaterialLot("L-2610-0004", "LTH-SUEDE-GREEN", 8000, 7900)
    with pytest.raises(RuleBroken) as refusal:
        draw_lots([lot], [LotUse(lot.code, 114)], GREEN_991_BILL)
    assert refusal.value.code == "lot_overdrawn"
    assert refusal.value.message == "Lot L-2610-0004 has 100 left; 114 cannot be drawn from it."
    assert refusal.value.details == {"lot": "L-2610-0004", "on_hand": 100}


def test_several_uses_of_the_same_lot_add_up() -> None:
    uses = [LotUse(GREEN_SUEDE.code, 5000), LotUse(GREEN_SUEDE.code, 2500)]
    (drawn,) = draw_lots([GREEN_SUEDE], uses, GREEN_991_BILL)
    assert drawn.quantity_consumed == 7500
    with pytest.raises(RuleBroken) as refusal:
        draw_lots([GREEN_SUEDE], [*uses, LotUse(GREEN_SUEDE.code, 600)], GREEN_991_BILL)
    assert refusal.value.code == "lot_overdrawn"
    assert refusal.value.message == "Lot L-2610-0004 has 500 left; 600 cannot be drawn from it."


def test_a_lot_not_in_the_colourways_bill_of_materials_cannot_be_drawn() -> None:
    with pytest.raises(RuleBroken) as refusal:
        draw_lots([GREEN_SUEDE, GREY_SUEDE], [LotUse(GREY_SUEDE.code, 9.5)], GREEN_991_BILL)
    assert refusal.value.code == "lot_not_in_bill_of_materials"
    assert refusal.value.message == (
        "Lot L-2610-0001 is LTH-SUEDE-GREY, which is not in this colourway's bill of materials."
    )
    assert refusal.value.details == {"lot": "L-2610-0001"}


@pytest.mark.parametrize("quantity", [0, -9.5])
def test_the_quantity_drawn_from_a_lot_is_above_zero(quantity: float) -> None:
    with pytest.raises(InvalidValue) as refusal:
        draw_lots([GREEN_SUEDE], [LotUse(GREEN_SUEDE.code, quantity)], GREEN_991_BILL)
    assert refusal.value.code == "invalid_quantity"
    assert refusal.value.message == "The quantity drawn from lot L-2610-0004 must be above zero."


def test_drawing_nothing_changes_no_lot() -> None:
    assert draw_lots([GREEN_SUEDE], [], GREEN_991_BILL) == ()


@pytest.mark.parametrize("racks", [1, 2, 35, 70, 71])
def test_a_lot_serves_racks_until_it_runs_out(racks: int) -> None:
    # 9.5 dm2 of suede per pair, 114 dm2 per rack of twelve: 8000 dm2 serves 70 racks.
    uses = [LotUse(GREEN_SUEDE.code, 114)] * racks
    if racks * 114 <= 8000:
        (drawn,) = draw_lots([GREEN_SUEDE], uses, GREEN_991_BILL)
        assert drawn.quantity_on_hand == 8000 - racks * 114
    else:
        with pytest.raises(RuleBroken, match="has 20 left; 114 cannot"):
            draw_lots([GREEN_SUEDE], uses, GREEN_991_BILL)
