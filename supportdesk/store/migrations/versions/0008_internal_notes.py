"""Internal notes: a specialist's words in an appeal's conversation for the team alone (the
holder, the invited, the line's seniors, whoever gets it next), never sent to the client.
Kept among its messages, marked."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"


def upgrade() -> None:
    with op.batch_alter_table("messages") as table:
        table.add_column(sa.Column("note", sa.Boolean, nullable=False,
                                   server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("messages") as table:
        table.drop_column("note")
