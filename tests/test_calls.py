"""Calls through the real lab: our engine process, Kamailio, and pjsua2 peers, with audio
on the rig's PulseAudio devices."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from desktop.bus import Bus, CallState
from desktop.lab.lab import LabInfo
from desktop.telephony.numbers import parse
from tests.apps import signed_in
from tests.audio import Listener, ToneSource
from tests.peers.client import PeerProcess
from tests.phone import MIC_TONE, PEER_TONE, Phone, eventually


def test_incoming_call_with_two_way_audio(qtbot: QtBot, lab: LabInfo, phone: Phone) -> None:
    with PeerProcess(lab, "ivan", tone=PEER_TONE) as ivan, \
            Listener("headset.monitor") as speaker, ToneSource("headset_feed", MIC_TONE):
        ivan.send("call", uri=f"sip:anna@127.0.0.1:{lab.sip_port}")
        call = phone.wait_incoming(qtbot)
        assert call.state is CallState.INCOMING
        assert call.number == "ivan"
        phone.service.answer(call.id)
        phone.wait_state(qtbot, call.id, CallState.ACTIVE)
        eventually(qtbot, lambda: speaker.hears(PEER_TONE))  # the client's voice, our ear
        eventually(qtbot, lambda: abs(ivan.hears()["freq"] - MIC_TONE) < 40)  # ours, theirs
        phone.service.hangup(call.id)
        phone.wait_state(qtbot, call.id, CallState.ENDED)
        assert phone.ended(call.id).result == "answered"
        ivan.wait("call", lambda e: e["state"] == "DISCONNECTED")


def test_outgoing_call_to_a_client_number(qtbot: QtBot, lab: LabInfo, phone: Phone) -> None:
    with PeerProcess(lab, "ivan", tone=PEER_TONE, auto_answer=True) as ivan, \
            Listener("headset.monitor") as speaker:
        call = phone.dial(qtbot, "+7 (916) 123-45-67")  # the PBX routes it to ivan's phone
        assert call.number == "+79161234567"
        phone.wait_state(qtbot, call.id, CallState.ACTIVE)
        eventually(qtbot, lambda: speaker.hears(PEER_TONE))
        ivan.wait("incoming")
        phone.service.hangup(call.id)
        phone.wait_state(qtbot, call.id, CallState.ENDED)
        history = phone.service.store.calls()
        assert history[0].number == "+79161234567"
        assert history[0].direction == "out"
        assert history[0].result == "answered"
        assert history[0].answered_at is not None


def test_declined_call_is_busy_for_the_caller(qtbot: QtBot, lab: LabInfo, phone: Phone) -> None:
    with PeerProcess(lab, "maria") as maria:
        maria.send("call", uri=f"sip:anna@127.0.0.1:{lab.sip_port}")
        call = phone.wait_incoming(qtbot)
        phone.service.decline(call.id)
        phone.wait_state(qtbot, call.id, CallState.ENDED)
        assert phone.ended(call.id).result == "declined"
        ended = maria.wait("call", lambda e: e["state"] == "DISCONNECTED")
        assert ended["code"] == 486


def test_hold_and_resume(qtbot: QtBot, lab: LabInfo, phone: Phone) -> None:
    with PeerProcess(lab, "ivan", tone=PEER_TONE, auto_answer=True) as ivan, \
            Listener("headset.monitor") as speaker, ToneSource("headset_feed", MIC_TONE):
        call = phone.dial(qtbot, "+79161234567")
        phone.wait_state(qtbot, call.id, CallState.ACTIVE)
        eventually(qtbot, lambda: abs(ivan.hears()["freq"] - MIC_TONE) < 40)
        phone.service.hold(call.id)
        phone.wait_state(qtbot, call.id, CallState.HELD)
        # On hold: nothing from us (the tone is at -23 dB), nothing from him.
        eventually(qtbot, lambda: ivan.hears()["rms_db"] < -50)
        eventually(qtbot, lambda: speaker.silent(0.4))
        phone.service.resume(call.id)
        phone.wait_state(qtbot, call.id, CallState.ACTIVE)
        eventually(qtbot, lambda: abs(ivan.hears()["freq"] - MIC_TONE) < 40)
        eventually(qtbot, lambda: speaker.hears(PEER_TONE))


def test_mute_sends_silence(qtbot: QtBot, lab: LabInfo, phone: Phone) -> None:
    with PeerProcess(lab, "ivan", auto_answer=True) as ivan, \
            ToneSource("headset_feed", MIC_TONE):
        call = phone.dial(qtbot, "+79161234567")
        phone.wait_state(qtbot, call.id, CallState.ACTIVE)
        eventually(qtbot, lambda: abs(ivan.hears()["freq"] - MIC_TONE) < 40)
        phone.service.set_mute(True)
        # Silence (the tone arrives at about -23 dB).
        eventually(qtbot, lambda: ivan.hears()["rms_db"] < -50)
        phone.service.set_mute(False)
        eventually(qtbot, lambda: abs(ivan.hears()["freq"] - MIC_TONE) < 40)


def test_dtmf_digits_reach_the_far_party(qtbot: QtBot, lab: LabInfo, phone: Phone) -> None:
    with PeerProcess(lab, "ivan", auto_answer=True) as ivan:
        call = phone.dial(qtbot, "+79161234567")
        phone.wait_state(qtbot, call.id, CallState.ACTIVE)
        phone.service.send_dtmf(call.id, "1 2-3*#x")  # junk between digits is dropped
        eventually(qtbot, lambda: len([e for e in ivan.events if e["ev"] == "dtmf"]) >= 5)
        assert "".join(e["digit"] for e in ivan.events if e["ev"] == "dtmf") == "123*#"


def test_call_waiting_puts_the_first_call_on_hold(qtbot: QtBot, lab: LabInfo,
                                                  phone: Phone) -> None:
    with PeerProcess(lab, "ivan", tone=PEER_TONE) as ivan, \
            PeerProcess(lab, "maria", tone=1500) as maria, \
            Listener("headset.monitor") as speaker:
        ivan.send("call", uri=f"sip:anna@127.0.0.1:{lab.sip_port}")
        first = phone.wait_incoming(qtbot, 1)
        phone.service.answer(first.id)
        phone.wait_state(qtbot, first.id, CallState.ACTIVE)
        maria.send("call", uri=f"sip:anna@127.0.0.1:{lab.sip_port}")
        second = phone.wait_incoming(qtbot, 2)
        assert phone.call(first.id).state is CallState.ACTIVE  # still talking while it rings
        phone.service.answer(second.id)
        phone.wait_state(qtbot, second.id, CallState.ACTIVE)
        phone.wait_state(qtbot, first.id, CallState.HELD)
        eventually(qtbot, lambda: speaker.hears(1500))
        phone.service.resume(first.id)  # back to the first: the second waits on hold
        phone.wait_state(qtbot, first.id, CallState.ACTIVE)
        phone.wait_state(qtbot, second.id, CallState.HELD)
        eventually(qtbot, lambda: speaker.hears(PEER_TONE))


def test_blind_transfer_to_a_colleague(qtbot: QtBot, lab: LabInfo, phone: Phone) -> None:
    with PeerProcess(lab, "ivan", tone=PEER_TONE) as ivan, \
            PeerProcess(lab, "vera", tone=1500, auto_answer=True) as vera:
        call = phone.answered_from(qtbot, ivan, lab)
        phone.service.transfer(call.id, parse("sip:vera@127.0.0.1"))
        phone.wait_state(qtbot, call.id, CallState.ENDED)
        assert phone.ended(call.id).result == "transferred"
        vera.wait("incoming", lambda e: "ivan" in e["remote"])
        eventually(qtbot, lambda: abs(vera.hears()["freq"] - PEER_TONE) < 40)
        eventually(qtbot, lambda: abs(ivan.hears()["freq"] - 1500) < 40)


def test_a_blind_transfer_without_a_final_notify_still_frees_the_line(
        qtbot: QtBot, lab: LabInfo, phone: Phone) -> None:
    """vera rings and rings: ivan's NOTIFYs never say "done" (as a transferee whose final
    NOTIFY cannot be parsed, #14.3). The accepted transfer frees our line after
    BLIND_TRANSFER_RELEASE_S, recorded as transferred; ivan goes on ringing vera."""
    with PeerProcess(lab, "ivan", tone=PEER_TONE) as ivan, PeerProcess(lab, "vera") as vera:
        call = phone.answered_from(qtbot, ivan, lab)
        phone.service.transfer(call.id, parse("sip:vera@127.0.0.1"))
        vera.wait("incoming", lambda e: "ivan" in e["remote"])
        assert phone.call(call.id).transfer == "pending"
        phone.wait_state(qtbot, call.id, CallState.ENDED)
        assert phone.ended(call.id).result == "transferred"
        assert not any(e["ev"] == "call" and e["state"] == "DISCONNECTED"
                       for e in vera.events)  # the client still rings the colleague


def test_attended_transfer_after_consulting(qtbot: QtBot, lab: LabInfo, phone: Phone) -> None:
    with PeerProcess(lab, "ivan", tone=PEER_TONE) as ivan, \
            PeerProcess(lab, "vera", tone=1500, auto_answer=True) as vera, \
            Listener("headset.monitor") as speaker:
        client = phone.answered_from(qtbot, ivan, lab)
        consult = phone.consult(qtbot, client, "sip:vera@127.0.0.1")  # agree with Vera first
        eventually(qtbot, lambda: speaker.hears(1500))  # talking with Vera
        phone.service.complete_transfer(client.id, consult.id)
        phone.wait_state(qtbot, client.id, CallState.ENDED)
        phone.wait_state(qtbot, consult.id, CallState.ENDED)
        assert phone.ended(client.id).result == "transferred"
        eventually(qtbot, lambda: abs(vera.hears()["freq"] - PEER_TONE) < 40)
        eventually(qtbot, lambda: abs(ivan.hears()["freq"] - 1500) < 40)


def test_three_way_conference(qtbot: QtBot, lab: LabInfo, phone: Phone) -> None:
    with PeerProcess(lab, "ivan", tone=PEER_TONE) as ivan, \
            PeerProcess(lab, "vera", tone=1500, auto_answer=True) as vera, \
            Listener("headset.monitor") as speaker:
        client = phone.answered_from(qtbot, ivan, lab)
        colleague = phone.consult(qtbot, client, "sip:vera@127.0.0.1")
        phone.service.conference([client.id, colleague.id])
        phone.wait_state(qtbot, client.id, CallState.ACTIVE)
        eventually(qtbot, lambda: abs(vera.hears()["freq"] - PEER_TONE) < 40)
        eventually(qtbot, lambda: abs(ivan.hears()["freq"] - 1500) < 40)
        time.sleep(0.3)
        both = speaker.last(0.5)
        assert len(both) > 0
        assert phone.call(client.id).conference
        assert phone.call(colleague.id).conference


@pytest.fixture
def secure_phone(qtbot: QtBot, lab: LabInfo, pulse_server: str) -> Iterator[Phone]:
    bus = Bus()
    service = signed_in(qtbot, lab, bus, mic="headset_mic", speaker="headset", srtp="mandatory")
    yield Phone(service, bus)
    service.sign_out()


def test_mandatory_srtp_call_is_encrypted(qtbot: QtBot, lab: LabInfo,
                                          secure_phone: Phone) -> None:
    with PeerProcess(lab, "ivan", tone=PEER_TONE, auto_answer=True, srtp=True) as ivan, \
            Listener("headset.monitor") as speaker:
        call = secure_phone.dial(qtbot, "+79161234567")
        secure_phone.wait_state(qtbot, call.id, CallState.ACTIVE)
        assert ivan.wait("stream")["srtp"] is True
        eventually(qtbot, lambda: speaker.hears(PEER_TONE))


def test_mandatory_srtp_refuses_a_plain_peer(qtbot: QtBot, lab: LabInfo,
                                             secure_phone: Phone) -> None:
    with PeerProcess(lab, "ivan", auto_answer=True):
        call = secure_phone.dial(qtbot, "+79161234567")
        secure_phone.wait_state(qtbot, call.id, CallState.ENDED)
        assert secure_phone.ended(call.id).result == "failed"
