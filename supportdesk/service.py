"""The desk's behaviour, on plain values: what a client's or a specialist's message, a
presence or an action means for the appeals (store), who gets them (router) and what is
said to whom (an Outbox the XMPP component carries out). No XMPP types here."""

from __future__ import annotations

import logging
import math
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from supportdesk import access, lifecycle, report_worker, texts
from supportdesk.access import ActionError, Phase, Role
from supportdesk.buckets import Buckets
from supportdesk.calls import LineCalls
from supportdesk.config import DeskConfig, FirstLine, Line
from supportdesk.handovers import HandOvers
from supportdesk.monitor import Monitor
from supportdesk.outbox import NO_EXTRAS, Extras, Outbox
from supportdesk.protocol import appeal_address
from supportdesk.protocol.appeals import QUEUE_ITEMS, Handed, HandKind, Offer, Waiting, clip
from supportdesk.protocol.monitor import Update
from supportdesk.protocol.report import Report
from supportdesk.remote.sessions import End, RemoteSessions
from supportdesk.remote.tokens import Codes, Tokens
from supportdesk.routing import Availability, Decision, LineRules, Missed, Offered, Queued, Router
from supportdesk.store import AppealRow, DeskStore, MessageRow, PastAppeal, StepRow
from supportdesk.store.report_rows import Period
from supportdesk.texts import Said

log = logging.getLogger(__name__)
# A text rating (PROTOCOL.md, "Ratings"): one digit 1-5 alone, or followed by a dash, comma,
# colon, "!" or a new line and then a comment. "3 номера хочу подключить" or "2 сотрудника не
# могут войти" are not ratings: a digit and a word is a number of something.
RATING = re.compile(r"^\s*([1-5])\s*(?:$|(?:[-–—,:!]|\n)\s*(\D.*)?$)", re.S)
QUEUE_COUNT_S = 5.0  # a long queue whose listed oldest stay: its count told this often
RATING_WINDOW_S = 24 * 3600  # a rating is taken within a day of the finish
SIGNAL_BURST = 30.0  # chat states and receipts a client may send at once …
SIGNAL_PER_S = 5.0  # … and then this many a second (more are dropped: they carry no words)
FORGET_S = 60.0  # how often the flood counters of quiet clients are dropped
MAX_COMMENT = 1000  # characters of a specialist's comment on an appeal
MAX_REPORT_S = 366 * 24 * 3600
CALL_ANSWER_S = 5  # the seed's target for answering a call: the app's clock counts to it
HAND_OVER_LINES = 30  # messages quoted in a hand-over's text (the app fetches them all)
_RANK = {Availability.FREE: 3, Availability.BUSY: 2, Availability.AWAY: 1,
         Availability.OFFLINE: 0}  # which of a specialist's sessions counts: the best
SHOW = {"": Availability.FREE, "chat": Availability.FREE, "dnd": Availability.BUSY,
        "away": Availability.AWAY, "xa": Availability.AWAY}


