"""Every page's address, built in one place: the route patterns and the links to them."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from cordwainer.domain.identifiers import Gtin, Serial, Sgtin
from cordwainer.standards.digital_link import pair_path

HOME = "/"
PASSPORT = "/01/{gtin}/21/{serial:path}"
STATIONS = "/station"
STATION = "/station/{station_code}"
STATION_ACTION = "/station/{station_code}/{action}"
DASHBOARD = "/dashboard"
STATIC = "/static"


def home() -> str:
    return HOME


def passport(gtin: str, serial: str) -> str:
    """The pair's GS1 Digital Link path, which is also its passport page."""
    return pair_path(Sgtin(Gtin(gtin), Serial(serial)))


def is_passport(path: str) -> bool:
    """Whether ``path`` is a pair's Digital Link, a page the public sees."""
    return path.startswith("/01/")


def stations() -> str:
    return STATIONS


def station(code: str, **query: str | int | None) -> str:
    """A station's terminal page; empty query values are left out."""
    path = STATION.format(station_code=quote(code, safe=""))
    kept = {name: value for name, value in query.items() if value not in (None, "")}
    return f"{path}?{urlencode(kept)}" if kept else path


def station_action(code: str, action: str) -> str:
    return STATION_ACTION.format(station_code=quote(code, safe=""), action=quote(action, safe=""))


def dashboard() -> str:
    return DASHBOARD


def static(path: str) -> str:
    return f"{STATIC}/{path}"
