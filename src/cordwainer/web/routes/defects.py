"""The defect catalogue, managed in the app: each operation's codes, added and retired."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from cordwainer.domain.errors import CordwainerError
from cordwainer.domain.quality import Severity
from cordwainer.services import defects
from cordwainer.storage.database import Database
from cordwainer.web import urls
from cordwainer.web.errors import show_errors_in_place
from cordwainer.web.rendering import render


def router(db: Database) -> APIRouter:
    pages = APIRouter(include_in_schema=False)

    @pages.get(urls.DEFECTS, response_class=HTMLResponse)
    def catalogue(request: Request, added: str = "", retired: str = "") -> HTMLResponse:
        return _page(request, db, added=added, retired=retired)

    @pages.post(urls.DEFECTS, response_class=HTMLResponse)
    def add(
        request: Request,
        code: Annotated[str, Form()] = "",
        operation: Annotated[str, Form()] = "",
        description: Annotated[str, Form()] = "",
        severity: Annotated[str, Form()] = "",
    ) -> RedirectResponse:
        new = defects.NewDefectCode(code, operation, description, severity)
        show_errors_in_place(
            request, lambda error, status: _page(request, db, new=new, error=error, status=status)
        )
        added = defects.add_defect_code(db, new)
        return RedirectResponse(urls.defects(added=added.code), status_code=303)

    @pages.post(urls.DEFECT_RETIRE, response_class=HTMLResponse)
    def retire(request: Request, code: str) -> RedirectResponse:
        show_errors_in_place(
            request, lambda error, status: _page(request, db, error=error, status=status)
        )
        retired = defects.retire(db, code)
        return RedirectResponse(urls.defects(retired=retired.code), status_code=303)

    return pages


def _page(
    request: Request,
    db: Database,
    *,
    added: str = "",
    retired: str = "",
    new: defects.NewDefectCode | None = None,
    error: CordwainerError | None = None,
    status: int = 200,
) -> HTMLResponse:
    context = {
        "sections": defects.catalogue_by_operation(db),
        "severities": [severity.value for severity in Severity],
        "added": added,
        "retired": retired,
        "new": new or defects.NewDefectCode("", "", "", "major"),
        "error": error,
    }
    return render(request, "defects.html", context, status=status)
