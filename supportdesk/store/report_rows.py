"""What a report is made of, read in SQL (the same statements on SQLite and PostgreSQL).
Each appeal keeps its facts as its steps are written (FACT_STEPS, run by DeskStore.step in
the same transaction; migration 0003 filled them from the steps written before): first
accepted (by whom, after which offer), first answered, finished, offers missed, the score.
So a month's report is one grouped scan of the period's appeals (per line and specialist),
one narrow read of the times for the medians and two small lists, run side by side on
their own connections (bench/reports.py: 100,000 appeals)."""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, case, func, literal, select, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.sql import Select

from supportdesk.store.schema import appeals, events, ratings

CALL_TARGET_S = 5.0  # the seed: answer a call within 4-5 seconds
BROAD_S = 7 * 86_400  # a period longer than this is read whole, not through the index

# A step of these kinds updates its appeal's facts (:appeal, :at, :actor); only the first
# acceptance, answer and finish count.
FACT_STEPS = {
    # The offer accepted is the one still open: an earlier offer to the same person that ran
    # out or was declined is not (taking the appeal from the queue later is no offer's).
    "accepted": text(
        "UPDATE appeals SET accepted_at = :at, accepted_by = :actor, offer_at = ("
        "SELECT MAX(e.at) FROM events e WHERE e.appeal_id = :appeal AND e.kind = 'offered' "
        "AND e.actor = :actor AND e.at <= :at AND NOT EXISTS ("
        "SELECT 1 FROM events f WHERE f.appeal_id = :appeal AND f.actor = :actor "
        "AND f.kind IN ('offer_missed', 'offer_declined') AND f.id > e.id)) "
        "WHERE id = :appeal AND accepted_at IS NULL"),
    "first_response": text("UPDATE appeals SET responded_at = :at "
                           "WHERE id = :appeal AND responded_at IS NULL"),
    "finished": text("UPDATE appeals SET finished_at = :at "
                     "WHERE id = :appeal AND finished_at IS NULL"),
    "returned": text("UPDATE appeals SET finished_at = :at "  # (its end here: the partner's
                     "WHERE id = :appeal AND finished_at IS NULL"),  # desk goes on with it)
    "offer_missed": text("UPDATE appeals SET missed = missed + 1 WHERE id = :appeal"),
}


@dataclass(frozen=True)
class Period:
    since: float
    until: float
    lines: tuple[str, ...]
    specialist: str = ""  # only the appeals they accepted
    targets: Mapping[str, float] | None = None  # a line's accept_seconds (chats)


@dataclass(frozen=True)
class Counts:
    """A group's counts (a line's, or a specialist's: the appeals they accepted)."""

    appeals: int
    chats: int
    accepted: int
    on_offer: int
    within_target: int
    missed: int
    transferred_once: int
    transferred_more: int
    finished: int
    finished_unrated: int
    ratings: tuple[int, int, int, int, int]
    rating_avg: float | None


# One appeal's times, for the medians and the hours: (line, accepted by or "", created at,
# offer -> accepted, created -> first response, created -> finished, created -> accepted);
# None where not reached. Plain tuples: a month has 100,000 of them.
Times = tuple[str, str, float, float | None, float | None, float | None, float | None]


@dataclass(frozen=True)
class Rows:
    by_line: dict[str, Counts]
    by_specialist: dict[str, Counts]
    times: list[Times]  # every appeal of the period
    missed_by: dict[str, int]  # offers each specialist missed on the period's appeals
    comments: list[tuple[int, str, str, int, str]]  # (appeal, line, specialist, score, text)
    # (line, who accepted the appeal) -> (remote sessions allowed, their seconds in all)
    remote: dict[tuple[str, str], tuple[int, float]] = field(default_factory=dict)
    # (line, who accepted) -> (calls whose line was measured, of them on a poor line)
    quality: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)
    # (line, who accepted) -> (returned to a partner, received from a vendor)
    handed: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)


def _where(period: Period, theirs: bool = True) -> list[Any]:
    """The period's appeals on its lines; `theirs`: only those its specialist accepted. A
    long period reads the whole table rather than going through the index row by row
    (`+ 0` keeps SQLite off it; reading most of the table is faster in order)."""
    created: Any = appeals.c.created_at
    if period.until - period.since > BROAD_S:
        created = created + 0
    found = [created >= period.since, created < period.until,
             appeals.c.line.in_(list(period.lines))]
    if period.specialist and theirs:
        found.append(appeals.c.accepted_by == period.specialist)
    return found


