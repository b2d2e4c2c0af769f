"""Production planning: the current plan, making one, late orders, a bench's dispatch list,
orders imported from a spreadsheet, people away."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Request, status
from pydantic import AwareDatetime, Field

from cordwainer.api.deps import Db
from cordwainer.api.schemas import Badge, Body
from cordwainer.domain.errors import InvalidValue, NotFound
from cordwainer.services import absences, order_import, plan_views, planning
from cordwainer.services.order_import import Imported
from cordwainer.services.plan_inputs import PlanSettings
from cordwainer.services.plan_views import DispatchList, LateOrder
from cordwainer.services.planning import PlanSummary

router = APIRouter(prefix="/api", tags=["planning"])
MAX_UPLOAD = 5_000_000


class MakePlan(Body):
    seconds: float = Field(10.0, ge=1, le=120, description="Time to search for a plan.")
    horizon_days: int = Field(7, ge=1, le=28)
    frozen_hours: float = Field(
        4.0, ge=0, le=72, description="On a replan: hours of the current plan kept as they are."
    )
    fresh: bool = Field(False, description="Plan from scratch even if there is a current plan.")
    publish: bool = Field(True, description="Make it the current plan at once.")
    reason: Annotated[str, Field(max_length=200)] = ""


class NewAbsence(Body):
    badge: Badge
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    reason: Annotated[str, Field(min_length=1, max_length=120)]


@router.get("/plan", operation_id="get_current_plan", response_model=PlanSummary)
def current(db: Db) -> PlanSummary:
    """The plan the floor follows."""
    found = planning.current_plan(db)
    if found is None:
        raise NotFound("There is no current plan yet.", code="plan_not_found")
    return found


@router.post(
    "/plans",
    operation_id="make_plan",
    status_code=status.HTTP_201_CREATED,
    response_model=PlanSummary,
)
def make(body: MakePlan, db: Db) -> PlanSummary:
    """A plan for the order book: replanned from the current one unless ``fresh``."""
    settings = PlanSettings(
        seconds=body.seconds, horizon_days=body.horizon_days, frozen_hours=body.frozen_hours
    )
    if body.fresh:
        return planning.make_plan(
            db, settings, reason=body.reason or "A new plan.", publish=body.publish
        )
    return planning.replan(
        db, settings, reason=body.reason or "Replanned through the API.", publish=body.publish
    )


@router.get("/plans/{plan_id}", operation_id="get_plan", response_model=PlanSummary)
def one(plan_id: UUID, db: Db) -> PlanSummary:
    return planning.plan_of(db, plan_id)


@router.post("/plans/{plan_id}/publish", operation_id="publish_plan", response_model=PlanSummary)
def publish(plan_id: UUID, db: Db) -> PlanSummary:
    """The plan becomes the current one; the one before is superseded."""
    return planning.publish_plan(db, plan_id)


@router.get("/plan/late-orders", operation_id="late_orders", response_model=list[LateOrder])
def late(db: Db) -> list[LateOrder]:
    """Orders the current plan finishes late or cannot plan, each with why."""
    return plan_views.late_orders(db)


@router.get(
    "/stations/{code}/dispatch", operation_id="station_dispatch", response_model=DispatchList
)
def dispatch(code: str, db: Db, limit: int = 12, at: AwareDatetime | None = None) -> DispatchList:
    """What the bench does next, in the current plan's order (``at``: as of that moment)."""
    return plan_views.dispatch_list(db, code, now=at, limit=max(1, min(limit, 500)))


@router.post(
    "/orders/import",
    operation_id="import_orders",
    status_code=status.HTTP_201_CREATED,
    response_model=Imported,
)
async def import_orders(request: Request, db: Db, filename: str = "orders.csv") -> Imported:
    """Orders from a CSV file or an Excel workbook sent as the body: all of them, or none
    (``invalid_order_file`` lists every problem by row and column)."""
    content = await request.body()
    if len(content) > MAX_UPLOAD:
        raise InvalidValue("The file is larger than 5 MB.", code="invalid_order_file", errors=[])
    return order_import.import_orders(db, content, filename)


@router.post("/absences", operation_id="record_absence", status_code=status.HTTP_201_CREATED)
def record_absence(body: NewAbsence, db: Db) -> dict[str, Any]:
    """Someone is away: plans made from now on put no work on them then."""
    absence_id = absences.record_absence(db, body.badge, body.starts_at, body.ends_at, body.reason)
    return {"id": str(absence_id), "badge": body.badge, "starts_at": _iso(body.starts_at)}


def _iso(moment: datetime) -> str:
    return moment.isoformat()
