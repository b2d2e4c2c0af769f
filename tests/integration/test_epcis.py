"""EPCIS 2.0 on a real database: a rack's whole life exported, documents captured, queried,
and a round trip to an empty Cordwainer and back, on SQLite and PostgreSQL."""

from __future__ import annotations

import copy
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from jsonschema import Draft7Validator
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from cordwainer.domain.errors import Conflict, InvalidValue, NotFound
from cordwainer.services import epcis, floor, trace
from cordwainer.services.racks import rack_view
from cordwainer.standards.epcis import indexed, parse_time
from cordwainer.standards.epcis_validation import problems_in, schema
from cordwainer.storage.database import Database
from cordwainer.storage.epcis_store import Capture, EpcisStore, NewEvent
from cordwainer.storage.migrate import upgrade
from tests.databases import POSTGRESQL_URL, PostgresqlTemplates, SqliteTemplates
from tests.floor_walk import Floor

EXAMPLES = Path(__file__).resolve().parents[3] / "shared" / "standards" / "epcis" / "examples"
EXAMPLE_NAMES = sorted(path.name for path in EXAMPLES.glob("*.jsonld"))
CUSTOMER = "Flimby factory shop"  # the demo orders' customer, which EPCIS must not carry
AFTER_LASTING = ("sole_preparation", "sole_attaching", "finishing", "final_inspection")


def example(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    return loaded


def events_in(document: dict[str, Any]) -> list[dict[str, Any]]:
    body = document["epcisBody"]
    found: list[dict[str, Any]] = (
        body.get("eventList") or body["queryResults"]["resultsBody"]["eventList"]
    )
    return found


def pair_link(gtin: str, serial: str) -> str:
    return f"https://id.gs1.org/01/{gtin}/21/{serial}"


def names(event: dict[str, Any], link: str) -> bool:
    """Whether the event names the object anywhere: as EPC, child, input, output or parent."""
    listed = [
        *event.get("epcList", []),
        *event.get("childEPCs", []),
        *event.get("outputEPCList", []),
        event.get("parentID"),
    ]
    return link in listed


def rack_of(event: dict[str, Any]) -> str | None:
    """The rack an exported event names: with the event, or in its production data."""
    rack: str | None = event.get("cw:rack", event.get("ilmd", {}).get("cw:rack"))
    return rack


def moment(event: dict[str, Any]) -> datetime:
    found = parse_time(event["eventTime"])
    assert found is not None
    return found


@dataclass(frozen=True)
class Walked:
    """A rack of twelve through every step: one pair reworked at lasting, one scrapped
    there, one stopped by the metal detector; the rest boxed and shipped."""

    db: Database
    rack: str
    reworked: tuple[str, str]  # (GTIN, serial)
    scrapped: tuple[str, str]
    alarmed: tuple[str, str]
    lots: tuple[str, ...]
    operators: tuple[str, ...]


def walk(factory: Database) -> Walked:
    """Walk a rack of the demo factory through its whole life, as `Walked` says."""
    shop = Floor.of(factory)
    rack = shop.release(shop.order(pairs=12))
    shop.through(rack, "closing")
    pairs = rack_view(factory, rack).pairs
    reworked, scrapped, alarmed = ((p.gtin, p.serial) for p in pairs[:3])
    shop.craft(
        "lasting",
        rack,
        findings=(
            floor.FindingInput(reworked[1], "rework", "LST-WRINKLE", "closing"),
            floor.FindingInput(scrapped[1], "scrap", "LST-SHAPE"),
        ),
    )
    shop.craft("closing", rack, reworked[1])
    shop.craft("lasting", rack, reworked[1])
    for operation in AFTER_LASTING:
        shop.craft(operation, rack)
    shop.metal_scan(rack, alarms=((alarmed[1], "MD-METAL"),))
    shop.box(rack)
    floor.ship_pairs(
        factory,
        floor.ShipCommand(
            uuid4(), shop.person("boxing"), "SH-0001", "Wholesale — Tokyo", rack=rack
        ),
    )
    story = trace.trace_pair(factory, *reworked)
    people = {p for op in shop.people.values() for p in op}
    return Walked(
        factory,
        rack,
        reworked,
        scrapped,
        alarmed,
        tuple(lot.lot for lot in story.lots),
        tuple(sorted(people)),
    )


@pytest.fixture
def walked(factory: Database) -> Walked:
    return walk(factory)


TOLD = (
    "Example_9.6.1-ObjectEvent.jsonld",
    "Example_9.6.3-AggregationEvent.jsonld",
    "Example_9.6.4-TransformationEvent.jsonld",
)


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)]
)
def told(request: pytest.FixtureRequest) -> Iterator[Walked]:
    """One walked rack per kind of database, with GS1's examples captured beside it, for
    the tests that only read."""
    templates: SqliteTemplates | PostgresqlTemplates = request.getfixturevalue(
        f"{request.param}_templates"
    )
    url = templates.fresh_url()
    db = Database.connect(url)
    walked = walk(db)
    for name in TOLD:
        epcis.capture(db, example(name))
    yield walked
    db.dispose()
    templates.drop(url)


