"""The shift, absences, and the priority and customer type orders are weighed by."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from cordwainer.domain.calendar import DAY_SHIFT, Absence, ShiftPattern, working_windows
from cordwainer.domain.errors import InvalidValue
from cordwainer.domain.orders import (
    CustomerType,
    OrderLine,
    Priority,
    ProductionOrder,
    parse_customer_type,
    parse_priority,
)

LONDON = ZoneInfo("Europe/London")
MORNING = datetime(2026, 11, 16, 7, 30, tzinfo=UTC)


def test_a_shift_must_end_after_it_starts() -> None:
    with pytest.raises(InvalidValue) as refused:
        ShiftPattern("Back to front", time(16), time(7, 30))
    assert refused.value.code == "invalid_shift"


def test_a_shift_with_its_breaks_out_of_order_is_refused() -> None:
    with pytest.raises(InvalidValue):
        ShiftPattern(
            "Muddled", time(7), time(15), ((time(12), time(12, 30)), (time(10), time(10, 15)))
        )


def test_a_shift_may_begin_or_end_with_a_break_and_still_count_its_minutes() -> None:
    early_break = ShiftPattern(
        "Odd", time(7), time(9), ((time(7), time(7, 30)), (time(8, 30), time(9)))
    )
    assert early_break.working_minutes == 60
    assert [(a.time(), b.time()) for a, b in early_break.windows_on(date(2026, 11, 16), UTC)] == [
        (time(7, 30), time(8, 30))
    ]


def test_the_factory_is_closed_on_its_holidays() -> None:
    monday = date(2026, 12, 28)
    spans = working_windows(DAY_SHIFT, monday, 5, LONDON, closed=(monday,))
    assert {a.date() for a, _ in spans} == {date(2026, 12, d) for d in (29, 30, 31)} | {
        date(2027, 1, 1)
    }


def test_an_absence_needs_zoned_moments_an_end_after_its_start_and_a_reason() -> None:
    with pytest.raises(InvalidValue):
        Absence("B1012", datetime(2026, 11, 16, 7, 30), MORNING, "Ill")
    with pytest.raises(InvalidValue):
        Absence("B1012", MORNING, MORNING - timedelta(hours=1), "Ill")
    with pytest.raises(InvalidValue):
        Absence("B1012", MORNING, MORNING + timedelta(hours=1), "")


def test_an_absence_overlaps_only_the_time_it_covers() -> None:
    ill = Absence("B1012", MORNING, MORNING + timedelta(hours=4), "Ill")
    assert ill.overlaps(MORNING + timedelta(hours=3), MORNING + timedelta(hours=5))
    assert not ill.overlaps(MORNING + timedelta(hours=4), MORNING + timedelta(hours=5))


@pytest.mark.parametrize(
    ("typed", "priority"),
    [("rush", Priority.RUSH), (" High ", Priority.HIGH), ("LOW", Priority.LOW)],
)
def test_a_priority_is_read_as_a_planner_writes_it(typed: str, priority: Priority) -> None:
    assert parse_priority(typed) is priority


@pytest.mark.parametrize(
    ("typed", "kind"),
    [("launch", CustomerType.LAUNCH), ("Factory shop", CustomerType.FACTORY_SHOP),
     ("factory-shop", CustomerType.FACTORY_SHOP)],
)  # fmt: skip
def test_a_customer_type_is_read_as_a_planner_writes_it(typed: str, kind: CustomerType) -> None:
    assert parse_customer_type(typed) is kind


def test_an_unknown_priority_or_customer_type_is_refused_with_the_choices() -> None:
    with pytest.raises(InvalidValue) as priority:
        parse_priority("urgent")
    assert priority.value.code == "invalid_priority"
    assert "rush, high, normal, low" in priority.value.message
    with pytest.raises(InvalidValue) as kind:
        parse_customer_type("retail")
    assert kind.value.code == "invalid_customer_type"


def test_lateness_weighs_priority_times_customer_type() -> None:
    lines = (OrderLine("05012345000015", 12), OrderLine("05012345000022", 6, released=6))
    launch = ProductionOrder(
        "PO-00001", "U991GN2", date(2026, 12, 1), "Spring launch", lines,
        Priority.RUSH, CustomerType.LAUNCH,
    )  # fmt: skip
    shop = ProductionOrder("PO-00002", "U991GN2", date(2026, 12, 1), "Flimby", lines,
                           Priority.LOW, CustomerType.FACTORY_SHOP)  # fmt: skip
    assert launch.lateness_weight == 24
    assert shop.lateness_weight == 1
    assert launch.pairs == 18
    assert launch.remaining == 12
