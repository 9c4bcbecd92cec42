"""The active desk's lease (PostgreSQL): one row naming who routes now, with an epoch that
every write of that desk checks (supportdesk/lease.py). A standby desk waits for the lease
to lapse; one that wakes up after losing it finds the epoch moved and stops."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"


def upgrade() -> None:
    lease = op.create_table(
        "desk_lease",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("holder", sa.String(200), nullable=False),
        sa.Column("epoch", sa.BigInteger, nullable=False),
        sa.Column("expires_at", sa.Float, nullable=False))  # the database's clock, seconds
    op.bulk_insert(lease, [{"id": 1, "holder": "", "epoch": 0, "expires_at": 0.0}])


def downgrade() -> None:
    op.drop_table("desk_lease")
