"""The demo's clients answer their phones: dialing a client's mobile from the dialer rings
him through the lab's PBX (it said the PBX did not know the number, though the README
promised it rings), he answers after two rings, and the specialist hangs up."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.app import Deskline
from desktop.bus import CallState, LinkState
from desktop.lab.lab import LabInfo


def test_a_demo_clients_mobile_rings_and_he_answers(
        qtbot: QtBot, lab: LabInfo, app: Deskline, tmp_path: Path) -> None:
    log = tmp_path / "demo-phones.log"
    with log.open("wb") as out:
        phones = subprocess.Popen([sys.executable, "-m", "desktop.lab.demo_phones",
                                   lab.run_dir], stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 15
        while "demo phones registered" not in log.read_text():
            assert phones.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.05)
        qtbot.waitUntil(lambda: app.calls.state is LinkState.ONLINE, timeout=10000)
        dialer = app.window.dialer
        qtbot.keyClicks(dialer.number, "+7 916 123-45-67")  # ivan's mobile, as on his card
        qtbot.mouseClick(dialer.call_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: any(c.state is CallState.RINGING
                                    for c in app.calls.calls.values()), timeout=10000)
        qtbot.waitUntil(lambda: any(c.state is CallState.ACTIVE
                                    for c in app.calls.calls.values()), timeout=15000)
        qtbot.mouseClick(app.window.call_panel.hangup_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not app.calls.calls, timeout=10000)
        assert app.store.calls()[0].result == "answered"
    finally:
        phones.terminate()
        assert phones.wait(15) == 0  # (its accounts unregistered: other tests' ivan rings)
