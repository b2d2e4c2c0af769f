"""Read side of traceability: a pair's whole story, and every pair a material lot went into."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Connection, Date, text

from cordwainer.storage.tables import UtcDateTime


@dataclass(frozen=True, slots=True)
class PairFacts:
    gtin: str
    serial: str
    status: str
    step: int
    stage: str
    rack: str
    order: str
    customer: str
    style_code: str
    style_name: str
    reference: str
    colourway_code: str
    colourway_name: str
    size: str
    width: str
    released_at: datetime


@dataclass(frozen=True, slots=True)
class TraceEvent:
    event_id: str
    kind: str
    event_time: datetime
    biz_step: str
    disposition: str | None
    operation: str | None
    station: str | None
    operator_badge: str | None
    operator_name: str | None
    result: str | None
    defect_code: str | None
    rework_to: str | None
    details: dict[str, Any]


@dataclass(frozen=True, slots=True)
class LotFacts:
    lot: str
    material_code: str
    material_name: str
    material_kind: str
    quantity_drawn: float
    received_on: date
    supplier_reference: str
    supplier_code: str
    supplier_name: str
    supplier_country: str
    supplier_city: str
    certifications: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LotPair:
    gtin: str
    serial: str
    status: str
    rack: str
    order: str
    customer: str
    shipment: str | None


PAIR = text(
    """
    SELECT p.id, p.gtin, p.serial, p.status, p.step, p.stage, p.rack_code AS rack,
           r.order_code AS "order", o.customer, s.code AS style_code, s.name AS style_name,
           s.reference,
           c.code AS colourway_code, c.name AS colourway_name, v.size, v.width, r.released_at
    FROM pairs p
    JOIN racks r ON r.code = p.rack_code
    JOIN production_orders o ON o.code = r.order_code
    JOIN variants v ON v.gtin = p.gtin
    JOIN colourways c ON c.code = v.colourway_code
    JOIN styles s ON s.code = c.style_code
    WHERE p.gtin = :gtin AND p.serial = :serial
    """
).columns(released_at=UtcDateTime)

PAIR_EVENTS = text(
    """
    SELECT e.id AS event_id, e.kind, e.event_time, e.biz_step, e.disposition,
           e.operation_code AS operation, e.station_code AS station,
           op.badge AS operator_badge, op.name AS operator_name,
           ep.result, ep.defect_code, ep.rework_to, e.details
    FROM event_pairs ep
    JOIN events e ON e.id = ep.event_id
    LEFT JOIN operators op ON op.id = e.operator_id
    WHERE ep.pair_id = :pair_id
    ORDER BY e.event_time, e.record_time
    """
).columns(event_time=UtcDateTime, details=JSON)

PAIR_LOTS = text(
    """
    SELECT l.code AS lot, m.code AS material_code, m.name AS material_name,
           m.kind AS material_kind, drawn.quantity AS quantity_drawn, l.received_on,
           l.supplier_reference, su.code AS supplier_code, su.name AS supplier_name,
           su.country AS supplier_country, su.city AS supplier_city, su.certifications
    FROM (
        SELECT el.lot_code, SUM(el.quantity) AS quantity
        FROM event_pairs ep
        JOIN event_lots el ON el.event_id = ep.event_id
        WHERE ep.pair_id = :pair_id
        GROUP BY el.lot_code
    ) drawn
    JOIN material_lots l ON l.code = drawn.lot_code
    JOIN materials m ON m.code = l.material_code
    JOIN suppliers su ON su.code = m.supplier_code
    ORDER BY l.code
    """
).columns(received_on=Date, certifications=JSON)

LOT_PAIRS = text(
    """
    SELECT DISTINCT p.gtin, p.serial, p.status, p.rack_code AS rack, r.order_code AS "order",
           o.customer, p.id
    FROM event_lots el
    JOIN event_pairs ep ON ep.event_id = el.event_id
    JOIN pairs p ON p.id = ep.pair_id
    JOIN racks r ON r.code = p.rack_code
    JOIN production_orders o ON o.code = r.order_code
    WHERE el.lot_code = :lot
    ORDER BY p.serial
    """
)

SHIPMENTS_OF_LOT = text(
    """
    SELECT ep2.pair_id, e2.details
    FROM event_lots el
    JOIN event_pairs ep ON ep.event_id = el.event_id
    JOIN event_pairs ep2 ON ep2.pair_id = ep.pair_id
    JOIN events e2 ON e2.id = ep2.event_id AND e2.kind = 'pairs_shipped'
    WHERE el.lot_code = :lot
    """
)


def pair_facts(connection: Connection, gtin: str, serial: str) -> tuple[Any, PairFacts] | None:
    row = connection.execute(PAIR, {"gtin": gtin, "serial": serial}).mappings().first()
    if row is None:
        return None
    fields = dict(row)
    return fields.pop("id"), PairFacts(**fields)


def pair_events(connection: Connection, pair_id: Any) -> list[TraceEvent]:
    rows = connection.execute(PAIR_EVENTS, {"pair_id": _key(connection, pair_id)}).mappings()
    return [
        TraceEvent(
            **dict(row) | {"event_id": str(row["event_id"]), "details": _json(row["details"])}
        )
        for row in rows
    ]


def pair_lots(connection: Connection, pair_id: Any) -> list[LotFacts]:
    rows = connection.execute(PAIR_LOTS, {"pair_id": _key(connection, pair_id)}).mappings()
    return [
        LotFacts(**dict(row) | {"certifications": tuple(_json(row["certifications"]))})
        for row in rows
    ]


def lot_exists(connection: Connection, lot: str) -> bool:
    query = text("SELECT 1 FROM material_lots WHERE code = :lot")
    return connection.execute(query, {"lot": lot}).first() is not None


def lot_pairs(connection: Connection, lot: str) -> list[LotPair]:
    shipments = {
        str(pair_id): _json(details).get("shipment")
        for pair_id, details in connection.execute(SHIPMENTS_OF_LOT, {"lot": lot})
    }
    rows = connection.execute(LOT_PAIRS, {"lot": lot}).mappings()
    return [
        LotPair(
            **{k: v for k, v in row.items() if k != "id"}, shipment=shipments.get(str(row["id"]))
        )
        for row in rows
    ]


def _key(connection: Connection, pair_id: Any) -> Any:
    """Ids as each database stores them: PostgreSQL's uuid, SQLite's 32 hex characters."""
    if connection.dialect.name == "sqlite":
        return pair_id.hex if hasattr(pair_id, "hex") else str(pair_id).replace("-", "")
    return pair_id


def _json(value: Any) -> Any:
    if isinstance(value, str):
        return json.loads(value)
    return value


RECENTLY_BOXED = text(
    """
    SELECT p.gtin, p.serial
    FROM pairs p
    WHERE p.status IN ('boxed', 'shipped')
    ORDER BY p.serial DESC
    LIMIT :limit
    """
)


def recently_boxed(connection: Connection, limit: int) -> list[tuple[str, str]]:
    rows = connection.execute(RECENTLY_BOXED, {"limit": limit})
    return [(gtin, serial) for gtin, serial in rows]
