"""The JSON API: its routers on the application, documented at /openapi.json and /docs."""

from __future__ import annotations

from fastapi import FastAPI

from cordwainer.api.routers import catalogue, epcis, floor, orders, planning, trace
from cordwainer.storage.database import Database


def add_api(app: FastAPI, db: Database) -> None:
    for router in (
        catalogue.router,
        orders.router,
        floor.router,
        trace.router,
        epcis.router,
        planning.router,
    ):
        app.include_router(router)

    @app.get("/api/health", operation_id="health", tags=["health"])
    def health() -> dict[str, str]:
        return {"status": "ok", "database": db.dialect}
