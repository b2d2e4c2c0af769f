"""The station terminal's screen: what a bench shows after a scan, and its buttons.

A bench does one operation. The person badged in, the rack scanned last (its step, the
check, standard minutes and pairs) and one big button for the next thing: Start, then
Finish, then (for a trainee's work) Sign off, then "Done — all pass"; "All clear" at the
metal detector; "Box all" at boxing. A pair scanned on its own shows the exceptions:
rework or scrap with a defect code and a photo, a metal alarm, a supervisor's clearance.

Each button names the action that usually follows it (``then``), so that the page's
script can offer the next button while the server cannot be reached.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cordwainer.domain.catalogue import Operation, OperationKind
from cordwainer.domain.errors import CordwainerError
from cordwainer.domain.floor import EXPERT, QUALIFIED, TRAINEE, Operator
from cordwainer.domain.quality import INSPECTOR_SKILL, is_supervisor
from cordwainer.services import defects, materials, racks, stations
from cordwainer.storage.dashboard_queries import StationRow
from cordwainer.storage.database import Database
from cordwainer.web.terminal_actions import (
    BOX,
    CLEAR,
    FINISH,
    INSPECT,
    METAL_SCAN,
    PASS,
    SIGN_OFF,
    START,
    lot_field,
)

LABELS = {
    START: "Start",
    FINISH: "Finish",
    SIGN_OFF: "Sign off",
    PASS: "Done — all pass",
    METAL_SCAN: "All clear",
    BOX: "Box all",
}
PAIR_LABELS = LABELS | {PASS: "Pass", BOX: "Box"}
STAGES = {
    "waiting": "waiting",
    "in_work": "in work",
    "awaiting_sign_off": "awaiting sign-off",
    "awaiting_inspection": "awaiting check",
}
LEVELS = {TRAINEE: ("○", "trainee"), QUALIFIED: ("✓", "qualified"), EXPERT: ("★", "expert")}
# The stages of a craft step in the order the work goes, and the action each waits for.
_CRAFT_ORDER = (
    ("waiting", START),
    ("in_work", FINISH),
    ("awaiting_sign_off", SIGN_OFF),
    ("awaiting_inspection", PASS),
)

__all__ = ["lot_field"]


@dataclass(frozen=True, slots=True)
class Who:
    """The person badged in, and what they may do at this bench."""

    badge: str
    name: str
    level: int  # in the bench's operation
    inspects: int  # in final inspection
    is_supervisor: bool

    @property
    def is_trainee(self) -> bool:
        return self.level == TRAINEE


@dataclass(frozen=True, slots=True)
class Button:
    action: str
    label: str
    is_next: bool
    then: str | None = None  # what usually follows it, offered while offline


@dataclass(frozen=True, slots=True)
class PairScreen:
    """A pair on its own, with what this bench may record for it."""

    view: stations.PairView
    buttons: tuple[Button, ...]
    can_inspect: bool  # rework or scrap it
    can_alarm: bool  # a metal alarm
    can_clear: bool  # out of quarantine
    whereabouts: str | None


@dataclass(frozen=True, slots=True)
class Screen:
    """Everything the station page shows."""

    bench: StationRow
    who: Who | None
    pin_for: Operator | None = None
    view: racks.RackView | None = None
    operation: Operation | None = None
    pairs_here: int = 0
    whereabouts: str | None = None
    buttons: tuple[Button, ...] = ()
    cutting_plan: tuple[tuple[str, float], ...] = ()
    plan_error: CordwainerError | None = None
    pair: PairScreen | None = None
    defect_choices: tuple[defects.OperationDefects, ...] = ()
    rework_steps: tuple[Operation, ...] = ()
    operation_names: dict[str, str] = field(default_factory=dict)

    @property
    def rack(self) -> str | None:
        return self.view.code if self.view else None

    @property
    def has_next(self) -> bool:
        return any(button.is_next for button in self.buttons) or bool(
            self.pair and any(button.is_next for button in self.pair.buttons)
        )


def who_of(operator: Operator | None, bench: StationRow) -> Who | None:
    if operator is None:
        return None
    return Who(
        operator.badge,
        operator.name,
        operator.level_in(bench.operation),
        operator.level_in(INSPECTOR_SKILL),
        is_supervisor(operator),
    )


def screen(
    db: Database,
    bench: StationRow,
    who: Who | None,
    view: racks.RackView | None,
    *,
    pair: stations.PairView | None = None,
    pin_for: Operator | None = None,
) -> Screen:
    """The station page for ``view``, the rack scanned last, or ``pair``, a pair scanned."""
    operation = _operation(view, bench.operation)
    pairs_here = _pairs_here(view, operation)
    upcoming = next_action(view, operation)
    buttons = _chain(OperationKind(bench.kind), who, upcoming, PAIRS_ON_RACK)
    plan, plan_error = _plan(db, bench, view.colourway_code if view else None, upcoming, pairs_here)
    shown = _pair_screen(bench, who, pair) if pair else None
    if shown is not None:
        finishing = next((b.action for b in shown.buttons if b.is_next), None)
        plan, plan_error = _plan(
            db, bench, pair.pair.colourway_code if pair else None, finishing, 1
        )
    routing = view.routing if view else ()
    return Screen(
        bench=bench,
        who=who,
        pin_for=pin_for,
        view=view,
        operation=operation,
        pairs_here=pairs_here,
        whereabouts=whereabouts(view, operation) if view and pairs_here == 0 else None,
        buttons=buttons,
        cutting_plan=plan,
        plan_error=plan_error,
        pair=shown,
        defect_choices=defects.choices(db, routing, bench.operation) if operation else (),
        rework_steps=_rework_steps(routing, operation),
        operation_names={op.code: op.name for op in routing},
    )


def next_action(view: racks.RackView | None, operation: Operation | None) -> str | None:
    """What the bench does next to the rack: bring waiting pairs in, finish, then check."""
    if view is None or operation is None:
        return None
    step = [op.code for op in view.routing].index(operation.code)
    stages = {pair.stage for pair in view.active_pairs if pair.step == step}
    return _next_for(operation, stages)


def _next_for(operation: Operation, stages: set[str]) -> str | None:
    if not stages:
        return None
    if operation.kind is OperationKind.METAL_DETECTION:
        return METAL_SCAN
    if operation.kind is OperationKind.BOXING:
        return BOX
    return next((action for stage, action in _CRAFT_ORDER if stage in stages), None)


PAIRS_ON_RACK, ONE_PAIR = LABELS, PAIR_LABELS


def _chain(
    kind: OperationKind, who: Who | None, upcoming: str | None, labels: dict[str, str]
) -> tuple[Button, ...]:
    """The buttons of a bench, in the order the work goes, each naming what follows it."""
    if kind is OperationKind.METAL_DETECTION:
        return (Button(METAL_SCAN, labels[METAL_SCAN], True),) if upcoming else ()
    if kind is OperationKind.BOXING:
        return (Button(BOX, labels[BOX], True),) if upcoming else ()
    if upcoming is None:
        return ()
    trainee = who is not None and who.is_trainee
    order = [START, FINISH, *([SIGN_OFF] if trainee or upcoming == SIGN_OFF else []), PASS]
    order = order[order.index(upcoming) :]  # what is done already is not offered again
    follows = dict(zip(order, [*order[1:], None], strict=True))
    return tuple(
        Button(action, labels[action], action == upcoming, follows[action]) for action in order
    )


def _pair_screen(bench: StationRow, who: Who | None, view: stations.PairView) -> PairScreen:
    kind = OperationKind(bench.kind)
    facts = view.pair
    here = facts.status == "in_production" and view.operation.code == bench.operation
    upcoming = _next_for(view.operation, {facts.stage}) if here else None
    buttons = _chain(kind, who, upcoming, ONE_PAIR)
    held = facts.status == "quarantined" and kind is OperationKind.METAL_DETECTION
    return PairScreen(
        view=view,
        buttons=buttons,
        can_inspect=upcoming == PASS,
        can_alarm=upcoming == METAL_SCAN,
        can_clear=held,
        whereabouts=None if upcoming or held else pair_whereabouts(view),
    )


def pair_whereabouts(view: stations.PairView) -> str:
    facts = view.pair
    if facts.status != "in_production":
        return f"Pair {facts.serial} is {facts.status}; it takes no more work here."
    stage = stage_words(facts.stage)
    return f"Pair {facts.serial} is at {view.operation.name.lower()}, {stage}."


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


def stage_words(stage: str) -> str:
    return STAGES.get(stage, stage.replace("_", " "))


def level_words(level: int) -> tuple[str, str]:
    """The icon and the word of a skill level: ``("★", "expert")``; none below trainee."""
    return LEVELS.get(level, ("", "—"))


def _plan(
    db: Database, bench: StationRow, colourway: str | None, upcoming: str | None, pairs: int
) -> tuple[tuple[tuple[str, float], ...], CordwainerError | None]:
    """The lots clicking cuts from, proposed when Finish is next."""
    if colourway is None or not bench.consumes_materials or upcoming != FINISH:
        return (), None
    try:
        return tuple(materials.cutting_plan(db, colourway, pairs)), None
    except CordwainerError as error:
        return (), error


def _operation(view: racks.RackView | None, code: str) -> Operation | None:
    if view is None:
        return None
    return next((op for op in view.routing if op.code == code), None)


def _pairs_here(view: racks.RackView | None, operation: Operation | None) -> int:
    if view is None or operation is None:
        return 0
    step = [op.code for op in view.routing].index(operation.code)
    return sum(1 for pair in view.active_pairs if pair.step == step)


def _rework_steps(
    routing: tuple[Operation, ...], operation: Operation | None
) -> tuple[Operation, ...]:
    """The steps a pair inspected here may go back to: this one first, then earlier ones."""
    if operation is None or operation.kind is not OperationKind.CRAFT:
        return ()
    upto = routing[: routing.index(operation) + 1]
    return tuple(op for op in reversed(upto) if op.kind is OperationKind.CRAFT)


# What the flash line says was recorded; {operation} is the bench's operation.
DONE = {
    START: "started at {operation}",
    FINISH: "finished at {operation}",
    SIGN_OFF: "signed off at {operation}; it may now be checked",
    PASS: "passed the check at {operation}",
    INSPECT: "checked at {operation}",
    METAL_SCAN: "cleared by the metal detector",
    BOX: "boxed",
}


@dataclass(frozen=True, slots=True)
class Flash:
    """What the last tap recorded: pass (✓, green), rework (↩, amber), stop (✗, red)."""

    tone: str
    sign: str
    text: str


@dataclass(frozen=True, slots=True)
class Done:
    """What the page was told was done, from its query: ``?done=start&pairs=12``."""

    action: str = ""
    rack: str = ""
    pairs: str = ""
    serial: str = ""
    to: str = ""
    defect: str = ""


def flash(done: Done, bench: StationRow, names: dict[str, str]) -> Flash | None:
    """The line that says what the last tap recorded: ``Rack R000001 started at closing``."""
    operation = bench.operation_name.lower()
    if done.serial:
        return _pair_flash(done, operation, names)
    if done.action not in DONE or not done.rack:
        return None
    said = DONE[done.action].format(operation=operation)
    counted = (
        f": {done.pairs} pair{'' if done.pairs == '1' else 's'}" if done.pairs.isdigit() else ""
    )
    return Flash("pass", "✓", f"Rack {done.rack} {said}{counted}.")


def _pair_flash(done: Done, operation: str, names: dict[str, str]) -> Flash | None:
    pair, why = f"Pair {done.serial}", f" ({done.defect})" if done.defect else ""
    if done.action == "rework":
        back = names.get(done.to, done.to.replace("_", " ")).lower() or operation
        return Flash("rework", "↩", f"{pair} goes back to {back} for rework{why}.")
    if done.action == "scrap":
        return Flash("stop", "✗", f"{pair} is scrapped{why}.")
    if done.action == "alarm":
        return Flash(
            "stop",
            "✗",
            f"{pair} is in quarantine: metal alarm{why}. A supervisor clears it after "
            "re-inspection.",
        )
    if done.action == CLEAR:
        return Flash(
            "pass", "✓", f"{pair} is out of quarantine; scan it through the metal detector again."
        )
    if done.action in DONE:
        return Flash("pass", "✓", f"{pair} {DONE[done.action].format(operation=operation)}.")
    return None
