"""A rack's life in the twin, step by step, and the pairs that leave it for a while.

Each step waits for a bench and a person, then is recorded as a terminal records it:
started, finished (clicking names the lots it cut from), signed off if a trainee did it,
and inspected; the metal detector scans; the packers box. A rack command names the whole
rack, as a scanned rack ticket does, unless some of its pairs travel on their own: then it
names its pairs one by one. A pair sent back for rework travels alone until it finds its
rack waiting at a step and joins it there; a quarantined pair waits for a supervisor.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from random import Random
from typing import TYPE_CHECKING, TypeVar
from uuid import NAMESPACE_URL, uuid5

from cordwainer.domain.catalogue import Operation, OperationKind
from cordwainer.domain.errors import RuleBroken
from cordwainer.domain.floor import QUALIFIED
from cordwainer.domain.quality import DefectCode
from cordwainer.services import floor, materials
from cordwainer.services.materials import ReceiveLot, receive_material_lot
from cordwainer.services.recording import Receipt
from cordwainer.simulation.crew import Bench, Need, Person
from cordwainer.simulation.orders_book import Order, Rack

if TYPE_CHECKING:
    from cordwainer.simulation.factory import FactoryTwin, Steps

C = TypeVar("C", bound=floor.StepCommand)
LOT_DELIVERY = 8000.0  # what the stores receive when the clicker finds a material short
LOTS = "lots"  # the clerk's lane for everything that draws on or adds to material lots


class Outcome(Enum):
    PASSED = "passed"
    REWORK = "rework"
    OUT = "out"  # scrapped or quarantined: it leaves the flow


@dataclass(frozen=True, slots=True)
class Job:
    """One step being done: where, by whom, to which pairs of which rack."""

    twin: FactoryTwin
    rack: Rack
    operation: Operation
    bench: Bench
    person: Person
    pairs: tuple[int, ...]
    solo: bool

    def naming(self) -> Callable[[], tuple[str, ...]]:
        """What a command recorded now names: the whole rack, or (while some of its pairs
        travel on their own) these pairs one by one. Decided now, in the twin; the serials
        are read later, in the clerk's thread, once the release has told them."""
        if not (self.solo or self.rack.solos):
            return tuple
        return lambda: self.rack.serials_of(self.pairs)


def make_rack(twin: FactoryTwin, rack: Rack) -> Steps:
    # The ticket is printed and the rack set out at clicking a few minutes after release.
    yield twin.env.timeout(twin.random["work"].uniform(*twin.p.set_out_minutes))
    for step in range(len(rack.routing.operations)):
        rack.step, rack.waiting = step, True
        if not rack.members:
            break
        yield from do_step(twin, rack, step, None, redo=False)
    rack.step, rack.waiting = len(rack.routing.operations), False


def travel_alone(twin: FactoryTwin, rack: Rack, pair: int, step: int, *, redo: bool) -> Steps:
    """A pair on its own from ``step`` on, until it rejoins its rack, leaves, or is boxed."""
    rack.solos.add(pair)
    try:
        while step < len(rack.routing.operations):
            if not redo and rack.can_join(step):
                rack.members.append(pair)
                return
            outcome = yield from do_step(twin, rack, step, pair, redo=redo)
            if outcome is Outcome.OUT:
                return
            redo = outcome is Outcome.REWORK
            if not redo:
                step += 1
    finally:
        rack.solos.discard(pair)


def do_step(twin: FactoryTwin, rack: Rack, step: int, solo: int | None, *, redo: bool) -> Steps:
    operation = rack.routing.at(step)
    bench: Bench = yield twin.benches[operation.code].get()
    person: Person = yield twin.crew.get(Need(operation.code))
    person.in_crew, person.busy = False, True
    if solo is None:
        rack.waiting = False
        pairs = tuple(sorted(rack.members))
    else:
        pairs = (solo,)
    job = Job(twin, rack, operation, bench, person, pairs, solo is not None)
    if operation.kind is OperationKind.CRAFT:
        return (yield from _craft(job, redo))
    if operation.kind is OperationKind.METAL_DETECTION:
        return (yield from _scan(job))
    return (yield from _box(job))


def _minutes(job: Job) -> float:
    twin, spread = job.twin, job.twin.p.speed_spread
    level = max(1, job.person.level(job.operation.code))
    factor = twin.random["work"].lognormvariate(-(spread**2) / 2, spread)
    speed = twin.p.speed.get(level, 1.0)
    return job.operation.standard_minutes * len(job.pairs) * speed * factor


