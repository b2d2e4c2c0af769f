"""What the twin saw as it ran: output, lead times, work in progress, busy benches.

These are the twin's own observations, kept per calendar day so that a what-if can leave
out the first days (the floor starts empty). The dashboard computes its figures from the
recorded events instead; a test checks that the two agree.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from cordwainer.simulation.calendar import MINUTES_PER_DAY
from cordwainer.simulation.crew import Person
from cordwainer.simulation.orders_book import Order, Rack


@dataclass(frozen=True, slots=True)
class Measures:
    """The figures a what-if compares, over the days it measures."""

    days: int
    pairs_per_day: float
    lead_days_median: float | None
    lead_days_p90: float | None
    wip_average: float  # pairs on the floor, time-weighted, nights included
    utilisation: Mapping[str, float | None]  # operation -> share of open bench-time worked
    reworked: int
    scrapped: int


@dataclass
class TwinStatistics:
    origin: date
    days: list[date]
    stations: Mapping[str, tuple[str, ...]]
    people: Iterable[Person]
    orders: int = 0
    pairs_ordered: int = 0
    racks: int = 0
    pairs_released: int = 0
    boxed: int = 0
    shipped: int = 0
    reworked: int = 0
    scrapped: int = 0
    quarantined: int = 0
    signed_off: int = 0
    breakdowns: int = 0
    wip: int = 0
    wip_peak: int = 0
    boxed_on: Counter[date] = field(default_factory=Counter)
    lead_days: defaultdict[date, list[float]] = field(default_factory=lambda: defaultdict(list))
    busy_minutes: defaultdict[tuple[str, date], float] = field(
        default_factory=lambda: defaultdict(float)
    )
    down_minutes: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))
    reworked_on: Counter[date] = field(default_factory=Counter)
    scrapped_on: Counter[date] = field(default_factory=Counter)
    events: Counter[str] = field(default_factory=Counter)
    ended_at: float = 0.0
    _wip_area: defaultdict[date, float] = field(default_factory=lambda: defaultdict(float))
    _wip_since: float = 0.0

    def ordered(self, order: Order) -> None:
        self.orders += 1
        self.pairs_ordered += order.pairs

    def released(self, rack: Rack, now: float) -> None:
        self.racks += 1
        self.pairs_released += rack.size
        self._wip(now, rack.size)

    def boxed_for(self, order: Order, now: float, pairs: int) -> None:
        self._wip(now, -pairs)
        self.boxed += pairs
        self.boxed_on[self.day_of(now)] += pairs
        self.lead_days[self.day_of(now)] += [(now - order.ordered_at) / MINUTES_PER_DAY] * pairs

    def scrapped_one(self, now: float) -> None:
        self._wip(now, -1)
        self.scrapped += 1
        self.scrapped_on[self.day_of(now)] += 1

    def reworked_one(self, now: float) -> None:
        self.reworked += 1
        self.reworked_on[self.day_of(now)] += 1

    def worked(self, operation: str, now: float, minutes: float) -> None:
        self.busy_minutes[(operation, self.day_of(now))] += minutes

    def broke_down(self, operation: str, minutes: float) -> None:
        self.breakdowns += 1
        self.down_minutes[operation] += minutes

    def _wip(self, now: float, change: int) -> None:
        since = self._wip_since
        while since < now:
            until = min(now, (since // MINUTES_PER_DAY + 1) * MINUTES_PER_DAY)
            self._wip_area[self.day_of(since)] += self.wip * (until - since)
            since = until
        self._wip_since = max(self._wip_since, now)
        self.wip += change
        self.wip_peak = max(self.wip_peak, self.wip)

    def day_of(self, now: float) -> date:
        return date.fromordinal(self.origin.toordinal() + int(now // MINUTES_PER_DAY))

    def close(self, now: float, events: Mapping[str, int]) -> None:
        self._wip(now, 0)
        self.ended_at = now
        self.events = Counter(events)

    @property
    def event_count(self) -> int:
        return sum(self.events.values())

    def measured(self, warm_up_days: int = 0) -> Measures:
        """The run's figures over its working days after the first ``warm_up_days``."""
        kept = self.days[min(warm_up_days, len(self.days) - 1) :]
        first, last = kept[0], kept[-1]

        def within(day: date) -> bool:
            return first <= day <= last

        leads = sorted(d for day, values in self.lead_days.items() if within(day) for d in values)
        calendar_days = (last - first).days + 1
        wip_area = sum(area for day, area in self._wip_area.items() if within(day))
        return Measures(
            days=len(kept),
            pairs_per_day=sum(self.boxed_on[day] for day in kept) / len(kept),
            lead_days_median=statistics.median(leads) if leads else None,
            lead_days_p90=leads[min(len(leads) - 1, int(0.9 * len(leads)))] if leads else None,
            wip_average=wip_area / (calendar_days * MINUTES_PER_DAY),
            utilisation={op: self._utilisation(op, kept) for op in self.stations},
            reworked=sum(n for day, n in self.reworked_on.items() if within(day)),
            scrapped=sum(n for day, n in self.scrapped_on.items() if within(day)),
        )

    def _utilisation(self, operation: str, days: list[date]) -> float | None:
        """Share of the workcentre's open bench-time spent working a rack: its benches times
        the shifts kept by the people who may work there."""
        calendars = {
            person.calendar.shift.name: person.calendar
            for person in self.people
            if person.level(operation) > 0
        }
        start = (days[0] - self.origin).days * MINUTES_PER_DAY
        end = ((days[-1] - self.origin).days + 1) * MINUTES_PER_DAY + 60  # a late shift's end
        open_minutes = sum(c.worked_between(start, end) for c in calendars.values())
        open_minutes *= len(self.stations.get(operation, ()))
        busy = sum(self.busy_minutes[(operation, day)] for day in days)
        return busy / open_minutes if open_minutes else None
