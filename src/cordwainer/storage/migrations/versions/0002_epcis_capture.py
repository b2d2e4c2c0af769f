"""EPCIS capture: events received from other systems, kept as received and indexed

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 16:10:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

APPEND_ONLY = ("epcis_captures", "epcis_events", "epcis_event_epcs")


def upgrade() -> None:
    op.create_table(
        "epcis_captures",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("captured_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("stored", sa.Integer(), nullable=False),
        sa.Column("context", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_epcis_captures")),
    )
    op.create_table(
        "epcis_events",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("capture_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(length=1000), nullable=True),
        sa.Column("event_type", sa.String(length=1000), nullable=False),
        sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("record_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(length=8), nullable=True),
        sa.Column("biz_step", sa.String(length=1000), nullable=True),
        sa.Column("disposition", sa.String(length=1000), nullable=True),
        sa.Column("biz_location", sa.String(length=1000), nullable=True),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["capture_id"],
            ["epcis_captures.id"],
            name=op.f("fk_epcis_events_capture_id_epcis_captures"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_epcis_events")),
        sa.UniqueConstraint("event_id", name=op.f("uq_epcis_events_event_id")),
    )
    with op.batch_alter_table("epcis_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_epcis_events_capture_id"), ["capture_id"], unique=False
        )
        batch_op.create_index("ix_epcis_events_event_time", ["event_time"], unique=False)
        batch_op.create_index("ix_epcis_events_biz_step", ["biz_step"], unique=False)
        batch_op.create_index("ix_epcis_events_biz_location", ["biz_location"], unique=False)

    op.create_table(
        "epcis_event_epcs",
        sa.Column("event_key", sa.Uuid(), nullable=False),
        sa.Column("role", sa.String(length=8), nullable=False),
        sa.Column("epc", sa.String(length=1000), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_key"],
            ["epcis_events.id"],
            name=op.f("fk_epcis_event_epcs_event_key_epcis_events"),
        ),
        sa.PrimaryKeyConstraint("event_key", "role", "epc", name=op.f("pk_epcis_event_epcs")),
    )
    with op.batch_alter_table("epcis_event_epcs", schema=None) as batch_op:
        batch_op.create_index("ix_epcis_event_epcs_epc", ["epc"], unique=False)

    refuse_changes_to_captured_events()


def downgrade() -> None:
    with op.batch_alter_table("epcis_event_epcs", schema=None) as batch_op:
        batch_op.drop_index("ix_epcis_event_epcs_epc")

    op.drop_table("epcis_event_epcs")
    with op.batch_alter_table("epcis_events", schema=None) as batch_op:
        batch_op.drop_index("ix_epcis_events_biz_location")
        batch_op.drop_index("ix_epcis_events_biz_step")
        batch_op.drop_index("ix_epcis_events_event_time")
        batch_op.drop_index(batch_op.f("ix_epcis_events_capture_id"))

    op.drop_table("epcis_events")
    op.drop_table("epcis_captures")


def refuse_changes_to_captured_events() -> None:
    """Captured events are facts too: the database refuses to update or delete them.

    PostgreSQL reuses the function revision 0001 installed for the floor's log.
    """
    if op.get_bind().dialect.name == "postgresql":
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
                f"BEGIN SELECT RAISE(ABORT, 'captured EPCIS events are append-only'); END"
            )