@pytest.fixture
def empty(told: Walked, tmp_path: Path) -> Iterator[Database]:
    """A migrated database of the same kind as the told one, with nothing in it."""
    if told.db.dialect == "sqlite":
        db = Database.connect(f"sqlite:///{tmp_path}/empty.sqlite")
        upgrade(db.engine)
        yield db
        db.dispose()
        return
    admin = create_engine(
        make_url(POSTGRESQL_URL).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT"
    )
    name = f"cw_epcis_empty_{uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(POSTGRESQL_URL).set(database=name).render_as_string(hide_password=False)
    db = Database.connect(url)
    upgrade(db.engine)
    yield db
    db.dispose()
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def captured_rows(db: Database) -> tuple[int, int, int]:
    with db.reading() as connection:
        return tuple(  # type: ignore[return-value]
            connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in ("epcis_captures", "epcis_events", "epcis_event_epcs")
        )


def queried(db: Database, *params: tuple[str, str], per_page: int = 7) -> list[dict[str, Any]]:
    """Every event a query gives, page after page."""
    found: list[dict[str, Any]] = []
    token: str | None = None
    while True:
        paging = [("perPage", str(per_page))] + ([("nextPageToken", token)] if token else [])
        page = epcis.query_events(db, [*params, *paging])
        assert problems_in(page.document) == []
        found += events_in(page.document)
        token = page.next_page_token
        if token is None:
            return found


# Export


def test_a_racks_whole_life_exports_as_one_document_the_official_schema_accepts(
    told: Walked,
) -> None:
    document = epcis.export_document(told.db)
    events = events_in(document)
    flimby = {"id": "https://id.gs1.org/414/5012345000015"}
    shipped_here = [e for e in events if e["bizStep"] == "shipping" and e["readPoint"] == flimby]
    ours = [e for e in events if rack_of(e) == told.rack] + shipped_here

    assert list(Draft7Validator(schema()).iter_errors(document)) == []
    assert problems_in(document) == []
    kinds = Counter((e["type"], e.get("action"), e["bizStep"], e["disposition"]) for e in ours)
    assert kinds[("ObjectEvent", "ADD", "commissioning", "active")] == 12  # one per size
    assert kinds[("TransformationEvent", None, "cw:clicking", "in_progress")] == 1
    assert kinds[("ObjectEvent", "OBSERVE", "repairing", "non_conformant")] == 1
    assert kinds[("ObjectEvent", "DELETE", "destroying", "destroyed")] == 1
    assert kinds[("ObjectEvent", "OBSERVE", "inspecting", "non_conformant")] == 1
    assert kinds[("AggregationEvent", "ADD", "packing", "container_closed")] == 10
    assert kinds[("ObjectEvent", "OBSERVE", "shipping", "in_transit")] == 1
    assert kinds[("ObjectEvent", "OBSERVE", "cw:closing", "in_progress")] == 4  # twice for one
    [alarm] = [e for e in ours if e.get("cw:defect") == "MD-METAL"]
    assert alarm["epcList"] == [pair_link(*told.alarmed)]
    [shipped] = [e for e in ours if e["bizStep"] == "shipping"]
    assert len(shipped["epcList"]) == 10
    receipts = [e for e in events if e["bizStep"] == "receiving" and e["bizLocation"] == flimby]
    assert len(receipts) == 36  # the demo factory's lots, received as it was set up
    as_text = json.dumps(document, ensure_ascii=False)
    assert CUSTOMER not in as_text
    assert "Tokyo" not in as_text
    assert not [badge for badge in told.operators if f'"{badge}"' in as_text]


