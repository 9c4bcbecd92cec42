"""Single-use tokens for the legs of a remote session (PROTOCOL.md, "Remote assistance"):
the desk mints one for each leg a person may open, bound to the session, the appeal, who it
is for and which leg, valid TOKEN_S; the relay takes each once. Plain values, a clock
injected: no sockets here."""

from __future__ import annotations

import enum
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass

TOKEN_S = 60.0  # a token not used by then is refused
MAX_WAITING = 10_000  # tokens minted and not yet used or expired (a bound on memory)


class Leg(enum.Enum):
    CLIENT = "client"  # the client side's control channel for the session
    SCREEN = "screen"  # the client side's leg to its x11vnc for one viewer
    VIEWER = "viewer"  # a specialist's viewer


@dataclass(frozen=True)
class Grant:
    session: str
    appeal: int
    who: str  # the client's or the specialist's address; for a SCREEN leg, the viewer's
    leg: Leg
    expires: float


class Tokens:
    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        self.waiting: dict[str, Grant] = {}
        self.lock = threading.Lock()  # minted on the desk's loop, taken on the relay's

    def mint(self, session: str, appeal: int, who: str, leg: Leg) -> str:
        with self.lock:
            self._forget()
            if len(self.waiting) >= MAX_WAITING:
                raise OverflowError("too many remote session tokens waiting")
            token = secrets.token_urlsafe(24)
            self.waiting[token] = Grant(session, appeal, who, leg, self.clock() + TOKEN_S)
            return token

    def take(self, token: str, leg: Leg) -> Grant | None:
        """The grant of `token` for this kind of leg, once; None when unknown, used,
        expired, or minted for another kind of leg (then it is used up all the same)."""
        with self.lock:
            grant = self.waiting.pop(token, None)
        if grant is None or grant.leg is not leg or self.clock() > grant.expires:
            return None
        return grant

    def drop(self, session: str) -> None:
        """The session ended: its tokens not yet used are void."""
        with self.lock:
            self.waiting = {t: g for t, g in self.waiting.items() if g.session != session}

    def _forget(self) -> None:
        now = self.clock()
        if len(self.waiting) > 100:
            self.waiting = {t: g for t, g in self.waiting.items() if g.expires >= now}
