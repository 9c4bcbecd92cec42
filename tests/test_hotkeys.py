"""Global hotkeys: xdotool on the real X server answers a ringing lab call."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from desktop.audio.hotkeys import HotkeyService
from desktop.bus import CallState
from desktop.gui_thread import GuiThread
from desktop.lab.lab import LabInfo
from desktop.settings import Settings
from desktop.telephony.service import CallService
from tests.apps import signed_in
from tests.peers.client import PeerProcess


@pytest.fixture
def hotkeys(qtbot: QtBot, lab: LabInfo, pulse_server: str, display: str
            ) -> Iterator[tuple[HotkeyService, CallService]]:
    calls = signed_in(qtbot, lab)
    settings = Settings(None)
    settings.set("hotkeys.enabled", True)
    service = HotkeyService(settings, calls, GuiThread())
    service.apply()
    assert service.status.startswith("Global hotkeys are on"), service.status
    yield service, calls
    service.stop()
    calls.sign_out()


def xdotool_key(combo: str) -> None:
    subprocess.run(["xdotool", "key", combo], check=True, timeout=10)


def test_hotkeys_answer_mute_and_hang_up(qtbot: QtBot, lab: LabInfo,
                                         hotkeys: tuple[HotkeyService, CallService]) -> None:
    _service, calls = hotkeys
    # Another application's window is in front and has the keyboard focus.
    other = QLineEdit()
    other.setWindowTitle("Some other application")
    qtbot.addWidget(other)
    other.show()
    qtbot.waitExposed(other)
    other.activateWindow()  # works with a window manager (the desktop tests start one) or none
    qtbot.waitUntil(other.isActiveWindow, timeout=5000)
    with PeerProcess(lab, "ivan") as ivan:
        ivan.send("call", uri=f"sip:anna@127.0.0.1:{lab.sip_port}")
        qtbot.waitUntil(lambda: any(c.state is CallState.INCOMING for c in calls.calls.values()),
                        timeout=5000)
        qtbot.wait(300)  # the RECORD listener is up
        xdotool_key("ctrl+alt+a")
        qtbot.waitUntil(lambda: any(c.state is CallState.ACTIVE for c in calls.calls.values()),
                        timeout=5000)
        xdotool_key("ctrl+alt+m")
        qtbot.waitUntil(lambda: calls.muted, timeout=3000)
        xdotool_key("ctrl+alt+h")
        qtbot.waitUntil(lambda: not calls.calls, timeout=5000)
        assert other.text() == ""  # hotkeys are not typed into the other application
        ivan.wait("call", lambda e: e["state"] == "DISCONNECTED")


def test_hotkeys_off_by_default_and_unavailable_without_a_display() -> None:
    assert Settings(None).get("hotkeys.enabled") is False
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    code = ("from PySide6.QtCore import QCoreApplication; app = QCoreApplication([]);"
            "from desktop.audio.hotkeys import HotkeyService; from desktop.settings import "
            "Settings; from desktop.gui_thread import GuiThread; s = Settings(None);"
            "s.set('hotkeys.enabled', True); h = HotkeyService(s, None, GuiThread());"
            "h.apply(); print(h.status)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, check=True, timeout=30)
    assert "not available" in out.stdout
