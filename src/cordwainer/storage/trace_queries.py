"""Read side of traceability: a pair's whole story, and every pair a material lot went into."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Connection, Date, Uuid, bindparam, text

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
    """A pair cut from a lot: what it is, where it is now, and whom it went to."""

    gtin: str
    serial: str
    status: str
    stage: str
    operation: str | None  # the routing step it stands at, while in production
    rack: str
    order: str
    customer: str  # the order's customer
    style_code: str
    style_name: str
    colourway_code: str
    colourway_name: str
    size: str
    width: str
    boxed_at: datetime | None
    shipped_at: datetime | None
    shipment: str | None
    shipped_to: str | None  # the shipment's customer


@dataclass(frozen=True, slots=True)
class Packing:
    """Where a pair's box and shipment are, read from its own events."""

    boxed_at: datetime | None
    box_station: str | None
    shipped_at: datetime | None
    shipment: str | None
    shipped_to: str | None


@dataclass(frozen=True, slots=True)
class Lot:
    lot: str
    material_code: str
    material_name: str
    material_kind: str
    received_on: date
    supplier_reference: str
    supplier_code: str
    supplier_name: str
    supplier_country: str
    certifications: tuple[str, ...]


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
).columns(id=Uuid, released_at=UtcDateTime)

PAIR_EVENTS = (
    text(
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
    )
    .bindparams(bindparam("pair_id", type_=Uuid))
    .columns(event_time=UtcDateTime, details=JSON)
)

PAIR_LOTS = (
    text(
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
    )
    .bindparams(bindparam("pair_id", type_=Uuid))
    .columns(received_on=Date, certifications=JSON)
)

# The pairs of a lot: its clicking events' pairs (DISTINCT: a pair cut twice counts once).
_OF_LOT = """
    SELECT DISTINCT ep.pair_id
    FROM event_lots el
    JOIN event_pairs ep ON ep.event_id = el.event_id
    WHERE el.lot_code = :lot
"""

LOT_PAIRS = text(
    f"""
    SELECT p.id, p.gtin, p.serial, p.status, p.stage,
           CASE WHEN p.status IN ('in_production', 'quarantined') THEN rs.operation_code END
               AS operation,
           p.rack_code AS rack, r.order_code AS "order", o.customer,
           s.code AS style_code, s.name AS style_name,
           c.code AS colourway_code, c.name AS colourway_name, v.size, v.width
    FROM ({_OF_LOT}) lp
    JOIN pairs p ON p.id = lp.pair_id
    JOIN racks r ON r.code = p.rack_code
    JOIN production_orders o ON o.code = r.order_code
    JOIN variants v ON v.gtin = p.gtin
    JOIN colourways c ON c.code = v.colourway_code
    JOIN styles s ON s.code = c.style_code
    LEFT JOIN routing_steps rs ON rs.style_code = s.code AND rs.position = p.step
    ORDER BY p.gtin, p.serial
    """
)

_LOT_PAIR_COLUMNS = tuple(LotPair.__dataclass_fields__)[:14]  # LOT_PAIRS' after the id
_STATUS, _RACK = 3, 6  # LOT_PAIRS' columns: id, then LotPair's fields in order

# The box and shipment events of some pairs, then every pair those events name: a rack is
# boxed and shipped together, so one pair of each rack finds the whole rack's packing.
PACKING_EVENTS_OF = (
    text(
        """
    SELECT e.id, e.kind, e.event_time, e.details
    FROM event_pairs ep
    JOIN events e ON e.id = ep.event_id AND e.kind IN ('pairs_boxed', 'pairs_shipped')
    WHERE ep.pair_id IN :pairs AND ep.result IS NULL
    ORDER BY e.event_time, e.record_time
    """
    )
    .bindparams(bindparam("pairs", expanding=True))
    .columns(event_time=UtcDateTime, details=JSON)
)

PAIRS_OF_EVENTS = text(
    "SELECT event_id, pair_id FROM event_pairs WHERE event_id IN :events"
).bindparams(bindparam("events", expanding=True))

LOT = text(
    """
    SELECT l.code AS lot, m.code AS material_code, m.name AS material_name,
           m.kind AS material_kind, l.received_on, l.supplier_reference,
           su.code AS supplier_code, su.name AS supplier_name,
           su.country AS supplier_country, su.certifications
    FROM material_lots l
    JOIN materials m ON m.code = l.material_code
    JOIN suppliers su ON su.code = m.supplier_code
    WHERE l.code = :lot
    """
).columns(received_on=Date, certifications=JSON)


