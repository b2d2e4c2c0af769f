"""What the station terminal's script sends: taps and photos as JSON.

The script keeps each tap in the browser, with the event id it made for it, until the
server has it (see ``static/station.js``); sending one again records it once. A tap names
who was badged in when it was made: if someone else is badged in by the time it is sent,
it waits for that person to badge in again rather than be recorded as someone else.
A finding's photo is sent after its finding, naming the finding's event id.
"""

from __future__ import annotations

import base64
import binascii
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from cordwainer.config import Settings
from cordwainer.domain.errors import InvalidValue, NotPermitted
from cordwainer.services import photos, stations
from cordwainer.storage.database import Database
from cordwainer.web import sessions, urls
from cordwainer.web.terminal_actions import ActionForm, after, perform

MAX_PHOTO_TEXT = 3 * 1024 * 1024  # a 2 MiB photo in base64, with room


class ActionBody(BaseModel):
    """A tap as the terminal's script sends it, with the event id it made for it."""

    model_config = ConfigDict(extra="forbid")

    event_id: UUID
    action: str = Field(max_length=20)
    badge: str = Field(max_length=32)  # who was badged in when the tap was made
    rack: str = Field("", max_length=20)
    serial: str = Field("", max_length=20)
    result: str = Field("", max_length=10)
    defect_code: str = Field("", max_length=32)
    rework_to: str = Field("", max_length=40)
    note: str = Field("", max_length=500)
    lots: list[str] = Field(default_factory=list, max_length=20)


class PhotoBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    event_id: UUID
    serial: str = Field(max_length=20)
    content_type: str = Field(max_length=40)
    data: str = Field(max_length=MAX_PHOTO_TEXT)  # base64


def router(db: Database, settings: Settings) -> APIRouter:
    pages = APIRouter(include_in_schema=False)
    sealer = sessions.Sealer(settings.secret_key.get_secret_value())

    @pages.post(urls.STATION_ACTIONS, status_code=201)
    def act_json(request: Request, station_code: str, body: ActionBody) -> JSONResponse:
        bench = stations.station(db, station_code)
        badge = sessions.badged_in(request, sealer, bench.station)
        if body.badge.strip() != badge:
            raise NotPermitted(
                f"This tap was made by {body.badge}, but {badge} is badged in now; "
                f"{body.badge} badges in again to send it.",
                code="badge_changed",
                tapped_by=body.badge,
                badged_in=badge,
            )
        form = ActionForm(
            str(body.event_id),
            body.rack,
            body.serial,
            body.result,
            body.defect_code,
            body.rework_to,
            body.note,
            tuple(body.lots),
        )
        receipt = perform(db, bench, badge, body.action, form)
        answer = {
            "event_id": str(receipt.event_id),
            "kind": receipt.kind,
            "pairs": len(receipt.pairs),
            "next": after(bench, body.action, form, receipt),
        }
        return JSONResponse(answer, status_code=201)

    @pages.post(urls.STATION_PHOTOS, status_code=201)
    def photo_json(request: Request, station_code: str, body: PhotoBody) -> JSONResponse:
        bench = stations.station(db, station_code)
        sessions.badged_in(request, sealer, bench.station)
        upload = photos.PhotoUpload(body.event_id, body.serial, body.content_type, _b64(body.data))
        kept = photos.attach_photo(db, upload)
        answer = {"sha256": kept.sha256, "url": urls.photo(kept.event_id, body.serial)}
        return JSONResponse(answer, status_code=201)

    @pages.get(urls.PHOTO)
    def photo(event_id: UUID, serial: str) -> Response:
        kept = photos.photo(db, event_id, serial)
        return Response(
            kept.data, media_type=kept.content_type, headers={"Cache-Control": "max-age=86400"}
        )

    return pages


def _b64(text: str) -> bytes:
    try:
        return base64.b64decode(text.rsplit(",", maxsplit=1)[-1], validate=True)
    except (binascii.Error, ValueError):
        raise InvalidValue(
            "That is not a JPEG, PNG or WebP photo. Take the photo again.", code="invalid_photo"
        ) from None
