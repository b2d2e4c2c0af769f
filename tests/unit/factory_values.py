"""The demo factory in Flimby as plain domain values, for the pure rules' tests.

No database, no clock, no random: every time is a fixed UTC instant on one working day,
every id is ``uuid.UUID(int=n)``. Pair ids are 1-999, operator ids their badge number,
event ids from 100001 up, so a failing assertion shows which is which.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from uuid import UUID

from cordwainer.domain.catalogue import Operation, OperationKind, Routing
from cordwainer.domain.floor import (
    Batch,
    Operator,
    Pair,
    PairStatus,
    Stage,
    Station,
    Work,
)
from cordwainer.domain.materials import MaterialLot
from cordwainer.domain.quality import DefectCode, Severity

# The routing: ten operations in the order a pair travels.


def _craft(
    code: str,
    name: str,
    minutes: float,
    check: str,
    role: str,
    *,
    uses_tacks_or_needles: bool = False,
    consumes_materials: bool = False,
) -> Operation:
    return Operation(
        code,
        name,
        OperationKind.CRAFT,
        minutes,
        uses_tacks_or_needles,
        consumes_materials,
        check,
        role,
    )


CLICKING = _craft(
    "clicking", "Clicking", 9, "Grain, flaws, shade", "clicker", consumes_materials=True
)
PREPARATION = _craft("preparation", "Preparation", 6, "Skive thickness, stamps", "preparer")
CLOSING = _craft(
    "closing",
    "Closing",
    22,
    "Stitch length, straight stitch lines",
    "closer",
    uses_tacks_or_needles=True,
)
LASTING = _craft("lasting", "Lasting", 11, "Shape, wrinkles", "laster", uses_tacks_or_needles=True)
SOLE_PREPARATION = _craft("sole_preparation", "Sole preparation", 5, "Cement", "sole preparer")
SOLE_ATTACHING = _craft("sole_attaching", "Sole attaching", 8, "Bond, alignment", "sole attacher")
FINISHING = _craft("finishing", "Finishing", 7, "Finish, left/right match", "finisher")
FINAL_INSPECTION = _craft("final_inspection", "Final inspection", 3, "The whole pair", "inspector")
METAL_DETECTION = Operation(
    "metal_detection",
    "Metal detection",
    OperationKind.METAL_DETECTION,
    0.5,
    False,
    False,
    "No tack or needle left in the pair",
    "detector operator",
)
BOXING = Operation(
    "boxing",
    "Boxing",
    OperationKind.BOXING,
    2,
    False,
    False,
    "Box label matches the pair: style, size, width, GTIN, serial",
    "packer",
)

OPERATIONS = (
    CLICKING,
    PREPARATION,
    CLOSING,
    LASTING,
    SOLE_PREPARATION,
    SOLE_ATTACHING,
    FINISHING,
    FINAL_INSPECTION,
    METAL_DETECTION,
    BOXING,
)
ROUTING = Routing(OPERATIONS)
OPERATION = {operation.code: operation for operation in OPERATIONS}
CRAFT_OPERATIONS = tuple(op for op in OPERATIONS if op.kind is OperationKind.CRAFT)

# The benches: the first station of each workcentre.

_WORKCENTRES = {
    "clicking": "CLK",
    "preparation": "PRP",
    "closing": "CLS",
    "lasting": "LST",
    "sole_preparation": "SPR",
    "sole_attaching": "SAT",
    "finishing": "FIN",
    "final_inspection": "INS",
    "metal_detection": "MD",
    "boxing": "BOX",
}
STATION = {
    operation: Station(f"{workcentre}-01", workcentre, operation)
    for operation, workcentre in _WORKCENTRES.items()
}

# The people, from the demo factory's roll.


def _operator(badge: str, name: str, **skills: int) -> Operator:
    return Operator(UUID(int=int(badge[1:])), badge, name, skills)


ANDY = _operator("B1001", "Andrew Armstrong", clicking=3, preparation=2)
MAGGIE = _operator("B1007", "Margaret Hodgson", preparation=3)
CHRIS = _operator("B1011", "Christine Graham", closing=3, final_inspection=2)
KAREN = _operator("B1012", "Karen Routledge", closing=3)
AMY = _operator("B1015", "Amy Storey", closing=2)
ELLIE = _operator("B1023", "Ellie Birkett", closing=1)  # a trainee closer
DAVIE = _operator("B1025", "David Jackson", lasting=3, sole_attaching=2)
CALLUM = _operator("B1031", "Callum Steel", lasting=1)  # a trainee laster
IAN = _operator("B1032", "Ian Musgrave", sole_preparation=3, sole_attaching=2)
NEIL = _operator("B1035", "Neil Atkinson", sole_attaching=3)
HELEN = _operator("B1040", "Helen Walker", finishing=3, final_inspection=2)
ANNE = _operator("B1045", "Anne Crosthwaite", final_inspection=3, finishing=2)
GAVIN = _operator("B1047", "Gavin Ritson", metal_detection=3, boxing=3)
NEWCOMER = _operator("B1099", "Jordan Pearson", final_inspection=1)  # first week on the floor

# Who works (and inspects) each step by default: everyone qualified at level 2 or more.
MAKER = {
    "clicking": ANDY,
    "preparation": MAGGIE,
    "closing": KAREN,
    "lasting": DAVIE,
    "sole_preparation": IAN,
    "sole_attaching": NEIL,
    "finishing": HELEN,
    "final_inspection": ANNE,
    "metal_detection": GAVIN,
    "boxing": GAVIN,
}

# The defect catalogue, a few codes from each room.

DEFECTS = {
    defect.code: defect
    for defect in (
        DefectCode("CLK-FLAW", "clicking", "Hide flaw inside a visible panel", Severity.MAJOR),
        DefectCode("CLS-SKIP", "closing", "Skipped or loose stitches", Severity.MAJOR),
        DefectCode("CLS-NEEDLE", "closing", "Broken needle not recovered", Severity.CRITICAL),
        DefectCode("LST-WRINKLE", "lasting", "Wrinkles at the toe", Severity.MINOR),
        DefectCode("LST-SHAPE", "lasting", "Toe shape asymmetric", Severity.MAJOR),
        DefectCode("SAT-BOND", "sole_attaching", "Open bond", Severity.MAJOR),
        DefectCode("INS-COSMETIC", "final_inspection", "Cosmetic blemish", Severity.MINOR),
        DefectCode("MD-METAL", "metal_detection", "Metal fragment detected", Severity.CRITICAL),
    )
}

# The 991v2 in lush green (U991GN2): GTINs of four sizes in width D.

GTIN_8_D = "05012345000015"
GTIN_8_5_D = "05012345000022"
GTIN_9_D = "05012345000039"
GTIN_9_5_D = "05012345000046"
GREEN_991_GTINS = {GTIN_8_D, GTIN_8_5_D, GTIN_9_D, GTIN_9_5_D}
GREEN_991_BILL = {
    "LTH-SUEDE-GREEN",
    "TEX-MESH-CREAM",
    "LIN-CALF-NATURAL",
    "FOAM-MID-ENCAP",
    "RUB-OUT-RUNNER",
    "LACE-FLAT-CREAM",
    "THR-POLY-40",
    "PKG-BOX-STD",
}

GREEN_SUEDE = MaterialLot("L-2610-0004", "LTH-SUEDE-GREEN", 8000)
CREAM_MESH = MaterialLot("L-2610-0013", "TEX-MESH-CREAM", 4000)
CALF_LINING = MaterialLot("L-2610-0011", "LIN-CALF-NATURAL", 30000)
GREY_SUEDE = MaterialLot("L-2610-0001", "LTH-SUEDE-GREY", 12500)  # the 1500's, not the 991's

# Time and ids.

MONDAY_MORNING = datetime(2026, 11, 2, 7, 30, tzinfo=UTC)
RACK = "R000001"


def at(minutes: float) -> datetime:
    """A moment on the demo's working day, minutes after the 07:30 start."""
    return MONDAY_MORNING + timedelta(minutes=minutes)


