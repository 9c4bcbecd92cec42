"""The figures of the work over a period, per line and per specialist, from the per-appeal
facts the store computes in SQL (store/report_rows.py). Plain values; who may ask what is
DeskService.report's business.

Times, in seconds (how each is measured is in PROTOCOL.md, "Reports"):
  accept       the offer -> accepted by the one it was offered to (the specialist's clock:
               a chat's line accept_seconds, a call's 5 s); "within target" counts those
  response     created -> the specialist's first message (what the client waits for)
  finish       created -> finished
Medians are the middle value (the mean of the two middle ones); p90 is the nearest rank
(the value at position ceil(0.9 n) of the sorted list)."""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from supportdesk.store.report_rows import AppealFacts

CALL_TARGET_S = 5.0  # the seed: answer a call within 4-5 seconds
HOUR = 3600


@dataclass(frozen=True)
class Spread:
    median: float | None
    p90: float | None


@dataclass(frozen=True)
class Figures:
    appeals: int
    chats: int
    calls: int
    accepted: int
    on_offer: int  # accepted on an offer (not taken from a queue): the base of within_target
    within_target: int
    accept: Spread
    response: Spread
    finish: Spread
    missed: int  # offers that ran out or rang unanswered
    transferred_once: int
    transferred_more: int  # more than once (the seed: at most one transfer)
    finished: int
    finished_unrated: int
    ratings: tuple[int, int, int, int, int]  # how many 1s, 2s, 3s, 4s, 5s
    rating_avg: float | None

    @property
    def within_target_pct(self) -> float | None:
        return 100.0 * self.within_target / self.on_offer if self.on_offer else None


@dataclass(frozen=True)
class Comment:
    appeal: int
    line: str
    specialist: str
    score: int
    text: str


@dataclass(frozen=True)
class Hour:
    start: float  # Unix time of the hour
    appeals: int  # created in it
    wait_median: float | None  # created -> accepted, of those accepted


@dataclass(frozen=True)
class Report:
    since: float
    until: float
    lines: tuple[tuple[str, Figures], ...]  # line id -> its figures
    specialists: tuple[tuple[str, Figures], ...]  # who accepted the appeals -> theirs
    comments: tuple[Comment, ...]  # the clients' comments with their ratings, newest last
    hours: tuple[Hour, ...]  # every hour of the period that had appeals
    names: tuple[tuple[str, str], ...] = ()  # line id -> its name

    def line_name(self, line: str) -> str:
        return dict(self.names).get(line, line)


def spread(values: Iterable[float]) -> Spread:
    ordered = sorted(values)
    if not ordered:
        return Spread(None, None)
    return Spread(statistics.median(ordered), ordered[math.ceil(0.9 * len(ordered)) - 1])


def figures(facts: list[AppealFacts], accept_targets: Mapping[str, float],
            missed: int) -> Figures:
    """`accept_targets`: each line's accept_seconds (chats); calls have CALL_TARGET_S."""
    on_offer = [f for f in facts if f.accepted_at is not None and f.offered_at is not None]
    answer = {f.id: f.accepted_at - f.offered_at for f in on_offer  # type: ignore[operator]
              }
    within = sum(1 for f in on_offer if answer[f.id] <= (
        CALL_TARGET_S if f.channel == "call" else accept_targets.get(f.line, 300.0)))
    finished = [f for f in facts if f.finished_at is not None]
    scores = [f.score for f in facts if f.score is not None]
    return Figures(
        appeals=len(facts), chats=sum(f.channel == "chat" for f in facts),
        calls=sum(f.channel == "call" for f in facts),
        accepted=sum(f.accepted_at is not None for f in facts), on_offer=len(on_offer),
        within_target=within, accept=spread(answer.values()),
        response=spread(f.responded_at - f.created_at for f in facts
                        if f.responded_at is not None),
        finish=spread(f.finished_at - f.created_at for f in finished  # type: ignore[operator]
                      ),
        missed=missed, transferred_once=sum(f.transfers == 1 for f in facts),
        transferred_more=sum(f.transfers > 1 for f in facts), finished=len(finished),
        finished_unrated=sum(f.score is None for f in finished),
        ratings=tuple(scores.count(n) for n in range(1, 6)),  # type: ignore[arg-type]
        rating_avg=statistics.fmean(scores) if scores else None)


def build(facts: list[AppealFacts], missed_by: Mapping[str, int], since: float,
          until: float, accept_targets: Mapping[str, float],
          lines: Iterable[str] = ()) -> Report:
    """The report of these appeals. `facts` may be one specialist's only (their own
    figures); `missed_by` are the offers each specialist missed on the period's appeals;
    `lines` are shown even without appeals."""
    by_line: dict[str, list[AppealFacts]] = {line: [] for line in lines}
    by_specialist: dict[str, list[AppealFacts]] = {}
    for fact in facts:
        by_line.setdefault(fact.line, []).append(fact)
        if fact.accepted_by:
            by_specialist.setdefault(fact.accepted_by, []).append(fact)
    for who in missed_by:
        by_specialist.setdefault(who, [])
    hours: dict[float, list[AppealFacts]] = {}
    for fact in facts:
        hours.setdefault(fact.created_at // HOUR * HOUR, []).append(fact)
    return Report(
        since, until,
        tuple((line, figures(items, accept_targets, sum(f.missed for f in items)))
              for line, items in sorted(by_line.items())),
        tuple((who, figures(items, accept_targets, missed_by.get(who, 0)))
              for who, items in sorted(by_specialist.items())),
        tuple(Comment(f.id, f.line, f.accepted_by, f.score, f.comment) for f in facts
              if f.comment and f.score is not None),
        tuple(Hour(start, len(items), spread(f.accepted_at - f.created_at for f in items
                                             if f.accepted_at is not None).median)
              for start, items in sorted(hours.items())))
