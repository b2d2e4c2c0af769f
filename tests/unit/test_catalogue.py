"""What the factory makes and how: the routing and the sizes."""

from __future__ import annotations

import dataclasses
import itertools
from datetime import date

import pytest

from cordwainer.domain.catalogue import (
    UK_SIZES,
    BomLine,
    Colourway,
    Operation,
    OperationKind,
    Routing,
    Style,
    Variant,
    is_uk_size,
)
from cordwainer.domain.errors import InvalidValue, NotFound
from tests.unit.factory_values import (
    BOXING,
    CLICKING,
    CLOSING,
    GTIN_8_D,
    LASTING,
    METAL_DETECTION,
    OPERATIONS,
    ROUTING,
)


def test_the_demo_routing_has_ten_steps_in_the_order_a_pair_travels() -> None:
    assert [op.code for op in ROUTING.operations] == [
        "clicking",
        "preparation",
        "closing",
        "lasting",
        "sole_preparation",
        "sole_attaching",
        "finishing",
        "final_inspection",
        "metal_detection",
        "boxing",
    ]
    assert ROUTING.last_step == 9


def test_a_pair_of_the_demo_routing_takes_about_74_standard_minutes() -> None:
    assert ROUTING.standard_minutes == 73.5


def test_only_clicking_consumes_materials_and_only_closing_and_lasting_leave_metal() -> None:
    assert [op.code for op in OPERATIONS if op.consumes_materials] == ["clicking"]
    assert [op.code for op in OPERATIONS if op.uses_tacks_or_needles] == ["closing", "lasting"]
    assert [op.kind for op in OPERATIONS[-2:]] == [
        OperationKind.METAL_DETECTION,
        OperationKind.BOXING,
    ]


@pytest.mark.parametrize(("step", "operation"), list(enumerate(OPERATIONS)))
def test_each_operation_is_found_at_its_step(step: int, operation: Operation) -> None:
    assert ROUTING.step_of(operation.code) == step
    assert ROUTING.at(step) is operation


def test_the_routing_has_no_operation_the_factory_does_not_do() -> None:
    with pytest.raises(NotFound) as refusal:
        ROUTING.step_of("welting")
    assert refusal.value.code == "operation_not_found"
    assert refusal.value.message == "The routing has no operation 'welting'."
    assert refusal.value.details == {"operation": "welting"}


def test_a_routing_needs_at_least_one_operation() -> None:
    with pytest.raises(InvalidValue) as refusal:
        Routing(())
    assert refusal.value.code == "empty_routing"
    assert refusal.value.message == "A routing needs at least one operation."


def test_a_routing_of_one_operation_starts_and_ends_there() -> None:
    routing = Routing((BOXING,))
    assert routing.last_step == 0
    assert routing.at(routing.step_of("boxing")) is BOXING
    assert routing.standard_minutes == 2


@pytest.mark.parametrize(
    "operations",
    [
        (CLICKING, CLOSING),
        (CLOSING, LASTING, METAL_DETECTION),
        (LASTING, CLOSING, CLICKING, BOXING),
    ],
)
def test_a_routings_minutes_are_the_sum_of_its_operations(
    operations: tuple[Operation, ...],
) -> None:
    routing = Routing(operations)
    assert routing.standard_minutes == sum(op.standard_minutes for op in operations)
    assert routing.last_step == len(operations) - 1
    assert [routing.step_of(op.code) for op in operations] == list(range(len(operations)))


def test_a_routing_is_a_frozen_value() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        ROUTING.operations = ()  # type: ignore[misc]


@pytest.mark.parametrize("size", ["3", "3.5", "4", "7", "8", "8.5", "9.5", "12", "13", "14"])
def test_whole_and_half_uk_sizes_are_sizes(size: str) -> None:
    assert is_uk_size(size)


@pytest.mark.parametrize(
    "size", ["", "0", "2.5", "8.0", "8.25", "8 1/2", "8½", " 8", "8 ", "UK 8", "42", "8D"]
)
def test_anything_else_is_not_a_uk_size(size: str) -> None:
    assert not is_uk_size(size)


def test_uk_sizes_run_in_half_sizes_without_gaps() -> None:
    as_numbers = [float(size) for size in UK_SIZES]
    assert as_numbers == sorted(as_numbers)
    assert {b - a for a, b in itertools.pairwise(as_numbers)} == {0.5}
    assert all(size == f"{n:g}" for size, n in zip(UK_SIZES, as_numbers, strict=True))


def test_a_variant_names_style_colourway_size_and_width() -> None:
    variant = Variant(GTIN_8_D, "991v2", "U991GN2", "8", "D")
    assert is_uk_size(variant.size)
    style = Style(
        "991v2",
        "991v2",
        "U991LV2",
        22000,
        "SL-2",
        date(2024, 9, 5),
        "A Made in UK icon with modern cushioning.",
        "Brush the suede when dry.",
        "Send worn-out pairs back.",
    )
    assert style.discontinued_on is None
    colourway = Colourway("U991GN2", "991v2", "Lush green", "Leaves in summer.", date(2025, 3, 1))
    assert (colourway.style_code, BomLine("LTH-SUEDE-GREEN", 9.5).quantity) == ("991v2", 9.5)
