"""Call actions that fail reach the specialist, in Russian, and leave nothing false behind:
no phantom "transferred" in the history, no dial left pending. Real lab, real engine, real
clicks and keys."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from desktop.app import Deskline
from desktop.bus import CallState, LinkState
from desktop.lab.lab import LabInfo
from tests.apps import answer_input_dialog, close_app, make_app, popups
from tests.peers.client import PeerProcess

UNKNOWN = "+7 999 000-00-00"  # no phone of the lab has it: the PBX answers 404


@pytest.fixture
def russian(qapp: QApplication, lab: LabInfo, pulse_server: str, tmp_path: Path
            ) -> Iterator[Deskline]:
    app = make_app(qapp, lab, tmp_path, {
        "ui.language": "ru", "audio.microphone": "headset_mic", "audio.speaker": "headset",
        "audio.ring_devices": "headset"})
    yield app
    close_app(app)


def test_a_transfer_the_pbx_rejects_is_said_in_russian_and_the_call_stays(
        qtbot: QtBot, lab: LabInfo, russian: Deskline) -> None:
    calls, panel = russian.calls, russian.window.call_panel
    qtbot.waitUntil(lambda: calls.state is LinkState.ONLINE, timeout=10000)
    with PeerProcess(lab, "ivan", tone=1000) as ivan:
        ivan.send("call", uri=f"sip:anna@127.0.0.1:{lab.sip_port}")
        qtbot.waitUntil(lambda: len(popups()) == 1, timeout=10000)
        qtbot.keyClick(popups()[0], Qt.Key.Key_Return)  # answers
        call = next(iter(calls.calls.values()))
        qtbot.waitUntil(lambda: panel.isVisible() and calls.calls[call.id].state
                        is CallState.ACTIVE, timeout=10000)
        answer_input_dialog(qtbot, UNKNOWN)
        qtbot.mouseClick(panel.buttons["transfer"], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(panel.problem.isVisible, timeout=10000)
        assert panel.problem.text() == (
            "Не удалось перевести звонок на +7\u00a0999\u00a0000-00-00: АТС не знает этот номер.")
        assert calls.calls[call.id].state is CallState.ACTIVE  # still with the client
        assert calls.calls[call.id].transfer == "failed"
        qtbot.mouseClick(panel.hangup_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: call.id not in calls.calls, timeout=10000)
        ivan.wait("call", lambda e: e["state"] == "DISCONNECTED")
    [record] = russian.store.calls()
    assert record.result == "answered"  # not "transferred"


def test_dials_that_fail_say_why_in_russian_and_leave_nothing_pending(
        qtbot: QtBot, lab: LabInfo, russian: Deskline) -> None:
    calls, dialer = russian.calls, russian.window.dialer
    qtbot.waitUntil(lambda: calls.state is LinkState.ONLINE, timeout=10000)

    def dial(text: str) -> str:
        dialer.number.clear()
        qtbot.keyClicks(dialer.number, text)
        qtbot.mouseClick(dialer.call_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(dialer.message.isVisible, timeout=10000)
        qtbot.waitUntil(lambda: not calls.calls, timeout=10000)
        return dialer.message.text()

    assert dial("+7 916 ABC") == ("В номере телефона могут быть только цифры, пробелы, + ( ) "
                                   "и -; уберите «A» «B» «C».")
    # pjsip refuses the address before anything is sent: no call, no history row.
    assert dial("sip:vera@127.0.0.1:99999") == (
        "Не удалось позвонить на sip:vera@127.0.0.1:99999: телефон не смог отправить запрос.")
    assert not calls._dialing
    assert russian.store.calls() == []
    # The PBX does not know the number: the attempt is history, the reason is said.
    assert dial(UNKNOWN) == (
        "Не удалось позвонить на +7\u00a0999\u00a0000-00-00: АТС не знает этот номер.")
    assert [r.result for r in russian.store.calls()] == ["not found"]
    assert not calls._dialing
    # The next call that rings through takes the red words away: they were about the
    # attempt before (they stayed beside a call that worked).
    assert dialer.message.isVisible()
    with PeerProcess(lab, "ivan") as ivan:  # ivan calls; Enter on the popup answers
        ivan.send("call", uri=f"sip:anna@127.0.0.1:{lab.sip_port}")
        qtbot.waitUntil(lambda: len(popups()) == 1, timeout=10000)
        qtbot.keyClick(popups()[0], Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: any(c.state is CallState.ACTIVE
                                    for c in calls.calls.values()), timeout=10000)
        qtbot.waitUntil(lambda: not dialer.message.isVisible(), timeout=5000)
        qtbot.mouseClick(russian.window.call_panel.hangup_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not calls.calls, timeout=10000)


def test_keypad_tones_in_a_call_both_ways_and_hold_on_the_first_call(
        qtbot: QtBot, lab: LabInfo, russian: Deskline) -> None:
    """The first call of an engine has id 0: Hold works on it (it did not); the keypad sends
    tones during a call without typing them into the number field, and the tones the far
    side sends are shown."""
    calls, panel, dialer = russian.calls, russian.window.call_panel, russian.window.dialer
    qtbot.waitUntil(lambda: calls.state is LinkState.ONLINE, timeout=10000)
    russian.window.show()
    tabs_before = russian.window.left_tabs.height()
    with PeerProcess(lab, "ivan", tone=1000) as ivan:
        ivan.send("call", uri=f"sip:anna@127.0.0.1:{lab.sip_port}")
        qtbot.waitUntil(lambda: len(popups()) == 1, timeout=10000)
        qtbot.keyClick(popups()[0], Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: panel.isVisible() and any(
            c.state is CallState.ACTIVE for c in calls.calls.values()), timeout=10000)
        (call,) = calls.calls.values()
        assert call.id == 0
        # The keypad folds away during a call: the list above keeps most of its rows …
        assert not dialer.pad.isVisible()
        qtbot.waitUntil(lambda: russian.window.left_tabs.height() >= tabs_before * 0.6,
                        timeout=3000)
        # … and comes back for tones.
        qtbot.mouseClick(dialer.keypad_button, Qt.MouseButton.LeftButton)
        assert dialer.pad.isVisible()
        for key in ("key1", "key2", "keyhash"):
            button = dialer.findChild(QPushButton, key)
            assert button is not None
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        for digit in "12#":
            ivan.wait("dtmf", lambda e, d=digit: e["digit"] == d)
        assert dialer.number.text() == ""
        ivan.send("dtmf", digits="7*")
        qtbot.waitUntil(lambda: calls.calls[call.id].digits_received == "7*", timeout=5000)
        qtbot.waitUntil(lambda: "Получены тоны: 7 *" in panel.digits.text(), timeout=3000)
        assert "Отправлены тоны: 1 2 #" in panel.digits.text()
        qtbot.mouseClick(panel.buttons["hold"], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: calls.calls[call.id].state is CallState.HELD, timeout=5000)
        qtbot.mouseClick(panel.buttons["hold"], Qt.MouseButton.LeftButton)  # Resume
        qtbot.waitUntil(lambda: calls.calls[call.id].state is CallState.ACTIVE, timeout=5000)
        qtbot.mouseClick(panel.hangup_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not calls.calls, timeout=10000)
        assert dialer.pad.isVisible()  # no call: the keypad types the number again
        assert not dialer.keypad_button.isVisible()
