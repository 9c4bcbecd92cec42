"""Hostile or broken SIP from the network must never take the phone down.

pjsip itself parses what arrives; the engine's socket takes datagrams from the PBX's address
only (tests/test_sip_flood.py), so the fuzz is sent forged from that address. Calls that do
not carry our registered Contact are refused and never ring. Should pjsip still abort, pjsua2
runs in its own engine process, which the app restarts and re-registers by itself. The test
holds the app to that: it lives on, the phone is online within 5 s, and a real call works
afterwards.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from desktop.bus import CallInfo, CallState, LinkState
from desktop.lab.lab import LabInfo
from desktop.telephony.service import CallService
from tests.apps import signed_in
from tests.peers.client import PeerProcess
from tests.peers.forge import send_forged

VALID = ("INVITE sip:anna@127.0.0.1 SIP/2.0\r\n"
         "Via: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bK{n}\r\n"
         "Max-Forwards: 70\r\nFrom: <sip:evil@127.0.0.1>;tag={n}\r\n"
         "To: <sip:anna@127.0.0.1>\r\nCall-ID: fuzz-{n}@127.0.0.1\r\nCSeq: 1 INVITE\r\n"
         "Contact: <sip:evil@127.0.0.1:5999>\r\nContent-Type: application/sdp\r\n"
         "Content-Length: {length}\r\n\r\n{body}")
SDP = ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
       "m=audio 4000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n")


def datagrams(rng: random.Random, count: int) -> Iterator[bytes]:
    """Random bytes, truncated and mutated requests, absurd headers and bodies."""
    for n in range(count):
        message = VALID.format(n=n, length=len(SDP), body=SDP).encode()
        kind = n % 8
        if kind == 0:
            yield rng.randbytes(rng.randint(1, 1400))
        elif kind == 1:
            yield message[: rng.randint(1, len(message))]
        elif kind == 2:
            data = bytearray(message)
            for _ in range(rng.randint(1, 40)):
                data[rng.randrange(len(data))] = rng.randrange(256)
            yield bytes(data)
        elif kind == 3:
            yield message.replace(b"Content-Length: " + str(len(SDP)).encode(),
                                  b"Content-Length: 999999999")
        elif kind == 4:
            yield message.replace(b"CSeq: 1 INVITE", b"CSeq: -1 INVITE" + b"A" * 3000)
        elif kind == 5:
            yield message.replace(b"m=audio 4000", b"m=audio 99999999") + b"a=" * 500
        elif kind == 6:
            yield b"SIP/2.0 200 OK\r\n" + message.split(b"\r\n", 1)[1]  # an unsolicited reply
        else:
            yield b"\r\n\r\n" * rng.randint(1, 300)


@pytest.fixture
def service(qtbot: QtBot, lab: LabInfo, pulse_server: str) -> Iterator[CallService]:
    calls = signed_in(qtbot, lab)
    yield calls
    calls.sign_out()


def test_fuzzed_datagrams_do_not_crash_the_phone(qtbot: QtBot, lab: LabInfo,
                                                 service: CallService) -> None:
    _host, port = service.local_address.rsplit(":", 1)
    rang: list[CallInfo] = []
    service.bus.incoming_call.connect(rang.append)
    rng = random.Random(20261128)  # fixed: a failure can be replayed
    for i, data in enumerate(datagrams(rng, 800)):
        # From the PBX's own address: the engine's socket takes nothing from anyone else.
        send_forged(data[:1400], ("127.0.0.1", lab.sip_port), ("127.0.0.1", int(port)))
        if i % 100 == 0:
            qtbot.wait(20)  # let the engine breathe; bounded: 800 datagrams in all
    started = time.monotonic()
    qtbot.waitUntil(lambda: service.state is LinkState.ONLINE and service.engine.pid != 0,
                    timeout=5000)
    qtbot.wait(300)  # proving it stays online: time for a late fall
    assert service.state is LinkState.ONLINE
    assert time.monotonic() - started < 5.0
    assert rang == []  # nothing that bypassed the PBX rang
    # Still a working phone: a real call comes in and is answered.
    with PeerProcess(lab, "ivan") as ivan:
        ivan.send("call", uri=f"sip:anna@127.0.0.1:{lab.sip_port}")
        qtbot.waitUntil(lambda: any(c.state is CallState.INCOMING and c.number == "ivan"
                                    for c in service.calls.values()), timeout=5000)
        (call,) = [c for c in service.calls.values() if c.number == "ivan"]
        service.answer(call.id)
        qtbot.waitUntil(lambda: service.calls[call.id].state is CallState.ACTIVE, timeout=5000)
