"""The schema: master data, the append-only event log and the projections beside it.

Migrations in ``storage/migrations`` are the only way this schema reaches a database;
this module describes it for queries and for ``alembic revision --autogenerate``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.types import TypeDecorator


class UtcDateTime(TypeDecorator[datetime]):
    """A moment in UTC, timezone-aware in Python on SQLite and PostgreSQL alike."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; give a UTC moment")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

sites = Table(
    "sites",
    metadata,
    Column("code", String(16), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("company", String(200), nullable=False),
    Column("gln", String(13), nullable=False, unique=True),
    Column("company_prefix", String(12), nullable=False),
    Column("resolver", String(200), nullable=False),
    Column("address", Text, nullable=False),
    Column("country", String(2), nullable=False),
    Column("established", Integer, nullable=False),
    Column("story", Text, nullable=False),
)

operations = Table(
    "operations",
    metadata,
    Column("code", String(40), primary_key=True),
    Column("position", Integer, nullable=False, unique=True),
    Column("name", String(80), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("standard_minutes", Float, nullable=False),
    Column("uses_tacks_or_needles", Boolean, nullable=False),
    Column("consumes_materials", Boolean, nullable=False),
    Column("check_text", Text, nullable=False),
    Column("role", String(80), nullable=False),
    CheckConstraint("kind in ('craft', 'metal_detection', 'boxing')", name="kind"),
)

workcentres = Table(
    "workcentres",
    metadata,
    Column("code", String(16), primary_key=True),
    Column("name", String(80), nullable=False),
    Column("operation_code", ForeignKey("operations.code"), nullable=False),
)

stations = Table(
    "stations",
    metadata,
    Column("code", String(16), primary_key=True),
    Column("workcentre_code", ForeignKey("workcentres.code"), nullable=False),
)

operators = Table(
    "operators",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("badge", String(32), nullable=False, unique=True),
    Column("name", String(120), nullable=False),
    Column("display_name", String(80), nullable=False),
    Column("passport_consent", Boolean, nullable=False),
    Column("pin_hash", String(200), nullable=False),
)

skills = Table(
    "skills",
    metadata,
    Column("operator_id", ForeignKey("operators.id"), primary_key=True),
    Column("operation_code", ForeignKey("operations.code"), primary_key=True),
    Column("level", Integer, nullable=False),
    CheckConstraint("level between 1 and 3", name="level"),
)

defect_codes = Table(
    "defect_codes",
    metadata,
    Column("code", String(32), primary_key=True),
    Column("operation_code", ForeignKey("operations.code"), nullable=False),
    Column("description", Text, nullable=False),
    Column("severity", String(16), nullable=False),
    CheckConstraint("severity in ('minor', 'major', 'critical')", name="severity"),
)

suppliers = Table(
    "suppliers",
    metadata,
    Column("code", String(32), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("country", String(2), nullable=False),
    Column("city", String(120), nullable=False),
    Column("certifications", JSON, nullable=False),
    Column("distance_km", Integer, nullable=False),
)

materials = Table(
    "materials",
    metadata,
    Column("code", String(40), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("supplier_code", ForeignKey("suppliers.code"), nullable=False),
    Column("unit", String(8), nullable=False),
    Column("composition", Text, nullable=False),
    Column("recyclable", Text, nullable=False),
)

material_lots = Table(
    "material_lots",
    metadata,
    Column("code", String(40), primary_key=True),
    Column("material_code", ForeignKey("materials.code"), nullable=False, index=True),
    Column("quantity_received", Float, nullable=False),
    Column("quantity_consumed", Float, nullable=False),
    Column("received_on", Date, nullable=False),
    Column("supplier_reference", String(80), nullable=False),
    CheckConstraint("quantity_received > 0", name="received_positive"),
    CheckConstraint(
        "quantity_consumed >= 0 and quantity_consumed <= quantity_received + 0.000001",
        name="not_overdrawn",
    ),
)

styles = Table(
    "styles",
    metadata,
    Column("code", String(40), primary_key=True),
    Column("name", String(120), nullable=False),
    Column("reference", String(20), nullable=False, unique=True),
    Column("price_pence", Integer, nullable=False),
    Column("last", String(40), nullable=False),
    Column("launched_on", Date, nullable=False),
    Column("discontinued_on", Date),
    Column("story", Text, nullable=False),
    Column("care", Text, nullable=False),
    Column("end_of_life", Text, nullable=False),
)

routing_steps = Table(
    "routing_steps",
    metadata,
    Column("style_code", ForeignKey("styles.code"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("operation_code", ForeignKey("operations.code"), nullable=False),
    Column("standard_minutes", Float, nullable=False),
    UniqueConstraint("style_code", "operation_code"),
)

colourways = Table(
    "colourways",
    metadata,
    Column("code", String(20), primary_key=True),
    Column("style_code", ForeignKey("styles.code"), nullable=False, index=True),
    Column("name", String(120), nullable=False),
    Column("story", Text, nullable=False),
    Column("launched_on", Date, nullable=False),
)

bom_lines = Table(
    "bom_lines",
    metadata,
    Column("colourway_code", ForeignKey("colourways.code"), primary_key=True),
    Column("material_code", ForeignKey("materials.code"), primary_key=True),
    Column("quantity", Float, nullable=False),
)

variants = Table(
    "variants",
    metadata,
    Column("gtin", String(14), primary_key=True),
    Column("colourway_code", ForeignKey("colourways.code"), nullable=False),
    Column("size", String(8), nullable=False),
    Column("width", String(4), nullable=False),
    UniqueConstraint("colourway_code", "size", "width"),
)

counters = Table(
    "counters",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("value", Integer, nullable=False),
)

production_orders = Table(
    "production_orders",
    metadata,
    Column("code", String(20), primary_key=True),
    Column("colourway_code", ForeignKey("colourways.code"), nullable=False),
    Column("due_on", Date, nullable=False),
    Column("customer", String(120), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

order_lines = Table(
    "order_lines",
    metadata,
    Column("order_code", ForeignKey("production_orders.code"), primary_key=True),
    Column("gtin", ForeignKey("variants.gtin"), primary_key=True),
    Column("position", Integer, nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("released", Integer, nullable=False),
    CheckConstraint("released >= 0 and released <= quantity", name="released_within_quantity"),
)

racks = Table(
    "racks",
    metadata,
    Column("code", String(20), primary_key=True),
    Column("order_code", ForeignKey("production_orders.code"), nullable=False, index=True),
    Column("colourway_code", ForeignKey("colourways.code"), nullable=False),
    Column("released_at", UtcDateTime, nullable=False),
)

pairs = Table(
    "pairs",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("gtin", ForeignKey("variants.gtin"), nullable=False),
    Column("serial", String(20), nullable=False),
    Column("rack_code", ForeignKey("racks.code"), nullable=False, index=True),
    Column("step", Integer, nullable=False),
    Column("stage", String(24), nullable=False),
    Column("status", String(16), nullable=False),
    Column("metal_cleared", Boolean, nullable=False),
    UniqueConstraint("gtin", "serial"),
    Index("ix_pairs_serial", "serial"),
    Index("ix_pairs_status_step", "status", "step"),
)

events = Table(
    "events",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("event_time", UtcDateTime, nullable=False),
    Column("record_time", UtcDateTime, nullable=False),
    Column("biz_step", String(40), nullable=False),
    Column("disposition", String(40)),
    Column("station_code", ForeignKey("stations.code")),
    Column("operator_id", ForeignKey("operators.id")),
    Column("rack_code", ForeignKey("racks.code")),
    Column("operation_code", ForeignKey("operations.code")),
    Column("details", JSON, nullable=False),
    Column("command_hash", String(64), nullable=False),
    Index("ix_events_rack_code", "rack_code"),
    Index("ix_events_event_time", "event_time"),
)

event_pairs = Table(
    "event_pairs",
    metadata,
    Column("event_id", ForeignKey("events.id"), primary_key=True),
    Column("pair_id", ForeignKey("pairs.id"), primary_key=True),
    Column("result", String(16)),
    Column("defect_code", ForeignKey("defect_codes.code")),
    Column("rework_to", ForeignKey("operations.code")),
    Index("ix_event_pairs_pair_id", "pair_id"),
)

event_lots = Table(
    "event_lots",
    metadata,
    Column("event_id", ForeignKey("events.id"), primary_key=True),
    Column("lot_code", ForeignKey("material_lots.code"), primary_key=True),
    Column("quantity", Float, nullable=False),
    Index("ix_event_lots_lot_code", "lot_code"),
)

# EPCIS events captured from other systems (a tannery's shipments, a hub's sites), kept
# as received, with what queries look them up by. Like the floor's log, never changed.
epcis_captures = Table(
    "epcis_captures",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("captured_at", UtcDateTime, nullable=False),
    Column("events", Integer, nullable=False),  # in the document
    Column("stored", Integer, nullable=False),  # of them new: the others were already held
    Column("context", JSON, nullable=False),  # the document's @context, for its events' terms
)

epcis_events = Table(
    "epcis_events",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("capture_id", ForeignKey("epcis_captures.id"), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("event_id", String(1000), unique=True),
    Column("event_type", String(1000), nullable=False),
    Column("event_time", UtcDateTime, nullable=False),
    Column("record_time", UtcDateTime, nullable=False),
    Column("action", String(8)),
    Column("biz_step", String(1000)),
    Column("disposition", String(1000)),
    Column("biz_location", String(1000)),
    Column("body", JSON, nullable=False),
    Index("ix_epcis_events_event_time", "event_time"),
    Index("ix_epcis_events_biz_step", "biz_step"),
    Index("ix_epcis_events_biz_location", "biz_location"),
)

epcis_event_epcs = Table(
    "epcis_event_epcs",
    metadata,
    Column("event_key", ForeignKey("epcis_events.id"), primary_key=True),
    Column("role", String(8), primary_key=True),
    Column("epc", String(1000), primary_key=True),
    Index("ix_epcis_event_epcs_epc", "epc"),
)
