"""Production planning: order priority and customer type, absences, plans and their assignments

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


ORDER_COLUMNS = (
    ("priority", "normal", "priority in ('rush', 'high', 'normal', 'low')"),
    (
        "customer_type",
        "wholesale",
        "customer_type in ('wholesale', 'direct', 'collaboration', 'launch', 'factory_shop')",
    ),
)


def upgrade() -> None:
    add_order_columns()
    op.create_table(
        "operator_absences",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("operator_id", sa.Uuid(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(length=120), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "ends_at > starts_at", name=op.f("ck_operator_absences_ends_after_start")
        ),
        sa.ForeignKeyConstraint(
            ["operator_id"],
            ["operators.id"],
            name=op.f("fk_operator_absences_operator_id_operators"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_operator_absences")),
    )
    op.create_index(op.f("ix_operator_absences_operator_id"), "operator_absences", ["operator_id"])

    op.create_table(
        "plans",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("frozen_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("unit_minutes", sa.Integer(), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.Column("tardiness_minutes", sa.Integer(), nullable=False),
        sa.Column("setups", sa.Integer(), nullable=False),
        sa.Column("changes", sa.Integer(), nullable=False),
        sa.Column("stages", sa.JSON(), nullable=False),
        sa.Column("unplanned", sa.JSON(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("based_on", sa.Uuid(), nullable=True),
        sa.CheckConstraint(
            "state in ('draft', 'current', 'superseded')", name=op.f("ck_plans_state")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plans")),
    )
    op.create_index(
        "ix_plans_one_current",
        "plans",
        ["state"],
        unique=True,
        sqlite_where=sa.text("state = 'current'"),
        postgresql_where=sa.text("state = 'current'"),
    )

    op.create_table(
        "plan_assignments",
        sa.Column("plan_id", sa.Uuid(), nullable=False),
        sa.Column("rack_key", sa.String(length=40), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("operation_code", sa.String(length=40), nullable=False),
        sa.Column("order_code", sa.String(length=20), nullable=False),
        sa.Column("rack_code", sa.String(length=20), nullable=True),
        sa.Column("colourway_code", sa.String(length=20), nullable=False),
        sa.Column("pairs", sa.Integer(), nullable=False),
        sa.Column("station_code", sa.String(length=16), nullable=False),
        sa.Column("operator_id", sa.Uuid(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("setup_minutes", sa.Integer(), nullable=False),
        sa.Column("frozen", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plans.id"], name=op.f("fk_plan_assignments_plan_id_plans")
        ),
        sa.ForeignKeyConstraint(
            ["operation_code"],
            ["operations.code"],
            name=op.f("fk_plan_assignments_operation_code_operations"),
        ),
        sa.ForeignKeyConstraint(
            ["order_code"],
            ["production_orders.code"],
            name=op.f("fk_plan_assignments_order_code_production_orders"),
        ),
        sa.ForeignKeyConstraint(
            ["rack_code"], ["racks.code"], name=op.f("fk_plan_assignments_rack_code_racks")
        ),
        sa.ForeignKeyConstraint(
            ["colourway_code"],
            ["colourways.code"],
            name=op.f("fk_plan_assignments_colourway_code_colourways"),
        ),
        sa.ForeignKeyConstraint(
            ["station_code"],
            ["stations.code"],
            name=op.f("fk_plan_assignments_station_code_stations"),
        ),
        sa.ForeignKeyConstraint(
            ["operator_id"],
            ["operators.id"],
            name=op.f("fk_plan_assignments_operator_id_operators"),
        ),
        sa.PrimaryKeyConstraint("plan_id", "rack_key", "step", name=op.f("pk_plan_assignments")),
    )
    op.create_index(
        "ix_plan_assignments_station", "plan_assignments", ["plan_id", "station_code", "starts_at"]
    )
    op.create_index(
        "ix_plan_assignments_operator",
        "plan_assignments",
        ["plan_id", "operator_id", "starts_at"],
    )

    op.create_table(
        "plan_orders",
        sa.Column("plan_id", sa.Uuid(), nullable=False),
        sa.Column("order_code", sa.String(length=20), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finishes_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("late_minutes", sa.Integer(), nullable=False),
        sa.Column("bottleneck", sa.String(length=40), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plans.id"], name=op.f("fk_plan_orders_plan_id_plans")
        ),
        sa.ForeignKeyConstraint(
            ["order_code"],
            ["production_orders.code"],
            name=op.f("fk_plan_orders_order_code_production_orders"),
        ),
        sa.PrimaryKeyConstraint("plan_id", "order_code", name=op.f("pk_plan_orders")),
    )


def add_order_columns() -> None:
    """Priority and customer type on every order, ``normal`` and ``wholesale`` for those
    already there. SQLite adds a column with its check in place: rebuilding the table, as
    a batch would, is refused while racks and order lines refer to it (foreign keys on)."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    present = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("production_orders")}
    for column, default, check in ORDER_COLUMNS:
        name = f"ck_production_orders_{column}"
        if column in present:  # a SQLite database brought down to 0003 and up again
            continue
        if sqlite:
            op.execute(
                f"ALTER TABLE production_orders ADD COLUMN {column} VARCHAR(16) NOT NULL "
                f"DEFAULT '{default}' CONSTRAINT {name} CHECK ({check})"
            )
        else:
            op.add_column(
                "production_orders",
                sa.Column(column, sa.String(length=16), server_default=default, nullable=False),
            )
            op.create_check_constraint(name, "production_orders", check)
    op.add_column("production_orders", sa.Column("reference", sa.String(length=40)))


def downgrade() -> None:
    op.drop_table("plan_orders")
    op.drop_index("ix_plan_assignments_operator", table_name="plan_assignments")
    op.drop_index("ix_plan_assignments_station", table_name="plan_assignments")
    op.drop_table("plan_assignments")
    op.drop_index("ix_plans_one_current", table_name="plans")
    op.drop_table("plans")
    op.drop_index(op.f("ix_operator_absences_operator_id"), table_name="operator_absences")
    op.drop_table("operator_absences")
    # SQLite cannot drop a column its own check names without rebuilding the table, which
    # the racks and order lines referring to it forbid: the two columns stay there, unused.
    if op.get_bind().dialect.name == "sqlite":
        op.drop_column("production_orders", "reference")
        return
    for column, _, _ in ORDER_COLUMNS:
        op.drop_constraint(f"ck_production_orders_{column}", "production_orders", type_="check")
        op.drop_column("production_orders", column)
    op.drop_column("production_orders", "reference")
