"""Retired defect codes, and photos of what inspections and the metal detector found

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 09:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "defect_code_retirements",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["code"],
            ["defect_codes.code"],
            name=op.f("fk_defect_code_retirements_code_defect_codes"),
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_defect_code_retirements")),
    )
    op.create_table(
        "defect_photos",
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("pair_id", sa.Uuid(), nullable=False),
        sa.Column("content_type", sa.String(length=40), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id", "pair_id"],
            ["event_pairs.event_id", "event_pairs.pair_id"],
            name="fk_defect_photos_event_pair",
        ),
        sa.PrimaryKeyConstraint("event_id", "pair_id", name=op.f("pk_defect_photos")),
    )
    refuse_changes_to_photos()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS defect_photos_append_only ON defect_photos")
    op.drop_table("defect_photos")
    op.drop_table("defect_code_retirements")


def refuse_changes_to_photos() -> None:
    """A photo is evidence: the database refuses to update or delete it.

    PostgreSQL reuses the function revision 0001 installed for the floor's log.
    """
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE TRIGGER defect_photos_append_only BEFORE UPDATE OR DELETE ON defect_photos "
            "FOR EACH ROW EXECUTE FUNCTION refuse_event_change()"
        )
        return
    for change in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER defect_photos_no_{change.lower()} BEFORE {change} ON defect_photos "
            "BEGIN SELECT RAISE(ABORT, 'defect photos are append-only'); END"
        )
