"""The desk's behaviour, on plain values: what a client's or a specialist's message, a
presence or an action means for the appeals (store), who gets them (router) and what is
said to whom (an Outbox the XMPP component carries out). No XMPP types here."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from supportdesk import texts
from supportdesk.config import DeskConfig
from supportdesk.protocol import appeal_address
from supportdesk.routing import Availability, Decision, LineRules, Missed, Offered, Queued, Router
from supportdesk.store import DeskStore

log = logging.getLogger(__name__)
RATING = re.compile(r"^\s*([1-5])\b\s*[.,:;!-]?\s*(.*)$", re.S)
FLOOD_BURST = 10  # messages a client may send at once …
FLOOD_PER_S = 1.0  # … and then one a second
SHOW = {"": Availability.FREE, "chat": Availability.FREE, "dnd": Availability.BUSY,
        "away": Availability.AWAY, "xa": Availability.AWAY}


class Outbox(Protocol):
    def message(self, sender: str, to: str, body: str, offer: dict[str, str] | None = None,
                nick: str = "") -> None: ...


class ActionError(Exception):
    """An action refused: `condition` is the XMPP error condition, `text` says why."""

    def __init__(self, condition: str, text: str) -> None:
        super().__init__(text)
        self.condition = condition
        self.text = text


@dataclass
class _Open:
    line: str
    client: str
    specialist: str = ""
    accepted: bool = False


class DeskService:
    def __init__(self, config: DeskConfig, store: DeskStore, out: Outbox,
                 clock: Callable[[], float]) -> None:
        self.config = config
        self.store = store
        self.out = out
        self.clock = clock
        self.lines = {line.id: line for line in config.lines}
        self.router = Router({line.id: LineRules(line.staff, line.capacity,
                                                 line.accept_seconds)
                              for line in config.lines}, clock)
        self.open: dict[int, _Open] = {}
        self.finished: dict[str, int] = {}  # client -> appeal awaiting a rating
        self.control: dict[int, float] = {}  # appeal -> when it finishes by itself
        self._allowance: dict[str, tuple[float, float]] = {}  # client -> (tokens, at)
        self._recover()

    def _recover(self) -> None:
        """A restarted desk: open appeals come back into routing (nothing was lost)."""
        for row in self.store.open_appeals():
            self.open[row.id] = _Open(row.line, row.client, row.specialist or "",
                                      row.state == "in_work")
            if row.state == "in_work" and row.specialist:
                self.router.line_of[row.id] = row.line
                self.router.accepted(row.id, row.specialist)
            else:
                self._carry_out(self.router.arrived(row.id, row.line))

    # --- from the component ----------------------------------------------------------------
    def client_message(self, client: str, line: str, body: str, stanza_id: str) -> None:
        """A client wrote to a line."""
        if line not in self.lines:
            raise ActionError("item-not-found", f"There is no line {line!r} here.")
        now = self.clock()
        self._take_allowance(client, now)
        if client in self.finished and self._rated(client, body, now):
            return
        appeal = next((a for a, o in self.open.items()
                       if o.client == client and o.line == line), None)
        if appeal is None:
            appeal = self.store.new_appeal(line, client, "chat", now)
            self.open[appeal] = _Open(line, client)
            self.store.add_message(appeal, client, body, stanza_id, now)
            self._carry_out(self.router.arrived(appeal, line), first=body)
            return
        if self.control.pop(appeal, None) is not None:
            self.store.step(appeal, "control_answered", now, client)
        if self.store.add_message(appeal, client, body, stanza_id, now):
            state = self.open[appeal]
            if state.accepted:  # while queued or offered it is kept and shown on accept
                self.out.message(appeal_address(appeal, self.config.component),
                                 state.specialist, body)

    def specialist_message(self, specialist: str, appeal: int, body: str,
                           stanza_id: str) -> None:
        """A specialist wrote to an appeal: to the client, from the line."""
        state = self._theirs(specialist, appeal)
        now = self.clock()
        if not state.accepted:
            self._accept(specialist, appeal, now)  # the first reply takes it into work
        if self.store.add_message(appeal, specialist, body, stanza_id, now):
            self.out.message(f"{state.line}@{self.config.component}", state.client, body,
                             nick=specialist.partition("@")[0])

    def action(self, specialist: str, appeal: int, name: str,
               attrs: dict[str, str] | None = None) -> None:
        state = self._theirs(specialist, appeal)
        now = self.clock()
        if name == "transfer":
            self._transfer(specialist, appeal, state, attrs or {}, now)
            return
        if name == "escalate":
            self._escalate(specialist, appeal, state, now)
            return
        if name == "accept":
            self._accept(specialist, appeal, now)
        elif name == "decline":
            self.store.step(appeal, "offer_declined", now, specialist, state="queued",
                            specialist="")
            state.specialist, state.accepted = "", False
            self._carry_out(self.router.declined(appeal, specialist))
        elif name == "finish":
            self._finish(appeal, specialist, now)
        elif name == "control":
            minutes = self.lines[state.line].auto_finish_minutes
            self.control[appeal] = now + minutes * 60
            self.store.step(appeal, "control_question", now, specialist)
        else:
            raise ActionError("feature-not-implemented", f"No action {name!r}.")

    def presence(self, member: str, show: str, available: bool) -> None:
        """A specialist's presence to the desk (directed: the app sends each change)."""
        if member not in self.config.specialists:
            return  # clients' presence does not route anything
        availability = SHOW.get(show, Availability.AWAY) if available else Availability.OFFLINE
        self._carry_out(self.router.presence_changed(member, availability))

    def tick(self) -> None:
        now = self.clock()
        for appeal, due in list(self.control.items()):
            if now >= due and appeal in self.open:
                self._finish(appeal, "", now)  # no reaction to the control question
        self._carry_out(self.router.tick())

    def _finish(self, appeal: int, by: str, now: float) -> None:
        """Finished by the specialist, or (by "") after an unanswered control question."""
        self.control.pop(appeal, None)
        state = self.open.pop(appeal)
        self.store.step(appeal, "finished", now, by or "auto", state="finished")
        self.finished[state.client] = appeal
        self.out.message(f"{state.line}@{self.config.component}", state.client,
                         texts.THANKS)
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
        if to:
            if self.router.presence.get(to, Availability.OFFLINE) is Availability.OFFLINE:
                raise ActionError("recipient-unavailable", f"{to} is not online.")
            if to not in self.config.specialists:
                raise ActionError("item-not-found", f"{to} is not a specialist here.")
            self.store.step(appeal, "transferred", now, specialist, to, state="in_work",
                            specialist=to, transferred=True)
            self._reassign(appeal, state, to, specialist)
            return
        connected = self.config.lines_for(state.client)
        if line not in self.lines or line not in connected:
            raise ActionError("not-allowed", f"Line {line!r} is not connected for this "
                              f"client; theirs: {', '.join(connected) or 'none'}.")
        self.store.step(appeal, "transferred", now, specialist, f"line:{line}",
                        state="queued", specialist="", transferred=True, line=line)
        self._carry_out(self.router.finished(appeal))
        self.open[appeal] = _Open(line, state.client)
        self._carry_out(self.router.arrived(appeal, line))

    def _escalate(self, specialist: str, appeal: int, state: _Open, now: float) -> None:
        """To a senior of the line who is online, the freest first."""
        seniors = [s for s in self.lines[state.line].seniors if s != specialist
                   and self.router.presence.get(s, Availability.OFFLINE)
                   is not Availability.OFFLINE]
        if not seniors:
            raise ActionError("recipient-unavailable", "No senior of this line is online.")
        senior = min(seniors, key=lambda s: len(self.router.open.get(s, ())))
        self.store.step(appeal, "escalated", now, specialist, senior, specialist=senior)
        self._reassign(appeal, state, senior, specialist)

    def _reassign(self, appeal: int, state: _Open, to: str, by: str) -> None:
        self._carry_out(self.router.finished(appeal))
        self.open[appeal] = _Open(state.line, state.client, to, accepted=True)
        self.router.line_of[appeal] = state.line
        self.router.accepted(appeal, to)
        self._hand_over(appeal, to, by)

    def _hand_over(self, appeal: int, to: str, by: str) -> None:
        """The colleague gets the whole conversation, so the client repeats nothing."""
        history = "\n".join(f"{m.sender.partition('@')[0]}: {m.body}"
                            for m in self.store.conversation(appeal))
        self.out.message(appeal_address(appeal, self.config.component), to,
                         texts.HANDED_OVER.format(appeal=appeal, by=by, history=history))

    # --- inside -------------------------------------------------------------------------------
    def _take_allowance(self, client: str, now: float) -> None:
        """A client flooding a line is told to slow down; nothing of the flood is kept."""
        tokens, at = self._allowance.get(client, (float(FLOOD_BURST), now))
        tokens = min(float(FLOOD_BURST), tokens + (now - at) * FLOOD_PER_S)
        if tokens < 1.0:
            self._allowance[client] = (tokens, now)
            raise ActionError("resource-constraint",
                              "Too many messages at once; please wait a moment.")
        self._allowance[client] = (tokens - 1.0, now)

    def _theirs(self, specialist: str, appeal: int) -> _Open:
        state = self.open.get(appeal)
        if state is None or state.specialist != specialist:
            raise ActionError("forbidden", "This appeal is not yours.")
        return state

    def _accept(self, specialist: str, appeal: int, now: float) -> None:
        state = self.open[appeal]
        state.accepted = True
        self.store.step(appeal, "accepted", now, specialist, state="in_work",
                        specialist=specialist)
        self.router.accepted(appeal, specialist)

    def _rated(self, client: str, body: str, now: float) -> bool:
        match = RATING.match(body)
        appeal = self.finished.pop(client)
        if match is None:
            return False  # anything else after finish opens a new appeal
        self.store.rate(appeal, int(match.group(1)), match.group(2).strip(), now)
        line = self.store.appeal(appeal)
        if line is not None:
            self.out.message(f"{line.line}@{self.config.component}", client, texts.RATED)
        return True

    def _carry_out(self, decisions: list[Decision], first: str = "") -> None:
        now = self.clock()
        for decision in decisions:
            state = self.open.get(decision.appeal)
            if state is None:
                continue
            if isinstance(decision, Offered):
                state.specialist, state.accepted = decision.to, False
                self.store.step(decision.appeal, "offered", now, decision.to, state="offered",
                                specialist=decision.to)
                line = self.lines[decision.line]
                text = first or "\n".join(m.body for m in
                                          self.store.conversation(decision.appeal))
                self.out.message(
                    appeal_address(decision.appeal, self.config.component), decision.to,
                    texts.OFFER.format(appeal=decision.appeal, line=line.name,
                                       client=state.client, text=text),
                    offer={"appeal": str(decision.appeal), "line": decision.line,
                           "client": state.client,
                           "accept-by": f"{now + line.accept_seconds:.0f}"})
            elif isinstance(decision, Queued):
                self.store.step(decision.appeal, "queued", now, detail=str(decision.place))
                self.out.message(f"{decision.line}@{self.config.component}", state.client,
                                 texts.QUEUED.format(place=decision.place))
            elif isinstance(decision, Missed):
                self.store.step(decision.appeal, "offer_missed", now, decision.by)
