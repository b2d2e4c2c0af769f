"""Request bodies of the JSON API: validated at the edge, turned into service commands."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

Code = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_.\-]+$")]
Badge = Annotated[str, Field(min_length=1, max_length=32)]
Serial = Annotated[str, Field(min_length=1, max_length=20)]
GtinText = Annotated[str, Field(min_length=8, max_length=14, pattern=r"^[0-9]+$")]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Action(Body):
    """What every floor action carries: its id, made by the client, and when it happened."""

    event_id: UUID = Field(description="Made by the client; sending it again records nothing new.")
    event_time: AwareDatetime | None = Field(
        None, description="When it happened on the floor; the server's time if left out."
    )


class AtStation(Action):
    station: Code
    operator: Badge = Field(description="The badge code of the person doing it.")
    rack: Code | None = Field(None, description="A rack code: the rack's pairs at this step.")
    serials: list[Serial] = Field(default_factory=list, max_length=500)
    operation: Code | None = Field(None, description="The step; the station's own if left out.")


class LotDrawn(Body):
    lot: Code
    quantity: float = Field(gt=0, le=1_000_000)


class Finish(AtStation):
    lots: list[LotDrawn] = Field(default_factory=list, max_length=50)


class Finding(Body):
    serial: Serial
    result: Literal["pass", "rework", "scrap"]
    defect_code: Code | None = None
    rework_to: Code | None = None


class Inspect(AtStation):
    findings: list[Finding] = Field(default_factory=list, max_length=500)


class MetalAlarm(Body):
    serial: Serial
    defect_code: Code


class MetalScan(AtStation):
    alarms: list[MetalAlarm] = Field(default_factory=list, max_length=500)


class ClearQuarantine(AtStation):
    note: Annotated[str, Field(max_length=500)] = ""


class Ship(Action):
    operator: Badge
    shipment: Annotated[str, Field(min_length=1, max_length=40)]
    customer: Annotated[str, Field(min_length=1, max_length=120)]
    rack: Code | None = None
    serials: list[Serial] = Field(default_factory=list, max_length=5000)


class ReceiveLot(Action):
    lot: Code
    material: Code
    quantity: float = Field(gt=0, le=10_000_000)
    received_on: date
    supplier_reference: Annotated[str, Field(min_length=1, max_length=80)]


class OrderLine(Body):
    gtin: GtinText
    quantity: int = Field(ge=1, le=100_000)


class NewOrder(Body):
    colourway: Code
    due_on: date
    customer: Annotated[str, Field(min_length=1, max_length=120)]
    lines: list[OrderLine] = Field(min_length=1, max_length=200)
    priority: Literal["rush", "high", "normal", "low"] = "normal"
    customer_type: Literal["wholesale", "direct", "collaboration", "launch", "factory_shop"] = (
        "wholesale"
    )
    reference: Annotated[str, Field(min_length=1, max_length=40)] | None = Field(
        None, description="The customer's own reference; an order is made once for it."
    )


class ReleaseRack(Action):
    pass
