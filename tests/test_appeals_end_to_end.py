"""An appeal, end to end: the real `deskline` process against its own lab (its desk,
Prosody, Kamailio) on a desktop of the rig, driven only with xdotool; the client and the
colleague are XMPP clients (boris as a protocol-level specialist). Screenshots of each step
go to the test's directory (and to $DESKLINE_SCREENSHOTS)."""

from __future__ import annotations

from pathlib import Path

import pytest

from supportdesk.store import DeskStore
from tests.audio import Listener, write_wav
from tests.desk import Desk, eventually, window_named, xdotool
from tests.peers.client import PeerProcess
from tests.peers.xmpp_peer import XmppPeer
from tests.supportdesk_rig import action, desk_knows
from tests.test_tray_notifications import dunstctl

APPEAL_TONE = 1700  # the "new appeal" sound, on the notification device


@pytest.fixture
def shell(desktop_shell: str, pulse_server: str) -> str:
    dunstctl("close-all")
    return desktop_shell


def test_a_client_writes_anna_accepts_acknowledges_answers_transfers_boris_finishes_rated(
        shell: str, tmp_path: Path) -> None:
    settings = {"audio.notification_device": "headset", "ui.language": "ru",
                "sounds.appeal.file": str(write_wav(tmp_path / "appeal.wav", APPEAL_TONE,
                                                    0.8))}
    with Desk(tmp_path / "base", settings, tmp_path / "shots") as desk:
        desk.wait_log("chat anna@deskline.lab: online")
        lab = desk.lab()
        line, _anna = f"support@desk.{lab.domain}", f"anna@{lab.domain}"
        # boris is at work but busy for new appeals: the offer comes to anna; he can take a
        # transfer. The window is minimised: the offer must reach anna anyway.
        with XmppPeer(lab, "boris", desk_show="dnd") as boris, \
                XmppPeer(lab, "ivan") as ivan, Listener("headset.monitor") as headset:
            desk_knows(lab, anna="free", boris="busy")
            desk.wait_log(f"contact boris@{lab.domain}: online")  # he can take a transfer
            desk.minimise()
            ivan.send(line, "Здравствуйте! Не приходит счёт за ноябрь.", "iv-1")
            desk.wait_log("appeal 1: offered")
            eventually(lambda: headset.hears(APPEAL_TONE, 0.3), timeout=5)  # heard
            eventually(lambda: dunstctl("count", "displayed") == "1", timeout=5)
            desk.shot("appeals-0-notification")

            dunstctl("action", "0")  # the specialist clicks the notification: the feed
            desk.actions += 1
            desk.wait_active()  # (it chose the feed in the turn that asked to come up)
            desk.shot("appeals-1-feed-offer")
            desk.key("Return")  # accepted, and its conversation opened
            desk.wait_log("appeal 1: in-work")
            desk.key("ctrl+shift+a")  # acknowledged by name and patronymic
            eventually(lambda: any("Иван Петрович, ваше обращение принято" in m["body"]
                                   for m in ivan.messages))

            ivan.send(line, "Договор № 4512, почта buh@romashka.example", "iv-2")
            # (The first came with the offer, from the desk's history.) The conversation
            # shows it in the same turn of the app's loop as it logs it, before any key.
            desk.wait_log(f"message in from a1@desk.{lab.domain}")
            desk.key("alt+q")  # a quoted answer to his last message
            desk.type("Спасибо, счёт отправлен повторно на buh@romashka.example")
            desk.shot("appeals-2-appeal-quoting")
            desk.key("Return")
            eventually(lambda: any("счёт отправлен повторно" in m["body"]
                                   and m["reply_to"] == "iv-2" for m in ivan.messages))
            desk.shot("appeals-3-curtain")  # his card: company, lines, earlier appeals

            desk.key("ctrl+shift+t")  # transfer: boris is online, first and chosen
            desk.wait_window("^Передать обращение №1$")
            desk.shot("appeals-4-transfer-dialog")
            desk.key("Return")
            desk.wait_log("appeal 1: handed-on")
            eventually(lambda: any("передано вам" in m["body"] for m in boris.messages))

            assert action(boris, f"a1@desk.{lab.domain}",
                          "<finish xmlns='urn:deskline:desk:1'/>", "fin") == ("result", "")
            eventually(lambda: any(m["body"].startswith("Спасибо за обращение")
                                   for m in ivan.messages))
            ivan.send(line, "5 — всё быстро, спасибо!")
            desk.wait_log("appeal 1: finished, rated 5")
            desk.shot("appeals-5-finished-rated")
        desk.key("ctrl+q")
        assert desk.proc.wait(15) == 0
        assert desk.actions <= 12  # the whole story, in keys and clicks


def test_a_call_to_the_line_pops_up_with_the_line_is_answered_commented_and_finished(
        shell: str, tmp_path: Path) -> None:
    settings = {"audio.microphone": "headset_mic", "audio.speaker": "headset",
                "audio.ring_devices": "headset", "ui.language": "ru"}
    with Desk(tmp_path / "base", settings, tmp_path / "shots") as desk:
        desk.wait_log("chat anna@deskline.lab: online")
        desk.wait_log("pbx sip:anna@127.0.0.1: online")
        lab = desk.lab()
        desk_knows(lab, anna="free")  # she is the one free
        with PeerProcess(lab, "ivan", tone=700) as ivan:
            ivan.send("call", uri=f"sip:+74950000100@127.0.0.1:{lab.sip_port}")
            popup = window_named("Входящий звонок")
            desk.wait_log("appeal 1: offered")
            desk.shot("line-call-1-popup")
            xdotool("windowactivate", "--sync", popup)
            desk.key("Return")  # answered
            ivan.wait("call", lambda e: e["state"] == "CONFIRMED")
            desk.wait_log("appeal 1: in-work")
            desk.key("ctrl+shift+k")  # the call's comment
            desk.type("Счёт отправлен повторно")
            desk.key("Return")
            desk.shot("line-call-2-answered")
            desk.key("ctrl+alt+h")  # hung up: the phone appeal is finished
            ivan.wait("call", lambda e: e["state"] == "DISCONNECTED")
            desk.wait_log("appeal 1: finished")
        desk.key("ctrl+q")
        assert desk.proc.wait(15) == 0
    store = DeskStore(f"sqlite:///{tmp_path / 'base' / 'run' / 'lab' / 'desk.sqlite3'}")
    try:
        steps = store.steps(1)
        row = store.appeal(1)
    finally:
        store.close()
    assert row is not None
    assert row.channel == "call"
    assert ("accepted", "anna@deskline.lab") in steps
    assert ("commented", "anna@deskline.lab") in steps
    assert ("finished", "anna@deskline.lab") in steps
