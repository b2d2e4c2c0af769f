"""The station terminal: pick a bench, badge in, scan, tap what was done.

A scan goes to the bench's page (``?scan=``), which sends it on to what the code names:
a rack, a pair, or a badge (whose PIN is then asked). Who is badged in travels in a
signed cookie (``web.sessions``); every tap is recorded as that person. A tap is a form
POST that redirects (303) back to the page saying what was recorded; with the page's
script it is JSON instead, kept in the browser until the server has it. A refusal is
shown on the same page, in red with its sentence, the scan field ready for the next scan.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cordwainer.config import Settings
from cordwainer.domain.errors import CordwainerError, InvalidValue
from cordwainer.domain.floor import Operator
from cordwainer.domain.photos import check_photo
from cordwainer.services import people, photos, racks, stations
from cordwainer.services.recording import new_id, utcnow
from cordwainer.storage.dashboard_queries import StationRow
from cordwainer.storage.database import Database
from cordwainer.web import sessions, terminal, terminal_actions, urls
from cordwainer.web.errors import show_errors_in_place
from cordwainer.web.rendering import render
from cordwainer.web.terminal_actions import ActionForm, after, perform


def router(db: Database, settings: Settings) -> APIRouter:
    pages = APIRouter(include_in_schema=False)
    sealer = sessions.Sealer(settings.secret_key.get_secret_value())

    def who(request: Request, bench: StationRow) -> terminal.Who | None:
        session = sessions.current(request, sealer, bench.station)
        operator = people.operator(db, session.badge) if session else None
        return terminal.who_of(operator, bench)

    @pages.get(urls.STATIONS, response_class=HTMLResponse)
    def station_list(request: Request) -> HTMLResponse:
        return render(request, "stations.html", {"workcentres": stations.workcentres(db)})

    @pages.get(urls.STATION, response_class=HTMLResponse, response_model=None)
    def station(
        request: Request,
        station_code: str,
        scan: str = "",
        rack: str = "",
        pair: str = "",
        gtin: str = "",
        badge: str = "",
        done: str = "",
        pairs: str = "",
        serial: str = "",
        to: str = "",
        defect: str = "",
    ) -> Response:
        bench = stations.station(db, station_code)
        rack, pair, badge = rack.strip().upper(), pair.strip(), badge.strip()
        person = who(request, bench)
        show_errors_in_place(
            request,
            lambda error, status: _page(request, db, bench, person, error=error, status=status),
        )
        if scan.strip():
            return RedirectResponse(_scanned(db, bench, scan, rack, pair), status_code=303)
        pin_for = people.operator(db, badge) if badge else None
        view = racks.rack_view(db, rack) if rack else None
        single = stations.pair_view(db, gtin or _gtin_of(db, pair), pair) if pair else None
        if single is not None and view is None:
            view = racks.rack_view(db, single.pair.rack)
        said = terminal.Done(done, rack, pairs, serial, to, defect)
        return _page(request, db, bench, person, view, single, pin_for=pin_for, done=said)

    @pages.post(urls.STATION_BADGE_IN, response_class=HTMLResponse, response_model=None)
    def badge_in(
        request: Request,
        station_code: str,
        badge: Annotated[str, Form()] = "",
        pin: Annotated[str, Form()] = "",
        rack: Annotated[str, Form()] = "",
        pair: Annotated[str, Form()] = "",
    ) -> Response:
        bench = stations.station(db, station_code)
        asked = people.operator(db, badge.strip())
        show_errors_in_place(
            request,
            lambda error, status: _page(
                request,
                db,
                bench,
                None,
                _quietly(db, rack),
                pin_for=asked,
                error=error,
                status=status,
            ),
        )
        operator = people.badge_in(db, badge, pin)
        back = RedirectResponse(urls.station(bench.station, rack=rack, pair=pair), status_code=303)
        session = sessions.BadgeSession(bench.station, operator.badge, utcnow())
        sessions.keep(back, request, sealer, session)
        return back

    @pages.post(urls.STATION_BADGE_OUT)
    def badge_out(station_code: str) -> RedirectResponse:
        bench = stations.station(db, station_code)
        back = RedirectResponse(urls.station(bench.station), status_code=303)
        sessions.forget(back, bench.station)
        return back

    @pages.post(urls.STATION_ACTION, response_class=HTMLResponse)
    def act(
        request: Request,
        station_code: str,
        action: str,
        event_id: Annotated[str, Form()] = "",
        rack: Annotated[str, Form()] = "",
        serial: Annotated[str, Form()] = "",
        result: Annotated[str, Form()] = "",
        defect_code: Annotated[str, Form()] = "",
        rework_to: Annotated[str, Form()] = "",
        note: Annotated[str, Form()] = "",
        lot: Annotated[list[str] | None, Form()] = None,
        photo: Annotated[UploadFile | None, File()] = None,
    ) -> RedirectResponse:
        bench = stations.station(db, station_code)
        form = ActionForm(
            event_id, rack, serial, result, defect_code, rework_to, note, tuple(lot or ())
        )
        show_errors_in_place(
            request,
            lambda error, status: _page(
                request,
                db,
                bench,
                who(request, bench),
                _quietly(db, form.rack_code or ""),
                error=error,
                status=status,
            ),
        )
        badge = sessions.badged_in(request, sealer, bench.station)
        picture = photo.file.read() if photo is not None and photo.filename else b""
        kind = (photo.content_type if photo is not None else None) or ""
        if picture:
            check_photo(kind, picture)  # before the finding: a bad photo records nothing
        receipt = perform(db, bench, badge, action, form)
        if picture and form.serials:
            upload = photos.PhotoUpload(receipt.event_id, form.serials[0], kind, picture)
            photos.attach_photo(db, upload)
        return RedirectResponse(after(bench, action, form, receipt), status_code=303)

    return pages


def _scanned(db: Database, bench: StationRow, scan: str, rack: str, pair: str) -> str:
    """Where a scan leads: the rack, the pair, or the PIN of the badge, keeping the rack."""
    found = stations.identify(db, scan)
    if found.kind is stations.Scanned.RACK:
        return urls.station(bench.station, rack=found.code)
    if found.kind is stations.Scanned.PAIR:
        return urls.station(bench.station, pair=found.code, gtin=found.gtin)
    return urls.station(bench.station, badge=found.code, rack=rack, pair=pair)


def _gtin_of(db: Database, serial: str) -> str:
    found = stations.identify(db, serial)
    if found.kind is not stations.Scanned.PAIR or found.gtin is None:
        raise InvalidValue(f"'{serial}' is not a pair's serial.", code="scan_not_a_pair")
    return found.gtin


def _page(
    request: Request,
    db: Database,
    bench: StationRow,
    who: terminal.Who | None,
    view: racks.RackView | None = None,
    pair: stations.PairView | None = None,
    *,
    pin_for: Operator | None = None,
    done: terminal.Done | None = None,
    error: CordwainerError | None = None,
    status: int = 200,
) -> HTMLResponse:
    shown = terminal.screen(db, bench, who, view, pair=pair, pin_for=pin_for)
    said = terminal.flash(done, bench, shown.operation_names) if done else None
    context = {
        "screen": shown,
        "flash": said,
        "error": error,
        "terminal": terminal,
        "terminal_actions": terminal_actions,
        "new_id": new_id,
    }
    return render(request, "station.html", context, status=status)


def _quietly(db: Database, rack: str) -> racks.RackView | None:
    """The rack's view to show beside a refusal; none when the rack itself is unknown."""
    if not rack:
        return None
    try:
        return racks.rack_view(db, rack.strip().upper())
    except CordwainerError:
        return None
