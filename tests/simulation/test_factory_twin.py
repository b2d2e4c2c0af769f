"""The factory twin: reproducible, within its shifts, by qualified hands, one rack per bench.

The checks here are independent of the twin's own bookkeeping: they read the event log
the services recorded, and the shifts and skills as the factory defines them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime, timedelta
from itertools import pairwise
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from cordwainer.domain.errors import InvalidValue
from cordwainer.simulation.calendar import Calendar, Shift, clock, working_days
from cordwainer.simulation.scenarios import read_scenario
from tests.databases import SqliteTemplates
from tests.simulated import DAYS, FIRST_DAY, LATE_SHIFT, Simulated, simulate_into

EVENTS = """
    SELECT e.id, e.kind, e.event_time, e.station_code, o.badge, e.rack_code, e.operation_code,
           e.details
    FROM events e LEFT JOIN operators o ON o.id = e.operator_id
    WHERE e.kind <> 'lot_received'
    ORDER BY e.event_time, e.id
"""
MARKS = """
    SELECT ep.event_id, p.serial, ep.result, ep.defect_code
    FROM event_pairs ep JOIN pairs p ON p.id = ep.pair_id
"""
DAY = (clock("07:30"), clock("16:00"), ((600, 615), (750, 780), (885, 900)))
LATE = (clock("16:00"), clock("24:30"), ((1110, 1125), (1230, 1260), (1350, 1365)))


def rows(url: str, sql: str, **params: Any) -> list[Any]:
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.connect() as connection:
            return list(connection.execute(text(sql), params).all())
    finally:
        engine.dispose()


def floor_log(url: str) -> list[tuple[Any, ...]]:
    """Every floor event with its pairs, as a person reads it: no ids, no record times."""
    marks: dict[Any, list[tuple[Any, ...]]] = defaultdict(list)
    for event_id, serial, result, defect in rows(url, MARKS):
        marks[str(event_id)].append((serial, result, defect))
    return [
        (kind, str(at)[:19], station, badge, rack, operation, sorted(marks[str(event_id)]))
        for event_id, kind, at, station, badge, rack, operation, _ in rows(url, EVENTS)
    ]


def as_datetime(value: Any) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def test_one_seed_records_the_same_events_twice(
    simulated_sqlite: Simulated, sqlite_templates: SqliteTemplates
) -> None:
    again = sqlite_templates.fresh_url()
    simulate_into(again)

    first, second = floor_log(simulated_sqlite.url), floor_log(again)

    assert len(first) > 200
    assert first == second
    sqlite_templates.drop(again)


def test_another_seed_records_another_history(
    simulated_sqlite: Simulated, sqlite_templates: SqliteTemplates
) -> None:
    other = sqlite_templates.fresh_url()
    simulate_into(other, seed=12)

    assert floor_log(other) != floor_log(simulated_sqlite.url)
    sqlite_templates.drop(other)


def test_two_days_show_every_kind_of_floor_event(simulated_sqlite: Simulated) -> None:
    kinds = Counter(event[0] for event in floor_log(simulated_sqlite.url))

    for kind in (
        "rack_released", "operation_started", "operation_finished", "work_signed_off",
        "pairs_inspected", "metal_scanned", "quarantine_cleared", "pairs_boxed",
        "pairs_shipped",
    ):  # fmt: skip
        assert kinds[kind] > 0, kind
    results = Counter(mark[1] for event in floor_log(simulated_sqlite.url) for mark in event[6])
    assert results["rework"] > 0
    assert results["scrap"] > 0
    assert results["fail"] > 0


def _worked(shift: tuple[int, int, tuple[tuple[int, int], ...]], minute: float) -> bool:
    start, end, breaks = shift
    inside = start <= minute <= end
    return inside and not any(begins < minute < ends for begins, ends in breaks)


def test_no_event_falls_in_a_break_or_outside_its_makers_shift(
    simulated_sqlite: Simulated,
) -> None:
    days = set(working_days(FIRST_DAY, DAYS))
    checked = 0
    for kind, at, _, badge, *_ in floor_log(simulated_sqlite.url):
        moment = datetime.fromisoformat(at)
        minute = moment.hour * 60 + moment.minute + moment.second / 60
        late = badge in LATE_SHIFT
        shift = LATE if late else DAY
        day = moment.date()
        if late and minute <= 30:  # the late shift ends at half past midnight
            day, minute = day - timedelta(days=1), minute + 1440
        assert day in days, f"{kind} by {badge} at {at}: not a working day"
        assert _worked(shift, minute), f"{kind} by {badge} at {at}: outside the shift"
        checked += 1
    assert checked > 200


def test_the_late_shift_works_past_the_day_shift(simulated_sqlite: Simulated) -> None:
    late_work = [
        at
        for kind, at, _, badge, *_ in floor_log(simulated_sqlite.url)
        if badge in LATE_SHIFT and kind in ("operation_started", "operation_finished")
    ]

    assert any(datetime.fromisoformat(at).hour >= 16 for at in late_work)


def test_every_event_is_done_by_someone_qualified_for_it(simulated_sqlite: Simulated) -> None:
    skills: dict[str, dict[str, int]] = defaultdict(dict)
    for badge, operation, level in rows(
        simulated_sqlite.url,
        "SELECT o.badge, s.operation_code, s.level FROM skills s "
        "JOIN operators o ON o.id = s.operator_id",
    ):
        skills[badge][operation] = level
    for kind, at, _, badge, _, operation, _ in floor_log(simulated_sqlite.url):
        if kind in ("rack_released", "lot_received", "pairs_shipped"):
            continue
        own = skills[badge].get(operation, 0)
        inspector = skills[badge].get("final_inspection", 0)
        needed = {
            "operation_started": own >= 1,
            "operation_finished": own >= 1,
            "metal_scanned": own >= 1,
            "pairs_boxed": own >= 1,
            "work_signed_off": own >= 2,
            "pairs_inspected": own >= 2 or inspector >= 2,
            "quarantine_cleared": inspector >= 3,
        }[kind]
        assert needed, f"{badge} is not qualified for {kind} at {operation} ({at})"


def test_a_bench_and_a_person_work_one_rack_at_a_time(simulated_sqlite: Simulated) -> None:
    spans: dict[tuple[str, str | None], list[tuple[str, str]]] = defaultdict(list)
    open_work: dict[tuple[str | None, str | None], tuple[str, str, str]] = {}
    for kind, at, station, badge, rack, operation, marks in floor_log(simulated_sqlite.url):
        key = (rack, operation, *sorted(serial for serial, *_ in marks))
        if kind == "operation_started":
            open_work[key] = (at, station, badge)
        elif kind == "operation_finished":
            began, bench, person = open_work.pop(key)
            assert (bench, person) == (station, badge), "finished where and by whom it began"
            spans[("bench", station)].append((began, at))
            spans[("person", badge)].append((began, at))
    assert spans
    for owner, worked in spans.items():
        worked.sort()
        for (_, end), (begin, _) in pairwise(worked):
            assert begin >= end, f"{owner} worked two racks at once: {worked}"


def test_the_twin_counts_what_the_log_records(simulated_sqlite: Simulated) -> None:
    stats = simulated_sqlite.stats
    kinds = Counter(event[0] for event in floor_log(simulated_sqlite.url))
    boxed = rows(
        simulated_sqlite.url,
        "SELECT date(e.event_time), count(*) FROM events e "
        "JOIN event_pairs ep ON ep.event_id = e.id WHERE e.kind = 'pairs_boxed' "
        "GROUP BY date(e.event_time)",
    )
    ordered = rows(simulated_sqlite.url, "SELECT sum(quantity) FROM order_lines")[0][0]

    assert stats.event_count == sum(kinds.values())
    assert {day.isoformat(): n for day, n in stats.boxed_on.items()} == dict(boxed)
    assert stats.pairs_ordered == ordered == 60 * DAYS


def test_a_shift_knows_its_spells_and_adds_working_minutes_across_breaks() -> None:
    shift = Shift("day", clock("07:30"), clock("16:00"), ((600, 615), (750, 780), (885, 900)))
    calendar = Calendar(FIRST_DAY, working_days(FIRST_DAY, 2), shift)  # Friday, Monday

    assert shift.working_minutes == 450
    assert shift.spells == ((450, 600), (615, 750), (780, 885), (900, 960))
    assert calendar.add_working(590, 20) == 625  # ten before tea, ten after
    monday = 3 * 1440
    assert calendar.add_working(950, 20) == monday + 450 + 10  # over the weekend
    assert not calendar.is_working(605)
    assert calendar.allows(600)


def test_a_scenario_that_names_an_unknown_shift_is_refused(tmp_path: Any) -> None:
    path = tmp_path / "night.yaml"
    path.write_text(
        "title: Nights\nvariants:\n  - name: A night shift\n    hire:\n"
        "      - {badge: B3001, name: Night Owl, skills: {lasting: 2}, shift: night}\n",
        encoding="utf-8",
    )

    with pytest.raises(InvalidValue) as refused:
        read_scenario(path)

    assert refused.value.code == "invalid_scenario_file"
    assert "night" in refused.value.message


def test_the_example_scenario_reads() -> None:
    from cordwainer.simulation.scenarios import EXAMPLE

    scenario = read_scenario(EXAMPLE)

    assert scenario.variants[0].name == "As today"
    assert scenario.warm_up_days < scenario.days
    lasting = next(v for v in scenario.variants if "lasting" in v.name)
    assert set(lasting.parameters.shift_of.values()) == {"late"}
