"""Each of the six event sounds is heard on the notification device when its event really
happens (lab PBX and chat server, a client's real SIP phone and XMPP client), and is not
heard once it is turned off in Settings."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.app import Deskline
from desktop.bus import CallState, LinkState
from desktop.chat.account import XmppAccount
from desktop.lab.lab import LabInfo
from desktop.settings import SOUND_EVENTS
from supportdesk.routing import Availability
from tests.apps import close_app, make_app, popups
from tests.audio import Listener, write_wav
from tests.peers.client import PeerProcess
from tests.peers.cuttable_link import CuttableLink
from tests.peers.xmpp_peer import XmppPeer
from tests.supportdesk_rig import RunningDesk, knows, lab_config

TONES = {"incoming_call": 700, "message": 900, "sent": 1100, "call_ended": 1300,
         "connection_lost": 1500, "appeal": 1700}
QUIET_MS = 1500  # how long a turned-off sound must stay unheard after its event


@pytest.fixture
def app(qapp: QApplication, lab: LabInfo, pulse_server: str, tmp_path: Path
        ) -> Iterator[Deskline]:
    settings: dict[str, object] = {"audio.notification_device": "headset",
                                   "audio.ring_devices": "headset"}
    for event, freq in TONES.items():
        settings[f"sounds.{event}.file"] = str(write_wav(tmp_path / f"{event}.wav", freq, 0.6))
    deskline = make_app(qapp, lab, tmp_path, settings)
    yield deskline
    close_app(deskline)


def test_every_event_has_a_tone_here() -> None:
    assert set(TONES) == set(SOUND_EVENTS)


def test_each_event_sound_plays_when_it_happens_and_not_when_off(
        qtbot: QtBot, lab: LabInfo, app: Deskline, tmp_path: Path) -> None:
    window, settings = app.window, app.settings
    qtbot.waitUntil(lambda: app.calls.state is LinkState.ONLINE
                    and app.chat.state is LinkState.ONLINE, timeout=10000)
    anna, ivan_jid = f"anna@{lab.domain}", f"ivan@{lab.domain}"

    with Listener("headset.monitor") as headset:
        def heard(event: str) -> None:
            qtbot.waitUntil(lambda: headset.hears(TONES[event], 0.3), timeout=5000)

        def quiet(event: str) -> None:
            qtbot.wait(QUIET_MS)
            assert not headset.hears(TONES[event], QUIET_MS / 1000)

        def silence() -> None:
            qtbot.waitUntil(lambda: headset.silent(0.3), timeout=5000)

        def turn_off(event: str) -> None:
            settings.set(f"sounds.{event}.enabled", False)

        def type_and_send(text: str) -> None:
            qtbot.keyClicks(window.chat.input, text)
            qtbot.keyClick(window.chat.input, Qt.Key.Key_Return)
            qtbot.waitUntil(lambda: any(m["body"] == text for m in ivan_chat.messages),
                            timeout=5000)

        with XmppPeer(lab, "ivan") as ivan_chat:
            # A message in a conversation that is not in front of the specialist...
            window.open_chat(f"vera@{lab.domain}")
            ivan_chat.send(anna, "Добрый день!")
            heard("message")
            silence()
            # ...but none for the conversation being read.
            window.open_chat(ivan_jid)
            window.activateWindow()
            qtbot.waitUntil(window.isActiveWindow, timeout=5000)
            ivan_chat.send(anna, "Я подожду")
            qtbot.waitUntil(lambda: any(m.body == "Я подожду"
                                        for m in window.chat.messages), timeout=5000)
            quiet("message")
            # Our message, once the server has it.
            type_and_send("Hello")
            heard("sent")
            silence()
            turn_off("sent")
            type_and_send("Hello again")
            quiet("sent")
            turn_off("message")
            window.open_chat(f"vera@{lab.domain}")
            ivan_chat.send(anna, "Вы здесь?")
            qtbot.waitUntil(lambda: app.chats.unread.get(ivan_jid, 0) >= 1, timeout=5000)
            quiet("message")

        with PeerProcess(lab, "ivan") as ivan_phone:
            # The incoming call rings (on the ring device: the same sink here)...
            ivan_phone.send("call", uri=f"sip:anna@127.0.0.1:{lab.sip_port}")
            heard("incoming_call")
            qtbot.waitUntil(lambda: len(popups()) == 1, timeout=5000)
            qtbot.keyClick(popups()[0], Qt.Key.Key_Return)  # answered
            qtbot.waitUntil(lambda: any(c.state is CallState.ACTIVE
                                        for c in app.calls.calls.values()), timeout=5000)
            silence()
            # ...and an answered call that ends.
            ivan_phone.send("hangup")
            heard("call_ended")
            qtbot.waitUntil(lambda: not app.calls.calls, timeout=5000)
            silence()
            turn_off("call_ended")
            turn_off("incoming_call")
            ivan_phone.send("call", uri=f"sip:anna@127.0.0.1:{lab.sip_port}")
            qtbot.waitUntil(lambda: len(popups()) == 1, timeout=5000)
            quiet("incoming_call")
            qtbot.keyClick(popups()[0], Qt.Key.Key_Return)
            qtbot.waitUntil(lambda: any(c.state is CallState.ACTIVE
                                        for c in app.calls.calls.values()), timeout=5000)
            ivan_phone.send("hangup")
            qtbot.waitUntil(lambda: not app.calls.calls, timeout=5000)
            quiet("call_ended")

        # A new appeal offered by the real desk.
        support = f"support@desk.{lab.domain}"
        with RunningDesk(lab_config(lab, f"sqlite:///{tmp_path / 'desk.sqlite3'}")) as desk, \
                XmppPeer(lab, "oleg") as oleg, XmppPeer(lab, "maria") as maria:
            settings.set("sounds.appeal.notify", False)  # sounds here; no notices left up
            knows(desk, lab, anna=Availability.FREE)  # the desk greets the app, it answers
            oleg.send(support, "Нужна помощь")
            heard("appeal")
            silence()
            turn_off("appeal")
            maria.send(support, "И мне нужна помощь")
            qtbot.waitUntil(lambda: len(app.appeals.mine()) == 2, timeout=10000)
            quiet("appeal")

        # The chat link is lost (the path to the server cut): reconnecting.
        with CuttableLink(lab.xmpp_port) as link:
            for turned_off in (False, True):
                link.restore()
                app.chat.sign_in(XmppAccount(anna, lab.passwords["anna"], "127.0.0.1",
                                             link.port, lab.ca_file))
                qtbot.waitUntil(lambda: app.chat.state is LinkState.ONLINE, timeout=10000)
                link.cut(block=True)
                qtbot.waitUntil(lambda: app.chat.state is not LinkState.ONLINE, timeout=10000)
                if turned_off:
                    quiet("connection_lost")
                else:
                    heard("connection_lost")
                    silence()
                    turn_off("connection_lost")
            app.chat.sign_out()



def our_streams() -> int:
    """Playback streams open on the (test's) sound server."""
    out = subprocess.run(["pactl", "list", "short", "sink-inputs"], capture_output=True,
                         text=True, check=True).stdout
    return len(out.splitlines())


def test_a_burst_of_messages_is_one_sound_and_ended_sounds_are_closed(
        qtbot: QtBot, lab: LabInfo, app: Deskline) -> None:
    """100 messages from a client in a conversation not in front: one "message" sound at a
    time (not a stream, a PortAudio thread and a chime per message: that crashed the app),
    and no stream left open once the sound has ended."""
    qtbot.waitUntil(lambda: app.chat.state is LinkState.ONLINE, timeout=10000)
    qtbot.waitUntil(lambda: our_streams() == 0, timeout=3000)  # none left by earlier apps
    app.window.open_chat(f"vera@{lab.domain}")
    started = app.player.started
    most = 0
    with XmppPeer(lab, "ivan") as ivan_chat:
        for i in range(100):
            ivan_chat.send(f"anna@{lab.domain}", f"ещё {i}")

        def all_in() -> bool:
            nonlocal most
            most = max(most, our_streams())
            return app.chats.unread.get(f"ivan@{lab.domain}", 0) >= 100
        qtbot.waitUntil(all_in, timeout=20000)
    # One sound at a time: the server may still list the last one's stream for a moment
    # while the next opens (it was a stream per message, 100 here, and a crash).
    assert 1 <= most <= 2
    assert app.player.started - started <= 10
    qtbot.waitUntil(lambda: our_streams() == 0, timeout=3000)