def _sums(engine: Engine, period: Period) -> list[tuple[Any, ...]]:
    """One grouped scan: per (line, who accepted) the sums Counts is made of (the score's
    sum and count rather than its mean, so groups add up)."""
    a = appeals.c
    targets = period.targets or {}
    target = case(*((a.line == line, seconds) for line, seconds in targets.items()),
                  else_=literal(300.0)) if targets else literal(300.0)
    accepted = a.accepted_at.isnot(None)
    on_offer = and_(accepted, a.offer_at.isnot(None))
    within = and_(on_offer, a.accepted_at - a.offer_at <= case(
        (a.channel == "chat", target), else_=literal(CALL_TARGET_S)))

    def n(condition: Any) -> Any:
        return func.sum(case((condition, 1), else_=0))

    query = (select(a.line, a.accepted_by, func.count(), n(a.channel == "chat"),
                    n(accepted), n(on_offer), n(within), func.sum(a.missed),
                    n(a.transfers == 1), n(a.transfers > 1), n(a.finished_at.isnot(None)),
                    n(and_(a.finished_at.isnot(None), a.score.is_(None))),
                    *(n(a.score == score) for score in range(1, 6)),
                    func.sum(a.score), func.count(a.score))
             .where(*_where(period)).group_by(a.line, a.accepted_by))
    with engine.connect() as db:
        return [tuple(row) for row in db.execute(query).all()]


def _add_up(sums: list[tuple[Any, ...]], key: int) -> dict[str, Counts]:
    """Counts per line (key 0) or per specialist (key 1) from the grouped sums."""
    totals: dict[str, list[float]] = {}
    for row in sums:
        total = totals.setdefault(str(row[key] or ""), [0.0] * 17)
        for i, value in enumerate(row[2:]):
            total[i] += float(value or 0)
    return {name: Counts(
        int(t[0]), int(t[1]), int(t[2]), int(t[3]), int(t[4]), int(t[5]), int(t[6]),
        int(t[7]), int(t[8]), int(t[9]), (int(t[10]), int(t[11]), int(t[12]), int(t[13]),
                                           int(t[14])),
        t[15] / t[16] if t[16] else None) for name, t in totals.items()}


def _plain_rows(db: Connection, query: Select[Any]) -> list[Any]:
    """A query's rows as the driver gives them (tuples): for the 100,000 rows of a month's
    times, SQLAlchemy's own rows cost a third of the read."""
    compiled = query.compile(dialect=db.dialect,
                             compile_kwargs={"render_postcompile": True})
    params: Any = compiled.params
    if compiled.positional:
        params = tuple(compiled.params[name] for name in compiled.positiontup or ())
    cursor = db.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(str(compiled), params)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def _missed(engine: Engine, period: Period) -> dict[str, int]:
    """Offers each specialist missed on the period's appeals."""
    with engine.connect() as db:
        return {str(actor): int(count) for actor, count in db.execute(
            select(events.c.actor, func.count())
            .join(appeals, and_(appeals.c.id == events.c.appeal_id,
                                events.c.kind == "offer_missed"))
            .where(*_where(period, theirs=False)).group_by(events.c.actor)).all()}


def _comments(engine: Engine, period: Period) -> list[tuple[int, str, str, int, str]]:
    a = appeals.c
    with engine.connect() as db:
        return [(int(i), str(line), str(by or ""), int(score), str(comment))
                for i, line, by, score, comment in db.execute(
                    select(a.id, a.line, a.accepted_by, ratings.c.score, ratings.c.comment)
                    .join(ratings, ratings.c.appeal_id == a.id)
                    .where(*_where(period), ratings.c.comment != "")
                    .order_by(a.id)).all()]


def _remote(engine: Engine, period: Period) -> dict[tuple[str, str], tuple[int, float]]:
    """The period's remote sessions (each start, and the first end after it), per line and
    specialist: how many and how long. Few rows: a session is a step pair, not an appeal."""
    started, ended = events.alias("started"), events.alias("ended")
    a = appeals.c
    first_end = (select(func.min(ended.c.at)).where(
        ended.c.appeal_id == started.c.appeal_id, ended.c.kind == "remote_ended",
        ended.c.at >= started.c.at).scalar_subquery())
    query = (select(a.line, a.accepted_by, started.c.at, first_end)
             .join(appeals, appeals.c.id == started.c.appeal_id)
             .where(started.c.kind == "remote_started", *_where(period)))
    found: dict[tuple[str, str], tuple[int, float]] = {}
    with engine.connect() as db:
        for line, who, began, over in db.execute(query).all():
            count, seconds = found.get((str(line), str(who or "")), (0, 0.0))
            found[(str(line), str(who or ""))] = (
                count + 1, seconds + (float(over) - float(began) if over is not None else 0.0))
    return found


