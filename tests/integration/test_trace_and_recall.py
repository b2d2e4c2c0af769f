"""The whole trace, back from a pair and forward from a lot, and a lot's recall."""

from __future__ import annotations

import csv
import io
from uuid import uuid4

import pytest

from cordwainer.domain.errors import NotFound
from cordwainer.services import floor, recall, trace
from cordwainer.services.racks import rack_view
from cordwainer.storage.database import Database
from tests.floor_walk import Floor


def _shipped(shop: Floor, rack: str, shipment: str, customer: str) -> None:
    floor.ship_pairs(
        shop.db,
        floor.ShipCommand(uuid4(), shop.person("boxing"), shipment, customer, rack=rack),
    )


def _three_racks(factory: Database) -> tuple[Floor, dict[str, str]]:
    """A rack shipped, a rack boxed and a rack only cut, all from the same order's lots."""
    shop = Floor.of(factory)
    order = shop.order(pairs=12)
    racks = {"shipped": shop.release(order)}
    racks["boxed"] = shop.release(shop.order(pairs=6))
    racks["cut"] = shop.release(shop.order(pairs=4))
    for name in ("shipped", "boxed"):
        shop.through(racks[name], "final_inspection")
        shop.metal_scan(racks[name])
        shop.box(racks[name])
    shop.through(racks["cut"], "clicking")
    _shipped(shop, racks["shipped"], "SH-2611-0042", "Wholesale — Tokyo")
    return shop, racks


def _lot_of_all(factory: Database, racks: dict[str, str]) -> str:
    shared: set[str] | None = None
    for rack in racks.values():
        pair = rack_view(factory, rack).pairs[0]
        lots = {lot.lot for lot in trace.trace_pair(factory, pair.gtin, pair.serial).lots}
        shared = lots if shared is None else shared & lots
    assert shared, "the three racks were cut from one lot at least"
    return sorted(shared)[0]


def test_a_pairs_backward_trace_names_its_rack_order_box_and_shipment(factory: Database) -> None:
    _, racks = _three_racks(factory)
    pair = rack_view(factory, racks["shipped"]).pairs[0]

    story = trace.trace_pair(factory, pair.gtin, pair.serial)

    assert story.pair.rack == racks["shipped"]
    assert story.pair.order.startswith("PO-")
    assert story.pair.customer == "Flimby factory shop"
    assert story.packing.shipment == "SH-2611-0042"
    assert story.packing.shipped_to == "Wholesale — Tokyo"
    assert story.packing.boxed_at is not None
    assert story.packing.shipped_at is not None
    assert story.packing.boxed_at <= story.packing.shipped_at
    assert story.packing.box_station is not None
    assert all(lot.supplier_name and lot.certifications is not None for lot in story.lots)
    inspections = [e for e in story.events if e.kind == "pairs_inspected"]
    assert inspections
    assert all(e.operator_name and e.station for e in inspections)


def test_a_boxed_pair_has_a_box_and_no_shipment_yet(factory: Database) -> None:
    _, racks = _three_racks(factory)
    pair = rack_view(factory, racks["boxed"]).pairs[0]

    packing = trace.trace_pair(factory, pair.gtin, pair.serial).packing

    assert packing.boxed_at is not None
    assert (packing.shipment, packing.shipped_to, packing.shipped_at) == (None, None, None)


def test_a_lots_forward_trace_says_where_each_pair_is_now(factory: Database) -> None:
    _, racks = _three_racks(factory)
    lot = _lot_of_all(factory, racks)

    pairs = {pair.serial: pair for pair in trace.trace_lot(factory, lot).pairs}

    for name, status in (("shipped", "shipped"), ("boxed", "boxed"), ("cut", "in_production")):
        for pair in rack_view(factory, racks[name]).pairs:
            assert pairs[pair.serial].status == status
            assert pairs[pair.serial].rack == racks[name]
    shipped = [p for p in pairs.values() if p.status == "shipped"]
    assert {(p.shipment, p.shipped_to) for p in shipped} == {("SH-2611-0042", "Wholesale — Tokyo")}
    assert all(p.boxed_at is not None for p in pairs.values() if p.status != "in_production")
    on_floor = [p for p in pairs.values() if p.status == "in_production"]
    assert {p.operation for p in on_floor} == {"preparation"}
    assert all(p.boxed_at is None and p.shipment is None for p in on_floor)
    assert all(p.style_name and p.colourway_name and p.size and p.width for p in pairs.values())


