"""Plans made, kept, replanned and read by the floor, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from uuid import UUID, uuid4

import pytest
from sqlalchemy import text

from cordwainer.domain.errors import NotFound, RuleBroken
from cordwainer.domain.floor import Station
from cordwainer.services import absences, catalogue, floor, orders, plan_views, planning
from cordwainer.services.plan_inputs import PlanSettings
from cordwainer.storage.database import Database
from cordwainer.storage.plan_store import AssignmentRecord, PlanStore
from tests.floor_walk import Floor

MONDAY = datetime(2026, 11, 16, 7, 30, tzinfo=UTC)  # 07:30 in Flimby
QUICK = PlanSettings(seconds=1.5, frozen_hours=4)


def book(db: Database, colourway: str, pairs: int, due: date, **more: str) -> str:
    variants = catalogue.variants(db, colourway)
    lines = tuple((variant.gtin, 1) for variant in variants[:pairs])
    made = orders.create_order(
        db, orders.NewOrder(colourway, due, "Wholesale — London", lines, **more)
    )
    return made.code


def assignments(db: Database, plan_id: UUID) -> list[AssignmentRecord]:
    with db.looking() as uow:
        return PlanStore(uow.connection).assignments(plan_id)


def test_a_plan_puts_every_rack_of_the_book_on_qualified_people_at_their_benches(
    factory: Database,
) -> None:
    first = book(factory, "U991PK2", 24, date(2026, 11, 25))
    second = book(factory, "U1500GRY", 18, date(2026, 11, 26), priority="rush")
    shop = Floor.of(factory)
    released = shop.release(first)

    made = planning.make_plan(factory, QUICK, now=MONDAY)

    assert made.state == "draft"
    assert made.racks == 4  # two of 12 for the first order (one released), 12 + 6 for the next
    assert made.steps == 40
    rows = assignments(factory, made.id)
    people = {p.badge: p for p in planning.people(factory)}
    stations = {s.code: s for s in shop_stations(factory)}
    for row in rows:
        assert people[row.badge].level_in(row.operation_code) >= 2
        assert stations[row.station_code].operation_code == row.operation_code
        assert row.starts_at >= MONDAY
    racks = {row.rack_key for row in rows}
    assert racks == {f"{first}/1", f"{first}/2", f"{second}/1", f"{second}/2"}
    assert {row.rack_code for row in rows if row.rack_key == f"{first}/1"} == {released}
    by_rack: dict[str, list[AssignmentRecord]] = {}
    for row in sorted(rows, key=lambda r: r.step):
        by_rack.setdefault(row.rack_key, []).append(row)
    for steps in by_rack.values():
        for before, after in pairwise(steps):
            assert after.starts_at >= before.ends_at
    assert planning.current_plan(factory) is None

    published = planning.publish_plan(factory, made.id)
    assert published.is_current


def shop_stations(db: Database) -> list[Station]:
    with db.looking() as uow:
        return list(uow.catalogue.stations())


def test_publishing_a_plan_supersedes_the_current_one(factory: Database) -> None:
    book(factory, "U991PK2", 12, date(2026, 11, 25))
    first = planning.make_plan(factory, QUICK, now=MONDAY, publish=True)
    second = planning.make_plan(factory, QUICK, now=MONDAY, publish=True)

    states = {row.id: row.state for row in planning.recent_plans(factory)}
    assert states[first.id] == "superseded"
    assert states[second.id] == "current"
    with pytest.raises(NotFound):
        planning.publish_plan(factory, uuid4())


def test_a_bench_reads_its_dispatch_list_in_the_plans_order(factory: Database) -> None:
    order = book(factory, "U991PK2", 24, date(2026, 11, 25))
    rack = Floor.of(factory).release(order)
    made = planning.make_plan(factory, QUICK, now=MONDAY, publish=True)
    clicking = [r for r in assignments(factory, made.id) if r.operation_code == "clicking"]
    bench = clicking[0].station_code

    found = plan_views.dispatch_list(factory, bench, now=MONDAY)

    assert found.plan_id == made.id
    assert found.operation_name == "Clicking"
    assert [i.starts_at for i in found.items] == sorted(i.starts_at for i in found.items)
    first = next(i for i in found.items if i.rack_code == rack)
    assert first.where == "here"  # released and waiting at clicking
    assert any(i.where == "to_release" for i in found.items) or len(found.items) == 1
    with pytest.raises(NotFound):
        plan_views.dispatch_list(factory, "NOPE-01")


def test_someone_off_sick_is_replanned_around_with_the_frozen_window_kept(
    factory: Database,
) -> None:
    """At 07:30 word comes that a closer will be off from 09:30: the next four working
    hours stay as they were, except the closer's work from 09:30, which moves."""
    for due in (date(2026, 11, 24), date(2026, 11, 25), date(2026, 11, 26)):
        book(factory, "U991PK2", 24, due)
    before = planning.make_plan(factory, QUICK, now=MONDAY, publish=True)
    old = {(r.rack_key, r.step): r for r in assignments(factory, before.id)}
    later = MONDAY
    off = MONDAY + timedelta(hours=2)
    closer = next(r for r in old.values() if r.operation_code == "closing").badge
    absences.record_absence(factory, closer, off, off + timedelta(days=10), "Ill")

    after = planning.replan(factory, QUICK, now=later, reason="A closer is ill.")

    assert after.is_current
    # four working hours: 07:30–10:00, 10:15–11:45
    assert after.frozen_until == MONDAY.replace(hour=11, minute=45)
    new = {(r.rack_key, r.step): r for r in assignments(factory, after.id)}
    touched = {rack for (rack, _), r in old.items() if r.badge == closer and r.ends_at > off}
    for key, row in new.items():
        assert row.badge != closer or row.ends_at <= off
        was = old.get(key)
        in_window = was is not None and later <= was.starts_at < after.frozen_until
        if in_window and key[0] not in touched:  # racks the ill closer had no part in
            assert was is not None
            assert (row.badge, row.starts_at, row.station_code) == (
                was.badge,
                was.starts_at,
                was.station_code,
            )
    frozen = [r for r in new.values() if r.frozen]
    assert frozen, "the near term is kept"
    assert all(r.starts_at < after.frozen_until for r in frozen)
    assert after.changes <= len(new)


