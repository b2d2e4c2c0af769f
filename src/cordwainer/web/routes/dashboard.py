"""The manager's dashboard: output, work in progress, first-pass yield."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from cordwainer.services import dashboard
from cordwainer.storage.database import Database
from cordwainer.web import urls
from cordwainer.web.rendering import render


def router(db: Database) -> APIRouter:
    pages = APIRouter(include_in_schema=False)

    @pages.get(urls.DASHBOARD, response_class=HTMLResponse)
    def dashboard_page(request: Request) -> HTMLResponse:
        return render(request, "dashboard.html", {"figures": dashboard.dashboard(db)})

    return pages
