"""The tables, as SQLAlchemy Core sees them (the migrations make them; this mirrors the
newest migration and a test checks that the two agree)."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)

metadata = MetaData()

appeals = Table(
    "appeals", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("line", Text, nullable=False),
    Column("client", Text, nullable=False),  # bare JID, or the caller's number for a call
    Column("channel", Text, nullable=False),  # chat | call | callback (nobody took the call)
    Column("number", Text, nullable=False, server_default=""),  # what calls the client back
    Column("state", Text, nullable=False),  # queued | offered | in_work | finished | rated
    Column("specialist", Text),  # who has it (offered or in work)
    Column("transfers", Integer, nullable=False, default=0),
    Column("created_at", Float, nullable=False),
    # The report's facts, kept as the steps are written (store.step; migration 0003):
    Column("accepted_at", Float),  # first taken into work
    Column("accepted_by", Text),  # … by whom
    Column("offer_at", Float),  # the offer to them they accepted (none: from a queue)
    Column("responded_at", Float),  # the specialist's first message to the client
    Column("finished_at", Float),
    Column("missed", Integer, nullable=False, default=0),  # offers that ran out / rang out
    Column("score", Integer),  # the client's rating (its comment is in ratings)
    Index("appeals_open", "state", "line"),
    Index("appeals_client", "client", "created_at"),
    Index("appeals_line_created", "line", "created_at"),  # reports: a period of some lines
    Index("appeals_finished", "finished_at"),  # the monitor: finished today, per specialist
)

# Every step: created, queued, offered, offer_declined, offer_missed, accepted,
# first_response, transferred, escalated, invited, control_question, finished, rated.
events = Table(
    "events", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("appeal_id", Integer, ForeignKey("appeals.id"), nullable=False),
    Column("at", Float, nullable=False),
    Column("kind", Text, nullable=False),
    Column("actor", Text, nullable=False, default=""),
    Column("detail", Text, nullable=False, default=""),
    Index("events_appeal", "appeal_id", "at"),
    Index("events_kind_at", "kind", "at"),
)

messages = Table(
    "messages", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("appeal_id", Integer, ForeignKey("appeals.id"), nullable=False),
    Column("at", Float, nullable=False),
    Column("sender", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("stanza_id", Text, nullable=False),
    Column("note", Boolean, nullable=False, server_default=false()),  # the team's alone
    UniqueConstraint("appeal_id", "sender", "stanza_id", name="messages_once"),
    Index("messages_appeal", "appeal_id", "at"),
)

desk = Table(  # one row: this store's identity (migration 0007)
    "desk", metadata,
    Column("id", Text, primary_key=True),
)

lease = Table(  # one row: which desk routes now, and its epoch (0009, supportdesk/lease.py)
    "desk_lease", metadata,
    Column("id", Integer, primary_key=True),
    Column("holder", String(200), nullable=False),
    Column("epoch", BigInteger, nullable=False),
    Column("expires_at", Float, nullable=False),
)

ratings = Table(
    "ratings", metadata,
    Column("appeal_id", Integer, ForeignKey("appeals.id"), primary_key=True),
    Column("score", Integer, nullable=False),
    Column("comment", Text, nullable=False, default=""),
    Column("at", Float, nullable=False),
)
