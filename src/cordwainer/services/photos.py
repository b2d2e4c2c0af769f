"""Photos of findings: kept beside the event that found the defect, once per pair.

A photo is sent after its finding is recorded, naming the finding's event id and the
pair's serial, so that a terminal that was offline sends it after the finding. Sending
the same photo again keeps it once; another photo for the same finding is refused.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from uuid import UUID

from cordwainer.domain.errors import Conflict, NotFound
from cordwainer.domain.photos import check_finding_for_photo, check_photo
from cordwainer.services.recording import utcnow
from cordwainer.storage.database import Database
from cordwainer.storage.photo_store import Photo, PhotoStore


@dataclass(frozen=True, slots=True)
class PhotoUpload:
    event_id: UUID
    serial: str
    content_type: str
    data: bytes


def attach_photo(db: Database, upload: PhotoUpload) -> Photo:
    """Keep the photo of what the event found for the pair."""
    photo = check_photo(upload.content_type, upload.data)
    digest = hashlib.sha256(photo.data).hexdigest()
    with db.unit_of_work() as uow:
        uow.events.hold(upload.event_id)
        store = PhotoStore(uow.connection)
        mark = store.mark(upload.event_id, upload.serial)
        if mark is None:
            raise NotFound(
                f"No finding for pair {upload.serial} was recorded under event "
                f"{upload.event_id}. Record the finding first, then its photo.",
                code="finding_not_found",
                event_id=str(upload.event_id),
                serial=upload.serial,
            )
        check_finding_for_photo(mark.result, upload.serial)
        kept = store.get(upload.event_id, mark.pair_id)
        if kept is not None:
            if kept.sha256 != digest:
                raise Conflict(
                    f"A photo of pair {upload.serial} is already kept for this finding.",
                    code="photo_exists",
                    serial=upload.serial,
                )
            return kept
        stored = Photo(
            upload.event_id, mark.pair_id, photo.content_type, digest, photo.data, utcnow()
        )
        store.add(stored)
        uow.commit()
    return stored


def photo(db: Database, event_id: UUID, serial: str) -> Photo:
    with db.looking() as uow:
        store = PhotoStore(uow.connection)
        mark = store.mark(event_id, serial)
        found = store.get(event_id, mark.pair_id) if mark else None
    if found is None:
        raise NotFound(
            f"There is no photo of pair {serial} for event {event_id}.",
            code="photo_not_found",
        )
    return found
