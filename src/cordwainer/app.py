"""The web application: the JSON API and the pages, over one database."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response

from cordwainer.api.app import add_api
from cordwainer.api.errors import invalid_request, problem, status_for
from cordwainer.config import Settings
from cordwainer.domain.errors import CordwainerError
from cordwainer.storage.database import Database
from cordwainer.web.errors import render_error
from cordwainer.web.pages import add_pages


def create_app(settings: Settings, db: Database | None = None) -> FastAPI:
    db = db or Database.connect(settings.database_url)
    app = FastAPI(
        title="Cordwainer",
        version="0.1.0",
        summary="Shop floor, quality and provenance for craft footwear factories.",
    )
    app.state.db = db
    app.state.settings = settings
    add_api(app, db)
    add_pages(app, db, settings)

    @app.exception_handler(CordwainerError)
    async def _on_error(request: Request, error: CordwainerError) -> Response:
        status = status_for(error)
        if _wants_json(request):
            return problem(error, status)
        return render_error(request, error, status)

    @app.exception_handler(RequestValidationError)
    async def _on_invalid(request: Request, error: RequestValidationError) -> Response:
        return invalid_request(error)

    return app


def _wants_json(request: Request) -> bool:
    if request.url.path.startswith(("/api/", "/epcis/")):
        return True
    accept = request.headers.get("accept", "")
    return "json" in accept and "text/html" not in accept
