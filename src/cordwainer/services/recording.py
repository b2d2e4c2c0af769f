"""Recording floor events exactly once.

Every floor command carries an event id made by the client. The first time an id
arrives, the rule decides and the event is appended with the projections it changes,
in one transaction. When the same id arrives again with the same command, the first
answer is given again and nothing is written; with a different command it is refused.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any, Protocol
from uuid import UUID

from uuid6 import uuid7

from cordwainer.domain.errors import Conflict
from cordwainer.domain.floor import FloorEvent, Pair, PairMark
from cordwainer.storage.database import Database, UnitOfWork
from cordwainer.storage.event_log import RecordedEvent


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_id() -> UUID:
    """A time-ordered id, so that records from several factories merge in order."""
    return UUID(str(uuid7()))


class FloorCommand(Protocol):
    @property
    def event_id(self) -> UUID: ...

    @property
    def event_time(self) -> datetime | None: ...


@dataclass(frozen=True, slots=True)
class PairReceipt:
    gtin: str
    serial: str
    result: str | None
    defect_code: str | None
    rework_to: str | None


@dataclass(frozen=True, slots=True)
class LotReceipt:
    lot: str
    quantity: float


@dataclass(frozen=True, slots=True)
class Receipt:
    """The answer to a floor command: the event as it was recorded."""

    event_id: UUID
    kind: str
    event_time: datetime
    record_time: datetime
    biz_step: str
    disposition: str | None
    station: str | None
    operator: str | None
    rack: str | None
    operation: str | None
    pairs: tuple[PairReceipt, ...]
    lots: tuple[LotReceipt, ...]
    details: dict[str, str]


@dataclass(frozen=True, slots=True)
class Decided:
    """What a command decided: its event, the pairs it touched, and who did it."""

    event: FloorEvent
    pairs: Sequence[Pair] = ()
    operator_badge: str | None = None


def record(
    db: Database, command: FloorCommand, decide: Callable[[UnitOfWork, datetime], Decided]
) -> Receipt:
    """Decide and append the command's event once; answer a repeat as the first time."""
    fingerprint = fingerprint_of(command)

    def in_unit(uow: UnitOfWork) -> Receipt:
        uow.events.hold(command.event_id)
        existing = uow.events.get(command.event_id)
        if existing is not None:
            if existing.command_hash != fingerprint:
                raise Conflict(
                    f"Event id {command.event_id} was already used for a different action. "
                    "Make a new id for a new action.",
                    code="event_id_reused",
                    event_id=str(command.event_id),
                )
            return receipt_of(existing)
        now = utcnow()
        decided = decide(uow, as_utc(command.event_time) or now)
        uow.events.append(decided.event, record_time=now, command_hash=fingerprint)
        names = {pair.id: (pair.gtin, pair.serial) for pair in decided.pairs}
        recorded = RecordedEvent(decided.event, now, fingerprint, decided.operator_badge, names)
        return receipt_of(recorded)

    return db.group_writer.run(in_unit)


def fingerprint_of(command: FloorCommand) -> str:
    body = {"command": type(command).__name__, **asdict(command)}  # type: ignore[call-overload]
    text = json.dumps(body, sort_keys=True, default=_plain, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _plain(value: Any) -> str:
    if isinstance(value, datetime):
        return as_utc(value).isoformat()  # type: ignore[union-attr]
    return str(value)


def as_utc(moment: datetime | None) -> datetime | None:
    """A moment in UTC; a moment without a zone is taken to be UTC already."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def receipt_of(recorded: RecordedEvent) -> Receipt:
    event = recorded.event
    pairs = sorted(
        (PairReceipt(*recorded.pair_names[mark.pair_id], *_found(mark)) for mark in event.pairs),
        key=lambda pair: pair.serial,
    )
    return Receipt(
        event_id=event.id,
        kind=event.kind.value,
        event_time=event.event_time,
        record_time=recorded.record_time,
        biz_step=event.biz_step,
        disposition=event.disposition,
        station=event.station_code,
        operator=recorded.operator_badge,
        rack=event.rack_code,
        operation=event.operation_code,
        pairs=tuple(pairs),
        lots=tuple(
            LotReceipt(use.lot_code, use.quantity)
            for use in sorted(event.lots, key=lambda use: use.lot_code)
        ),
        details=dict(event.details),
    )


def _found(mark: PairMark) -> tuple[str | None, str | None, str | None]:
    return (mark.result.value if mark.result else None, mark.defect_code, mark.rework_to)
