"""Calls with a client on Linphone (linphonec 5.1, Debian's linphone-cli: liblinphone and
belle-sip, not pjsip) through the lab PBX: longer than 40 s (Linphone's calls used to drop
at 32 s, #14.4), hold both ways, DTMF both ways, blind and attended transfers of it and
to it."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.bus import CallState
from desktop.lab.lab import LabInfo
from desktop.telephony.numbers import parse
from tests.peers.client import PeerProcess
from tests.peers.linphone import Linphone
from tests.phone import Phone

pytestmark = pytest.mark.skipif(shutil.which("linphonec") is None,
                                reason="scripts/setup.sh installs linphone-cli")


def from_linphone(qtbot: QtBot, lab: LabInfo, phone: Phone, linphone: Linphone) -> int:
    linphone.type(f"call sip:anna@127.0.0.1:{lab.sip_port}")
    call = phone.wait_incoming(qtbot)
    assert call.number == "ivan"
    phone.service.answer(call.id)
    phone.wait_state(qtbot, call.id, CallState.ACTIVE)
    linphone.wait_for("connected")
    return call.id


def test_a_call_with_linphone_past_40_s_with_hold_and_dtmf_both_ways(
        qtbot: QtBot, lab: LabInfo, phone: Phone, tmp_path: Path) -> None:
    service = phone.service
    with Linphone(lab, "ivan", tmp_path / "linphone") as ivan:
        cid = from_linphone(qtbot, lab, phone, ivan)
        answered = time.monotonic()
        service.hold(cid)  # we hold
        phone.wait_state(qtbot, cid, CallState.HELD)
        ivan.wait_for("has been paused by")
        service.resume(cid)
        phone.wait_state(qtbot, cid, CallState.ACTIVE)
        ivan.wait_for(lambda: ivan.count("Media streams established") >= 2)  # resumed
        ivan.type("pause")  # they hold
        qtbot.waitUntil(lambda: phone.call(cid).remote_hold, timeout=5000)
        ivan.wait_for("is now paused")
        ivan.type("resume")
        qtbot.waitUntil(lambda: not phone.call(cid).remote_hold, timeout=5000)
        ivan.type("5")  # a digit typed in linphonec is a DTMF tone
        qtbot.waitUntil(lambda: "5" in phone.call(cid).digits_received, timeout=5000)
        service.send_dtmf(cid, "7")
        ivan.wait_for("Receiving tone 7")
        qtbot.waitUntil(lambda: time.monotonic() - answered > 42, timeout=45000)
        assert phone.call(cid).state is CallState.ACTIVE  # still up after 32 s
        service.hangup(cid)
        phone.wait_state(qtbot, cid, CallState.ENDED)
        ivan.wait_for("ended")
    assert phone.ended(cid).result == "answered"


def test_a_linphone_caller_passed_on_blind_and_a_colleague_on_linphone_taking_one(
        qtbot: QtBot, lab: LabInfo, phone: Phone, tmp_path: Path) -> None:
    service = phone.service
    with Linphone(lab, "ivan", tmp_path / "ivan") as ivan, \
            PeerProcess(lab, "vera", auto_answer=True) as vera:
        cid = from_linphone(qtbot, lab, phone, ivan)
        service.transfer(cid, parse("sip:vera@127.0.0.1"))  # blind, of Linphone
        phone.wait_state(qtbot, cid, CallState.ENDED)
        assert phone.ended(cid).result == "transferred"
        vera.wait("incoming", lambda e: "ivan" in e["remote"])
        ivan.type("terminate all")
    with PeerProcess(lab, "boris") as boris, \
            Linphone(lab, "oleg", tmp_path / "oleg", auto_answer=True) as oleg:
        client = phone.answered_from(qtbot, boris, lab, count=2)
        consult = phone.consult(qtbot, client, "sip:oleg@127.0.0.1")  # attended, to it
        oleg.wait_for("connected")
        service.complete_transfer(client.id, consult.id)
        phone.wait_state(qtbot, client.id, CallState.ENDED)
        phone.wait_state(qtbot, consult.id, CallState.ENDED)
        assert phone.ended(client.id).result == "transferred"
        boris.wait("call", lambda e: e["state"] == "CONFIRMED" and "oleg" in e["remote"])


def test_a_call_to_linphone_past_40_s_then_passed_on_attended_and_a_caller_blind_to_it(
        qtbot: QtBot, lab: LabInfo, phone: Phone, tmp_path: Path) -> None:
    service = phone.service
    with Linphone(lab, "oleg", tmp_path / "oleg", auto_answer=True) as oleg, \
            PeerProcess(lab, "boris") as boris, \
            PeerProcess(lab, "vera", auto_answer=True) as vera:
        client = phone.answered_from(qtbot, boris, lab)
        service.transfer(client.id, parse("sip:oleg@127.0.0.1"))  # blind, to Linphone
        phone.wait_state(qtbot, client.id, CallState.ENDED)
        assert phone.ended(client.id).result == "transferred"
        boris.wait("call", lambda e: e["state"] == "CONFIRMED" and "oleg" in e["remote"])
        boris.send("hangup")
        oleg.wait_for(lambda: oleg.count("ended") >= 1)
        call = phone.dial(qtbot, "sip:oleg@127.0.0.1")  # ours, to Linphone
        phone.wait_state(qtbot, call.id, CallState.ACTIVE)
        answered = time.monotonic()
        service.hold(call.id)
        phone.wait_state(qtbot, call.id, CallState.HELD)
        service.resume(call.id)
        phone.wait_state(qtbot, call.id, CallState.ACTIVE)
        qtbot.waitUntil(lambda: time.monotonic() - answered > 42, timeout=45000)
        assert phone.call(call.id).state is CallState.ACTIVE
        consult = phone.consult(qtbot, phone.call(call.id), "sip:vera@127.0.0.1")
        service.complete_transfer(call.id, consult.id)  # attended, of Linphone
        phone.wait_state(qtbot, call.id, CallState.ENDED)
        assert phone.ended(call.id).result == "transferred"
        vera.wait("call", lambda e: e["state"] == "CONFIRMED" and "oleg" in e["remote"])
