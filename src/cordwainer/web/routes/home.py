"""The front page: the way to the terminal and the dashboard, and a few fresh passports."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from cordwainer.services import passport
from cordwainer.storage.database import Database
from cordwainer.web import urls
from cordwainer.web.rendering import render


def router(db: Database) -> APIRouter:
    pages = APIRouter(include_in_schema=False)

    @pages.get(urls.HOME, response_class=HTMLResponse)
    def home(request: Request) -> HTMLResponse:
        return render(request, "home.html", {"recent": passport.recently_boxed(db)})

    return pages
