"""The resolver: a pair's GS1 Digital Link answers with its passport, or another of its links.

``GET /01/{gtin}/21/{serial}`` gives the passport page (HTML), the UNTP passport in
JSON-LD (``Accept: application/ld+json``) or the pair's linkset
(``Accept: application/linkset+json``). ``?linkType=`` asks for one link: a section of
the page is a 307 redirect to it, ``gs1:dpp`` is the JSON-LD, ``linkset`` (or ``all``)
every link. A pair never made here is a 404, a malformed link a 422 with the reason,
each as a page or as problem JSON by Accept.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from cordwainer.domain.errors import NotFound
from cordwainer.domain.identifiers import Sgtin
from cordwainer.services import passport
from cordwainer.standards import dpp, linkset
from cordwainer.standards.digital_link import pair_path, parse_pair_uri
from cordwainer.storage.database import Database
from cordwainer.web import urls
from cordwainer.web.rendering import render

# What a Digital Link can be asked for, in the order offered when Accept allows several.
OFFERED = (linkset.HTML, linkset.JSON_LD, "application/json", linkset.LINKSET_MEDIA_TYPE)


def router(db: Database) -> APIRouter:
    pages = APIRouter(include_in_schema=False)

    @pages.api_route(urls.PASSPORT, methods=["GET", "HEAD"], response_model=None)
    def resolve(request: Request) -> Response:
        pair = parse_pair_uri(_path_as_sent(request))
        found = passport.passport_for(db, pair.gtin.value, pair.serial.value)
        asked = request.query_params.get("linkType")
        if asked:
            return _link(request, found, pair, asked)
        wanted = preferred(request.headers.get("accept", ""))
        if wanted == linkset.LINKSET_MEDIA_TYPE:
            return _linkset(found)
        if wanted in (linkset.JSON_LD, "application/json"):
            return _credential(request, found, pair)
        response = render(request, "passport.html", {"passport": found})
        _describe(response, pair)
        return response

    return pages


def _link(request: Request, found: passport.Passport, pair: Sgtin, asked: str) -> Response:
    if linkset.is_whole_linkset(asked):
        return _linkset(found)
    link = linkset.link_type(asked)
    if link is None:
        raise NotFound(
            f"This pair has no link of type {asked!r}. "
            f"Its links are {', '.join(linkset.served())}.",
            code="link_type_not_found",
            link_type=asked,
            link_types=list(linkset.served()),
        )
    if not link.is_page:
        return _credential(request, found, pair)
    target = pair_path(pair) + (f"#{link.section}" if link.section else "")
    response = RedirectResponse(target, status_code=307)
    _describe(response, pair)
    return response


def _credential(request: Request, found: passport.Passport, pair: Sgtin) -> Response:
    response = JSONResponse(dpp.passport_credential(found), media_type=linkset.JSON_LD)
    _describe(response, pair)
    return response


def _linkset(found: passport.Passport) -> Response:
    description = f"{found.style_name} {found.colourway_name}, UK {found.size} {found.width}"
    body = linkset.linkset(found.digital_link, description)
    return JSONResponse(body, media_type=linkset.LINKSET_MEDIA_TYPE)


def _describe(response: Response, pair: Sgtin) -> None:
    """Say that the answer depends on Accept, and where the pair's other links are."""
    path = pair_path(pair)
    response.headers["Vary"] = "Accept"
    response.headers["Link"] = (
        f'<{path}?linkType=linkset>; rel="linkset"; type="{linkset.LINKSET_MEDIA_TYPE}", '
        f'<{path}>; rel="describedby"; type="{linkset.JSON_LD}"'
    )


def preferred(accept: str) -> str:
    """The media type of ``OFFERED`` that ``accept`` likes best; HTML on a tie or no header.

    Quality values count (``q=0`` refuses); a more specific range wins over ``*/*``.
    """
    best, best_rank = linkset.HTML, (-1.0, -1, 0)
    for position, offered in enumerate(OFFERED):
        quality, specificity = _quality(accept, offered)
        rank = (quality, specificity, -position)
        if quality > 0 and rank > best_rank:
            best, best_rank = offered, rank
    return best


def _quality(accept: str, offered: str) -> tuple[float, int]:
    """How much ``accept`` wants ``offered``: its q, and how specifically it names it."""
    kind = offered.split("/", maxsplit=1)[0]
    found, specificity = (1.0 if not accept.strip() else 0.0), 0
    for part in accept.split(","):
        media, *parameters = (piece.strip() for piece in part.split(";"))
        level = {"*/*": 1, f"{kind}/*": 2, offered: 3}.get(media.lower())
        if level is None or level < specificity:
            continue
        quality = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                quality = _number(value)
        if level > specificity:
            found, specificity = quality, level
    return found, specificity


def _number(value: str) -> float:
    try:
        return min(max(float(value), 0.0), 1.0)
    except ValueError:
        return 0.0


def _path_as_sent(request: Request) -> str:
    """The path still percent-encoded, as the Digital Link parser reads it."""
    raw = request.scope.get("raw_path")
    if isinstance(raw, bytes):
        return raw.decode("latin-1")
    return quote(request.url.path)
