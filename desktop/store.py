"""SQLite store (WAL) in the user data dir: call history with comments, chat cache, outbox.

A damaged file or one written by a newer Deskline is reported and left as it is: the user's
history is never overwritten to make the app start.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.values import CallRecord

SCHEMA_VERSION = 8


def _v1(db: sqlite3.Connection) -> None:
    # Statement by statement: executescript() would COMMIT the migration's transaction.
    for statement in (
        """CREATE TABLE calls (
            id INTEGER PRIMARY KEY,
            direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
            number TEXT NOT NULL,
            name TEXT NOT NULL DEFAULT '',
            started_at REAL NOT NULL,
            answered_at REAL,
            ended_at REAL,
            result TEXT NOT NULL DEFAULT '',
            comment TEXT NOT NULL DEFAULT ''
        )""",
        """CREATE INDEX calls_started ON calls (started_at)""",
        """CREATE TABLE messages (
            id INTEGER PRIMARY KEY,
            account TEXT NOT NULL,
            peer TEXT NOT NULL,
            stanza_id TEXT NOT NULL,
            outgoing INTEGER NOT NULL,
            body TEXT NOT NULL,
            sent_at REAL NOT NULL,
            reply_to TEXT NOT NULL DEFAULT '',
            receipt INTEGER NOT NULL DEFAULT 0,
            UNIQUE (account, peer, stanza_id)
        )""",
        """CREATE INDEX messages_conv ON messages (account, peer, sent_at)""",
        """CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            account TEXT NOT NULL,
            peer TEXT NOT NULL,
            stanza_id TEXT NOT NULL UNIQUE,
            body TEXT NOT NULL,
            reply_to TEXT NOT NULL DEFAULT '',
            created_at REAL NOT NULL
        )""",
    ):
        db.execute(statement)


def _v2(db: sqlite3.Connection) -> None:
    """Replies keep the quoted text, so a quote shows without the quoted message at hand."""
    db.execute("ALTER TABLE messages ADD COLUMN quote TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE outbox ADD COLUMN quote TEXT NOT NULL DEFAULT ''")


def _v3(db: sqlite3.Connection) -> None:
    """Their corrections (XEP-0308) replace the text; the message says it was edited."""
    db.execute("ALTER TABLE messages ADD COLUMN edited INTEGER NOT NULL DEFAULT 0")


def _v4(db: sqlite3.Connection) -> None:
    """In an appeal, a colleague's words are theirs, not the client's: who wrote them."""
    db.execute("ALTER TABLE messages ADD COLUMN author TEXT NOT NULL DEFAULT ''")


def _v5(db: sqlite3.Connection) -> None:
    """Which desk store the cached appeal conversations (a17@desk…) came from: a new one
    numbers from 1 again, and its a17 is another appeal."""
    db.execute("CREATE TABLE desks (account TEXT NOT NULL, desk TEXT NOT NULL, "
               "identity TEXT NOT NULL, PRIMARY KEY (account, desk))")


def _v6(db: sqlite3.Connection) -> None:
    """Search over every kept message: an FTS5 index of their words (ё read as е: unicode61
    keeps them apart), kept by triggers; built here for the messages already kept."""
    db.execute("CREATE VIRTUAL TABLE messages_fts USING fts5(body, "
               "tokenize='unicode61 remove_diacritics 2', prefix='2 3')")
    for statement in (
        "CREATE TRIGGER messages_fts_in AFTER INSERT ON messages BEGIN "
        "INSERT INTO messages_fts (rowid, body) VALUES "
        "(new.id, replace(replace(new.body, 'ё', 'е'), 'Ё', 'Е')); END",
        "CREATE TRIGGER messages_fts_out AFTER DELETE ON messages BEGIN "
        "DELETE FROM messages_fts WHERE rowid = old.id; END",
        "CREATE TRIGGER messages_fts_edit AFTER UPDATE OF body ON messages BEGIN "
        "UPDATE messages_fts SET body = replace(replace(new.body, 'ё', 'е'), 'Ё', 'Е') "
        "WHERE rowid = old.id; END",
        "INSERT INTO messages_fts (rowid, body) SELECT id, "
        "replace(replace(body, 'ё', 'е'), 'Ё', 'Е') FROM messages",
    ):
        db.execute(statement)


def _v7(db: sqlite3.Connection) -> None:
    """An appeal's internal notes: the team's words, shown apart and never sent to the
    client (the desk keeps the rule; the app shows what it is)."""
    db.execute("ALTER TABLE messages ADD COLUMN note INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE outbox ADD COLUMN note INTEGER NOT NULL DEFAULT 0")


def _v8(db: sqlite3.Connection) -> None:
    """A call's line quality: its worst estimated MOS (from RTCP), shown in its row."""
    db.execute("ALTER TABLE calls ADD COLUMN mos REAL NOT NULL DEFAULT 0")


