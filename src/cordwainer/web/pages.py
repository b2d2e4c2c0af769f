"""The pages on the application: passport, station terminal, dashboard, and their stylesheet.

Routes are thin: each reads its request, calls a service and renders a template.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from cordwainer.config import Settings
from cordwainer.storage.database import Database
from cordwainer.web import urls
from cordwainer.web.routes import dashboard, home, passport, station

STATIC_FILES = Path(__file__).with_name("static")


def add_pages(app: FastAPI, db: Database, settings: Settings) -> None:
    app.mount(urls.STATIC, StaticFiles(directory=STATIC_FILES), name="static")
    for module in (home, passport, station, dashboard):
        app.include_router(module.router(db))
