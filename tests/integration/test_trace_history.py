"""The trace benchmark's generated history: the real schema, the counts it promises."""

from __future__ import annotations

from sqlalchemy import text

from cordwainer.bench.trace import RACK_PAIRS, generate_history
from cordwainer.services import recall, trace
from cordwainer.storage.database import Database

PAIRS = 2_000
PAIRS_PER_LOT = 240  # 20 racks a lot, so that a small history has many full lots


def test_the_generated_history_has_its_pairs_events_and_lots(factory: Database) -> None:
    with factory.reading() as connection:  # the demo factory's lots were received
        before = connection.execute(text("SELECT count(*) FROM events")).scalar_one()

    made = generate_history(factory, PAIRS, pairs_per_lot=PAIRS_PER_LOT)

    with factory.reading() as connection:
        counted = {
            table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in ("pairs", "racks", "events", "event_pairs")
        }
        statuses: dict[str, int] = dict(
            connection.execute(text("SELECT status, count(*) FROM pairs GROUP BY status")).all()
        )
        per_event = set(
            connection.execute(text("SELECT count(*) FROM event_pairs GROUP BY event_id")).scalars()
        )
    assert counted["pairs"] == made.pairs == PAIRS
    assert counted["racks"] == made.racks == -(-PAIRS // RACK_PAIRS)
    assert counted["events"] == before + made.events
    shipped_racks = statuses["shipped"] // RACK_PAIRS
    assert made.events > 28 * shipped_racks  # 28 events for each shipped rack, more for the rest
    assert per_event <= {RACK_PAIRS, PAIRS % RACK_PAIRS}  # rack-level events
    assert set(statuses) == {"shipped", "boxed", "in_production"}
    *full, _ = sorted(made.lots.values(), reverse=True)
    assert full
    assert all(used == PAIRS_PER_LOT for used in full if used >= PAIRS_PER_LOT)


def test_each_lot_goes_into_the_pairs_it_was_meant_for_and_is_recalled_whole(
    factory: Database,
) -> None:
    made = generate_history(factory, PAIRS, pairs_per_lot=PAIRS_PER_LOT)
    lot = max(made.lots, key=lambda code: made.lots[code])

    called = recall.recall_lot(factory, lot)

    assert made.lots[lot] == PAIRS_PER_LOT
    assert called.affected == PAIRS_PER_LOT
    assert called.shipped + called.boxed + called.in_production == PAIRS_PER_LOT
    shipped = [pair for pair in called.pairs if pair.status == "shipped"]
    assert all(pair.shipment and pair.shipped_to and pair.boxed_at for pair in shipped)


def test_a_generated_pairs_story_is_whole(factory: Database) -> None:
    generate_history(factory, PAIRS, pairs_per_lot=PAIRS_PER_LOT)

    story = trace.trace_pair(factory, *_first_pair(factory))

    kinds = [event.kind for event in story.events]
    assert kinds[0] == "rack_released"
    assert kinds[-1] == "pairs_shipped"
    assert len(kinds) == 28
    assert story.lots
    assert all(lot.supplier_name for lot in story.lots)
    assert story.packing.shipment
    assert story.packing.boxed_at


def _first_pair(db: Database) -> tuple[str, str]:
    with db.reading() as connection:
        gtin, serial = connection.execute(
            text("SELECT gtin, serial FROM pairs WHERE serial = '000000001'")
        ).one()
    return gtin, serial
