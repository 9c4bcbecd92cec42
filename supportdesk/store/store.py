"""DeskStore: the desk's queries; callers get dataclasses, never rows or SQL."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, event, func, insert, select, text, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from supportdesk.store import report_rows
from supportdesk.store.schema import appeals, desk, events, messages, ratings

MIGRATIONS = Path(__file__).parent / "migrations"
EVENTS = events
MIGRATION_LOCK = 0x6465736B  # "desk": one migration at a time on a shared PostgreSQL
OPEN_STATES = ("queued", "offered", "in_work")
WORK_STEPS = ("accepted", "transferred", "escalated", "finished")  # actor: who worked on it
ROW = (appeals.c.id, appeals.c.line, appeals.c.client, appeals.c.channel, appeals.c.state,
       appeals.c.specialist, appeals.c.transfers, appeals.c.created_at,
       appeals.c.number)  # an AppealRow
# Built once: every message and step is one of these (no statement building per row).
ADD_EVENT = insert(events)
ADD_MESSAGE = insert(messages)
MAX_ID_REUSE = 10  # texts kept under one sender's id in an appeal
BUSY_S = 1.0  # a write waits this long for a store locked by someone else


@dataclass(frozen=True)
class Kept:
    """A message to keep: who said it, what, under which id, when; a note: the team's."""
    sender: str
    body: str
    stanza_id: str
    at: float
    note: bool = False


@dataclass(frozen=True)
class AppealRow:
    id: int
    line: str
    client: str
    channel: str
    state: str
    specialist: str | None
    transfers: int
    created_at: float
    number: str = ""  # a phone appeal's: what calls the client back


@dataclass(frozen=True)
class StepRow:
    at: float
    kind: str
    actor: str
    detail: str


@dataclass(frozen=True)
class PastAppeal:
    """One of a client's appeals, for the specialist's curtain."""
    id: int
    line: str
    channel: str
    state: str
    specialist: str | None
    transfers: int
    created_at: float
    score: int | None
    comment: str  # the client's, with the rating
    note: str = ""  # the specialists' latest comment on the appeal
    remote_sessions: int = 0  # remote sessions the client allowed …
    remote_note: str = ""  # … and how the latest one ended, with its comment


@dataclass(frozen=True)
class WorkedAppeal:
    """An appeal someone worked on (accepted, handed on, finished), for their feed."""
    id: int
    line: str
    client: str
    state: str
    specialist: str | None
    transfers: int
    created_at: float
    finished_at: float | None
    score: int | None
    comment: str
    channel: str = "chat"


@dataclass(frozen=True)
class MessageRow:
    at: float
    sender: str
    body: str
    stanza_id: str
    note: bool = False  # an internal note: the team's, never the client's


def _postgresql_settings(dbapi_connection: Any, _record: Any) -> None:
    # The same promise as SQLite's WAL + NORMAL: a desk killed at any moment loses nothing
    # committed (the server has it); only a crash of the database server or the machine may
    # lose the last fraction of a second. Without it every step waits for a disk flush
    # (13 ms an offer here), which no routing clock can afford.
    cursor = dbapi_connection.cursor()
    cursor.execute("SET synchronous_commit TO off")
    cursor.execute("SET lock_timeout TO '1s'")  # (BUSY_S: locked by someone else -> told)
    cursor.close()
    dbapi_connection.commit()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers never wait for the writer
    cursor.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: durable across a kill -9
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _own_sqlite_file(url: str) -> None:
    """Clients' conversations are the desk's user's alone: a new SQLite file is made 0600
    (SQLite gives its -wal and -shm files the database's own mode); an existing one that
    others may read is made so."""
    if not url.startswith("sqlite:///") or url.endswith(":memory:"):
        return
    path = Path(url.removeprefix("sqlite:///").partition("?")[0])
    if not path.name:
        return
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    for found in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        with contextlib.suppress(FileNotFoundError):
            if found.stat().st_mode & 0o077:
                found.chmod(0o600)


def driver_url(url: str) -> str:
    """A store's url as SQLAlchemy opens it: PostgreSQL through psycopg 3, not its default
    psycopg2."""
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def _insert_appeal(db: Connection, line: str, client: str, channel: str, at: float,
                   number: str = "") -> int:
    """A new queued appeal and its `created` step, in the caller's transaction."""
    made = db.execute(insert(appeals).values(
        line=line, client=client, channel=channel, state="queued", transfers=0,
        created_at=at, number=number)).inserted_primary_key
    assert made is not None
    db.execute(ADD_EVENT, {"appeal_id": made[0], "at": at, "kind": "created", "actor": client,
                           "detail": channel})
    return int(made[0])


