"""A remote session from the specialist's app, real parts end to end: the app (anna) on
the lab, the real desk with its relay, ivan's chat client answering the request, his
x11vnc and bridge on a second Xvfb. The bar's button asks; allowed, the client's screen
opens in the session's window; End asks what was done (required) and the desk keeps it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from Xlib import X
from Xlib import display as xdisplay
from Xlib.protocol import event

from desktop.app import Deskline
from desktop.bus import AppealState, LinkState
from desktop.lab.lab import LabInfo
from supportdesk.routing import Availability
from tests.desk import xdotool
from tests.peers.xmpp_peer import XmppPeer
from tests.rig import client_screen
from tests.supportdesk_rig import RunningDesk, relay_desk, wait
from tests.test_desk_remote import NS, ClientSide, iq, steps


@pytest.fixture
def desk(lab: LabInfo, tmp_path: Path) -> Iterator[RunningDesk]:
    with relay_desk(lab, tmp_path) as running:
        yield running


@pytest.fixture
def client_display(tmp_path: Path) -> Iterator[str]:
    """ivan's screen: blue."""
    with client_screen(tmp_path / "client", "-size", "320x240", "xc:#0000ff") as name:
        yield name


def viewer_window(appeal: int) -> tuple[str, tuple[int, int]]:
    """The session's window (in the viewer's own process): its X id and its centre."""
    found = xdotool("search", "--name", f"appeal №{appeal}$").split()
    assert found, "no viewer window"
    shape = dict(line.split("=", 1) for line in xdotool(
        "getwindowgeometry", "--shell", found[-1]).split())
    return found[-1], (int(shape["X"]) + int(shape["WIDTH"]) // 2,
                       int(shape["Y"]) + int(shape["HEIGHT"]) // 2)


def pixel_at(x: int, y: int) -> tuple[int, int, int]:
    """What the test's display shows there (the viewer's window, drawn by its process)."""
    screen = xdisplay.Display()
    try:
        data = bytes(screen.screen().root.get_image(x, y, 1, 1, X.ZPixmap,
                                                    0xFFFFFFFF).data)
    finally:
        screen.close()
    return data[2], data[1], data[0]


def close_window(window: str) -> None:
    """As a window manager does when its × is clicked (WM_DELETE_WINDOW)."""
    screen = xdisplay.Display()
    try:
        target = screen.create_resource_object("window", int(window))
        protocols = screen.intern_atom("WM_PROTOCOLS")
        delete = screen.intern_atom("WM_DELETE_WINDOW")
        target.send_event(event.ClientMessage(window=target, client_type=protocols,
                                              data=(32, [delete, X.CurrentTime, 0, 0, 0])))
        screen.flush()
    finally:
        screen.close()


def address_of(appeal: int, lab: LabInfo) -> str:
    return f"a{appeal}@desk.{lab.domain}"


def keys_to(window: str, *keys: str) -> None:
    xdotool("windowfocus", "--sync", window)
    xdotool("key", *keys)


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
        # The code to read out to a client without Deskline: the one the client was sent.
        code = bar.remote_label.text().rpartition("code ")[2].rstrip(".").replace(" ", "")
        assert len(code) == 8
        assert any(f"--code {code}" in m["body"] for m in ivan.messages)
        client = ClientSide(client_display, tmp_path / "share", lab.ca_file)
        try:
            kind, _c, allowed = iq(ivan, line, f"<remote-answer xmlns='{NS}' "
                                   f"session='{session}' allow='true' "
                                   f"password='{client.screen.password}'/>", "ra-allow")
            assert kind == "result"
            client.dial(allowed.get("relay"), allowed.get("token"))
            qtbot.waitUntil(lambda: appeal.id in window.place.remote_viewers, timeout=10000)
            viewer = window.place.remote_viewers[appeal.id]
            qtbot.waitUntil(lambda: viewer.state == "connected", timeout=20000)
            qtbot.waitUntil(lambda: bool(xdotool("search", "--name",
                                                 f"appeal №{appeal.id}$")), timeout=10000)
            shown, centre = viewer_window(appeal.id)
            qtbot.waitUntil(lambda: pixel_at(*centre) == (0, 0, 255),
                            timeout=10000)  # ivan's blue screen, in the viewer's window
            # Ask for control (its key in that window): ivan's side gives it; it says so.
            keys_to(shown, "ctrl+shift+k")
            qtbot.waitUntil(lambda: any("remote-control-request" in m["desk"]
                                        for m in ivan.messages), timeout=10000)
            kind, _c, _p = iq(ivan, line, f"<remote-control-answer xmlns='{NS}' "
                              f"session='{session}' who='anna@{lab.domain}' allow='true'/>",
                              "ra-ctl")
            assert kind == "result"
            qtbot.waitUntil(lambda: "you control" in viewer.status, timeout=5000)
            # The senior joins the appeal and its session: anna's window says she watches
            # too, and no longer once she has gone.
            with XmppPeer(lab, "vera", desk_show="") as vera:
                assert iq(vera, address_of(appeal.id, lab), f"<join xmlns='{NS}'/>",
                          "ra-join")[0] == "result"
                kind, _c, joined = iq(vera, address_of(appeal.id, lab),
                                      f"<remote xmlns='{NS}'/>", "ra-vera")
                assert joined.get("state") == "ready"
                seen: list[bytes] = []
                leg = client.watch(joined.get("url"), seen)
                qtbot.waitUntil(lambda: viewer.watchers_shown.startswith("Also watching: "),
                                timeout=10000)
                assert app.window.place.name(f"vera@{lab.domain}") in viewer.watchers_shown
                leg.cancel()
                qtbot.waitUntil(lambda: viewer.watchers_shown == "", timeout=10000)
            address = window.chat.peer
            # End: what was done, typed into its question (required), kept by the desk.
            keys_to(shown, "ctrl+shift+r")
            qtbot.waitUntil(lambda: bool(xdotool("search", "--name",
                                                 "End the remote session")), timeout=10000)
            dialog = xdotool("search", "--name", "End the remote session").split()[-1]
            xdotool("windowfocus", "--sync", dialog)
            xdotool("type", "--delay", "20", "Showed the invoice settings")
            xdotool("key", "Return")
            qtbot.waitUntil(lambda: any(kind == "remote_ended"
                                        for kind, _who in steps(desk, address)),
                            timeout=10000)
            store = desk.component.service.store
            ended = [s for s in store.timeline(appeal.id) if s.kind == "remote_ended"]
            assert ended[0].detail == "ended: Showed the invoice settings"
            qtbot.waitUntil(lambda: "remote session ended" in bar.remote_label.text(),
                            timeout=5000)
            qtbot.waitUntil(lambda: "ended" in viewer.status, timeout=5000)
            # Its window closed, the process goes, and all its memory with it.
            close_window(shown)
            qtbot.waitUntil(lambda: appeal.id not in window.place.remote_viewers,
                            timeout=10000)
            # Finished; ivan writes again: the card's previous appeals name the session.
            qtbot.mouseClick(bar.finish_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: app.appeals.appeals[appeal.id].state
                            is AppealState.FINISHED, timeout=5000)
            ivan.send(line, "Снова вопрос по счёту", "ra-2")
            qtbot.waitUntil(lambda: any(a.state is AppealState.OFFERED
                                        for a in app.appeals.appeals.values()), timeout=10000)
            window.left_tabs.setCurrentWidget(window.feed)
            window.feed.list.setFocus()
            qtbot.keyClick(window.feed.list, Qt.Key.Key_Home)
            qtbot.keyClick(window.feed.list, Qt.Key.Key_Return)
            card = window.appeal_card
            qtbot.waitUntil(lambda: card.isVisible() and f"№{appeal.id}" in card.text.text(),
                            timeout=10000)
            assert "Remote sessions: 1 · Showed the invoice settings" in card.text.text()
        finally:
            client.close()
            window.place.close_viewers()
