"""What every part the desk service builds (the calls, the monitor) reads of it: a Protocol,
so those parts need not import the service, and the service's imports stay a tree."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Protocol

from supportdesk.config import DeskConfig, Line
from supportdesk.routing import Router
from supportdesk.store import DeskStore


class DeskParts(Protocol):
    @property
    def clock(self) -> Callable[[], float]: ...
    @property
    def config(self) -> DeskConfig: ...
    @property
    def lines(self) -> Mapping[str, Line]: ...
    @property
    def router(self) -> Router: ...
    @property
    def store(self) -> DeskStore: ...
