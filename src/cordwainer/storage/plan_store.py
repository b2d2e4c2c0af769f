"""Plans, their assignments and their orders; and the absences plans are made around."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, delete, insert, select, update

from cordwainer.domain.calendar import Absence
from cordwainer.storage import tables as t


@dataclass(frozen=True, slots=True)
class PlanRecord:
    id: UUID
    state: str
    made_at: datetime
    starts_at: datetime
    frozen_until: datetime
    ends_at: datetime
    unit_minutes: int
    seconds: float
    tardiness_minutes: int
    setups: int
    changes: int
    stages: list[dict[str, Any]]
    unplanned: dict[str, str]
    reason: str
    based_on: UUID | None


@dataclass(frozen=True, slots=True)
class AssignmentRecord:
    rack_key: str
    step: int
    operation_code: str
    order_code: str
    rack_code: str | None
    colourway_code: str
    pairs: int
    station_code: str
    badge: str
    starts_at: datetime
    ends_at: datetime
    setup_minutes: int
    frozen: bool


@dataclass(frozen=True, slots=True)
class PlannedOrderRecord:
    order_code: str
    due_at: datetime
    finishes_at: datetime
    late_minutes: int
    bottleneck: str | None
    reason: str


class PlanStore:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    # plans
    def add(
        self,
        plan: PlanRecord,
        assignments: Sequence[AssignmentRecord],
        orders: Sequence[PlannedOrderRecord],
    ) -> None:
        self.connection.execute(insert(t.plans), [asdict(plan)])
        ids = dict(self.connection.execute(select(t.operators.c.badge, t.operators.c.id)).all())
        if assignments:
            rows = []
            for a in assignments:
                row = asdict(a)
                row["operator_id"] = ids[row.pop("badge")]
                rows.append(row | {"plan_id": plan.id})
            self.connection.execute(insert(t.plan_assignments), rows)
        if orders:
            self.connection.execute(
                insert(t.plan_orders), [asdict(o) | {"plan_id": plan.id} for o in orders]
            )

    def plan(self, plan_id: UUID) -> PlanRecord | None:
        row = self.connection.execute(select(t.plans).where(t.plans.c.id == plan_id)).mappings()
        found = row.first()
        return PlanRecord(**found) if found else None

    def current(self) -> PlanRecord | None:
        row = self.connection.execute(select(t.plans).where(t.plans.c.state == "current"))
        found = row.mappings().first()
        return PlanRecord(**found) if found else None

    def latest(self, limit: int = 10) -> list[PlanRecord]:
        rows = self.connection.execute(
            select(t.plans).order_by(t.plans.c.made_at.desc()).limit(limit)
        ).mappings()
        return [PlanRecord(**row) for row in rows]

    def publish(self, plan_id: UUID) -> None:
        """The plan becomes the current one; the one before it is superseded."""
        self.connection.execute(
            update(t.plans).where(t.plans.c.state == "current").values(state="superseded")
        )
        self.connection.execute(
            update(t.plans).where(t.plans.c.id == plan_id).values(state="current")
        )

    def assignments(
        self,
        plan_id: UUID,
        *,
        station: str | None = None,
        badge: str | None = None,
        ending_after: datetime | None = None,
        starting_before: datetime | None = None,
    ) -> list[AssignmentRecord]:
        a = t.plan_assignments
        query = (
            select(
                a.c.rack_key,
                a.c.step,
                a.c.operation_code,
                a.c.order_code,
                a.c.rack_code,
                a.c.colourway_code,
                a.c.pairs,
                a.c.station_code,
                t.operators.c.badge,
                a.c.starts_at,
                a.c.ends_at,
                a.c.setup_minutes,
                a.c.frozen,
            )
            .join(t.operators, t.operators.c.id == a.c.operator_id)
            .where(a.c.plan_id == plan_id)
            .order_by(a.c.starts_at, a.c.station_code)
        )
        if station is not None:
            query = query.where(a.c.station_code == station)
        if badge is not None:
            query = query.where(t.operators.c.badge == badge)
        if ending_after is not None:
            query = query.where(a.c.ends_at > ending_after)
        if starting_before is not None:
            query = query.where(a.c.starts_at < starting_before)
        return [AssignmentRecord(**row) for row in self.connection.execute(query).mappings()]

    def orders(self, plan_id: UUID) -> list[PlannedOrderRecord]:
        o = t.plan_orders
        rows = self.connection.execute(
            select(
                o.c.order_code,
                o.c.due_at,
                o.c.finishes_at,
                o.c.late_minutes,
                o.c.bottleneck,
                o.c.reason,
            )
            .where(o.c.plan_id == plan_id)
            .order_by(o.c.late_minutes.desc(), o.c.due_at, o.c.order_code)
        )
        return [PlannedOrderRecord(*row) for row in rows]

    def workcentres(self) -> list[tuple[str, int, str, str]]:
        """(code, its operation's place in the routing, name, operation) in routing order."""
        w = t.workcentres
        rows = self.connection.execute(
            select(w.c.code, t.operations.c.position, w.c.name, w.c.operation_code)
            .join(t.operations, t.operations.c.code == w.c.operation_code)
            .order_by(t.operations.c.position, w.c.code)
        )
        return [(code, position, name, op) for code, position, name, op in rows]

    # absences
    def add_absence(self, absence_id: UUID, absence: Absence, recorded_at: datetime) -> None:
        operator = self.connection.execute(
            select(t.operators.c.id).where(t.operators.c.badge == absence.badge)
        ).scalar_one()
        self.connection.execute(
            insert(t.operator_absences),
            [
                {
                    "id": absence_id,
                    "operator_id": operator,
                    "starts_at": absence.starts_at,
                    "ends_at": absence.ends_at,
                    "reason": absence.reason,
                    "recorded_at": recorded_at,
                }
            ],
        )

    def absences(self, ending_after: datetime) -> list[tuple[UUID, Absence]]:
        ab = t.operator_absences
        rows = self.connection.execute(
            select(ab.c.id, t.operators.c.badge, ab.c.starts_at, ab.c.ends_at, ab.c.reason)
            .join(t.operators, t.operators.c.id == ab.c.operator_id)
            .where(ab.c.ends_at > ending_after)
            .order_by(ab.c.starts_at, t.operators.c.badge)
        )
        return [(row[0], Absence(*row[1:])) for row in rows]

    def remove_absence(self, absence_id: UUID) -> bool:
        gone = self.connection.execute(
            delete(t.operator_absences).where(t.operator_absences.c.id == absence_id)
        )
        return bool(gone.rowcount)
