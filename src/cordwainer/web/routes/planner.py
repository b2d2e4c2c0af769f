"""The planner's pages: the plan, its Gantt, each bench's dispatch list, the load of each
workcentre, the late orders; every table also as CSV."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cordwainer.services import gantt, plan_views, planning
from cordwainer.services.plan_inputs import PlanSettings
from cordwainer.storage.database import Database
from cordwainer.web import planner_urls as plan_urls
from cordwainer.web import planner_words
from cordwainer.web.rendering import render

MAX_SECONDS = 120


def router(db: Database) -> APIRouter:
    pages = APIRouter(include_in_schema=False)

    @pages.get(plan_urls.PLAN, response_class=HTMLResponse)
    def overview(request: Request) -> HTMLResponse:
        current = planning.current_plan(db)
        context = {
            "plan": current,
            "recent": planning.recent_plans(db),
            "late": plan_views.late_orders(db)[:10] if current else [],
        }
        return _page(request, "plan.html", context)

    @pages.post(plan_urls.PLAN_MAKE, response_class=HTMLResponse)
    def make(
        seconds: Annotated[float, Form(ge=1, le=MAX_SECONDS)] = 10,
        horizon_days: Annotated[int, Form(ge=1, le=28)] = 7,
        frozen_hours: Annotated[float, Form(ge=0, le=72)] = 4,
        mode: Annotated[str, Form()] = "replan",
        publish: Annotated[bool, Form()] = False,
        reason: Annotated[str, Form(max_length=200)] = "",
    ) -> RedirectResponse:
        settings = PlanSettings(
            seconds=seconds, horizon_days=horizon_days, frozen_hours=frozen_hours
        )
        if mode == "replan":
            made = planning.replan(
                db,
                settings,
                reason=reason or "Replanned from the planner's page.",
                publish=publish,
            )
        else:
            made = planning.make_plan(db, settings, reason=reason or "A new plan.", publish=publish)
        return RedirectResponse(plan_urls.plan_one(made.id), status_code=303)

    @pages.get(plan_urls.PLAN_ONE, response_class=HTMLResponse)
    def one_plan(request: Request, plan_id: UUID) -> HTMLResponse:
        summary = planning.plan_of(db, plan_id)
        context = {
            "plan": summary,
            "late": plan_views.late_orders(db, plan_id),
            "recent": [],
        }
        return _page(request, "plan.html", context)

    @pages.post(plan_urls.PLAN_PUBLISH, response_class=HTMLResponse)
    def publish(plan_id: UUID) -> RedirectResponse:
        planning.publish_plan(db, plan_id)
        return RedirectResponse(plan_urls.plan(published=plan_id), status_code=303)

    @pages.get(plan_urls.GANTT, response_class=HTMLResponse)
    def gantt_page(
        request: Request,
        by: str = "station",
        day: Annotated[date | None, Query()] = None,
        days: Annotated[int, Query(ge=1, le=14)] = 5,
        workcentre: str = "",
        plan: UUID | None = None,
    ) -> HTMLResponse:
        view = gantt.gantt(db, by=by, first_day=day, days=days, workcentre=workcentre, plan_id=plan)
        return _page(request, "plan_gantt.html", {"view": view})

    @pages.get(plan_urls.STATIONS, response_class=HTMLResponse)
    def stations(request: Request) -> HTMLResponse:
        return _page(request, "plan_stations.html", {"rows": plan_views.stations_by_workcentre(db)})

    @pages.get(plan_urls.DISPATCH_CSV)
    def dispatch_csv(station_code: str) -> Response:
        found = plan_views.dispatch_list(db, station_code, limit=500)
        rows = (
            (
                i.rack,
                i.order_code,
                i.colourway_code,
                i.operation_code,
                i.pairs,
                i.badge,
                i.operator_name,
                i.starts_at.isoformat(),
                i.ends_at.isoformat(),
                i.setup_minutes,
                i.where,
            )
            for i in found.items
        )
        header = (
            "rack",
            "order",
            "colourway",
            "operation",
            "pairs",
            "badge",
            "operator",
            "starts_at",
            "ends_at",
            "changeover_minutes",
            "where",
        )
        return _csv(header, rows, f"dispatch-{station_code}.csv")

    @pages.get(plan_urls.DISPATCH, response_class=HTMLResponse)
    def dispatch(request: Request, station_code: str) -> HTMLResponse:
        found = plan_views.dispatch_list(db, station_code, limit=30)
        return _page(request, "plan_dispatch.html", {"dispatch": found})

    @pages.get(plan_urls.LOAD, response_class=HTMLResponse)
    def load(request: Request) -> HTMLResponse:
        return _page(request, "plan_load.html", {"days": plan_views.load_by_day(db)})

    @pages.get(plan_urls.LOAD_CSV)
    def load_csv() -> Response:
        rows = (
            (
                d.day.isoformat(),
                d.workcentre,
                d.workcentre_name,
                d.planned_minutes,
                d.bench_minutes,
                f"{d.share:.3f}" if d.share is not None else "",
            )
            for d in plan_views.workcentre_load(db)
        )
        header = ("day", "workcentre", "name", "planned_minutes", "bench_minutes", "load")
        return _csv(header, rows, "load.csv")

    @pages.get(plan_urls.LATE, response_class=HTMLResponse)
    def late(request: Request) -> HTMLResponse:
        return _page(request, "plan_late.html", {"late": plan_views.late_orders(db)})

    @pages.get(plan_urls.LATE_CSV)
    def late_csv() -> Response:
        rows = (
            (
                o.order_code,
                o.customer,
                o.customer_type,
                o.priority,
                o.due_on.isoformat(),
                o.finishes_at.isoformat() if o.finishes_at else "",
                o.late_minutes,
                o.bottleneck or "",
                o.reason,
            )
            for o in plan_views.late_orders(db)
        )
        header = (
            "order",
            "customer",
            "customer_type",
            "priority",
            "due_on",
            "finishes_at",
            "late_minutes",
            "bottleneck",
            "reason",
        )
        return _csv(header, rows, "late-orders.csv")

    @pages.get(plan_urls.ASSIGNMENTS_CSV)
    def assignments_csv(plan: UUID | None = None) -> Response:
        rows = (
            (
                a.rack_code or a.rack_key,
                a.order_code,
                a.step,
                a.operation_code,
                a.station_code,
                a.badge,
                a.pairs,
                a.starts_at.isoformat(),
                a.ends_at.isoformat(),
                a.setup_minutes,
                "yes" if a.frozen else "no",
            )
            for a in plan_views.plan_assignments(db, plan)
        )
        header = (
            "rack",
            "order",
            "step",
            "operation",
            "station",
            "badge",
            "pairs",
            "starts_at",
            "ends_at",
            "changeover_minutes",
            "frozen",
        )
        return _csv(header, rows, "plan.csv")

    return pages


def _page(request: Request, name: str, context: Mapping[str, object]) -> HTMLResponse:
    return render(request, name, {**context, "plan_urls": plan_urls, "words": planner_words})


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]], filename: str) -> Response:
    filename = re.sub(r"[^A-Za-z0-9_.-]", "_", filename)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
