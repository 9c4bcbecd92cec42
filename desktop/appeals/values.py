"""What the desk says to the app, as plain values (no slixmpp, no Qt); the states and
problems the rest of the app sees are in bus.py."""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass


def day_start(now: float) -> float:
    """The local midnight before `now`: "today" of the finished list and the desk's feed."""
    return datetime.datetime.fromtimestamp(now).replace(
        hour=0, minute=0, second=0, microsecond=0).timestamp()


@dataclass(frozen=True)
class Offer:
    appeal: int
    line: str  # the line's id ("support")
    line_name: str  # as people call it ("Техподдержка")
    client: str  # the client's address
    accept_by: float  # Unix time: the line's clock for accepting
    organisation: str = ""
    channel: str = "chat"  # call: my phone rings for it; callback: call the client back
    number: str = ""  # a phone appeal's: what calls the client back


class HandKind(enum.Enum):
    """How an appeal came to me without an offer."""

    TRANSFER = "transfer"
    ESCALATE = "escalate"
    TAKE = "take"  # I took it from the queue
    INVITE = "invite"  # I take part; it stays the colleague's


@dataclass(frozen=True)
class Handed:
    appeal: int
    line: str
    line_name: str
    client: str
    kind: HandKind
    by: str
    transfers: int
    organisation: str = ""


@dataclass(frozen=True)
class Mine:
    """One appeal of my feed as the desk has it (the `mine` query)."""

    appeal: int
    line: str
    line_name: str
    client: str
    state: str  # offered | in_work | taking_part | handed_on | finished | rated
    accept_by: float = 0.0
    transfers: int = 0
    control_until: float = 0.0
    finished_at: float = 0.0
    score: int = 0
    comment: str = ""
    organisation: str = ""
    channel: str = "chat"
    number: str = ""


@dataclass(frozen=True)
class Waiting:
    """An appeal in the queue of one of my lines."""

    appeal: int
    client: str
    since: float
    organisation: str = ""
    late_at: float = 0.0  # the line's accept clock runs out then
    channel: str = "chat"  # callback: call the client back
    number: str = ""  # … at this number (or SIP address)


@dataclass(frozen=True)
class PastAppeal:
    appeal: int
    line: str
    channel: str  # chat | call
    state: str
    specialist: str
    transfers: int
    created: float
    score: int = 0
    comment: str = ""  # the client's, with the rating
    note: str = ""  # the specialists' comment


@dataclass(frozen=True)
class ClientCard:
    """An appeal's client as the desk knows them: for the curtain and the transfer dialog."""

    appeal: int
    client: str
    organisation: str
    lines: tuple[tuple[str, str], ...]  # (id, name) of the lines connected for them
    appeals: tuple[PastAppeal, ...]  # newest first
    phones: tuple[tuple[str, str], ...] = ()  # (id, phone) of those lines that have one


class DeskEvent(enum.Enum):
    WITHDRAWN = "withdrawn"  # the offer ran out or went to someone else
    FINISHED = "finished"  # finished by someone else (or by itself after the control question)
    RATED = "rated"  # the client rated it (score, comment)
    HANDED_ON = "handed-on"  # my call of it was transferred to a line: it rings there
