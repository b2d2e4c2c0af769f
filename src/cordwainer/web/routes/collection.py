"""The collection: the season's lookbook, public like the passports it leads to."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from cordwainer.services import collection
from cordwainer.storage.database import Database
from cordwainer.web import urls
from cordwainer.web.rendering import render


def router(db: Database) -> APIRouter:
    pages = APIRouter(include_in_schema=False)

    @pages.get(urls.COLLECTION, response_class=HTMLResponse)
    def lookbook(request: Request) -> HTMLResponse:
        return render(request, "collection.html", {"collection": collection.collection(db)})

    return pages
