"""What a tap at the station terminal records, and the page to show after it.

A tap arrives as a form (without the page's script) or as JSON (with it: the script
keeps each action in the browser until the server has it). Both become an
``ActionForm`` and are recorded by ``perform`` through ``services.floor``, always as the
person badged in at the bench. ``after`` is the page that says what was recorded.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from uuid import UUID

from cordwainer.domain.errors import InvalidValue, NotFound
from cordwainer.services import floor
from cordwainer.services.recording import Receipt
from cordwainer.storage.dashboard_queries import StationRow
from cordwainer.storage.database import Database
from cordwainer.web import urls

START, FINISH, SIGN_OFF, PASS = "start", "finish", "sign-off", "pass"
INSPECT, METAL_SCAN, CLEAR, BOX = "inspect", "metal-scan", "clear", "box"
FINDINGS = ("pass", "rework", "scrap")


@dataclass(frozen=True, slots=True)
class ActionForm:
    """What a button sends: the rack, or one pair by its serial, and what was found."""

    event_id: str
    rack: str = ""
    serial: str = ""
    result: str = ""  # an inspection of one pair: pass, rework or scrap
    defect_code: str = ""  # the finding's defect, or a metal alarm's reason
    rework_to: str = ""  # the step a reworked pair goes back to
    note: str = ""  # what the supervisor found when clearing a quarantined pair
    lots: Sequence[str] = ()  # clicking's lots, as L-2611-0002=114

    @property
    def rack_code(self) -> str | None:
        return self.rack.strip().upper() or None

    @property
    def serials(self) -> tuple[str, ...]:
        return (self.serial.strip(),) if self.serial.strip() else ()


def perform(db: Database, bench: StationRow, badge: str, action: str, form: ActionForm) -> Receipt:
    """Record what the button says, at this bench, as ``badge``."""
    if action not in _RECORD:
        raise NotFound(
            f"A station cannot '{action}'; use the buttons on its page.",
            code="station_action_not_found",
            action=action,
        )
    if form.rack_code is None and not form.serials:
        raise InvalidValue(
            "Scan a rack ticket or a pair first, then tap again.", code="rack_required"
        )
    step = floor.StepCommand(
        _event_id(form.event_id), bench.station, badge, form.rack_code, form.serials
    )
    return _RECORD[action](db, step, form)


def _start(db: Database, step: floor.StepCommand, _form: ActionForm) -> Receipt:
    return floor.start_operation(db, step)


def _finish(db: Database, step: floor.StepCommand, form: ActionForm) -> Receipt:
    lots = tuple(_lot_use(text) for text in form.lots)
    return floor.finish_operation(db, floor.FinishCommand(*_at(step), lots=lots))


def _sign_off(db: Database, step: floor.StepCommand, _form: ActionForm) -> Receipt:
    return floor.sign_off_work(db, floor.SignOffCommand(*_at(step)))


def _inspect(db: Database, step: floor.StepCommand, form: ActionForm) -> Receipt:
    command = floor.InspectCommand(*_at(step), findings=_findings(form))
    return floor.inspect_pairs(db, command)


def _scan(db: Database, step: floor.StepCommand, form: ActionForm) -> Receipt:
    reason = form.defect_code.strip()
    alarms = tuple((serial, reason) for serial in form.serials) if reason else ()
    return floor.scan_for_metal(db, floor.MetalScanCommand(*_at(step), alarms=alarms))


def _clear(db: Database, step: floor.StepCommand, form: ActionForm) -> Receipt:
    command = floor.ClearQuarantineCommand(*_at(step), note=form.note)
    return floor.clear_quarantine(db, command)


def _box(db: Database, step: floor.StepCommand, _form: ActionForm) -> Receipt:
    return floor.box_pairs(db, step)


def _at(step: floor.StepCommand) -> tuple[UUID, str, str, str | None, tuple[str, ...]]:
    return (step.event_id, step.station, step.operator, step.rack, step.serials)


_RECORD: dict[str, Callable[[Database, floor.StepCommand, ActionForm], Receipt]] = {
    START: _start,
    FINISH: _finish,
    SIGN_OFF: _sign_off,
    PASS: _inspect,
    INSPECT: _inspect,
    METAL_SCAN: _scan,
    CLEAR: _clear,
    BOX: _box,
}


def after(bench: StationRow, action: str, form: ActionForm, receipt: Receipt) -> str:
    """The bench's page after the tap: the rack again, saying what was recorded."""
    rack = receipt.rack or form.rack_code
    if not form.serials:
        return urls.station(bench.station, rack=rack, done=action, pairs=len(receipt.pairs))
    mark = receipt.pairs[0]
    done = action
    if action == INSPECT and mark.result in ("rework", "scrap"):
        done = mark.result
    elif action == METAL_SCAN and mark.result == "fail":
        done = "alarm"
    return urls.station(
        bench.station,
        rack=rack,
        done=done,
        serial=mark.serial,
        to=mark.rework_to,
        defect=mark.defect_code,
    )


def _findings(form: ActionForm) -> tuple[floor.FindingInput, ...]:
    result = form.result.strip().lower()
    if not form.serials or result in ("", "pass"):
        return ()
    if result not in FINDINGS:
        raise InvalidValue(
            f"'{form.result}' is not a result; choose pass, rework or scrap.",
            code="invalid_result",
        )
    return (
        floor.FindingInput(
            form.serials[0],
            result,
            form.defect_code.strip() or None,
            (form.rework_to.strip() or None) if result == "rework" else None,
        ),
    )


def _event_id(text: str) -> UUID:
    try:
        return UUID(text.strip())
    except ValueError:
        raise InvalidValue(
            "This form has no valid event id. Reload the page and tap again.",
            code="invalid_event_id",
        ) from None


def lot_field(lot: str, quantity: float) -> str:
    """How a proposed lot travels in the Finish form: ``L-2611-0002=114``."""
    return f"{lot}={quantity:g}"


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