class DeskStore:
    def __init__(self, url: str, migrate: bool = True,
                 fence: Callable[[Connection], None] | None = None) -> None:
        """`migrate`: brought to the newest schema first (a reader beside the desk, which
        did that, does not). `fence`: run first in every write transaction (the active
        desk's lease, supportdesk/lease.py: a desk that lost it never writes)."""
        self.fence = fence
        url = driver_url(url)
        _own_sqlite_file(url)
        # hide_parameters: an error's text (logged) never carries a message body or a name.
        # A store locked by someone else is waited for BUSY_S at most (SQLite's own retries),
        # on the routing loop: then the sender is told, never the whole desk stalled 5 s.
        sqlite = url.startswith("sqlite")
        self.engine: Engine = create_engine(
            url, pool_pre_ping=True, hide_parameters=True,
            connect_args={"timeout": BUSY_S} if sqlite else {})
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        elif self.engine.dialect.name == "postgresql":
            event.listen(self.engine, "connect", _postgresql_settings)
        if migrate:
            self.upgrade()

    def upgrade(self) -> None:
        """Brings the database to the newest schema (Alembic; a new one is made from 0)."""
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.begin() as connection:
            if self.engine.dialect.name == "postgresql":  # two desks starting at once
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                                   {"key": MIGRATION_LOCK})
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    @contextlib.contextmanager
    def _write(self) -> Iterator[Connection]:
        """A write transaction, fenced by the lease when there is one."""
        with self.engine.begin() as db:
            if self.fence is not None:
                self.fence(db)
            yield db

    def close(self) -> None:
        self.engine.dispose()

    # --- appeals --------------------------------------------------------------------------
    def new_appeal(self, line: str, client: str, channel: str, at: float,
                   first: tuple[str, str] | None = None, number: str = "") -> int:
        """A new appeal; `first` (body, stanza id): its first message, kept in the same
        transaction (a desk killed in between keeps neither, and the client's server
        bounces the message: nothing is half there)."""
        with self._write() as db:
            appeal = _insert_appeal(db, line, client, channel, at, number)
            if first is not None:
                db.execute(ADD_MESSAGE, {"appeal_id": appeal, "at": at, "sender": client,
                                         "body": first[0], "stanza_id": first[1]})
        return appeal

    def received(self, appeal: int | None, line: str, client: str, at: float, sender: str,
                 detail: str, said: list[Kept]) -> int:
        """A hand-over from a vendor's desk in one transaction: the appeal (a new chat on
        `line` when `appeal` is None), its `received` step, and the messages of `said` not
        kept yet (by sender and id: the same hand-over again adds none). Its number."""
        with self._write() as db:
            if appeal is None:
                appeal = _insert_appeal(db, line, client, "chat", at)
            db.execute(ADD_EVENT, {"appeal_id": appeal, "at": at, "kind": "received",
                                   "actor": sender, "detail": detail})
            kept = set(db.execute(select(messages.c.sender, messages.c.stanza_id).where(
                messages.c.appeal_id == appeal,
                messages.c.stanza_id.in_([m.stanza_id for m in said]))).all())
            fresh = [{"appeal_id": appeal, "at": m.at, "sender": m.sender, "body": m.body,
                      "stanza_id": m.stanza_id, "note": m.note}
                     for m in said if (m.sender, m.stanza_id) not in kept]
            if fresh:
                db.execute(ADD_MESSAGE, fresh)
        return appeal

    def requeue(self, appeal_ids: list[int]) -> None:
        """Back to queued, nobody's (a restarted desk routes its open offers anew), in one
        statement."""
        if appeal_ids:
            with self._write() as db:
                db.execute(update(appeals).where(appeals.c.id.in_(appeal_ids))
                           .values(state="queued", specialist=None))

    def step(self, appeal: int, kind: str, at: float, actor: str = "", detail: str = "",
             state: str | None = None, specialist: str | None = None,
             transferred: bool = False, line: str | None = None,
             channel: str | None = None) -> None:
        """One step of an appeal, with the appeal's new state when it changes."""
        changes: dict[str, Any] = {}
        if state is not None:
            changes["state"] = state
        if specialist is not None:
            changes["specialist"] = specialist or None
        if transferred:
            changes["transfers"] = appeals.c.transfers + 1
        if line is not None:
            changes["line"] = line
        if channel is not None:
            changes["channel"] = channel
        with self._write() as db:
            db.execute(ADD_EVENT, {"appeal_id": appeal, "at": at, "kind": kind,
                                   "actor": actor, "detail": detail})
            if changes:
                db.execute(update(appeals).where(appeals.c.id == appeal).values(**changes))
            if kind in report_rows.FACT_STEPS:
                db.execute(report_rows.FACT_STEPS[kind],
                           {"appeal": appeal, "at": at, "actor": actor})

    def appeal(self, appeal: int) -> AppealRow | None:
        with self.engine.connect() as db:
            row = db.execute(select(*ROW).where(appeals.c.id == appeal)).first()
        return AppealRow(*row) if row is not None else None

    def open_appeals(self) -> list[AppealRow]:
        """What a restarted desk picks up again, oldest first."""
        with self.engine.connect() as db:
            rows = db.execute(select(*ROW).where(appeals.c.state.in_(OPEN_STATES))
                              .order_by(appeals.c.created_at, appeals.c.id)).all()
        return [AppealRow(*row) for row in rows]

    def awaiting_rating(self, since: float) -> list[tuple[int, str, str, float]]:
        """(appeal, client, line, finished at) of appeals finished since `since` and not
        rated yet: a restarted desk still takes their ratings."""
        with self.engine.connect() as db:
            rows = db.execute(
                select(appeals.c.id, appeals.c.client, appeals.c.line, func.max(events.c.at))
                .join(events, events.c.appeal_id == appeals.c.id)
                .where(appeals.c.state == "finished", events.c.kind == "finished",
                       events.c.at >= since)
                .group_by(appeals.c.id, appeals.c.client, appeals.c.line)).all()
        return [(int(a), str(c), str(line), float(at)) for a, c, line, at in rows]

    def client_appeals(self, client: str, limit: int = 50) -> list[PastAppeal]:
        """A client's appeals, newest first, with their ratings and the latest comment."""
        note = (select(events.c.detail)
                .where(events.c.appeal_id == appeals.c.id, events.c.kind == "commented")
                .order_by(events.c.at.desc(), events.c.id.desc()).limit(1)
                .scalar_subquery())
        sessions = (select(func.count())
                    .where(events.c.appeal_id == appeals.c.id,
                           events.c.kind == "remote_started")
                    .scalar_subquery())
        ended = (select(events.c.detail)
                 .where(events.c.appeal_id == appeals.c.id, events.c.kind == "remote_ended")
                 .order_by(events.c.at.desc(), events.c.id.desc()).limit(1)
                 .scalar_subquery())
        with self.engine.connect() as db:
            rows = db.execute(
                select(appeals, ratings.c.score, ratings.c.comment, note.label("note"),
                       sessions.label("remote_sessions"), ended.label("remote_note"))
                .outerjoin(ratings, ratings.c.appeal_id == appeals.c.id)
                .where(appeals.c.client == client)
                .order_by(appeals.c.created_at.desc(), appeals.c.id.desc())
                .limit(limit)).all()
        return [PastAppeal(r.id, r.line, r.channel, r.state, r.specialist, r.transfers,
                           r.created_at, r.score, r.comment or "", r.note or "",
                           int(r.remote_sessions or 0),
                           (r.remote_note or "") if r.remote_sessions else "")
                for r in rows]

    def worked_on(self, who: str, since: float) -> list[WorkedAppeal]:
        """Appeals `who` accepted, handed on or finished since `since` (their day in the
        feed), with the finish and the rating when there are."""
        mine = (select(events.c.appeal_id)
                .where(events.c.kind.in_(WORK_STEPS), events.c.at >= since,
                       events.c.actor == who).distinct())
        finished = (select(func.max(events.c.at))
                    .where(events.c.appeal_id == appeals.c.id, events.c.kind == "finished")
                    .scalar_subquery())
        with self.engine.connect() as db:
            rows = db.execute(
                select(appeals.c.id, appeals.c.line, appeals.c.client, appeals.c.state,
                       appeals.c.specialist, appeals.c.transfers, appeals.c.created_at,
                       finished.label("finished_at"), ratings.c.score, ratings.c.comment,
                       appeals.c.channel)
                .outerjoin(ratings, ratings.c.appeal_id == appeals.c.id)
                .where(appeals.c.id.in_(mine))
                .order_by(appeals.c.created_at, appeals.c.id)).all()
        return [WorkedAppeal(r.id, r.line, r.client, r.state, r.specialist, r.transfers,
                             r.created_at, r.finished_at, r.score, r.comment or "",
                             r.channel)
                for r in rows]

    def holders(self, appeal: int) -> set[str]:
        """Everyone who had the appeal in work (accepted, got it by transfer or
        escalation), so each hears how it ended."""
        steps = self.timeline(appeal)
        return {s.actor for s in steps if s.kind == "accepted"} | {
            s.detail for s in steps
            if s.kind in ("transferred", "escalated") and not s.detail.startswith("line:")}

    def timeline(self, appeal: int) -> list[StepRow]:
        with self.engine.connect() as db:
            rows = db.execute(select(events.c.at, events.c.kind, events.c.actor,
                                     events.c.detail)
                              .where(events.c.appeal_id == appeal)
                              .order_by(events.c.at, events.c.id)).all()
        return [StepRow(float(at), str(k), str(a), str(d)) for at, k, a, d in rows]

    def end_cut_remote_sessions(self, why: str) -> list[int]:
        """Remote sessions a stopped desk left running (an open appeal's last remote step
        is its start) are ended `why`, at the last step the store kept before (the desk's
        last sign of life; its relay, and so the session, went with it). Their appeals."""
        started, ended = events.alias("started"), events.alias("ended")
        unended = (select(started.c.appeal_id, func.max(started.c.at))
                   .join(appeals, appeals.c.id == started.c.appeal_id)
                   .where(appeals.c.state.in_(OPEN_STATES),
                          started.c.kind == "remote_started",
                          ~select(ended.c.id).where(
                              ended.c.appeal_id == started.c.appeal_id,
                              ended.c.kind == "remote_ended",
                              ended.c.at >= started.c.at).exists())
                   .group_by(started.c.appeal_id))
        with self._write() as db:
            rows = db.execute(unended).all()
            last = db.execute(select(events.c.at).order_by(events.c.id.desc())
                              .limit(1)).scalar()
            for appeal, began in rows:
                db.execute(ADD_EVENT, {"appeal_id": appeal, "at": max(float(began),
                                                                      float(last or 0)),
                                       "kind": "remote_ended", "actor": "", "detail": why})
        return [int(appeal) for appeal, _began in rows]

    def open_steps(self, kinds: tuple[str, ...]) -> dict[int, list[StepRow]]:
        """The steps of these kinds of every open appeal, in order, in one query (a
        restarted desk rebuilds participants and clocks from them)."""
        with self.engine.connect() as db:
            rows = db.execute(
                select(events.c.appeal_id, events.c.at, events.c.kind, events.c.actor,
                       events.c.detail)
                .join(appeals, appeals.c.id == events.c.appeal_id)
                .where(appeals.c.state.in_(OPEN_STATES), events.c.kind.in_(kinds))
                .order_by(events.c.at, events.c.id)).all()
        found: dict[int, list[StepRow]] = {}
        for appeal, at, kind, actor, detail in rows:
            found.setdefault(int(appeal), []).append(
                StepRow(float(at), str(kind), str(actor), str(detail)))
        return found

    def steps(self, appeal: int) -> list[tuple[str, str]]:
        """(kind, actor) of every step, in order."""
        return [(step.kind, step.actor) for step in self.timeline(appeal)]

    # --- messages -------------------------------------------------------------------------
    def add_message(self, appeal: int, sender: str, body: str, stanza_id: str,
                    at: float, note: bool = False) -> str:
        """Kept once: the id it is kept under, "" for the same stanza again (a resend after
        an outage). Another text under an id of theirs already kept is another message
        (clients reuse ids): kept as "id~2", "id~3" … as the app keeps it."""
        key = stanza_id
        for n in range(2, MAX_ID_REUSE + 2):
            try:
                with self._write() as db:
                    db.execute(ADD_MESSAGE, {"appeal_id": appeal, "at": at, "sender": sender,
                                             "body": body, "stanza_id": key, "note": note})
            except IntegrityError:
                with self.engine.connect() as db:
                    kept = db.execute(select(messages.c.body).where(
                        messages.c.appeal_id == appeal, messages.c.sender == sender,
                        messages.c.stanza_id == key)).scalar()
                if kept is None:
                    raise  # (not a kept id: no such appeal, or the store refused it)
                if kept == body:
                    return ""
                key = f"{stanza_id}~{n}"
                continue
            return key
        return ""  # (the same id for ever more texts: a client playing games)

    def correct_message(self, appeal: int, sender: str, stanza_id: str, body: str) -> bool:
        """The sender's correction (XEP-0308) of their message: its text is the new one;
        False when this appeal has no such message of theirs."""
        with self._write() as db:
            done = db.execute(update(messages).where(
                messages.c.appeal_id == appeal, messages.c.sender == sender,
                messages.c.stanza_id == stanza_id).values(body=body))
        return bool(done.rowcount)

    def sender_of(self, appeal: int, stanza_id: str) -> str | None:
        """Who wrote the message with this id in this appeal (a quoted reply's author)."""
        with self.engine.connect() as db:
            row = db.execute(select(messages.c.sender).where(
                messages.c.appeal_id == appeal, messages.c.stanza_id == stanza_id)).first()
        return str(row[0]) if row is not None else None

    def conversation(self, appeal: int, before: int | None = None,
                     limit: int | None = None) -> list[MessageRow]:
        """The conversation in order: all of it (a specialist who gets a transfer sees all
        of it), or the `limit` messages before place `before` (a page of its history)."""
        query = (select(messages.c.at, messages.c.sender, messages.c.body, messages.c.stanza_id,
                        messages.c.note)
                 .where(messages.c.appeal_id == appeal).order_by(messages.c.at, messages.c.id))
        if limit is not None:
            end = before if before is not None else self.message_count(appeal)
            query = query.offset(max(0, end - limit)).limit(max(0, min(limit, end)))
        with self.engine.connect() as db:
            rows = db.execute(query).all()
        return [MessageRow(float(at), str(s), str(b), str(i), bool(n)) for at, s, b, i, n in rows]

    def message_count(self, appeal: int) -> int:
        with self.engine.connect() as db:
            return int(db.execute(select(func.count()).select_from(messages)
                                  .where(messages.c.appeal_id == appeal)).scalar_one())

    # --- ratings ----------------------------------------------------------------------------
    def rate(self, appeal: int, score: int, comment: str, at: float) -> bool:
        """The client's rating, once: False when the appeal already has one."""
        try:
            with self._write() as db:
                db.execute(insert(ratings).values(appeal_id=appeal, score=score,
                                                  comment=comment, at=at))
                db.execute(insert(events).values(appeal_id=appeal, at=at, kind="rated",
                                                 actor="", detail=str(score)))
                db.execute(update(appeals).where(appeals.c.id == appeal)
                           .values(state="rated", score=score))
        except IntegrityError:
            return False
        return True

    def identity(self) -> str:
        """This store's random id: the apps tell a new desk's a17 from an old one's."""
        with self.engine.connect() as db:
            return str(db.execute(select(desk.c.id)).scalar_one())

    def rating(self, appeal: int) -> tuple[int, str] | None:
        with self.engine.connect() as db:
            row = db.execute(select(ratings.c.score, ratings.c.comment)
                             .where(ratings.c.appeal_id == appeal)).first()
        return (int(row[0]), str(row[1])) if row is not None else None

    # --- reports --------------------------------------------------------------------------
    def report_rows(self, period: report_rows.Period) -> report_rows.Rows:
        return report_rows.read(self.engine, period)

    def day_figures(self, since: float) -> dict[str, tuple[int, int, int]]:
        """Per specialist, of the appeals finished since `since`: (finished, rated,
        sum of their scores): the monitor's "today"."""
        a = appeals.c
        with self.engine.connect() as db:
            rows = db.execute(select(a.specialist, func.count(), func.count(a.score),
                                     func.coalesce(func.sum(a.score), 0))
                              .where(a.finished_at >= since).group_by(a.specialist)).all()
        return {str(who): (int(n), int(rated), int(total)) for who, n, rated, total in rows
                if who}

    def count(self, events: bool = False) -> int:
        """Appeals (or, `events`, steps) kept."""
        with self.engine.connect() as db:
            return int(db.execute(select(func.count()).select_from(
                EVENTS if events else appeals)).scalar_one())
