"""The order book as the planner keeps it: orders typed in or imported from a spreadsheet,
and the people who are away. Errors are shown in place, above the form that caused them."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time, tzinfo
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cordwainer.domain.errors import CordwainerError, InvalidValue
from cordwainer.domain.orders import CustomerType, Priority
from cordwainer.services import absences, catalogue, order_import, orders, planning
from cordwainer.services.plan_inputs import PlanSettings
from cordwainer.storage.database import Database
from cordwainer.web import planner_urls as plan_urls
from cordwainer.web import planner_words
from cordwainer.web.errors import show_errors_in_place
from cordwainer.web.rendering import render

MAX_UPLOAD = 5_000_000  # bytes: twenty thousand rows fit with room to spare


def router(db: Database) -> APIRouter:
    pages = APIRouter(include_in_schema=False)

    @pages.get(plan_urls.ORDERS, response_class=HTMLResponse)
    def book(request: Request, created: str = "", imported: str = "") -> HTMLResponse:
        return _book(request, db, notice=_notice(created, imported))

    @pages.post(plan_urls.ORDERS, response_class=HTMLResponse)
    def create(
        request: Request,
        colourway: Annotated[str, Form()] = "",
        due_on: Annotated[str, Form()] = "",
        customer: Annotated[str, Form()] = "",
        customer_type: Annotated[str, Form()] = CustomerType.WHOLESALE.value,
        priority: Annotated[str, Form()] = Priority.NORMAL.value,
        reference: Annotated[str, Form()] = "",
        lines: Annotated[str, Form()] = "",
    ) -> RedirectResponse:
        typed = {
            "colourway": colourway,
            "due_on": due_on,
            "customer": customer,
            "customer_type": customer_type,
            "priority": priority,
            "reference": reference,
            "lines": lines,
        }
        show_errors_in_place(
            request,
            lambda error, status: _book(request, db, typed=typed, error=error, status=status),
        )
        new = orders.NewOrder(
            colourway,
            _date(due_on),
            customer.strip(),
            order_import.lines_from_text(db, colourway, lines),
            priority=priority,
            customer_type=customer_type,
            reference=reference or None,
        )
        if not new.customer:
            raise InvalidValue("Say who the order is for.", code="invalid_order_lines")
        made = orders.create_order(db, new)
        return RedirectResponse(plan_urls.orders(created=made.code), status_code=303)

    @pages.post(plan_urls.ORDERS_IMPORT, response_class=HTMLResponse)
    async def import_file(request: Request, file: UploadFile) -> RedirectResponse:
        show_errors_in_place(
            request, lambda error, status: _book(request, db, error=error, status=status)
        )
        content = await file.read(MAX_UPLOAD + 1)
        if len(content) > MAX_UPLOAD:
            raise InvalidValue(
                "The file is larger than 5 MB; split it.", code="invalid_order_file", errors=[]
            )
        done = order_import.import_orders(db, content, file.filename or "orders.csv")
        return RedirectResponse(
            plan_urls.orders(imported=f"{len(done.orders)} orders, {done.pairs} pairs"),
            status_code=303,
        )

    @pages.get(plan_urls.ORDERS_CSV)
    def book_csv() -> Response:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(
            (
                "order",
                "reference",
                "customer",
                "customer_type",
                "priority",
                "colourway",
                "due_on",
                "pairs",
                "to_release",
                "on_floor",
                "done",
            )
        )
        for s in planning.order_book(db):
            o = s.order
            writer.writerow(
                (
                    o.code,
                    o.reference or "",
                    o.customer,
                    o.customer_type.value,
                    o.priority.value,
                    o.colourway_code,
                    o.due_on.isoformat(),
                    o.pairs,
                    o.remaining,
                    s.on_floor,
                    s.done,
                )
            )
        return Response(
            out.getvalue(),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="orders.csv"'},
        )

    @pages.get(plan_urls.ABSENCES, response_class=HTMLResponse)
    def away(request: Request, recorded: str = "") -> HTMLResponse:
        return _away(request, db, notice="Recorded. Replan for it to count." if recorded else "")

    @pages.post(plan_urls.ABSENCES, response_class=HTMLResponse)
    def record(
        request: Request,
        badge: Annotated[str, Form()] = "",
        starts_at: Annotated[str, Form()] = "",
        ends_at: Annotated[str, Form()] = "",
        reason: Annotated[str, Form()] = "",
    ) -> RedirectResponse:
        show_errors_in_place(
            request, lambda error, status: _away(request, db, error=error, status=status)
        )
        zone = PlanSettings().zone
        absences.record_absence(
            db, badge, _moment(starts_at, zone), _moment(ends_at, zone), reason or "Away"
        )
        return RedirectResponse(plan_urls.absences(recorded=1), status_code=303)

    @pages.post(plan_urls.ABSENCE_CANCEL, response_class=HTMLResponse)
    def cancel(absence_id: UUID) -> RedirectResponse:
        absences.cancel_absence(db, absence_id)
        return RedirectResponse(plan_urls.absences(), status_code=303)

    return pages


def _notice(created: str, imported: str) -> str:
    if created:
        return f"Order {created} is on the book. Replan for it to count."
    if imported:
        return f"Imported {imported}. Replan for them to count."
    return ""


def _book(
    request: Request,
    db: Database,
    *,
    notice: str = "",
    typed: dict[str, str] | None = None,
    error: CordwainerError | None = None,
    status: int = 200,
) -> HTMLResponse:
    problems = error.details.get("errors", []) if error is not None else []
    context = {
        "standings": planning.order_book(db),
        "colourways": catalogue.colourways(db),
        "priorities": [p.value for p in Priority],
        "customer_types": [c.value for c in CustomerType],
        "typed": typed or {"customer_type": "wholesale", "priority": "normal"},
        "notice": notice,
        "error": error,
        "problems": problems,
        "plan_urls": plan_urls,
        "words": planner_words,
    }
    return render(request, "plan_orders.html", context, status=status)


def _away(
    request: Request,
    db: Database,
    *,
    notice: str = "",
    error: CordwainerError | None = None,
    status: int = 200,
) -> HTMLResponse:
    context = {
        "absences": absences.absences(db),
        "people": planning.people(db),
        "notice": notice,
        "error": error,
        "plan_urls": plan_urls,
        "words": planner_words,
    }
    return render(request, "plan_absences.html", context, status=status)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidValue(f"'{text}' is not a date.", code="invalid_order_lines") from None


def _moment(text: str, zone: tzinfo) -> datetime:
    """A ``datetime-local`` field's value, read in the factory's time zone."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidValue(f"'{text}' is not a moment.", code="invalid_absence") from None
    if moment.tzinfo is None:
        moment = datetime.combine(moment.date(), time(moment.hour, moment.minute), tzinfo=zone)
    return moment