def test_an_export_for_one_pair_holds_every_event_that_names_it(told: Walked) -> None:
    everything = events_in(epcis.export_document(told.db))
    gtin, serial = told.reworked
    link = pair_link(gtin, serial)

    mine = events_in(epcis.export_document(told.db, gtin=gtin, serial=serial))

    assert mine == [e for e in everything if names(e, link)]
    assert [e["bizStep"] for e in mine].count("repairing") == 1
    assert [e["bizStep"] for e in mine].count("cw:closing") == 4
    assert mine[-1]["bizStep"] == "shipping"


def test_an_export_for_a_lot_holds_its_receipt_its_clicking_and_every_event_of_its_pairs(
    told: Walked,
) -> None:
    everything = events_in(epcis.export_document(told.db))
    lot = told.lots[0]
    lot_class = f"https://id.cordwainer.example/lots/{lot}"
    pairs = {pair_link(p.gtin, p.serial) for p in rack_view(told.db, told.rack).pairs}

    of_lot = events_in(epcis.export_document(told.db, lot=lot))

    def drawn_or_cut(event: dict[str, Any]) -> bool:
        quantities = event.get("quantityList", []) + event.get("inputQuantityList", [])
        return any(q["epcClass"] == lot_class for q in quantities) or any(
            names(event, link) for link in pairs
        )

    assert of_lot == [e for e in everything if drawn_or_cut(e)]
    assert [e["bizStep"] for e in of_lot if e["bizStep"] == "receiving"] == ["receiving"]
    assert [e["type"] for e in of_lot].count("TransformationEvent") == 1
    assert of_lot[-1]["bizStep"] == "shipping"


def test_an_export_between_two_moments_holds_the_events_between_them(told: Walked) -> None:
    everything = events_in(epcis.export_document(told.db))
    lasting = next(e for e in everything if e["bizStep"] == "cw:lasting")
    metal = next(e for e in everything if e.get("cw:operation") == "cw:metal_detection")
    since, until = moment(lasting), moment(metal)

    between = events_in(epcis.export_document(told.db, since=since, until=until))

    assert between == [e for e in everything if since <= moment(e) < until]
    assert between[0] == lasting
    assert metal not in between


def test_a_pair_is_named_by_its_gtin_and_serial_together(factory: Database) -> None:
    with pytest.raises(InvalidValue) as refused:
        epcis.export_document(factory, gtin="05012345000138")

    assert refused.value.code == "pair_incomplete"


def test_a_document_carries_the_time_it_was_made(factory: Database) -> None:
    made = datetime(2026, 11, 16, 17, 0, tzinfo=UTC)

    document = epcis.export_document(factory, now=made)

    assert document["creationDate"] == "2026-11-16T17:00:00.000000Z"
    assert document["type"] == "EPCISDocument"
    assert document["schemaVersion"] == "2.0"


# Capture


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_each_official_example_is_captured_whole(factory: Database, name: str) -> None:
    document = example(name)
    given = events_in(document)

    receipt = epcis.capture(factory, document)

    assert (receipt.events, receipt.stored) == (len(given), len(given))
    exported = events_in(epcis.export_document(factory))
    for event in given:
        [kept] = [e for e in exported if e.get("eventID") == event["eventID"]]
        assert {k: v for k, v in kept.items() if k not in ("recordTime", "@context")} == event
        assert parse_time(kept["recordTime"]) == receipt.captured_at


