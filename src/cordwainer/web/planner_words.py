"""How the planner's pages print moments and lengths: in the factory's own time zone."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from cordwainer.services.plan_inputs import PlanSettings

ZONE = ZoneInfo(PlanSettings().timezone)


def when(moment: datetime | None) -> str:
    """``Tue 17 Nov 09:05``, in the factory's time."""
    if moment is None:
        return ""
    local = moment.astimezone(ZONE)
    return f"{local:%a} {local.day} {local:%b %H:%M}"


def clock(moment: datetime) -> str:
    """``09:05``, in the factory's time."""
    return f"{moment.astimezone(ZONE):%H:%M}"


def day(value: date) -> str:
    """``Tue 17 Nov``."""
    return f"{value:%a} {value.day} {value:%b}"


def minutes(value: int) -> str:
    """``45 min``, ``3 h 20 min``, ``2 d 1 h`` of working time (a day is 7.5 hours)."""
    if value < 60:
        return f"{value} min"
    hours, rest = divmod(value, 60)
    if hours < 15:
        return f"{hours} h {rest} min" if rest else f"{hours} h"
    days, left = divmod(value, 450)
    return f"{days} d {left // 60} h" if left >= 60 else f"{days} d"


def iso(moment: datetime) -> str:
    return moment.isoformat()


def percent_of(share: float) -> str:
    return f"{share * 100:.1f}"
