"""AppealService: my appeals (offered, in work, taking part, the queues of my lines,
finished today) in the GUI thread, on plain values. The desk feature of the XMPP connection
(chat/xmpp/desk.py) reports to it; its actions go back through that feature; the bus hears
every change. The appeal's conversation is chat with its own address and lives in
ChatService like any other."""

from __future__ import annotations

import contextlib
import logging
import re
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Protocol

from PySide6.QtCore import QObject, Signal

from desktop.appeals.remote import read_remote
from desktop.appeals.values import (
    ClientCard,
    DeskEvent,
    Handed,
    HandKind,
    Mine,
    Offer,
    PastAppeal,
    Waiting,
    day_start,
)
from desktop.bus import (
    AppealFailed,
    AppealInfo,
    AppealProblem,
    AppealState,
    Bus,
    CallInfo,
    CallState,
    ChatMessage,
)
from desktop.gui_thread import assert_gui_thread
from desktop.values import CallRecord
from supportdesk.protocol import appeal_address, appeal_of
from supportdesk.protocol.monitor import Update
from supportdesk.protocol.report import Report

log = logging.getLogger(__name__)
# An action's answer -> the state it leaves the appeal in (for me).
AFTER = {"accept": AppealState.IN_WORK, "take": AppealState.IN_WORK,
         "finish": AppealState.FINISHED, "decline": AppealState.GONE,
         "transfer": AppealState.HANDED_ON, "escalate": AppealState.HANDED_ON,
         "return": AppealState.HANDED_ON,
         "leave": AppealState.GONE, "join": AppealState.TAKING_PART}
MINE_STATE = {"offered": AppealState.OFFERED, "in_work": AppealState.IN_WORK,
              "taking_part": AppealState.TAKING_PART, "handed_on": AppealState.HANDED_ON,
              "finished": AppealState.FINISHED, "rated": AppealState.FINISHED}
HANDED_STATE = {HandKind.INVITE: AppealState.TAKING_PART}
OPEN = (AppealState.OFFERED, AppealState.IN_WORK, AppealState.TAKING_PART)
CALL_BACK_S = 60.0  # a callback asked for is the next outgoing call to its number this long
FORGET_EVERY_S = 3600.0  # how often what is no longer shown is dropped from memory
NOTE_CHARS = 1000  # an internal note (the desk refuses more)


class DeskActions(Protocol):
    """The desk feature as this service uses it (chat/xmpp/desk.py)."""

    def act(self, appeal: int, action: str, attrs: dict[str, str] | None = None) -> None: ...
    def card(self, appeal: int) -> None: ...
    def history(self, appeal: int) -> None: ...
    def report(self, since: float, until: float, line: str, specialist: str,
               answer: Callable[[Report | None, AppealProblem | None], None]) -> None: ...
    def watch(self, on: bool) -> None: ...
    def address(self) -> str: ...
    def owns(self, jid: str) -> bool: ...
    def set_on_phone(self, on: bool) -> None: ...


class DeskFeature(DeskActions, Protocol):
    def report_to(self, sink: AppealService) -> None: ...


class HasDesk(Protocol):
    @property
    def desk(self) -> DeskFeature: ...


