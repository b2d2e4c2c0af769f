"""The floor's events as EPCIS 2.0: each kind of event, its outcomes, and the official schema."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid5

import pytest
from jsonschema import Draft7Validator

from cordwainer.domain.floor import EventKind, FloorEvent, LotUse, PairMark, Result
from cordwainer.domain.identifiers import Gln, Gtin, Serial, Sgtin
from cordwainer.standards.epcis import document_context, epcis_document
from cordwainer.standards.epcis_export import (
    EVENT_ID_NAMESPACE,
    Facts,
    LoggedEvent,
    PairFacts,
    Site,
    box_id,
    business_transaction,
    export_event,
    export_events,
    floor_steps_for,
    lot_class,
)
from cordwainer.standards.epcis_validation import problems_in, schema

FLIMBY = Site(Gln("5012345000015"), "https://id.cordwainer.example", "GB")
MONDAY = datetime(2026, 11, 16, 8, 30, tzinfo=UTC)
RECORDED = MONDAY + timedelta(seconds=2)
UK7_D, UK8_D = "05012345000138", "05012345000145"  # 991v2 soft pink, two sizes
RACK, ORDER = "R000042", "PO-00042"


def pair_id(number: int) -> UUID:
    return UUID(int=number)


def facts_of_pair(number: int) -> PairFacts:
    gtin, size = (UK7_D, "7") if number <= 8 else (UK8_D, "8")
    sgtin = Sgtin(Gtin(gtin), Serial(f"{number:09d}"))
    return PairFacts(sgtin, "U991LV2", "U991PK2", size, "D")


FACTS = Facts(
    FLIMBY,
    {pair_id(n): facts_of_pair(n) for n in range(1, 13)},
    {"L-2610-0005": "dm2", "L-2610-0011": "dm2", "L-2610-0099": "furlong"},
)


def epc(number: int) -> str:
    return f"https://id.gs1.org/01/{facts_of_pair(number).sgtin.gtin.value}/21/{number:09d}"


def marks(*numbers: int, **found: Any) -> tuple[PairMark, ...]:
    return tuple(PairMark(pair_id(n), **found) for n in numbers)


def floor_event(kind: EventKind, biz_step: str, disposition: str | None, **more: Any) -> FloorEvent:
    fields: dict[str, Any] = {
        "id": UUID(int=100001 + list(EventKind).index(kind)),
        "kind": kind,
        "event_time": MONDAY,
        "biz_step": biz_step,
        "disposition": disposition,
        "station_code": None,
        "rack_code": RACK,
    }
    return FloorEvent(**(fields | more))


def exported(event: FloorEvent, order: str | None = ORDER) -> list[dict[str, Any]]:
    return export_event(LoggedEvent(event, RECORDED, order), FACTS)


RACK_OF_TWELVE = marks(*range(1, 13))
RELEASED = floor_event(EventKind.RACK_RELEASED, "commissioning", "active", pairs=RACK_OF_TWELVE)
STARTED_CLOSING = floor_event(
    EventKind.OPERATION_STARTED,
    "closing",
    "in_progress",
    station_code="CLS-03",
    operation_code="closing",
    pairs=RACK_OF_TWELVE,
)
CLICKED = floor_event(
    EventKind.OPERATION_FINISHED,
    "clicking",
    "in_progress",
    station_code="CLK-01",
    operation_code="clicking",
    pairs=RACK_OF_TWELVE,
    lots=(LotUse("L-2610-0005", 114.0), LotUse("L-2610-0011", 84.0)),
)
LASTING_INSPECTED = floor_event(
    EventKind.PAIRS_INSPECTED,
    "inspecting",
    None,
    station_code="LST-02",
    operation_code="lasting",
    pairs=(
        *marks(*range(1, 11), result=Result.PASS),
        *marks(11, result=Result.REWORK, defect_code="LST-WRINKLE", rework_to="closing"),
        *marks(12, result=Result.SCRAP, defect_code="LST-TOE"),
    ),
)
METAL_SCANNED = floor_event(
    EventKind.METAL_SCANNED,
    "inspecting",
    None,
    station_code="MD-01",
    operation_code="metal_detection",
    pairs=(*marks(1, 2, result=Result.PASS), *marks(3, result=Result.FAIL, defect_code="MD-METAL")),
)
BOXED = floor_event(
    EventKind.PAIRS_BOXED,
    "packing",
    "container_closed",
    station_code="BOX-01",
    operation_code="boxing",
    pairs=marks(2, 1),
)
SHIPPED = floor_event(
    EventKind.PAIRS_SHIPPED,
    "shipping",
    "in_transit",
    rack_code=None,
    pairs=marks(1, 2),
    details={"shipment": "SH-0001", "customer": "Wholesale — Tokyo"},
)
RECEIVED = floor_event(
    EventKind.LOT_RECEIVED,
    "receiving",
    "in_progress",
    rack_code=None,
    lots=(LotUse("L-2610-0005", 6000.0),),
    details={"material": "LTH-SUEDE-PINK", "supplier_reference": "Partita 26/0872"},
)
SIGNED_OFF = floor_event(
    EventKind.WORK_SIGNED_OFF,
    "closing",
    "in_progress",
    station_code="CLS-03",
    operation_code="closing",
    pairs=RACK_OF_TWELVE,
)
CLEARED = floor_event(
    EventKind.QUARANTINE_CLEARED,
    "inspecting",
    "conformant",
    station_code="MD-01",
    operation_code="metal_detection",
    pairs=marks(3),
)
EVERY_KIND = (
    RECEIVED,
    RELEASED,
    CLICKED,
    STARTED_CLOSING,
    LASTING_INSPECTED,
    METAL_SCANNED,
    BOXED,
    SHIPPED,
    SIGNED_OFF,
    CLEARED,
)

FLIMBY_LINK = "https://id.gs1.org/414/5012345000015"


def test_a_rack_release_commissions_each_variant_with_its_production_data() -> None:
    events = exported(RELEASED)

    assert [(e["type"], e["action"], e["bizStep"], e["disposition"]) for e in events] == [
        ("ObjectEvent", "ADD", "commissioning", "active"),
        ("ObjectEvent", "ADD", "commissioning", "active"),
    ]
    uk7, uk8 = events
    assert uk7["epcList"] == [epc(n) for n in range(1, 9)]
    assert uk8["epcList"] == [epc(n) for n in range(9, 13)]
    assert uk7["ilmd"] == {
        "cw:rack": RACK,
        "cw:productionOrder": ORDER,
        "cw:style": "U991LV2",
        "cw:colourway": "U991PK2",
        "cw:size": "7",
        "cw:width": "D",
        "cbvmda:countryOfOrigin": "GB",
    }
    assert uk8["ilmd"]["cw:size"] == "8"
    assert uk7["bizTransactionList"] == [
        {"type": "prodorder", "bizTransaction": "urn:epcglobal:cbv:bt:5012345000015:PO-00042"}
    ]
    assert uk7["readPoint"] == uk7["bizLocation"] == {"id": FLIMBY_LINK}


def test_every_event_says_when_in_utc_to_the_microsecond() -> None:
    for event in export_events([LoggedEvent(e, RECORDED, ORDER) for e in EVERY_KIND], FACTS):
        assert event["eventTime"] == "2026-11-16T08:30:00.000000Z"
        assert event["recordTime"] == "2026-11-16T08:30:02.000000Z"
        assert event["eventTimeZoneOffset"] == "+00:00"
        assert event["eventID"].startswith("urn:uuid:")


def test_starting_a_craft_step_observes_the_rack_in_progress_at_its_bench() -> None:
    [event] = exported(STARTED_CLOSING)

    assert event["type"] == "ObjectEvent"
    assert event["action"] == "OBSERVE"
    assert event["bizStep"] == "cw:closing"
    assert event["disposition"] == "in_progress"
    assert event["readPoint"] == {"id": f"{FLIMBY_LINK}/254/CLS-03"}
    assert event["bizLocation"] == {"id": FLIMBY_LINK}
    assert event["cw:rack"] == RACK
    assert event["cw:progress"] == "started"
    assert len(event["epcList"]) == 12


def test_finishing_a_step_without_lots_observes_it_finished() -> None:
    finished = floor_event(
        EventKind.OPERATION_FINISHED,
        "closing",
        None,
        station_code="CLS-03",
        operation_code="closing",
        pairs=marks(11),
    )
    [event] = exported(finished)

    assert (event["type"], event["bizStep"], event["disposition"]) == (
        "ObjectEvent",
        "cw:closing",
        "in_progress",
    )
    assert event["cw:progress"] == "finished"
    assert event["epcList"] == [epc(11)]


def test_clicking_is_a_transformation_from_lots_in_square_decimetres_to_the_racks_pairs() -> None:
    [event] = exported(CLICKED)

    assert event["type"] == "TransformationEvent"
    assert event["bizStep"] == "cw:clicking"
    assert event["inputQuantityList"] == [
        {
            "epcClass": "https://id.cordwainer.example/lots/L-2610-0005",
            "quantity": 114.0,
            "uom": "DMK",
        },
        {
            "epcClass": "https://id.cordwainer.example/lots/L-2610-0011",
            "quantity": 84.0,
            "uom": "DMK",
        },
    ]
    assert event["outputEPCList"] == [epc(n) for n in range(1, 13)]
    assert "action" not in event


def test_an_inspection_with_mixed_outcomes_is_one_event_per_outcome() -> None:
    passed, reworked, scrapped = exported(LASTING_INSPECTED)

    assert (passed["action"], passed["bizStep"], passed["disposition"]) == (
        "OBSERVE",
        "inspecting",
        "conformant",
    )
    assert passed["epcList"] == [epc(n) for n in range(1, 11)]
    assert passed["cw:operation"] == "cw:lasting"
    assert (reworked["action"], reworked["bizStep"], reworked["disposition"]) == (
        "OBSERVE",
        "repairing",
        "non_conformant",
    )
    assert reworked["epcList"] == [epc(11)]
    assert (reworked["cw:defect"], reworked["cw:reworkAt"]) == ("LST-WRINKLE", "cw:closing")
    assert (scrapped["action"], scrapped["bizStep"], scrapped["disposition"]) == (
        "DELETE",
        "destroying",
        "destroyed",
    )
    assert scrapped["epcList"] == [epc(12)]
    assert scrapped["cw:defect"] == "LST-TOE"
    assert "cw:reworkAt" not in scrapped


def test_each_outcome_has_an_event_id_of_its_own_that_never_changes() -> None:
    first = [event["eventID"] for event in exported(LASTING_INSPECTED)]
    again = [event["eventID"] for event in exported(LASTING_INSPECTED)]

    assert first == again
    assert len(set(first)) == 3
    expected = uuid5(EVENT_ID_NAMESPACE, f"{LASTING_INSPECTED.id}/rework/LST-WRINKLE/closing")
    assert first[1] == f"urn:uuid:{expected}"


def test_a_metal_alarm_is_a_non_conformant_inspection_at_the_detector() -> None:
    cleared, alarmed = exported(METAL_SCANNED)

    assert (cleared["bizStep"], cleared["disposition"]) == ("inspecting", "conformant")
    assert cleared["epcList"] == [epc(1), epc(2)]
    assert (alarmed["bizStep"], alarmed["disposition"]) == ("inspecting", "non_conformant")
    assert alarmed["epcList"] == [epc(3)]
    assert alarmed["cw:defect"] == "MD-METAL"
    assert alarmed["cw:operation"] == "cw:metal_detection"
    assert alarmed["readPoint"] == {"id": f"{FLIMBY_LINK}/254/MD-01"}


def test_a_sign_off_observes_the_trainees_work_still_in_progress_at_its_step() -> None:
    [signed] = exported(SIGNED_OFF)

    assert (signed["bizStep"], signed["disposition"]) == ("cw:closing", "in_progress")
    assert signed["cw:progress"] == "signed_off"
    assert len(signed["epcList"]) == 12


def test_a_cleared_quarantine_is_a_conformant_inspection_of_the_pair() -> None:
    [cleared] = exported(CLEARED)

    assert (cleared["bizStep"], cleared["disposition"]) == ("inspecting", "conformant")
    assert cleared["epcList"] == [epc(3)]
    assert cleared["cw:progress"] == "quarantine_cleared"


def test_every_kind_of_floor_event_has_its_epcis_form() -> None:
    assert {event.kind for event in EVERY_KIND} == set(EventKind)


def test_boxing_aggregates_each_pair_into_its_own_box() -> None:
    first, second = exported(BOXED)

    assert first["type"] == "AggregationEvent"
    assert (first["action"], first["bizStep"], first["disposition"]) == (
        "ADD",
        "packing",
        "container_closed",
    )
    assert first["childEPCs"] == [epc(1)]
    assert first["parentID"] == f"https://id.cordwainer.example/01/{UK7_D}/21/000000001/box"
    assert second["childEPCs"] == [epc(2)]
    assert first["eventID"] != second["eventID"]


def test_shipping_observes_the_pairs_in_transit_under_the_shipment_and_names_no_customer() -> None:
    [event] = exported(SHIPPED)

    assert (event["action"], event["bizStep"], event["disposition"]) == (
        "OBSERVE",
        "shipping",
        "in_transit",
    )
    assert event["epcList"] == [epc(1), epc(2)]
    assert event["bizTransactionList"] == [
        {"type": "desadv", "bizTransaction": "urn:epcglobal:cbv:bt:5012345000015:SH-0001"}
    ]
    assert event["sourceList"] == [{"type": "location", "source": FLIMBY_LINK}]
    assert "bizLocation" not in event
    assert "Tokyo" not in json.dumps(event)


def test_a_lot_receipt_adds_the_lot_as_a_quantity_of_its_class() -> None:
    [event] = exported(RECEIVED, order=None)

    assert (event["action"], event["bizStep"], event["disposition"]) == (
        "ADD",
        "receiving",
        "in_progress",
    )
    assert event["quantityList"] == [
        {
            "epcClass": "https://id.cordwainer.example/lots/L-2610-0005",
            "quantity": 6000.0,
            "uom": "DMK",
        }
    ]
    assert event["ilmd"] == {
        "cw:material": "LTH-SUEDE-PINK",
        "cw:supplierReference": "Partita 26/0872",
    }


def test_what_the_log_does_not_say_is_left_out() -> None:
    unknown_unit = floor_event(
        EventKind.LOT_RECEIVED,
        "receiving",
        None,
        rack_code=None,
        lots=(LotUse("L-2610-0099", 3.0),),
    )
    [received] = exported(unknown_unit)
    assert received["quantityList"] == [
        {"epcClass": "https://id.cordwainer.example/lots/L-2610-0099", "quantity": 3.0}
    ]
    assert received["disposition"] == "in_progress"
    assert "ilmd" not in received

    [released, _] = exported(RELEASED, order=None)
    assert "bizTransactionList" not in released
    assert "cw:productionOrder" not in released["ilmd"]

    [shipped] = exported(floor_event(EventKind.PAIRS_SHIPPED, "shipping", None, pairs=marks(1)))
    assert "bizTransactionList" not in shipped

    loose = floor_event(
        EventKind.PAIRS_INSPECTED, "inspecting", None, rack_code=None, pairs=marks(4)
    )
    [inspected] = exported(loose)
    assert inspected["disposition"] == "conformant"
    assert "cw:rack" not in inspected
    assert "cw:operation" not in inspected
    assert inspected["readPoint"] == {"id": FLIMBY_LINK}


def test_operators_are_never_exported() -> None:
    with_operator = floor_event(
        EventKind.OPERATION_STARTED,
        "closing",
        "in_progress",
        station_code="CLS-03",
        operation_code="closing",
        operator_id=UUID(int=7),
        pairs=marks(1),
    )
    text = json.dumps(exported(with_operator))

    assert str(UUID(int=7)) not in text
    assert "operator" not in text


def test_a_document_of_every_kind_of_event_validates_against_the_official_schema() -> None:
    events = export_events([LoggedEvent(e, RECORDED, ORDER) for e in EVERY_KIND], FACTS)
    document = epcis_document(events, created=RECORDED, context=document_context())

    assert list(Draft7Validator(schema()).iter_errors(document)) == []
    assert problems_in(document) == []
    assert document["@context"] == [
        "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
        {"cw": "https://ns.cordwainer.example/epcis/"},
    ]
    assert {(e["type"], e.get("bizStep")) for e in events} >= {
        ("ObjectEvent", "receiving"),
        ("ObjectEvent", "commissioning"),
        ("TransformationEvent", "cw:clicking"),
        ("ObjectEvent", "cw:closing"),
        ("ObjectEvent", "inspecting"),
        ("ObjectEvent", "repairing"),
        ("ObjectEvent", "destroying"),
        ("AggregationEvent", "packing"),
        ("ObjectEvent", "shipping"),
    }


def test_lots_boxes_and_transactions_are_named_on_the_factorys_resolver() -> None:
    pair = Sgtin(Gtin(UK7_D), Serial("A/7"))

    assert lot_class(FLIMBY, "L 26/1") == "https://id.cordwainer.example/lots/L%2026%2F1"
    assert box_id(FLIMBY, pair) == f"https://id.cordwainer.example/01/{UK7_D}/21/A%2F7/box"
    assert business_transaction(FLIMBY, "SH 1") == "urn:epcglobal:cbv:bt:5012345000015:SH%201"


@pytest.mark.parametrize(
    ("biz_step", "floor_steps"),
    [
        ("repairing", {"inspecting"}),
        ("destroying", {"inspecting"}),
        ("inspecting", {"inspecting"}),
        ("cw:closing", {"closing"}),
        ("shipping", {"shipping"}),
    ],
)
def test_a_business_step_is_looked_for_under_the_floors_own_step_names(
    biz_step: str, floor_steps: set[str]
) -> None:
    assert floor_steps_for(biz_step) == floor_steps
