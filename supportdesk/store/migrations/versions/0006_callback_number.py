"""A phone appeal keeps the number that calls its client back, and a callback is a channel
of its own in the row, so a restarted desk rebuilds a callback as one (not as a chat with
no number). Rows written before: a caller known only by number is called back at it; an
open call appeal with a callback step is a callback."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"


def upgrade() -> None:
    with op.batch_alter_table("appeals") as table:
        table.add_column(sa.Column("number", sa.Text, nullable=False, server_default=""))
    op.execute("UPDATE appeals SET number = client WHERE channel = 'call' "
               "AND client NOT LIKE '%@%'")
    op.execute("UPDATE appeals SET channel = 'callback' WHERE channel = 'call' "
               "AND state IN ('queued', 'offered') AND EXISTS (SELECT 1 FROM events e "
               "WHERE e.appeal_id = appeals.id AND e.kind = 'callback')")


def downgrade() -> None:
    op.execute("UPDATE appeals SET channel = 'call' WHERE channel = 'callback'")
    with op.batch_alter_table("appeals") as table:
        table.drop_column("number")
