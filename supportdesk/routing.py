"""Who gets an appeal (DESIGN §8): pure logic on an injected clock, no XMPP, no store.

A line's members who are free (presence "" or chat; dnd = "busy for new appeals" and away
take nothing new and keep what they have) and under the line's capacity; among them the one
with the fewest open appeals, then the one offered something longest ago. Nobody free: the
line's FIFO queue, the client told its place. An offer not accepted within the line's accept
time counts as missed and goes to the next free member; an offer to someone who went away or
offline goes back to routing at once (busy for new appeals keeps it). The moment someone
becomes free, the queue moves.

The service feeds it what happens and carries out the Decisions it returns.
"""

from __future__ import annotations

import enum
import itertools
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field


class Availability(enum.Enum):
    FREE = "free"  # show "" or chat: takes new appeals
    BUSY = "busy"  # dnd, "busy for new appeals": keeps its appeals, takes nothing new
    AWAY = "away"  # away or xa: the same for routing
    OFFLINE = "offline"


@dataclass(frozen=True)
class LineRules:
    members: tuple[str, ...]
    capacity: int = 3  # open appeals per specialist (calls: 1)
    accept_s: float = 300.0  # chat: 5 minutes to accept an offer


@dataclass(frozen=True)
class Offered:
    appeal: int
    line: str
    to: str


@dataclass(frozen=True)
class Queued:
    appeal: int
    line: str
    place: int  # 1 = next


@dataclass(frozen=True)
class Missed:
    appeal: int
    by: str  # the offer ran out, or they went away or offline


Decision = Offered | Queued | Missed


@dataclass
class _Offer:
    line: str
    to: str
    deadline: float
    tried: set[str] = field(default_factory=set)


