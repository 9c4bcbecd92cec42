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

import datetime as dt
import math
from collections.abc import Iterable

from supportdesk.protocol.report import Comment, Figures, Hour, Report, Spread
from supportdesk.store.report_rows import Counts, Rows, Times

EMPTY = Counts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (0, 0, 0, 0, 0), None)

HOUR = 3600
DAY = 86_400
BY_DAY_S = 31 * DAY  # a longer period's appeals are counted by day, not by hour
COMMENT_BYTES = 48 * 1024  # the clients' comments in one report answer, newest kept


def _newest_that_fit(comments: list[tuple[int, str, str, int, str]]
                     ) -> list[tuple[int, str, str, int, str]]:
    kept: list[tuple[int, str, str, int, str]] = []
    used = 0
    for item in reversed(comments):  # (newest last)
        used += len(item[4].encode()) + 160
        if used > COMMENT_BYTES:
            break
        kept.append(item)
    return kept[::-1]


def spread(values: Iterable[float]) -> Spread:
    ordered = sorted(values)
    if not ordered:
        return Spread(None, None)
    return Spread(median_of_sorted(ordered), ordered[math.ceil(0.9 * len(ordered)) - 1])


def median_of_sorted(ordered: list[float]) -> float:
    """statistics.median, without sorting the sorted list again."""
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def figures(counts: Counts | None, times: list[Times], missed: int,
            remote: tuple[int, float] = (0, 0.0), quality: tuple[int, int] = (0, 0),
            handed: tuple[int, int] = (0, 0)) -> Figures:
    """A group's figures: its counts (SQL), the spreads of its times, its remote sessions
    (how many, how long in all)."""
    c = counts or EMPTY
    return Figures(
        appeals=c.appeals, chats=c.chats, calls=c.appeals - c.chats, accepted=c.accepted,
        on_offer=c.on_offer, within_target=c.within_target,
        accept=spread([t[3] for t in times if t[3] is not None]),
        response=spread([t[4] for t in times if t[4] is not None]),
        finish=spread([t[5] for t in times if t[5] is not None]),
        missed=missed, transferred_once=c.transferred_once,
        transferred_more=c.transferred_more, finished=c.finished,
        finished_unrated=c.finished_unrated, ratings=c.ratings, rating_avg=c.rating_avg,
        remote_sessions=remote[0], remote_seconds=round(remote[1], 1),
        calls_measured=quality[0], calls_poor=quality[1], returned=handed[0],
        received=handed[1])


def hour_start(at: float, zone: dt.tzinfo, offsets: dict[int, float]) -> float:
    """The start of the team's local hour `at` is in (in +5:30 it begins at :30 UTC).
    Offsets change on quarter hours at most, so one is looked up per quarter hour
    (`offsets`: a cache across a report's 100,000 appeals)."""
    quarter = int(at // 900)
    offset = offsets.get(quarter)
    if offset is None:
        found = dt.datetime.fromtimestamp(quarter * 900, zone).utcoffset()
        offset = offsets[quarter] = found.total_seconds() if found is not None else 0.0
    return at - (at + offset) % HOUR


def build(rows: Rows, since: float, until: float, lines: Iterable[str],
          zone: dt.tzinfo = dt.UTC) -> Report:
    """The report of these rows (store/report_rows.py); every line in `lines` is shown,
    even without appeals; specialists are who accepted appeals or missed offers; hours are
    the team's (`zone`), days for a period over BY_DAY_S; the newest comments that fit
    COMMENT_BYTES (the answer is one stanza: a year had 20,777 comments, 2.4 MiB)."""
    offsets: dict[int, float] = {}
    days: dict[float, float] = {}  # an hour's start -> its day's (cached: few hours, many times)
    by_day = until - since > BY_DAY_S

    def bucket(at: float) -> float:
        hour = hour_start(at, zone, offsets)
        if not by_day:
            return hour
        if hour not in days:
            local = dt.datetime.fromtimestamp(hour, zone)
            days[hour] = dt.datetime.combine(local.date(), dt.time(), zone).timestamp()
        return days[hour]

    line_times: dict[str, list[Times]] = {}
    people_times: dict[str, list[Times]] = {}
    hours: dict[float, list[Times]] = {}
    for t in rows.times:
        line_times.setdefault(t[0], []).append(t)
        if t[1]:
            people_times.setdefault(t[1], []).append(t)
        hours.setdefault(bucket(t[2]), []).append(t)
    kept = _newest_that_fit(rows.comments)
    shown = sorted(set(lines) | set(rows.by_line))
    people = sorted(set(rows.by_specialist) | set(rows.missed_by))
    return Report(
        since, until,
        tuple((line, figures(rows.by_line.get(line), line_times.get(line, []),
                             rows.by_line[line].missed if line in rows.by_line else 0,
                             _remote_of(rows, line=line), _quality_of(rows, line=line),
                             _quality_of(rows, line=line, found=rows.handed)))
              for line in shown),
        tuple((who, figures(rows.by_specialist.get(who), people_times.get(who, []),
                            rows.missed_by.get(who, 0), _remote_of(rows, who=who),
                            _quality_of(rows, who=who),
                            _quality_of(rows, who=who, found=rows.handed)))
              for who in people),
        tuple(Comment(i, line, who, score, comment) for i, line, who, score, comment in kept),
        tuple(Hour(start, len(items), spread([t[6] for t in items if t[6] is not None]).median)
              for start, items in sorted(hours.items())),
        time_zone=getattr(zone, "key", "") or "", bucket_s=DAY if by_day else HOUR,
        comments_left_out=len(rows.comments) - len(kept))


def _remote_of(rows: Rows, line: str = "", who: str = "") -> tuple[int, float]:
    """A line's or a specialist's remote sessions: (how many, seconds in all)."""
    picked = [v for (at, by), v in rows.remote.items()
              if (not line or at == line) and (not who or by == who)]
    return sum(n for n, _s in picked), sum(s for _n, s in picked)


def _quality_of(rows: Rows, line: str = "", who: str = "",
                found: dict[tuple[str, str], tuple[int, int]] | None = None) -> tuple[int, int]:
    """A line's or a specialist's measured calls: (how many, on a poor line); with `found`
    (rows.handed), its appeals (returned to a partner, received from a vendor)."""
    picked = [v for (at, by), v in (rows.quality if found is None else found).items()
              if (not line or at == line) and (not who or by == who)]
    return sum(n for n, _p in picked), sum(p for _n, p in picked)
