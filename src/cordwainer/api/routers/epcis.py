"""EPCIS 2.0 over HTTP: capture documents from other systems, query every event.

``POST /epcis/capture`` takes an EPCISDocument (``application/json`` or
``application/ld+json``), keeps all of it or none of it, and answers 202 with the
receipt and its ``Location``. ``GET /epcis/events`` answers an EPCISQueryDocument; when
there are more events, a ``Link: <…>; rel="next"`` header gives the next page's address.
"""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response, status
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from cordwainer.api.deps import Db
from cordwainer.domain.errors import InvalidValue
from cordwainer.services import epcis
from cordwainer.services.epcis import CaptureReceipt

router = APIRouter(prefix="/epcis", tags=["epcis"])

JSON_LD = "application/ld+json"
_ACCEPTED = ("application/json", JSON_LD)
_DOCUMENT_BODY = {
    "requestBody": {
        "required": True,
        "description": "An EPCIS 2.0 EPCISDocument (or EPCISQueryDocument) in JSON-LD.",
        "content": {kind: {"schema": {"type": "object"}} for kind in _ACCEPTED},
    }
}
Values = Annotated[list[str] | None, Query()]


@router.post(
    "/capture",
    operation_id="capture_epcis_document",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=CaptureReceipt,
    openapi_extra=_DOCUMENT_BODY,
)
async def capture(request: Request, response: Response, db: Db) -> CaptureReceipt:
    """Keep every event of an EPCIS document, or, when it is invalid, none (400, each problem)."""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type not in _ACCEPTED:
        problem = "Send the document as application/json or application/ld+json."
        raise InvalidValue(
            problem,
            code="invalid_epcis_document",
            errors=[{"path": "$", "problem": problem}],
            error_count=1,
        )
    body = await request.body()
    receipt = await run_in_threadpool(lambda: epcis.capture(db, epcis.read_document(body)))
    response.headers["Location"] = f"/epcis/capture/{receipt.capture_id}"
    return receipt


@router.get(
    "/capture/{capture_id}", operation_id="get_epcis_capture", response_model=CaptureReceipt
)
def capture_job(capture_id: UUID, db: Db) -> CaptureReceipt:
    """What one capture kept."""
    return epcis.capture_receipt(db, capture_id)


@router.get(
    "/events",
    operation_id="query_epcis_events",
    response_class=JSONResponse,
    responses={200: {"content": {JSON_LD: {}}, "description": "An EPCISQueryDocument."}},
)
def query_events(
    request: Request,
    db: Db,
    event_type: Annotated[Values, Query(alias="eventType")] = None,
    eq_biz_step: Annotated[Values, Query(alias="EQ_bizStep")] = None,
    ge_event_time: Annotated[str | None, Query(alias="GE_eventTime")] = None,
    lt_event_time: Annotated[str | None, Query(alias="LT_eventTime")] = None,
    match_epc: Annotated[Values, Query(alias="MATCH_epc")] = None,
    match_any_epc: Annotated[Values, Query(alias="MATCH_anyEPC")] = None,
    eq_biz_location: Annotated[Values, Query(alias="EQ_bizLocation")] = None,
    per_page: Annotated[str | None, Query(alias="perPage")] = None,
    next_page_token: Annotated[str | None, Query(alias="nextPageToken")] = None,
) -> JSONResponse:
    """The floor's and the captured events the EPCIS query parameters ask for, a page at a time.

    A parameter may be repeated, or hold alternatives separated by ``|``.
    """
    page = epcis.query_events(db, request.query_params.multi_items())
    headers: dict[str, Any] = {}
    if page.next_page_token is not None:
        following = request.url.include_query_params(nextPageToken=page.next_page_token)
        headers["Link"] = f'<{following}>; rel="next"'
    return JSONResponse(page.document, media_type=JSON_LD, headers=headers)
