"""Appeals, their steps, their messages and ratings."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "appeals",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("line", sa.Text, nullable=False),
        sa.Column("client", sa.Text, nullable=False),
        sa.Column("channel", sa.Text, nullable=False),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("specialist", sa.Text),
        sa.Column("transfers", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created_at", sa.Float, nullable=False))
    op.create_index("appeals_open", "appeals", ["state", "line"])
    op.create_index("appeals_client", "appeals", ["client", "created_at"])
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("appeal_id", sa.Integer, sa.ForeignKey("appeals.id"), nullable=False),
        sa.Column("at", sa.Float, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("actor", sa.Text, nullable=False, server_default=""),
        sa.Column("detail", sa.Text, nullable=False, server_default=""))
    op.create_index("events_appeal", "events", ["appeal_id", "at"])
    op.create_index("events_kind_at", "events", ["kind", "at"])
    op.create_table(
        "messages",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("appeal_id", sa.Integer, sa.ForeignKey("appeals.id"), nullable=False),
        sa.Column("at", sa.Float, nullable=False),
        sa.Column("sender", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("stanza_id", sa.Text, nullable=False),
        sa.UniqueConstraint("appeal_id", "sender", "stanza_id", name="messages_once"))
    op.create_index("messages_appeal", "messages", ["appeal_id", "at"])
    op.create_table(
        "ratings",
        sa.Column("appeal_id", sa.Integer, sa.ForeignKey("appeals.id"), primary_key=True),
        sa.Column("score", sa.Integer, nullable=False),
        sa.Column("comment", sa.Text, nullable=False, server_default=""),
        sa.Column("at", sa.Float, nullable=False))
