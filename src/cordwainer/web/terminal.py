"""The station terminal's screen: what a bench sees after a scan, and what its buttons send.

A bench does one operation. After a rack is scanned the screen shows the step, its
check and standard minutes, the rack's pairs and where each stands, and a button for
each thing the bench records, the one to do next the largest. Each button is a form with
its own event id, made when the page is drawn, so that a resubmitted form is recorded
once. At clicking, Finish carries the lots the cutting plan proposes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from cordwainer.domain.catalogue import Operation, OperationKind
from cordwainer.domain.errors import CordwainerError, InvalidValue, NotFound
from cordwainer.services import floor, materials, racks
from cordwainer.services.recording import Receipt, new_id
from cordwainer.storage.dashboard_queries import StationRow
from cordwainer.storage.database import Database

START, FINISH, PASS, METAL_SCAN, BOX = "start", "finish", "pass", "metal-scan", "box"
LABELS = {
    START: "Start",
    FINISH: "Finish",
    PASS: "Done — all pass",
    METAL_SCAN: "Metal scan — all clear",
    BOX: "Box",
}
ACTIONS_OF_KIND = {
    OperationKind.CRAFT: (START, FINISH, PASS),
    OperationKind.METAL_DETECTION: (METAL_SCAN,),
    OperationKind.BOXING: (BOX,),
}
# What the flash line says was done to the rack; {operation} is the step's name.
DONE = {
    START: "started at {operation}",
    FINISH: "finished at {operation}",
    PASS: "passed the check at {operation}",
    METAL_SCAN: "cleared by the metal detector",
    BOX: "boxed",
}
STAGES = {"waiting": "waiting", "in_work": "in work", "awaiting_inspection": "awaiting check"}


@dataclass(frozen=True, slots=True)
class Button:
    action: str
    label: str
    event_id: UUID
    is_next: bool


@dataclass(frozen=True, slots=True)
class ActionForm:
    """What a button's form sends, as typed into it."""

    event_id: str
    rack: str
    badge: str
    lots: Sequence[str] = ()


@dataclass(frozen=True, slots=True)
class Screen:
    """Everything the station page shows."""

    bench: StationRow
    badge: str
    rack: str | None
    view: racks.RackView | None
    operation: Operation | None
    pairs_here: int
    whereabouts: str | None
    buttons: tuple[Button, ...]
    cutting_plan: tuple[tuple[str, float], ...]
    plan_error: CordwainerError | None
    operation_names: dict[str, str]


def screen(db: Database, bench: StationRow, badge: str, view: racks.RackView | None) -> Screen:
    """The station page for ``view``, the rack scanned last (None before any scan)."""
    operation = _operation(view, bench.operation)
    pairs_here = _pairs_here(view, operation)
    upcoming = next_action(view, operation)
    plan: tuple[tuple[str, float], ...] = ()
    plan_error: CordwainerError | None = None
    if view is not None and bench.consumes_materials and upcoming == FINISH:
        try:
            plan = tuple(materials.cutting_plan(db, view.colourway_code, pairs_here))
        except CordwainerError as error:
            plan_error = error
    kind = OperationKind(bench.kind)
    buttons = tuple(
        Button(action, LABELS[action], new_id(), action == upcoming)
        for action in ACTIONS_OF_KIND[kind]
    )
    return Screen(
        bench=bench,
        badge=badge,
        rack=view.code if view else None,
        view=view,
        operation=operation,
        pairs_here=pairs_here,
        whereabouts=whereabouts(view, operation) if pairs_here == 0 else None,
        buttons=buttons,
        cutting_plan=plan,
        plan_error=plan_error,
        operation_names={op.code: op.name for op in view.routing} if view else {},
    )


def next_action(view: racks.RackView | None, operation: Operation | None) -> str | None:
    """What the bench does next to the rack: bring waiting pairs in, finish, then check."""
    if view is None or operation is None:
        return None
    step = [op.code for op in view.routing].index(operation.code)
    stages = {pair.stage for pair in view.active_pairs if pair.step == step}
    if not stages:
        return None
    if operation.kind is OperationKind.METAL_DETECTION:
        return METAL_SCAN
    if operation.kind is OperationKind.BOXING:
        return BOX
    for stage, action in (("waiting", START), ("in_work", FINISH), ("awaiting_inspection", PASS)):
        if stage in stages:
            return action
    return None


