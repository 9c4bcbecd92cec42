"""What the desk says to the app, as plain values (no slixmpp, no Qt); the states and
problems the rest of the app sees are in bus.py."""

from __future__ import annotations

import enum
from dataclasses import dataclass


@dataclass(frozen=True)
class Offer:
    appeal: int
    line: str  # the line's id ("support")
    line_name: str  # as people call it ("Техподдержка")
    client: str  # the client's address
    accept_by: float  # Unix time: the line's clock for accepting


class DeskEvent(enum.Enum):
    WITHDRAWN = "withdrawn"  # the offer ran out or went to someone else
    FINISHED = "finished"  # finished by someone else (or by itself after the control question)
