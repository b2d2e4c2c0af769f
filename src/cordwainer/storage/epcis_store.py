"""Captured EPCIS events: each inserted once, as received, beside what finds it again.

Like the floor's log, captured events are never updated or deleted (the migration
installs triggers that refuse both).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, insert, select
from sqlalchemy.exc import IntegrityError

from cordwainer.domain.errors import Conflict
from cordwainer.standards.epcis import Indexed
from cordwainer.storage import tables as t

_IN_CHUNK = 500


@dataclass(frozen=True, slots=True)
class NewEvent:
    """A captured event to keep: its key here, its place in the document, itself, its index."""

    key: UUID
    position: int
    body: dict[str, Any]
    index: Indexed


@dataclass(frozen=True, slots=True)
class Capture:
    id: UUID
    captured_at: datetime
    events: int
    stored: int


class EpcisStore:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def held(self, event_ids: Collection[str]) -> dict[str, dict[str, Any]]:
        """The events already captured under these ids, by id."""
        ids = sorted(set(event_ids))
        found: dict[str, dict[str, Any]] = {}
        for start in range(0, len(ids), _IN_CHUNK):
            query = select(t.epcis_events.c.event_id, t.epcis_events.c.body).where(
                t.epcis_events.c.event_id.in_(ids[start : start + _IN_CHUNK])
            )
            for row in self.connection.execute(query):
                found[row.event_id] = row.body
        return found

    def add(
        self,
        capture: Capture,
        context: Any,
        events: Sequence[NewEvent],
        *,
        record_time: datetime,
    ) -> None:
        """Keep a capture and its new events, with the identifiers each names."""
        self.connection.execute(
            insert(t.epcis_captures),
            [
                {
                    "id": capture.id,
                    "captured_at": capture.captured_at,
                    "events": capture.events,
                    "stored": capture.stored,
                    "context": context,
                }
            ],
        )
        if not events:
            return
        try:
            self.connection.execute(
                insert(t.epcis_events), [_row(capture.id, event, record_time) for event in events]
            )
        except IntegrityError as error:  # another capture took one of the ids meanwhile
            raise Conflict(
                "Another capture has just stored one of these event ids; send the document again.",
                code="epcis_event_id_reused",
            ) from error
        named = [
            {"event_key": event.key, "role": role, "epc": epc}
            for event in events
            for role, epc in sorted(event.index.epcs)
        ]
        if named:
            self.connection.execute(insert(t.epcis_event_epcs), named)

    def capture(self, capture_id: UUID) -> Capture | None:
        captures = t.epcis_captures
        row = self.connection.execute(
            select(
                captures.c.id, captures.c.captured_at, captures.c.events, captures.c.stored
            ).where(captures.c.id == capture_id)
        ).first()
        return Capture(*row) if row else None


def _row(capture_id: UUID, event: NewEvent, record_time: datetime) -> dict[str, Any]:
    index = event.index
    return {
        "id": event.key,
        "capture_id": capture_id,
        "position": event.position,
        "event_id": index.event_id,
        "event_type": index.event_type,
        "event_time": index.event_time,
        "record_time": record_time,
        "action": index.action,
        "biz_step": index.biz_step,
        "disposition": index.disposition,
        "biz_location": index.biz_location,
        "body": event.body,
    }
