"""A CordwainerError as a page: its sentence in red with a cross, and a way back.

The application's one error handler calls ``render_error`` for every page request, with
the status the error's branch maps to. An htmx request gets the line alone, to swap in.
A page that can show its own errors in place (the station terminal keeps its scan field
and rack view) registers how with ``show_errors_in_place`` before it calls a service.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Request
from fastapi.responses import HTMLResponse

from cordwainer.domain.errors import CordwainerError
from cordwainer.web import urls
from cordwainer.web.rendering import render

Redisplay = Callable[[CordwainerError, int], HTMLResponse]


def show_errors_in_place(request: Request, redisplay: Redisplay) -> None:
    """Render any CordwainerError raised during this request with ``redisplay``."""
    request.state.redisplay = redisplay


def render_error(request: Request, error: CordwainerError, status: int) -> HTMLResponse:
    if request.headers.get("HX-Request"):
        return render(request, "error_line.html", {"error": error}, status=status)
    redisplay: Redisplay | None = getattr(request.state, "redisplay", None)
    if redisplay is not None:
        return redisplay(error, status)
    path = request.url.path
    public = urls.is_public(path)
    back, back_label = (
        (urls.stations(), "Back to the stations")
        if path.startswith(urls.STATIONS)
        else (urls.collection(), "See the collection")
        if public
        else (urls.home(), "Back to the start")
    )
    context = {
        "error": error,
        "back": back,
        "back_label": back_label,
        "public": public,
    }
    return render(request, "error.html", context, status=status)
