"""The online monitor counts each specialist's appeals finished today: an index on
finished_at (read once a day and when a senior starts watching)."""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    op.create_index("appeals_finished", "appeals", ["finished_at"])


def downgrade() -> None:
    op.drop_index("appeals_finished", table_name="appeals")
