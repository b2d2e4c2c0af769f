"""The manager's dashboard: the page, its figures alone (for the page to refresh itself),
and each of its tables as CSV. The days shown are in the address: ``?from=…&to=…``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from cordwainer.domain.errors import NotFound
from cordwainer.services import dashboard
from cordwainer.storage.database import Database
from cordwainer.web import urls
from cordwainer.web.dashboard_tables import as_csv, dashboard_tables, table_keys
from cordwainer.web.rendering import render

REFRESH_SECONDS = 30

Since = Annotated[str | None, Query(alias="from", description="First day, YYYY-MM-DD")]
Until = Annotated[str | None, Query(alias="to", description="Last day, YYYY-MM-DD")]
Every = Annotated[int, Query(ge=2, le=3600, description="Seconds between refreshes")]


def router(db: Database) -> APIRouter:
    pages = APIRouter(include_in_schema=False)

    def context(since: str | None, until: str | None) -> dict[str, object]:
        figures = dashboard.dashboard(db, dashboard.period_of(db, since, until))
        tables = dashboard_tables(figures)
        period = figures.period
        return {
            "figures": figures,
            "tables": tables,
            "charts": {table.key: table.chart for table in tables if table.chart},
            "since": period.since.isoformat(),
            "until": period.until.isoformat(),
        }

    @pages.get(urls.DASHBOARD, response_class=HTMLResponse)
    def dashboard_page(
        request: Request, since: Since = None, until: Until = None, every: Every = REFRESH_SECONDS
    ) -> HTMLResponse:
        return render(request, "dashboard.html", context(since, until) | {"every": every})

    @pages.get(urls.DASHBOARD_LIVE, response_class=HTMLResponse)
    def dashboard_live(request: Request, since: Since = None, until: Until = None) -> HTMLResponse:
        return render(request, "dashboard_figures.html", context(since, until))

    @pages.get(urls.DASHBOARD_TABLE)
    def dashboard_table(table: str, since: Since = None, until: Until = None) -> Response:
        if table not in table_keys():
            raise NotFound(
                f"The dashboard has no table '{table}'; it has {', '.join(table_keys())}.",
                code="dashboard_table_not_found",
                table=table,
            )
        figures = dashboard.dashboard(db, dashboard.period_of(db, since, until))
        chosen = next(t for t in dashboard_tables(figures) if t.key == table)
        period = figures.period
        name = f"cordwainer-{table}-{period.since}-to-{period.until}.csv"
        return Response(
            as_csv(chosen),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    return pages
