"""The call UI in the real app graph: popup, Enter to answer, call panel, history, dialer."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from desktop.app import Deskline
from desktop.bus import CallState, LinkState
from desktop.lab.lab import LabInfo
from tests.apps import card_loaded, close_app, make_app, popups
from tests.audio import Listener, ringing
from tests.peers.client import PeerProcess


@pytest.fixture
def app(qapp: QApplication, lab: LabInfo, pulse_server: str, tmp_path: Path
        ) -> Iterator[Deskline]:
    deskline = make_app(qapp, lab, tmp_path, {
        "audio.microphone": "headset_mic", "audio.speaker": "headset",
        "audio.ring_devices": "headset"})
    yield deskline
    close_app(deskline)


def test_incoming_popup_enter_answers_and_the_call_gets_a_comment(
        qtbot: QtBot, lab: LabInfo, app: Deskline) -> None:
    window = app.window
    qtbot.waitUntil(lambda: app.calls.state is LinkState.ONLINE, timeout=10000)
    # No calls yet: said in words, not an empty five-column table with a scroll bar.
    assert window.history.empty.isVisibleTo(window.history)
    assert not window.history.tree.isVisibleTo(window.history)
    ivan_jid = f"ivan@{lab.domain}"
    card_loaded(qtbot, app, ivan_jid)
    with PeerProcess(lab, "ivan", tone=1000) as ivan, Listener("headset.monitor") as headset:
        ivan.send("call", uri=f"sip:anna@127.0.0.1:{lab.sip_port}")
        qtbot.waitUntil(lambda: len(popups()) == 1, timeout=5000)
        popup = popups()[0]
        # The caller's SIP user is a contact: the popup names him and shows his card.
        assert popup.findChild(QLabel, "callerName").text() == "Сидоров Иван Петрович"
        assert popup.findChild(QLabel, "callerCard").text() == "Директор, ООО «Ромашка»"
        assert popup.testAttribute(Qt.WidgetAttribute.WA_WState_Visible)
        assert popup.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
        qtbot.waitUntil(lambda: ringing(headset), timeout=3000)  # the ring device rings
        qtbot.keyClick(popup, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: any(c.state is CallState.ACTIVE
                                    for c in app.calls.calls.values()), timeout=5000)
        assert popups() == []
        panel = window.call_panel
        assert panel.isVisible()
        assert panel.title.text() == "Сидоров Иван Петрович"
        qtbot.waitUntil(lambda: "talking" in panel.status.text(), timeout=3000)
        qtbot.waitUntil(lambda: headset.hears(1000), timeout=5000)
        comment = panel.findChild(QLineEdit, "callComment")
        comment.setFocus()
        comment.insert("Клиент просит счёт за ноябрь")  # QTest cannot type Cyrillic keys
        qtbot.keyClick(comment, Qt.Key.Key_Return)
        qtbot.mouseClick(panel.findChild(QPushButton, "hangupButton"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not app.calls.calls, timeout=5000)
    assert not panel.isVisible()
    record = app.store.calls()[0]
    assert (record.direction, record.number, record.result) == ("in", "ivan", "answered")
    assert record.comment == "Клиент просит счёт за ноябрь"
    history = window.history.tree
    assert history.topLevelItem(0).text(1) == "Клиент просит счёт за ноябрь"
    # Who, and under it when, how long, how it ended: seen in the narrow panel as it is.
    assert history.topLevelItem(0).text(0).endswith("· answered")
    assert history.horizontalScrollBarPolicy() is Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    assert not window.history.empty.isVisibleTo(window.history)


def test_esc_declines(qtbot: QtBot, lab: LabInfo, app: Deskline) -> None:
    qtbot.waitUntil(lambda: app.calls.state is LinkState.ONLINE, timeout=10000)
    with PeerProcess(lab, "maria") as maria:
        maria.send("call", uri=f"sip:anna@127.0.0.1:{lab.sip_port}")
        qtbot.waitUntil(lambda: len(popups()) == 1, timeout=5000)
        qtbot.keyClick(popups()[0], Qt.Key.Key_Escape)
        maria.wait("call", lambda e: e["state"] == "DISCONNECTED" and e["code"] == 486)
    qtbot.waitUntil(lambda: app.store.calls()[0].result == "declined", timeout=3000)


def test_dialer_refuses_letters_and_calls_a_normalised_number(
        qtbot: QtBot, lab: LabInfo, app: Deskline) -> None:
    dialer = app.window.dialer
    qtbot.waitUntil(lambda: app.calls.state is LinkState.ONLINE, timeout=10000)
    dialer.number.setFocus()
    qtbot.keyClicks(dialer.number, "+7 916 12E-45-67")
    qtbot.keyClick(dialer.number, Qt.Key.Key_Return)
    assert dialer.message.isVisible()
    assert "remove “E”." in dialer.message.text()
    assert not app.calls.calls  # nothing was dialled
    with PeerProcess(lab, "ivan", auto_answer=True) as ivan:
        dialer.number.clear()
        qtbot.keyClicks(dialer.number, "8 (916) 123-45-67")
        qtbot.keyClick(dialer.number, Qt.Key.Key_Return)
        assert not dialer.message.isVisible()
        qtbot.waitUntil(lambda: any(c.state is CallState.ACTIVE
                                    for c in app.calls.calls.values()), timeout=5000)
        ivan.wait("incoming")
        assert dialer.number.text() == "+7 916 123-45-67"
        (call,) = app.calls.calls.values()
        assert call.number == "+79161234567"
        app.calls.hangup(call.id)
        qtbot.waitUntil(lambda: not app.calls.calls, timeout=5000)


def test_history_call_back(qtbot: QtBot, lab: LabInfo, app: Deskline) -> None:
    qtbot.waitUntil(lambda: app.calls.state is LinkState.ONLINE, timeout=10000)
    app.store.add_call("in", "+79035556677", "Кузнецова Мария Александровна", 1.0)
    app.window.history.reload()
    with PeerProcess(lab, "maria", auto_answer=True) as maria:
        tree = app.window.history.tree
        app.window.show_history()
        qtbot.waitUntil(tree.viewport().isVisible, timeout=5000)
        item = tree.topLevelItem(0)
        assert item is not None
        row = tree.visualItemRect(item)  # a double click on the name calls back
        name = QPoint(row.left() + 10, row.center().y())
        # As the X server sends a double click: press and release, then the second press.
        qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=name)
        qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=name)
        maria.wait("incoming")
        qtbot.waitUntil(lambda: any(c.state is CallState.ACTIVE
                                    for c in app.calls.calls.values()), timeout=5000)
        for call in list(app.calls.calls.values()):
            app.calls.hangup(call.id)
        qtbot.waitUntil(lambda: not app.calls.calls, timeout=5000)


def test_unplugging_the_headset_mid_call_keeps_the_call_on_the_default_device(
        qtbot: QtBot, lab: LabInfo, app: Deskline) -> None:
    qtbot.waitUntil(lambda: app.calls.state is LinkState.ONLINE, timeout=10000)
    module = subprocess.run(
        ["pactl", "load-module", "module-null-sink", "sink_name=usb_headset", "norewinds=1",
         "sink_properties=\"device.description='Jabra Link 380' device.bus=usb "
         "device.form_factor=headset\""], capture_output=True, text=True, check=True
    ).stdout.strip()
    unplugged = False
    try:
        qtbot.waitUntil(lambda: app.settings.get("audio.speaker") == "usb_headset", timeout=3000)
        with PeerProcess(lab, "ivan", tone=1000, auto_answer=True), \
                Listener("usb_headset.monitor") as usb, Listener("speakers.monitor") as speakers:
            app.window.call_number("+79161234567")
            qtbot.waitUntil(lambda: any(c.state is CallState.ACTIVE
                                        for c in app.calls.calls.values()), timeout=5000)
            qtbot.waitUntil(lambda: usb.hears(1000), timeout=5000)
            subprocess.run(["pactl", "unload-module", module], check=True)
            unplugged = True
            qtbot.waitUntil(lambda: speakers.hears(1000), timeout=5000)  # system default
            (call,) = app.calls.calls.values()
            assert call.state is CallState.ACTIVE  # the call was never dropped
            # PulseAudio moves the stream itself; the app's notice follows the device event.
            qtbot.waitUntil(lambda: "Jabra Link 380 was unplugged"
                            in app.window.statusBar().currentMessage(), timeout=3000)
            app.calls.hangup(call.id)
            qtbot.waitUntil(lambda: not app.calls.calls, timeout=5000)
    finally:
        if not unplugged:
            subprocess.run(["pactl", "unload-module", module], check=False)


def test_a_call_while_typing_does_not_take_the_keys(qtbot: QtBot, lab: LabInfo,
                                                    app: Deskline) -> None:
    """The popup comes up at once but leaves the keyboard to the message being typed (an
    Enter meant to send it must not answer the call); it takes the keyboard in the pause."""
    window = app.window
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    qtbot.waitUntil(lambda: app.calls.state is LinkState.ONLINE, timeout=10000)
    window.open_chat(f"ivan@{lab.domain}")
    pane = window.chat
    qtbot.waitUntil(pane.input.hasFocus, timeout=3000)
    with PeerProcess(lab, "maria") as maria:
        subprocess.run(["xdotool", "type", "--delay", "40", "Good afternoon"], check=True)
        maria.send("call", uri=f"sip:anna@127.0.0.1:{lab.sip_port}")
        qtbot.waitUntil(lambda: len(popups()) == 1, timeout=5000)
        subprocess.run(["xdotool", "type", "--delay", "40", ", Maria"], check=True)
        qtbot.wait(100)
        popup = popups()[0]
        assert not popup.isActiveWindow()  # the keys went on into the message
        assert pane.input.toPlainText() == "Good afternoon, Maria"
        assert any(c.state is CallState.INCOMING for c in app.calls.calls.values())
        qtbot.waitUntil(popup.isActiveWindow, timeout=4000)  # the pause: now it is in front
        qtbot.keyClick(popup, Qt.Key.Key_Escape)
        maria.wait("call", lambda e: e["state"] == "DISCONNECTED")


def test_the_card_names_the_caller_not_the_display_name_he_sends(
        qtbot: QtBot, lab: LabInfo, app: Deskline) -> None:
    """ivan calls from his own phone calling himself "the security service": the popup,
    the call panel and the history name him by his card."""
    qtbot.waitUntil(lambda: app.calls.state is LinkState.ONLINE, timeout=10000)
    card_loaded(qtbot, app, f"ivan@{lab.domain}")
    spoof = "Иванов Борис Андреевич (служба безопасности)"
    with PeerProcess(lab, "ivan", display=spoof) as ivan:
        ivan.send("call", uri=f"sip:anna@127.0.0.1:{lab.sip_port}")
        qtbot.waitUntil(lambda: len(popups()) == 1, timeout=5000)
        popup = popups()[0]
        assert popup.findChild(QLabel, "callerName").text() == "Сидоров Иван Петрович"
        qtbot.keyClick(popup, Qt.Key.Key_Return)
        panel = app.window.call_panel
        qtbot.waitUntil(lambda: panel.isVisible() and any(
            c.state is CallState.ACTIVE for c in app.calls.calls.values()), timeout=5000)
        assert panel.title.text() == "Сидоров Иван Петрович"
        qtbot.mouseClick(panel.hangup_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not app.calls.calls, timeout=5000)
    row = app.window.history.tree.topLevelItem(0)
    assert row is not None
    assert "Сидоров Иван Петрович" in row.text(0)
    assert spoof not in row.text(0)


def test_a_caller_refused_because_every_line_is_busy_is_in_the_history_and_told(
        qtbot: QtBot, lab: LabInfo, app: Deskline) -> None:
    """The wheel gives pjsua four lines: a fifth caller gets 486 and never rings. He must
    not vanish: a history row says so, and a notification (#15.11)."""
    qtbot.waitUntil(lambda: app.calls.state is LinkState.ONLINE, timeout=10000)
    card_loaded(qtbot, app, f"boris@{lab.domain}")
    with PeerProcess(lab, "ivan") as ivan, PeerProcess(lab, "boris") as boris:
        for _ in range(4):
            ivan.send("call", uri=f"sip:anna@127.0.0.1:{lab.sip_port}")
        qtbot.waitUntil(lambda: len(app.calls.calls) == 4, timeout=10000)
        boris.send("call", uri=f"sip:anna@127.0.0.1:{lab.sip_port}")
        boris.wait("call", lambda e: e["state"] == "DISCONNECTED")
        assert len(app.calls.calls) == 4  # he never rang
        ivan.send("hangup")
        qtbot.waitUntil(lambda: not app.calls.calls, timeout=10000)
    refused = [r for r in app.calls.history() if r.number == "boris"]
    assert [r.result for r in refused] == ["lines busy"]
    assert any(n.key.startswith("missed:") and "Борис" in n.body for n in app.alerts.sent)
    tree = app.window.history.tree
    rows = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    assert any("every line was busy" in " ".join(row.text(c) for c in range(4))
               for row in rows if row is not None)
