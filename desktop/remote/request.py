"""A desk's request for the client's screen, as the client's app shows it (plain values)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class RemoteRequest:
    line: str  # the line's address that asks (the answer goes there)
    session: str
    appeal: int
    specialist: str  # their name, as the desk gives it
    line_name: str = ""  # the line's name ("Техподдержка"), as the desk gives it


@dataclass(frozen=True)
class ControlRequest:
    who: str  # the viewer's address
    specialist: str  # their name


@dataclass(frozen=True)
class Sharing:
    """The screen shared now: who watches; `over` with why ("" while it runs)."""

    request: RemoteRequest
    viewers: tuple[str, ...] = ()
    over: bool = False
    controller: str = ""  # the one viewer the client gave control to
    why: str = ""  # stopped | ended | refused: <the desk's words> | failed: <reason>


class RemoteSink(Protocol):
    """Told in the GUI thread."""

    def on_request(self, request: RemoteRequest) -> None: ...
    def on_answered(self, session: str, relay: str, token: str) -> None: ...
    def on_refused(self, session: str, text: str) -> None: ...
    def on_viewer(self, session: str, who: str, joined: bool, local_port: int) -> None: ...
    def on_over(self, session: str) -> None: ...
    def on_control_request(self, session: str, who: str, specialist: str) -> None: ...
