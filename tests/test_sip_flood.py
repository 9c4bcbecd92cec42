"""Strangers at the engine's door (#15.1, #15.7): a burst of INVITEs straight at its port
while a call is in progress, and an INVITE forged to look as if it came from the PBX.

The burst goes over the loopback to the real engine; the forged one is a raw IPv4 packet
whose source is the PBX's own address and port (the tests run as root), as an attacker on
the network would send it."""

from __future__ import annotations

import socket
import time

from pytestqt.qtbot import QtBot

from desktop.bus import CallState, ErrorRaised, NoticeKind
from desktop.lab.lab import LabInfo
from desktop.ui.link_problems import notice_text
from tests.audio import Listener, ToneSource
from tests.peers.client import PeerProcess
from tests.peers.forge import send_forged
from tests.phone import MIC_TONE, PEER_TONE, Phone, eventually

SDP = ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
       "m=audio 4000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n")


def invite(n: int, to: str, via: str) -> bytes:
    return (f"INVITE sip:anna@{to} SIP/2.0\r\n"
            f"Via: SIP/2.0/UDP {via};branch=z9hG4bK-flood-{n}\r\n"
            f"Max-Forwards: 70\r\nFrom: \"Служба безопасности банка\" "
            f"<sip:security@127.0.0.1>;tag=f{n}\r\n"
            f"To: <sip:anna@{to}>\r\nCall-ID: flood-{n}@127.0.0.1\r\nCSeq: 1 INVITE\r\n"
            f"Contact: <sip:security@{via}>\r\nContent-Type: application/sdp\r\n"
            f"Content-Length: {len(SDP.encode())}\r\n\r\n{SDP}").encode()


def test_a_burst_of_2000_invites_from_a_stranger_leaves_the_call_and_the_engine_alone(
        qtbot: QtBot, lab: LabInfo, phone: Phone) -> None:
    service = phone.service
    _host, port = service.local_address.rsplit(":", 1)
    engine_pid = service.engine.pid
    with PeerProcess(lab, "ivan", tone=PEER_TONE) as ivan, \
            Listener("headset.monitor") as speaker, ToneSource("headset_feed", MIC_TONE):
        call = phone.answered_from(qtbot, ivan, lab)
        eventually(qtbot, lambda: speaker.hears(PEER_TONE))
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.bind(("127.0.0.1", 0))
            via = f"127.0.0.1:{sock.getsockname()[1]}"
            for n in range(2000):  # 200 in ~0.05 s: what killed the engine (#15.1)
                sock.sendto(invite(n, f"127.0.0.1:{port}", via), ("127.0.0.1", int(port)))
                if n % 40 == 39:
                    time.sleep(0.01)  # not faster than the socket's buffer takes them
        qtbot.wait(1500)
        assert service.engine.pid == engine_pid  # the engine was never restarted
        assert service.calls[call.id].state is CallState.ACTIVE
        assert [c.number for c in phone.incoming] == ["ivan"]  # nothing else rang
        # Two-way audio after the burst: the last half second here, new sound there.
        eventually(qtbot, lambda: speaker.hears(PEER_TONE))
        ivan.send("reset_ear")

        def ivan_hears_us() -> bool:
            heard = ivan.hears()
            return heard["first_sound_at"] > 0 and abs(heard["freq"] - MIC_TONE) < 40
        eventually(qtbot, ivan_hears_us)
        service.hangup(call.id)
        phone.wait_state(qtbot, call.id, CallState.ENDED)


def test_an_invite_forged_from_the_pbx_address_does_not_ring(
        qtbot: QtBot, lab: LabInfo, phone: Phone) -> None:
    service = phone.service
    _host, port = service.local_address.rsplit(":", 1)
    target = f"127.0.0.1:{port}"
    send_forged(invite(1, target, f"127.0.0.1:{lab.sip_port}"),
                ("127.0.0.1", lab.sip_port), ("127.0.0.1", int(port)))
    qtbot.wait(1500)
    assert phone.incoming == []
    # The real PBX still gets through.
    with PeerProcess(lab, "ivan") as ivan:
        call = phone.answered_from(qtbot, ivan, lab)
        service.hangup(call.id)
        phone.wait_state(qtbot, call.id, CallState.ENDED)


def test_a_message_from_the_pbx_too_large_for_the_engine_is_told(
        qtbot: QtBot, lab: LabInfo, phone: Phone) -> None:
    """pjsip reads 4,000 bytes of a datagram and drops the rest of the message without a
    word (#15.12): a lost call must at least be said."""
    told: list[ErrorRaised] = []
    phone.bus.error.connect(told.append)
    _host, port = phone.service.local_address.rsplit(":", 1)
    big = invite(7, f"127.0.0.1:{port}", f"127.0.0.1:{lab.sip_port}").replace(
        b"Max-Forwards: 70\r\n", b"Max-Forwards: 70\r\nX-Long: " + b"x" * 4400 + b"\r\n")
    assert len(big) > 4500
    send_forged(big, ("127.0.0.1", lab.sip_port), ("127.0.0.1", int(port)))
    qtbot.waitUntil(lambda: any(e.kind is NoticeKind.SIP_TOO_LARGE for e in told),
                    timeout=5000)
    assert "4,000 bytes" in notice_text(told[0])