def event_id(n: int) -> UUID:
    return UUID(int=100_000 + n)


def pair_id(n: int) -> UUID:
    return UUID(int=n)


# Racks, batches and work.


def rack(
    code: str = RACK,
    *,
    count: int = 12,
    first: int = 1,
    at_operation: str = "clicking",
    stage: Stage = Stage.WAITING,
    metal_cleared: bool = False,
) -> tuple[Pair, ...]:
    """A rack of pairs with serials 000000001..., all standing at one step and stage."""
    gtins = sorted(GREEN_991_GTINS)
    return tuple(
        Pair(
            id=pair_id(n),
            gtin=gtins[(n - 1) % len(gtins)],
            serial=f"{n:09d}",
            rack_code=code,
            step=ROUTING.step_of(at_operation),
            stage=stage,
            status=PairStatus.IN_PRODUCTION,
            metal_cleared=metal_cleared,
        )
        for n in range(first, first + count)
    )


def moved(pair: Pair, operation: str, stage: Stage = Stage.WAITING) -> Pair:
    """The pair standing at another step and stage."""
    return replace(pair, step=ROUTING.step_of(operation), stage=stage)


def whole_rack(pairs: Iterable[Pair], code: str = RACK) -> Batch:
    return Batch(tuple(pairs), True, f"Rack {code}", code)


def named(*pairs: Pair) -> Batch:
    label = f"Pair {pairs[0].serial}" if len(pairs) == 1 else f"{len(pairs)} pairs"
    return Batch(pairs, False, label, None)


def work(
    operation: str,
    *,
    operator: Operator | None = None,
    station: Station | None = None,
    event: int = 1,
    minutes: float = 0,
    routing: Routing = ROUTING,
) -> Work:
    """Someone doing an operation at a bench: by default its first station and its maker."""
    return Work(
        event_id=event_id(event),
        event_time=at(minutes),
        routing=routing,
        operation=routing.at(routing.step_of(operation)),
        station=station or STATION[operation],
        operator=operator or MAKER[operation],
    )


def by_id(pairs: Iterable[Pair]) -> dict[UUID, Pair]:
    return {pair.id: pair for pair in pairs}
