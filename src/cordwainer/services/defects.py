"""The defect catalogue, managed in the app: what each step's inspection may find.

Codes are added per operation with a severity, and retired when they are no longer
used: a retired code cannot be chosen again, and the events that named it keep it.
Either change moves the catalogue's version on, so every process drops its cached copy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from cordwainer.domain.catalogue import Operation
from cordwainer.domain.errors import Conflict, NotFound
from cordwainer.domain.quality import DefectCode, define_defect_code, retire_defect_code
from cordwainer.services.recording import utcnow
from cordwainer.storage.database import Database


@dataclass(frozen=True, slots=True)
class CatalogueEntry:
    defect: DefectCode
    retired_at: datetime | None


@dataclass(frozen=True, slots=True)
class OperationDefects:
    """One operation's defect codes: current ones first, then the retired."""

    operation: Operation
    entries: tuple[CatalogueEntry, ...]

    @property
    def current(self) -> tuple[DefectCode, ...]:
        return tuple(entry.defect for entry in self.entries if not entry.defect.retired)


@dataclass(frozen=True, slots=True)
class NewDefectCode:
    code: str
    operation: str
    description: str
    severity: str


def catalogue_by_operation(db: Database) -> tuple[OperationDefects, ...]:
    """Every operation in routing order, with its defect codes."""
    with db.looking() as uow:
        operations = uow.catalogue.operations()
        defects = uow.catalogue.defect_codes()
        retired = uow.catalogue.defect_code_retirements()
    return tuple(
        OperationDefects(
            operation,
            tuple(
                CatalogueEntry(defect, retired.get(defect.code))
                for defect in sorted(
                    (d for d in defects.values() if d.operation_code == operation.code),
                    key=lambda d: (d.retired, d.code),
                )
            ),
        )
        for operation in operations
    )


def add_defect_code(db: Database, new: NewDefectCode) -> DefectCode:
    defect = define_defect_code(new.code, new.operation, new.description, new.severity)
    with db.unit_of_work() as uow:
        if defect.operation_code not in {op.code for op in uow.catalogue.operations()}:
            raise NotFound(
                f"There is no operation '{defect.operation_code}'.", code="operation_not_found"
            )
        if defect.code in uow.catalogue.defect_codes():
            raise Conflict(
                f"Defect code {defect.code} already exists; choose another code.",
                code="defect_code_taken",
                defect_code=defect.code,
            )
        uow.catalogue.add_defect_codes([defect])
        uow.commit()
    return defect


def retire(db: Database, code: str) -> DefectCode:
    """Retire a code: inspections no longer offer it; past events keep it."""
    with db.unit_of_work() as uow:
        defect = uow.catalogue.defect_codes().get(code)
        if defect is None:
            raise NotFound(f"There is no defect code '{code}'.", code="defect_code_not_found")
        retired = retire_defect_code(defect)
        uow.catalogue.retire_defect_code(code, utcnow())
        uow.commit()
    return retired


def choices(
    db: Database, routing: Sequence[Operation], operation_code: str
) -> tuple[OperationDefects, ...]:
    """The current codes an inspection at ``operation_code`` may name: its own first, then
    those of the steps before it, nearest first."""
    codes = [operation.code for operation in routing]
    if operation_code not in codes:
        return ()
    before = list(routing[: codes.index(operation_code) + 1])
    by_operation = {group.operation.code: group for group in catalogue_by_operation(db)}
    groups = (by_operation.get(operation.code) for operation in reversed(before))
    return tuple(
        OperationDefects(group.operation, tuple(e for e in group.entries if not e.defect.retired))
        for group in groups
        if group is not None and group.current
    )
