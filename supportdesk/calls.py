"""Calls to a line's number: the PBX asks whom to ring (supportdesk/http.py carries the
questions), the desk opens a phone appeal and picks a specialist by the chat rules with a
call capacity of one: free (not busy for new appeals, not away), not ringing or talking
already, not tried for this call, under the line's capacity; the fewest open appeals first.
No answer, busy or declined: the next one. Nobody left: the caller hears 480 and the number
becomes a callback appeal in the line's queue. Plain values; no HTTP, no SIP here."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from supportdesk.service import DeskService

NOT_DIGITS = re.compile(r"\D")
PHONE = re.compile(r"^\+?[0-9]{3,20}$")


class Ring(enum.Enum):
    RING = "ring"  # ring `user` for `seconds`
    NOT_A_LINE = "not-a-line"  # the number is no line of ours: the PBX goes on as usual
    NOBODY = "nobody"  # nobody left: 480, a callback appeal is queued


@dataclass(frozen=True)
class Answer:
    ring: Ring
    user: str = ""  # the specialist's SIP user (the local part of their address)
    appeal: int = 0
    seconds: float = 0.0


@dataclass
class _Call:
    appeal: int
    line: str
    ringing: str = ""  # who rings now
    answered_by: str = ""
    tried: set[str] = field(default_factory=set)


class LineCalls:
    def __init__(self, desk: DeskService) -> None:
        self.desk = desk
        self.calls: dict[str, _Call] = {}  # SIP Call-ID -> the call
        self.busy: dict[str, str] = {}  # specialist -> the call ringing them or talked on

    def route(self, number: str, caller: str, call_id: str, caller_uri: str = "") -> Answer:
        """A new call to `number` from `caller` (a SIP user or a number; `caller_uri` its
        From address, what a callback dials when the caller is no phone number)."""
        if call_id in self.calls:  # asked again (a retransmitted INVITE): the same answer
            call = self.calls[call_id]
            return self._ring_answer(call) if call.ringing else Answer(Ring.NOBODY,
                                                                       appeal=call.appeal)
        digits = NOT_DIGITS.sub("", number)
        line = next((x for x in self.desk.config.lines
                     if digits and NOT_DIGITS.sub("", x.phone) == digits), None)
        if line is None:
            return Answer(Ring.NOT_A_LINE)
        now = self.desk.clock()
        client = self._client(caller)
        appeal = self.desk.store.new_appeal(line.id, client, "call", now)
        back = caller if PHONE.match(caller) else (caller_uri or caller)
        self.desk.open_call(appeal, line.id, client, now, back)
        call = self.calls[call_id] = _Call(appeal, line.id)
        return self._next(call_id, call)

    def no_answer(self, call_id: str, status: str) -> Answer:
        """The one rung did not take it (timeout, busy, declined): the next one."""
        call = self.calls.get(call_id)
        if call is None or call.answered_by:
            return Answer(Ring.NOBODY)
        if call.ringing:
            self.desk.call_missed(call.appeal, call.ringing, status)
            self.busy.pop(call.ringing, None)
            call.ringing = ""
        return self._next(call_id, call)

    def answered(self, call_id: str) -> None:
        call = self.calls.get(call_id)
        if call is None or call.answered_by or not call.ringing:
            return  # a retransmitted 200 OK, or not ours
        call.answered_by = call.ringing
        self.desk.call_answered(call.appeal, call.line, call.answered_by)

    def ended(self, call_id: str) -> None:
        """Hung up (or the caller gave up while it rang)."""
        call = self.calls.pop(call_id, None)
        if call is None:
            return
        for who in (call.ringing, call.answered_by):
            if who and self.busy.get(who) == call_id:
                del self.busy[who]
        if call.answered_by:
            self.desk.store.step(call.appeal, "call_ended", self.desk.clock(), call.answered_by)
        else:  # given up while ringing: a callback, as when nobody was free
            if call.ringing:
                self.desk.call_missed(call.appeal, call.ringing, "cancelled")
            self.desk.call_to_queue(call.appeal, call.line)

    # --- inside -------------------------------------------------------------------------------
    def _next(self, call_id: str, call: _Call) -> Answer:
        who = self._pick(call)
        if who is None:
            self.calls.pop(call_id, None)
            self.desk.call_to_queue(call.appeal, call.line)
            return Answer(Ring.NOBODY, appeal=call.appeal)
        call.ringing = who
        call.tried.add(who)
        self.busy[who] = call_id
        self.desk.call_offered(call.appeal, who)
        return self._ring_answer(call)

    def _ring_answer(self, call: _Call) -> Answer:
        line = self.desk.lines[call.line]
        return Answer(Ring.RING, call.ringing.partition("@")[0], call.appeal,
                      line.ring_seconds)

    def _pick(self, call: _Call) -> str | None:
        """The chats' rule (the router's), minus whoever rings or talks or was tried."""
        router = self.desk.router
        free = router.free(call.line, call.tried | set(self.busy))
        return router.freest(free) if free else None

    def _client(self, caller: str) -> str:
        """The caller as a client of ours when their SIP user is a known person's address
        (the lab's people call from their accounts); else the number as given."""
        address = f"{caller}@{self.desk.config.domain}"
        if any(address in org.people for org in self.desk.config.organisations):
            return address
        return caller
