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
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    text,
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
    # revision 0004: what the planner weighs lateness by, and the customer's own reference
    Column("priority", String(16), nullable=False, server_default="normal"),
    Column("customer_type", String(16), nullable=False, server_default="wholesale"),
    Column("reference", String(40)),
    CheckConstraint("priority in ('rush', 'high', 'normal', 'low')", name="priority"),
    CheckConstraint(
        "customer_type in ('wholesale', 'direct', 'collaboration', 'launch', 'factory_shop')",
        name="customer_type",
    ),
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
    Index("ix_events_rack_code_event_time", "rack_code", "event_time"),  # revision 0005
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
    Index(  # revision 0005: the few marks that record a finding
        "ix_event_pairs_findings",
        "pair_id",
        sqlite_where=text("result IN ('rework', 'scrap', 'fail')"),
        postgresql_where=text("result IN ('rework', 'scrap', 'fail')"),
    ),
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

# The defect catalogue's retired codes (revision 0003). A code is retired, never changed or
# deleted: inspections no longer choose it, and the events that named it keep it.
defect_code_retirements = Table(
    "defect_code_retirements",
    metadata,
    Column("code", ForeignKey("defect_codes.code"), primary_key=True),
    Column("retired_at", UtcDateTime, nullable=False),
)

# A photo of what an inspection or the metal detector found on a pair (revision 0003): one
# per pair an event named, kept as taken, never changed (the migration installs triggers).
defect_photos = Table(
    "defect_photos",
    metadata,
    Column("event_id", Uuid, primary_key=True),
    Column("pair_id", Uuid, primary_key=True),
    Column("content_type", String(40), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("data", LargeBinary, nullable=False),
    Column("taken_at", UtcDateTime, nullable=False),
    ForeignKeyConstraint(
        ["event_id", "pair_id"],
        ["event_pairs.event_id", "event_pairs.pair_id"],
        name="fk_defect_photos_event_pair",
    ),
)

# Production planning (revision 0004). A person away (ill, on holiday) is planned for no
# work; a plan is one finite-capacity schedule: a draft until it is published as the
# current plan, which the next one supersedes. Its assignments say who does which step of
# which rack, at which bench, when; a rack still to be released is named by its order and
# its number in it ("PO-00012/3"). Its orders say when each order finishes, and why late.
operator_absences = Table(
    "operator_absences",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("operator_id", ForeignKey("operators.id"), nullable=False, index=True),
    Column("starts_at", UtcDateTime, nullable=False),
    Column("ends_at", UtcDateTime, nullable=False),
    Column("reason", String(120), nullable=False),
    Column("recorded_at", UtcDateTime, nullable=False),
    CheckConstraint("ends_at > starts_at", name="ends_after_start"),
)

plans = Table(
    "plans",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("state", String(16), nullable=False),
    Column("made_at", UtcDateTime, nullable=False),
    Column("starts_at", UtcDateTime, nullable=False),
    Column("frozen_until", UtcDateTime, nullable=False),
    Column("ends_at", UtcDateTime, nullable=False),
    Column("unit_minutes", Integer, nullable=False),
    Column("seconds", Float, nullable=False),
    Column("tardiness_minutes", Integer, nullable=False),
    Column("setups", Integer, nullable=False),
    Column("changes", Integer, nullable=False),
    Column("stages", JSON, nullable=False),
    Column("unplanned", JSON, nullable=False),
    Column("reason", String(200), nullable=False),
    Column("based_on", Uuid),
    CheckConstraint("state in ('draft', 'current', 'superseded')", name="state"),
    Index(
        "ix_plans_one_current",
        "state",
        unique=True,
        sqlite_where=text("state = 'current'"),
        postgresql_where=text("state = 'current'"),
    ),
)

plan_assignments = Table(
    "plan_assignments",
    metadata,
    Column("plan_id", ForeignKey("plans.id"), primary_key=True),
    Column("rack_key", String(40), primary_key=True),
    Column("step", Integer, primary_key=True),
    Column("operation_code", ForeignKey("operations.code"), nullable=False),
    Column("order_code", ForeignKey("production_orders.code"), nullable=False),
    Column("rack_code", ForeignKey("racks.code")),
    Column("colourway_code", ForeignKey("colourways.code"), nullable=False),
    Column("pairs", Integer, nullable=False),
    Column("station_code", ForeignKey("stations.code"), nullable=False),
    Column("operator_id", ForeignKey("operators.id"), nullable=False),
    Column("starts_at", UtcDateTime, nullable=False),
    Column("ends_at", UtcDateTime, nullable=False),
    Column("setup_minutes", Integer, nullable=False),
    Column("frozen", Boolean, nullable=False),
    Index("ix_plan_assignments_station", "plan_id", "station_code", "starts_at"),
    Index("ix_plan_assignments_operator", "plan_id", "operator_id", "starts_at"),
)

plan_orders = Table(
    "plan_orders",
    metadata,
    Column("plan_id", ForeignKey("plans.id"), primary_key=True),
    Column("order_code", ForeignKey("production_orders.code"), primary_key=True),
    Column("due_at", UtcDateTime, nullable=False),
    Column("finishes_at", UtcDateTime, nullable=False),
    Column("late_minutes", Integer, nullable=False),
    Column("bottleneck", String(40)),
    Column("reason", Text, nullable=False),
)
