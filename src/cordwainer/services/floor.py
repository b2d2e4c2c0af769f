"""Floor use cases: start and finish a step, sign a trainee's work off, inspect, scan for
metal, clear a quarantined pair, box and ship.

Each names who (a badge), where (a station) and what (a rack, or pairs by serial), and
carries the client's event id. A rack command touches the rack's pairs that stand at
the station's step; pairs named one by one must each stand there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from cordwainer.domain import making, packing, quality
from cordwainer.domain.errors import InvalidValue, NotFound
from cordwainer.domain.floor import (
    Batch,
    Decision,
    LotUse,
    Operator,
    Pair,
    PairStatus,
    Result,
    Work,
)
from cordwainer.domain.materials import draw_lots
from cordwainer.services.recording import Decided, Receipt, record
from cordwainer.storage.database import Database, UnitOfWork
from cordwainer.storage.floor_store import Rack


@dataclass(frozen=True, slots=True)
class StepCommand:
    """Who does what where: the part every floor command at a station shares."""

    event_id: UUID
    station: str
    operator: str
    rack: str | None = None
    serials: tuple[str, ...] = ()
    operation: str | None = None
    event_time: datetime | None = None


@dataclass(frozen=True, slots=True)
class FinishCommand(StepCommand):
    lots: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True, slots=True)
class FindingInput:
    serial: str
    result: str
    defect_code: str | None = None
    rework_to: str | None = None


@dataclass(frozen=True, slots=True)
class InspectCommand(StepCommand):
    findings: tuple[FindingInput, ...] = ()


@dataclass(frozen=True, slots=True)
class MetalScanCommand(StepCommand):
    alarms: tuple[tuple[str, str], ...] = ()  # (serial, defect code)


@dataclass(frozen=True, slots=True)
class SignOffCommand(StepCommand):
    """A qualified hand signs off a trainee's finished work at this bench."""


@dataclass(frozen=True, slots=True)
class ClearQuarantineCommand(StepCommand):
    """A supervisor clears quarantined pairs at the detector, after re-inspection."""

    note: str = ""


@dataclass(frozen=True, slots=True)
class ShipCommand:
    event_id: UUID
    operator: str
    shipment: str
    customer: str
    rack: str | None = None
    serials: tuple[str, ...] = ()
    event_time: datetime | None = None


@dataclass(frozen=True, slots=True)
class _Target:
    batch: Batch
    style_code: str
    colourway_code: str


def start_operation(db: Database, command: StepCommand) -> Receipt:
    def decide(uow: UnitOfWork, at: datetime) -> Decided:
        work, target = _work(uow, command, at)
        decision = making.start_operation(work, target.batch)
        return _save(uow, decision, work.operator)

    return record(db, command, decide)


def finish_operation(db: Database, command: FinishCommand) -> Receipt:
    def decide(uow: UnitOfWork, at: datetime) -> Decided:
        work, target = _work(uow, command, at)
        uses = [LotUse(code, quantity) for code, quantity in command.lots]
        decision = making.finish_operation(work, target.batch, lots=uses)
        if uses:
            codes = [use.lot_code for use in uses]
            lots = uow.floor.lots(codes, lock=True)
            missing = set(codes) - {lot.code for lot in lots}
            if missing:
                raise NotFound(
                    f"There is no material lot {sorted(missing)[0]}.", code="lot_not_found"
                )
            bill = {
                line.material_code
                for line in uow.catalogue.bill_of_materials(target.colourway_code)
            }
            uow.floor.save_lots(draw_lots(lots, uses, bill))
        return _save(uow, decision, work.operator)

    return record(db, command, decide)


def sign_off_work(db: Database, command: SignOffCommand) -> Receipt:
    def decide(uow: UnitOfWork, at: datetime) -> Decided:
        work, target = _work(uow, command, at)
        return _save(uow, making.sign_off(work, target.batch), work.operator)

    return record(db, command, decide)


def inspect_pairs(db: Database, command: InspectCommand) -> Receipt:
    def decide(uow: UnitOfWork, at: datetime) -> Decided:
        work, target = _work(uow, command, at)
        by_serial = {pair.serial: pair for pair in target.batch.pairs}
        findings = {}
        for finding in command.findings:
            pair = _named_pair(by_serial, finding.serial, target.batch.label)
            findings[pair.id] = quality.Finding(
                _result(finding.result), finding.defect_code, finding.rework_to
            )
        decision = quality.inspect_pairs(
            work,
            target.batch,
            findings=findings,
            defects=uow.catalogue.defect_codes(),
        )
        return _save(uow, decision, work.operator)

    return record(db, command, decide)


def scan_for_metal(db: Database, command: MetalScanCommand) -> Receipt:
    def decide(uow: UnitOfWork, at: datetime) -> Decided:
        work, target = _work(uow, command, at)
        by_serial = {pair.serial: pair for pair in target.batch.pairs}
        alarms = {
            _named_pair(by_serial, serial, target.batch.label).id: code
            for serial, code in command.alarms
        }
        decision = quality.scan_for_metal(
            work,
            target.batch,
            alarms=alarms,
            defects=uow.catalogue.defect_codes(),
        )
        return _save(uow, decision, work.operator)

    return record(db, command, decide)