def test_twelve_official_examples_are_checked() -> None:
    assert len(EXAMPLE_NAMES) == 12


def test_an_invalid_document_is_refused_with_every_problem_and_nothing_is_stored(
    factory: Database,
) -> None:
    document = example("Example_9.6.1-ObjectEvent.jsonld")
    observed, received = events_in(document)
    observed["bizStep"] = "closing"
    received["disposition"] = "https://ref.gs1.org/cbv/Disp-sewn"
    del received["eventTimeZoneOffset"]

    with pytest.raises(InvalidValue) as refused:
        epcis.capture(factory, document)

    assert refused.value.code == "invalid_epcis_document"
    assert refused.value.details["error_count"] == 3
    assert [e["path"] for e in refused.value.details["errors"]] == [
        "$.epcisBody.eventList[0].bizStep",
        "$.epcisBody.eventList[1]",
        "$.epcisBody.eventList[1].disposition",
    ]
    assert "'eventTimeZoneOffset' is a required property" in str(refused.value.details)
    assert captured_rows(factory) == (0, 0, 0)


def test_a_document_with_one_bad_event_stores_none_of_its_events(factory: Database) -> None:
    document = example("Example_9.6.1-ObjectEventWithDigitalLink.jsonld")
    good = events_in(document)[0]
    bad = copy.deepcopy(good) | {"eventID": "urn:uuid:5d1b3a9e-0000-4000-8000-000000000001"}
    bad["action"] = "SEW"
    events_in(document).append(bad)

    with pytest.raises(InvalidValue):
        epcis.capture(factory, document)

    assert captured_rows(factory) == (0, 0, 0)


def test_an_event_already_held_is_kept_once_and_never_changed(factory: Database) -> None:
    document = example("Example_9.6.2-ObjectEvent.jsonld")
    first = epcis.capture(factory, document)
    again = epcis.capture(factory, document)
    assert (first.stored, again.stored, again.events) == (1, 0, 1)
    recorded_elsewhere = copy.deepcopy(document)
    events_in(recorded_elsewhere)[0]["recordTime"] = "2013-06-08T15:00:00Z"
    assert epcis.capture(factory, recorded_elsewhere).stored == 0  # the same event
    before = captured_rows(factory)

    changed = copy.deepcopy(document)
    events_in(changed)[0]["disposition"] = "damaged"
    events_in(changed).insert(0, events_in(example("AssociationEvent-a.jsonld"))[0])
    with pytest.raises(Conflict) as refused:
        epcis.capture(factory, changed)

    assert refused.value.code == "epcis_event_id_reused"
    assert captured_rows(factory) == before
    assert epcis.capture_receipt(factory, first.capture_id) == first


def test_a_capture_that_loses_a_race_for_an_event_id_is_refused_whole(factory: Database) -> None:
    document = example("Example_9.6.2-ObjectEvent.jsonld")
    epcis.capture(factory, document)
    event = events_in(document)[0]
    nothing_named = {**event, "eventID": "urn:uuid:00000000-0000-4000-8000-00000000002a"}
    nothing_named["quantityList"] = []
    nothing_named["epcList"] = []
    before = captured_rows(factory)

    with factory.unit_of_work() as uow, pytest.raises(Conflict) as refused:
        EpcisStore(uow.connection).add(
            Capture(uuid4(), datetime.now(UTC), 2, 2),
            document["@context"],
            [
                NewEvent(uuid4(), 0, nothing_named, indexed(nothing_named)),
                NewEvent(uuid4(), 1, event, indexed(event)),  # as if checked before the other
            ],
            record_time=datetime.now(UTC),
        )

    assert refused.value.code == "epcis_event_id_reused"
    assert captured_rows(factory) == before


