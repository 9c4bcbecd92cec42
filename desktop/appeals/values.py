"""What the desk says to the app, as plain values (no slixmpp, no Qt); the states and
problems the rest of the app sees are in bus.py. The appeal elements' values are the desk's
own wire values (supportdesk/protocol/appeals.py), so both sides read one definition."""

from __future__ import annotations

import datetime
import enum

from supportdesk.protocol.appeals import (
    ClientCard,
    Handed,
    HandKind,
    Mine,
    Offer,
    PastAppeal,
    Waiting,
)

__all__ = ["ClientCard", "DeskEvent", "HandKind", "Handed", "Mine", "Offer", "PastAppeal",
           "Waiting", "day_start"]


def day_start(now: float) -> float:
    """The local midnight before `now`: "today" of the finished list and the desk's feed."""
    return datetime.datetime.fromtimestamp(now).replace(
        hour=0, minute=0, second=0, microsecond=0).timestamp()


class DeskEvent(enum.Enum):
    WITHDRAWN = "withdrawn"  # the offer ran out or went to someone else
    FINISHED = "finished"  # finished by someone else (or by itself after the control question)
    RATED = "rated"  # the client rated it (score, comment)
    HANDED_ON = "handed-on"  # my call of it was transferred to a line: it rings there
    REMOTE = "remote"  # its remote session: ready to watch, or over (appeals/remote.py)
