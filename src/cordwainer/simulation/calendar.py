"""The factory's clock: working days, shifts and their breaks.

The simulation counts time in minutes since midnight (UTC) of its first day. A shift is
worked from Monday to Friday; it may run past midnight (a late shift ending at 00:30
belongs to the day it began). A break is a pause inside a shift: nobody starts, finishes
or checks work during one, and work in hand waits for the bell.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise

MINUTES_PER_DAY = 1440
WORKING_WEEKDAYS = frozenset(range(5))  # Monday to Friday
NEVER = float("inf")


@dataclass(frozen=True, slots=True)
class Shift:
    """A shift's hours, in minutes after midnight, and its breaks inside them."""

    name: str
    start: int
    end: int
    breaks: tuple[tuple[int, int], ...] = ()

    def __post_init__(self) -> None:
        edges = [self.start]
        for begins, ends in sorted(self.breaks):
            edges += [begins, ends]
        edges.append(self.end)
        if any(later < earlier for earlier, later in pairwise(edges)):
            raise ValueError(f"the {self.name} shift's breaks must lie inside it, in order")

    @property
    def spells(self) -> tuple[tuple[int, int], ...]:
        """The stretches worked between the start, the breaks and the end."""
        edges = [self.start]
        for begins, ends in sorted(self.breaks):
            edges += [begins, ends]
        edges.append(self.end)
        return tuple(
            (edges[i], edges[i + 1]) for i in range(0, len(edges), 2) if edges[i + 1] > edges[i]
        )

    @property
    def working_minutes(self) -> int:
        return sum(end - start for start, end in self.spells)


def clock(text: str) -> int:
    """``07:30`` as minutes after midnight; ``00:30`` after a late shift is given as ``24:30``."""
    hours, _, minutes = text.partition(":")
    return int(hours) * 60 + int(minutes or 0)


def working_days(first: date, count: int) -> list[date]:
    """``count`` working days from ``first`` on (a weekend start moves to the Monday)."""
    days: list[date] = []
    day = first
    while len(days) < count:
        if day.weekday() in WORKING_WEEKDAYS:
            days.append(day)
        day += timedelta(days=1)
    return days


def working_days_back(last: date, count: int) -> date:
    """The first of ``count`` working days that end on or before ``last``."""
    day, seen = last, 0
    while True:
        if day.weekday() in WORKING_WEEKDAYS:
            seen += 1
            if seen == count:
                return day
        day -= timedelta(days=1)


class Calendar:
    """When one shift works over the simulated days: spells of work as sim-time intervals."""

    def __init__(self, origin: date, days: list[date], shift: Shift) -> None:
        self.shift = shift
        self._spells: list[tuple[float, float]] = []
        for day in days:
            offset = (day - origin).days * MINUTES_PER_DAY
            self._spells += [(offset + start, offset + end) for start, end in shift.spells]
        self._starts = [start for start, _ in self._spells]

    def _spell_at(self, t: float) -> int:
        return bisect_right(self._starts, t) - 1

    def is_working(self, t: float) -> bool:
        """Whether ``t`` falls inside a spell (its start included, its end not)."""
        index = self._spell_at(t)
        return index >= 0 and t < self._spells[index][1]

    def allows(self, t: float) -> bool:
        """Whether something may be recorded at ``t``: inside a spell or at either of its ends."""
        index = self._spell_at(t)
        if index >= 0 and t <= self._spells[index][1]:
            return True
        return index + 1 < len(self._spells) and self._spells[index + 1][0] == t

    def next_working(self, t: float) -> float:
        """``t`` if it is worked, else the start of the next spell (NEVER after the last)."""
        index = self._spell_at(t)
        if index >= 0 and t < self._spells[index][1]:
            return t
        return self._spells[index + 1][0] if index + 1 < len(self._spells) else NEVER

    def spell_end(self, t: float) -> float:
        """The end of the spell ``t`` is in (``t`` must be worked)."""
        return self._spells[self._spell_at(t)][1]

    def add_working(self, t: float, minutes: float) -> float:
        """The moment ``minutes`` of working time after ``t``."""
        at = self.next_working(t)
        while at != NEVER:
            end = self.spell_end(at)
            if at + minutes <= end:
                return at + minutes
            minutes -= end - at
            at = self.next_working(end)
        return NEVER

    def worked_between(self, start: float, end: float) -> float:
        """Working minutes between two moments."""
        total = 0.0
        for begins, ends in self._spells:
            if ends <= start:
                continue
            if begins >= end:
                break
            total += min(ends, end) - max(begins, start)
        return total


def moment(origin: date, minutes: float) -> datetime:
    """The UTC moment ``minutes`` after midnight of ``origin``, to the second."""
    start = datetime.combine(origin, time(0, 0), tzinfo=UTC)
    return start + timedelta(seconds=round(minutes * 60))
