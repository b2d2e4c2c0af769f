"""What the factory makes and how: operations, routings, styles, colourways, variants."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from cordwainer.domain.errors import InvalidValue, NotFound


class OperationKind(StrEnum):
    """How a routing step is recorded on the floor."""

    CRAFT = "craft"  # started, finished, then inspected by a human eye
    METAL_DETECTION = "metal_detection"  # every pair scanned, pass or fail
    BOXING = "boxing"  # each pair packed into its labelled box


@dataclass(frozen=True, slots=True)
class Operation:
    code: str
    name: str
    kind: OperationKind
    standard_minutes: float
    uses_tacks_or_needles: bool
    consumes_materials: bool
    check: str
    role: str


@dataclass(frozen=True, slots=True)
class Routing:
    """The ordered operations a pair of one style passes through."""

    operations: tuple[Operation, ...]

    def __post_init__(self) -> None:
        if not self.operations:
            raise InvalidValue("A routing needs at least one operation.", code="empty_routing")

    def step_of(self, operation_code: str) -> int:
        for step, operation in enumerate(self.operations):
            if operation.code == operation_code:
                return step
        raise NotFound(
            f"The routing has no operation '{operation_code}'.",
            code="operation_not_found",
            operation=operation_code,
        )

    def at(self, step: int) -> Operation:
        return self.operations[step]

    @property
    def last_step(self) -> int:
        return len(self.operations) - 1

    @property
    def standard_minutes(self) -> float:
        return sum(operation.standard_minutes for operation in self.operations)


@dataclass(frozen=True, slots=True)
class Variant:
    """Style + colourway + size + width: what one GTIN names."""

    gtin: str
    style_code: str
    colourway_code: str
    size: str
    width: str


UK_SIZES = tuple(
    f"{whole}" if half == 0 else f"{whole}.5" for whole in range(3, 15) for half in (0, 5)
)


def is_uk_size(size: str) -> bool:
    return size in UK_SIZES


@dataclass(frozen=True, slots=True)
class Site:
    code: str
    name: str
    company: str
    gln: str
    company_prefix: str
    resolver: str
    address: str
    country: str
    established: int
    story: str


@dataclass(frozen=True, slots=True)
class Style:
    code: str
    name: str
    reference: str
    price_pence: int
    last: str
    launched_on: date
    story: str
    care: str
    end_of_life: str
    discontinued_on: date | None = None


@dataclass(frozen=True, slots=True)
class Colourway:
    code: str
    style_code: str
    name: str
    story: str
    launched_on: date


@dataclass(frozen=True, slots=True)
class BomLine:
    material_code: str
    quantity: float
