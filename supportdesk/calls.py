"""Calls to a line's number: the PBX asks whom to ring (supportdesk/http.py carries the
questions), the desk opens a phone appeal and picks a specialist by the chat rules with a
call capacity of one: free (not busy for new appeals, not away), not ringing or talking
already, not tried for this call, under the line's capacity; the fewest open appeals first.
No answer, busy or declined: the next one. Nobody left: the caller hears 480 and the number
becomes a callback appeal in the line's queue. A call the specialist who answered it passed
on to a line (a SIP transfer: the client's phone calls the line, Referred-By naming them)
goes on as the same appeal, transferred. Plain values; no HTTP, no SIP here."""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from supportdesk import texts
from supportdesk.parts import DeskParts


class _Opened(Protocol):
    @property
    def client(self) -> str: ...


class Desk(DeskParts, Protocol):
    """What the calls ask of the desk and tell it (DeskService is one)."""

    @property
    def open(self) -> Mapping[int, _Opened]: ...
    def language_of(self, line: str) -> str: ...
    def open_call(self, appeal: int, line: str, client: str, now: float,
                  number: str) -> None: ...
    def call_offered(self, appeal: int, to: str) -> None: ...
    def call_missed(self, appeal: int, by: str, status: str) -> None: ...
    def call_answered(self, appeal: int, line: str, by: str, rang_s: float) -> None: ...
    def call_transferred(self, appeal: int, line: str, by: str) -> None: ...
    def waiting_callback(self, line: str, number: str) -> int | None: ...
    def called_again(self, appeal: int) -> None: ...
    def call_to_queue(self, appeal: int, line: str) -> None: ...

NOT_DIGITS = re.compile(r"\D")
RING_GRACE_S = 10.0  # past a line's ring time without /next, /answered or /ended: lost
MAX_CALL_S = 4 * 3600.0  # an answered call the PBX never said /ended about: over then
PHONE = re.compile(r"^\+?[0-9]{3,20}$")


class Ring(enum.Enum):
    RING = "ring"  # ring `user` for `seconds`
    NOT_A_LINE = "not-a-line"  # the number is no line of ours: the PBX goes on as usual
    NOBODY = "nobody"  # nobody left: 480, a callback appeal is queued
    UNKNOWN = "unknown"  # no call of ours by that id (the desk restarted, or it is over)


@dataclass(frozen=True)
class Answer:
    ring: Ring
    user: str = ""  # the specialist's SIP user (the local part of their address)
    appeal: int = 0
    seconds: float = 0.0
    reason: str = ""  # NOBODY: what the caller's phone shows (the line's language, English)


@dataclass
class _Call:
    appeal: int
    line: str
    caller: str = ""
    ringing: str = ""  # who rings now
    rung_at: float = 0.0  # since when
    answered_by: str = ""
    heard_at: float = 0.0  # the PBX's last word about it (a ring, an answer)
    passed_on: bool = False  # transferred to a line: that call goes on as the appeal
    tried: set[str] = field(default_factory=set)