def test_a_recall_counts_the_lots_pairs_by_status_with_the_customers_holding_them(
    factory: Database,
) -> None:
    _, racks = _three_racks(factory)
    lot = _lot_of_all(factory, racks)

    called = recall.recall_lot(factory, lot)

    assert (called.shipped, called.boxed, called.in_production, called.scrapped) == (12, 6, 4, 0)
    assert called.affected == 22
    assert called.by_status == {"boxed": 6, "in_production": 4, "shipped": 12}
    assert called.shipments == [recall.ShipmentOfLot("SH-2611-0042", "Wholesale — Tokyo", 12)]
    assert called.customers == ["Wholesale — Tokyo"]
    assert called.lot.lot == lot
    assert called.lot.supplier_name


def test_a_recalls_csv_has_one_row_per_pair_a_person_can_send(factory: Database) -> None:
    _, racks = _three_racks(factory)
    lot = _lot_of_all(factory, racks)

    rows = list(csv.DictReader(io.StringIO(recall.recall_csv(recall.recall_lot(factory, lot)))))

    assert list(rows[0]) == list(recall.CSV_COLUMNS)
    assert len(rows) == 22
    assert len({(row["GTIN"], row["serial"]) for row in rows}) == 22
    shipped = [row for row in rows if row["status"] == "shipped"]
    assert {(row["shipment"], row["customer"]) for row in shipped} == {
        ("SH-2611-0042", "Wholesale — Tokyo")
    }
    assert {row["style"] for row in rows} == {"991v2"} or all(row["style"] for row in rows)
    assert all(row["colourway"] and row["size"] and row["width"] for row in rows)
    assert all(row["shipment"] == "" for row in rows if row["status"] != "shipped")


def test_a_pair_shipped_apart_from_its_rack_keeps_its_own_shipment(factory: Database) -> None:
    shop = Floor.of(factory)
    rack = shop.release(shop.order(pairs=3))
    shop.through(rack, "final_inspection")
    shop.metal_scan(rack)
    shop.box(rack)
    first, *rest = rack_view(factory, rack).pairs
    floor.ship_pairs(
        factory,
        floor.ShipCommand(
            uuid4(), shop.person("boxing"), "SH-A", "Wholesale — Paris", serials=(first.serial,)
        ),
    )
    floor.ship_pairs(
        factory,
        floor.ShipCommand(
            uuid4(),
            shop.person("boxing"),
            "SH-B",
            "Wholesale — Tokyo",
            serials=tuple(p.serial for p in rest),
        ),
    )
    lot = _lot_of_all(factory, {"only": rack})

    called = recall.recall_lot(factory, lot)

    assert {(s.shipment, s.customer, s.pairs) for s in called.shipments} == {
        ("SH-A", "Wholesale — Paris", 1),
        ("SH-B", "Wholesale — Tokyo", 2),
    }
    assert called.customers == ["Wholesale — Paris", "Wholesale — Tokyo"]


def test_a_lot_no_pair_was_cut_from_is_recalled_empty(factory: Database) -> None:
    called = recall.recall_lot(factory, "L-2610-0001")

    assert called.affected == 0
    assert called.by_status == {}
    assert called.shipments == []
    assert called.customers == []


def test_an_unknown_lot_cannot_be_recalled(factory: Database) -> None:
    with pytest.raises(NotFound) as refused:
        recall.recall_lot(factory, "L-0000-9999")

    assert refused.value.code == "lot_not_found"
