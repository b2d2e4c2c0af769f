"""When the factory works: the shift pattern with its breaks, and the people who are away.

A shift pattern is written in the factory's local time (07:30 to 16:00, breaks at ten
and at lunch); the moments it yields are in UTC, for the time zone given. An absence is
a person away from one moment to another: ill, on holiday, on a course.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from cordwainer.domain.errors import InvalidValue

MONDAY_TO_FRIDAY = frozenset(range(5))


@dataclass(frozen=True, slots=True)
class ShiftPattern:
    """The hours everyone works on each working day, with the breaks everyone takes."""

    name: str
    starts: time
    ends: time
    breaks: tuple[tuple[time, time], ...] = ()
    weekdays: frozenset[int] = field(default=MONDAY_TO_FRIDAY)  # 0 is Monday

    def __post_init__(self) -> None:
        if self.ends <= self.starts:
            raise InvalidValue(
                f"The shift '{self.name}' ends before it starts.", code="invalid_shift"
            )
        last = self.starts
        for begins, resumes in self.breaks:
            if not last <= begins < resumes <= self.ends:
                raise InvalidValue(
                    f"The breaks of '{self.name}' must lie inside the shift, in order.",
                    code="invalid_shift",
                )
            last = resumes

    @property
    def working_minutes(self) -> int:
        """Minutes worked on one day of the pattern, breaks left out."""
        return sum(_minutes(a, b) for a, b in self._spans())

    def _spans(self) -> Iterator[tuple[time, time]]:
        begin = self.starts
        for pause, resume in self.breaks:
            if pause > begin:
                yield begin, pause
            begin = resume
        if self.ends > begin:
            yield begin, self.ends

    def windows_on(self, day: date, zone: tzinfo) -> list[tuple[datetime, datetime]]:
        """The spans worked on ``day``, as UTC moments; none on a day off."""
        if day.weekday() not in self.weekdays:
            return []
        return [(_utc(day, begin, zone), _utc(day, end, zone)) for begin, end in self._spans()]


DAY_SHIFT = ShiftPattern(
    "Day shift",
    starts=time(7, 30),
    ends=time(16, 0),
    breaks=((time(10, 0), time(10, 15)), (time(12, 30), time(13, 15))),
)


def working_windows(
    pattern: ShiftPattern,
    first_day: date,
    days: int,
    zone: tzinfo,
    closed: Collection[date] = (),
) -> tuple[tuple[datetime, datetime], ...]:
    """Every span worked from ``first_day`` for ``days`` calendar days, factory holidays out."""
    spans: list[tuple[datetime, datetime]] = []
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        if day not in closed:
            spans.extend(pattern.windows_on(day, zone))
    return tuple(spans)


@dataclass(frozen=True, slots=True)
class Absence:
    """A person away: nothing is planned for them between the two moments."""

    badge: str
    starts_at: datetime
    ends_at: datetime
    reason: str

    def __post_init__(self) -> None:
        if self.starts_at.tzinfo is None or self.ends_at.tzinfo is None:
            raise InvalidValue("An absence's moments need their time zone.", code="invalid_absence")
        if self.ends_at <= self.starts_at:
            raise InvalidValue(
                f"{self.badge}'s absence must end after it starts.", code="invalid_absence"
            )
        if not self.reason.strip():
            raise InvalidValue("Say why the person is away.", code="invalid_absence")

    def overlaps(self, starts_at: datetime, ends_at: datetime) -> bool:
        return self.starts_at < ends_at and starts_at < self.ends_at


def _minutes(a: time, b: time) -> int:
    return (b.hour * 60 + b.minute) - (a.hour * 60 + a.minute)


def _utc(day: date, at: time, zone: tzinfo) -> datetime:
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)
