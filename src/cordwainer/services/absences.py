"""People away: recorded so that plans put no work on them while they are."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from cordwainer.domain.calendar import Absence
from cordwainer.domain.errors import NotFound
from cordwainer.services.recording import new_id, utcnow
from cordwainer.storage.database import Database
from cordwainer.storage.plan_store import PlanStore


def record_absence(
    db: Database, badge: str, starts_at: datetime, ends_at: datetime, reason: str
) -> UUID:
    """``badge`` is away from ``starts_at`` to ``ends_at``; replan for it to count."""
    absence = Absence(badge, starts_at, ends_at, reason.strip()[:120])
    absence_id = new_id()
    with db.unit_of_work() as uow:
        if uow.catalogue.operator_by_badge(badge) is None:
            raise NotFound(f"No one has badge {badge}.", code="operator_not_found", badge=badge)
        PlanStore(uow.connection).add_absence(absence_id, absence, utcnow())
        uow.commit()
    return absence_id


def absences(db: Database, *, ending_after: datetime | None = None) -> list[tuple[UUID, Absence]]:
    """Absences not over yet (or over after ``ending_after``), earliest first."""
    with db.looking() as uow:
        return PlanStore(uow.connection).absences(ending_after or utcnow())


def cancel_absence(db: Database, absence_id: UUID) -> None:
    with db.unit_of_work() as uow:
        if not PlanStore(uow.connection).remove_absence(absence_id):
            raise NotFound("There is no such absence.", code="absence_not_found")
        uow.commit()
