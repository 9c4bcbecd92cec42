"""When to register, and when the PBX is gone: pure logic, driven by the engine's loop.

REGISTER is never sent blindly into an outage: while the PBX does not answer, a light probe
(one OPTIONS datagram or a TCP connect) asks every second, and the REGISTER goes out as soon
as it answers. Failed registrations back off; a wrong password stops until the user acts.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

BACKOFF_S = (1.0, 2.0, 4.0, 8.0, 15.0, 30.0, 60.0)
AUTH_FAILED = frozenset({401, 403, 407})


class Probe(enum.Enum):
    ALIVE = "alive"  # the PBX answered, and (where it can tell) still knows us
    UNKNOWN_TO_PBX = "unknown"  # the PBX answered that our registration is gone (restart)
    NO_ANSWER = "no-answer"


class KeeperState(enum.Enum):
    IDLE = "idle"
    REGISTERING = "registering"
    ONLINE = "online"
    WAITING = "waiting"  # a failure: retrying after a back-off, or when the PBX answers
    STOPPED = "stopped"  # wrong password: no retries until the account changes


@dataclass
class RegistrationKeeper:
    keepalive_s: float = 2.0  # probe period while registered
    probe_s: float = 1.0  # probe period while the PBX does not answer
    state: KeeperState = KeeperState.IDLE
    attempts: int = 0
    pbx_answers: bool = True
    next_register: float | None = None
    next_probe: float | None = None
    # Some PBXs answer an OPTIONS to a registered user with 404 too; after two such
    # "restarts" in a row with nothing else between, stop reading 404 that way.
    unknown_in_a_row: int = 0
    trust_unknown: bool = True

    def start(self, now: float) -> None:
        # Ask first: the REGISTER goes out when the probe is answered (<1 ms on a LAN).
        self.state, self.attempts, self.pbx_answers = KeeperState.WAITING, 0, False
        self.next_register, self.next_probe = now, now

    def stop(self) -> None:
        self.state = KeeperState.IDLE
        self.next_register = self.next_probe = None

    def next_due(self) -> float | None:
        """When due() will next have something to do (None: not before news comes in)."""
        times = [t for t in (self.next_probe,
                             self.next_register if self.pbx_answers else None)
                 if t is not None]
        return min(times, default=None)

    def due(self, now: float) -> list[str]:
        """Actions to take now: "register" and/or "probe"."""
        actions = []
        if self.next_register is not None and now >= self.next_register and self.pbx_answers:
            self.next_register = None
            self.state = KeeperState.REGISTERING
            actions.append("register")
            self.next_probe = now + self.probe_s  # notice an outage while it is in flight
        if self.next_probe is not None and now >= self.next_probe:
            self.next_probe = None
            actions.append("probe")
        return actions

    def on_register_result(self, code: int, now: float) -> None:
        if self.state is KeeperState.IDLE:
            return
        if self.next_probe is None:
            self.next_probe = now + self.probe_s
        if 200 <= code < 300:
            self.state, self.attempts = KeeperState.ONLINE, 0
            self.next_register = None
            self.next_probe = now + self.keepalive_s
        elif code in AUTH_FAILED:
            self.state = KeeperState.STOPPED
            self.next_register = self.next_probe = None
        else:
            self.state = KeeperState.WAITING
            delay = BACKOFF_S[min(self.attempts, len(BACKOFF_S) - 1)]
            self.attempts += 1
            self.next_register = now + delay
            self.next_probe = now + self.probe_s

    def on_probe_result(self, result: Probe, now: float) -> None:
        if self.state in (KeeperState.IDLE, KeeperState.STOPPED):
            return
        if result is Probe.NO_ANSWER:
            self.pbx_answers = False
            if self.state is KeeperState.ONLINE:
                self.state = KeeperState.WAITING
            self.next_probe = now + self.probe_s
            return
        came_back = not self.pbx_answers
        self.pbx_answers = True
        if result is Probe.UNKNOWN_TO_PBX:
            self.unknown_in_a_row += 1
            if self.unknown_in_a_row > 2:
                self.trust_unknown = False
            if not self.trust_unknown:
                result = Probe.ALIVE
        else:
            self.unknown_in_a_row = 0
        if result is Probe.UNKNOWN_TO_PBX or came_back:
            # The PBX restarted or returned: register at once, the back-off starts over.
            self.attempts = 0
            self.next_register = now
            self.state = KeeperState.WAITING
        self.next_probe = now + (self.keepalive_s if self.state is KeeperState.ONLINE
                                 else self.probe_s)

    def on_transport_lost(self, now: float) -> None:
        """A TCP/TLS connection to the PBX dropped: find out by probing right away."""
        if self.state in (KeeperState.IDLE, KeeperState.STOPPED):
            return
        self.next_probe = now
