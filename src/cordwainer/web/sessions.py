"""Who is badged in at a station: a signed, http-only cookie scoped to the station's pages.

A person badges in with their badge and PIN (``services.people.badge_in``); the page
then keeps, in a cookie, the station, the badge and the moment of badge-in, signed with
HMAC-SHA256 under the application's secret key (``Settings.secret_key``). Every action
the terminal sends is recorded as that person. Nothing is stored on the server: a
restart with another key, twelve hours, or badging out ends it.

Why a cookie and not a table: badge-in is not a floor event, the tablet must keep
working while the server is briefly away, and a signed value costs no write. The
cookie's path is the station's own (``/station/CLK-01``), so one browser can hold a
badge at several benches and a badge cannot travel to another bench; it is ``HttpOnly``
(scripts never read it) and ``SameSite=Strict`` (another site cannot make the tablet
post with it).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from fastapi import Request, Response

from cordwainer.domain.errors import NotPermitted
from cordwainer.web import urls

COOKIE = "cw_badge"
SHIFT = timedelta(hours=12)
_PURPOSE = b"cordwainer station badge"


@dataclass(frozen=True, slots=True)
class BadgeSession:
    station: str
    badge: str
    since: datetime


class Sealer:
    """Signs and checks badge sessions with a key derived from the application's secret."""

    def __init__(self, secret: str) -> None:
        self._key = hmac.new(secret.encode(), _PURPOSE, hashlib.sha256).digest()

    def seal(self, session: BadgeSession) -> str:
        fields = {"s": session.station, "b": session.badge, "t": int(session.since.timestamp())}
        body = base64.urlsafe_b64encode(json.dumps(fields).encode()).decode().rstrip("=")
        return f"{body}.{self._mac(body)}"

    def unseal(self, value: str, station: str, now: datetime) -> BadgeSession | None:
        """The session in the cookie, if it is genuine, for this station and not too old."""
        body, _, mac = value.rpartition(".")
        if not body or not hmac.compare_digest(mac, self._mac(body)):
            return None
        try:
            fields = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
            session = BadgeSession(
                str(fields["s"]), str(fields["b"]), datetime.fromtimestamp(int(fields["t"]), UTC)
            )
        except (ValueError, KeyError, TypeError):
            return None
        if session.station != station or not timedelta(0) <= now - session.since <= SHIFT:
            return None
        return session

    def _mac(self, body: str) -> str:
        return hmac.new(self._key, body.encode(), hashlib.sha256).hexdigest()


def current(request: Request, sealer: Sealer, station: str) -> BadgeSession | None:
    value = request.cookies.get(COOKIE)
    return sealer.unseal(value, station, datetime.now(UTC)) if value else None


def keep(response: Response, request: Request, sealer: Sealer, session: BadgeSession) -> None:
    response.set_cookie(
        COOKIE,
        sealer.seal(session),
        max_age=int(SHIFT.total_seconds()),
        path=urls.station(session.station),
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )


def forget(response: Response, station: str) -> None:
    response.delete_cookie(COOKIE, path=urls.station(station), httponly=True, samesite="strict")


def badged_in(request: Request, sealer: Sealer, station: str) -> str:
    """The badge of the person badged in at the station; refused when there is none."""
    session = current(request, sealer, station)
    if session is None:
        raise NotPermitted(
            f"No one is badged in at {station}. Scan your badge and type your PIN, then tap again.",
            code="not_badged_in",
            station=station,
        )
    return session.badge
