"""The factory as a planning problem: racks, steps, people, benches, shifts, materials."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from cordwainer.domain.calendar import DAY_SHIFT, Absence, ShiftPattern, working_windows
from cordwainer.domain.catalogue import BomLine
from cordwainer.domain.errors import InvalidValue
from cordwainer.domain.materials import MaterialLot
from cordwainer.domain.orders import CustomerType, OrderLine, Priority, ProductionOrder
from cordwainer.planning.bounds import flow_bound, makespan_bound
from cordwainer.planning.building import InWork, RackToPlan, Rules, build
from cordwainer.planning.materials import RackCut, materials_ready
from cordwainer.planning.problem import Placement
from cordwainer.planning.solver import solve
from cordwainer.planning.timeline import Timeline
from tests.planning_checks import plan_violations
from tests.unit.factory_values import (
    AMY,
    ANDY,
    ANNE,
    CALLUM,
    CHRIS,
    DAVIE,
    ELLIE,
    GAVIN,
    GTIN_9_D,
    HELEN,
    IAN,
    KAREN,
    MAGGIE,
    NEIL,
    ROUTING,
    STATION,
)

LONDON = ZoneInfo("Europe/London")
MONDAY = date(2026, 11, 16)
START = datetime(2026, 11, 16, 7, 30, tzinfo=UTC)  # GMT in November: 07:30 in Flimby
PEOPLE = (ANDY, MAGGIE, CHRIS, KAREN, AMY, ELLIE, DAVIE, CALLUM, IAN, NEIL, HELEN, ANNE, GAVIN)
STATIONS = tuple(STATION.values())


def timeline(days: int = 14, unit: int = 5) -> Timeline:
    return Timeline.starting(START, working_windows(DAY_SHIFT, MONDAY, days, LONDON), unit)


def order(
    code: str = "PO-00001", due: date = date(2026, 11, 20), colourway: str = "U991GN2"
) -> ProductionOrder:
    return ProductionOrder(
        code,
        colourway,
        due,
        "Wholesale — Tokyo",
        (OrderLine(GTIN_9_D, 12),),
        Priority.HIGH,
        CustomerType.LAUNCH,
    )


def rack(key: str = "PO-00001/1", **more: object) -> RackToPlan:
    values: dict[str, object] = {"order": order(), "style_code": "991v2", "pairs": 12} | more
    return RackToPlan(key, **values)  # type: ignore[arg-type]


def due_midnight(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=LONDON).astimezone(UTC)


def make(racks: tuple[RackToPlan, ...], absences: tuple[Absence, ...] = (), **rules: object):  # type: ignore[no-untyped-def]
    dues = {r.order.code: due_midnight(r.order.due_on) for r in racks}
    return build(
        racks,
        {"991v2": ROUTING},
        PEOPLE,
        STATIONS,
        absences,
        timeline(),
        dues,
        Rules(**rules),  # type: ignore[arg-type]
    )


def test_the_day_shift_works_seven_and_a_half_hours_between_its_breaks() -> None:
    spans = DAY_SHIFT.windows_on(MONDAY, LONDON)
    assert DAY_SHIFT.working_minutes == 450
    assert [(a.time(), b.time()) for a, b in spans] == [
        (time(7, 30), time(10, 0)),
        (time(10, 15), time(12, 30)),
        (time(13, 15), time(16, 0)),
    ]
    assert DAY_SHIFT.windows_on(date(2026, 11, 21), LONDON) == []  # a Saturday


def test_a_shift_in_summer_time_is_an_hour_earlier_in_utc() -> None:
    assert DAY_SHIFT.windows_on(date(2026, 7, 6), LONDON)[0][0].time() == time(6, 30)


def test_a_shift_whose_breaks_fall_outside_it_is_refused() -> None:
    with pytest.raises(InvalidValue) as refused:
        ShiftPattern("Late", time(14), time(22), ((time(12), time(12, 30)),))
    assert refused.value.code == "invalid_shift"


def test_working_time_skips_breaks_nights_and_weekends() -> None:
    line = timeline()
    assert line.units_for(22 * 12) == 53  # a rack's closing: 264 minutes, 5-minute units
    assert line.moment(30) == datetime(2026, 11, 16, 10, 15, tzinfo=UTC)  # after the break
    assert line.moment(30, end=True) == datetime(2026, 11, 16, 10, 0, tzinfo=UTC)
    assert line.moment(90) == datetime(2026, 11, 17, 7, 30, tzinfo=UTC)  # Tuesday morning
    assert line.moment(450) == datetime(2026, 11, 23, 7, 30, tzinfo=UTC)  # the Monday after
    assert line.unit_at(datetime(2026, 11, 16, 12, 45, tzinfo=UTC)) == 57  # in lunch: 13:15


def test_each_step_is_its_standard_minutes_times_the_pairs_by_a_qualified_person() -> None:
    found = make((rack(pairs=12),))
    steps = {task.key.split(":")[1]: task for _, task in found.problem.tasks()}

    assert list(steps) == [op.code for op in ROUTING.operations]
    closing = steps["closing"]
    assert {o.resource for o in closing.options} == {"B1011", "B1012", "B1015"}  # not Ellie
    assert {o.duration for o in closing.options} == {53}
    assert closing.pool == "closing"
    assert closing.family == "U991GN2"
    assert closing.changeover == 3
    assert steps["metal_detection"].options[0].duration == 2  # 6 minutes, rounded up
    job = found.problem.jobs[0]
    assert job.weight == 4 * 3  # high priority, a launch
    assert job.due == 5 * 90  # the end of Friday's shift


def test_trainees_are_planned_only_when_asked_and_slower() -> None:
    found = make((rack(),), include_trainees=True)
    closing = next(t for _, t in found.problem.tasks() if t.key.endswith(":closing"))
    assert closing.duration_on("B1023") == 80  # Ellie: 264 minutes × 1.5


def test_a_rack_nobody_can_make_is_left_out_with_the_reason() -> None:
    nobody_boxes = tuple(p for p in PEOPLE if p is not GAVIN)
    found = build(
        (rack(),),
        {"991v2": ROUTING},
        nobody_boxes,
        STATIONS,
        (),
        timeline(),
        {"PO-00001": due_midnight(MONDAY)},
        Rules(),
    )
    assert found.problem.jobs == ()
    assert found.unplanned == {"PO-00001/1": "Nobody qualified for metal detection is available."}


def test_an_absence_blocks_the_units_it_covers() -> None:
    ill = Absence("B1012", START + timedelta(hours=1), START + timedelta(days=1), "Ill")
    found = make((rack(),), (ill,))
    karen = found.problem.resource("B1012")
    assert karen.blocked == ((12, 90),)


def test_an_absence_must_end_after_it_starts_and_say_why() -> None:
    with pytest.raises(InvalidValue):
        Absence("B1012", START, START, "Ill")
    with pytest.raises(InvalidValue):
        Absence("B1012", START, START + timedelta(hours=1), " ")


def test_clicking_waits_for_the_materials_of_the_rack() -> None:
    waiting = rack(material_ready_at=datetime(2026, 11, 18, 0, 0, tzinfo=UTC))
    found = make((waiting,))
    clicking = found.problem.jobs[0].tasks[0]
    assert clicking.release == 180  # Wednesday 07:30

    solution = solve(found.problem, seconds=2)
    assert solution.placements[clicking.key].start >= 180


def test_a_step_in_work_stays_with_whoever_started_it() -> None:
    started = InWork(2, "B1015", "CLS-03", START - timedelta(minutes=60))
    found = make((rack(next_step=2, rack_code="R000007", in_work=started),))
    closing = found.problem.jobs[0].tasks[0]
    assert closing.fixed == Placement("B1015", 0, 53 - 12)
    assert found.fixed_stations[closing.key] == "CLS-03"


def test_racks_of_one_material_draw_on_the_lots_oldest_first() -> None:
    bill = {"U991GN2": [BomLine("LTH-SUEDE-GREEN", 9.5), BomLine("FOAM-MID-ENCAP", 1)]}
    lots = [
        (MaterialLot("L-2611-0011", "LTH-SUEDE-GREEN", 150.0), date(2026, 11, 16)),
        (MaterialLot("L-2611-0020", "LTH-SUEDE-GREEN", 150.0), date(2026, 11, 19)),
    ]
    racks = [RackCut(f"PO-00001/{n}", "U991GN2", 12) for n in (1, 2, 3)]

    ready = materials_ready(racks, bill, lots, {"LTH-SUEDE-GREEN"})

    assert ready["PO-00001/1"].on == date(2026, 11, 16)  # 114 of the first lot's 150
    assert ready["PO-00001/2"].on == date(2026, 11, 19)  # needs the second lot too
    assert ready["PO-00001/2"].lot_or_material == "L-2611-0020"
    assert ready["PO-00001/3"].on is None  # 114 dm² wanted, 72 left
    assert ready["PO-00001/3"].lot_or_material == "LTH-SUEDE-GREEN"


def test_a_replan_keeps_the_frozen_window_and_frees_what_cannot_stay() -> None:
    """Two racks are clicked, prepared and closed within five hours; then the closer of
    the first falls ill. The replan keeps everything else of those five hours as it was;
    the first rack's closing goes to someone else, at once."""
    racks = (rack("PO-00001/1"), rack("PO-00001/2"))
    first = make(racks)
    plan = solve(first.problem, seconds=2).placements
    previous = {key: (placed, "BENCH-01") for key, placed in plan.items()}
    closer = plan["PO-00001/1:closing"].resource
    ill = Absence(closer, START, START + timedelta(days=30), "Ill")

    again = build(
        racks,
        {"991v2": ROUTING},
        PEOPLE,
        STATIONS,
        (ill,),
        timeline(),
        {"PO-00001": due_midnight(date(2026, 11, 20))},
        Rules(frozen_hours=5),
        previous,
    )

    frozen_until = again.frozen_until
    assert frozen_until == 60  # five hours of five-minute units
    tasks = {task.key: task for _, task in again.problem.tasks()}
    for key in ("clicking", "preparation"):
        for number in (1, 2):
            assert tasks[f"PO-00001/{number}:{key}"].fixed == plan[f"PO-00001/{number}:{key}"]
    freed = tasks["PO-00001/1:closing"]
    assert freed.fixed is None
    assert freed.release == 0  # it had to leave the window: it may start at once
    later = tasks["PO-00001/1:lasting"]
    assert later.fixed is None
    assert later.release == frozen_until  # beyond the window nothing starts in it
    assert again.problem.previous.keys() == plan.keys()

    replanned = solve(again.problem, seconds=2, hint=plan)
    assert plan_violations(again.problem, replanned.placements) == []
    for key, task in tasks.items():
        if task.fixed is not None:
            assert replanned.placements[key] == plan[key]
    assert replanned.placements["PO-00001/1:closing"].resource != closer


