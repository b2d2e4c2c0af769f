"""The passport: a pair's public page at its GS1 Digital Link path."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from cordwainer.services import passport
from cordwainer.standards.digital_link import parse_pair_uri
from cordwainer.storage.database import Database
from cordwainer.web import urls
from cordwainer.web.rendering import render


def router(db: Database) -> APIRouter:
    pages = APIRouter(include_in_schema=False)

    @pages.get(urls.PASSPORT, response_class=HTMLResponse)
    def passport_page(request: Request) -> HTMLResponse:
        pair = parse_pair_uri(_path_as_sent(request))
        found = passport.passport_for(db, pair.gtin.value, pair.serial.value)
        return render(request, "passport.html", {"passport": found})

    return pages


def _path_as_sent(request: Request) -> str:
    """The path still percent-encoded, as the Digital Link parser reads it."""
    raw = request.scope.get("raw_path")
    if isinstance(raw, bytes):
        return raw.decode("latin-1")
    return quote(request.url.path)
