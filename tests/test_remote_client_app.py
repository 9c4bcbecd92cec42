"""The app as a client of a remote session (every specialist is a client of the makers'
line): the request from the desk's line is asked of the user; Allow starts x11vnc on the
app's own display and the specialist's viewer sees it through the desk's relay; the bar on
top says who watches and its Stop ends it for everyone. A stranger's request is not shown."""

from __future__ import annotations

import asyncio
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox
from pytestqt.qtbot import QtBot

from desktop.app import Deskline
from desktop.lab.lab import LabInfo
from desktop.lab.process import free_port
from supportdesk.routing import Availability
from supportdesk.store import DeskStore
from tests.peers.xmpp_peer import XmppPeer
from tests.supportdesk_rig import RunningDesk, knows, offered, with_relay
from tests.test_appeals_workspace import online, three_lines
from tests.test_desk_remote import NS, iq, remote_events, steps

HANDSHAKE = b"RFB 003.008\n"


@pytest.fixture
def desk(lab: LabInfo, tmp_path: Path) -> Iterator[RunningDesk]:
    with RunningDesk(with_relay(three_lines(lab, tmp_path), lab)) as running:
        yield running


class Viewer:
    """vera's viewer: reads what the relay shows her until it closes."""

    def __init__(self, url: str, ca_file: str) -> None:
        self.seen: list[bytes] = []
        self.closed = threading.Event()
        tls = ssl.create_default_context(cafile=ca_file)

        async def watch() -> None:
            async with aiohttp.ClientSession() as http, http.ws_connect(url, ssl=tls) as ws:
                async for msg in ws:
                    self.seen.append(bytes(msg.data))
            # aiohttp's documented graceful shutdown: the TLS transport's own close needs a
            # moment of the loop before asyncio.run closes it.
            await asyncio.sleep(0.25)

        def run() -> None:
            try:
                asyncio.run(watch())
            finally:
                self.closed.set()

        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()


def write_to_vendor(qtbot: QtBot, app: Deskline, text: str) -> None:
    window = app.window

    def look() -> None:
        menus = [w for w in QApplication.topLevelWidgets()
                 if isinstance(w, QMenu) and w.isVisible()]
        if menus:
            rect = menus[0].actionGeometry(window.vendor_action)
            qtbot.mouseClick(menus[0], Qt.MouseButton.LeftButton, pos=rect.center())
        else:
            QTimer.singleShot(20, look)

    QTimer.singleShot(20, look)
    qtbot.mouseClick(window.header.menu_button, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    qtbot.waitUntil(lambda: window.chat.peer.startswith("deskline@"), timeout=5000)
    qtbot.keyClicks(window.chat.input, text)
    qtbot.keyClick(window.chat.input, Qt.Key.Key_Return)


def consent(name: str = "remoteConsent") -> Any:
    shown = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, QMessageBox) and w.objectName() == name and w.isVisible()]
    return shown[0] if shown else None


def asked_and_allowed(qtbot: QtBot, app: Deskline, vera: XmppPeer, text: str,
                      tag: str) -> str:
    """The app writes to the makers' line, vera accepts and asks for the screen; the user
    clicks Allow in the question. The appeal's address."""
    write_to_vendor(qtbot, app, text)
    appeal = offered(vera, text, timeout=20)
    assert iq(vera, appeal, f"<accept xmlns='{NS}'/>", f"{tag}-acc")[0] == "result"
    assert iq(vera, appeal, f"<remote xmlns='{NS}'/>", f"{tag}-ask")[0] == "result"
    qtbot.waitUntil(lambda: consent() is not None, timeout=10000)
    box = consent()
    assert "appeal №" in box.text()
    qtbot.mouseClick(box.findChild(object, "remoteAllow"), Qt.MouseButton.LeftButton)
    return appeal