def test_the_makespan_bounds_hold_for_a_solved_plan() -> None:
    found = make(tuple(rack(f"PO-00001/{n}") for n in range(1, 7)))
    solution = solve(found.problem, seconds=2)
    best = solution.placements
    assert plan_violations(found.problem, best) == []
    assert flow_bound(found.problem) <= makespan_bound(found.problem)
    assert makespan_bound(found.problem) <= max(p.end for p in best.values())


def test_a_plan_with_two_colourways_changes_thread_only_between_them() -> None:
    green, burgundy = order("PO-00001"), replace(order("PO-00002"), colourway_code="U991BU2")
    racks = (
        rack("PO-00001/1", order=green),
        rack("PO-00001/2", order=green),
        rack("PO-00002/1", order=burgundy),
    )
    found = make(racks)
    solution = solve(found.problem, seconds=3)
    assert plan_violations(found.problem, solution.placements) == []
    for key in solution.setups:
        assert key.endswith(":closing")


def test_no_step_starts_in_a_break_and_each_takes_its_working_minutes() -> None:
    found = make(tuple(rack(f"PO-00001/{n}") for n in range(1, 4)))
    line = found.timeline
    solution = solve(found.problem, seconds=2)
    breaks = [(time(10, 0), time(10, 15)), (time(12, 30), time(13, 15))]
    for key, placed in solution.placements.items():
        starts, ends = line.moment(placed.start), line.moment(placed.end, end=True)
        local = starts.astimezone(LONDON)
        assert local.weekday() < 5
        assert time(7, 30) <= local.time() < time(16, 0)
        assert not any(a <= local.time() < b for a, b in breaks), key
        worked = line.minutes_before(ends) - line.minutes_before(starts)
        assert worked == (placed.end - placed.start) * 5  # breaks and nights not counted
        if ends.date() == starts.date() and starts.time() < time(10) < ends.time():
            assert ends - starts > timedelta(minutes=worked)  # it paused for the break
