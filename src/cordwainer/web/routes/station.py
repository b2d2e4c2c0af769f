"""The station terminal: pick a bench, scan a rack, tap what was done.

Every tap is a plain form POST that records through ``services.floor`` and redirects
(303) back to the bench's page, which says what was recorded. A refusal is shown on the
same page, in red with its sentence, with the scan field ready for the next scan.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from cordwainer.domain.errors import CordwainerError
from cordwainer.services import dashboard, racks
from cordwainer.storage.dashboard_queries import StationRow
from cordwainer.storage.database import Database
from cordwainer.web import terminal, urls
from cordwainer.web.errors import show_errors_in_place
from cordwainer.web.rendering import render


def router(db: Database) -> APIRouter:
    pages = APIRouter(include_in_schema=False)

    @pages.get(urls.STATIONS, response_class=HTMLResponse)
    def stations(request: Request) -> HTMLResponse:
        return render(request, "stations.html", {"workcentres": dashboard.workcentres(db)})

    @pages.get(urls.STATION, response_class=HTMLResponse)
    def station(
        request: Request,
        station_code: str,
        rack: str = "",
        badge: str = "",
        done: str = "",
        pairs: str = "",
    ) -> HTMLResponse:
        bench = dashboard.station(db, station_code)
        badge, rack = badge.strip(), rack.strip().upper()
        show_errors_in_place(
            request, lambda error, status: _page(request, db, bench, badge, None, error, status)
        )
        view = racks.rack_view(db, rack) if rack else None
        said = terminal.flash(done, rack, pairs, bench)
        return _page(request, db, bench, badge, view, flash=said)

    @pages.post(urls.STATION_ACTION, response_class=HTMLResponse)
    def act(
        request: Request,
        station_code: str,
        action: str,
        event_id: Annotated[str, Form()] = "",
        rack: Annotated[str, Form()] = "",
        badge: Annotated[str, Form()] = "",
        lot: Annotated[list[str] | None, Form()] = None,
    ) -> RedirectResponse:
        bench = dashboard.station(db, station_code)
        form = terminal.ActionForm(event_id, rack.strip().upper(), badge.strip(), lot or [])
        show_errors_in_place(
            request,
            lambda error, status: _page(
                request, db, bench, form.badge, _quietly(db, form.rack), error, status
            ),
        )
        receipt = terminal.perform(db, bench, action, form)
        back = urls.station(
            bench.station, badge=form.badge, rack=form.rack, done=action, pairs=len(receipt.pairs)
        )
        return RedirectResponse(back, status_code=303)

    return pages


def _page(
    request: Request,
    db: Database,
    bench: StationRow,
    badge: str,
    view: racks.RackView | None,
    error: CordwainerError | None = None,
    status: int = 200,
    *,
    flash: str | None = None,
) -> HTMLResponse:
    shown = terminal.screen(db, bench, badge, view)
    context = {"screen": shown, "flash": flash, "error": error, "terminal": terminal}
    return render(request, "station.html", context, status=status)


def _quietly(db: Database, rack: str) -> racks.RackView | None:
    """The rack's view to show beside a refusal; none when the rack itself is unknown."""
    if not rack:
        return None
    try:
        return racks.rack_view(db, rack)
    except CordwainerError:
        return None