def pair_facts(connection: Connection, gtin: str, serial: str) -> tuple[Any, PairFacts] | None:
    row = connection.execute(PAIR, {"gtin": gtin, "serial": serial}).mappings().first()
    if row is None:
        return None
    fields = dict(row)
    return fields.pop("id"), PairFacts(**fields)


def pair_events(connection: Connection, pair_id: Any) -> list[TraceEvent]:
    rows = connection.execute(PAIR_EVENTS, {"pair_id": pair_id}).mappings()
    return [
        TraceEvent(
            **dict(row) | {"event_id": str(row["event_id"]), "details": _json(row["details"])}
        )
        for row in rows
    ]


def pair_lots(connection: Connection, pair_id: Any) -> list[LotFacts]:
    rows = connection.execute(PAIR_LOTS, {"pair_id": pair_id}).mappings()
    return [
        LotFacts(**dict(row) | {"certifications": tuple(_json(row["certifications"]))})
        for row in rows
    ]


def lot(connection: Connection, code: str) -> Lot | None:
    row = connection.execute(LOT, {"lot": code}).mappings().first()
    if row is None:
        return None
    return Lot(**dict(row) | {"certifications": tuple(_json(row["certifications"]))})


def lot_exists(connection: Connection, lot: str) -> bool:
    query = text("SELECT 1 FROM material_lots WHERE code = :lot")
    return connection.execute(query, {"lot": lot}).first() is not None


def lot_pairs(connection: Connection, lot: str) -> list[LotPair]:
    """Every pair cut from the lot, in a few queries whatever their number."""
    rows = {str(row[0]): tuple(row) for row in connection.execute(LOT_PAIRS, {"lot": lot})}
    packed = {key: row for key, row in rows.items() if row[_STATUS] in ("boxed", "shipped")}
    boxed: dict[str, datetime] = {}
    shipped: dict[str, tuple[datetime, dict[str, Any]]] = {}

    def look(pair_ids: list[Any]) -> None:
        for start in range(0, len(pair_ids), 500):
            chunk = {"pairs": pair_ids[start : start + 500]}
            found = {str(row[0]): row for row in connection.execute(PACKING_EVENTS_OF, chunk)}
            keys = [row[0] for row in found.values()]
            named: dict[str, list[str]] = {}
            for first in range(0, len(keys), 500):
                chosen = {"events": keys[first : first + 500]}
                for event_id, pair_id in connection.execute(PAIRS_OF_EVENTS, chosen):
                    named.setdefault(str(event_id), []).append(str(pair_id))
            for event_key, (_, kind, event_time, details) in found.items():  # in time order
                lot_pairs = [key for key in named.get(event_key, ()) if key in packed]
                if kind == "pairs_boxed":
                    boxed.update(dict.fromkeys(lot_pairs, event_time))
                else:  # the last shipment holds
                    shipped.update(dict.fromkeys(lot_pairs, (event_time, _json(details))))

    one_a_rack = {row[_RACK]: row[0] for row in packed.values()}
    look(list(one_a_rack.values()))
    look(  # the pairs a rack did not box or ship together with the pair looked at
        [
            row[0]
            for key, row in packed.items()
            if key not in boxed or (row[_STATUS] == "shipped" and key not in shipped)
        ]
    )
    pairs = []
    for key, row in rows.items():
        shipped_at, details = shipped.get(key, (None, {}))
        pairs.append(
            LotPair(
                **dict(zip(_LOT_PAIR_COLUMNS, row[1:], strict=True)),
                boxed_at=boxed.get(key),
                shipped_at=shipped_at,
                shipment=details.get("shipment"),
                shipped_to=details.get("customer"),
            )
        )
    return pairs


def packing_of(events: list[TraceEvent]) -> Packing:
    """The box and the shipment of a pair, from its own story (no further query)."""
    boxed = [e for e in events if e.kind == "pairs_boxed"]
    shipped = [e for e in events if e.kind == "pairs_shipped"]
    box = boxed[-1] if boxed else None
    ship = shipped[-1] if shipped else None
    return Packing(
        boxed_at=box.event_time if box else None,
        box_station=box.station if box else None,
        shipped_at=ship.event_time if ship else None,
        shipment=ship.details.get("shipment") if ship else None,
        shipped_to=ship.details.get("customer") if ship else None,
    )


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
