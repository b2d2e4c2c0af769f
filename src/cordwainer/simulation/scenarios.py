"""What-if scenario files: variants of the factory, each run from the same seed.

A scenario names the days to simulate and the variants to compare; each variant may hire
people (with their skills and shift), add benches (as a new workcentre for an operation)
and change the twin's figures (``FloorParameters``). docs/whatif.md describes the format;
``scenarios/example.yaml`` is a worked example.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from cordwainer.domain.errors import InvalidValue
from cordwainer.simulation.parameters import Breakdowns, FloorParameters

EXAMPLE = Path(__file__).with_name("scenarios") / "example.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class HireData(_Strict):
    badge: str
    name: str
    skills: dict[str, int]
    shift: str = "day"


class WorkcentreData(_Strict):
    code: str
    name: str
    operation: str
    stations: list[str] = Field(min_length=1)


class BreakdownData(_Strict):
    mean_hours_between: float = Field(gt=0)
    repair_minutes: tuple[float, float]


class ChangeData(_Strict):
    """Figures of the twin to change; rates and breakdowns are changed per operation."""

    pairs_per_day: int | None = Field(None, ge=1, le=5000)
    order_sizes: list[int] | None = None
    due_in_working_days: tuple[int, int] | None = None
    wip_limit_pairs: int | None = Field(None, ge=12)
    set_out_minutes: tuple[float, float] | None = None
    speed: dict[int, float] | None = None
    speed_spread: float | None = Field(None, ge=0)
    rework_speed: float | None = Field(None, gt=0)
    rework_rate: dict[str, float] | None = None
    scrap_rate: dict[str, float] | None = None
    defect_factor: dict[int, float] | None = None
    metal_alarm_rate: float | None = Field(None, ge=0, le=1)
    sign_off_minutes: tuple[float, float] | None = None
    check_minutes: tuple[float, float] | None = None
    clear_minutes: tuple[float, float] | None = None
    breakdowns: dict[str, BreakdownData | None] | None = None
    shift_of: dict[str, str] | None = None


class VariantData(_Strict):
    name: str
    hire: list[HireData] = []
    workcentres: list[WorkcentreData] = []
    change: ChangeData = ChangeData()


class ScenarioData(_Strict):
    title: str
    seed: int = 1
    days: int = Field(15, ge=1, le=400)
    warm_up_days: int = Field(5, ge=0)
    start: date = date(2026, 11, 2)
    base: ChangeData = ChangeData()
    variants: list[VariantData] = Field(min_length=1)


@dataclasses.dataclass(frozen=True, slots=True)
class Variant:
    name: str
    parameters: FloorParameters
    hires: tuple[HireData, ...]
    workcentres: tuple[WorkcentreData, ...]


@dataclasses.dataclass(frozen=True, slots=True)
class Scenario:
    title: str
    seed: int
    days: int
    warm_up_days: int
    start: date
    variants: tuple[Variant, ...]


def read_scenario(path: Path) -> Scenario:
    try:
        data = ScenarioData.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except OSError as error:
        raise InvalidValue(
            f"The scenario file {path} cannot be read: {error.strerror}.",
            code="invalid_scenario_file",
        ) from error
    except (ValidationError, yaml.YAMLError) as error:
        raise InvalidValue(
            f"{path.name} is not a valid what-if scenario: {error}", code="invalid_scenario_file"
        ) from error
    if data.warm_up_days >= data.days:
        raise InvalidValue(
            f"{path.name}: warm_up_days ({data.warm_up_days}) must be fewer than days "
            f"({data.days}), or nothing is left to measure.",
            code="invalid_scenario_file",
        )
    if len({variant.name for variant in data.variants}) != len(data.variants):
        raise InvalidValue(
            f"{path.name}: each variant needs a name of its own.", code="invalid_scenario_file"
        )
    base = changed(FloorParameters(), data.base)
    variants = []
    for variant in data.variants:
        parameters = changed(base, variant.change)
        shifts = {hire.badge: hire.shift for hire in variant.hire}
        parameters = dataclasses.replace(parameters, shift_of={**parameters.shift_of, **shifts})
        unknown = set(parameters.shift_of.values()) - set(parameters.shifts)
        if unknown:
            raise InvalidValue(
                f"{path.name}: variant '{variant.name}' names a shift that does not exist: "
                f"{sorted(unknown)[0]} (there are {', '.join(sorted(parameters.shifts))}).",
                code="invalid_scenario_file",
            )
        variants.append(
            Variant(variant.name, parameters, tuple(variant.hire), tuple(variant.workcentres))
        )
    return Scenario(
        data.title, data.seed, data.days, data.warm_up_days, data.start, tuple(variants)
    )


def changed(parameters: FloorParameters, change: ChangeData) -> FloorParameters:
    """``parameters`` with ``change`` applied; per-operation figures are merged."""
    fields: dict[str, Any] = {}
    for name, value in change.model_dump(exclude_none=True).items():
        if name in ("rework_rate", "scrap_rate", "speed", "defect_factor", "shift_of"):
            fields[name] = {**getattr(parameters, name), **value}
        elif name == "breakdowns":
            merged = dict(parameters.breakdowns)
            for operation, rule in value.items():
                if rule is None:
                    merged.pop(operation, None)
                else:
                    merged[operation] = Breakdowns(
                        rule["mean_hours_between"], tuple(rule["repair_minutes"])
                    )
            fields[name] = merged
        elif name == "order_sizes":
            fields[name] = tuple(value)
        else:
            fields[name] = tuple(value) if isinstance(value, list) else value
    return dataclasses.replace(parameters, **fields)