class AppealService(QObject):
    card_ready = Signal(object)  # ClientCard: an appeal's client, as the desk knows them
    reachable_changed = Signal(bool)  # the desk answers (again) / does not
    monitor_update = Signal(object)  # supportdesk.protocol.monitor.Update, for the monitor
    monitor_failed = Signal(object)  # AppealProblem: not a senior, or no desk
    remote_changed = Signal(object)  # RemoteSession: asked, ready to watch, or over

    def __init__(self, bus: Bus, clock: Callable[[], float] = time.time,
                 finish_calls: Callable[[], bool] = lambda: True,
                 colleague_of: Callable[[str], str] = lambda _number: "",
                 desk_seen: Callable[[str, str], None] = lambda _desk, _identity: None
                 ) -> None:
        """`finish_calls`: whether a phone appeal is finished when its call is hung up
        (a setting); else it stays in work until Finish work. `colleague_of`: a number ->
        the address of the contact it rings ("" for none), for transfers of phone appeals.
        `desk_seen(desk, identity)`: the desk's store's identity, as its feed says it (the
        chats forget cached appeals of another store behind the same address)."""
        super().__init__()
        self.bus = bus
        self.clock = clock
        self.finish_calls = finish_calls
        self.colleague_of = colleague_of
        self.desk_seen = desk_seen
        self._call_rows: dict[int, int] = {}  # call history row -> its appeal
        self._forgot_at = clock()
        self._answered_calls: set[int] = set()  # appeals whose call I answered
        # A callback appeal I call back: (appeal, the number's digits or address, asked at)
        # until my next outgoing call to it, then call id -> appeal while it lasts.
        self._calling_back: tuple[int, str, float] | None = None
        self._callback_calls: dict[int, int] = {}
        self.appeals: dict[int, AppealInfo] = {}
        self.cards: dict[int, ClientCard] = {}
        self.queued_more: dict[str, int] = {}  # line -> how many wait past those it sent
        self.reachable = True
        self.desk: DeskActions | None = None
        self.accepting: set[int] = set()  # accepted here, the desk's answer not yet in
        # The online monitor is open: watched again with each feed from the desk (a new
        # session, a restarted desk: neither knows we watch).
        self.watching = False
        bus.message.connect(self._on_message)
        bus.call_changed.connect(self._on_call)

    def attach(self, desk: DeskActions | None) -> None:
        """The connection's desk feature (None when signed out: the appeals stay listed)."""
        self.desk = desk

    def use_worker(self, worker: HasDesk | None) -> None:
        """ChatSession's worker_users hook: report to me, act through its desk feature."""
        if worker is not None:
            worker.desk.report_to(self)
        self.attach(worker.desk if worker is not None else None)

    # --- the specialist's actions ---------------------------------------------------------
    def accept(self, appeal: int) -> None:
        self.accepting.add(appeal)
        self._act(appeal, "accept")

    def decline(self, appeal: int) -> None:
        self._act(appeal, "decline")

    def take(self, appeal: int) -> None:
        """From the queue of my line into my work."""
        self._act(appeal, "take")

    def finish(self, appeal: int) -> None:
        self._act(appeal, "finish")

    def calling_back(self, appeal: int, number: str) -> None:
        """I call the client of a callback appeal back at `number`: my next outgoing call to
        it is that appeal's call, as a call to the line is (hung up after an answer, the
        appeal is finished unless the setting keeps it open; its comment is the appeal's)."""
        self._calling_back = (appeal, _dialled(number), self.clock())

    def control_question(self, appeal: int) -> None:
        """The message just sent was the control question: the desk finishes the appeal by
        itself after the line's minutes unless the client writes."""
        self._act(appeal, "control")

    def transfer_to_colleague(self, appeal: int, colleague: str, confirm: bool = False,
                              note: str = "") -> None:
        """`note`: an internal note for the one who gets it (kept in the conversation)."""
        self._act(appeal, "transfer", {"to": colleague, **_confirmed(confirm), **_noted(note)})

    def transfer_to_line(self, appeal: int, line: str, confirm: bool = False,
                         note: str = "") -> None:
        self._act(appeal, "transfer", {"line": line, **_confirmed(confirm), **_noted(note)})

    def return_to_partner(self, appeal: int, note: str = "") -> None:
        """To the first line of the partner who connected the client (their card names
        it): the desk hands it over desk to desk and answers once the partner's desk has it
        (or refused it: the reason comes as an AppealFailed, and it stays ours)."""
        self._act(appeal, "return", _noted(note))

    def escalate(self, appeal: int) -> None:
        self._act(appeal, "escalate")

    def invite(self, appeal: int, colleague: str) -> None:
        self._act(appeal, "invite", {"to": colleague})

    def leave(self, appeal: int) -> None:
        self._act(appeal, "leave")

    def join(self, appeal: int) -> None:
        """A senior takes part in a colleague's appeal (from the online monitor)."""
        self._act(appeal, "join")

    def read(self, appeal: int, line: str, line_name: str, client: str, channel: str,
             transfers: int) -> str:
        """A senior opens a colleague's appeal from the online monitor: its conversation
        as the desk has it (fetched again each time); returns its chat address."""
        assert_gui_thread()
        known = self.appeals.get(appeal)  # mine, or in my line's queue: stays what it is
        if known is None or known.state not in (*OPEN, AppealState.QUEUED):
            self._put(AppealInfo(appeal, line, line_name, client, self._address(appeal),
                                 AppealState.READING, self.clock(), 0.0, channel=channel,
                                 transfers=transfers))
        if self.desk is not None:
            self.desk.history(appeal)
        return self._address(appeal)

    def read_past(self, past: PastAppeal, line_name: str, client: str) -> str:
        """A finished appeal from the client's card: read-only, with its rating, its
        conversation and notes as the desk has them; returns its chat address."""
        assert_gui_thread()
        if past.appeal not in self.appeals:
            self._put(AppealInfo(past.appeal, past.line, line_name, client,
                                 self._address(past.appeal), AppealState.FINISHED,
                                 past.created, 0.0, channel=past.channel,
                                 transfers=past.transfers, score=past.score,
                                 comment=past.comment))
        if self.desk is not None:
            self.desk.history(past.appeal)
            self.desk.card(past.appeal)  # (the curtain keeps the client's card)
        return self._address(past.appeal)

    def watch(self, on: bool) -> None:
        """The online monitor opened or closed: the desk pushes its changes meanwhile."""
        assert_gui_thread()
        self.watching = on
        if self.desk is not None:
            self.desk.watch(on)
        elif on:
            self.monitor_failed.emit(AppealProblem.UNREACHABLE)

    def comment(self, appeal: int, text: str) -> None:
        self._act(appeal, "comment", {"text": text})

    def remote(self, appeal: int) -> None:
        """Ask the client to show their screen (or, a session running, join it):
        remote_changed says asked, then ready or why not."""
        self._act(appeal, "remote")

    def remote_control(self, appeal: int) -> None:
        """Ask the client for keyboard and mouse in the running session."""
        self._act(appeal, "remote-control")

    def remote_end(self, appeal: int, comment: str) -> None:
        """End the appeal's remote session for everyone, saying what was done and agreed."""
        self._act(appeal, "remote-end", {"comment": comment})

    def ask_card(self, appeal: int) -> None:
        """The client's card (organisation, lines, previous appeals): card_ready."""
        if self.desk is not None:
            self.desk.card(appeal)

    # --- what the feed shows ------------------------------------------------------------------
    def mine(self) -> list[AppealInfo]:
        """Offered to me, in my work and taking part, the most urgent first (the nearest
        clock, then the longest waiting)."""
        return sorted((a for a in self.appeals.values() if a.state in OPEN),
                      key=lambda a: (a.state is not AppealState.OFFERED, a.accept_by,
                                     a.offered_at))

    def next_offer(self) -> AppealInfo | None:
        """The most urgent offer not yet accepted here (one whose accept is on its way to
        the desk is no longer the specialist's next)."""
        return next((a for a in self.mine() if a.state is AppealState.OFFERED
                     and a.id not in self.accepting), None)

    def offered(self) -> int:
        """How many offers wait for me to accept them (the tab, the tray badge)."""
        return sum(a.state is AppealState.OFFERED for a in self.appeals.values())

    def queued(self) -> list[AppealInfo]:
        """The queues of my lines, the longest waiting first."""
        return sorted((a for a in self.appeals.values() if a.state is AppealState.QUEUED),
                      key=lambda a: a.offered_at)

    def more_queued(self) -> int:
        """How many wait in my lines' queues beyond those listed (the desk lists the
        oldest of a long queue)."""
        return sum(self.queued_more.values())

    def finished_today(self) -> list[AppealInfo]:
        """Finished since midnight, the latest first."""
        since = day_start(self.clock())
        return sorted((a for a in self.appeals.values()
                       if a.state is AppealState.FINISHED and a.finished_at >= since),
                      key=lambda a: -a.finished_at)

    def is_appeal_address(self, jid: str) -> bool:
        """a<id>@desk.<domain>: known or not yet (its first message may come before the
        offer is read)."""
        return self.desk is not None and self.desk.owns(jid) and \
            appeal_of(jid.partition("@")[0]) is not None

    def phone_busy(self, busy: bool) -> None:
        """Our phone rings or talks (any call), or is free: the desk's monitor shows it."""
        if self.desk is not None:
            self.desk.set_on_phone(busy)

    def history_of(self, address: str, older: bool = False) -> bool:
        """An appeal's conversation is the desk's (one address is another appeal in another
        desk store, and our server's archive keeps both): asked of the desk, whole (so
        nothing older is asked again); False for an address that is no appeal."""
        appeal = appeal_of(address.partition("@")[0]) if self.is_appeal_address(address) \
            else None
        if appeal is None or self.desk is None:
            return False
        if not older:
            self.desk.history(appeal)
        return True

    def by_address(self, address: str) -> AppealInfo | None:
        """Asked on every chat message: the id in the address, not a search."""
        appeal = appeal_of(address.partition("@")[0])
        found = self.appeals.get(appeal) if appeal is not None else None
        return found if found is not None and found.address == address else None

    # --- from the desk feature ------------------------------------------------------------
    def on_offer(self, offer: Offer) -> None:
        assert_gui_thread()
        known = self.appeals.get(offer.appeal)
        # The PBX's INVITE may come before the desk's offer, and be answered before it.
        answered = offer.appeal in self._answered_calls
        self._put(AppealInfo(offer.appeal, offer.line, offer.line_name, offer.client,
                             self._address(offer.appeal),
                             AppealState.IN_WORK if answered else AppealState.OFFERED,
                             self.clock(), 0.0 if answered else offer.accept_by,
                             offer.organisation, offer.channel,
                             transfers=known.transfers if known is not None else 0,
                             number=offer.number))
        if self.desk is not None:
            self.desk.history(offer.appeal)  # the client's own messages, with their times

    def on_handed(self, handed: Handed) -> None:
        """Transferred or escalated to me, taken by me from the queue, or I was invited: in
        my work (or taking part), with the whole conversation fetched."""
        assert_gui_thread()
        self._put(AppealInfo(handed.appeal, handed.line, handed.line_name, handed.client,
                             self._address(handed.appeal),
                             HANDED_STATE.get(handed.kind, AppealState.IN_WORK),
                             self.clock(), 0.0, handed.organisation,
                             transfers=handed.transfers))
        if self.desk is not None:
            self.desk.history(handed.appeal)

    def on_desk_event(self, appeal: int, event: DeskEvent, attrs: dict[str, str]) -> None:
        assert_gui_thread()
        known = self.appeals.get(appeal)
        if known is None:
            return
        if event is DeskEvent.REMOTE:
            remote = read_remote(appeal, attrs)
            if remote is not None:
                self.remote_changed.emit(remote)
            return
        if event is DeskEvent.WITHDRAWN:
            self._put(replace(known, state=AppealState.GONE))
        elif event is DeskEvent.HANDED_ON:
            self._put(replace(known, state=AppealState.HANDED_ON, finished_at=self.clock(),
                              control_until=0.0))
        elif event is DeskEvent.FINISHED:
            self._put(replace(known, state=AppealState.FINISHED, finished_at=self.clock(),
                              control_until=0.0))
        else:
            try:
                score = int(attrs.get("score", "0"))
            except ValueError:
                return
            self._put(replace(known, state=AppealState.FINISHED, score=score,
                              comment=attrs.get("comment", ""),
                              finished_at=known.finished_at or self.clock()))

    def on_action_done(self, appeal: int, action: str, problem: AppealProblem | None,
                       text: str, result: dict[str, str]) -> None:
        assert_gui_thread()
        known = self.appeals.get(appeal)
        if action == "accept":
            self.accepting.discard(appeal)
        if problem is not None:
            log.info("desk refused %s of appeal %s: %s", action, appeal, problem.value)
            if action != "call":  # (a report, not the specialist's doing: nothing to say)
                self.bus.appeal_failed.emit(AppealFailed(appeal, action, problem, text))
            return
        if known is None:
            return
        if action in ("remote", "remote-control"):
            remote = read_remote(appeal, result)
            if remote is not None:
                self.remote_changed.emit(remote)
        elif action == "control":
            with contextlib.suppress(ValueError):
                self._put(replace(known, control_until=float(result.get("finish-at", ""))))
        elif action in AFTER:
            state = AFTER[action]
            self._put(replace(known, state=state,
                              accept_by=0.0 if state is AppealState.IN_WORK
                              else known.accept_by,
                              finished_at=self.clock() if state is AppealState.FINISHED
                              else known.finished_at,
                              control_until=0.0 if state is not AppealState.IN_WORK
                              else known.control_until))

    def on_mine(self, mine: list[Mine], identity: str = "") -> None:
        """My feed as the desk has it (a new session, or the desk started again): what it
        does not list any more is no longer mine."""
        assert_gui_thread()
        if identity and self.desk is not None:
            self.desk_seen(self.desk.address(), identity)
        listed = {m.appeal for m in mine}
        for appeal in [a for a in self.appeals.values()
                       if a.id not in listed and a.state in OPEN]:
            self._put(replace(appeal, state=AppealState.GONE))
        for m in mine:
            state = MINE_STATE.get(m.state)
            if state is None:
                continue
            known = self.appeals.get(m.appeal)
            self._put(AppealInfo(
                m.appeal, m.line, m.line_name, m.client, self._address(m.appeal), state,
                known.offered_at if known is not None else self.clock(), m.accept_by,
                m.organisation, m.channel, transfers=m.transfers,
                control_until=m.control_until, finished_at=m.finished_at, score=m.score,
                comment=m.comment, number=m.number))
        self._forget()
        if self.watching and self.desk is not None:
            self.desk.watch(True)

    def on_queue(self, line: str, line_name: str, waiting: list[Waiting],
                 more: int = 0) -> None:
        """A line's queue as it is now (its oldest, and how many `more` wait): new ones
        listed, those gone from it forgotten (unless they became mine)."""
        assert_gui_thread()
        self.queued_more[line] = more
        now = {w.appeal for w in waiting}
        for appeal in [a for a in self.appeals.values()
                       if a.state is AppealState.QUEUED and a.line == line
                       and a.id not in now]:
            self._put(replace(appeal, state=AppealState.GONE))
        for w in waiting:
            known = self.appeals.get(w.appeal)
            if known is not None and known.state is not AppealState.QUEUED:
                continue  # offered to me meanwhile: that is what it is for me
            self._put(AppealInfo(w.appeal, line, line_name or line, w.client,
                                 self._address(w.appeal), AppealState.QUEUED, w.since,
                                 w.late_at, w.organisation, w.channel, number=w.number))

    def on_card(self, card: ClientCard) -> None:
        assert_gui_thread()
        self.cards[card.appeal] = card
        self.card_ready.emit(card)

    def on_monitor(self, update: Update) -> None:
        assert_gui_thread()
        self.monitor_update.emit(update)

    def on_monitor_failed(self, problem: AppealProblem) -> None:
        assert_gui_thread()
        if problem is not AppealProblem.UNREACHABLE:
            self.watching = False  # not a senior: not asked again (no desk: asked when back)
        self.monitor_failed.emit(problem)

    def on_reachable(self, reachable: bool) -> None:
        assert_gui_thread()
        if reachable != self.reachable:
            self.reachable = reachable
            self.reachable_changed.emit(reachable)

    # --- inside -------------------------------------------------------------------------------
    def _address(self, appeal: int) -> str:
        return appeal_address(appeal, self.desk.address()) if self.desk else ""

    def _act(self, appeal: int, action: str, attrs: dict[str, str] | None = None) -> None:
        assert_gui_thread()
        if self.desk is None:
            self.accepting.discard(appeal)
            self.bus.appeal_failed.emit(AppealFailed(appeal, action,
                                                     AppealProblem.UNREACHABLE))
            return
        self.desk.act(appeal, action, attrs)

    def _on_message(self, message: ChatMessage) -> None:
        """My first reply to an offered appeal takes it into work (the desk does the same);
        the client's answer to the control question stops its clock (so does the desk)."""
        known = self.by_address(message.peer)
        if known is None:
            return
        if message.outgoing and known.state is AppealState.OFFERED:
            self._put(replace(known, state=AppealState.IN_WORK, accept_by=0.0))
        elif not message.outgoing and known.control_until:
            self._put(replace(known, control_until=0.0))

    def on_call_comment(self, record: CallRecord) -> None:
        """The comment of a call to a line is its appeal's comment."""
        appeal = self._call_rows.get(record.id)
        if appeal is not None and record.comment.strip():
            self.comment(appeal, record.comment.strip()[:1000])

    def _on_call(self, call: CallInfo) -> None:
        """A call to a line is its appeal's: answered, it is in my work (the PBX told the
        desk); hung up, it is finished unless the setting keeps it open; transferred, it
        goes with the call."""
        appeal = call.appeal if call.direction == "in" else self._callback_of(call)
        if not appeal:
            return
        # The desk hears answer and hang-up of a line's call from us too: a PBX other than
        # the lab's may not tell it (after the PBX's own word, ours changes nothing).
        if call.direction == "in" and call.state is CallState.ACTIVE and \
                appeal not in self._answered_calls:
            self._answered_calls.add(appeal)
            self._act(appeal, "call", {"state": "answered"})
        elif call.direction == "in" and call.state is CallState.ENDED and call.answered_at:
            worst = {"mos": f"{call.worst_mos:.2f}"} if call.worst_mos else {}
            self._act(appeal, "call", {"state": "ended", **worst})
        known = self.appeals.get(appeal)
        if known is None:
            return
        self._call_rows[call.history_id] = known.id
        if call.state is CallState.ACTIVE and known.state is AppealState.OFFERED:
            self._put(replace(known, state=AppealState.IN_WORK, accept_by=0.0))
        elif call.state is CallState.ENDED and call.result == "transferred":
            self._passed_on(known, call.transferred_to)
        elif call.state is CallState.ENDED and call.answered_at and \
                known.state is AppealState.IN_WORK and self.finish_calls():
            self.finish(known.id)

    def _callback_of(self, call: CallInfo) -> int:
        """The callback appeal an outgoing call is (0: none): the first call to the number
        asked for within CALL_BACK_S, then that call until it ends."""
        appeal = self._callback_calls.get(call.id, 0)
        pending = self._calling_back
        if not appeal and pending is not None and _dialled(call.number) == pending[1] and \
                self.clock() - pending[2] <= CALL_BACK_S:
            appeal, self._calling_back = pending[0], None
            self._callback_calls[call.id] = appeal
        if call.state is CallState.ENDED:
            self._callback_calls.pop(call.id, None)
        return appeal

    def _passed_on(self, appeal: AppealInfo, number: str) -> None:
        """The client's call went to `number` by a SIP transfer. A colleague's: the desk
        records the transfer (the call is with them already, so no second question about
        transferring again). A line's: the PBX asked the desk, which says "handed-on". Any
        other number: the appeal stays mine until Finish work."""
        colleague = self.colleague_of(number)
        if colleague and appeal.state is AppealState.IN_WORK:
            self.transfer_to_colleague(appeal.id, colleague, confirm=True)

    def _put(self, appeal: AppealInfo) -> None:
        if self.appeals.get(appeal.id) != appeal:
            log.info("appeal %s: %s%s", appeal.id, appeal.state.value,
                     f", rated {appeal.score}" if appeal.score else "")
            self.appeals[appeal.id] = appeal
            self.bus.appeal.emit(appeal)
        if appeal.state is AppealState.GONE:
            self.appeals.pop(appeal.id, None)
            self.cards.pop(appeal.id, None)
        if self.clock() - self._forgot_at >= FORGET_EVERY_S:
            self._forget()

    def _forget(self) -> None:
        """What the feed no longer shows leaves memory: appeals finished or handed on
        before today (the feed shows today's), colleagues' appeals read before today, and
        what was kept about them (cards, calls)."""
        self._forgot_at = now = self.clock()
        before = day_start(now)
        for appeal in [a for a in self.appeals.values()
                       if a.state in (AppealState.FINISHED, AppealState.HANDED_ON,
                                      AppealState.READING)
                       and max(a.finished_at, a.offered_at) < before]:
            del self.appeals[appeal.id]
        self.cards = {a: card for a, card in self.cards.items() if a in self.appeals}
        self._call_rows = {row: a for row, a in self._call_rows.items() if a in self.appeals}
        self._answered_calls &= set(self.appeals)


def _dialled(number: str) -> str:
    """A number as compared with what was dialled: its digits ("+7 916 …" and "7916…" are
    one), or a SIP address or user as it is."""
    user = number.strip().removeprefix("sip:").partition("@")[0]
    return re.sub(r"\D", "", user) if re.fullmatch(r"[\d\s+()-]+", user) else user.lower()


def _noted(note: str) -> dict[str, str]:
    note = note.strip()[:NOTE_CHARS]
    return {"note": note} if note else {}


def _confirmed(confirm: bool) -> dict[str, str]:
    return {"confirm": "true"} if confirm else {}