def _craft(job: Job, redo: bool) -> Steps:
    twin, rack = job.twin, job.rack
    started = _step_command(job, floor.StepCommand)
    twin.say([rack.lane], lambda: floor.start_operation(twin.db, started()))
    minutes = _minutes(job) * (twin.p.rework_speed if redo else 1.0)
    yield from twin.work(job.person, job.bench, minutes)
    _finish(job)
    twin.free(job.person, job.bench)
    level = job.person.level(job.operation.code)
    if level < QUALIFIED:
        signer = yield from _wait_for(
            job, twin.signers(job.operation.code), twin.p.sign_off_minutes
        )
        signed = _step_command(job, floor.SignOffCommand, badge=signer.badge)
        twin.say([rack.lane], lambda: floor.sign_off_work(twin.db, signed()))
        twin.stats.signed_off += 1
    inspector = yield from _wait_for(job, twin.inspectors(job.operation.code), twin.p.check_minutes)
    findings = _judge(twin, job.operation, job.pairs, level)
    _record_inspection(job, inspector, findings)
    return _settle(job, findings)


def _wait_for(job: Job, pool: list[Person], minutes: tuple[float, float]) -> Steps:
    """Wait a few working minutes, then for someone of ``pool`` on shift; who it is."""
    twin = job.twin
    at = job.person.calendar.add_working(twin.env.now, twin.random["checks"].uniform(*minutes))
    found = twin.someone(pool, at, besides=job.person)
    if found is None:
        yield twin.env.event()  # nobody there, ever: the rack waits to the end
        raise AssertionError("unreachable")
    at, who = found
    yield twin.env.timeout(at - twin.env.now)
    return who


def _step_command(job: Job, kind: type[C], *, badge: str | None = None) -> Callable[[], C]:
    event_id, at, serials = job.twin.event_id(), job.twin.at(), job.naming()
    return lambda: kind(
        event_id,
        job.bench.code,
        badge or job.person.badge,
        job.rack.code,
        serials(),
        event_time=at,
    )


def _finish(job: Job) -> None:
    twin, rack = job.twin, job.rack
    event_id, at, serials = twin.event_id(), twin.at(), job.naming()
    uses_lots = job.operation.consumes_materials

    def finish() -> list[Receipt]:
        lots, received = _cut(job, at) if uses_lots else ((), [])
        command = floor.FinishCommand(
            event_id,
            job.bench.code,
            job.person.badge,
            rack.code,
            serials(),
            event_time=at,
            lots=lots,
        )
        return [*received, floor.finish_operation(twin.db, command)]

    twin.say([rack.lane, LOTS] if uses_lots else [rack.lane], finish)


def _cut(job: Job, at: datetime) -> tuple[tuple[tuple[str, float], ...], list[Receipt]]:
    """The clicker's cutting plan; when a material runs short, the stores receive a delivery."""
    rack, received = job.rack, list[Receipt]()
    for delivery in range(1, 10):
        try:
            plan = materials.cutting_plan(job.twin.db, rack.order.colourway, len(job.pairs))
            return tuple(plan), received
        except RuleBroken as short:
            if short.code != "material_short":
                raise
            lot = f"L-{at:%y%m}-{rack.code}-{delivery}"
            command = ReceiveLot(
                uuid5(NAMESPACE_URL, f"cordwainer-twin/{lot}"),
                lot,
                str(short.details["material"]),
                LOT_DELIVERY,
                at.date(),
                f"Delivery for rack {rack.code}",
                event_time=at,
            )
            received.append(receive_material_lot(job.twin.db, command))
    raise RuntimeError(f"rack {rack.code}: a material is still short after nine deliveries")


def _judge(
    twin: FactoryTwin, operation: Operation, pairs: tuple[int, ...], level: int
) -> dict[int, tuple[str, str]]:
    rng = twin.random["quality"]
    factor = twin.p.defect_factor.get(max(1, level), 1.0)
    scrap = twin.p.scrap_rate.get(operation.code, 0.0) * factor
    rework = twin.p.rework_rate.get(operation.code, 0.0) * factor
    codes = twin.world.defects.get(operation.code, [])
    findings: dict[int, tuple[str, str]] = {}
    for pair in pairs:
        roll = rng.random()
        if codes and roll < scrap:
            findings[pair] = ("scrap", defect(rng, codes))
        elif codes and roll < scrap + rework:
            findings[pair] = ("rework", defect(rng, codes))
    return findings


def defect(rng: Random, codes: list[DefectCode]) -> str:
    """A defect code of the step, the catalogue's first ones the commonest (a long tail)."""
    return rng.choices(codes, weights=[1.0 / (rank + 1) for rank in range(len(codes))])[0].code


def _record_inspection(job: Job, inspector: Person, findings: dict[int, tuple[str, str]]) -> None:
    twin, rack = job.twin, job.rack
    event_id, at, serials = twin.event_id(), twin.at(), job.naming()

    def inspect() -> Receipt:
        command = floor.InspectCommand(
            event_id,
            job.bench.code,
            inspector.badge,
            rack.code,
            serials(),
            event_time=at,
            findings=tuple(
                floor.FindingInput(rack.serials[pair], result, code)
                for pair, (result, code) in sorted(findings.items())
            ),
        )
        return floor.inspect_pairs(twin.db, command)

    twin.say([rack.lane], inspect)