class LineCalls:
    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.calls: dict[str, _Call] = {}  # SIP Call-ID -> the call
        self.busy: dict[str, str] = {}  # specialist -> the call ringing them or talked on

    def route(self, number: str, caller: str, call_id: str, caller_uri: str = "",
              referred_by: str = "") -> Answer:
        """A new call to `number` from `caller` (a SIP user or a number; `caller_uri` its
        From address, what a callback dials when the caller is no phone number).
        `referred_by`: the SIP user who transferred the caller here (Referred-By)."""
        if call_id in self.calls:  # asked again (a retransmitted INVITE): the same answer
            call = self.calls[call_id]
            return self._ring_answer(call) if call.ringing else self._nobody(call)
        digits = NOT_DIGITS.sub("", number)
        line = next((x for x in self.desk.config.lines
                     if digits and NOT_DIGITS.sub("", x.phone) == digits), None)
        if line is None:
            return Answer(Ring.NOT_A_LINE)
        passed_on = self._transferred(caller, referred_by)
        if passed_on is not None:
            passed_on.passed_on = True
            call = self.calls[call_id] = _Call(passed_on.appeal, line.id, caller,
                                               tried={passed_on.answered_by})
            self.desk.call_transferred(passed_on.appeal, line.id, passed_on.answered_by)
            return self._next(call_id, call)
        now = self.desk.clock()
        client = self._client(caller)
        back = caller if PHONE.match(caller) else (caller_uri or caller)
        waiting = self.desk.waiting_callback(line.id, back)
        if waiting is not None:  # rang before and waits to be called back: the same appeal
            self.desk.called_again(waiting)
            call = self.calls[call_id] = _Call(waiting, line.id, caller)
            return self._next(call_id, call)
        appeal = self.desk.store.new_appeal(line.id, client, "call", now, number=back)
        self.desk.open_call(appeal, line.id, client, now, back)
        call = self.calls[call_id] = _Call(appeal, line.id, caller)
        return self._next(call_id, call)

    def no_answer(self, call_id: str, status: str) -> Answer:
        """The one rung did not take it (timeout, busy, declined): the next one."""
        call = self.calls.get(call_id)
        if call is None or call.answered_by:
            return Answer(Ring.UNKNOWN)
        if call.ringing:
            self.desk.call_missed(call.appeal, call.ringing, status)
            self.busy.pop(call.ringing, None)
            call.ringing = ""
        return self._next(call_id, call)

    def answered(self, call_id: str) -> None:
        call = self.calls.get(call_id)
        if call is None or call.answered_by or not call.ringing:
            return  # a retransmitted 200 OK, or not ours
        call.answered_by, call.heard_at = call.ringing, self.desk.clock()
        self.desk.call_answered(call.appeal, call.line, call.answered_by,
                                self.desk.clock() - call.rung_at)

    def ended(self, call_id: str) -> None:
        """Hung up (or the caller gave up while it rang)."""
        call = self.calls.pop(call_id, None)
        if call is None:
            return
        for who in (call.ringing, call.answered_by):
            if who and self.busy.get(who) == call_id:
                del self.busy[who]
        if call.answered_by:
            self.desk.store.step(call.appeal, "call_ended", self.desk.clock(), call.answered_by,
                                 "transferred" if call.passed_on else "")
        else:  # given up while ringing: a callback, as when nobody was free
            if call.ringing:
                self.desk.call_missed(call.appeal, call.ringing, "cancelled")
            self.desk.call_to_queue(call.appeal, call.line)

    def tick(self, now: float) -> None:
        """Calls the PBX stopped telling about: one that rang past its line's ring time
        and grace without a word is lost (the PBX asks /next when a phone rings out): the
        number waits to be called back; one answered and silent for MAX_CALL_S is over.
        So nobody stays "on a call" for ever and unrung."""
        for call_id, call in list(self.calls.items()):
            line = self.desk.lines.get(call.line)
            ring_s = (line.ring_seconds if line is not None else 15.0) + RING_GRACE_S
            if call.answered_by and now - call.heard_at > MAX_CALL_S:
                self.ended(call_id)
            elif not call.answered_by and call.ringing and now - call.heard_at > ring_s:
                who = call.ringing
                self.desk.call_missed(call.appeal, who, "lost")
                self.busy.pop(who, None)
                self.calls.pop(call_id, None)
                self.desk.call_to_queue(call.appeal, call.line)

    def told_by_app(self, appeal: int, who: str, state: str) -> None:
        """The specialist's app: the appeal's call rang them and they `answered`, or it
        `ended`. For a PBX that does not report these itself (an Asterisk dialplan asking
        /route only); after the PBX's own report it changes nothing. Only their own call."""
        for call_id, call in list(self.calls.items()):
            if call.appeal != appeal or call.passed_on or who not in (call.ringing,
                                                                      call.answered_by):
                continue
            if state == "answered":
                self.answered(call_id)
            elif state == "ended" and call.answered_by == who:
                self.ended(call_id)
            return

    # --- inside -------------------------------------------------------------------------------
    def _next(self, call_id: str, call: _Call) -> Answer:
        who = self._pick(call)
        if who is None:
            self.calls.pop(call_id, None)
            self.desk.call_to_queue(call.appeal, call.line)
            return self._nobody(call)
        call.ringing = who
        call.rung_at = call.heard_at = self.desk.clock()
        call.tried.add(who)
        self.busy[who] = call_id
        self.desk.call_offered(call.appeal, who)
        return self._ring_answer(call)

    def _nobody(self, call: _Call) -> Answer:
        said = texts.CALL_BACK.in_(self.desk.language_of(call.line))
        return Answer(Ring.NOBODY, appeal=call.appeal,
                      reason=" / ".join(words for _lang, words in said.all()))

    def _ring_answer(self, call: _Call) -> Answer:
        line = self.desk.lines[call.line]
        return Answer(Ring.RING, call.ringing.partition("@")[0], call.appeal,
                      line.ring_seconds)

    def _pick(self, call: _Call) -> str | None:
        """The chats' rule (the router's), minus whoever rings or talks or was tried."""
        router = self.desk.router
        opened = self.desk.open.get(call.appeal)
        client = {opened.client} if opened is not None else set()  # a colleague calling
        free = router.free(call.line, call.tried | set(self.busy) | client)
        return router.freest(free) if free else None

    def _transferred(self, caller: str, referred_by: str) -> _Call | None:
        """The caller's answered line call whose other end sent them here: a transfer.
        That end refers as the specialist's user, or (pjsua and most phones: the dialog's
        own address) as the line's number the client called. Anyone else's referral, or
        none, is a new call."""
        if not referred_by or not caller:
            return None
        digits = NOT_DIGITS.sub("", referred_by)
        for call in self.calls.values():
            if call.caller != caller or not call.answered_by or call.passed_on:
                continue
            line = self.desk.lines[call.line]
            if call.answered_by.partition("@")[0] == referred_by or (
                    digits and digits == NOT_DIGITS.sub("", line.phone)):
                return call
        return None

    def _client(self, caller: str) -> str:
        """The caller as a client of ours: a person's SIP user (the lab's people call from
        their accounts), or a number an organisation's `phones` names (calls from outside);
        else the number as given."""
        config = self.desk.config
        address = f"{caller}@{config.domain}"
        if any(address in org.people for org in config.organisations):
            return address
        return config.person_calling_from(caller) or caller