def test_an_event_naming_nothing_is_kept_with_nothing_to_find_it_by(factory: Database) -> None:
    document = example("Example_9.6.2-ObjectEvent.jsonld")
    events_in(document)[0]["quantityList"] = []
    events_in(document)[0]["epcList"] = []

    receipt = epcis.capture(factory, document)

    assert receipt.stored == 1
    assert captured_rows(factory) == (1, 1, 0)


def test_a_capture_that_never_was_is_not_found(factory: Database) -> None:
    with pytest.raises(NotFound) as refused:
        epcis.capture_receipt(factory, uuid4())

    assert refused.value.code == "capture_not_found"


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (b'{"type": "EPCISDocument",', "The body is not JSON at line 1, column 26."),
        (b"\xff\xfe\x00", "The body is not JSON: "),
        (b'{"quantity": Infinity}', "The body is not JSON: Infinity is not a JSON number."),
    ],
)
def test_a_body_that_is_not_json_is_refused_as_an_invalid_document(
    body: bytes, problem: str
) -> None:
    with pytest.raises(InvalidValue) as refused:
        epcis.read_document(body)

    assert refused.value.code == "invalid_epcis_document"
    assert refused.value.details["errors"][0]["problem"].startswith(problem)
    assert epcis.read_document(b'{"type": "EPCISDocument"}') == {"type": "EPCISDocument"}


def test_captured_events_are_never_changed(factory: Database) -> None:
    epcis.capture(factory, example("Example_9.6.2-ObjectEvent.jsonld"))
    for statement in (
        "UPDATE epcis_events SET biz_step = 'forged'",
        "DELETE FROM epcis_event_epcs",
    ):
        with factory.engine.connect() as connection, pytest.raises(DBAPIError, match="append-only"):
            connection.execute(text(statement))


# Query


def test_pages_give_every_event_once_in_the_order_of_the_export(told: Walked) -> None:
    everything = events_in(epcis.export_document(told.db))

    assert queried(told.db, per_page=25) == everything
    assert len(everything) > 25 * 3


def test_reading_in_small_batches_gives_the_same_events_in_the_same_order(
    walked: Walked, monkeypatch: pytest.MonkeyPatch
) -> None:
    everything = events_in(epcis.export_document(walked.db))
    epcis.capture(walked.db, epcis.export_document(walked.db))

    # Captured back, a rack's twelve commissionings are twelve rows of one time.
    monkeypatch.setattr(epcis, "BATCH", 4)

    assert events_in(epcis.export_document(walked.db)) == everything
    assert queried(walked.db, per_page=9) == everything


def test_event_type_keeps_the_events_of_those_types(told: Walked) -> None:
    found = queried(told.db, ("eventType", "AggregationEvent|TransformationEvent"))

    assert queried(told.db, ("eventType", "AssociationEvent")) == []
    assert Counter(e["type"] for e in found) == {
        "AggregationEvent": 10 + 1,
        "TransformationEvent": 2,
    }


def test_eq_biz_step_keeps_the_events_of_those_steps(told: Walked) -> None:
    shipping = queried(told.db, ("EQ_bizStep", "shipping"))
    closing = queried(told.db, ("EQ_bizStep", "https://ns.cordwainer.example/epcis/closing"))
    repairs = queried(told.db, ("EQ_bizStep", "repairing"))

    assert [e["eventTime"][:4] for e in shipping] == ["2005", "2026"]  # GS1's shipment, and ours
    assert {e["bizStep"] for e in closing} == {"cw:closing"}
    assert len(closing) == 4
    assert [e["epcList"] for e in repairs] == [[pair_link(*told.reworked)]]


def test_event_time_keeps_the_events_from_and_before_two_moments(told: Walked) -> None:
    everything = events_in(epcis.export_document(told.db))
    since, until = "2005-04-04T00:00:00Z", "2013-07-01T00:00:00+02:00"

    found = queried(told.db, ("GE_eventTime", since), ("LT_eventTime", until))

    start, end = parse_time(since), parse_time(until)
    assert start is not None
    assert end is not None
    assert found == [e for e in everything if start <= moment(e) < end]
    assert [e["bizStep"] for e in found] == ["shipping", "receiving", "receiving"]  # GS1's


