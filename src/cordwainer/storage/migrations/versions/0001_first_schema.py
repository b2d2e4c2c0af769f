"""The first schema: master data, event log, projections

Revision ID: 0001
Revises:
Create Date: 2026-11-23 15:21:18.723666
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "counters",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_counters")),
    )
    op.create_table(
        "operations",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("standard_minutes", sa.Float(), nullable=False),
        sa.Column("uses_tacks_or_needles", sa.Boolean(), nullable=False),
        sa.Column("consumes_materials", sa.Boolean(), nullable=False),
        sa.Column("check_text", sa.Text(), nullable=False),
        sa.Column("role", sa.String(length=80), nullable=False),
        sa.CheckConstraint(
            "kind in ('craft', 'metal_detection', 'boxing')", name=op.f("ck_operations_kind")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_operations")),
        sa.UniqueConstraint("position", name=op.f("uq_operations_position")),
    )
    op.create_table(
        "operators",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("badge", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("display_name", sa.String(length=80), nullable=False),
        sa.Column("passport_consent", sa.Boolean(), nullable=False),
        sa.Column("pin_hash", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_operators")),
        sa.UniqueConstraint("badge", name=op.f("uq_operators_badge")),
    )
    op.create_table(
        "sites",
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("company", sa.String(length=200), nullable=False),
        sa.Column("gln", sa.String(length=13), nullable=False),
        sa.Column("company_prefix", sa.String(length=12), nullable=False),
        sa.Column("resolver", sa.String(length=200), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("established", sa.Integer(), nullable=False),
        sa.Column("story", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_sites")),
        sa.UniqueConstraint("gln", name=op.f("uq_sites_gln")),
    )
    op.create_table(
        "styles",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("reference", sa.String(length=20), nullable=False),
        sa.Column("price_pence", sa.Integer(), nullable=False),
        sa.Column("last", sa.String(length=40), nullable=False),
        sa.Column("launched_on", sa.Date(), nullable=False),
        sa.Column("discontinued_on", sa.Date(), nullable=True),
        sa.Column("story", sa.Text(), nullable=False),
        sa.Column("care", sa.Text(), nullable=False),
        sa.Column("end_of_life", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_styles")),
        sa.UniqueConstraint("reference", name=op.f("uq_styles_reference")),
    )
    op.create_table(
        "suppliers",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("city", sa.String(length=120), nullable=False),
        sa.Column("certifications", sa.JSON(), nullable=False),
        sa.Column("distance_km", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_suppliers")),
    )
    op.create_table(
        "colourways",
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("style_code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("story", sa.Text(), nullable=False),
        sa.Column("launched_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["style_code"], ["styles.code"], name=op.f("fk_colourways_style_code_styles")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_colourways")),
    )
    with op.batch_alter_table("colourways", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_colourways_style_code"), ["style_code"], unique=False)

    op.create_table(
        "defect_codes",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("operation_code", sa.String(length=40), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("severity", sa.String(length=16), nullable=False),
        sa.CheckConstraint(
            "severity in ('minor', 'major', 'critical')", name=op.f("ck_defect_codes_severity")
        ),
        sa.ForeignKeyConstraint(
            ["operation_code"],
            ["operations.code"],
            name=op.f("fk_defect_codes_operation_code_operations"),
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_defect_codes")),
    )
    op.create_table(
        "materials",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("supplier_code", sa.String(length=32), nullable=False),
        sa.Column("unit", sa.String(length=8), nullable=False),
        sa.Column("composition", sa.Text(), nullable=False),
        sa.Column("recyclable", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["supplier_code"], ["suppliers.code"], name=op.f("fk_materials_supplier_code_suppliers")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_materials")),
    )
    op.create_table(
        "routing_steps",
        sa.Column("style_code", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("operation_code", sa.String(length=40), nullable=False),
        sa.Column("standard_minutes", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["operation_code"],
            ["operations.code"],
            name=op.f("fk_routing_steps_operation_code_operations"),
        ),
        sa.ForeignKeyConstraint(
            ["style_code"], ["styles.code"], name=op.f("fk_routing_steps_style_code_styles")
        ),
        sa.PrimaryKeyConstraint("style_code", "position", name=op.f("pk_routing_steps")),
        sa.UniqueConstraint(
            "style_code", "operation_code", name=op.f("uq_routing_steps_style_code_operation_code")
        ),
    )
    op.create_table(
        "skills",
        sa.Column("operator_id", sa.Uuid(), nullable=False),
        sa.Column("operation_code", sa.String(length=40), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.CheckConstraint("level between 1 and 3", name=op.f("ck_skills_level")),
        sa.ForeignKeyConstraint(
            ["operation_code"],
            ["operations.code"],
            name=op.f("fk_skills_operation_code_operations"),
        ),
        sa.ForeignKeyConstraint(
            ["operator_id"], ["operators.id"], name=op.f("fk_skills_operator_id_operators")
        ),
        sa.PrimaryKeyConstraint("operator_id", "operation_code", name=op.f("pk_skills")),
    )
    op.create_table(
        "workcentres",
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("operation_code", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["operation_code"],
            ["operations.code"],
            name=op.f("fk_workcentres_operation_code_operations"),
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_workcentres")),
    )
    op.create_table(
        "bom_lines",
        sa.Column("colourway_code", sa.String(length=20), nullable=False),
        sa.Column("material_code", sa.String(length=40), nullable=False),
        sa.Column("quantity", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["colourway_code"],
            ["colourways.code"],
            name=op.f("fk_bom_lines_colourway_code_colourways"),
        ),
        sa.ForeignKeyConstraint(
            ["material_code"], ["materials.code"], name=op.f("fk_bom_lines_material_code_materials")
        ),
        sa.PrimaryKeyConstraint("colourway_code", "material_code", name=op.f("pk_bom_lines")),
    )
    op.create_table(
        "material_lots",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("material_code", sa.String(length=40), nullable=False),
        sa.Column("quantity_received", sa.Float(), nullable=False),
        sa.Column("quantity_consumed", sa.Float(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("supplier_reference", sa.String(length=80), nullable=False),
        sa.CheckConstraint(
            "quantity_consumed >= 0 and quantity_consumed <= quantity_received + 0.000001",
            name=op.f("ck_material_lots_not_overdrawn"),
        ),
        sa.CheckConstraint(
            "quantity_received > 0", name=op.f("ck_material_lots_received_positive")
        ),
        sa.ForeignKeyConstraint(
            ["material_code"],
            ["materials.code"],
            name=op.f("fk_material_lots_material_code_materials"),
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_material_lots")),
    )
    with op.batch_alter_table("material_lots", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_material_lots_material_code"), ["material_code"], unique=False
        )

    op.create_table(
        "production_orders",
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("colourway_code", sa.String(length=20), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("customer", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["colourway_code"],
            ["colourways.code"],
            name=op.f("fk_production_orders_colourway_code_colourways"),
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_production_orders")),
    )
    op.create_table(
        "stations",
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("workcentre_code", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["workcentre_code"],
            ["workcentres.code"],
            name=op.f("fk_stations_workcentre_code_workcentres"),
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_stations")),
    )
    op.create_table(
        "variants",
        sa.Column("gtin", sa.String(length=14), nullable=False),
        sa.Column("colourway_code", sa.String(length=20), nullable=False),
        sa.Column("size", sa.String(length=8), nullable=False),
        sa.Column("width", sa.String(length=4), nullable=False),
        sa.ForeignKeyConstraint(
            ["colourway_code"],
            ["colourways.code"],
            name=op.f("fk_variants_colourway_code_colourways"),
        ),
        sa.PrimaryKeyConstraint("gtin", name=op.f("pk_variants")),
        sa.UniqueConstraint(
            "colourway_code", "size", "width", name=op.f("uq_variants_colourway_code_size_width")
        ),
    )
    op.create_table(
        "order_lines",
        sa.Column("order_code", sa.String(length=20), nullable=False),
        sa.Column("gtin", sa.String(length=14), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("released", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "released >= 0 and released <= quantity",
            name=op.f("ck_order_lines_released_within_quantity"),
        ),
        sa.ForeignKeyConstraint(
            ["gtin"], ["variants.gtin"], name=op.f("fk_order_lines_gtin_variants")
        ),
        sa.ForeignKeyConstraint(
            ["order_code"],
            ["production_orders.code"],
            name=op.f("fk_order_lines_order_code_production_orders"),
        ),
        sa.PrimaryKeyConstraint("order_code", "gtin", name=op.f("pk_order_lines")),
    )
    op.create_table(
        "racks",
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("order_code", sa.String(length=20), nullable=False),
        sa.Column("colourway_code", sa.String(length=20), nullable=False),
        sa.Column("released_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["colourway_code"], ["colourways.code"], name=op.f("fk_racks_colourway_code_colourways")
        ),
        sa.ForeignKeyConstraint(
            ["order_code"],
            ["production_orders.code"],
            name=op.f("fk_racks_order_code_production_orders"),
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_racks")),
    )
    with op.batch_alter_table("racks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_racks_order_code"), ["order_code"], unique=False)

    op.create_table(
        "events",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("record_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("biz_step", sa.String(length=40), nullable=False),
        sa.Column("disposition", sa.String(length=40), nullable=True),
        sa.Column("station_code", sa.String(length=16), nullable=True),
        sa.Column("operator_id", sa.Uuid(), nullable=True),
        sa.Column("rack_code", sa.String(length=20), nullable=True),
        sa.Column("operation_code", sa.String(length=40), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("command_hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["operation_code"],
            ["operations.code"],
            name=op.f("fk_events_operation_code_operations"),
        ),
        sa.ForeignKeyConstraint(
            ["operator_id"], ["operators.id"], name=op.f("fk_events_operator_id_operators")
        ),
        sa.ForeignKeyConstraint(
            ["rack_code"], ["racks.code"], name=op.f("fk_events_rack_code_racks")
        ),
        sa.ForeignKeyConstraint(
            ["station_code"], ["stations.code"], name=op.f("fk_events_station_code_stations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index("ix_events_event_time", ["event_time"], unique=False)
        batch_op.create_index("ix_events_rack_code", ["rack_code"], unique=False)

    op.create_table(
        "pairs",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("gtin", sa.String(length=14), nullable=False),
        sa.Column("serial", sa.String(length=20), nullable=False),
        sa.Column("rack_code", sa.String(length=20), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=24), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("metal_cleared", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["gtin"], ["variants.gtin"], name=op.f("fk_pairs_gtin_variants")),
        sa.ForeignKeyConstraint(
            ["rack_code"], ["racks.code"], name=op.f("fk_pairs_rack_code_racks")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pairs")),
        sa.UniqueConstraint("gtin", "serial", name=op.f("uq_pairs_gtin_serial")),
    )
    with op.batch_alter_table("pairs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pairs_rack_code"), ["rack_code"], unique=False)
        batch_op.create_index("ix_pairs_serial", ["serial"], unique=False)
        batch_op.create_index("ix_pairs_status_step", ["status", "step"], unique=False)

    op.create_table(
        "event_lots",
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("lot_code", sa.String(length=40), nullable=False),
        sa.Column("quantity", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_event_lots_event_id_events")
        ),
        sa.ForeignKeyConstraint(
            ["lot_code"], ["material_lots.code"], name=op.f("fk_event_lots_lot_code_material_lots")
        ),
        sa.PrimaryKeyConstraint("event_id", "lot_code", name=op.f("pk_event_lots")),
    )
    with op.batch_alter_table("event_lots", schema=None) as batch_op:
        batch_op.create_index("ix_event_lots_lot_code", ["lot_code"], unique=False)

    op.create_table(
        "event_pairs",
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("pair_id", sa.Uuid(), nullable=False),
        sa.Column("result", sa.String(length=16), nullable=True),
        sa.Column("defect_code", sa.String(length=32), nullable=True),
        sa.Column("rework_to", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["defect_code"],
            ["defect_codes.code"],
            name=op.f("fk_event_pairs_defect_code_defect_codes"),
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_event_pairs_event_id_events")
        ),
        sa.ForeignKeyConstraint(
            ["pair_id"], ["pairs.id"], name=op.f("fk_event_pairs_pair_id_pairs")
        ),
        sa.ForeignKeyConstraint(
            ["rework_to"], ["operations.code"], name=op.f("fk_event_pairs_rework_to_operations")
        ),
        sa.PrimaryKeyConstraint("event_id", "pair_id", name=op.f("pk_event_pairs")),
    )
    with op.batch_alter_table("event_pairs", schema=None) as batch_op:
        batch_op.create_index("ix_event_pairs_pair_id", ["pair_id"], unique=False)

    refuse_changes_to_the_event_log()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS refuse_event_change() CASCADE")
    with op.batch_alter_table("event_pairs", schema=None) as batch_op:
        batch_op.drop_index("ix_event_pairs_pair_id")

    op.drop_table("event_pairs")
    with op.batch_alter_table("event_lots", schema=None) as batch_op:
        batch_op.drop_index("ix_event_lots_lot_code")

    op.drop_table("event_lots")
    with op.batch_alter_table("pairs", schema=None) as batch_op:
        batch_op.drop_index("ix_pairs_status_step")
        batch_op.drop_index("ix_pairs_serial")
        batch_op.drop_index(batch_op.f("ix_pairs_rack_code"))

    op.drop_table("pairs")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_rack_code")
        batch_op.drop_index("ix_events_event_time")

    op.drop_table("events")
    with op.batch_alter_table("racks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_racks_order_code"))

    op.drop_table("racks")
    op.drop_table("order_lines")
    op.drop_table("variants")
    op.drop_table("stations")
    op.drop_table("production_orders")
    with op.batch_alter_table("material_lots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_material_lots_material_code"))

    op.drop_table("material_lots")
    op.drop_table("bom_lines")
    op.drop_table("workcentres")
    op.drop_table("skills")
    op.drop_table("routing_steps")
    op.drop_table("materials")
    op.drop_table("defect_codes")
    with op.batch_alter_table("colourways", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_colourways_style_code"))

    op.drop_table("colourways")
    op.drop_table("suppliers")
    op.drop_table("styles")
    op.drop_table("sites")
    op.drop_table("operators")
    op.drop_table("operations")
    op.drop_table("counters")


APPEND_ONLY = ("events", "event_pairs", "event_lots")


def refuse_changes_to_the_event_log() -> None:
    """Events are facts: the database itself refuses to update or delete them."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION refuse_event_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION 'floor events are append-only: % on %', TG_OP, TG_TABLE_NAME; "
            "END $$"
        )
        for table in APPEND_ONLY:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION refuse_event_change()"
            )
        return
    for table in APPEND_ONLY:
        for change in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{change.lower()} BEFORE {change} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, 'floor events are append-only'); END"
            )