def test_a_rush_order_is_planned_after_the_frozen_window(factory: Database) -> None:
    book(factory, "U991PK2", 24, date(2026, 11, 25))
    before = planning.make_plan(factory, QUICK, now=MONDAY, publish=True)
    rush = book(factory, "U997GRY", 12, date(2026, 11, 18), priority="rush")
    later = MONDAY  # the call comes just after the plan was published

    after = planning.replan(factory, QUICK, now=later, reason="A rush order.")

    rows = assignments(factory, after.id)
    rushed = [r for r in rows if r.order_code == rush]
    assert rushed
    assert min(r.starts_at for r in rushed) >= after.frozen_until
    kept = {
        (r.rack_key, r.step)
        for r in assignments(factory, before.id)
        if later <= r.starts_at < after.frozen_until and r.order_code != rush
    }
    now_frozen = {(r.rack_key, r.step) for r in rows if r.frozen}
    assert kept <= now_frozen


def test_a_scrapped_rack_leaves_the_plan(factory: Database) -> None:
    order = book(factory, "U991PK2", 12, date(2026, 11, 25))
    shop = Floor.of(factory)
    rack = shop.release(order)
    with factory.unit_of_work() as uow:  # every pair of the rack scrapped, as a test shortcut
        uow.connection.execute(
            text("UPDATE pairs SET status = 'scrapped' WHERE rack_code = :rack"), {"rack": rack}
        )
        uow.commit()
    book(factory, "U997GRY", 12, date(2026, 11, 25))

    made = planning.make_plan(factory, QUICK, now=MONDAY)

    assert all(r.rack_code != rack for r in assignments(factory, made.id))
    assert made.racks == 1


def test_a_step_in_work_stays_with_the_person_who_started_it(factory: Database) -> None:
    order = book(factory, "U991PK2", 12, date(2026, 11, 25))
    shop = Floor.of(factory)
    rack = shop.release(order)
    step = shop.step("clicking", rack)
    floor.start_operation(factory, step)

    made = planning.make_plan(factory, QUICK, now=datetime.now(UTC))

    clicking = next(r for r in assignments(factory, made.id) if r.operation_code == "clicking")
    assert clicking.frozen
    assert (clicking.badge, clicking.station_code) == (step.operator, step.station)


def test_late_orders_say_which_resource_holds_them_up(factory: Database) -> None:
    tomorrow = book(factory, "U991PK2", 48, date(2026, 11, 16))  # due today: cannot be made
    book(factory, "U991GN2", 12, date(2026, 12, 4))
    made = planning.make_plan(factory, QUICK, now=MONDAY, publish=True)

    late = plan_views.late_orders(factory)

    assert made.late_orders >= 1
    found = next(o for o in late if o.order_code == tomorrow)
    assert found.late_minutes > 0
    assert found.finishes_at is not None
    assert found.reason
    assert found.reason != "On time."


def test_an_order_short_of_material_is_not_planned_and_says_why(factory: Database) -> None:
    short = book(factory, "U991PK2", 12, date(2026, 11, 25))
    with factory.unit_of_work() as uow:  # the pink suede is all used up
        uow.connection.execute(
            text(
                "UPDATE material_lots SET quantity_consumed = quantity_received "
                "WHERE material_code = 'LTH-SUEDE-PINK'"
            )
        )
        uow.commit()
    book(factory, "U991GN2", 12, date(2026, 11, 25))

    planning.make_plan(factory, QUICK, now=MONDAY, publish=True)

    late = {o.order_code: o for o in plan_views.late_orders(factory)}
    assert late[short].finishes_at is None
    assert "Soft pink pig suede" in late[short].reason


def test_nothing_to_plan_is_said_plainly_and_nothing_is_stored(factory: Database) -> None:
    with pytest.raises(RuleBroken) as refused:
        planning.make_plan(factory, QUICK, now=MONDAY)
    assert refused.value.code == "nothing_to_plan"
    assert planning.recent_plans(factory) == []


def test_the_load_of_each_workcentre_adds_up_to_the_planned_work(factory: Database) -> None:
    book(factory, "U991PK2", 24, date(2026, 11, 25))
    made = planning.make_plan(factory, QUICK, now=MONDAY, publish=True)
    rows = assignments(factory, made.id)

    load = plan_views.workcentre_load(factory)

    planned = sum(d.planned_minutes for d in load)
    work = sum((r.ends_at - r.starts_at).total_seconds() / 60 for r in rows)
    assert planned <= work  # spans across breaks and nights count only working minutes
    assert planned >= 0.8 * 24 * 73.5
    assert {d.workcentre for d in load} >= {"CLK", "CLS", "BOX"}
