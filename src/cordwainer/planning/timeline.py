"""Working time as whole units from the start of a plan, and back to moments.

Only the factory's working spans count: a task that runs into the lunch break stops
at 12:30 and goes on at 13:15, and one that runs past 16:00 goes on the next working
morning. Unit 0 is the plan's start (or the first working moment after it).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property
from math import ceil


@dataclass(frozen=True)
class Timeline:
    """Working spans (UTC, in order, not overlapping) cut into units of ``unit_minutes``."""

    spans: tuple[tuple[datetime, datetime], ...]
    unit_minutes: int

    @classmethod
    def starting(
        cls, at: datetime, spans: Sequence[tuple[datetime, datetime]], unit_minutes: int
    ) -> Timeline:
        """The working time from ``at`` on."""
        kept = [(max(a, at), b) for a, b in spans if b > at]
        return cls(tuple(kept), unit_minutes)

    @cached_property
    def _offsets(self) -> list[float]:
        """Working minutes before each span begins."""
        offsets, total = [], 0.0
        for a, b in self.spans:
            offsets.append(total)
            total += _minutes(a, b)
        return offsets

    @cached_property
    def _starts(self) -> list[datetime]:
        return [a for a, _ in self.spans]

    @property
    def units(self) -> int:
        """How many whole units the spans hold."""
        return int(sum(_minutes(a, b) for a, b in self.spans) // self.unit_minutes)

    def units_for(self, minutes: float) -> int:
        """Units a piece of work takes: at least one, rounded up."""
        return max(1, ceil(minutes / self.unit_minutes - 1e-9))

    def minutes_before(self, moment: datetime) -> float:
        """Working minutes from the timeline's start to ``moment``."""
        index = bisect_right(self._starts, moment) - 1
        if index < 0:
            return 0.0
        a, b = self.spans[index]
        return self._offsets[index] + _minutes(a, min(moment, b))

    def unit_at(self, moment: datetime, *, after: bool = True) -> int:
        """The first unit starting at or after ``moment`` (the last ending at or before it,
        when ``after`` is false): where work released at ``moment`` may begin, or work due
        at ``moment`` must end by."""
        whole = self.minutes_before(moment) / self.unit_minutes
        return ceil(whole - 1e-9) if after else int(whole + 1e-9)

    def moment(self, unit: int, *, end: bool = False) -> datetime:
        """When unit ``unit`` begins; with ``end``, when the unit before it ends (so work
        ending at the close of a day ends at 16:00, not at 07:30 the next morning)."""
        if not self.spans:
            raise ValueError("an empty timeline has no moments")
        minutes = unit * self.unit_minutes
        for (a, b), offset in zip(self.spans, self._offsets, strict=True):
            length = _minutes(a, b)
            if minutes < offset + length or (end and minutes == offset + length):
                return a + timedelta(minutes=minutes - offset)
        a, b = self.spans[-1]
        return b + timedelta(minutes=minutes - self._offsets[-1] - _minutes(a, b))

    def span_units(self, starts_at: datetime, ends_at: datetime) -> tuple[int, int] | None:
        """The units an absence from ``starts_at`` to ``ends_at`` touches, if any."""
        first = self.unit_at(starts_at, after=False)
        last = self.unit_at(ends_at, after=True)
        return (first, last) if last > first else None


def _minutes(a: datetime, b: datetime) -> float:
    return max(0.0, (b - a).total_seconds() / 60)
