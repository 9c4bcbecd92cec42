"""Reports read a period's appeals of some lines: an index on (line, created_at)."""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    op.create_index("appeals_line_created", "appeals", ["line", "created_at"])


def downgrade() -> None:
    op.drop_index("appeals_line_created", table_name="appeals")
