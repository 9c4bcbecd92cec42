"""A call's line quality from RTCP: the estimate itself, and in the real app over a real
pjsua2 call through the lab's PBX: the call panel says how the line sounds, and the call's
history row keeps its worst figure."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.app import Deskline
from desktop.bus import CallState, LinkState
from desktop.lab.lab import LabInfo
from desktop.telephony.quality import estimate
from tests.peers.client import PeerProcess


def test_the_estimate_falls_with_loss_jitter_and_delay() -> None:
    clean = estimate(received=5000, lost=0, jitter_ms=2, rtt_ms=20)
    assert clean.mos >= 4.3
    assert not clean.poor
    lossy = estimate(received=4500, lost=500, jitter_ms=2, rtt_ms=20)
    assert lossy.loss_pct == 10.0
    assert lossy.poor
    assert lossy.mos < clean.mos
    shaky = estimate(received=5000, lost=0, jitter_ms=80, rtt_ms=400)
    assert shaky.mos < clean.mos
    assert estimate(0, 0, 0, 0).loss_pct == 0.0  # (nothing yet: no division by zero)


def test_the_call_panel_says_how_the_line_sounds_and_history_keeps_it(
        qtbot: QtBot, lab: LabInfo, app: Deskline) -> None:
    qtbot.waitUntil(lambda: app.calls.state is LinkState.ONLINE, timeout=10000)
    panel = app.window.call_panel
    with PeerProcess(lab, "ivan", tone=440, auto_answer=True) as ivan:
        dialer = app.window.dialer
        qtbot.keyClicks(dialer.number, f"sip:ivan@127.0.0.1:{lab.sip_port}")
        qtbot.mouseClick(dialer.call_button, Qt.MouseButton.LeftButton)
        ivan.wait("call", lambda e: e["state"] == "CONFIRMED")
        qtbot.waitUntil(panel.line.isVisible, timeout=15000)
        assert panel.line.text().startswith("Line: good (MOS 4.")
        assert "loss 0%" in panel.line.text()
        (call,) = app.calls.calls.values()
        assert call.state is CallState.ACTIVE
        assert call.worst_mos >= 4.0
        qtbot.mouseClick(panel.hangup_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not app.calls.calls, timeout=10000)
    record = app.store.calls()[0]
    assert record.mos >= 4.0  # kept with the call: a poor line says so in its row
    assert "poor line" not in app.window.history.tree.topLevelItem(0).text(0)
