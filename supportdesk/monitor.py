"""The online monitor, desk side: who watches (seniors, their lines only), what there is to
see now (from the service's open appeals, the router and the calls, plus today's finished
and rated per specialist) and, per watcher, what changed since they were last told. The
component asks for the changes a few times a second and pushes them; nothing is computed
while nobody watches. Plain values; the wire format is supportdesk/protocol/monitor.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from supportdesk.protocol.monitor import AppealNow, LineNow, PersonNow, Update
from supportdesk.routing import Availability

if TYPE_CHECKING:
    from supportdesk.service import DeskService

Key = tuple[str, str]  # ("line" | "person" | "appeal", id)
Item = LineNow | PersonNow | AppealNow


def day_start(now: float) -> float:
    """The desk's day: from its local midnight."""
    day = dt.datetime.fromtimestamp(now).date()
    return dt.datetime.combine(day, dt.time()).timestamp()


@dataclass
class _Watcher:
    lines: frozenset[str]
    people: frozenset[str]
    told: dict[Key, Item] = field(default_factory=dict)


class Monitor:
    def __init__(self, desk: DeskService) -> None:
        self.desk = desk
        self.watchers: dict[str, _Watcher] = {}
        self._day = 0.0  # the day the counts below are of (0: not counted yet)
        self._today: dict[str, list[int]] = {}  # specialist -> [finished, rated, scores]

    def lines_of(self, who: str) -> frozenset[str]:
        """The lines `who` may watch: those they are a senior of."""
        return frozenset(x.id for x in self.desk.config.lines if who in x.seniors)

    def watch(self, who: str) -> Update:
        """`who` starts watching (the service checked they may): everything now."""
        watcher = self.watchers[who] = self._watcher(self.lines_of(who))
        watcher.told = self._now(watcher)
        return Update(self.desk.clock(), True, *_split(watcher.told.values()))

    def stop(self, who: str) -> None:
        self.watchers.pop(who, None)

    def reconfigured(self) -> None:
        """Lines or people changed: every watcher is told everything again (a full update
        at the next changes()); one who is nobody's senior any more stops watching."""
        for who in list(self.watchers):
            lines = self.lines_of(who)
            if lines:
                self.watchers[who] = self._watcher(lines)
            else:
                del self.watchers[who]

    def changes(self) -> list[tuple[str, Update]]:
        """What each watcher has not been told yet (nothing for those with no news)."""
        out: list[tuple[str, Update]] = []
        now = self.desk.clock()
        for who, watcher in self.watchers.items():
            current = self._now(watcher)
            if not watcher.told:
                watcher.told = current
                out.append((who, Update(now, True, *_split(current.values()))))
                continue
            changed = [item for key, item in current.items() if watcher.told.get(key) != item]
            gone = tuple(int(key[1]) for key in watcher.told if key not in current)
            watcher.told = current
            if changed or gone:
                out.append((who, Update(now, False, *_split(changed), gone=gone)))
        return out

    # --- today's work, counted as it happens (once counted from the store) ------------------
    def finished(self, specialist: str) -> None:
        if self._day and specialist:
            self._today.setdefault(specialist, [0, 0, 0])[0] += 1

    def rated(self, appeal: int, score: int, finished_at: float) -> None:
        if not self._day or finished_at < self._day:
            return  # (yesterday's appeal: not today's figures)
        row = self.desk.store.appeal(appeal)
        if row is not None and row.specialist:
            counts = self._today.setdefault(row.specialist, [0, 0, 0])
            counts[1] += 1
            counts[2] += score

    # --- inside -------------------------------------------------------------------------------
    def _watcher(self, lines: frozenset[str]) -> _Watcher:
        return _Watcher(lines, frozenset(m for x in self.desk.config.lines if x.id in lines
                                         for m in x.staff))

    def _now(self, watcher: _Watcher) -> dict[Key, Item]:
        desk, router = self.desk, self.desk.router
        self._count_today()
        found: dict[Key, Item] = {}
        per_line: dict[str, list[int]] = {x: [0, 0] for x in watcher.lines}  # offered, in work
        for appeal, state in desk.open.items():
            if state.line not in watcher.lines:
                continue
            offer = router.offers.get(appeal)
            queued = appeal in router.queues.get(state.line, ())
            if queued or not state.specialist:
                kind, late = "queued", state.since + desk.lines[state.line].accept_seconds
            elif state.accepted:
                kind, late = "in_work", 0.0
            else:
                kind, late = "offered", offer.deadline if offer is not None else 0.0
            if kind != "queued":
                per_line[state.line][kind == "in_work"] += 1
            found[("appeal", str(appeal))] = AppealNow(
                appeal, state.line, state.client, state.channel, kind,
                "" if kind == "queued" else state.specialist, state.since, late,
                state.transfers)
        for line_id in sorted(watcher.lines):
            line = desk.lines[line_id]
            queue = [a for a in router.queued(line_id) if a in desk.open]
            oldest = min((desk.open[a].since for a in queue), default=0.0)
            statuses = [router.presence.get(m, Availability.OFFLINE) for m in set(line.staff)]
            found[("line", line_id)] = LineNow(
                line_id, line.name, len(queue), oldest,
                oldest + line.accept_seconds if oldest else 0.0, *_two(per_line[line_id]),
                statuses.count(Availability.FREE), statuses.count(Availability.BUSY),
                statuses.count(Availability.AWAY))
        for person in sorted(watcher.people):
            counts = self._today.get(person, [0, 0, 0])
            found[("person", person)] = PersonNow(
                person, router.presence.get(person, Availability.OFFLINE).value,
                len(router.open.get(person, ())), person in desk.calls.busy, *counts)
        return found

    def _count_today(self) -> None:
        today = day_start(self.desk.clock())
        if today != self._day:
            self._day = today
            self._today = {who: list(counts) for who, counts
                           in self.desk.store.day_figures(today).items()}


def _two(pair: list[int]) -> tuple[int, int]:
    return pair[0], pair[1]


def _split(items: Iterable[Item]) -> tuple[tuple[LineNow, ...], tuple[PersonNow, ...],
                                          tuple[AppealNow, ...]]:
    listed = list(items)
    return (tuple(x for x in listed if isinstance(x, LineNow)),
            tuple(x for x in listed if isinstance(x, PersonNow)),
            tuple(x for x in listed if isinstance(x, AppealNow)))
