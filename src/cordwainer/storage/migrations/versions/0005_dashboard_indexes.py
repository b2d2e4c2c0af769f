"""Indexes for the dashboard on a year of history

A rack's events in time order (where racks wait, whose work a check looked at), and the
few pair marks that record a finding (which checks were a pair's first at a step).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 09:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

FINDINGS = "result IN ('rework', 'scrap', 'fail')"


def upgrade() -> None:
    op.create_index(
        "ix_events_rack_code_event_time", "events", ["rack_code", "event_time"], unique=False
    )
    op.create_index(
        "ix_event_pairs_findings",
        "event_pairs",
        ["pair_id"],
        unique=False,
        sqlite_where=sa.text(FINDINGS),
        postgresql_where=sa.text(FINDINGS),
    )


def downgrade() -> None:
    op.drop_index("ix_event_pairs_findings", table_name="event_pairs")
    op.drop_index("ix_events_rack_code_event_time", table_name="events")
