"""The report on the wire (urn:deskline:desk:1, PROTOCOL.md "Reports"): its values and
their XML. The desk computes them (supportdesk/reports.py) and writes them here; the app
reads them back into the same values, so both sides agree on one definition."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from supportdesk.protocol import NS


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
    remote_sessions: int = 0  # remote sessions of the group's appeals (allowed ones)
    remote_seconds: float = 0.0  # … and how long they ran in all
    calls_measured: int = 0  # calls whose line the specialist's app measured (RTCP)
    calls_poor: int = 0  # … of them on a poor line (worst MOS under 3.6)
    returned: int = 0  # returned to a partner's first line (a vendor's desk)
    received: int = 0  # returned to us by a vendor's desk (a partner's first line)

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
    time_zone: str = ""  # the team's (IANA), whose hours `hours` are: labelled in it
    bucket_s: int = 3600  # what one of `hours` spans: an hour, or a day for a long period
    comments_left_out: int = 0  # older comments not in the answer (it is one stanza)

    def line_name(self, line: str) -> str:
        return dict(self.names).get(line, line)


_COUNTS = ("appeals", "chats", "calls", "accepted", "on_offer", "within_target", "missed",
           "transferred_once", "transferred_more", "finished", "finished_unrated")
_SPREADS = ("accept", "response", "finish")


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}".rstrip("0").rstrip(".")


def _float(text: str | None) -> float | None:
    try:
        return float(text) if text else None
    except ValueError:
        return None


def _int(text: str | None) -> int:
    try:
        return int(text or 0)
    except ValueError:
        return 0


def _figures_attrs(figures: Figures) -> dict[str, str]:
    attrs = {name.replace("_", "-"): str(getattr(figures, name)) for name in _COUNTS}
    for name in _SPREADS:
        spread: Spread = getattr(figures, name)
        attrs[f"{name}-median"], attrs[f"{name}-p90"] = _num(spread.median), _num(spread.p90)
    attrs["ratings"] = " ".join(str(n) for n in figures.ratings)
    attrs["rating-avg"] = _num(figures.rating_avg)
    attrs["remote-sessions"] = str(figures.remote_sessions)
    attrs["remote-seconds"] = _num(figures.remote_seconds)
    attrs["calls-measured"] = str(figures.calls_measured)
    attrs["calls-poor"] = str(figures.calls_poor)
    attrs["returned"] = str(figures.returned)
    attrs["received"] = str(figures.received)
    return attrs


def _figures(item: ET.Element) -> Figures:
    counts = {name: _int(item.get(name.replace("_", "-"))) for name in _COUNTS}
    spreads = {name: Spread(_float(item.get(f"{name}-median")), _float(item.get(f"{name}-p90")))
               for name in _SPREADS}
    ratings = [_int(n) for n in (item.get("ratings") or "").split()][:5]
    ratings += [0] * (5 - len(ratings))
    c = counts
    return Figures(
        appeals=c["appeals"], chats=c["chats"], calls=c["calls"], accepted=c["accepted"],
        on_offer=c["on_offer"], within_target=c["within_target"], accept=spreads["accept"],
        response=spreads["response"], finish=spreads["finish"], missed=c["missed"],
        transferred_once=c["transferred_once"], transferred_more=c["transferred_more"],
        finished=c["finished"], finished_unrated=c["finished_unrated"],
        ratings=(ratings[0], ratings[1], ratings[2], ratings[3], ratings[4]),
        rating_avg=_float(item.get("rating-avg")),
        remote_sessions=_int(item.get("remote-sessions")),
        remote_seconds=_float(item.get("remote-seconds")) or 0.0,
        calls_measured=_int(item.get("calls-measured")),
        calls_poor=_int(item.get("calls-poor")),
        returned=_int(item.get("returned")), received=_int(item.get("received")))


def to_xml(report: Report) -> ET.Element:
    out = ET.Element(f"{{{NS}}}report", {"since": _num(report.since),
                                          "until": _num(report.until),
                                          "time-zone": report.time_zone,
                                          "bucket": str(report.bucket_s),
                                          "comments-left-out": str(report.comments_left_out)})
    for line, figures in report.lines:
        ET.SubElement(out, f"{{{NS}}}line", {"id": line, "name": report.line_name(line),
                                              **_figures_attrs(figures)})
    for who, figures in report.specialists:
        ET.SubElement(out, f"{{{NS}}}specialist", {"jid": who, **_figures_attrs(figures)})
    for comment in report.comments:
        ET.SubElement(out, f"{{{NS}}}comment", {
            "appeal": str(comment.appeal), "line": comment.line,
            "specialist": comment.specialist, "score": str(comment.score)}).text = comment.text
    for hour in report.hours:
        ET.SubElement(out, f"{{{NS}}}hour", {"start": _num(hour.start),
                                              "appeals": str(hour.appeals),
                                              "wait-median": _num(hour.wait_median)})
    return out


def from_xml(found: ET.Element) -> Report:
    return Report(
        _float(found.get("since")) or 0.0, _float(found.get("until")) or 0.0,
        tuple((str(e.get("id", "")), _figures(e)) for e in found.findall(f"{{{NS}}}line")),
        tuple((str(e.get("jid", "")), _figures(e))
              for e in found.findall(f"{{{NS}}}specialist")),
        tuple(Comment(_int(e.get("appeal")), str(e.get("line", "")),
                      str(e.get("specialist", "")), _int(e.get("score")), e.text or "")
              for e in found.findall(f"{{{NS}}}comment")),
        tuple(Hour(_float(e.get("start")) or 0.0, _int(e.get("appeals")),
                   _float(e.get("wait-median"))) for e in found.findall(f"{{{NS}}}hour")),
        tuple((str(e.get("id", "")), str(e.get("name", "") or e.get("id", "")))
              for e in found.findall(f"{{{NS}}}line")),
        str(found.get("time-zone", ""))[:64], _int(found.get("bucket")) or 3600,
        _int(found.get("comments-left-out")))
