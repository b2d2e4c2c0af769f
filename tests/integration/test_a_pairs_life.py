"""One rack's whole life through the services, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime
from uuid import uuid4

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from cordwainer.services import floor, trace
from cordwainer.services.racks import rack_view
from cordwainer.storage.database import Database
from tests.floor_walk import Floor


def test_a_rack_goes_from_order_to_shipment_and_is_traced_both_ways(factory: Database) -> None:
    shop = Floor.of(factory)
    rack = shop.release(shop.order(pairs=12))
    view = rack_view(factory, rack)
    assert len(view.pairs) == 12
    assert len({pair.serial for pair in view.pairs}) == 12

    shop.through(rack, "final_inspection")
    shop.metal_scan(rack)
    shop.box(rack)
    serials = tuple(pair.serial for pair in rack_view(factory, rack).pairs)
    shipped = floor.ship_pairs(
        factory,
        floor.ShipCommand(
            uuid4(), shop.person("boxing"), "SH-0001", "Wholesale — Tokyo", rack=rack
        ),
    )

    assert shipped.kind == "pairs_shipped"
    assert {pair.serial for pair in shipped.pairs} == set(serials)
    assert {pair.status for pair in rack_view(factory, rack).pairs} == {"shipped"}

    gtin, serial = shipped.pairs[0].gtin, shipped.pairs[0].serial
    story = trace.trace_pair(factory, gtin, serial)
    kinds = [event.kind for event in story.events]
    assert kinds[0] == "rack_released"
    assert kinds.count("pairs_inspected") == 8
    assert kinds[-3:] == ["metal_scanned", "pairs_boxed", "pairs_shipped"]
    operations = [e.operation for e in story.events if e.kind == "operation_started"]
    assert operations == [
        "clicking",
        "preparation",
        "closing",
        "lasting",
        "sole_preparation",
        "sole_attaching",
        "finishing",
        "final_inspection",
    ]
    assert all(e.operator_name for e in story.events if e.kind != "rack_released")
    assert all(isinstance(e.event_time, datetime) and e.event_time.tzinfo for e in story.events)
    assert isinstance(story.pair.released_at, datetime)
    assert story.lots, "the pair names the lots it was cut from"
    assert all(isinstance(lot.received_on, date) for lot in story.lots)
    assert all(lot.supplier_country for lot in story.lots)

    forward = trace.trace_lot(factory, story.lots[0].lot)
    assert {pair.serial for pair in forward.pairs} == set(serials)
    assert {pair.shipment for pair in forward.pairs} == {"SH-0001"}
    assert {pair.customer for pair in forward.pairs} == {"Flimby factory shop"}


def test_a_reworked_pair_travels_alone_and_rejoins_its_rack(factory: Database) -> None:
    shop = Floor.of(factory)
    rack = shop.release(shop.order(pairs=6))
    shop.through(rack, "closing")
    first = rack_view(factory, rack).pairs[0].serial
    shop.craft(
        "lasting",
        rack,
        findings=(floor.FindingInput(first, "rework", "LST-WRINKLE", "closing"),),
    )
    where = {pair.serial: pair.operation for pair in rack_view(factory, rack).pairs}
    assert where[first] == "closing"
    assert set(where.values()) == {"closing", "sole_preparation"}

    shop.craft("closing", rack, first)
    shop.craft("lasting", rack, first)

    assert {pair.operation for pair in rack_view(factory, rack).pairs} == {"sole_preparation"}
    story = trace.trace_pair(factory, rack_view(factory, rack).pairs[0].gtin, first)
    reworks = [e for e in story.events if e.result == "rework"]
    assert [(e.defect_code, e.rework_to) for e in reworks] == [("LST-WRINKLE", "closing")]


def test_a_metal_alarm_quarantines_the_pair_and_the_rest_are_boxed(factory: Database) -> None:
    shop = Floor.of(factory)
    rack = shop.release(shop.order(pairs=4))
    shop.through(rack, "final_inspection")
    alarmed = rack_view(factory, rack).pairs[1].serial
    shop.metal_scan(rack, alarms=((alarmed, "MD-METAL"),))
    boxed = shop.box(rack)

    assert alarmed not in {pair.serial for pair in boxed.pairs}
    assert len(boxed.pairs) == 3
    status = {pair.serial: pair.status for pair in rack_view(factory, rack).pairs}
    assert status[alarmed] == "quarantined"


def test_lots_drawn_at_clicking_are_consumed_from_stock(factory: Database) -> None:
    shop = Floor.of(factory)
    rack = shop.release(shop.order(pairs=12))
    with factory.reading() as connection:
        before = dict(
            connection.execute(text("SELECT code, quantity_consumed FROM material_lots")).all()
        )
    shop.craft("clicking", rack)
    with factory.reading() as connection:
        after = dict(
            connection.execute(text("SELECT code, quantity_consumed FROM material_lots")).all()
        )
    drawn = {
        code: round(after[code] - before[code], 3) for code in after if after[code] != before[code]
    }
    assert sorted(drawn.values()) == sorted(
        [round(9.5 * 12, 3), round(3.5 * 12, 3), round(7.0 * 12, 3)]
    )


def test_the_event_log_refuses_updates_and_deletes(factory: Database) -> None:
    shop = Floor.of(factory)
    shop.release(shop.order(pairs=2))
    for statement in ("UPDATE events SET biz_step = 'forged'", "DELETE FROM event_pairs"):
        with factory.engine.connect() as connection, pytest.raises(DBAPIError, match="append-only"):
            connection.execute(text(statement))
