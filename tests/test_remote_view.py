"""The client's screen in the app, real parts end to end: a second Xvfb as the client's
display with x11vnc, the desk's relay over TLS (the lab's CA), the client side's bridge,
and the app's viewer (RfbView) on the test's display. The viewer's pixels are the client's
(read from what it painted); the viewer's pointer moves nothing on the client until
control is granted; the clipboard crosses only then."""

from __future__ import annotations

import os
import ssl
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot
from Xlib import display as xdisplay

from desktop.gui_thread import GuiThread
from desktop.lab.tls import make_tls
from desktop.remote.bridge import Bridge, Viewer
from desktop.remote.screen import SharedScreen
from desktop.ui.rfb_view import RfbView
from supportdesk.remote.relay import Relay
from supportdesk.remote.tokens import Leg, Tokens
from tests.loop_thread import LoopThread
from tests.rig import client_screen

RED, BLUE = (255, 0, 0), (0, 0, 255)


class Desk:
    """The relay and the client side's bridge on an asyncio loop of their own."""

    def __init__(self, tmp: Path, vnc_port: int) -> None:
        tls = tmp / "tls"
        self.ca = str(make_tls(tls))
        server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        server.load_cert_chain(tls / "server.crt", tls / "server.key")
        client = ssl.create_default_context(cafile=self.ca)
        self.worker = LoopThread("desk")
        self.tokens = Tokens(self.worker.loop.time)
        self.relay = Relay(self.tokens, max_viewers=3)
        self.joined: list[Viewer] = []
        self.call(self.relay.start("127.0.0.1", 0, server))
        self.url = f"wss://127.0.0.1:{self.relay.port}"
        bridge = Bridge(self.url, self.tokens.mint("s1", 7, "ivan@x", Leg.CLIENT), vnc_port,
                        client, joined=self.joined.append)
        self.worker.spawn(bridge.run())

    def call(self, coro: Any) -> Any:
        return self.worker.call(coro)

    def viewer_url(self, who: str) -> str:
        async def mint() -> str:
            return self.tokens.mint("s1", 7, who, Leg.VIEWER)
        return f"{self.url}/viewer/{self.call(mint())}"

    def carried(self, who: str) -> int:
        """Bytes the relay carried from this viewer towards the client's screen."""
        async def count() -> int:
            return sum(v.received for s in self.relay.sessions.values()
                       for v in s.viewers.values() if v.who == who)
        return int(self.call(count()))

    def close(self) -> None:
        self.call(self.relay.close())
        self.worker.close()  # the bridge's legs, then the bridge, closed before the loop


@pytest.fixture
def client_display(tmp_path: Path) -> Iterator[str]:
    """The client's own screen: red, a blue square at (100,100)-(200,200)."""
    with client_screen(tmp_path / "client", "-size", "640x480", "xc:#ff0000", "-fill",
                       "#0000ff", "-draw", "rectangle 100,100 199,199") as name:
        yield name


def pixel(view: Any, x: int, y: int) -> tuple[int, int, int]:
    """The colour the view painted at the client's screen's (x, y), shown 1:1."""
    colour = QColor(view.grab().toImage().pixel(x, y))
    return colour.red(), colour.green(), colour.blue()


def pointer(display: str) -> tuple[int, int]:
    out = subprocess.run(["xdotool", "getmouselocation", "--shell"], capture_output=True,
                         text=True, check=True, env={**os.environ, "DISPLAY": display}).stdout
    found = dict(line.split("=", 1) for line in out.split())
    return int(found["X"]), int(found["Y"])


def wait_for_window(display: str, name: str) -> None:
    subprocess.run(["xdotool", "search", "--sync", "--name", name], check=True, timeout=20,
                   capture_output=True, env={**os.environ, "DISPLAY": display})


def their_clipboard(display: str, text: str) -> None:
    """The client copies `text` (xclip stays as the selection's owner, in the background,
    until the next copy or the display's end)."""
    subprocess.run(["xclip", "-selection", "clipboard"], input=text,
                   text=True, check=True, timeout=10, env={**os.environ, "DISPLAY": display})


def clipboard_of(display: str) -> str:
    return subprocess.run(["xclip", "-o", "-selection", "clipboard"], capture_output=True,
                          text=True, check=False, timeout=10,
                          env={**os.environ, "DISPLAY": display}).stdout


