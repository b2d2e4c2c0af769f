"""Read side of the collection: the styles, colourways, materials and example pairs a
lookbook shows. Each query runs once per page, whatever the size of the catalogue."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, Date, Integer, String, column, text


@dataclass(frozen=True, slots=True)
class StyleRow:
    code: str
    name: str
    reference: str
    story: str
    launched_on: date
    discontinued_on: date | None
    steps: int


@dataclass(frozen=True, slots=True)
class ColourwayRow:
    code: str
    style_code: str
    name: str
    story: str
    launched_on: date


@dataclass(frozen=True, slots=True)
class MaterialRow:
    colourway_code: str
    name: str
    kind: str
    supplier: str
    city: str
    country: str
    certifications: tuple[str, ...]
    distance_km: int


@dataclass(frozen=True, slots=True)
class VariantRow:
    style_code: str
    size: str
    width: str


@dataclass(frozen=True, slots=True)
class ExampleRow:
    colourway_code: str
    gtin: str
    serial: str
    size: str
    width: str


STYLES = text(
    """
    SELECT s.code, s.name, s.reference, s.story, s.launched_on, s.discontinued_on,
           COUNT(rs.position) AS steps
    FROM styles s
    LEFT JOIN routing_steps rs ON rs.style_code = s.code
    GROUP BY s.code, s.name, s.reference, s.story, s.launched_on, s.discontinued_on
    ORDER BY s.launched_on DESC, s.code
    """
).columns(
    column("code", String),
    column("name", String),
    column("reference", String),
    column("story", String),
    column("launched_on", Date),
    column("discontinued_on", Date),
    column("steps", Integer),
)

COLOURWAYS = text(
    """
    SELECT code, style_code, name, story, launched_on
    FROM colourways
    ORDER BY launched_on, code
    """
).columns(launched_on=Date)

MATERIALS = text(
    """
    SELECT b.colourway_code, m.name, m.kind, su.name AS supplier, su.city, su.country,
           su.certifications, su.distance_km
    FROM bom_lines b
    JOIN materials m ON m.code = b.material_code
    JOIN suppliers su ON su.code = m.supplier_code
    ORDER BY b.colourway_code, m.code
    """
).columns(distance_km=Integer)

VARIANTS = text(
    """
    SELECT DISTINCT c.style_code, v.size, v.width
    FROM variants v
    JOIN colourways c ON c.code = v.colourway_code
    """
)

# The latest pairs made of each colourway (serials are numbered in order), boxed or shipped.
EXAMPLES = text(
    """
    SELECT colourway_code, gtin, serial, size, width
    FROM (
        SELECT v.colourway_code, p.gtin, p.serial, v.size, v.width,
               ROW_NUMBER() OVER (PARTITION BY v.colourway_code ORDER BY p.serial DESC) AS n
        FROM pairs p
        JOIN variants v ON v.gtin = p.gtin
        WHERE p.status IN ('boxed', 'shipped')
    ) latest
    WHERE n <= :per_colourway
    ORDER BY colourway_code, serial DESC
    """
)


def styles(connection: Connection) -> list[StyleRow]:
    return [StyleRow(**row) for row in connection.execute(STYLES).mappings()]


def colourways(connection: Connection) -> list[ColourwayRow]:
    return [ColourwayRow(**row) for row in connection.execute(COLOURWAYS).mappings()]


def materials(connection: Connection) -> list[MaterialRow]:
    rows = connection.execute(MATERIALS).mappings()
    return [
        MaterialRow(**dict(row) | {"certifications": tuple(_json(row["certifications"]))})
        for row in rows
    ]


def variants(connection: Connection) -> list[VariantRow]:
    return [VariantRow(**row) for row in connection.execute(VARIANTS).mappings()]


def examples(connection: Connection, per_colourway: int) -> list[ExampleRow]:
    rows = connection.execute(EXAMPLES, {"per_colourway": per_colourway}).mappings()
    return [ExampleRow(**row) for row in rows]


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value
