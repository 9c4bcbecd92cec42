"""The desk's store: every step of an appeal as a timestamped row (SQLAlchemy Core; the
schema is made and changed by Alembic migrations only). SQLite (WAL) by default,
PostgreSQL by URL."""

from supportdesk.store.store import (
    AppealRow,
    DeskStore,
    Kept,
    MessageRow,
    PastAppeal,
    StepRow,
    WorkedAppeal,
)

__all__ = ["AppealRow", "DeskStore", "Kept", "MessageRow", "PastAppeal", "StepRow", "WorkedAppeal"]