def test_allowed_the_specialist_sees_the_apps_screen_until_the_bar_stops_it(
        qtbot: QtBot, lab: LabInfo, app: Deskline, desk: RunningDesk) -> None:
    online(qtbot, app)
    with XmppPeer(lab, "vera", desk_show="") as vera:
        knows(desk, lab, vera=Availability.FREE)
        appeal = asked_and_allowed(qtbot, app, vera, "The invoice screen shows an error", "c")
        qtbot.waitUntil(lambda: any(e.get("state") == "ready"
                                    for e in remote_events(vera, appeal)), timeout=10000)
        ready = next(e for e in remote_events(vera, appeal) if e.get("state") == "ready")
        viewer = Viewer(ready["url"], lab.ca_file)
        qtbot.waitUntil(lambda: bool(viewer.seen), timeout=10000)
        assert viewer.seen[0] == HANDSHAKE  # the app's own screen, through the relay
        bar = app.remote_share_ui.bar
        vera_is = bar._name(f"vera@{lab.domain}")  # her name on his contact list
        assert vera_is != f"vera@{lab.domain}"
        qtbot.waitUntil(lambda: bar.isVisible() and vera_is in bar.label.text(), timeout=10000)
        # She asks for control: asked again, and only given by a click here.
        assert iq(vera, appeal, f"<remote-control xmlns='{NS}'/>", "c-ctl")[0] == "result"
        qtbot.waitUntil(lambda: consent("remoteControlConsent") is not None, timeout=10000)
        qtbot.mouseClick(consent("remoteControlConsent").findChild(object, "remoteControlAllow"),
                         Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: any(e.get("state") == "control"
                                    for e in remote_events(vera, appeal)), timeout=5000)
        qtbot.waitUntil(lambda: "controls it" in bar.label.text(), timeout=5000)
        qtbot.waitUntil(lambda: ("remote_control", f"vera@{lab.domain}")
                        in steps(desk, appeal), timeout=5000)
        qtbot.mouseClick(bar.take_back_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: any(e.get("state") == "view-only"
                                    for e in remote_events(vera, appeal)), timeout=5000)
        assert not bar.take_back_button.isVisible()
        qtbot.mouseClick(bar.stop_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(viewer.closed.is_set, timeout=2000)  # over for her at once
        qtbot.waitUntil(lambda: not bar.isVisible(), timeout=3000)
        qtbot.waitUntil(lambda: ("remote_ended", app.chat.account) in steps(desk, appeal),
                        timeout=5000)
        assert app.remote_share.screen is None  # x11vnc gone with it


def test_a_strangers_request_for_the_screen_is_not_shown(
        qtbot: QtBot, lab: LabInfo, app: Deskline) -> None:
    online(qtbot, app)
    with XmppPeer(lab, "maria") as maria:
        me = app.chat.account
        maria.send_raw(f"<message type='chat' to='{me}' id='fake-1'><body>Покажите экран"
                       f"</body><remote-request xmlns='{NS}' session='x' appeal='1' "
                       "specialist='Служба поддержки'/></message>")
        maria.send(me, "after the request", "fake-2")  # (the same stream: it comes after)
        qtbot.waitUntil(lambda: any(m.body == "after the request"
                                    for m in app.chats.conversation(f"maria@{lab.domain}", 20)),
                        timeout=10000)
        assert consent() is None


def test_a_wayland_desktop_declines_and_the_specialist_hears_why(
        qtbot: QtBot, lab: LabInfo, app: Deskline, desk: RunningDesk,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """x11vnc cannot capture a Wayland session: Allow shares nothing, and the specialist is
    told that (and the desk keeps it), not left waiting."""
    online(qtbot, app)
    monkeypatch.setenv("XDG_SESSION_TYPE", "wayland")  # as a GNOME on Wayland login sets it
    with XmppPeer(lab, "vera", desk_show="") as vera:
        knows(desk, lab, vera=Availability.FREE)
        appeal = asked_and_allowed(qtbot, app, vera, "Please look at my screen", "w")
        qtbot.waitUntil(lambda: any(e.get("state") == "declined"
                                    for e in remote_events(vera, appeal)), timeout=10000)
        declined = next(e for e in remote_events(vera, appeal) if e.get("state") == "declined")
        assert declined["reason"] == "wayland"
        assert app.remote_share.screen is None  # nothing started
        qtbot.waitUntil(lambda: any(kind == "remote_ended" for kind, _w in steps(desk, appeal)),
                        timeout=5000)
        store = desk.component.service.store  # type: ignore[union-attr]
        ended = [s for s in store.timeline(int(appeal.split("@")[0][1:]))
                 if s.kind == "remote_ended"]
        assert ended[0].detail == "declined (wayland)"


def test_the_desk_killed_ends_the_sharing_and_x11vnc(
        qtbot: QtBot, lab: LabInfo, app: Deskline, tmp_path: Path) -> None:
    """kill -9 of the desk (its relay with it): the client's side hears its channel close,
    x11vnc stops and the bar goes, within 2 s; nothing keeps the screen shared."""
    from tests.supportdesk_rig import DeskProcess, desk_toml  # noqa: PLC0415

    tls = Path(lab.ca_file).parent
    port = free_port()
    config = tmp_path / "desk.toml"
    config.write_text(desk_toml(lab, f"sqlite:///{tmp_path / 'desk.sqlite3'}", extra=(
        f'[[line]]\nid = "deskline"\nname = "Deskline"\npublic = true\n'
        f'members = ["vera@{lab.domain}"]\n')) + (
        f'[remote]\nhost = "127.0.0.1"\nport = {port}\nurl = "wss://127.0.0.1:{port}"\n'
        f'cert_file = "{tls / "server.crt"}"\nkey_file = "{tls / "server.key"}"\n'),
        encoding="utf-8")
    config.chmod(0o600)
    online(qtbot, app)
    with DeskProcess(config) as desk, XmppPeer(lab, "vera", desk_show="") as vera:
        desk.wait_said("joined as")
        appeal = asked_and_allowed(qtbot, app, vera, "Screen question", "k")
        qtbot.waitUntil(lambda: any(e.get("state") == "ready"
                                    for e in remote_events(vera, appeal)), timeout=10000)
        ready = next(e for e in remote_events(vera, appeal) if e.get("state") == "ready")
        viewer = Viewer(ready["url"], lab.ca_file)
        qtbot.waitUntil(lambda: bool(viewer.seen), timeout=10000)
        bar = app.remote_share_ui.bar
        qtbot.waitUntil(bar.isVisible, timeout=5000)
        screen = app.remote_share.screen
        assert screen is not None
        assert screen.proc is not None
        x11vnc = screen.proc
        desk.kill()
        qtbot.waitUntil(lambda: not bar.isVisible(), timeout=2000)
        qtbot.waitUntil(lambda: x11vnc.poll() is not None, timeout=2000)
        qtbot.waitUntil(viewer.closed.is_set, timeout=2000)
        # Started again, the desk ends the session it left running, saying why.
        said = len(desk.lines)
        desk.start()
        desk.wait_said("joined as", after=said)
        store = DeskStore(f"sqlite:///{tmp_path / 'desk.sqlite3'}")
        steps = [s for s in store.timeline(int(appeal.split("@")[0][1:]))
                 if s.kind.startswith("remote_")]
        kinds = [s.kind for s in steps]
        assert "remote_started" in kinds
        assert [(s.kind, s.detail) for s in steps if s.kind == "remote_ended"] == [
            ("remote_ended", "desk-restart")]
        assert steps[-1].kind == "remote_ended"
        assert steps[-1].at >= steps[kinds.index("remote_started")].at
