"""The curtain in the real app graph against the lab: the selected person's card, a click
on a phone number fills the dialer, Enter calls it through the PBX, the call's comment shows
on the card."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.app import Deskline
from desktop.bus import CallState, LinkState
from desktop.lab.lab import LabInfo
from tests.apps import card_loaded, close_app, make_app, popups
from tests.peers.client import PeerProcess


@pytest.fixture
def app(qapp: QApplication, qtbot: QtBot, lab: LabInfo, pulse_server: str, tmp_path: Path
        ) -> Iterator[Deskline]:
    deskline = make_app(qapp, lab, tmp_path, {
        "audio.microphone": "headset_mic", "audio.speaker": "headset",
        "audio.ring_devices": "headset"})
    deskline.window.show()
    deskline.window.activateWindow()
    qtbot.waitUntil(deskline.window.isActiveWindow, timeout=3000)
    yield deskline
    close_app(deskline)


def test_card_of_an_offline_client_and_click_to_call(qtbot: QtBot, lab: LabInfo,
                                                      app: Deskline) -> None:
    ivan_jid = f"ivan@{lab.domain}"
    qtbot.waitUntil(lambda: app.calls.state is LinkState.ONLINE, timeout=10000)
    card_loaded(qtbot, app, ivan_jid)
    app.window.open_chat(ivan_jid)
    card = app.window.curtain
    assert card.isVisible()
    assert card.name.text() == "Сидоров Иван Петрович"
    assert card.address.text().endswith("Иван Петрович")
    assert card.reach.isVisible()  # offline: the phone is the way to reach him
    texts = [b.text() for b in card.phone_buttons]
    assert any("+7 916 123-45-67" in t for t in texts), texts
    mobile = next(b for b in card.phone_buttons if b.objectName() == "cardPhone_mobile")
    qtbot.mouseClick(mobile, Qt.MouseButton.LeftButton)
    dialer = app.window.dialer
    assert dialer.number.text() == "+7 916 123-45-67"
    qtbot.waitUntil(dialer.number.hasFocus, timeout=2000)
    assert not app.calls.calls  # one click fills the dialer; it does not call yet
    with PeerProcess(lab, "ivan", auto_answer=True) as ivan:
        qtbot.keyClick(dialer.number, Qt.Key.Key_Return)
        ivan.wait("incoming")
        qtbot.waitUntil(lambda: any(c.state is CallState.ACTIVE
                                    for c in app.calls.calls.values()), timeout=5000)
        (call,) = app.calls.calls.values()
        assert call.number == "+79161234567"
        panel = app.window.call_panel
        panel.comment.setText("Уточнил адрес доставки")
        app.calls.hangup(call.id)
        qtbot.waitUntil(lambda: not app.calls.calls, timeout=5000)
    qtbot.waitUntil(lambda: "Уточнил адрес доставки" in card.recent.text(), timeout=3000)


def test_the_curtain_folds_away_and_remembers_it(qtbot: QtBot, app: Deskline) -> None:
    window = app.window
    assert window.curtain.isVisible()
    qtbot.mouseClick(window.header.curtain_button, Qt.MouseButton.LeftButton)
    assert not window.curtain.isVisible()
    assert app.settings.get_bool("ui.curtain_visible") is False
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert window.curtain.isVisible()
    assert app.settings.get_bool("ui.curtain_visible") is True


def test_a_colleagues_sip_address_on_the_card_calls_in_the_app(qtbot: QtBot, lab: LabInfo,
                                                               app: Deskline) -> None:
    boris_jid = f"boris@{lab.domain}"
    qtbot.waitUntil(lambda: app.calls.state is LinkState.ONLINE, timeout=10000)
    card_loaded(qtbot, app, boris_jid)
    app.window.open_chat(boris_jid)
    card = app.window.curtain
    (sip,) = [b for b in card.phone_buttons if b.objectName() == "cardSip"]
    assert "sip:boris@127.0.0.1" in sip.text()  # published in his vCard, kept by Prosody
    with PeerProcess(lab, "boris", auto_answer=True) as boris:
        qtbot.mouseClick(sip, Qt.MouseButton.LeftButton)  # one click calls
        boris.wait("incoming")
        qtbot.waitUntil(lambda: any(c.state is CallState.ACTIVE
                                    for c in app.calls.calls.values()), timeout=5000)
        (call,) = app.calls.calls.values()
        app.calls.hangup(call.id)
        qtbot.waitUntil(lambda: not app.calls.calls, timeout=5000)


def test_a_call_from_the_clients_sip_phone_is_in_his_recent_calls(
        qtbot: QtBot, lab: LabInfo, app: Deskline) -> None:
    """Incoming SIP calls are kept under the SIP user (ivan), not a phone number: the card
    of ivan lists them too."""
    ivan_jid = f"ivan@{lab.domain}"
    qtbot.waitUntil(lambda: app.calls.state is LinkState.ONLINE, timeout=10000)
    card_loaded(qtbot, app, ivan_jid)
    with PeerProcess(lab, "ivan") as ivan:
        ivan.send("call", uri=f"sip:anna@127.0.0.1:{lab.sip_port}")
        qtbot.waitUntil(lambda: len(popups()) == 1, timeout=10000)
        qtbot.keyClick(popups()[0], Qt.Key.Key_Escape)  # declined: still a call of his
        qtbot.waitUntil(lambda: not app.calls.calls, timeout=10000)
    assert [r.number for r in app.calls.history()] == ["ivan"]
    app.window.open_chat(ivan_jid)
    card = app.window.curtain
    qtbot.waitUntil(lambda: "↙" in card.recent.text(), timeout=3000)
    assert card.recent_title.isVisible()