def _settle(job: Job, findings: dict[int, tuple[str, str]]) -> Outcome:
    """Take the pairs found wanting off the rack: back for rework on their own, or out."""
    twin, rack = job.twin, job.rack
    step = rack.routing.step_of(job.operation.code)
    outcome = Outcome.PASSED
    for pair, (result, _) in findings.items():
        if not job.solo:
            rack.members.remove(pair)
        if result == "scrap":
            twin.stats.scrapped_one(twin.env.now)
            rack.order.finished += 1
            twin.wake_planner()
            outcome = Outcome.OUT
        else:
            twin.stats.reworked_one(twin.env.now)
            outcome = Outcome.REWORK
            if not job.solo:
                twin.env.process(travel_alone(twin, rack, pair, step, redo=True))
    return outcome


def _scan(job: Job) -> Steps:
    twin, rack = job.twin, job.rack
    yield from twin.work(job.person, job.bench, _minutes(job))
    codes = twin.world.defects.get(job.operation.code, [])
    rng = twin.random["quality"]
    alarms = {
        pair: defect(rng, codes)
        for pair in job.pairs
        if codes and rng.random() < twin.p.metal_alarm_rate
    }
    event_id, at, serials = twin.event_id(), twin.at(), job.naming()

    def scan() -> Receipt:
        command = floor.MetalScanCommand(
            event_id,
            job.bench.code,
            job.person.badge,
            rack.code,
            serials(),
            event_time=at,
            alarms=tuple((rack.serials[p], code) for p, code in sorted(alarms.items())),
        )
        return floor.scan_for_metal(twin.db, command)

    twin.say([rack.lane], scan)
    twin.free(job.person, job.bench)
    step = rack.routing.step_of(job.operation.code)
    for pair in alarms:
        if not job.solo:
            rack.members.remove(pair)
        twin.stats.quarantined += 1
        twin.env.process(_quarantine(twin, rack, pair, job.bench, step))
    return Outcome.OUT if alarms and job.solo else Outcome.PASSED


def _quarantine(twin: FactoryTwin, rack: Rack, pair: int, bench: Bench, step: int) -> Steps:
    """A supervisor re-inspects the pair and clears it; it goes through the detector again."""
    rng = twin.random["checks"]
    at = twin.office.add_working(twin.env.now, rng.uniform(*twin.p.clear_minutes))
    found = twin.someone(twin.supervisors(), at)
    if found is None:
        return  # no supervisor: the pair stays in quarantine
    at, supervisor = found
    yield twin.env.timeout(at - twin.env.now)
    event_id, when = twin.event_id(), twin.at()

    def clear() -> Receipt:
        command = floor.ClearQuarantineCommand(
            event_id,
            bench.code,
            supervisor.badge,
            rack.code,
            (rack.serials[pair],),
            event_time=when,
            note="Re-inspected by hand: no metal found.",
        )
        return floor.clear_quarantine(twin.db, command)

    twin.say([rack.lane], clear)
    twin.env.process(travel_alone(twin, rack, pair, step, redo=False))


def _box(job: Job) -> Steps:
    twin, rack = job.twin, job.rack
    yield from twin.work(job.person, job.bench, _minutes(job))
    boxed = _step_command(job, floor.StepCommand)
    twin.say([rack.lane], lambda: floor.box_pairs(twin.db, boxed()))
    twin.free(job.person, job.bench)
    twin.stats.boxed_for(rack.order, twin.env.now, len(job.pairs))
    rack.order.finished += len(job.pairs)
    rack.order.boxed_unshipped += [(rack, pair) for pair in job.pairs]
    twin.wake_planner()
    return Outcome.PASSED


def ship(twin: FactoryTwin, order: Order, packers: list[Person]) -> None:
    """The order's boxed pairs leave for the customer under one shipment reference."""
    found = twin.someone(packers, twin.env.now)
    if found is None or found[0] != twin.env.now:
        return
    packer = found[1]
    boxed, order.boxed_unshipped = list(order.boxed_unshipped), []
    order.shipments += 1
    shipment = f"SH-{order.code}" + (f"-{order.shipments}" if order.shipments > 1 else "")
    event_id, at = twin.event_id(), twin.at()
    twin.stats.shipped += len(boxed)

    def send() -> Receipt:
        command = floor.ShipCommand(
            event_id,
            packer.badge,
            shipment,
            order.customer,
            serials=tuple(sorted(rack.serials[pair] for rack, pair in boxed)),
            event_time=at,
        )
        return floor.ship_pairs(twin.db, command)

    twin.say(sorted({rack.lane for rack, _ in boxed}), send)
