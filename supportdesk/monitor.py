"""The online monitor, desk side: who watches (seniors, their lines only), what there is to
see now (from the service's open appeals, the router and the calls, plus today's finished
and rated per specialist), worked out once a round for everyone, and per watcher what of
it on their lines changed since they were last told. The component asks for the changes a
few times a second and pushes them where each watcher asked from; nothing is computed
while nobody watches. Plain values; the wire format is supportdesk/protocol/monitor.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from supportdesk.parts import DeskParts
from supportdesk.protocol.monitor import AppealNow, LineNow, PersonNow, Update
from supportdesk.routing import Availability


class _Opened(Protocol):
    """An open appeal as the monitor reads it."""

    @property
    def line(self) -> str: ...
    @property
    def client(self) -> str: ...
    @property
    def specialist(self) -> str: ...
    @property
    def accepted(self) -> bool: ...
    @property
    def since(self) -> float: ...
    @property
    def channel(self) -> str: ...
    @property
    def transfers(self) -> int: ...


class Desk(DeskParts, Protocol):
    """What the monitor reads of the desk (DeskService is one)."""

    @property
    def open(self) -> Mapping[int, _Opened]: ...
    def on_call(self, person: str) -> bool: ...
    def in_remote(self, person: str) -> bool: ...

Key = tuple[str, str]  # ("line" | "person" | "appeal", id)
Item = LineNow | PersonNow | AppealNow


def day_start(now: float, zone: dt.tzinfo) -> float:
    """The team's day: from midnight in its time zone (not the desk host's)."""
    day = dt.datetime.fromtimestamp(now, zone).date()
    return dt.datetime.combine(day, dt.time(), zone).timestamp()


@dataclass
class _Watcher:
    address: str  # where their updates go
    lines: frozenset[str]
    people: frozenset[str]
    told: dict[Key, Item] = field(default_factory=dict)

    def sees(self, key: Key, item: Item) -> bool:
        if isinstance(item, AppealNow):
            return item.line in self.lines
        return key[1] in (self.lines if key[0] == "line" else self.people)


class Monitor:
    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.watchers: dict[str, _Watcher] = {}
        self._day = 0.0  # the day the counts below are of (0: not counted yet)
        self._today: dict[str, list[int]] = {}  # specialist -> [finished, rated, scores]

    def watch(self, who: str, address: str) -> Update:
        """`who` starts watching from `address` (the service checked they may): everything
        on their lines now."""
        watcher = self.watchers[who] = self._watcher(who, address)
        watcher.told = _seen_by(watcher, self._now())
        return Update(self.desk.clock(), True, *_split(watcher.told.values()))

    def stop(self, who: str) -> None:
        self.watchers.pop(who, None)

    def reconfigured(self) -> None:
        """Lines or people changed: every watcher is told everything again (a full update
        at the next changes()); one who is nobody's senior any more stops watching."""
        for who, old in list(self.watchers.items()):
            if self.desk.config.senior_lines(who):
                self.watchers[who] = self._watcher(who, old.address)
            else:
                del self.watchers[who]

    def changes(self) -> list[tuple[str, Update]]:
        """(address, update) for each watcher with news: what they have not been told."""
        if not self.watchers:
            return []
        out: list[tuple[str, Update]] = []
        now = self.desk.clock()
        everything = self._now()
        for watcher in self.watchers.values():
            current = _seen_by(watcher, everything)
            if not watcher.told:
                watcher.told = current
                out.append((watcher.address, Update(now, True, *_split(current.values()))))
                continue
            changed = [item for key, item in current.items() if watcher.told.get(key) != item]
            gone = tuple(int(key[1]) for key in watcher.told if key not in current)
            watcher.told = current
            if changed or gone:
                out.append((watcher.address, Update(now, False, *_split(changed), gone=gone)))
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
    def _watcher(self, who: str, address: str) -> _Watcher:
        lines = frozenset(self.desk.config.senior_lines(who))
        return _Watcher(address, lines, frozenset(
            m for x in self.desk.config.lines if x.id in lines for m in x.staff))

    def _now(self) -> dict[Key, Item]:
        """Every line, everyone on them and every open appeal, as they are now."""
        desk, router = self.desk, self.desk.router
        self._count_today()
        found: dict[Key, Item] = {}
        per_line: dict[str, list[int]] = {x: [0, 0] for x in desk.lines}  # offered, in work
        for appeal, state in desk.open.items():
            if state.line not in per_line:
                continue  # (a line gone with a reload has no open appeals)
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
        for line_id, line in desk.lines.items():
            queue = [a for a in router.queued(line_id) if a in desk.open]
            oldest = min((desk.open[a].since for a in queue), default=0.0)
            statuses = [router.presence.get(m, Availability.OFFLINE) for m in set(line.staff)]
            found[("line", line_id)] = LineNow(
                line_id, line.name, len(queue), oldest,
                oldest + line.accept_seconds if oldest else 0.0, *_two(per_line[line_id]),
                statuses.count(Availability.FREE), statuses.count(Availability.BUSY),
                statuses.count(Availability.AWAY))
        for person in sorted(desk.config.specialists):
            counts = self._today.get(person, [0, 0, 0])
            found[("person", person)] = PersonNow(
                person, router.presence.get(person, Availability.OFFLINE).value,
                len(router.open.get(person, ())), desk.on_call(person), counts[0],
                counts[1], counts[2], desk.in_remote(person))
        return found

    def _count_today(self) -> None:
        today = day_start(self.desk.clock(), self.desk.config.zone)
        if today != self._day:
            self._day = today
            self._today = {who: list(counts) for who, counts
                           in self.desk.store.day_figures(today).items()}


def _seen_by(watcher: _Watcher, everything: dict[Key, Item]) -> dict[Key, Item]:
    return {key: item for key, item in everything.items() if watcher.sees(key, item)}


def _two(pair: list[int]) -> tuple[int, int]:
    return pair[0], pair[1]


def _split(items: Iterable[Item]) -> tuple[tuple[LineNow, ...], tuple[PersonNow, ...],
                                          tuple[AppealNow, ...]]:
    listed = list(items)
    return (tuple(x for x in listed if isinstance(x, LineNow)),
            tuple(x for x in listed if isinstance(x, PersonNow)),
            tuple(x for x in listed if isinstance(x, AppealNow)))