class ReloadRefusedError(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class _Open:
    line: str
    client: str
    specialist: str = ""
    accepted: bool = False
    responded: bool = False  # the specialist has written to the client
    told_place: int = 0  # the queue place the client was last told …
    told_at: float = 0.0  # … and when
    since: float = 0.0  # waiting on its line since
    channel: str = "chat"  # call: a phone appeal; callback: nobody took it, call them back
    number: str = ""  # a phone appeal's: what calls the client back
    participants: set[str] = field(default_factory=set)  # invited colleagues
    transfers: int = 0
    told_received: bool = False  # the client heard the desk has it (at its first offer)
    client_state: str = ""  # their last chat state relayed (the same again is not)

    def team(self) -> set[str]:
        """Who hears the client: the specialist (once accepted) and the invited."""
        return ({self.specialist} if self.accepted else set()) | self.participants


@dataclass(frozen=True)
class MyAppeal:
    """One appeal in a specialist's feed (the `mine` query)."""
    id: int
    line: str
    client: str
    state: str  # offered | in_work | taking_part | handed_on | finished | rated
    accept_by: float = 0.0  # offered: the line's clock
    transfers: int = 0
    control_until: float = 0.0  # in work, control question asked: finishes by itself then
    finished_at: float = 0.0
    score: int = 0
    comment: str = ""
    channel: str = "chat"  # chat | call | callback
    number: str = ""  # a phone appeal's: what calls the client back


@dataclass(frozen=True)
class ClientCard:
    client: str
    organisation: str
    lines: tuple[Line, ...]
    appeals: list[PastAppeal]
    first_line: FirstLine | None = None  # where a vendor's specialist returns it (seed 4.9)
    has_partners: bool = False  # … and whether this desk returns appeals at all


@dataclass(frozen=True)
class History:
    messages: list[MessageRow]
    steps: list[StepRow]
    client: str = ""
    names: dict[str, str] = field(default_factory=dict)  # the staff who wrote -> their name
    end: int = 0  # the place in the whole conversation just after the last of `messages`


PLACE_AGAIN_S = 60.0  # a client is told a moved place at most this often …


def _material(told: int, place: int, since_s: float) -> bool:
    """Worth telling the client again: first time, next in line, or a real move (five
    places, or half the way) at most once a minute — not a message each time an appeal
    ahead leaves, nor a burst of them when the queue runs fast."""
    if not told:
        return True
    if place >= told:
        return False
    return place == 1 or (since_s >= PLACE_AGAIN_S
                          and (told - place >= 5 or place <= told // 2))


def _rules(config: DeskConfig) -> dict[str, LineRules]:
    return {line.id: LineRules(line.staff, line.capacity, line.accept_seconds)
            for line in config.lines}


class DeskService:
    def __init__(self, config: DeskConfig, store: DeskStore, out: Outbox,
                 clock: Callable[[], float]) -> None:
        self.config = config
        self.store = store
        self.identity = store.identity()  # (told with every feed: see the store's)
        self.out = out
        self.clock = clock
        self.lines: dict[str, Line] = {line.id: line for line in config.lines}
        self.router = Router(_rules(config), clock)
        self.open: dict[int, _Open] = {}
        self.by_client: dict[tuple[str, str], int] = {}  # (client, line) -> open appeal
        # (line, number) -> its callback appeal: a caller who rings again is found at once,
        # not by a walk over every open appeal (thousands after a storm, on every call)
        self.callbacks: dict[tuple[str, str], int] = {}
        # (client, line) -> {appeal: finished at}: appeals awaiting the client's rating
        self.finished: dict[tuple[str, str], dict[int, float]] = {}
        self.control: dict[int, float] = {}  # appeal -> when it finishes by itself
        # specialist -> {session (resource): its availability}: their presence is the best
        self.sessions: dict[str, dict[str, Availability]] = {}
        self.phoning: dict[str, set[str]] = {}  # member -> sessions whose phone is busy
        # specialist -> the name clients call them by (their vCard's given name): the nick
        # of what they write to a client; their login until it is known
        self.names: dict[str, str] = {}
        self._allowance = Buckets()  # the clients' messages
        self._signals = Buckets()  # … their chat states and receipts
        # The queue last told to each line's staff, and who came online since (coalesced:
        # told at the next tick, not on every arrival).
        # (its listed oldest, how many in all, when): QUEUE_COUNT_S
        self._queues_told: dict[str, tuple[tuple[int, ...], int, float]] = {}
        self._queue_news: set[str] = set()
        self.calls = LineCalls(self)
        self.handovers = HandOvers(self)
        self.monitor = Monitor(self)
        self.remote: RemoteSessions | None = None if config.remote is None else RemoteSessions(
            _RemoteDesk(self), Tokens(clock), config.remote.url, Codes(clock),
            config.remote.install)
        self._forgot_at = clock()
        self._paused_at: float | None = None  # off the chat server since (pause/resume)
        self._recover()

    def _recover(self) -> None:
        """A restarted desk: open appeals come back into routing, with their invited
        colleagues and control-question clocks; finished ones still take a rating."""
        now = self.clock()
        self.store.end_cut_remote_sessions(End.DESK_RESTART.value)
        steps = self.store.open_steps(("invited", "left", "first_response", "queued",
                                       "control_question", "control_answered", "offered"))
        rows = self.store.open_appeals()
        # Offers of the last run are routed anew: nobody's in the store first.
        self.store.requeue([row.id for row in rows
                            if row.state != "queued" and not (row.state == "in_work"
                                                              and row.specialist)])
        for row in rows:
            state = self._opened(row.id, row.line, row.client, row.created_at, row.channel)
            state.transfers, state.number = row.transfers, row.number
            if row.channel == "callback":
                self.callbacks[(row.line, row.number)] = row.id
            if row.channel == "call" and not (row.state == "in_work" and row.specialist):
                # Its call was ringing when the desk stopped: the PBX has long given up on
                # asking about it; the number waits to be called back.
                self._move(row.id, "callback", now)
            self._replay(row.id, state, steps.get(row.id, []))
            if row.state == "in_work" and row.specialist:
                state.specialist, state.accepted = row.specialist, True
                self.router.in_work(row.id, row.line, row.specialist)
            else:
                self._carry_out(self.router.arrived(row.id, row.line, row.client))
        for appeal, client, line, at in self.store.awaiting_rating(now - RATING_WINDOW_S):
            self.finished.setdefault((client, line), {})[appeal] = at

    def _replay(self, appeal: int, state: _Open, steps: list[StepRow]) -> None:
        """What a recovered appeal's steps say of it: who takes part, what the client was
        told, whether its control question's clock runs."""
        for step in steps:
            if step.kind == "invited":
                state.participants.add(step.detail)
            elif step.kind == "left":
                state.participants.discard(step.actor)
            elif step.kind == "first_response":
                state.responded = True
            elif step.kind == "offered":
                state.told_received = True
            elif step.kind == "queued":  # told already: not again unless it moves
                state.told_place, state.told_at = int(step.detail or 0), step.at
            elif step.kind == "control_question":
                self.control[appeal] = step.at + self._auto_finish_s(state.line)
            else:
                self.control.pop(appeal, None)

    def hello(self) -> None:
        """Joined (again): every specialist's app is asked for its status."""
        for member in sorted(self.config.specialists):
            self.out.hello(member)

    def reconfigure(self, config: DeskConfig) -> list[str]:
        """A reloaded config (SIGHUP): lines, people and organisations change at once, open
        appeals stay; returns notes (the store and the server address need a restart).
        ReloadRefusedError, nothing changed, when a line with open appeals would go."""
        kept = {line.id for line in config.lines}
        problems = {f"line {o.line!r} has open appeals; remove it once they are finished"
                    for o in self.open.values() if o.line not in kept}
        if problems:
            raise ReloadRefusedError(sorted(problems))
        notes = [f"{what} changes take effect at the next start"
                 for what, old, new in (("store", self.config.store_url, config.store_url),
                                        ("component", (self.config.domain, self.config.server,
                                                       self.config.port, self.config.secret),
                                         (config.domain, config.server, config.port,
                                          config.secret)))
                 if old != new]
        self.config = replace(config, store_url=self.config.store_url,
                              domain=self.config.domain, server=self.config.server,
                              port=self.config.port, secret=self.config.secret)
        self.lines = {line.id: line for line in self.config.lines}
        self._carry_out(self.router.set_lines(_rules(self.config)))
        self.monitor.reconfigured()
        return notes

    # --- from the component: clients ------------------------------------------------------
    def client_message(self, client: str, line: str, body: str, stanza_id: str,
                       extras: Extras = NO_EXTRAS) -> None:
        """A client wrote to a line."""
        self._may_write(client, line)
        now = self.clock()
        self._take_allowance(client, line, now)
        appeal = self.by_client.get((client, line))
        if (appeal is None or not self.open[appeal].responded) and \
                (pending := self._awaiting(client, line, now)) and \
                (rating := RATING.match(body)) is not None:
            # (once a specialist answers an open appeal, a digit is for them: "3", how many)
            self._rate(client, line, _latest(pending),
                       int(rating.group(1)), (rating.group(2) or "").strip(), now)
            self._kept(client, line, stanza_id, extras)  # (a rating kept is acknowledged too)
            return
        if appeal is None:
            appeal = self.store.new_appeal(line, client, "chat", now, (body, stanza_id))
            self._kept(client, line, stanza_id, extras)
            self._opened(appeal, line, client, now)
            self._carry_out(self.router.arrived(appeal, line, client), first=body)
            return
        if self.control.pop(appeal, None) is not None:
            self.store.step(appeal, "control_answered", now, client)
        if extras.replaces and not self.store.correct_message(appeal, client,
                                                              extras.replaces, body):
            extras = replace(extras, replaces="")  # not theirs here: a message of its own
        if extras.replaces or self.store.add_message(appeal, client, body, stanza_id, now):
            self._kept(client, line, stanza_id, extras)
            self.open[appeal].client_state = extras.state  # (typing again is news)
            for member in self._hearers(appeal, self.open[appeal]):  # queued: kept
                self.out.message(self._address(appeal), member, body, stanza_id=stanza_id,
                                 extras=self._quote_for(appeal, extras, member))

    def client_signal(self, client: str, line: str, state: str = "",
                      received: str = "") -> None:
        """A client's chat state, or their receipt for a specialist's message."""
        appeal = self.by_client.get((client, line), 0)
        opened = self.open.get(appeal)
        if opened is None or (state and state == opened.client_state and not received):
            return  # nothing to tell: no appeal, or the state they are in already
        if not self._take_signal(client):
            return  # a flood of states and receipts: dropped (they carry no words)
        team = opened.team()
        if state:
            opened.client_state = state
            for member in self._hearers(appeal, opened):
                self.out.signal(self._address(appeal), member, state=state)
        if received:
            author = self.store.sender_of(appeal, received)
            if author in team:
                self.out.signal(self._address(appeal), author, received=received)

    def rate_by_form(self, client: str, line: str, score: int, comment: str,
                     appeal: int = 0) -> None:
        """The XEP-0004 rating form (the text rating is in client_message): of `appeal`, the
        one the form names, or (a form without one) the last finished."""
        now = self.clock()
        self._may_write(client, line)
        self._take_allowance(client, line, now)
        pending = self._awaiting(client, line, now)
        if appeal == 0 and pending:
            appeal = _latest(pending)
        if appeal not in pending:
            raise ActionError("item-not-found", "There is no finished appeal to rate.",
                              texts.NOTHING_TO_RATE.in_(self.language_of(line)))
        self._rate(client, line, appeal, score, comment, now)

    def _awaiting(self, client: str, line: str, now: float) -> dict[int, float]:
        """The client's appeals on `line` that still take a rating: appeal -> finished at."""
        return {appeal: at for appeal, at in self.finished.get((client, line), {}).items()
                if now - at <= RATING_WINDOW_S}

    def _kept(self, client: str, line: str, stanza_id: str, extras: Extras) -> None:
        """The client's message is in the store: the line acknowledges it (XEP-0184), when
        asked, only now. A message in flight when the desk died is never acknowledged, so
        the client's own view says what did not arrive (PROTOCOL.md, "Receipts")."""
        if extras.receipt:
            self.out.signal(self._line_address(line), client, received=stanza_id)

    def _may_write(self, client: str, line: str) -> None:
        if line not in self.lines:
            raise ActionError("item-not-found", f"There is no line {line!r} here.",
                              texts.NO_LINE.in_(self.config.language, line=line))
        if not self.config.may_write(client, self.lines[line]):
            raise ActionError("forbidden", f"The line {line!r} is not connected for you; "
                              "ask your organisation's administrator.",
                              texts.NOT_CONNECTED.in_(self.language_of(line),
                                                      line=self.lines[line].name))

    def on_call(self, person: str) -> bool:
        """Their phone rings or talks: a line's call, or any other their app tells of (a
        client called back from the card, a colleague) (the monitor shows it)."""
        return person in self.calls.busy or bool(self.phoning.get(person))

    def in_remote(self, person: str) -> bool:
        """They watch a client's screen now (the monitor shows it)."""
        return self.remote is not None and self.remote.watching(person)

    def language_of(self, line: str) -> str:
        found = self.lines.get(line)
        return found.language if found is not None else self.config.language

    # --- from the component: specialists --------------------------------------------------
    def specialist_message(self, specialist: str, appeal: int, body: str, stanza_id: str,
                           extras: Extras = NO_EXTRAS) -> None:
        """A specialist wrote to an appeal: to the client, from the line; the invited see it
        too."""
        state = self._member(specialist, appeal)
        now = self.clock()
        if not state.accepted and specialist == state.specialist:
            self._accept(specialist, appeal, now)  # the first reply takes it into work
        if not state.accepted:
            raise ActionError("not-allowed", "The appeal is not in work yet.")
        if not self.store.add_message(appeal, specialist, body, stanza_id, now):
            return
        if not state.responded:
            state.responded = True
            self.store.step(appeal, "first_response", now, specialist)
        nick = self.names.get(specialist) or specialist.partition("@")[0]
        self.out.message(self._line_address(state.line), state.client, body,
                         stanza_id=stanza_id, nick=nick,
                         extras=self._quote_for(appeal, extras, state.client))
        for member in state.team() - {specialist}:
            self.out.message(self._address(appeal), member, body, stanza_id=stanza_id,
                             nick=nick, author=specialist,
                             extras=self._quote_for(appeal, extras, member))

    def specialist_note(self, specialist: str, appeal: int, body: str, stanza_id: str) -> None:
        """An internal note in the appeal's conversation: kept, to the team (the holder,
        the invited, the senior who joined; the line's seniors and whoever gets it next
        read it in the history), never to the client. Also the appeal's comment (the card
        and the reports show it). On a finished appeal: by whoever had it, as comments."""
        now = self.clock()
        text = body.strip()
        if not text or len(text) > MAX_COMMENT:
            raise ActionError("not-acceptable", f"A note is 1 to {MAX_COMMENT} characters.")
        state = self.open.get(appeal)
        if state is not None:
            self._member(specialist, appeal)
        elif specialist not in self.store.holders(appeal):
            raise ActionError("forbidden", "This appeal is not yours.")
        if not self.store.add_message(appeal, specialist, text, stanza_id, now, note=True):
            return  # (the same note again: a resend after an outage)
        self.store.step(appeal, "commented", now, specialist, text)
        if state is None:
            return
        nick = self.names.get(specialist) or specialist.partition("@")[0]
        for member in state.team() - {specialist}:
            self.out.message(self._address(appeal), member, text, stanza_id=stanza_id,
                             nick=nick, author=specialist, note=True)

    def specialist_signal(self, specialist: str, appeal: int, state: str = "",
                          received: str = "") -> None:
        """A specialist's chat state, to the client."""
        current = self._member(specialist, appeal)
        line = self._line_address(current.line)
        if state:
            self.out.signal(line, current.client, state=state)
        # (a specialist's receipt of the client's message is not passed on: the line
        # acknowledged it when it kept it, and one receipt means one thing)

    def action(self, specialist: str, appeal: int, name: str,
               attrs: dict[str, str] | None = None) -> dict[str, str]:
        """Carry out an action; returns what its answer says (control: when it finishes)."""
        attrs = attrs or {}
        now = self.clock()
        if name == "comment":  # also on a finished appeal, by whoever had it
            self._comment(specialist, appeal, attrs.get("text", ""), now)
            return {}
        if name not in access.RULES:
            raise ActionError("feature-not-implemented", f"No action {name!r}.")
        state = self.open.get(appeal)
        if state is None:
            raise ActionError("forbidden", "This appeal is not yours.")
        access.check(name, self._roles(specialist, appeal, state), self._phase(appeal, state))
        if appeal in self.handovers.pending:  # (its partner answers in a moment)
            raise ActionError("conflict", "It is being returned to the partner.")
        handlers: dict[str, Callable[[], dict[str, str] | None]] = {
            "accept": lambda: self._accept(specialist, appeal, now, tell=True),
            "decline": lambda: self._decline(specialist, appeal, state, now),
            "transfer": lambda: self._transfer(specialist, appeal, state, attrs, now),
            "escalate": lambda: self._escalate(specialist, appeal, state, now),
            "invite": lambda: self._invite(specialist, appeal, state, attrs.get("to", ""),
                                           now),
            "finish": lambda: self._finish(appeal, specialist, now),
            "control": lambda: self._control(specialist, appeal, state, now),
            "leave": lambda: self._leave(specialist, appeal, state, now),
            "join": lambda: self._take_part(appeal, state, specialist, specialist,
                                            texts.JOINED, now),
            "take": lambda: self._take(specialist, appeal, state, now),
            "call": lambda: self._call_report(specialist, appeal, attrs.get("state", ""),
                                              attrs.get("mos", "")),
            "remote": lambda: self._remote().ask(specialist, appeal, state.client),
            "remote-end": lambda: self._remote().end(specialist, appeal,
                                                     attrs.get("comment", "")),
            "remote-control": lambda: self._remote().control(specialist, appeal)}
        if name not in handlers:  # (return: the component's, it waits for the partner)
            raise ActionError("feature-not-implemented", f"No action {name!r} here.")
        return handlers[name]() or {}

    # --- for returns to a partner (handovers.py) --------------------------------------------
    def holding(self, who: str, appeal: int, action: str) -> tuple[str, str]:
        """(client, line) of an appeal `who` may do `action` on now (access.py's table)."""
        state = self.open.get(appeal)
        if state is None:
            raise ActionError("forbidden", "This appeal is not yours.")
        access.check(action, self._roles(who, appeal, state), self._phase(appeal, state))
        return state.client, state.line

    def stop_control(self, appeal: int) -> None:
        self.control.pop(appeal, None)

    def is_open(self, appeal: int) -> bool:
        return appeal in self.open

    def close_returned(self, appeal: int, by: str, where: str, said: Said) -> None:
        self._finish(appeal, by, self.clock(), returned=(where, said))

    def chat_appeal(self, client: str, line: str) -> int | None:
        return self.by_client.get((client, line))

    def open_received(self, appeal: int, line: str, client: str, now: float) -> None:
        """An appeal a vendor's desk returned to us: open here (its client was told)."""
        self._opened(appeal, line, client, now).told_received = True

    def route(self, appeal: int, line: str, client: str, first: str) -> None:
        self._carry_out(self.router.arrived(appeal, line, client), first=first)

    def tell(self, line: str, client: str, said: Said) -> None:
        self.out.tell(self._line_address(line), client, said)

    def note_to_team(self, appeal: int, note: str, author: str, nick: str) -> None:
        for member in self._hearers(appeal, self.open[appeal]):
            self.out.message(self._address(appeal), member, note, author=author, nick=nick,
                             note=True)

    def _remote(self) -> RemoteSessions:
        if self.remote is None:
            raise ActionError("feature-not-implemented", "This desk has no remote sessions.")
        return self.remote

    def remote_answer(self, client: str, session: str, allow: bool, password: str,
                      reason: str = "") -> dict[str, str]:
        """The client's answer to a remote session's request (to the line's address)."""
        return self._remote().answer(client, session, allow, password, reason)

    def remote_stop(self, client: str, session: str) -> None:
        self._remote().stop(client, session)

    def remote_control_answer(self, client: str, session: str, who: str,
                              allow: bool) -> None:
        self._remote().control_answer(client, session, who, allow)

    def _decline(self, specialist: str, appeal: int, state: _Open, now: float) -> None:
        self._move(appeal, "offer_declined", now, specialist)
        self._carry_out(self.router.declined(appeal, specialist))

    def _control(self, specialist: str, appeal: int, state: _Open,
                 now: float) -> dict[str, str]:
        if appeal in self.control:  # asked already, its clock running: the same question
            return {"finish-at": f"{self.control[appeal]:.0f}"}
        self.control[appeal] = now + self._auto_finish_s(state.line)
        self.store.step(appeal, "control_question", now, specialist)
        return {"finish-at": f"{self.control[appeal]:.0f}"}

    def _leave(self, specialist: str, appeal: int, state: _Open, now: float) -> None:
        state.participants.discard(specialist)
        self.store.step(appeal, "left", now, specialist)

    def _phase(self, appeal: int, state: _Open) -> Phase:
        if state.accepted:
            return Phase.IN_WORK
        return Phase.OFFERED if self._offeree(appeal, state) else Phase.QUEUED

    def _hearers(self, appeal: int, state: _Open) -> set[str]:
        """Who hears the client's words and typing: the team, and whom it is offered to
        (their app read the conversation when the offer came; what is added after would
        otherwise reach them nowhere)."""
        offeree = "" if state.accepted else self._offeree(appeal, state)
        return state.team() | ({offeree} if offeree else set())

    def _offeree(self, appeal: int, state: _Open) -> str:
        """Whom it is offered to: the router's offer (a chat), or the phone it rings."""
        offer = self.router.offers.get(appeal)
        if offer is not None:
            return offer.to
        return state.specialist if state.channel == "call" and not state.accepted else ""

    def _roles(self, who: str, appeal: int, state: _Open) -> set[Role]:
        roles = set()
        if not state.accepted and who == self._offeree(appeal, state):
            roles.add(Role.OFFEREE)
        if state.accepted and who == state.specialist:
            roles.add(Role.HOLDER)
        if who in state.participants:
            roles.add(Role.PARTICIPANT)
        line = self.lines.get(state.line)
        if line is not None and who in line.seniors:
            roles.add(Role.LINE_SENIOR)
        if line is not None and who in line.staff:
            roles.add(Role.LINE_STAFF)
        return roles

    def _call_report(self, specialist: str, appeal: int, state: str, mos: str = "") -> None:
        """The app on its call of the appeal: answered / ended (their own call only); with
        the end, the worst MOS its line had (the reports count poor lines)."""
        if state not in ("answered", "ended"):
            raise ActionError("bad-request", "state is answered or ended.")
        worst = 0.0
        if state == "ended" and mos:  # (checked before anything is done with the report)
            try:
                worst = float(mos)
            except ValueError:
                raise ActionError("bad-request", "mos is a number from 1 to 5.") from None
            if not 1.0 <= worst <= 5.0:
                raise ActionError("bad-request", "mos is a number from 1 to 5.")
        self.calls.told_by_app(appeal, specialist, state)
        if worst:
            self.store.step(appeal, "call_quality", self.clock(), specialist, f"{worst:.2f}")

    def report(self, who: str, since: float, until: float, line: str = "",
               specialist: str = "") -> Report:
        """The figures of [since, until) made here (the component makes them in a worker
        process: report_worker.py)."""
        return report_worker.make(self.store, self.report_asked(who, since, until, line,
                                                                specialist))

    def report_asked(self, who: str, since: float, until: float, line: str = "",
                     specialist: str = "") -> report_worker.Asked:
        """What `who` may have of the figures of [since, until). Seniors: their lines,
        everyone on them (or one line, one specialist). A line's specialist: their own
        appeals only."""
        senior_of = self.config.senior_lines(who)
        member_of = [x.id for x in self.config.lines if who in x.staff]
        if not member_of:
            raise ActionError("forbidden", "Only the desk's specialists have reports.")
        if not senior_of:
            if specialist and specialist != who:
                raise ActionError("forbidden", "A specialist sees their own figures only.")
            specialist = who
        allowed = senior_of or member_of
        if line and line not in allowed:
            raise ActionError("forbidden", f"Line {line!r} is not yours.")
        if not 0 <= since < until or until - since > MAX_REPORT_S:
            raise ActionError("bad-request", "The period runs from since to until, at most "
                                             "a year.")
        lines = (line,) if line else tuple(allowed)
        targets = {x.id: x.accept_seconds for x in self.config.lines}
        return report_worker.Asked(Period(since, until, lines, specialist, targets),
                                   self.config.zone,
                                   tuple((x.id, x.name) for x in self.config.lines))

    def watch(self, who: str, address: str = "") -> Update:
        """`who` starts watching the online monitor of their lines from `address` (their
        bare address by default): everything now, and what changes (monitor.changes) until
        they stop or go offline. Seniors only."""
        if not self.config.senior_lines(who):
            raise ActionError("forbidden", "The online monitor is for the lines' seniors.")
        return self.monitor.watch(who, address or who)

    def mine(self, who: str, since: float) -> list[MyAppeal]:
        """`who`'s feed: offered to them, in their work, taking part, and what they worked
        on since `since` (their day) with how it ended."""
        if who not in self.config.specialists:
            raise ActionError("forbidden", "Only the desk's specialists have a feed.")
        found: dict[int, MyAppeal] = {}
        for appeal, state in self.open.items():
            if state.specialist == who:
                offer = self.router.offers.get(appeal)
                found[appeal] = MyAppeal(
                    appeal, state.line, state.client,
                    "in_work" if state.accepted else "offered",
                    offer.deadline if offer is not None and not state.accepted else 0.0,
                    control_until=self.control.get(appeal, 0.0), channel=state.channel,
                    number=state.number)
            elif who in state.participants:
                found[appeal] = MyAppeal(appeal, state.line, state.client, "taking_part",
                                         channel=state.channel)
        for row in self.store.worked_on(who, since):
            if row.id in found:
                found[row.id] = replace(found[row.id], transfers=row.transfers)
                continue
            state_name = row.state if row.state in ("finished", "rated") else "handed_on"
            found[row.id] = MyAppeal(row.id, row.line, row.client, state_name,
                                     transfers=row.transfers,
                                     finished_at=row.finished_at or 0.0,
                                     score=row.score or 0, comment=row.comment,
                                     channel=row.channel)
        return sorted(found.values(), key=lambda a: a.id)

    def queue(self, line: str, limit: int | None = None) -> list[Waiting]:
        """A line's queue (its oldest `limit`), oldest first, as its staff hear it."""
        accept_s = self.lines[line].accept_seconds if line in self.lines else 0.0
        return [Waiting(a, self.open[a].client, self.open[a].since,
                        self.config.organisation_of(self.open[a].client),
                        self.open[a].since + accept_s, self.open[a].channel,
                        self.open[a].number)
                for a in self.router.queued(line)[:limit] if a in self.open]

    def history(self, who: str, appeal: int, before: int | None = None,
                limit: int | None = None) -> History:
        """The conversation (or its `limit` messages before place `before`) and the steps
        of an appeal: for its specialist, the invited, the line's seniors, whoever had it
        before, and (once finished) its line's staff; the steps come with the newest page
        only."""
        row = self._may_read(who, appeal)
        total = self.store.message_count(appeal)
        end = min(total, before) if before is not None else total
        messages = self.store.conversation(appeal, end, limit) if limit is not None \
            else self.store.conversation(appeal)
        steps = self.store.timeline(appeal) if end == total else []  # (with the newest page)
        names = {m.sender: self.names.get(m.sender) or m.sender.partition("@")[0]
                 for m in messages if m.sender != row.client}
        desks = {m.sender for m in messages if "@" not in m.sender}
        for step in (steps or self.store.timeline(appeal)) if desks else ():
            if step.kind == "received" and step.actor in desks:  # a vendor's: by its name
                names[step.actor] = step.detail.partition(" ")[2] or step.actor
        return History(messages, steps, row.client, names, end)

    def client_card(self, who: str, appeal: int) -> ClientCard:
        """The client of an appeal for the curtain and the transfer dialog: organisation,
        the lines connected for them, their appeals on the asker's lines (and this one's):
        another line's appeals and its specialists' comments are that line's business."""
        row = self._may_read(who, appeal)
        lines = tuple(self.lines[i] for i in self.config.lines_for(row.client)
                      if i in self.lines)
        theirs = {x.id for x in self.config.lines if who in x.staff} | {row.line}
        return ClientCard(row.client, self.config.organisation_of(row.client), lines,
                          [a for a in self.store.client_appeals(row.client)
                           if a.line in theirs],
                          self.config.first_line_for(row.client, row.line)
                          if "@" in row.client else None, self.config.has_partners)

    def presence(self, member: str, show: str, available: bool, session: str = "",
                 on_phone: bool = False) -> None:
        """A specialist's presence to the desk (directed: the app sends each change) from
        one of their sessions (the resource; "" when unknown). They are as available as
        their most available session, and offline only when none is left: the second
        computer closing does not take the first one's appeals away. Unavailable without a
        session: every session is gone."""
        if member not in self.config.specialists:
            return  # clients' presence does not route anything
        sessions = self.sessions.setdefault(member, {})
        phoning = self.phoning.setdefault(member, set())
        if available:
            sessions[session] = SHOW.get(show, Availability.AWAY)
            if on_phone:  # (the app's phone is busy: its presence says so)
                phoning.add(session)
            else:
                phoning.discard(session)
        elif session:
            sessions.pop(session, None)
            phoning.discard(session)
        else:
            sessions.clear()
            phoning.clear()
        if not phoning:
            del self.phoning[member]
        if not sessions:
            del self.sessions[member]
        availability = max(sessions.values(), key=_RANK.__getitem__, default=Availability.OFFLINE)
        if availability is Availability.OFFLINE:
            self.monitor.stop(member)  # watching again is asked for again
        if availability is not Availability.OFFLINE and \
                self.router.presence.get(member, Availability.OFFLINE) is Availability.OFFLINE:
            self._queue_news.add(member)  # just came: told their lines' queues
        self._carry_out(self.router.presence_changed(member, availability))

    def pause(self) -> None:
        """Off the chat server: the appeals' clocks stop (an offer nobody could see cannot
        be missed, a control question nobody could answer cannot run out) and nothing is
        said until resume(), which moves every clock on by the time away."""
        if self._paused_at is None:
            self._paused_at = self.clock()

    def resume(self) -> None:
        if self._paused_at is None:
            return
        away = self.clock() - self._paused_at
        self._paused_at = None
        self.router.shift(away)
        self.control = {appeal: due + away for appeal, due in self.control.items()}
        log.info("desk: back after %.0f s away; the clocks move on by that", away)

    def tick(self) -> None:
        if self._paused_at is not None:
            return  # (off the chat server: no clock runs, nothing is said)
        now = self.clock()
        if now - self._forgot_at >= FORGET_S:
            self._forget_quiet_clients(now)
        for appeal, due in list(self.control.items()):
            if now >= due and appeal in self.open:
                self._finish(appeal, "", now)  # no reaction to the control question
        self._carry_out(self.router.tick())
        self.calls.tick(now)
        if self.remote is not None:
            self.remote.tick(now)
        self._tell_queues()

    def _tell_queues(self) -> None:
        """Each line's staff who are online hear its queue when what it lists changed since
        the last tick, or only its count did and QUEUE_COUNT_S passed (whoever just came
        hears it anyway), so they can take from it. In a PBX storm the oldest stay and only
        the count grows: told every few seconds, not every one (to each of the staff)."""
        now = self.clock()
        for line in self.config.lines:
            queue = self.router.queued(line.id)
            listed = queue[:QUEUE_ITEMS]
            was_listed, was_total, told_at = self._queues_told.get(line.id, ((), 0, 0.0))
            changed = listed != was_listed or (len(queue) != was_total
                                               and now - told_at >= QUEUE_COUNT_S)
            if changed:
                self._queues_told[line.id] = (listed, len(queue), now)
            staff = [member for member in line.staff
                     if (changed or member in self._queue_news) and self.router.presence.get(
                         member, Availability.OFFLINE) is not Availability.OFFLINE]
            if staff:
                oldest = self.queue(line.id, QUEUE_ITEMS)  # (the rest is a count)
                self.out.queue(staff, line.id, line.name, oldest, len(queue) - len(oldest))
        self._queue_news.clear()

    # --- actions ----------------------------------------------------------------------------
    def _finish(self, appeal: int, by: str, now: float,
                returned: tuple[str, Said] | None = None) -> None:
        """Finished by the specialist, or (by "") after an unanswered control question;
        `returned`: to the partner's first line (where, and what the client hears instead
        of the rating request: the rating is the partner's to ask)."""
        self._move(appeal, "returned" if returned else "finished", now, by or "auto",
                   returned[0] if returned else "")
        if self.remote is not None:  # (after the store took the finish)
            self.remote.appeal_over(appeal, End.FINISHED)
        self.control.pop(appeal, None)  # (memory after the store: a failed write changes
        state = self.open.pop(appeal)  # nothing, and the finish can be tried again)
        if self.callbacks.get((state.line, state.number)) == appeal:
            del self.callbacks[(state.line, state.number)]
        if self.by_client.get((state.client, state.line)) == appeal:  # (a call's appeal is
            del self.by_client[(state.client, state.line)]  # not there: the chat one is)
        self.monitor.finished(state.specialist)
        if returned is not None:
            self.out.tell(self._line_address(state.line), state.client, returned[1])
        elif "@" in state.client:  # (a caller known only by number is not asked)
            self.finished.setdefault((state.client, state.line), {})[appeal] = now
            self.out.tell(self._line_address(state.line), state.client,
                          (texts.THANKS if state.channel == "chat" else texts.THANKS_CALL)
                          .in_(self.language_of(state.line), appeal=appeal), rating_for=appeal)
        for member in (state.team() | self.store.holders(appeal)) - {by}:
            self.out.event(self._address(appeal), member, "finished", {"by": by or "auto"})
        self._carry_out(self.router.finished(appeal))

    def _transfer(self, specialist: str, appeal: int, state: _Open, attrs: dict[str, str],
                  now: float) -> None:
        """To an online colleague, or to a line connected for this client; the second
        transfer of an appeal needs confirm="true" (at most once, unless confirmed)."""
        row = self.store.appeal(appeal)
        if row is not None and row.transfers >= 1 and attrs.get("confirm") != "true":
            raise ActionError("conflict", "This appeal was transferred once already; "
                              "confirm to transfer it again.")
        to, line = attrs.get("to", ""), attrs.get("line", "")
        if to == specialist:
            raise ActionError("not-acceptable", "The appeal is yours already.")
        if to:
            self._colleague_online(to)
        elif line not in self.lines or line not in self.config.lines_for(state.client):
            connected = self.config.lines_for(state.client)
            raise ActionError("not-allowed", f"Line {line!r} is not connected for this "
                              f"client; theirs: {', '.join(connected) or 'none'}.")
        elif state.channel == "chat" and self.by_client.get((state.client, line)) not in (
                None, appeal):  # (one open chat appeal per client and line: where theirs go)
            raise ActionError("conflict", f"The client has appeal "
                              f"№{self.by_client[(state.client, line)]} open on line "
                              f"{line!r}: write there, or finish this one.")
        if attrs.get("note", "").strip():  # what the next one should know, in the thread
            self.specialist_note(specialist, appeal, attrs["note"], f"n{uuid.uuid4().hex}")
        if to:
            self._move(appeal, "transferred", now, specialist, to)
            self._reassign(appeal, state, to, specialist, "transfer")
            return
        was_on = state.line
        self._move(appeal, "transferred", now, specialist, f"line:{line}")
        self.control.pop(appeal, None)  # the control question was this specialist's
        self._carry_out(self.router.finished(appeal))
        # The same record goes on there (its invited colleagues with it, as a restart would
        # read them back from the steps), waiting from now on.
        if self.by_client.get((state.client, was_on)) == appeal:  # (a chat's)
            del self.by_client[(state.client, was_on)]
            self.by_client[(state.client, line)] = appeal
        state.since = now
        self._carry_out(self.router.arrived(appeal, line, state.client))

    def _escalate(self, specialist: str, appeal: int, state: _Open, now: float) -> None:
        """To a senior of the line who is online, the freest first."""
        seniors = [s for s in self.lines[state.line].seniors if s != specialist
                   and self.router.presence.get(s, Availability.OFFLINE)
                   is not Availability.OFFLINE]
        if not seniors:
            raise ActionError("recipient-unavailable", "No senior of this line is online.")
        senior = min(seniors, key=lambda s: len(self.router.open.get(s, ())))
        self._move(appeal, "escalated", now, specialist, senior)
        self._reassign(appeal, state, senior, specialist, "escalate")

    def _invite(self, specialist: str, appeal: int, state: _Open, to: str,
                now: float) -> None:
        """A colleague takes part (seed 4.12): they hear the client and may write; the
        appeal stays this specialist's."""
        self._colleague_online(to)
        self._take_part(appeal, state, to, specialist, texts.INVITED, now)

    def _take_part(self, appeal: int, state: _Open, who: str, by: str, text: str,
                   now: float) -> None:
        """`who` hears the client and may write beside the appeal's specialist (invited
        by `by`, or joined on their own), with the conversation so far."""
        if who == state.specialist or who in state.participants:
            raise ActionError("conflict", f"{who} takes part already.")
        state.participants.add(who)
        self.store.step(appeal, "invited", now, by, who)
        self._hand_over(appeal, who, by, text, "invite")

    def _take(self, specialist: str, appeal: int, state: _Open, now: float) -> None:
        """From the queue of a line they work on, into their work, with the conversation."""
        if appeal not in self.router.queued(state.line):  # (a call between two phones)
            raise ActionError("conflict", "Someone has this appeal already.")
        self._move(appeal, "accepted", now, specialist, "queue")
        self._carry_out(self.router.take(appeal, specialist))
        self._hand_over(appeal, specialist, specialist, texts.TAKEN, "take")

    def _comment(self, specialist: str, appeal: int, text: str, now: float) -> None:
        """A specialist's short comment on the appeal (the curtain shows it later): by those
        working on it, or after the finish by whoever had it (a call's comment is often
        written once the call is over)."""
        if appeal in self.open:
            self._member(specialist, appeal)
        elif specialist not in self.store.holders(appeal):
            raise ActionError("forbidden", "This appeal is not yours.")
        text = text.strip()
        if not text or len(text) > MAX_COMMENT:
            raise ActionError("not-acceptable",
                              f"A comment is 1 to {MAX_COMMENT} characters.")
        self.store.step(appeal, "commented", now, specialist, text)

    # --- calls to a line (supportdesk/calls.py decides; the appeal's steps are kept here) ---
    def open_call(self, appeal: int, line: str, client: str, now: float,
                  number: str) -> None:
        """A phone appeal: open, not in routing while the PBX rings people for it.
        `number`: what calls the client back (a number, or their SIP address)."""
        self.open[appeal] = _Open(line, client, since=now, channel="call", number=number)

    def call_offered(self, appeal: int, to: str) -> None:
        """Their phone rings for it: their app hears which appeal it is (the line, the
        client), the clock being the line's ring time."""
        now = self.clock()
        self.router.last_offer[to] = now
        state = self.open[appeal]
        self._move(appeal, "offered", now, to, "call")
        line = self.lines[state.line]
        self.out.message(
            self._address(appeal), to,
            texts.CALL_OFFER.format(appeal=appeal, line=line.name, client=state.client),
            offer=Offer(appeal, line.id, line.name, state.client, now + CALL_ANSWER_S,
                        self.config.organisation_of(state.client), "call", state.number))

    def call_missed(self, appeal: int, by: str, status: str) -> None:
        """The phone of `by` rang out, was busy or declined (the PBX rings the next)."""
        self._move(appeal, "offer_missed", self.clock(), by, status)
        self.out.event(self._address(appeal), by, "withdrawn", {})

    def call_answered(self, appeal: int, line: str, by: str, rang_s: float) -> None:
        """Answered after ringing them `rang_s` seconds (the step says "call 2.4")."""
        state = self.open.get(appeal)
        if state is None:
            return
        self._move(appeal, "accepted", self.clock(), by, f"call {max(0.0, rang_s):.1f}")
        self.router.in_work(appeal, line, by)

    def call_transferred(self, appeal: int, line: str, by: str) -> None:
        """The specialist who talked to the client transferred the call to `line` (a SIP
        transfer): the same appeal rings there; they hear it went on."""
        state = self.open.get(appeal)
        if state is None:
            return
        self._move(appeal, "transferred", self.clock(), by, f"line:{line}")
        self._carry_out(self.router.finished(appeal))
        self.out.event(self._address(appeal), by, "handed-on", {"line": line})

    def waiting_callback(self, line: str, number: str) -> int | None:
        """The appeal of `number` (what calls them back) waiting in `line`'s queue to be
        called back, if there is one."""
        appeal = self.callbacks.get((line, number))
        state = self.open.get(appeal) if appeal is not None else None
        if state is None or (state.line, state.number, state.channel) != (
                line, number, "callback") or state.specialist or state.accepted:
            return None  # (offered or called back meanwhile; moved on; or over)
        return appeal

    def called_again(self, appeal: int) -> None:
        """Its caller rang again while it waited to be called back: this call goes on as the
        same appeal (rung like a new one; nobody free: back in its place)."""
        self._move(appeal, "called_again", self.clock(), self.open[appeal].client)
        self._carry_out(self.router.withdrawn(appeal))

    def call_to_queue(self, appeal: int, line: str) -> None:
        """Nobody took the call: its number waits in the line's queue to be called back."""
        state = self.open.get(appeal)
        if state is None:
            return
        self._move(appeal, "callback", self.clock())
        self._carry_out(self.router.arrived(appeal, line, state.client))

    def _colleague_online(self, to: str) -> None:
        if to not in self.config.specialists:
            raise ActionError("item-not-found", f"{to} is not a specialist here.")
        if self.router.presence.get(to, Availability.OFFLINE) is Availability.OFFLINE:
            raise ActionError("recipient-unavailable", f"{to} is not online.")

    def _reassign(self, appeal: int, state: _Open, to: str, by: str, kind: str) -> None:
        if self.remote is not None:
            self.remote.appeal_over(appeal, End.TRANSFERRED)
        self.control.pop(appeal, None)  # the control question was the former holder's
        self._carry_out(self.router.finished(appeal))
        state.participants.discard(to)
        self.router.in_work(appeal, state.line, to)
        self._hand_over(appeal, to, by, texts.HANDED_OVER, kind)

    def _hand_over(self, appeal: int, to: str, by: str, text: str, kind: str) -> None:
        """The colleague gets the conversation, so the client repeats nothing: the latest
        messages as text for any client, and a `handed` element for the app, which fetches
        the whole history."""
        said = self.store.conversation(appeal)
        history = "\n".join(f"{m.sender.partition('@')[0]}{' (note)' if m.note else ''}: "
                            f"{m.body}" for m in said[-HAND_OVER_LINES:])
        if len(said) > HAND_OVER_LINES:
            history = f"… ({len(said) - HAND_OVER_LINES})\n{history}"
        history = clip(history)  # (within a stanza's bytes: the app fetches it all)
        state = self.open[appeal]
        row = self.store.appeal(appeal)
        self.out.message(self._address(appeal), to,
                         text.format(appeal=appeal, by=by, history=history),
                         handed=Handed(appeal, state.line, self.lines[state.line].name,
                                       state.client, HandKind(kind), by,
                                       row.transfers if row else 0,
                                       self.config.organisation_of(state.client)))

    # --- inside -------------------------------------------------------------------------------
    def _move(self, appeal: int, kind: str, now: float, actor: str = "",
              detail: str = "") -> None:
        """A step that moves the appeal: lifecycle.move checks, writes, then remembers."""
        state = self.open[appeal]
        lifecycle.move(self.store, appeal, state, kind, now, actor, detail)
        if kind == "callback":
            self.callbacks[(state.line, state.number)] = appeal

    def _opened(self, appeal: int, line: str, client: str, since: float,
                channel: str = "chat") -> _Open:
        state = self.open[appeal] = _Open(line, client, since=since, channel=channel)
        if channel == "chat":  # (where the client's messages on the line go)
            self.by_client[(client, line)] = appeal
        return state

    def _address(self, appeal: int) -> str:
        return appeal_address(appeal, self.config.component)

    def _line_address(self, line: str) -> str:
        return f"{line}@{self.config.component}"

    def _auto_finish_s(self, line: str) -> float:
        found = self.lines.get(line)
        return (found.auto_finish_minutes if found is not None else 5.0) * 60

    def _quote_for(self, appeal: int, extras: Extras, recipient: str) -> Extras:
        """A quoted reply names its author as the recipient knows them: the client knows
        the line, a specialist knows the appeal (for the client) and colleagues by name.
        A quote of a message this appeal never had is passed as plain text."""
        if not extras.reply_id:
            return extras
        author = self.store.sender_of(appeal, extras.reply_id)
        if author is None:
            return replace(extras, reply_id="", reply_to="", fallback=None)
        state = self.open[appeal]
        if recipient == state.client:
            to = state.client if author == state.client else self._line_address(state.line)
        else:
            to = self._address(appeal) if author == state.client else author
        return replace(extras, reply_to=to)

    def _take_signal(self, client: str) -> bool:
        """Chat states and receipts have a bucket of their own (SIGNAL_BURST, then
        SIGNAL_PER_S): a client typing sends several a message, a flood is dropped."""
        return not self._signals.take(client, self.clock(), SIGNAL_BURST, SIGNAL_PER_S)

    def _forget_quiet_clients(self, now: float) -> None:
        """Counters that are full again say nothing, nor ratings no longer taken: dropped,
        so a stream of new addresses or unrated appeals cannot grow the desk's memory."""
        self._allowance.forget_full(now, self.config.client_burst, self.config.client_per_s)
        self._signals.forget_full(now, SIGNAL_BURST, SIGNAL_PER_S)
        self.finished = {key: kept for key, pending in self.finished.items()
                         if (kept := {appeal: at for appeal, at in pending.items()
                                      if now - at <= RATING_WINDOW_S})}
        self._forgot_at = now

    def _take_allowance(self, client: str, line: str, now: float) -> None:
        """A client flooding a line is told, of each message refused, that it was not
        delivered and when to send it again; nothing of the flood is kept."""
        wait_s = self._allowance.take(client, now, float(self.config.client_burst),
                                      self.config.client_per_s)
        if wait_s:
            wait = max(1, math.ceil(wait_s))
            raise ActionError("resource-constraint",
                              f"Too many messages at once: send it again in {wait} s.",
                              texts.TOO_MANY.in_(self.language_of(line), seconds=wait))

    def _member(self, specialist: str, appeal: int) -> _Open:
        state = self.open.get(appeal)
        if state is None or (specialist != state.specialist
                             and specialist not in state.participants):
            raise ActionError("forbidden", "This appeal is not yours.")
        return state

    def _may_read(self, who: str, appeal: int) -> AppealRow:
        row = self.store.appeal(appeal)
        state = self.open.get(appeal)
        if row is None or not (
                who == row.specialist
                or (state is not None and who in state.participants)
                or (row.line in self.lines and who in self.lines[row.line].seniors)
                # a finished appeal of their line: the card lists it, its words too
                or (state is None and row.line in self.lines
                    and who in self.lines[row.line].staff)
                or who in {step.actor for step in self.store.timeline(appeal)
                           if step.kind in ("accepted", "transferred", "escalated")}):
            raise ActionError("forbidden", "This appeal is not yours to read.")
        return row

    def _accept(self, specialist: str, appeal: int, now: float, tell: bool = False) -> None:
        """Into their work; `tell`: the client hears who answers (an accept by a reply
        needs no word: the reply names them)."""
        self._move(appeal, "accepted", now, specialist)
        state = self.open[appeal]
        self.router.accepted(appeal, specialist)
        if tell and state.channel == "chat":
            name = self.names.get(specialist) or specialist.partition("@")[0]
            self.out.tell(self._line_address(state.line), state.client,
                          texts.ANSWERING.in_(self.language_of(state.line), name=name))

    def _rate(self, client: str, line: str, appeal: int, score: int, comment: str,
              now: float) -> None:
        pending = self.finished[(client, line)]
        finished_at = pending.pop(appeal)
        if not pending:
            del self.finished[(client, line)]
        if self.store.rate(appeal, score, comment, now):
            self.monitor.rated(appeal, score, finished_at)
            for holder in self.store.holders(appeal):
                self.out.event(self._address(appeal), holder, "rated",
                               {"score": str(score), "comment": comment})
        self.out.tell(self._line_address(line), client,
                      texts.RATED.in_(self.language_of(line), appeal=appeal))

    def _carry_out(self, decisions: list[Decision], first: str = "") -> None:
        now = self.clock()
        for decision in decisions:
            state = self.open.get(decision.appeal)
            if state is None:
                continue
            if isinstance(decision, Offered):
                self._move(decision.appeal, "offered", now, decision.to)
                line = self.lines[decision.line]
                text = clip(first or "\n".join(m.body for m in
                                               self.store.conversation(decision.appeal)
                                               if not m.note))
                self.out.message(
                    self._address(decision.appeal), decision.to,
                    texts.OFFER.format(appeal=decision.appeal, line=line.name,
                                       client=state.client, text=text),
                    offer=Offer(decision.appeal, decision.line, line.name, state.client,
                                now + line.accept_seconds,
                                self.config.organisation_of(state.client), state.channel,
                                state.number))
                if not state.told_received and state.channel == "chat":
                    # The client hears at once that the desk has it, not only once accepted
                    # (up to the line's accept time later); after the offer, which waits
                    # for no one.
                    state.told_received = True
                    self.out.tell(self._line_address(decision.line), state.client,
                                  texts.RECEIVED.in_(line.language, appeal=decision.appeal))
            elif isinstance(decision, Queued):
                if "@" not in state.client or not _material(state.told_place, decision.place,
                                                             now - state.told_at):
                    continue  # (a caller's number hears nothing: it is called back)
                state.told_place, state.told_at = decision.place, now
                self.store.step(decision.appeal, "queued", now, detail=str(decision.place))
                self.out.tell(self._line_address(decision.line), state.client,
                              texts.QUEUED.in_(self.language_of(decision.line),
                                               place=decision.place))
            elif isinstance(decision, Missed):
                if state.accepted or state.specialist != decision.by:
                    log.warning("appeal %s: a lost offer to %s it no longer had",
                                decision.appeal, decision.by)
                    continue  # (recorded only for an offer that is theirs)
                self._move(decision.appeal, "offer_missed", now, decision.by)
                self.out.event(self._address(decision.appeal), decision.by, "withdrawn", {})


def _latest(pending: dict[int, float]) -> int:
    """The appeal finished last (of two in the same second, the newer one)."""
    return max(pending, key=lambda appeal: (pending[appeal], appeal))


class _RemoteDesk:
    """The desk as remote sessions know it (remote/sessions.py's Desk)."""

    def __init__(self, desk: DeskService) -> None:
        self.desk = desk
        self.clock = desk.clock

    def step(self, appeal: int, kind: str, actor: str, detail: str = "") -> None:
        self.desk.store.step(appeal, kind, self.desk.clock(), actor, detail)

    def line_of(self, appeal: int) -> tuple[str, str]:
        line = self.desk.open[appeal].line
        return self.desk._line_address(line), self.desk.language_of(line)

    def name_of(self, who: str) -> str:
        return self.desk.names.get(who) or who.partition("@")[0]

    def to_client(self, line: str, client: str, said: Said, name: str,
                  attrs: dict[str, str]) -> None:
        self.desk.out.tell(line, client, said, element=(name, attrs))

    def line_name(self, appeal: int) -> str:
        line = self.desk.open[appeal].line
        return self.desk.lines[line].name if line in self.desk.lines else line

    def to_specialist(self, appeal: int, who: str, attrs: dict[str, str]) -> None:
        self.desk.out.event(self.desk._address(appeal), who, "remote", attrs)

    def to_code(self, session: str, name: str, attrs: dict[str, str]) -> None:
        self.desk.out.to_code(session, name, attrs)

    def end_relay(self, session: str) -> None:
        self.desk.out.end_remote(session)
