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


CODE_DIGITS = 8  # a code read out over the phone: 10^8, tried at most CODE_TRIES times …
CODE_TRIES = 10  # … per source address in CODE_TRY_WINDOW_S (a guess: one in ten million)
CODE_TRY_WINDOW_S = 600.0
MAX_SOURCES = 10_000  # source addresses whose wrong tries are remembered (a bound on memory)


@dataclass(frozen=True)
class CodeGrant:
    """A session's one-time code taken: the client of `client` answers through it."""

    session: str
    appeal: int
    client: str
    request: dict[str, str]  # what the client is shown: who asks, for which appeal, whose
    expires: float


class Codes:
    """One-time codes for a client without a chat account in Deskline: the desk mints one
    with each request; `deskline assist` gives it to the relay instead of signing in.
    Single use; wrong tries counted per source address (the relay's thread takes them)."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        self.waiting: dict[str, CodeGrant] = {}
        self.wrong: dict[str, list[float]] = {}  # source address -> times of wrong codes
        self.lock = threading.Lock()

    def mint(self, session: str, appeal: int, client: str, request: dict[str, str],
             valid_s: float) -> str:
        with self.lock:
            now = self.clock()
            self.waiting = {c: g for c, g in self.waiting.items() if g.expires >= now}
            if len(self.waiting) >= MAX_WAITING:
                raise OverflowError("too many remote session codes waiting")
            while True:
                code = "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))
                if code not in self.waiting:
                    break
            self.waiting[code] = CodeGrant(session, appeal, client, dict(request),
                                           now + valid_s)
            return code

    def may_try(self, source: str) -> bool:
        """False while `source` has used up its wrong tries."""
        with self.lock:
            return len(self._recent(source)) < CODE_TRIES

    def take(self, code: str, source: str) -> CodeGrant | None:
        """The grant of `code` (digits; spaces and dashes as read out are ignored), once;
        None when unknown, used or expired, counted against `source`."""
        digits = "".join(ch for ch in code if ch.isdigit())
        with self.lock:
            if len(self._recent(source)) >= CODE_TRIES:
                return None
            grant = self.waiting.pop(digits, None)
            if grant is None or self.clock() > grant.expires:
                if len(self.wrong) >= MAX_SOURCES and source not in self.wrong:
                    self.wrong.clear()  # (a flood of sources: forget, rather than grow)
                self.wrong.setdefault(source, []).append(self.clock())
                return None
            return grant

    def drop(self, session: str) -> None:
        with self.lock:
            self.waiting = {c: g for c, g in self.waiting.items() if g.session != session}

    def _recent(self, source: str) -> list[float]:
        since = self.clock() - CODE_TRY_WINDOW_S
        recent = [t for t in self.wrong.get(source, ()) if t >= since]
        if recent:
            self.wrong[source] = recent
        else:
            self.wrong.pop(source, None)
        return recent
