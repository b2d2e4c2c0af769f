"""The append-only log of floor events. Rows are inserted, never updated or deleted
(the migration installs triggers that refuse both)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlalchemy import Connection, bindparam, insert, select, text

from cordwainer.domain.floor import EventKind, FloorEvent, LotUse, PairMark, Result
from cordwainer.storage import tables as t


@dataclass(frozen=True, slots=True)
class RecordedEvent:
    """An event as the log holds it, with the public names of what it touched."""

    event: FloorEvent
    record_time: datetime
    command_hash: str
    operator_badge: str | None
    pair_names: dict[UUID, tuple[str, str]]  # pair id -> (GTIN, serial)


class EventLog:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def append(self, event: FloorEvent, *, record_time: datetime, command_hash: str) -> None:
        self.connection.execute(
            _INSERT_EVENT,
            {
                "id": event.id,
                "kind": event.kind.value,
                "event_time": event.event_time,
                "record_time": record_time,
                "biz_step": event.biz_step,
                "disposition": event.disposition,
                "station_code": event.station_code,
                "operator_id": event.operator_id,
                "rack_code": event.rack_code,
                "operation_code": event.operation_code,
                "details": dict(event.details),
                "command_hash": command_hash,
            },
        )
        if event.pairs:
            self.connection.execute(
                _INSERT_EVENT_PAIRS,
                [
                    {
                        "event_id": event.id,
                        "pair_id": mark.pair_id,
                        "result": mark.result.value if mark.result else None,
                        "defect_code": mark.defect_code,
                        "rework_to": mark.rework_to,
                    }
                    for mark in event.pairs
                ],
            )
        if event.lots:
            self.connection.execute(
                _INSERT_EVENT_LOTS,
                [
                    {"event_id": event.id, "lot_code": use.lot_code, "quantity": use.quantity}
                    for use in event.lots
                ],
            )

    def get(self, event_id: UUID) -> RecordedEvent | None:
        row = self.connection.execute(_EVENT, {"id": event_id}).mappings().first()
        if row is None:
            return None
        marks = self.connection.execute(_EVENT_PAIRS, {"id": event_id}).all()
        lots = self.connection.execute(_EVENT_LOTS, {"id": event_id})
        event = FloorEvent(
            id=row["id"],
            kind=EventKind(row["kind"]),
            event_time=row["event_time"],
            biz_step=row["biz_step"],
            disposition=row["disposition"],
            station_code=row["station_code"],
            operator_id=row["operator_id"],
            rack_code=row["rack_code"],
            operation_code=row["operation_code"],
            pairs=tuple(
                PairMark(pid, Result(result) if result else None, defect, rework)
                for pid, result, defect, rework, _, _ in marks
            ),
            lots=tuple(LotUse(code, quantity) for code, quantity in lots),
            details=row["details"],
        )
        badge = None
        if row["operator_id"] is not None:
            badge = self.connection.execute(
                select(t.operators.c.badge).where(t.operators.c.id == row["operator_id"])
            ).scalar_one()
        names = {mark[0]: (mark[4], mark[5]) for mark in marks}
        return RecordedEvent(event, row["record_time"], row["command_hash"], badge, names)

    def hold(self, event_id: UUID) -> None:
        """Make concurrent commands with the same event id wait for each other.

        SQLite's ``BEGIN IMMEDIATE`` already serialises every writer; PostgreSQL takes a
        transaction-scoped advisory lock on the id.
        """
        if self.connection.dialect.name == "postgresql":
            self.connection.execute(
                text("SELECT pg_advisory_xact_lock(hashtextextended(:id, 0))"),
                {"id": str(event_id)},
            )


# Built once: every floor command runs them.
_INSERT_EVENT = insert(t.events)
_INSERT_EVENT_PAIRS = insert(t.event_pairs)
_INSERT_EVENT_LOTS = insert(t.event_lots)
_EVENT = select(t.events).where(t.events.c.id == bindparam("id"))
_EVENT_PAIRS = (
    select(
        t.event_pairs.c.pair_id,
        t.event_pairs.c.result,
        t.event_pairs.c.defect_code,
        t.event_pairs.c.rework_to,
        t.pairs.c.gtin,
        t.pairs.c.serial,
    )
    .join(t.pairs)
    .where(t.event_pairs.c.event_id == bindparam("id"))
    .order_by(t.pairs.c.serial)
)
_EVENT_LOTS = (
    select(t.event_lots.c.lot_code, t.event_lots.c.quantity)
    .where(t.event_lots.c.event_id == bindparam("id"))
    .order_by(t.event_lots.c.lot_code)
)
