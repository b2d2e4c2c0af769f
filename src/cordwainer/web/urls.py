"""Every page's address, built in one place: the route patterns and the links to them."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from cordwainer.domain.identifiers import Gtin, Serial, Sgtin
from cordwainer.standards.digital_link import pair_path

HOME = "/"
# Every GS1 Digital Link with a GTIN: the resolver reads the path itself, and refuses
# with the reason one that is not a pair's (``/01/{gtin}/21/{serial}``).
PASSPORT = "/01/{digital_link:path}"
COLLECTION = "/collection"
RACK_TICKET = "/labels/racks/{rack}.{kind}"
BOX_LABEL = "/labels/boxes/{gtin}/{serial}.{kind}"
LABEL_KINDS = ("pdf", "zpl")
STATIONS = "/station"
STATION = "/station/{station_code}"
STATION_ACTION = "/station/{station_code}/{action}"
STATION_ACTIONS = "/station/{station_code}/actions"  # JSON: what the terminal's script sends
STATION_PHOTOS = "/station/{station_code}/photos"  # JSON: a finding's photo, after the finding
STATION_BADGE_IN = "/station/{station_code}/badge-in"
STATION_BADGE_OUT = "/station/{station_code}/badge-out"
PHOTO = "/quality/photos/{event_id}/{serial}"
DEFECTS = "/quality/defects"
DEFECT_RETIRE = "/quality/defects/{code}/retire"
SKILLS = "/people/skills"
DASHBOARD = "/dashboard"
DASHBOARD_LIVE = "/dashboard/live"  # the figures alone, for the page to refresh itself
DASHBOARD_TABLE = "/dashboard/{table}.csv"  # each of its tables, to take away
STATIC = "/static"


def home() -> str:
    return HOME


def passport(gtin: str, serial: str) -> str:
    """The pair's GS1 Digital Link path, which is also its passport page."""
    return pair_path(Sgtin(Gtin(gtin), Serial(serial)))


def is_passport(path: str) -> bool:
    """Whether ``path`` is a pair's Digital Link, a page the public sees."""
    return path.startswith("/01/")


def is_public(path: str) -> bool:
    """Whether ``path`` is a page the public sees: a passport or the collection."""
    return is_passport(path) or path == COLLECTION


def collection() -> str:
    return COLLECTION


def rack_ticket(rack: str, kind: str = "pdf") -> str:
    """The rack's ticket to print: ``pdf`` (A6) or ``zpl`` (a Zebra printer's language)."""
    return RACK_TICKET.format(rack=quote(rack, safe=""), kind=kind)


def box_label(gtin: str, serial: str, kind: str = "pdf") -> str:
    """The pair's box label to print: ``pdf`` or ``zpl``."""
    return BOX_LABEL.format(gtin=quote(gtin, safe=""), serial=quote(serial, safe=""), kind=kind)


def stations() -> str:
    return STATIONS


def station(code: str, **query: str | int | None) -> str:
    """A station's terminal page; empty query values are left out."""
    path = STATION.format(station_code=quote(code, safe=""))
    kept = {name: value for name, value in query.items() if value not in (None, "")}
    return f"{path}?{urlencode(kept)}" if kept else path


def station_action(code: str, action: str) -> str:
    return STATION_ACTION.format(station_code=quote(code, safe=""), action=quote(action, safe=""))


def station_actions(code: str) -> str:
    return STATION_ACTIONS.format(station_code=quote(code, safe=""))


def station_photos(code: str) -> str:
    return STATION_PHOTOS.format(station_code=quote(code, safe=""))


def badge_in(code: str) -> str:
    return STATION_BADGE_IN.format(station_code=quote(code, safe=""))


def badge_out(code: str) -> str:
    return STATION_BADGE_OUT.format(station_code=quote(code, safe=""))


def photo(event_id: object, serial: str) -> str:
    return PHOTO.format(event_id=event_id, serial=quote(serial, safe=""))


def defects(**query: str) -> str:
    kept = {name: value for name, value in query.items() if value}
    return f"{DEFECTS}?{urlencode(kept)}" if kept else DEFECTS


def defect_retire(code: str) -> str:
    return DEFECT_RETIRE.format(code=quote(code, safe=""))


def skills() -> str:
    return SKILLS


def dashboard(since: object = None, until: object = None, every: int | None = None) -> str:
    """The dashboard for the days from ``since`` to ``until`` (``?from=…&to=…``)."""
    return DASHBOARD + _period_query(since, until, every)


def dashboard_live(since: object = None, until: object = None) -> str:
    return DASHBOARD_LIVE + _period_query(since, until)


def dashboard_table(table: str, since: object = None, until: object = None) -> str:
    """One of the dashboard's tables as CSV, for the same days."""
    return DASHBOARD_TABLE.format(table=quote(table, safe="")) + _period_query(since, until)


def _period_query(since: object, until: object, every: int | None = None) -> str:
    kept = {
        name: str(value)
        for name, value in (("from", since), ("to", until), ("every", every))
        if value not in (None, "")
    }
    return f"?{urlencode(kept)}" if kept else ""


def static(path: str) -> str:
    return f"{STATIC}/{path}"
