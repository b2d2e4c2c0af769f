"""Photos of what an inspection or the metal detector found, kept beside the event that
found it: one per pair the event named, inserted once and never changed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlalchemy import Connection, insert, select

from cordwainer.storage import tables as t


@dataclass(frozen=True, slots=True)
class Photo:
    event_id: UUID
    pair_id: UUID
    content_type: str
    sha256: str
    data: bytes
    taken_at: datetime


@dataclass(frozen=True, slots=True)
class Mark:
    """What an event found for one pair, named by its serial."""

    pair_id: UUID
    gtin: str
    serial: str
    result: str | None


class PhotoStore:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def mark(self, event_id: UUID, serial: str) -> Mark | None:
        query = (
            select(
                t.event_pairs.c.pair_id, t.pairs.c.gtin, t.pairs.c.serial, t.event_pairs.c.result
            )
            .join(t.pairs, t.pairs.c.id == t.event_pairs.c.pair_id)
            .where(t.event_pairs.c.event_id == event_id, t.pairs.c.serial == serial)
        )
        row = self.connection.execute(query).first()
        return Mark(*row) if row else None

    def add(self, photo: Photo) -> None:
        row = {
            "event_id": photo.event_id,
            "pair_id": photo.pair_id,
            "content_type": photo.content_type,
            "sha256": photo.sha256,
            "data": photo.data,
            "taken_at": photo.taken_at,
        }
        self.connection.execute(insert(t.defect_photos), [row])

    def get(self, event_id: UUID, pair_id: UUID) -> Photo | None:
        query = select(t.defect_photos).where(
            t.defect_photos.c.event_id == event_id, t.defect_photos.c.pair_id == pair_id
        )
        row = self.connection.execute(query).mappings().first()
        return Photo(**row) if row else None

    def of_pair(self, pair_id: UUID) -> list[UUID]:
        """The events that hold a photo of the pair, oldest first."""
        query = (
            select(t.defect_photos.c.event_id)
            .where(t.defect_photos.c.pair_id == pair_id)
            .order_by(t.defect_photos.c.taken_at)
        )
        return list(self.connection.execute(query).scalars())