POOR_MOS = 3.6  # as the app's call panel says (desktop/telephony/quality.py)
CHUNK = 500  # appeals asked for at once by id (SQLite caps a statement's parameters)


def _quality(engine: Engine, period: Period) -> dict[tuple[str, str], tuple[int, int]]:
    """The period's measured calls (a call_quality step: the worst MOS the specialist's app
    estimated), per line and specialist: how many, and how many on a poor line. The steps
    are found first by their kind (an index; none at all on a desk without calls), then
    their appeals: joined the other way round the planner read every appeal of the period
    and cost a month's report 100 ms."""
    e = events.c
    with engine.connect() as db:
        measured = db.execute(select(e.appeal_id, e.detail).where(
            e.kind == "call_quality", e.at >= period.since)).all()
        if not measured:
            return {}
        worst: dict[int, list[float]] = {}
        for appeal, detail in measured:
            try:
                worst.setdefault(int(appeal), []).append(float(detail))
            except (TypeError, ValueError):
                continue
        owners = _owners(db, list(worst), period)
    found: dict[tuple[str, str], tuple[int, int]] = {}
    for appeal, key in owners:
        for mos in worst[int(appeal)]:
            count, poor = found.get(key, (0, 0))
            found[key] = (count + 1, poor + (mos < POOR_MOS))
    return found


def _owners(db: Connection, ids: list[int], period: Period) -> list[tuple[int, tuple[str, str]]]:
    """Of these appeals, those of the period: (appeal, (line, who accepted it)), asked
    CHUNK at a time."""
    return [(int(appeal), (str(line), str(who or ""))) for start in range(0, len(ids), CHUNK)
            for appeal, line, who in db.execute(
                select(appeals.c.id, appeals.c.line, appeals.c.accepted_by)
                .where(appeals.c.id.in_(ids[start:start + CHUNK]), *_where(period))).all()]


def _handed(engine: Engine, period: Period) -> dict[tuple[str, str], tuple[int, int]]:
    """The period's appeals returned to a partner and received from a vendor (their steps,
    found by kind as _quality's), per line and specialist."""
    e = events.c
    with engine.connect() as db:
        steps = db.execute(select(e.appeal_id, e.kind).where(
            e.kind.in_(("returned", "received")), e.at >= period.since)).all()
        if not steps:
            return {}
        kinds = {int(appeal): str(kind) for appeal, kind in steps}
        owners = _owners(db, list(kinds), period)
    found: dict[tuple[str, str], tuple[int, int]] = {}
    for appeal, key in owners:
        returned, received = found.get(key, (0, 0))
        kind = kinds[appeal]
        found[key] = (returned + (kind == "returned"), received + (kind == "received"))
    return found


def read(engine: Engine, period: Period) -> Rows:
    """The six reads side by side, each on its own connection: the database works on the
    others while Python takes in the times."""
    a = appeals.c
    with ThreadPoolExecutor(6) as beside:
        summing = beside.submit(_sums, engine, period)
        missing = beside.submit(_missed, engine, period)
        commenting = beside.submit(_comments, engine, period)
        remoting = beside.submit(_remote, engine, period)
        measuring = beside.submit(_quality, engine, period)
        handing = beside.submit(_handed, engine, period)
        with engine.connect() as db:
            times: list[Times] = _plain_rows(db, select(
                a.line, a.accepted_by, a.created_at, a.accepted_at - a.offer_at,
                a.responded_at - a.created_at, a.finished_at - a.created_at,
                a.accepted_at - a.created_at).where(*_where(period)))
        sums = summing.result()
        missed, comments = missing.result(), commenting.result()
    by_line = _add_up(sums, 0)
    by_specialist = {who: c for who, c in _add_up(sums, 1).items() if who}
    return Rows(by_line, by_specialist, times, missed, comments, remoting.result(),
                measuring.result(), handing.result())
