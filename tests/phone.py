"""The app's telephony as the call tests drive it (tests/conftest.py builds it: `phone`)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop.bus import Bus, CallInfo, CallState
from desktop.lab.lab import LabInfo
from desktop.telephony.numbers import parse
from desktop.telephony.service import CallService
from tests.peers.client import PeerProcess

MIC_TONE = 600  # what the specialist "says" into the headset microphone
PEER_TONE = 1000


class Phone:
    """The app's telephony as the tests drive it: CallService + the bus it reports on."""

    def __init__(self, service: CallService, bus: Bus) -> None:
        self.service = service
        self.bus = bus
        self.incoming: list[CallInfo] = []
        self.changes: list[CallInfo] = []
        bus.incoming_call.connect(self.incoming.append)
        bus.call_changed.connect(self.changes.append)

    def call(self, cid: int) -> CallInfo:
        return self.service.calls[cid]

    def wait_incoming(self, qtbot: QtBot, count: int = 1) -> CallInfo:
        qtbot.waitUntil(lambda: len(self.incoming) >= count, timeout=10000)
        return self.incoming[count - 1]

    def wait_state(self, qtbot: QtBot, cid: int, state: CallState) -> None:
        qtbot.waitUntil(lambda: any(c.id == cid and c.state is state for c in self.changes)
                        if state is CallState.ENDED else
                        cid in self.service.calls and self.service.calls[cid].state is state,
                        timeout=10000)

    def ended(self, cid: int) -> CallInfo:
        return next(c for c in self.changes if c.id == cid and c.state is CallState.ENDED)

    def answered_from(self, qtbot: QtBot, peer: PeerProcess, lab: LabInfo,
                      count: int = 1) -> CallInfo:
        """The peer calls the specialist, who answers; returns the active call."""
        peer.send("call", uri=f"sip:anna@127.0.0.1:{lab.sip_port}")
        call = self.wait_incoming(qtbot, count)
        self.service.answer(call.id)
        self.wait_state(qtbot, call.id, CallState.ACTIVE)
        return call

    def consult(self, qtbot: QtBot, client: CallInfo, colleague: str) -> CallInfo:
        """The client waits on hold while the specialist calls a colleague, who answers."""
        self.service.hold(client.id)
        self.wait_state(qtbot, client.id, CallState.HELD)
        call = self.dial(qtbot, colleague)
        self.wait_state(qtbot, call.id, CallState.ACTIVE)
        return call

    def dial(self, qtbot: QtBot, number: str) -> CallInfo:
        """The new call, also when it ended before the test could look (a fast refusal)."""
        known = set(self.service.calls)
        seen = len(self.changes)
        self.service.dial(parse(number))

        def new() -> list[CallInfo]:
            return ([c for c in self.service.calls.values() if c.id not in known]
                    + [c for c in self.changes[seen:] if c.id not in known])

        qtbot.waitUntil(lambda: bool(new()), timeout=5000)
        return new()[0]


def eventually(qtbot: QtBot, check: object, timeout: int = 5000) -> None:
    qtbot.waitUntil(check, timeout=timeout)  # type: ignore[arg-type]
