"""Fakes with the interfaces of our adapters, for unit tests of our own logic only (every
adapter also has integration tests against the real thing)."""

from __future__ import annotations

from typing import Any

from desktop.telephony.engine_client import EngineSink
from desktop.telephony.protocol import Message


class FakeEngine:
    """EngineLink: records the commands; the test plays the engine's events back."""

    def __init__(self, sink: EngineSink) -> None:
        self.sink = sink
        self.sent: list[Message] = []
        self.stopped = False

    def send(self, op: str, **fields: object) -> int:
        self.sent.append({"op": op, "req": len(self.sent) + 1, **fields})
        return len(self.sent)

    def stop(self, timeout_ms: int = 3000) -> None:
        self.stopped = True

    @property
    def pid(self) -> int:
        return 0

    def last(self, op: str) -> Message:
        return next(m for m in reversed(self.sent) if m["op"] == op)

    def event(self, ev: str, **fields: Any) -> None:
        self.sink.on_engine_event({"ev": ev, **fields})

    def failed(self, command: Message, why: str) -> None:
        """What the engine answers a command it could not carry out."""
        self.event("failed", req=command["req"], op=command["op"], id=command.get("id"),
                   tag=command.get("tag", ""), ids=command.get("ids", []),
                   on=command.get("on"), why=why, detail="", status=0)
