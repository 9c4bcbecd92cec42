"""A remote session from the specialist's app, real parts end to end: the app (anna) on
the lab, the real desk with its relay, ivan's chat client answering the request, his
x11vnc and bridge on a second Xvfb. The bar's button asks; allowed, the client's screen
opens in the session's window; End asks what was done (required) and the desk keeps it."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop.app import Deskline
from desktop.bus import AppealState, LinkState
from desktop.lab.lab import LabInfo
from desktop.lab.process import free_port
from supportdesk.config import Remote
from supportdesk.routing import Availability
from tests.apps import answer_input_dialog
from tests.peers.xmpp_peer import XmppPeer
from tests.rig import NO_GPU, start_xvfb
from tests.supportdesk_rig import RunningDesk, lab_config, wait
from tests.test_desk_remote import NS, ClientSide, iq, steps


@pytest.fixture
def desk(lab: LabInfo, tmp_path: Path) -> Iterator[RunningDesk]:
    tls = Path(lab.ca_file).parent
    port = free_port()
    config = replace(lab_config(lab, f"sqlite:///{tmp_path / 'desk.sqlite3'}"),
                     remote=Remote(port, f"wss://127.0.0.1:{port}", str(tls / "server.crt"),
                                   str(tls / "server.key"), 3, "127.0.0.1"))
    with RunningDesk(config) as running:
        yield running


@pytest.fixture
def client_display(tmp_path: Path) -> Iterator[str]:
    """ivan's screen: blue."""
    xvfb, name = start_xvfb(tmp_path)
    picture = tmp_path / "ivan.png"
    subprocess.run(["convert", "-size", "320x240", "xc:#0000ff", str(picture)], check=True)
    backdrop = subprocess.Popen(["display", "-window", "root", str(picture)],
                                env={**os.environ, "DISPLAY": name})
    yield name
    backdrop.kill()
    backdrop.wait()
    xvfb.stop()


def remote_window() -> Any:
    from desktop.ui.remote_window import RemoteWindow  # noqa: PLC0415

    shown = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, RemoteWindow) and w.isVisible()]
    return shown[0] if shown else None


def pixel(qtbot: QtBot, window: Any, x: int, y: int) -> Any:
    got: list[Any] = []
    window.view.page.runJavaScript(f"JSON.stringify(window.deskline.pixel({x}, {y}))", 0,
                                   got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=5000)
    return json.loads(got[0]) if got[0] else None


@pytest.mark.qt_log_ignore(*NO_GPU)
def test_the_bar_asks_the_client_shows_the_screen_and_end_keeps_the_comment(
        qtbot: QtBot, lab: LabInfo, app: Deskline, desk: RunningDesk, client_display: str,
        tmp_path: Path) -> None:
    qtbot.waitUntil(lambda: app.chat.state is LinkState.ONLINE, timeout=10000)
    assert desk.component is not None
    presence = desk.component.service.router.presence
    qtbot.waitUntil(lambda: presence.get(f"anna@{lab.domain}") is Availability.FREE,
                    timeout=10000)
    line = f"support@desk.{lab.domain}"
    window = app.window
    with XmppPeer(lab, "ivan") as ivan:
        ivan.send(line, "Покажу экран, там ошибка", "ra-1")
        qtbot.waitUntil(lambda: window.feed.list.count() == 2, timeout=10000)
        window.left_tabs.setCurrentWidget(window.feed)
        window.feed.list.setFocus()
        qtbot.keyClick(window.feed.list, Qt.Key.Key_Return)  # accepted, its conversation open
        (appeal,) = app.appeals.appeals.values()
        qtbot.waitUntil(lambda: app.appeals.appeals[appeal.id].state is AppealState.IN_WORK,
                        timeout=5000)
        bar = window.place.bar
        qtbot.waitUntil(bar.remote_button.isVisible, timeout=3000)
        qtbot.mouseClick(bar.remote_button, Qt.MouseButton.LeftButton)
        wait(lambda: any("remote-request" in m["desk"] for m in ivan.messages))
        qtbot.waitUntil(lambda: "Asked the client" in bar.remote_label.text(), timeout=5000)
        session = next(m["desk"]["remote-request"]["session"] for m in ivan.messages
                       if "remote-request" in m["desk"])
        client = ClientSide(client_display, tmp_path / "share", lab.ca_file)
        try:
            kind, _c, allowed = iq(ivan, line, f"<remote-answer xmlns='{NS}' "
                                   f"session='{session}' allow='true' "
                                   f"password='{client.screen.password}'/>", "ra-allow")
            assert kind == "result"
            client.dial(allowed.get("relay"), allowed.get("token"))
            qtbot.waitUntil(lambda: remote_window() is not None, timeout=10000)
            shown = remote_window()
            qtbot.waitUntil(lambda: shown.view.state == "connected", timeout=15000)
            qtbot.waitUntil(lambda: pixel(qtbot, shown, 10, 10) == [0, 0, 255],
                            timeout=10000)  # ivan's blue screen
            # Ask for control: the client (ivan's side here) gives it; the window says so.
            qtbot.mouseClick(shown.control_button, Qt.MouseButton.LeftButton)
            wait(lambda: any("remote-control-request" in m["desk"] for m in ivan.messages))
            kind, _c, _p = iq(ivan, line, f"<remote-control-answer xmlns='{NS}' "
                              f"session='{session}' who='anna@{lab.domain}' allow='true'/>",
                              "ra-ctl")
            assert kind == "result"
            qtbot.waitUntil(lambda: "you control" in shown.status.text(), timeout=5000)
            assert not shown.control_button.isEnabled()
            address = window.chat.peer
            answer_input_dialog(qtbot, "Show the invoice settings; agreed to call back")
            qtbot.mouseClick(shown.end_button, Qt.MouseButton.LeftButton)
            wait(lambda: any(kind == "remote_ended" for kind, _who in steps(desk, address)))
            qtbot.waitUntil(lambda: "ended" in shown.status.text(), timeout=5000)
            store = desk.component.service.store
            ended = [s for s in store.timeline(appeal.id) if s.kind == "remote_ended"]
            assert ended[0].detail == "ended: Show the invoice settings; agreed to call back"
            assert "remote session ended" in bar.remote_label.text()
        finally:
            client.close()
            for widget in QApplication.topLevelWidgets():
                if type(widget).__name__ == "RemoteWindow" and isinstance(widget, QWidget):
                    widget.close()
