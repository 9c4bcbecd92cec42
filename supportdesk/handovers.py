"""Returning an appeal to the partner (seed 4.9): a vendor's specialist hands a client of a
partner's back to that partner's first line, desk to desk over federation. Both halves of
the desk are here, on plain values; the component carries the IQ between them
(protocol/handover.py, PROTOCOL.md "Returning an appeal to the partner").

The vendor's side: ask() checks and builds the hand-over and holds the appeal while the
partner answers; settled() closes it as returned, or leaves it with the specialist.
The partner's side: receive() checks who sends it and for whom, and opens an appeal on its
first line that routes like any other, with the conversation and the vendor's note."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from slixmpp import JID
from slixmpp.jid import InvalidJID

from supportdesk import access, texts
from supportdesk.access import ActionError
from supportdesk.buckets import Buckets
from supportdesk.config import FirstLine
from supportdesk.parts import DeskParts
from supportdesk.protocol import handover as wire
from supportdesk.protocol.appeals import MAX_COMMENT, MAX_NAME
from supportdesk.protocol.handover import Accepted, HandOver, Spoken
from supportdesk.store import Kept

log = logging.getLogger(__name__)
# A vendor's desk may return this many at once, then this many a second (a team returns a
# few an hour; more is a fault or an attack, refused and kept nowhere).
DESK_BURST = 50.0
DESK_PER_S = 5.0


class Desk(DeskParts, Protocol):
    """What returns ask of the desk and tell it (DeskService is one)."""

    @property
    def names(self) -> Mapping[str, str]: ...
    def language_of(self, line: str) -> str: ...
    def holding(self, who: str, appeal: int, action: str) -> tuple[str, str]: ...
    def stop_control(self, appeal: int) -> None: ...
    def is_open(self, appeal: int) -> bool: ...
    def close_returned(self, appeal: int, by: str, where: str, said: texts.Said) -> None: ...
    def chat_appeal(self, client: str, line: str) -> int | None: ...
    def open_received(self, appeal: int, line: str, client: str, now: float) -> None: ...
    def route(self, appeal: int, line: str, client: str, first: str) -> None: ...
    def tell(self, line: str, client: str, said: texts.Said) -> None: ...
    def note_to_team(self, appeal: int, note: str, author: str, nick: str) -> None: ...


@dataclass(frozen=True)
class Asked:
    """A hand-over on its way: where to, and what."""

    appeal: int
    specialist: str
    first_line: FirstLine
    handover: HandOver


class HandOvers:
    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.pending: set[int] = set()  # appeals whose partner has not answered yet
        self._flood = Buckets()  # hand-overs received, per sending desk

    # --- the vendor's desk --------------------------------------------------------------------
    def ask(self, specialist: str, appeal: int, note: str) -> Asked:
        """The holder returns `appeal` to the client's partner: what to send (ActionError,
        with its reason, when it cannot go)."""
        desk = self.desk
        client, on = desk.holding(specialist, appeal, "return")
        if appeal in self.pending:
            raise ActionError("conflict", "It is being returned to the partner already.")
        first = desk.config.first_line_for(client, on) if "@" in client else None
        if first is None:
            raise ActionError("not-allowed", "No partner's first line stands before this line "
                              "for this client: they write to another line.",
                              reason=wire.NO_FIRST_LINE)
        note = note.strip()
        if len(note) > MAX_COMMENT:
            raise ActionError("not-acceptable", f"A note is at most {MAX_COMMENT} "
                              "characters.")
        said = [Spoken("client" if m.sender == client else "desk", m.at, m.body,
                       "" if m.sender == client else desk.names.get(m.sender, ""))
                for m in desk.store.conversation(appeal) if not m.note and m.body.strip()]
        messages, left_out = wire.newest_that_fit(said)
        line = desk.lines[on]
        self.pending.add(appeal)
        desk.stop_control(appeal)  # (the control question's clock stops meanwhile)
        return Asked(appeal, specialist, first, HandOver(
            appeal, client, line.name, desk.config.name,
            desk.names.get(specialist, ""), line.language, note, messages, left_out))

    def settled(self, asked: Asked, accepted: Accepted | None, reason: str = "") -> None:
        """The partner answered (or did not): returned and closed here, or still the
        specialist's, the refusal in its steps."""
        desk = self.desk
        self.pending.discard(asked.appeal)
        if not desk.is_open(asked.appeal):  # (closed meanwhile: a reload, an admin …)
            return
        where = asked.first_line.address
        if accepted is None:
            desk.store.step(asked.appeal, "return_refused", desk.clock(), asked.specialist,
                            f"{where} {reason}")
            return
        said = texts.RETURNED.in_(asked.handover.language, appeal=asked.appeal,
                                  partner=asked.first_line.partner, line=accepted.line_name,
                                  address=where)
        desk.close_returned(asked.appeal, asked.specialist, f"{where} №{accepted.appeal}",
                            said)

    # --- the partner's desk -------------------------------------------------------------------
    def receive(self, sender: str, line: str, h: HandOver) -> Accepted:
        """A vendor's desk returns a client of ours to our first line `line`."""
        desk = self.desk
        access.check_desk(sender, desk.config.accept_from)
        if self._flood.take(sender, desk.clock(), DESK_BURST, DESK_PER_S):
            raise ActionError("resource-constraint", "Too many hand-overs at once.",
                              reason=wire.BUSY)
        if line not in desk.lines:
            raise ActionError("item-not-found", f"There is no line {line!r} here.",
                              reason=wire.LINE_UNKNOWN)
        try:
            client = JID(h.client)
        except InvalidJID:
            raise ActionError("bad-request", "client is not an address.",
                              reason=wire.BAD_REQUEST) from None
        if client.resource or not client.user or str(client.bare) != h.client or \
                not desk.config.may_write(h.client, desk.lines[line]):
            raise ActionError("forbidden", "This client is not connected to that line here.",
                              reason=wire.NOT_THEIRS)
        now = desk.clock()
        known = desk.chat_appeal(h.client, line)
        if known is not None and any(  # the same again (their desk had no answer): taken
                (s.kind, s.actor, s.detail.partition(" ")[0]) == ("received", sender,
                                                                  str(h.appeal))
                for s in desk.store.timeline(known)):
            return Accepted(known, desk.lines[line].name)
        note = texts.RECEIVED_NOTE.format(vendor=h.vendor or sender, line=h.line_name,
                                          theirs=h.appeal, specialist=h.specialist or "—")
        if h.left_out:
            note += texts.RECEIVED_LEFT_OUT.format(left_out=h.left_out)
        if h.note:
            note += texts.RECEIVED_NOTE_TEXT.format(note=h.note)
        # One transaction (one write on the routing loop, not 50), and memory after it: a
        # failed write leaves nothing half there, and the vendor's desk may send it again.
        appeal = desk.store.received(known, line, h.client, now, sender,
                                     f"{h.appeal} {h.vendor}".strip(), [
            *(Kept(h.client if m.who == "client" else sender, m.body, f"r{h.appeal}.{n}",
                   m.at) for n, m in enumerate(h.messages)),
            Kept(sender, note, f"r{h.appeal}.note", now, note=True)])
        if known is None:
            desk.open_received(appeal, line, h.client, now)
        language = h.language if h.language in texts.LANGUAGES else desk.language_of(line)
        desk.tell(line, h.client, texts.CONTINUED.in_(
            language, appeal=appeal, line=desk.lines[line].name, vendor=h.vendor or sender,
            vendor_line=h.line_name, theirs=h.appeal))
        log.info("desk: appeal %s came from %s as its %s", appeal, sender, h.appeal)
        if known is None:
            desk.route(appeal, line, h.client, note)
        else:  # (their open appeal here goes on: its team reads the note)
            desk.note_to_team(appeal, note, sender, h.vendor[:MAX_NAME])
        return Accepted(appeal, desk.lines[line].name)
