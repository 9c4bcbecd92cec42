"""An open appeal's states and the steps that move it between them: one table, and one
function every such step goes through (DESIGN §8). It checks the state the appeal is in
now, writes the step and the appeal's row in one transaction (DeskStore.step), and only
then changes the desk's memory of it, so a failed write changes nothing and memory never
runs ahead of the store. Who may ask for a step is access.py's business; the router keeps
its own record of offers, told by the service after a move.

    queued ──offered──▶ offered ──accepted──▶ in work ──finished──▶ finished
       ▲  ◀─offer_missed / offer_declined─┘      │ transferred (to a colleague), escalated
       └──── transferred (to a line), callback ──┘          returned (to a partner) ─▶ finished

Steps that do not move an appeal (first_response, comments, the control question, invited
colleagues, call_ended …) are written with DeskStore.step as they are."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Protocol

from supportdesk.store import DeskStore


class State(enum.Enum):
    QUEUED = "queued"  # waiting on its line (a callback: its number, to be called back)
    OFFERED = "offered"  # offered to one specialist, or their phone rings for it
    IN_WORK = "in_work"
    FINISHED = "finished"


class Appeal(Protocol):
    """The desk's memory of an open appeal, as far as a move changes it."""

    line: str
    specialist: str
    accepted: bool
    channel: str
    transfers: int


class MoveError(RuntimeError):
    """A step from a state it cannot be taken in: a fault of the desk, never of a client
    (access.py refuses what people may not do before anything moves)."""


@dataclass(frozen=True)
class _Move:
    sources: frozenset[State]
    to: State
    holder: str  # "actor" | "detail" (a colleague it goes to) | "" (nobody) | "keep"
    channel: str = ""  # the appeal's channel after it ("": unchanged)


_OPEN = frozenset({State.QUEUED, State.OFFERED, State.IN_WORK})
_WAITING = frozenset({State.QUEUED, State.OFFERED})
MOVES: dict[str, _Move] = {
    "offered": _Move(frozenset({State.QUEUED}), State.OFFERED, "actor"),
    "offer_missed": _Move(frozenset({State.OFFERED}), State.QUEUED, ""),
    "offer_declined": _Move(frozenset({State.OFFERED}), State.QUEUED, ""),
    "accepted": _Move(_WAITING, State.IN_WORK, "actor"),  # an offer, or taken from a queue
    "transferred": _Move(frozenset({State.IN_WORK}), State.IN_WORK, "detail"),
    "transferred_line": _Move(frozenset({State.IN_WORK}), State.QUEUED, ""),
    "escalated": _Move(frozenset({State.IN_WORK}), State.IN_WORK, "detail"),
    "finished": _Move(frozenset({State.IN_WORK}), State.FINISHED, "keep"),
    "returned": _Move(frozenset({State.IN_WORK}), State.FINISHED, "keep"),  # to a partner
    "callback": _Move(_OPEN, State.QUEUED, "", "callback"),
    "called_again": _Move(frozenset({State.QUEUED}), State.QUEUED, "", "call"),
}


def state_of(appeal: Appeal) -> State:
    if appeal.accepted:
        return State.IN_WORK
    return State.OFFERED if appeal.specialist else State.QUEUED


def move(store: DeskStore, number: int, appeal: Appeal, kind: str, at: float,
         actor: str = "", detail: str = "") -> State:
    """Takes step `kind` of appeal `number` (its memory `appeal`): checked, written, then
    remembered; the state it is in after. A transfer to a line names it in `detail`
    ("line:accounting")."""
    to_line = kind == "transferred" and detail.startswith("line:")
    rule = MOVES["transferred_line" if to_line else kind]
    now = state_of(appeal)
    if now not in rule.sources:
        raise MoveError(f"appeal {number}: {kind} from {now.value}")
    holder = {"actor": actor, "detail": detail, "": "", "keep": appeal.specialist}[
        rule.holder]
    line = detail.removeprefix("line:") if to_line else None
    store.step(number, kind, at, actor, detail, state=rule.to.value,
               specialist=holder if rule.holder != "keep" else None,
               transferred=kind == "transferred", line=line,
               channel=rule.channel or None)
    appeal.specialist, appeal.accepted = holder, rule.to is State.IN_WORK
    if line is not None:
        appeal.line = line
    if rule.channel:
        appeal.channel = rule.channel
    if kind == "transferred":
        appeal.transfers += 1
    return rule.to
