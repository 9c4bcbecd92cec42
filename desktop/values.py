"""Value types that several packages share (chat, telephony, the bus, widgets): plain
data, no protocol or Qt types. A feature package may import this; this imports nothing of
ours."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class ProfileProblem(enum.Enum):
    """Why the specialist's card was not saved on the chat server."""

    NOT_SIGNED_IN = "not-signed-in"
    NOT_CONNECTED = "not-connected"  # signed in, but the connection is down at the moment
    SERVER_REFUSED = "server-refused"


@dataclass(frozen=True)
class PhoneNumber:
    kind: str  # "mobile" | "work" | "other"
    number: str


@dataclass(frozen=True)
class Profile:
    """A person's card as published in their vCard."""

    first_name: str = ""
    patronymic: str = ""
    last_name: str = ""
    position: str = ""
    company: str = ""
    email: str = ""
    phones: tuple[PhoneNumber, ...] = field(default_factory=tuple)
    sip: str = ""  # "sip:boris@pbx.example": an in-app call through the PBX, "" when none
    photo: bytes = field(default=b"", repr=False)  # square PNG, b"" when there is none

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)

    @property
    def address_name(self) -> str:
        """How a client is addressed in Russian business style: name and patronymic."""
        return " ".join(p for p in (self.first_name, self.patronymic) if p)


@dataclass(frozen=True)
class CallRecord:
    """One row of the call history."""

    id: int
    direction: str  # "in" | "out"
    number: str
    name: str
    started_at: float
    answered_at: float | None
    ended_at: float | None
    result: str  # see telephony.service.call_result
    comment: str
    mos: float = 0.0  # the line's worst estimated MOS during the call (0: not measured)