# MIGRATIONS[n] brings an empty (n = 0) or version-n database to version n + 1.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    0: _v1, 1: _v2, 2: _v3, 3: _v4, 4: _v5, 5: _v6,
    6: _v7, 7: _v8}


class StoreError(RuntimeError):
    """The database cannot be used; the message says why and that nothing was changed."""


class _Damaged(Exception):  # noqa: N818 - internal, turned into StoreError
    pass


@dataclass(frozen=True)
class FoundMessage:
    """A kept message that matched a search."""
    peer: str
    stanza_id: str
    outgoing: bool
    body: str
    sent_at: float
    author: str


@dataclass(frozen=True)
class OutboxItem:
    id: int
    account: str
    peer: str
    stanza_id: str
    body: str
    reply_to: str
    created_at: float
    quote: str = ""
    note: bool = False


def _outbox_item(row: tuple[Any, ...]) -> OutboxItem:
    return OutboxItem(int(row[0]), str(row[1]), str(row[2]), str(row[3]), str(row[4]),
                      str(row[5]), float(row[6]), str(row[7]), bool(row[8]))


class Store:
    def __init__(self, path: Path | str) -> None:
        """Opens or creates the database; ':memory:' for unit tests."""
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            # Clients' conversations: the owner's alone. SQLite gives its -wal and -shm
            # files the database's own permissions.
            with contextlib.suppress(FileExistsError):
                os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None, timeout=5)
            self._check_and_migrate()
        except _Damaged as exc:
            raise StoreError(f"The database {self.path} is damaged or not a Deskline database "
                             f"({exc}). It was left as it is; move it away to start with an "
                             f"empty history.") from exc
        except sqlite3.Error as exc:
            raise StoreError(f"The database {self.path} cannot be opened ({exc}). "
                             f"It was left as it is.") from exc

    def _check_and_migrate(self) -> None:
        db = self.db
        try:
            ok = db.execute("PRAGMA quick_check").fetchone()[0]
        except sqlite3.DatabaseError as exc:  # "file is not a database" and the like
            raise _Damaged(str(exc)) from exc
        if ok != "ok":
            raise _Damaged(ok)
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise StoreError(f"The database {self.path} was written by a newer Deskline "
                             f"(version {version}, this one knows {SCHEMA_VERSION}). It was "
                             f"left as it is; update Deskline to use it.")
        if version == 0 and db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            raise _Damaged("it has tables but no Deskline schema version")
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: durable across app crashes
        db.execute("PRAGMA foreign_keys=ON")
        while version < SCHEMA_VERSION:
            with self.transaction():
                MIGRATIONS[version](db)
                version += 1
                db.execute(f"PRAGMA user_version={version}")

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Runs the with-block in one BEGIN IMMEDIATE ... COMMIT, or rolls it back."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def close(self) -> None:
        self.db.close()

    # --- call history -------------------------------------------------------------------
    def add_call(self, direction: str, number: str, name: str = "",
                 started_at: float | None = None) -> int:
        cur = self.db.execute(
            "INSERT INTO calls (direction, number, name, started_at) VALUES (?, ?, ?, ?)",
            (direction, number, name, time.time() if started_at is None else started_at))
        return int(cur.lastrowid or 0)

    def call_answered(self, call_id: int, at: float | None = None) -> None:
        self.db.execute("UPDATE calls SET answered_at=? WHERE id=?",
                        (time.time() if at is None else at, call_id))

    def call_ended(self, call_id: int, result: str, at: float | None = None) -> None:
        self.db.execute("UPDATE calls SET ended_at=?, result=? WHERE id=?",
                        (time.time() if at is None else at, result, call_id))

    def set_call_quality(self, call_id: int, mos: float) -> None:
        self.db.execute("UPDATE calls SET mos=? WHERE id=?", (mos, call_id))

    def set_call_comment(self, call_id: int, comment: str) -> None:
        self.db.execute("UPDATE calls SET comment=? WHERE id=?", (comment, call_id))

    def call(self, call_id: int) -> CallRecord | None:
        row = self.db.execute("SELECT * FROM calls WHERE id=?", (call_id,)).fetchone()
        return CallRecord(*row) if row else None

    def calls(self, limit: int = 200, number: str | None = None) -> list[CallRecord]:
        sql = "SELECT * FROM calls"
        args: tuple[object, ...] = ()
        if number is not None:
            sql, args = sql + " WHERE number=?", (number,)
        rows = self.db.execute(sql + " ORDER BY started_at DESC, id DESC LIMIT ?",
                               (*args, limit)).fetchall()
        return [CallRecord(*row) for row in rows]

    # --- outbox: messages written while offline ----------------------------------------
    def outbox_add(self, account: str, peer: str, stanza_id: str, body: str,
                   reply_to: str = "", quote: str = "", note: bool = False) -> int:
        cur = self.db.execute(
            "INSERT INTO outbox (account, peer, stanza_id, body, reply_to, created_at, quote, "
            "note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (account, peer, stanza_id, body, reply_to, time.time(), quote, int(note)))
        return int(cur.lastrowid or 0)

    def outbox(self, account: str) -> list[OutboxItem]:
        rows = self.db.execute(
            "SELECT id, account, peer, stanza_id, body, reply_to, created_at, quote, note "
            "FROM outbox WHERE account=? ORDER BY id", (account,)).fetchall()
        return [_outbox_item(row) for row in rows]

    def outbox_item(self, stanza_id: str) -> OutboxItem | None:
        row = self.db.execute(
            "SELECT id, account, peer, stanza_id, body, reply_to, created_at, quote, note "
            "FROM outbox WHERE stanza_id=?", (stanza_id,)).fetchone()
        return _outbox_item(row) if row else None

    def outbox_remove(self, stanza_id: str) -> None:
        self.db.execute("DELETE FROM outbox WHERE stanza_id=?", (stanza_id,))

    # --- message cache ------------------------------------------------------------------
    def cache_message(self, account: str, peer: str, stanza_id: str, outgoing: bool,
                      body: str, sent_at: float, reply_to: str = "", quote: str = "",
                      author: str = "", note: bool = False) -> bool:
        """Keeps a message; False when this stanza id was already kept (a duplicate).
        `author`: who wrote it when not `peer` itself (a colleague in an appeal); `note`:
        an appeal's internal note."""
        cur = self.db.execute(
            "INSERT OR IGNORE INTO messages (account, peer, stanza_id, outgoing, body, "
            "sent_at, reply_to, quote, author, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (account, peer, stanza_id, int(outgoing), body, sent_at, reply_to, quote, author,
             int(note)))
        return cur.rowcount == 1

    def message(self, account: str, peer: str, stanza_id: str
                ) -> tuple[str, float, str, str] | None:
        """(body, sent_at, reply_to, quote) of a kept message."""
        row = self.db.execute("SELECT body, sent_at, reply_to, quote FROM messages WHERE "
                              "account=? AND peer=? AND stanza_id=?",
                              (account, peer, stanza_id)).fetchone()
        return (str(row[0]), float(row[1]), str(row[2]), str(row[3])) if row else None

    def is_note(self, account: str, peer: str, stanza_id: str) -> bool:
        row = self.db.execute("SELECT note FROM messages WHERE account=? AND peer=? AND "
                              "stanza_id=?", (account, peer, stanza_id)).fetchone()
        return bool(row and row[0])

    def was_corrected(self, account: str, peer: str, stanza_id: str) -> bool:
        row = self.db.execute("SELECT edited FROM messages WHERE account=? AND peer=? AND "
                              "stanza_id=?", (account, peer, stanza_id)).fetchone()
        return bool(row and row[0])

    def correct_message(self, account: str, peer: str, stanza_id: str, body: str) -> bool:
        """Their message `stanza_id` now says `body` (only theirs: nobody corrects ours)."""
        cur = self.db.execute("UPDATE messages SET body=?, edited=1 WHERE account=? AND "
                              "peer=? AND stanza_id=? AND outgoing=0",
                              (body, account, peer, stanza_id))
        return cur.rowcount == 1

    def desk_identity(self, account: str, desk: str) -> str:
        row = self.db.execute("SELECT identity FROM desks WHERE account=? AND desk=?",
                              (account, desk)).fetchone()
        return str(row[0]) if row else ""

    def new_desk_identity(self, account: str, desk: str, identity: str) -> int:
        """The desk at `desk` is another store than the one we cached appeals of: their
        conversations go (its history gives each again); how many messages went."""
        with self.transaction():
            gone = self.db.execute(
                "DELETE FROM messages WHERE account=? AND peer GLOB ?",
                (account, f"a[1-9]*@{desk}")).rowcount
            self.db.execute("INSERT OR REPLACE INTO desks (account, desk, identity) "
                            "VALUES (?, ?, ?)", (account, desk, identity))
        return int(gone)

    def mark_receipt(self, account: str, peer: str, stanza_id: str) -> None:
        self.db.execute("UPDATE messages SET receipt=1 WHERE account=? AND peer=? AND "
                        "stanza_id=?", (account, peer, stanza_id))

    def messages(self, account: str, peer: str, limit: int = 200, before: float | None = None
                 ) -> list[tuple[str, bool, str, float, int, str, str, bool, str, bool]]:
        """The latest messages of a conversation, oldest first: (id, outgoing, body,
        sent_at, receipt, reply_to, quote, edited, author, note). `before` pages further
        back."""
        rows = self.db.execute(
            "SELECT stanza_id, outgoing, body, sent_at, receipt, reply_to, quote, edited, "
            "author, note "
            "FROM messages "
            "WHERE account=? AND peer=? AND sent_at < ? ORDER BY sent_at DESC, id DESC LIMIT ?",
            (account, peer, before if before is not None else float("inf"), limit)).fetchall()
        return [(str(r[0]), bool(r[1]), str(r[2]), float(r[3]), int(r[4]), str(r[5]),
                 str(r[6]), bool(r[7]), str(r[8]), bool(r[9])) for r in reversed(rows)]

    def newer_count(self, account: str, peer: str, stanza_id: str) -> int:
        """How many messages of the conversation are as new as this one or newer (what must
        be shown for it to be); 0 when it is not kept."""
        return int(self.db.execute(
            "SELECT count(*) FROM messages WHERE account=? AND peer=? AND sent_at >= "
            "(SELECT sent_at FROM messages WHERE account=? AND peer=? AND stanza_id=?)",
            (account, peer, account, peer, stanza_id)).fetchone()[0])

    def message_count(self, account: str, peer: str) -> int:
        return int(self.db.execute("SELECT count(*) FROM messages WHERE account=? AND peer=?",
                                   (account, peer)).fetchone()[0])


    def find_messages(self, account: str, match: str, limit: int = 50,
                      peer: str | None = None) -> list[FoundMessage]:
        """The messages kept last whose words match `match` (an FTS5 query), newest first.
        The index is walked from the message kept last and stops at `limit`: a common word
        costs no more than a rare one (kept order is time order but for an archive's older
        messages fetched later, which then count as recent)."""
        rows = self.db.execute(
            "SELECT m.peer, m.stanza_id, m.outgoing, m.body, m.sent_at, m.author "
            "FROM messages_fts f JOIN messages m ON m.id = f.rowid "
            "WHERE messages_fts MATCH ? AND m.account=? AND (? IS NULL OR m.peer=?) "
            "ORDER BY f.rowid DESC LIMIT ?",
            (match, account, peer, peer, limit)).fetchall()
        found = [FoundMessage(str(r[0]), str(r[1]), bool(r[2]), str(r[3]), float(r[4]),
                              str(r[5])) for r in rows]
        return sorted(found, key=lambda m: -m.sent_at)
