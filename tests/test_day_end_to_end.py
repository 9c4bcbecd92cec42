"""A specialist's day, end to end: the real `deskline` process against its own lab, on a
desktop of the rig (openbox, a tray, dunst), driven only with xdotool keys and clicks.
Screenshots of each step go to the test's directory (and to $DESKLINE_SCREENSHOTS)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.audio import ToneSource
from tests.desk import Desk, eventually, window_named, xdotool
from tests.peers.client import PeerProcess
from tests.peers.xmpp_peer import XmppPeer
from tests.test_tray_notifications import dunstctl

MIC_TONE = 700  # what the specialist's headset microphone hears
PHONE_BLUE = "#1f5fbf"  # the card's phone numbers (desktop/ui/curtain.py)
AUDIO = {"audio.microphone": "headset_mic", "audio.speaker": "headset",
         "audio.ring_devices": "headset", "ui.language": "ru"}


@pytest.fixture
def shell(desktop_shell: str, pulse_server: str) -> str:
    dunstctl("close-all")
    return desktop_shell


def test_reply_by_name_then_call_the_offline_client_from_the_card(shell: str,
                                                                   tmp_path: Path) -> None:
    with Desk(tmp_path / "base", {**AUDIO, "ui.curtain_visible": False},
              tmp_path / "shots") as desk:
        desk.wait_log("chat anna@deskline.lab: online")
        desk.wait_log("pbx sip:anna@127.0.0.1: online")
        lab = desk.lab()
        anna = f"anna@{lab.domain}"
        desk.focus()
        desk.shot("e2e-1-signed-in")

        # A client writes; the specialist finds him and answers with a quick reply.
        with XmppPeer(lab, "ivan") as ivan:
            ivan.send(anna, "Здравствуйте! Не пришёл счёт за ноябрь.")
            desk.wait_log("message in from ivan@deskline.lab")
            desk.key("ctrl+k")  # search: people, appeals, messages
            desk.type("ivan")
            desk.key("Return")  # opens the first contact found
            desk.key("ctrl+1")  # the greeting, addressed by name and patronymic
            desk.shot("e2e-2-quick-reply")
            desk.key("Return")
            eventually(lambda: any(m["from"] == anna for m in ivan.messages))
            reply = next(m["body"] for m in ivan.messages if m["from"] == anna)
            assert reply.startswith("Здравствуйте, Иван Петрович!"), reply
            assert "Анна" in reply  # {my_name}
        # ivan has left the chat: offline now.

        # The card shows how to reach him: his mobile number, a click puts it in the dialer.
        desk.key("ctrl+i")
        x, y, width, height = desk.geometry()
        curtain = (x + width * 3 // 4, y, width // 4, height)
        phone = eventually(lambda: desk.find_colour(PHONE_BLUE, curtain))  # his number
        desk.shot("e2e-3-card-of-offline-client")
        with PeerProcess(lab, "ivan", auto_answer=True) as ivan_phone, \
                ToneSource("headset_feed", MIC_TONE):
            desk.click(phone[0] + 20, phone[1] + 3)
            desk.shot("e2e-4-number-in-dialer")
            desk.key("Return")  # calls it through the PBX
            ivan_phone.wait("incoming")
            ivan_phone.wait("call", lambda e: e["state"] == "CONFIRMED")
            eventually(lambda: abs(ivan_phone.hears()["freq"] - MIC_TONE) < 40)
            desk.key("ctrl+shift+k")  # the call's comment
            desk.type("Счёт отправлен повторно")
            desk.shot("e2e-5-call-with-comment")
            desk.key("ctrl+alt+h")  # hang up
            ivan_phone.wait("call", lambda e: e["state"] == "DISCONNECTED")
        desk.key("ctrl+h")
        desk.shot("e2e-6-history")
        desk.key("ctrl+q")
        assert desk.proc.wait(15) == 0
        actions = desk.actions

    with sqlite3.connect(tmp_path / "base" / "data" / "deskline.sqlite3") as db:
        calls = db.execute("SELECT direction, number, result, comment FROM calls").fetchall()
    assert calls == [("out", "+79161234567", "answered", "Счёт отправлен повторно")]
    assert actions <= 15  # the whole story, in keys and clicks


def test_incoming_call_while_minimised_pops_up_is_answered_by_hotkey_and_transferred(
        shell: str, tmp_path: Path) -> None:
    settings = {**AUDIO, "hotkeys.enabled": True}
    with Desk(tmp_path / "base", settings, tmp_path / "shots") as desk:
        desk.wait_log("pbx sip:anna@127.0.0.1: online")
        desk.wait_log("chat anna@deskline.lab: online")
        lab = desk.lab()
        xdotool("windowminimize", "--sync", desk.window)
        with PeerProcess(lab, "maria") as maria:
            maria.send("call", uri=f"sip:anna@127.0.0.1:{lab.sip_port}")
            popup = window_named("Входящий звонок")
            eventually(lambda: dunstctl("count", "displayed") == "1", timeout=5)
            desk.shot("e2e-7-incoming-while-minimised")
            assert popup
            xdotool("key", "--clearmodifiers", "ctrl+alt+a")  # the global hotkey
            maria.wait("call", lambda e: e["state"] == "CONFIRMED")
            eventually(lambda: dunstctl("count", "displayed") == "0", timeout=5)
            # A question for a colleague: transfer to the one online, offered first.
            with PeerProcess(lab, "boris", auto_answer=True) as boris_phone, \
                    XmppPeer(lab, "boris"):
                desk.wait_log(f"contact boris@{lab.domain}: online")  # offered first
                desk.focus()
                desk.key("ctrl+alt+t")
                desk.wait_window("^Перевод$")
                desk.shot("e2e-8-transfer-to-colleague")
                desk.key("Return")
                boris_phone.wait("incoming")
                boris_phone.wait("call", lambda e: e["state"] == "CONFIRMED")
                maria.wait("call", lambda e: e["state"] == "DISCONNECTED")  # passed on
                maria.send("hangup")
        desk.key("ctrl+q")