def clear_quarantine(db: Database, command: ClearQuarantineCommand) -> Receipt:
    def decide(uow: UnitOfWork, at: datetime) -> Decided:
        work, target = _work(uow, command, at)
        decision = quality.clear_quarantine(work, target.batch, note=command.note)
        return _save(uow, decision, work.operator)

    return record(db, command, decide)


def box_pairs(db: Database, command: StepCommand) -> Receipt:
    def decide(uow: UnitOfWork, at: datetime) -> Decided:
        work, target = _work(uow, command, at)
        return _save(uow, packing.box_pairs(work, target.batch), work.operator)

    return record(db, command, decide)


def ship_pairs(db: Database, command: ShipCommand) -> Receipt:
    def decide(uow: UnitOfWork, at: datetime) -> Decided:
        operator = _operator(uow, command.operator)
        target = _target(uow, command.rack, command.serials)
        pairs = target.batch.pairs
        if target.batch.whole_rack:  # a rack ships what of it is boxed
            pairs = tuple(pair for pair in pairs if pair.status is PairStatus.BOXED) or pairs
        decision = packing.ship_pairs(
            command.event_id,
            at,
            pairs,
            shipment=command.shipment,
            customer=command.customer,
            operator_id=operator.id,
        )
        return _save(uow, decision, operator)

    return record(db, command, decide)


def _save(uow: UnitOfWork, decision: Decision, operator: Operator) -> Decided:
    uow.floor.save_pairs(decision.pairs)
    return Decided(decision.event, decision.pairs, operator.badge)


def _work(uow: UnitOfWork, command: StepCommand, at: datetime) -> tuple[Work, _Target]:
    station = uow.catalogue.station(command.station)
    if station is None:
        raise NotFound(f"There is no station {command.station}.", code="station_not_found")
    operator = _operator(uow, command.operator)
    target = _target(uow, command.rack, command.serials)
    routing = uow.catalogue.routing(target.style_code)
    operation = routing.at(routing.step_of(command.operation or station.operation_code))
    return Work(command.event_id, at, routing, operation, station, operator), target


def _operator(uow: UnitOfWork, badge: str) -> Operator:
    operator = uow.catalogue.operator_by_badge(badge)
    if operator is None:
        raise NotFound(f"No one has badge {badge}.", code="operator_not_found", badge=badge)
    return operator


def _target(uow: UnitOfWork, rack_code: str | None, serials: Sequence[str]) -> _Target:
    if rack_code is None and not serials:
        raise InvalidValue("Name a rack or the pairs to record.", code="nothing_named")
    racks: dict[str, Rack] = {}
    pairs: list[Pair] = []
    if rack_code is not None:
        rack = uow.floor.rack(rack_code, lock=True)
        if rack is None:
            raise NotFound(f"There is no rack {rack_code}.", code="rack_not_found", rack=rack_code)
        racks[rack_code] = rack
        pairs = uow.floor.pairs_of_rack(rack_code, lock=True)
    if serials:
        pairs = _named_pairs(uow, rack_code, serials, pairs)
    for code in {pair.rack_code for pair in pairs} - set(racks):
        found = uow.floor.rack(code)
        assert found is not None  # a pair's rack exists: a foreign key says so
        racks[code] = found
    if len({rack.colourway_code for rack in racks.values()}) != 1:
        raise InvalidValue(
            "Pairs recorded together must be of one style and colourway.", code="mixed_pairs"
        )
    first = next(iter(racks.values()))
    label = f"Rack {rack_code}" if not serials else _pairs_label(serials)
    batch = Batch(tuple(pairs), not serials, label, rack_code)
    return _Target(batch, first.style_code, first.colourway_code)


def _named_pairs(
    uow: UnitOfWork, rack_code: str | None, serials: Sequence[str], on_rack: list[Pair]
) -> list[Pair]:
    if rack_code is not None:
        found = [pair for pair in on_rack if pair.serial in set(serials)]
    else:
        found = uow.floor.pairs_by_serial(serials, lock=True)
    missing = set(serials) - {pair.serial for pair in found}
    if missing:
        raise NotFound(
            f"There is no pair {sorted(missing)[0]}"
            + (f" on rack {rack_code}." if rack_code else "."),
            code="pair_not_found",
            serials=sorted(missing),
        )
    return found


def _pairs_label(serials: Sequence[str]) -> str:
    return f"Pair {serials[0]}" if len(serials) == 1 else f"{len(serials)} pairs"


def _named_pair(by_serial: dict[str, Pair], serial: str, label: str) -> Pair:
    if serial not in by_serial:
        raise NotFound(f"Pair {serial} is not part of {label.lower()}.", code="pair_not_found")
    return by_serial[serial]


def _result(text: str) -> Result:
    try:
        return Result(text)
    except ValueError:
        raise InvalidValue(
            f"'{text}' is not a result; use pass, rework or scrap.", code="invalid_result"
        ) from None
