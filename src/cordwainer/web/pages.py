"""The pages: passport and collection, station terminal, labels, dashboard, and their stylesheet.

Routes are thin: each reads its request, calls a service and renders a template.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from cordwainer.config import Settings
from cordwainer.storage.database import Database
from cordwainer.web import urls
from cordwainer.web.compression import CompressPublicPages
from cordwainer.web.routes import (
    collection,
    dashboard,
    defects,
    home,
    labels,
    order_book,
    passport,
    planner,
    skills,
    station,
    station_json,
)

STATIC_FILES = Path(__file__).with_name("static")


def add_pages(app: FastAPI, db: Database, settings: Settings) -> None:
    app.mount(urls.STATIC, StaticFiles(directory=STATIC_FILES), name="static")
    app.add_middleware(CompressPublicPages)
    for module in (home, passport, collection, labels, dashboard, defects, skills, planner):
        app.include_router(module.router(db))
    app.include_router(station_json.router(db, settings))  # before the form route it resembles
    app.include_router(station.router(db, settings))
    app.include_router(order_book.router(db))
