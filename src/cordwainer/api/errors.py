"""Errors as HTTP answers: one status table, and RFC 9457 problem bodies with a stable code."""

from __future__ import annotations

from typing import Any

from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from cordwainer.domain.errors import (
    Conflict,
    CordwainerError,
    InvalidValue,
    NotFound,
    NotPermitted,
    RuleBroken,
)

PROBLEM_JSON = "application/problem+json"

STATUS = (
    (NotFound, 404),
    (InvalidValue, 422),
    (Conflict, 409),
    (RuleBroken, 409),
    (NotPermitted, 403),
)


# Codes answered otherwise than their branch: EPCIS clients expect 400 for what they sent.
STATUS_OF_CODE = {"invalid_epcis_document": 400, "invalid_epcis_query": 400}


def status_for(error: CordwainerError) -> int:
    if error.code in STATUS_OF_CODE:
        return STATUS_OF_CODE[error.code]
    for kind, status in STATUS:
        if isinstance(error, kind):
            return status
    return 400


def problem(error: CordwainerError, status: int) -> JSONResponse:
    body = {
        "type": f"/docs/errors#{error.code}",
        "title": error.message,
        "status": status,
        "code": error.code,
        "detail": error.message,
        "details": jsonable_encoder(error.details),
    }
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)


def invalid_request(error: RequestValidationError) -> JSONResponse:
    problems: list[dict[str, Any]] = [
        {"at": ".".join(str(part) for part in item["loc"]), "problem": item["msg"]}
        for item in error.errors()
    ]
    first = problems[0] if problems else {"at": "body", "problem": "malformed"}
    sentence = f"The request is not understood: {first['at']}: {first['problem']}."
    body = {
        "type": "/docs/errors#invalid_request",
        "title": sentence,
        "status": 422,
        "code": "invalid_request",
        "detail": sentence,
        "details": {"problems": jsonable_encoder(problems)},
    }
    return JSONResponse(body, status_code=422, media_type=PROBLEM_JSON)