def test_the_viewer_shows_the_clients_screen_and_moves_nothing_until_granted(
        qtbot: QtBot, client_display: str, tmp_path: Path) -> None:
    screen = SharedScreen(client_display, tmp_path / "share")
    screen.start()
    desk = Desk(tmp_path, screen.port)
    view = RfbView(desk.ca, GuiThread())
    qtbot.addWidget(view)
    view.resize(700, 540)
    view.show()
    try:
        url = desk.viewer_url("anna@x")
        view.set_scaled(False)  # 1:1: the view's pixel is the screen's
        view.open(url, screen.password)
        qtbot.waitUntil(lambda: view.state == "connected", timeout=15000)
        assert view.client is not None
        assert (view.client.screen.width, view.client.screen.height) == (1280, 800)
        qtbot.waitUntil(lambda: pixel(view, 150, 150) == BLUE, timeout=10000)
        assert pixel(view, 50, 50) == RED
        # View-only: the specialist's pointer over the screen moves nothing there.
        before = pointer(client_display)
        qtbot.mouseMove(view, QPoint(300, 300))
        qtbot.mouseMove(view, QPoint(320, 330))
        # A viewer that sends input anyway (its own view-only lifted, not granted by the
        # client) is refused by x11vnc itself (-input _): the events reach it, and nothing.
        view.set_view_only(False)
        carried = desk.carried("anna@x")
        for x in (330, 360):
            qtbot.mouseMove(view, QPoint(x, 340))
        qtbot.waitUntil(lambda: desk.carried("anna@x") > carried, timeout=5000)
        qtbot.wait(300)  # (x11vnc has them: an absence has no state to wait for)
        assert pointer(client_display) == before
        # Granted (the client's choice): input for this viewer, then its pointer lands.
        (leg,) = desk.joined
        assert screen.allow_input(leg.local_port, True)
        for x in (200, 240):
            qtbot.mouseMove(view, QPoint(x, 200))
        qtbot.waitUntil(lambda: pointer(client_display) != before, timeout=5000)
        # With control, its keys land (Qt's key as X's keysym) and so does Ctrl+Alt+Del.
        xev = subprocess.Popen(["xev", "-event", "keyboard", "-geometry", "300x200+0+0"],
                               stdout=subprocess.PIPE, text=True,
                               env={**os.environ, "DISPLAY": client_display})
        try:
            typed: list[str] = []
            threading.Thread(target=lambda: typed.extend(xev.stdout or ()), daemon=True).start()
            wait_for_window(client_display, "Event Tester")
            subprocess.run(["xdotool", "search", "--sync", "--name", "Event Tester",
                            "windowfocus", "--sync"], check=True, timeout=20,
                           env={**os.environ, "DISPLAY": client_display})
            view.setFocus()
            qtbot.keyClicks(view, "Zq")
            view.send_ctrl_alt_del()
            qtbot.waitUntil(lambda: all(any(f"{name})" in line for line in typed)
                                        for name in ("Z", "q", "Control_L", "Alt_L",
                                                     "Delete")), timeout=10000)
        finally:
            xev.terminate()
            xev.wait(5)
            if xev.stdout is not None:
                xev.stdout.close()
        # With control, the clipboard both ways (RFB's cut text is Latin-1: see PROTOCOL.md).
        received: list[str] = []
        view.clipboard_received.connect(received.append)
        their_clipboard(client_display, "Invoice 77, the total")
        # (x11vnc sends the selection from 15 s after the last viewer joined: sel_waittime)
        qtbot.waitUntil(lambda: "Invoice 77, the total" in received, timeout=30000)
        view.paste("Act of reconciliation, November")
        qtbot.waitUntil(lambda: clipboard_of(client_display) ==
                        "Act of reconciliation, November", timeout=10000)
        # Taken back: nothing of theirs comes any more (x11vnc asks for the selection about
        # every second; an absence has no state to wait for).
        assert screen.allow_input(leg.local_port, False)
        count = view.clipboards
        their_clipboard(client_display, "Invoice 78")
        qtbot.wait(3000)
        assert view.clipboards == count
    finally:
        view.end()
        desk.close()
        screen.stop()


def test_an_8k_screen_is_shown_whole_scaled_to_fit_and_leaves_nothing_running(
        qtbot: QtBot, tmp_path: Path) -> None:
    """A huge screen (7680 × 4320, 127 MiB of pixels) comes through like any other: the
    view fits it, its far corner is there, it goes on changing, and its end stops x11vnc."""
    with client_screen(tmp_path / "client", size="7680x4320") as display:
        x = xdisplay.Display(display)
        root = x.screen().root
        root.change_attributes(background_pixel=0xFF0000)
        root.clear_area(0, 0, 0, 0)
        corner = root.create_window(7280, 3920, 400, 400, 0, x.screen().root_depth,
                                    background_pixel=0x0000FF, override_redirect=True)
        corner.map()
        x.sync()
        screen = SharedScreen(display, tmp_path / "share")
        screen.start()
        x11vnc = screen.proc
        desk = Desk(tmp_path, screen.port)
        view = RfbView(desk.ca, GuiThread())
        qtbot.addWidget(view)
        view.resize(960, 540)  # 1:8 of the screen
        view.show()
        try:
            view.open(desk.viewer_url("anna@x"), screen.password)
            qtbot.waitUntil(lambda: view.state == "connected", timeout=15000)
            assert view.client is not None
            assert (view.client.screen.width, view.client.screen.height) == (7680, 4320)
            qtbot.waitUntil(lambda: pixel(view, 935, 515) == BLUE, timeout=30000)
            assert pixel(view, 100, 100) == RED
            corner.change_attributes(background_pixel=0x00FF00)
            corner.clear_area(0, 0, 0, 0)
            x.sync()
            qtbot.waitUntil(lambda: pixel(view, 935, 515) == (0, 255, 0), timeout=15000)
        finally:
            view.end()
            desk.close()
            screen.stop()
            x.close()
        assert x11vnc is not None
        assert x11vnc.poll() is not None