class Router:
    def __init__(self, lines: dict[str, LineRules], clock: Callable[[], float]) -> None:
        self.lines = lines
        self.clock = clock
        self.presence: dict[str, Availability] = {}
        self.open: dict[str, set[int]] = {}  # member -> appeals offered to them or in work
        self.last_offer: dict[str, float] = {}
        self.queues: dict[str, deque[int]] = {line: deque() for line in lines}
        self.offers: dict[int, _Offer] = {}
        self.line_of: dict[int, str] = {}
        self.places: dict[int, int] = {}  # withdrawn for a while: its place when it is back
        self.client_of: dict[int, str] = {}  # never offered to its own client (a colleague
        # writing to a line they work on, e.g. the vendor's)
        # appeal -> {member: until}: who declined it is not offered it again for the
        # line's accept time (it waits in the queue instead, or goes to someone else).
        self.declined_by: dict[int, dict[str, float]] = {}

    def set_lines(self, lines: dict[str, LineRules]) -> list[Decision]:
        """A reloaded config: new lines get a queue, changed members and capacities count
        from now on (more room may move a queue)."""
        self.lines = lines
        for line in lines:
            self.queues.setdefault(line, deque())
        return self._dequeue()

    # --- what happened --------------------------------------------------------------------
    def arrived(self, appeal: int, line: str, client: str = "") -> list[Decision]:
        """A new appeal on `line` (or one declined, transferred, or whose offer is gone)."""
        self.line_of[appeal] = line
        if client:
            self.client_of[appeal] = client
        return self._route(appeal, line, tried=set())

    def accepted(self, appeal: int, by: str) -> None:
        offer = self.offers.pop(appeal, None)
        if offer is not None and offer.to != by:
            self.open.get(offer.to, set()).discard(appeal)
        self.open.setdefault(by, set()).add(appeal)

    def in_work(self, appeal: int, line: str, by: str) -> None:
        """An appeal handed straight to someone (a restarted desk's, a transfer to a
        colleague, an escalation): theirs on that line without an offer."""
        self.line_of[appeal] = line
        self.accepted(appeal, by)

    def take(self, appeal: int, by: str) -> list[Decision]:
        """A member takes a queued appeal themselves (over capacity, or busy for new ones:
        a deliberate choice); those behind it are told their new place."""
        line = self.line_of[appeal]
        queue = self.queues[line]
        place = queue.index(appeal)
        del queue[place]
        self.in_work(appeal, line, by)
        return _behind(queue, line, place)

    def queued(self, line: str) -> tuple[int, ...]:
        return tuple(self.queues.get(line, ()))

    def declined(self, appeal: int, by: str) -> list[Decision]:
        offer = self.offers.pop(appeal, None)
        self.open.get(by, set()).discard(appeal)
        line = self.line_of[appeal]
        self.declined_by.setdefault(appeal, {})[by] = self.clock() + self.lines[line].accept_s
        tried = ({by} | offer.tried) if offer is not None else {by}
        return self._route(appeal, line, tried) + self._dequeue()

    def withdrawn(self, appeal: int) -> list[Decision]:
        """Out of routing for a while (its caller rang again: the phones ring for it); it
        keeps its place in the queue for when it comes back (arrived)."""
        line = self.line_of.get(appeal, "")
        queue = self.queues.get(line)
        if queue is None or appeal not in queue:
            return []
        place = self.places[appeal] = queue.index(appeal)
        del queue[place]
        return _behind(queue, line, place)

    def finished(self, appeal: int) -> list[Decision]:
        """Finished or transferred away: its specialist has room again."""
        self.offers.pop(appeal, None)
        for appeals in self.open.values():
            appeals.discard(appeal)
        self.line_of.pop(appeal, None)
        self.client_of.pop(appeal, None)
        self.places.pop(appeal, None)
        self.declined_by.pop(appeal, None)
        return self._dequeue()

    def presence_changed(self, member: str, availability: Availability) -> list[Decision]:
        self.presence[member] = availability
        out: list[Decision] = []
        # Away (they left the desk, or auto-away) or gone: their offers, not yet accepted,
        # go to someone who is there; busy for new ones keeps what was offered already.
        if availability in (Availability.AWAY, Availability.OFFLINE):
            for appeal, offer in list(self.offers.items()):
                if offer.to == member:
                    out += self._lose_offer(appeal, offer)
        return out + self._dequeue()

    def tick(self) -> list[Decision]:
        """Offers whose accept time ran out go on to the next free member."""
        now = self.clock()
        out: list[Decision] = []
        for appeal, offer in list(self.offers.items()):
            if now >= offer.deadline:
                out += self._lose_offer(appeal, offer)
        expired = False
        for appeal, until in list(self.declined_by.items()):
            for member, at in list(until.items()):
                if now >= at:
                    del until[member]
                    expired = True
            if not until:
                del self.declined_by[appeal]
        return out + (self._dequeue() if expired else [])

    def shift(self, seconds: float) -> None:
        """Every clock moves on by `seconds` (the desk was off the chat server so long:
        nobody saw an offer run, so none ran out)."""
        for offer in self.offers.values():
            offer.deadline += seconds
        self.declined_by = {appeal: {who: at + seconds for who, at in until.items()}
                            for appeal, until in self.declined_by.items()}

    def next_deadline(self) -> float | None:
        return min((o.deadline for o in self.offers.values()), default=None)

    def place(self, appeal: int) -> int:
        """1-based place in its line's queue; 0 when not queued."""
        queue = self.queues.get(self.line_of.get(appeal, ""), deque())
        return queue.index(appeal) + 1 if appeal in queue else 0

    # --- inside -------------------------------------------------------------------------------
    def _lose_offer(self, appeal: int, offer: _Offer) -> list[Decision]:
        del self.offers[appeal]
        self.open.get(offer.to, set()).discard(appeal)
        return [Missed(appeal, offer.to),
                *self._route(appeal, offer.line, offer.tried | {offer.to})]

    def freest(self, members: list[str]) -> str:
        """The one with the fewest open appeals, then the one offered something longest
        ago (chats here; calls to a line in supportdesk/calls.py)."""
        return min(members, key=lambda m: (len(self.open.get(m, ())),
                                           self.last_offer.get(m, float("-inf"))))

    def free(self, line: str, skip: set[str], appeal: int = 0) -> list[str]:
        """Who on the line takes something new now: free, under capacity, not in `skip`,
        not someone who declined `appeal` a moment ago, not its own client."""
        rules = self.lines[line]
        skip = skip | set(self.declined_by.get(appeal, ())) | {self.client_of.get(appeal, "")}
        return [m for m in rules.members if m not in skip
                and self.presence.get(m) is Availability.FREE
                and len(self.open.get(m, ())) < rules.capacity]

    def _route(self, appeal: int, line: str, tried: set[str]) -> list[Decision]:
        # All tried: start over (an offer that ran out may go to the same person again).
        free = self.free(line, tried, appeal) or self.free(line, set(), appeal)
        if not free:
            queue = self.queues[line]
            if appeal not in queue:
                queue.insert(self.places.pop(appeal, len(queue)), appeal)
            return [Queued(appeal, line, queue.index(appeal) + 1)]
        to = self.freest(free)
        now = self.clock()
        self.last_offer[to] = now
        self.open.setdefault(to, set()).add(appeal)
        self.offers[appeal] = _Offer(line, to, now + self.lines[line].accept_s, tried)
        return [Offered(appeal, line, to)]

    def _dequeue(self) -> list[Decision]:
        """Someone has room: the oldest waiting appeals go out; the rest are told their
        new place."""
        out: list[Decision] = []
        for line, queue in self.queues.items():
            if line not in self.lines:
                continue  # a line gone from the config (it had no open appeals)
            moved = False
            for appeal in list(queue):  # in order; one declined by the only free member waits
                if not self.free(line, set()):
                    break
                if self.free(line, set(), appeal):
                    queue.remove(appeal)
                    out += self._route(appeal, line, tried=set())
                    moved = True
            if moved:
                out += [Queued(a, line, i + 1) for i, a in enumerate(queue)]
        return out


def _behind(queue: deque[int], line: str, place: int) -> list[Decision]:
    """Those behind `place` moved up one: told their new place (those ahead did not move;
    a queue of thousands of callbacks is not told over on every change)."""
    return [Queued(a, line, place + i + 1)
            for i, a in enumerate(itertools.islice(queue, place, None))]
