"""A light check whether the PBX answers (and still knows us), outside pjsip.

pjsip's own OPTIONS would retransmit for 32 s into an outage; this sends two datagrams (UDP)
or opens one connection (TCP/TLS) and gives up after a second. Over UDP one OPTIONS asks
the PBX itself (is it there?) and one asks for our own address (does it still route to
us?): a PBX that answers the first but gets no answer for us holds a stale registration,
e.g. of an engine that died, and we register again.
"""

from __future__ import annotations

import contextlib
import secrets
import socket
import time

from desktop.telephony.keeper import Probe
from desktop.telephony.protocol import SipAccountConfig

TIMEOUT_S = 1.0


class Prober:
    def __init__(self, account: SipAccountConfig) -> None:
        self.account = account
        self.sock: socket.socket | None = None
        self.deadline = 0.0
        self.call_id = ""
        self.pending = False  # a probe is out and has no result yet
        self.pbx_answered = False

    def start(self) -> None:
        self.close()
        self.pending = True
        try:
            addr = socket.getaddrinfo(self.account.server, self.account.port,
                                      socket.AF_INET)[0][4]
        except OSError:
            self.deadline = 0.0  # name does not resolve: NO_ANSWER on the next poll
            return
        self.deadline = time.monotonic() + TIMEOUT_S
        if self.account.transport == "udp":
            self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            self.sock.setblocking(False)
            self.sock.connect(addr)  # only datagrams from the PBX's address come back
            self.call_id = secrets.token_hex(8)
            self.pbx_answered = False
            with contextlib.suppress(OSError):
                self.sock.send(self._options(self.account.user, self.call_id))
                self.sock.send(self._options("", "pbx-" + self.call_id))
        else:
            self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            self.sock.setblocking(False)
            self.sock.connect_ex(addr)

    def poll(self) -> Probe | None:
        """The result once there is one; None while waiting."""
        if self.sock is None:  # the name did not resolve
            self.pending = False
            return Probe.NO_ANSWER
        result = self._poll_udp() if self.account.transport == "udp" else self._poll_tcp()
        if result is None and time.monotonic() > self.deadline:
            # The PBX is there but nothing answers for us: its registration is stale.
            udp_stale = self.account.transport == "udp" and self.pbx_answered
            result = Probe.UNKNOWN_TO_PBX if udp_stale else Probe.NO_ANSWER
        if result is not None:
            self.close()
            self.pending = False
        return result

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
            self.sock = None

    def _poll_udp(self) -> Probe | None:
        assert self.sock is not None
        while True:
            try:
                data = self.sock.recv(4096)
            except BlockingIOError:
                return None
            except OSError:  # ICMP port unreachable: nothing listens there
                return Probe.NO_ANSWER
            if b"pbx-" + self.call_id.encode() in data:
                self.pbx_answered = True
            elif self.call_id.encode() in data:
                return self._result(data)

    @staticmethod
    def _result(data: bytes) -> Probe | None:
        status = data.split(b" ", 2)[1:2]
        if status in ([b"404"], [b"480"]):
            return Probe.UNKNOWN_TO_PBX
        if status and status[0].startswith(b"1"):
            return None  # provisional: wait for the final answer
        return Probe.ALIVE

    def _poll_tcp(self) -> Probe | None:
        assert self.sock is not None
        err = self.sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
        if err:
            return Probe.NO_ANSWER
        try:
            self.sock.getpeername()
        except OSError:
            return None  # still connecting
        return Probe.ALIVE

    def _options(self, user: str, call_id: str) -> bytes:
        """OPTIONS to `user` at the PBX, or to the PBX itself when user is ""."""
        assert self.sock is not None
        host, port = self.sock.getsockname()
        acc = self.account
        target = f"{user}@{acc.server}" if user else acc.server
        return (f"OPTIONS sip:{target}:{acc.port} SIP/2.0\r\n"
                f"Via: SIP/2.0/UDP {host}:{port};rport;branch=z9hG4bK{call_id}\r\n"
                "Max-Forwards: 10\r\n"
                f"From: <sip:deskline-probe@{host}>;tag={call_id[-8:]}\r\n"
                f"To: <sip:{target}>\r\n"
                f"Call-ID: {call_id}@deskline\r\n"
                "CSeq: 1 OPTIONS\r\nUser-Agent: Deskline\r\nContent-Length: 0\r\n\r\n"
                ).encode()