def test_match_epc_finds_a_pair_by_its_urn_in_epc_lists_and_children(
    told: Walked,
) -> None:
    gtin, serial = told.reworked
    urn = f"urn:epc:id:sgtin:5012345.0{gtin[8:13]}.{serial}"

    found = queried(told.db, ("MATCH_epc", urn))

    link = pair_link(gtin, serial)
    assert found
    assert all(link in e.get("epcList", []) + e.get("childEPCs", []) for e in found)
    assert {e["type"] for e in found} == {"ObjectEvent", "AggregationEvent"}  # not its clicking


def test_match_any_epc_also_finds_a_pair_as_output_and_a_box_as_parent(
    told: Walked,
) -> None:
    pairs = rack_view(told.db, told.rack).pairs
    boxed = next(p for p in pairs if p.status == "shipped")
    link = pair_link(boxed.gtin, boxed.serial)
    box = f"https://id.cordwainer.example/01/{boxed.gtin}/21/{boxed.serial}/box"

    as_any = queried(told.db, ("MATCH_anyEPC", link))
    as_box = queried(told.db, ("MATCH_anyEPC", box))
    as_epc = queried(told.db, ("MATCH_epc", link))

    assert {e["type"] for e in as_any} == {"ObjectEvent", "TransformationEvent", "AggregationEvent"}
    assert len(as_any) == len(as_epc) + 1  # the clicking that made it
    assert [e["parentID"] for e in as_box] == [box]
    gs1 = queried(told.db, ("MATCH_anyEPC", "urn:epc:id:sscc:0614141.1234567890"))
    assert [e["eventID"] for e in gs1] == [
        "ni:///sha-256;87b5f18a69993f0052046d4687dfacdf48f7c988cfabda2819688c86b4066a49?ver=CBV2.0"
    ]


def test_eq_biz_location_finds_the_events_of_a_place_however_it_is_named(
    told: Walked,
) -> None:
    gs1_place = queried(told.db, ("EQ_bizLocation", "urn:epc:id:sgln:0012345.11111.0"))
    flimby = queried(told.db, ("EQ_bizLocation", "urn:epc:id:sgln:5012345.00001.0"))

    assert [e["bizStep"] for e in gs1_place] == ["receiving"]
    assert flimby
    assert all(e["bizLocation"]["id"] == "https://id.gs1.org/414/5012345000015" for e in flimby)
    assert "shipping" not in {e["bizStep"] for e in flimby}  # in transit, at no location


def test_a_bad_query_parameter_is_refused(factory: Database) -> None:
    with pytest.raises(InvalidValue) as refused:
        epcis.query_events(factory, [("GE_eventTime", "last Monday")])

    assert refused.value.code == "invalid_epcis_query"
    assert refused.value.details == {"parameter": "GE_eventTime"}


# The round trip


def test_what_is_exported_is_captured_into_an_empty_cordwainer_and_exported_again_unchanged(
    told: Walked, empty: Database
) -> None:
    first = epcis.export_document(told.db, now=datetime(2026, 11, 16, 17, 0, tzinfo=UTC))

    receipt = epcis.capture(empty, first)
    again = epcis.export_document(empty, now=datetime(2026, 11, 17, 9, 0, tzinfo=UTC))

    assert receipt.stored == len(events_in(first)) > 90
    assert again["creationDate"] == "2026-11-17T09:00:00.000000Z"
    assert {k: v for k, v in again.items() if k != "creationDate"} == {
        k: v for k, v in first.items() if k != "creationDate"
    }


def test_an_export_captured_back_where_it_came_from_is_given_once(walked: Walked) -> None:
    first = epcis.export_document(walked.db)

    epcis.capture(walked.db, first)

    assert events_in(epcis.export_document(walked.db)) == events_in(first)
