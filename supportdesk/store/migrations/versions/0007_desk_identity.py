"""The desk's identity: one random id made with its store. The apps keep the conversations
of appeal addresses (a17@desk…), which a new store numbers from 1 again; an id they have
not seen tells them the old a17 is another appeal (a lab started fresh, a desk moved to a
new server)."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"


def upgrade() -> None:
    desk = op.create_table("desk", sa.Column("id", sa.Text, primary_key=True))
    op.bulk_insert(desk, [{"id": uuid.uuid4().hex}])


def downgrade() -> None:
    op.drop_table("desk")