def whereabouts(view: racks.RackView | None, operation: Operation | None) -> str | None:
    """Where the rack stands when none of its pairs is at this bench's step."""
    if view is None or operation is None:
        return None
    active = view.active_pairs
    if not active:
        return "No pair on this rack is still in production. Scan the next rack."
    codes = [op.code for op in view.routing]
    earliest = min(pair.step for pair in active)
    name = view.routing[earliest].name.lower()
    if earliest < codes.index(operation.code):
        return f"This rack is at {name}; it comes here once {name} is done."
    return f"This rack has moved on to {name}. Scan the next rack."


def flash(done: str, rack: str, pairs: str, bench: StationRow) -> str | None:
    """The line that says what the last tap recorded: ``Rack R000001 started at closing``."""
    if done not in DONE or not rack:
        return None
    said = DONE[done].format(operation=bench.operation_name.lower())
    counted = f": {pairs} pair{'' if pairs == '1' else 's'}" if pairs.isdigit() else ""
    return f"Rack {rack} {said}{counted}."


def perform(db: Database, bench: StationRow, action: str, form: ActionForm) -> Receipt:
    """Record what the button says, at this bench, for the whole rack."""
    if action not in LABELS:
        raise NotFound(
            f"A station cannot '{action}'; use the buttons on its page.",
            code="station_action_not_found",
            action=action,
        )
    where = (_event_id(form.event_id), bench.station, _badge(form), _rack(form))
    if action == START:
        return floor.start_operation(db, floor.StepCommand(*where))
    if action == FINISH:
        lots = tuple(_lot_use(text) for text in form.lots)
        return floor.finish_operation(db, floor.FinishCommand(*where, lots=lots))
    if action == PASS:
        return floor.inspect_pairs(db, floor.InspectCommand(*where))
    if action == METAL_SCAN:
        return floor.scan_for_metal(db, floor.MetalScanCommand(*where))
    return floor.box_pairs(db, floor.StepCommand(*where))


def lot_field(lot: str, quantity: float) -> str:
    """How a proposed lot travels in the Finish form: ``L-2611-0002=114``."""
    return f"{lot}={quantity:g}"


def stage_words(stage: str) -> str:
    return STAGES.get(stage, stage.replace("_", " "))


def _operation(view: racks.RackView | None, code: str) -> Operation | None:
    if view is None:
        return None
    return next((op for op in view.routing if op.code == code), None)


def _pairs_here(view: racks.RackView | None, operation: Operation | None) -> int:
    if view is None or operation is None:
        return 0
    step = [op.code for op in view.routing].index(operation.code)
    return sum(1 for pair in view.active_pairs if pair.step == step)


def _event_id(text: str) -> UUID:
    try:
        return UUID(text.strip())
    except ValueError:
        raise InvalidValue(
            "This form has no valid event id. Reload the page and tap again.",
            code="invalid_event_id",
        ) from None


def _badge(form: ActionForm) -> str:
    badge = form.badge.strip()
    if not badge:
        raise InvalidValue("Scan or type your badge first, then tap again.", code="badge_required")
    return badge


def _rack(form: ActionForm) -> str:
    rack = form.rack.strip()
    if not rack:
        raise InvalidValue("Scan a rack ticket first, then tap again.", code="rack_required")
    return rack


def _lot_use(text: str) -> tuple[str, float]:
    lot, _, quantity = text.rpartition("=")
    try:
        drawn = float(quantity)
    except ValueError:
        drawn = 0.0
    if not lot or drawn <= 0:
        raise InvalidValue(
            f"'{text}' is not a lot and a quantity such as L-2611-0002=114. "
            "Reload the page and tap again.",
            code="invalid_lot_use",
            lot_use=text,
        )
    return lot.strip(), drawn
