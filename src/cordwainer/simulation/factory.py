"""The factory twin: the floor as a SimPy model whose every action goes through the services.

Orders come in during office hours; the planner releases their racks while the floor holds
fewer pairs than its limit; each rack waits at each step for a free bench and a free
qualified person (``crew.py``), who works it at their own speed, pausing for breaks and
the night; a trainee's work waits for a qualified sign-off; a colleague checks every rack
and sends a pair back or scraps it now and then; the metal detector quarantines a pair
now and then until a supervisor clears it; benches break down and are repaired; complete
orders are shipped at the end of the day. Each of these is recorded through the same
service a station terminal calls, by the clerk (``clerk.py``). The twin decides, with its
own random streams; the services check and record. See docs/simulation.md.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Generator, Hashable, Iterable
from datetime import date, datetime
from random import Random
from typing import Any
from uuid import UUID

import simpy

from cordwainer.domain.catalogue import OperationKind
from cordwainer.domain.floor import QUALIFIED
from cordwainer.domain.orders import RACK_CAPACITY
from cordwainer.domain.quality import INSPECTOR_SKILL, SUPERVISOR_LEVEL
from cordwainer.services import orders
from cordwainer.simulation.calendar import (
    MINUTES_PER_DAY,
    NEVER,
    Calendar,
    moment,
    working_days,
)
from cordwainer.simulation.clerk import Clerk
from cordwainer.simulation.crew import Bench, Crew, Person
from cordwainer.simulation.making import make_rack, ship
from cordwainer.simulation.orders_book import Order, Rack
from cordwainer.simulation.parameters import FloorParameters
from cordwainer.simulation.statistics import TwinStatistics
from cordwainer.simulation.world import FactoryWorld
from cordwainer.storage.database import Database

Steps = Generator[simpy.Event, Any, Any]
STREAMS = ("orders", "work", "quality", "checks", "breakdowns")
CUSTOMERS = (
    "Flimby factory shop",
    "Direct — online",
    "Wholesale — London",
    "Wholesale — Tokyo",
    "Wholesale — New York",
)


class FactoryTwin:
    def __init__(
        self,
        db: Database,
        *,
        seed: int,
        first_day: date,
        days: int,
        parameters: FloorParameters | None = None,
        clerk: Clerk | None = None,
    ) -> None:
        self.db = db
        self.p = parameters or FloorParameters()
        self.days = working_days(first_day, days)
        self.origin = self.days[0]
        self.env = simpy.Environment()
        self.clerk = clerk or Clerk()
        self.seed = seed
        self.random = {name: Random(f"cordwainer:{seed}:{name}") for name in STREAMS}
        self.world = FactoryWorld(db)
        calendars = {
            name: Calendar(self.origin, self.days, shift) for name, shift in self.p.shifts.items()
        }
        self.office = calendars[self.p.office_shift]
        self.people = [
            Person(badge, skills, self.world.home_of(skills), calendars[self._shift(badge)])
            for badge, skills in sorted(self.world.skills.items())
        ]
        self.crew = Crew(self.env)
        self.benches = {op: simpy.FilterStore(self.env) for op in self.world.operations}
        for op, codes in self.world.stations.items():
            self.benches[op].items.extend(Bench(code, op) for code in codes)
        self.boxing = self.world.operation_of_kind(OperationKind.BOXING)
        self.stats = TwinStatistics(self.origin, self.days, self.world.stations, self.people)
        self.backlog: list[Order] = []
        self.open_orders: list[Order] = []
        self._racks = 0
        self._wake = self.env.event()
        self._pools: dict[tuple[str, ...], list[Person]] = {}
        self._start()

    def _shift(self, badge: str) -> str:
        return self.p.shift_of.get(badge, self.p.office_shift)

    def _start(self) -> None:
        for person in self.people:
            self.env.process(self._shifts(person))
        for op, store in self.benches.items():
            rule = self.p.breakdowns.get(op)
            if rule is not None:
                for bench in list(store.items):
                    self.env.process(
                        self._breakdowns(bench, rule.mean_hours_between, rule.repair_minutes)
                    )
        self.env.process(self._order_book())
        self.env.process(self._planner())
        self.env.process(self._dispatch())

    # running -------------------------------------------------------------------------

    def run(self, tick: Callable[[int], None] | None = None) -> TwinStatistics:
        try:
            for index, day in enumerate(self.days):
                self.env.run(until=(self._offset(day) + 1) * MINUTES_PER_DAY)
                self.clerk.check()
                if tick:
                    tick(index + 1)
            self.env.run(until=(self._offset(self.days[-1]) + 2) * MINUTES_PER_DAY)
            self.clerk.finish()
        except BaseException:
            self.clerk.abandon()
            raise
        self.stats.close(self.env.now, self.clerk.kinds)
        return self.stats

    def _offset(self, day: date) -> int:
        return (day - self.origin).days

    def at(self) -> datetime:
        """Now, in the twin, as a UTC moment to the second."""
        return moment(self.origin, self.env.now)

    def event_id(self) -> UUID:
        """A time-ordered id (UUIDv7's layout: the event's moment, then random bits), as a
        terminal makes one: the log's indexes then grow at one end, as they do on the floor."""
        milliseconds = int(self.at().timestamp() * 1000) & (2**48 - 1)
        bits = self.random["ids"].getrandbits(74)
        high, low = bits >> 62, bits & (2**62 - 1)
        return UUID(int=(milliseconds << 80) | (0x7 << 76) | (high << 64) | (0b10 << 62) | low)

    def say(self, lanes: Iterable[Hashable], call: Callable[[], object]) -> None:
        self.clerk.record(lanes, call)

    # orders and releases -------------------------------------------------------------

    def _order_book(self) -> Steps:
        rng = self.random["orders"]
        shift = self.office.shift
        for day in self.days:
            sizes: list[int] = []
            while (total := sum(sizes)) < self.p.pairs_per_day:
                sizes.append(min(rng.choice(self.p.order_sizes), self.p.pairs_per_day - total))
            start = self._offset(day) * MINUTES_PER_DAY
            times = sorted(
                self.office.add_working(start, rng.uniform(0, shift.working_minutes)) for _ in sizes
            )
            for size, at in zip(sizes, times, strict=True):
                yield self.env.timeout(max(0.0, at - self.env.now))
                self._take_order(day, size, rng)

    def _take_order(self, day: date, pairs: int, rng: Random) -> None:
        colourway = rng.choice([c for c in self.world.colourways if c.launched_on <= day])
        gtins = self.world.gtins(colourway.code)
        middle = (len(gtins) - 1) / 2
        weights = [1.0 / (1.0 + ((i - middle) / (len(gtins) / 4)) ** 2) for i in range(len(gtins))]
        counts = Counter(rng.choices(gtins, weights=weights, k=pairs))
        lead = rng.randint(*self.p.due_in_working_days)
        due_on = working_days(day, lead + 1)[-1]
        customer = rng.choice(CUSTOMERS)
        placed = orders.create_order(
            self.db,
            orders.NewOrder(
                colourway.code,
                due_on,
                customer,
                tuple((gtin, counts[gtin]) for gtin in gtins if counts[gtin]),
                ordered_at=self.at(),
            ),
        )
        if "ids" not in self.random:
            # Event ids follow the seed and the database: a second run on the same
            # database (whose first order has another number) makes new ones.
            self.random["ids"] = Random(f"cordwainer:{self.seed}:ids:{placed.code}")
        order = Order(
            placed.code,
            colourway.code,
            colourway.style_code,
            customer,
            due_on,
            self.env.now,
            pairs,
        )
        self.stats.ordered(order)
        self.backlog.append(order)
        self.backlog.sort(key=lambda o: (o.due_on, o.ordered_at, o.code))
        self.open_orders.append(order)
        self.wake_planner()

    def wake_planner(self) -> None:
        if not self._wake.triggered:
            self._wake.succeed()

    def _planner(self) -> Steps:
        while True:
            now = self.env.now
            at = self.office.next_working(now)
            if at == NEVER:
                return
            if at > now:
                yield self.env.timeout(at - now)
                continue
            while self.backlog and self.stats.wip < self.p.wip_limit_pairs:
                self._release(self.backlog[0])
            self._wake = self.env.event()
            yield self._wake

    def _release(self, order: Order) -> None:
        size = min(RACK_CAPACITY, order.remaining)
        self._racks += 1
        rack = Rack(
            self._racks,
            order,
            size,
            self.world.routings[order.style],
            self.env.now,
            members=list(range(size)),
        )
        order.released += size
        if order.remaining == 0:
            self.backlog.remove(order)
        self.stats.released(rack, self.env.now)
        command = orders.ReleaseRack(self.event_id(), order.code, self.at())

        def release() -> object:
            receipt = orders.release_rack_of(self.db, command)
            rack.code = receipt.rack or ""
            rack.serials = tuple(pair.serial for pair in receipt.pairs)
            if len(rack.serials) != rack.size:
                raise RuntimeError(f"rack {rack.code} has {len(rack.serials)} pairs, not {size}")
            return receipt

        self.say(("release", rack.lane), release)
        self.env.process(make_rack(self, rack))

    # people and benches --------------------------------------------------------------

    def _shifts(self, person: Person) -> Steps:
        """Into the crew when a spell of work begins, out of it at the bell."""
        calendar = person.calendar
        while True:
            start = calendar.next_working(self.env.now)
            if start == NEVER:
                return
            if start > self.env.now:
                yield self.env.timeout(start - self.env.now)
            if not person.busy and not person.in_crew:
                person.in_crew = True
                self.crew.put(person)
            yield self.env.timeout(calendar.spell_end(self.env.now) - self.env.now)
            if person.in_crew and person in self.crew.items:
                self.crew.items.remove(person)
                person.in_crew = False

    def free(self, person: Person, bench: Bench) -> None:
        self.benches[bench.operation].put(bench)
        person.busy = False
        if person.calendar.is_working(self.env.now):
            person.in_crew = True
            self.crew.put(person)

    def _breakdowns(self, bench: Bench, hours: float, repair: tuple[float, float]) -> Steps:
        rng = self.random["breakdowns"]
        store = self.benches[bench.operation]
        while True:
            at = self.office.add_working(self.env.now, rng.expovariate(1 / (hours * 60)))
            if at == NEVER:
                return
            yield self.env.timeout(at - self.env.now)
            minutes = rng.uniform(*repair)
            if bench.broken:
                continue
            if bench.working and bench.worker is not None:
                self.stats.broke_down(bench.operation, minutes)
                bench.worker.interrupt(minutes)
            elif bench in store.items:
                self.stats.broke_down(bench.operation, minutes)
                store.items.remove(bench)
                bench.broken = True
                yield self.env.timeout(minutes)
                bench.broken = False
                store.put(bench)

    def work(self, person: Person, bench: Bench, minutes: float) -> Steps:
        """``minutes`` of working time at a bench, paused by breaks, nights and repairs."""
        calendar = person.calendar
        bench.worker = self.env.active_process
        remaining = minutes
        try:
            while remaining > 1e-9:
                now = self.env.now
                if not calendar.is_working(now):
                    resume = calendar.next_working(now)
                    yield self.env.timeout(resume - now) if resume != NEVER else self.env.event()
                    continue
                length = min(remaining, calendar.spell_end(now) - now)
                bench.working = True
                try:
                    yield self.env.timeout(length)
                except simpy.Interrupt as breakdown:
                    bench.working = False
                    remaining -= self.env.now - now
                    self.stats.worked(bench.operation, now, self.env.now - now)
                    bench.broken = True
                    yield self.env.timeout(breakdown.cause or 0.0)
                    bench.broken = False
                    continue
                finally:
                    bench.working = False
                remaining -= length
                self.stats.worked(bench.operation, now, length)
        finally:
            bench.worker = None

    def someone(
        self, pool: list[Person], at: float, *, besides: Person | None = None
    ) -> tuple[float, Person] | None:
        """Someone of ``pool`` at work at ``at`` or the earliest moment after; not ``besides``
        if anyone else is there."""
        while at != NEVER:
            there = [person for person in pool if person.calendar.allows(at)]
            if there:
                others = [person for person in there if person is not besides] or there
                return at, self.random["checks"].choice(others)
            at = min((p.calendar.next_working(at + 1e-6) for p in pool), default=NEVER)
        return None

    def inspectors(self, operation: str) -> list[Person]:
        """Who may check a step: qualified in it, or a qualified inspector."""
        return self._pool(
            ("inspect", operation),
            lambda p: p.level(operation) >= QUALIFIED or p.level(INSPECTOR_SKILL) >= QUALIFIED,
        )

    def signers(self, operation: str) -> list[Person]:
        """Who may sign a trainee's work off: qualified in the step."""
        return self._pool(("sign", operation), lambda p: p.level(operation) >= QUALIFIED)

    def supervisors(self) -> list[Person]:
        """Who clears a quarantined pair: an expert inspector."""
        return self._pool(("clear",), lambda p: p.level(INSPECTOR_SKILL) >= SUPERVISOR_LEVEL)

    def _pool(self, key: tuple[str, ...], fits: Callable[[Person], bool]) -> list[Person]:
        if key not in self._pools:
            self._pools[key] = [person for person in self.people if fits(person)]
        return self._pools[key]

    # shipping ------------------------------------------------------------------------

    def _dispatch(self) -> Steps:
        for day in self.days:
            at = self._offset(day) * MINUTES_PER_DAY + self.p.dispatch_at
            if at < self.env.now:
                continue
            yield self.env.timeout(at - self.env.now)
            packers = [p for p in self.people if p.level(self.boxing) >= 1]
            for order in list(self.open_orders):
                if order.boxed_unshipped and (order.is_complete or order.due_on <= day):
                    ship(self, order, packers)
                if order.is_complete and not order.boxed_unshipped:
                    self.open_orders.remove(order)
