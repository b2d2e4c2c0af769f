"""Every refused floor command names its reason with a stable code and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from uuid import uuid4

import pytest

from cordwainer.domain.errors import CordwainerError, NotFound, NotPermitted, RuleBroken
from cordwainer.services import floor, orders
from cordwainer.services.racks import rack_view
from cordwainer.storage.database import Database
from tests.floor_walk import COLOURWAY, Floor, snapshot

PINK_SUEDE = "L-2610-0005"  # 6000 dm2 of the 991v2 soft pink's upper
GREY_SUEDE = "L-2610-0001"  # in no bill of the soft pink colourway


def refused(db: Database, action: Callable[[], object], code: str) -> CordwainerError:
    before = snapshot(db)
    with pytest.raises(CordwainerError) as caught:
        action()
    assert caught.value.code == code
    assert snapshot(db) == before, "a refused command must leave the database as it was"
    return caught.value


def test_an_unknown_rack_is_not_found(factory: Database) -> None:
    shop = Floor.of(factory)
    error = refused(
        factory,
        lambda: floor.start_operation(factory, shop.step("clicking", "R999999")),
        "rack_not_found",
    )
    assert isinstance(error, NotFound)
    assert "R999999" in error.message


def test_an_order_with_an_invalid_gtin_is_refused_with_the_check_digit(factory: Database) -> None:
    new = orders.NewOrder(
        COLOURWAY, orders.date(2026, 12, 1), "Direct — online", (("5012345000011", 2),)
    )
    error = refused(factory, lambda: orders.create_order(factory, new), "invalid_gtin")
    assert "check digit" in error.message


def test_a_step_cannot_be_skipped(factory: Database) -> None:
    shop = Floor.of(factory)
    rack = shop.release(shop.order(pairs=3))
    error = refused(
        factory, lambda: floor.start_operation(factory, shop.step("closing", rack)), "step_skipped"
    )
    assert isinstance(error, RuleBroken)
    assert f"Rack {rack} is at clicking" in error.message


def test_a_step_done_cannot_be_started_again(factory: Database) -> None:
    shop = Floor.of(factory)
    rack = shop.release(shop.order(pairs=3))
    shop.craft("clicking", rack)
    refused(
        factory,
        lambda: floor.start_operation(factory, shop.step("clicking", rack)),
        "step_already_done",
    )


def test_a_rack_cannot_be_started_at_a_station_of_another_operation(factory: Database) -> None:
    shop = Floor.of(factory)
    rack = shop.release(shop.order(pairs=3))
    command = floor.StepCommand(
        uuid4(), shop.station("closing"), shop.person("clicking"), rack, operation="clicking"
    )
    error = refused(factory, lambda: floor.start_operation(factory, command), "wrong_station")
    assert shop.station("closing") in error.message


def test_an_operator_without_the_skill_cannot_start(factory: Database) -> None:
    shop = Floor.of(factory)
    rack = shop.release(shop.order(pairs=3))
    laster_only = next(
        badge for badge in shop.people["lasting"] if badge not in shop.people["clicking"]
    )
    command = floor.StepCommand(uuid4(), shop.station("clicking"), laster_only, rack)
    error = refused(
        factory, lambda: floor.start_operation(factory, command), "operator_not_qualified"
    )
    assert isinstance(error, NotPermitted)
    assert laster_only in error.message


def test_a_rack_cannot_be_boxed_without_a_passed_metal_scan(factory: Database) -> None:
    shop = Floor.of(factory)
    rack = shop.release(shop.order(pairs=3))
    shop.through(rack, "final_inspection")
    error = refused(factory, lambda: shop.box(rack), "metal_scan_missing")
    assert "metal detector" in error.message


def test_a_quarantined_pair_cannot_be_boxed(factory: Database) -> None:
    shop = Floor.of(factory)
    rack = shop.release(shop.order(pairs=2))
    shop.through(rack, "final_inspection")
    alarmed = rack_view(factory, rack).pairs[0].serial
    shop.metal_scan(rack, alarms=((alarmed, "MD-METAL"),))
    refused(factory, lambda: shop.box(rack, alarmed), "pair_not_in_production")


def test_clicking_must_name_its_lots(factory: Database) -> None:
    shop = Floor.of(factory)
    rack = shop.release(shop.order(pairs=2))
    floor.start_operation(factory, shop.step("clicking", rack))
    base = shop.step("clicking", rack)
    command = floor.FinishCommand(uuid4(), base.station, base.operator, rack)
    refused(factory, lambda: floor.finish_operation(factory, command), "lots_required")


def test_a_lot_cannot_be_drawn_beyond_what_was_received(factory: Database) -> None:
    shop = Floor.of(factory)
    rack = shop.release(shop.order(pairs=2))
    floor.start_operation(factory, shop.step("clicking", rack))
    base = shop.step("clicking", rack)
    command = floor.FinishCommand(
        uuid4(), base.station, base.operator, rack, lots=((PINK_SUEDE, 6001.0),)
    )
    error = refused(factory, lambda: floor.finish_operation(factory, command), "lot_overdrawn")
    assert f"Lot {PINK_SUEDE} has 6000 left" in error.message


def test_a_lot_of_another_colourway_cannot_be_drawn(factory: Database) -> None:
    shop = Floor.of(factory)
    rack = shop.release(shop.order(pairs=2))
    floor.start_operation(factory, shop.step("clicking", rack))
    base = shop.step("clicking", rack)
    command = floor.FinishCommand(
        uuid4(), base.station, base.operator, rack, lots=((GREY_SUEDE, 5.0),)
    )
    refused(
        factory, lambda: floor.finish_operation(factory, command), "lot_not_in_bill_of_materials"
    )


def test_a_rework_needs_a_defect_code(factory: Database) -> None:
    shop = Floor.of(factory)
    rack = shop.release(shop.order(pairs=2))
    shop.through(rack, "clicking")
    floor.start_operation(factory, shop.step("preparation", rack))
    base = shop.step("preparation", rack)
    floor.finish_operation(factory, floor.FinishCommand(uuid4(), base.station, base.operator, rack))
    serial = rack_view(factory, rack).pairs[0].serial
    command = floor.InspectCommand(
        uuid4(),
        base.station,
        shop.person("final_inspection"),
        rack,
        findings=(floor.FindingInput(serial, "rework"),),
    )
    refused(factory, lambda: floor.inspect_pairs(factory, command), "defect_code_required")


def test_shipping_an_unboxed_pair_is_refused(factory: Database) -> None:
    shop = Floor.of(factory)
    rack = shop.release(shop.order(pairs=2))
    command = floor.ShipCommand(
        uuid4(), shop.person("boxing"), "SH-9", "Direct — online", rack=rack
    )
    refused(factory, lambda: floor.ship_pairs(factory, command), "pair_not_boxed")


def test_an_unknown_badge_is_not_found(factory: Database) -> None:
    shop = Floor.of(factory)
    rack = shop.release(shop.order(pairs=2))
    command = floor.StepCommand(uuid4(), shop.station("clicking"), "B0000", rack)
    refused(factory, lambda: floor.start_operation(factory, command), "operator_not_found")


def test_an_order_released_in_full_has_no_more_racks(factory: Database) -> None:
    shop = Floor.of(factory)
    order = shop.order(pairs=2)
    shop.release(order)
    refused(factory, lambda: shop.release(order), "order_fully_released")
