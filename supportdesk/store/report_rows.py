"""The facts a report is made of, one row per appeal, computed in SQL from the steps (the
same statements on SQLite and PostgreSQL): when it was first offered, accepted (and by whom,
after which offer), first answered, finished; missed offers; transfers; the rating."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.engine import Engine

from supportdesk.store.schema import appeals, events, ratings


@dataclass(frozen=True)
class AppealFacts:
    id: int
    line: str
    channel: str  # chat | call (a callback counts as a call)
    created_at: float
    accepted_at: float | None  # first taken into work
    accepted_by: str  # … by whom ("" if never)
    offered_at: float | None  # the offer to them that they accepted (None: taken from a queue)
    responded_at: float | None  # the specialist's first message to the client
    finished_at: float | None
    transfers: int
    missed: int  # offers that ran out or rang unanswered
    score: int | None
    comment: str


def _first(kind: str) -> Any:
    return func.min(case((events.c.kind == kind, events.c.at)))


def appeal_facts(engine: Engine, since: float, until: float,
                 lines: Sequence[str]) -> list[AppealFacts]:
    """The appeals created in [since, until) on these lines."""
    per = (select(events.c.appeal_id.label("appeal"),
                  _first("accepted").label("accepted_at"),
                  _first("first_response").label("responded_at"),
                  _first("finished").label("finished_at"),
                  func.sum(case((events.c.kind == "offer_missed", 1), else_=0)).label("missed"))
           .join(appeals, appeals.c.id == events.c.appeal_id)
           .where(appeals.c.created_at >= since, appeals.c.created_at < until,
                  appeals.c.line.in_(list(lines)))
           .group_by(events.c.appeal_id)
           .subquery())
    accepted = events.alias("accepted")
    offered = events.alias("offered")
    by = (select(accepted.c.actor)
          .where(accepted.c.appeal_id == per.c.appeal, accepted.c.kind == "accepted",
                 accepted.c.at == per.c.accepted_at)
          .order_by(accepted.c.id).limit(1).scalar_subquery())
    known = select(per, by.label("accepted_by")).subquery()  # (a level of its own: the
    offer = (select(func.max(offered.c.at))                 # offer below refers to it)
             .where(offered.c.appeal_id == known.c.appeal, offered.c.kind == "offered",
                    offered.c.at <= known.c.accepted_at,
                    offered.c.actor == known.c.accepted_by)
             .scalar_subquery())
    query = (select(appeals.c.id, appeals.c.line, appeals.c.channel, appeals.c.created_at,
                    known.c.accepted_at, known.c.accepted_by, offer.label("offered_at"),
                    known.c.responded_at, known.c.finished_at, appeals.c.transfers,
                    known.c.missed, ratings.c.score, ratings.c.comment)
             .join(known, known.c.appeal == appeals.c.id)
             .outerjoin(ratings, ratings.c.appeal_id == appeals.c.id)
             .order_by(appeals.c.id))
    with engine.connect() as db:
        rows = db.execute(query).all()
    return [AppealFacts(r.id, r.line, "chat" if r.channel == "chat" else "call",
                        float(r.created_at), _num(r.accepted_at), r.accepted_by or "",
                        _num(r.offered_at), _num(r.responded_at), _num(r.finished_at),
                        int(r.transfers), int(r.missed or 0),
                        int(r.score) if r.score is not None else None, r.comment or "")
            for r in rows]


def missed_by(engine: Engine, since: float, until: float,
              lines: Sequence[str]) -> dict[str, int]:
    """Offers each specialist let run out (or rang unanswered), on those appeals."""
    query = (select(events.c.actor, func.count())
             .join(appeals, and_(appeals.c.id == events.c.appeal_id,
                                 events.c.kind == "offer_missed"))
             .where(appeals.c.created_at >= since, appeals.c.created_at < until,
                    appeals.c.line.in_(list(lines)))
             .group_by(events.c.actor))
    with engine.connect() as db:
        return {str(actor): int(n) for actor, n in db.execute(query).all()}


def _num(value: object) -> float | None:
    return float(value) if value is not None else None  # type: ignore[arg-type]
