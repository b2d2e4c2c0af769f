"""Gzip for the public pages and the stylesheet, for the phones on weak connections that
open them (a passport falls from about 31 kB to under 10 kB); the rest is sent as it is."""

from __future__ import annotations

from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from cordwainer.web import urls

MINIMUM_BYTES = 500


class CompressPublicPages:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.gzip = GZipMiddleware(app, minimum_size=MINIMUM_BYTES)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", "")) if scope["type"] == "http" else ""
        if urls.is_public(path) or path.startswith(urls.STATIC + "/"):
            await self.gzip(scope, receive, send)
        else:
            await self.app(scope, receive, send)
