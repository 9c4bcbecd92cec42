"""A remote session of an appeal as the specialist's app knows it (PROTOCOL.md, "Remote
assistance"): asked, ready to watch (the relay's address and the screen's one-time
password), or over and why. Plain values read from the desk's attributes."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class RemotePhase(enum.Enum):
    ASKED = "asked"  # the client is asked
    READY = "ready"  # allowed: watch at `url`
    CONTROL_ASKED = "control-asked"  # the client is asked for control
    CONTROL = "control"  # the client gave me keyboard and mouse
    VIEW_ONLY = "view-only"  # … took them back, or declined
    DECLINED = "declined"
    NO_ANSWER = "no-answer"
    STOPPED = "stopped"  # the client's Stop
    ENDED = "ended"  # a specialist's End
    FINISHED = "finished"  # the appeal finished
    TRANSFERRED = "transferred"
    CLIENT_GONE = "client-gone"
    WATCHING = "watching"  # not a phase: who else watches changed (`watchers`)

    @property
    def over(self) -> bool:
        return self not in (RemotePhase.ASKED, RemotePhase.READY, RemotePhase.CONTROL_ASKED,
                            RemotePhase.CONTROL, RemotePhase.VIEW_ONLY, RemotePhase.WATCHING)


@dataclass(frozen=True)
class RemoteSession:
    appeal: int
    session: str
    phase: RemotePhase
    url: str = ""  # wss://…/viewer/<token>: this specialist's own, single use
    password: str = ""
    reason: str = ""  # declined because their side could not share: wayland, no-x11vnc, …
    code: str = ""  # asked: the one-time code for a client without Deskline (8 digits)
    watchers: tuple[str, ...] = ()  # watching: the colleagues who watch besides me


def read_remote(appeal: int, attrs: dict[str, str]) -> RemoteSession | None:
    try:
        phase = RemotePhase(attrs.get("state", ""))
    except ValueError:
        return None
    url = attrs.get("url", "")
    if phase is RemotePhase.READY and not url.startswith("wss://"):
        return None
    code = attrs.get("code", "")
    watchers = tuple(w[:256] for w in attrs.get("watchers", "").split(",")[:10] if "@" in w)
    return RemoteSession(appeal, attrs.get("session", "")[:64], phase, url[:1024],
                         attrs.get("password", "")[:16], attrs.get("reason", "")[:32],
                         code if len(code) == 8 and code.isdigit() else "", watchers)
