"""Floor actions: each records one event, exactly once for its event id."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypedDict, TypeVar
from uuid import UUID

from fastapi import APIRouter, status

from cordwainer.api import schemas
from cordwainer.api.deps import Db
from cordwainer.services import floor, materials
from cordwainer.services.recording import Receipt

router = APIRouter(prefix="/api/floor", tags=["floor"])
Route = TypeVar("Route", bound=Callable[..., Any])


def recorded(path: str, operation_id: str) -> Callable[[Route], Route]:
    """A floor action's route: 201 with the receipt, the first time and every repeat."""
    return router.post(
        path, operation_id=operation_id, status_code=status.HTTP_201_CREATED, response_model=Receipt
    )


class _Step(TypedDict):
    event_id: UUID
    station: str
    operator: str
    rack: str | None
    serials: tuple[str, ...]
    operation: str | None
    event_time: datetime | None


def _step(body: schemas.AtStation) -> _Step:
    return {
        "event_id": body.event_id,
        "station": body.station,
        "operator": body.operator,
        "rack": body.rack,
        "serials": tuple(body.serials),
        "operation": body.operation,
        "event_time": body.event_time,
    }


@recorded("/start", "start_operation")
def start(body: schemas.AtStation, db: Db) -> Receipt:
    """Start a step at a bench for a rack (or named pairs)."""
    return floor.start_operation(db, floor.StepCommand(**_step(body)))


@recorded("/finish", "finish_operation")
def finish(body: schemas.Finish, db: Db) -> Receipt:
    """Finish a step; clicking names the material lots the panels were cut from."""
    lots = tuple((drawn.lot, drawn.quantity) for drawn in body.lots)
    return floor.finish_operation(db, floor.FinishCommand(**_step(body), lots=lots))


@recorded("/inspect", "inspect_pairs")
def inspect(body: schemas.Inspect, db: Db) -> Receipt:
    """Inspect what was finished: pairs without a finding pass."""
    findings = tuple(
        floor.FindingInput(f.serial, f.result, f.defect_code, f.rework_to) for f in body.findings
    )
    return floor.inspect_pairs(db, floor.InspectCommand(**_step(body), findings=findings))


@recorded("/metal-scan", "scan_for_metal")
def metal_scan(body: schemas.MetalScan, db: Db) -> Receipt:
    """Every pair through the metal detector; alarms name their pairs."""
    alarms = tuple((alarm.serial, alarm.defect_code) for alarm in body.alarms)
    return floor.scan_for_metal(db, floor.MetalScanCommand(**_step(body), alarms=alarms))


@recorded("/box", "box_pairs")
def box(body: schemas.AtStation, db: Db) -> Receipt:
    """Pack pairs in their boxes: only after a passed metal scan."""
    return floor.box_pairs(db, floor.StepCommand(**_step(body)))


@recorded("/sign-off", "sign_off_work")
def sign_off(body: schemas.AtStation, db: Db) -> Receipt:
    """A qualified hand signs off a trainee's finished work before it is inspected."""
    return floor.sign_off_work(db, floor.SignOffCommand(**_step(body)))


@recorded("/clear-quarantine", "clear_quarantine")
def clear_quarantine(body: schemas.ClearQuarantine, db: Db) -> Receipt:
    """A supervisor clears quarantined pairs after re-inspection; they are scanned again."""
    return floor.clear_quarantine(db, floor.ClearQuarantineCommand(**_step(body), note=body.note))


@recorded("/ship", "ship_pairs")
def ship(body: schemas.Ship, db: Db) -> Receipt:
    """Ship boxed pairs to a customer under one shipment reference."""
    command = floor.ShipCommand(
        body.event_id,
        body.operator,
        body.shipment,
        body.customer,
        body.rack,
        tuple(body.serials),
        body.event_time,
    )
    return floor.ship_pairs(db, command)


@recorded("/receive-lot", "receive_lot")
def receive_lot(body: schemas.ReceiveLot, db: Db) -> Receipt:
    """A material lot arrives from its supplier."""
    command = materials.ReceiveLot(
        body.event_id,
        body.lot,
        body.material,
        body.quantity,
        body.received_on,
        body.supplier_reference,
        body.event_time,
    )
    return materials.receive_material_lot(db, command)
