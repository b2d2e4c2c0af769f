"""Read side of the passport: what a pair's public story is told from.

The pair itself and the lots it was cut from come from ``trace_queries``; this module
adds what only the passport needs: the site, the style's words, the routing, the bill
of materials with each supplier, who worked on the pair (with their consent), and the
pairs boxed most recently. Each query runs once per page, whatever the pair.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Connection,
    Date,
    Float,
    Integer,
    String,
    Uuid,
    bindparam,
    column,
    text,
)

from cordwainer.storage.tables import UtcDateTime


@dataclass(frozen=True, slots=True)
class SiteFacts:
    name: str
    company: str
    address: str
    country: str
    established: int
    story: str
    resolver: str
    gln: str


@dataclass(frozen=True, slots=True)
class StyleFacts:
    style_name: str
    reference: str
    style_story: str
    care: str
    end_of_life: str
    launched_on: date
    discontinued_on: date | None
    colourway_name: str
    colourway_story: str


@dataclass(frozen=True, slots=True)
class RoutingStep:
    position: int
    code: str
    name: str
    kind: str
    check: str
    role: str


@dataclass(frozen=True, slots=True)
class BomMaterial:
    material_code: str
    name: str
    kind: str
    composition: str
    recyclable: str
    supplier_name: str
    supplier_city: str
    supplier_country: str
    certifications: tuple[str, ...]
    distance_km: int
    unit: str
    quantity: float


@dataclass(frozen=True, slots=True)
class PairWork:
    """One thing done to the pair by a person, with what that person lets the public see,
    and their skill levels at the step and at inspecting (None where they have none)."""

    kind: str
    event_time: datetime
    operation: str | None
    result: str | None
    operator_key: str | None
    display_name: str | None
    passport_consent: bool
    skill_level: int | None
    inspector_level: int | None


@dataclass(frozen=True, slots=True)
class BoxedPair:
    gtin: str
    serial: str
    style_name: str
    colourway_name: str
    size: str
    width: str
    boxed_at: datetime


SITE = text(
    """
    SELECT name, company, address, country, established, story, resolver, gln
    FROM sites
    ORDER BY code
    """
).columns(
    column("name", String),
    column("company", String),
    column("address", String),
    column("country", String),
    column("established", Integer),
    column("story", String),
    column("resolver", String),
    column("gln", String),
)

STYLE = text(
    """
    SELECT s.name AS style_name, s.reference, s.story AS style_story, s.care, s.end_of_life,
           s.launched_on, s.discontinued_on,
           c.name AS colourway_name, c.story AS colourway_story
    FROM colourways c
    JOIN styles s ON s.code = c.style_code
    WHERE c.code = :colourway
    """
).columns(launched_on=Date, discontinued_on=Date)

ROUTING = text(
    """
    SELECT rs.position, o.code, o.name, o.kind, o.check_text AS "check", o.role
    FROM routing_steps rs
    JOIN operations o ON o.code = rs.operation_code
    WHERE rs.style_code = :style
    ORDER BY rs.position
    """
).columns(
    column("position", Integer),
    column("code", String),
    column("name", String),
    column("kind", String),
    column("check", String),
    column("role", String),
)

BILL = text(
    """
    SELECT m.code AS material_code, m.name, m.kind, m.composition, m.recyclable,
           su.name AS supplier_name, su.city AS supplier_city,
           su.country AS supplier_country, su.certifications, su.distance_km,
           m.unit, b.quantity
    FROM bom_lines b
    JOIN materials m ON m.code = b.material_code
    JOIN suppliers su ON su.code = m.supplier_code
    WHERE b.colourway_code = :colourway
    ORDER BY m.code
    """
).columns(quantity=Float, distance_km=Integer)

# What people did to the pair; releasing and shipping are the office's, not the hands'.
WORK = (
    text(
        """
    SELECT e.kind, e.event_time, e.operation_code AS operation, ep.result,
           op.id AS operator_key, op.display_name, op.passport_consent,
           sk.level AS skill_level, si.level AS inspector_level
    FROM event_pairs ep
    JOIN events e ON e.id = ep.event_id
    LEFT JOIN operators op ON op.id = e.operator_id
    LEFT JOIN skills sk ON sk.operator_id = op.id AND sk.operation_code = e.operation_code
    LEFT JOIN skills si ON si.operator_id = op.id AND si.operation_code = :inspecting
    WHERE ep.pair_id = :pair_id
      AND e.kind IN ('operation_started', 'operation_finished', 'pairs_inspected',
                     'metal_scanned', 'pairs_boxed')
    ORDER BY e.event_time, e.record_time
    """
    )
    .bindparams(bindparam("pair_id", type_=Uuid))
    .columns(
        column("kind", String),
        column("event_time", UtcDateTime),
        column("operation", String),
        column("result", String),
        column("operator_key", String),
        column("display_name", String),
        column("passport_consent", Boolean),
        column("skill_level", Integer),
        column("inspector_level", Integer),
    )
)

RECENTLY_BOXED = text(
    """
    SELECT p.gtin, p.serial, s.name AS style_name, c.name AS colourway_name, v.size, v.width,
           e.event_time AS boxed_at
    FROM events e
    JOIN event_pairs ep ON ep.event_id = e.id
    JOIN pairs p ON p.id = ep.pair_id
    JOIN variants v ON v.gtin = p.gtin
    JOIN colourways c ON c.code = v.colourway_code
    JOIN styles s ON s.code = c.style_code
    WHERE e.kind = 'pairs_boxed'
    ORDER BY e.event_time DESC, p.serial DESC
    LIMIT :limit
    """
).columns(
    column("gtin", String),
    column("serial", String),
    column("style_name", String),
    column("colourway_name", String),
    column("size", String),
    column("width", String),
    column("boxed_at", UtcDateTime),
)


def site(connection: Connection) -> SiteFacts | None:
    row = connection.execute(SITE).mappings().first()
    return SiteFacts(**row) if row else None


def style(connection: Connection, colourway: str) -> StyleFacts | None:
    row = connection.execute(STYLE, {"colourway": colourway}).mappings().first()
    return StyleFacts(**row) if row else None


def routing(connection: Connection, style_code: str) -> list[RoutingStep]:
    rows = connection.execute(ROUTING, {"style": style_code}).mappings()
    return [RoutingStep(**row) for row in rows]


def bill_of_materials(connection: Connection, colourway: str) -> list[BomMaterial]:
    rows = connection.execute(BILL, {"colourway": colourway}).mappings()
    return [
        BomMaterial(**dict(row) | {"certifications": tuple(_json(row["certifications"]))})
        for row in rows
    ]


def pair_work(connection: Connection, pair_id: Any, inspecting: str) -> list[PairWork]:
    """What people did to the pair; ``inspecting`` is the skill that qualifies an inspector."""
    parameters = {"pair_id": pair_id, "inspecting": inspecting}
    rows = connection.execute(WORK, parameters).mappings()
    return [
        PairWork(
            **dict(row)
            | {
                "operator_key": None if row["operator_key"] is None else str(row["operator_key"]),
                "passport_consent": bool(row["passport_consent"]),
            }
        )
        for row in rows
    ]


def recently_boxed(connection: Connection, limit: int) -> list[BoxedPair]:
    rows = connection.execute(RECENTLY_BOXED, {"limit": limit}).mappings()
    return [BoxedPair(**row) for row in rows]


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value
