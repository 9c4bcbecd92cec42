"""The tray icon and desktop notifications on a desktop of the rig: openbox, trayer (a real
XEmbed tray) and dunst (a real notification daemon, driven with dunstctl)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QSystemTrayIcon
from pytestqt.qtbot import QtBot

from desktop.app import Deskline
from desktop.bus import LinkState, Status
from desktop.lab.lab import LabInfo
from supportdesk.routing import Availability
from tests.apps import close_app, make_app
from tests.peers.xmpp_peer import XmppPeer
from tests.supportdesk_rig import RunningDesk, knows, lab_config


def dunstctl(*args: str) -> str:
    return subprocess.run(["dunstctl", *args], capture_output=True, text=True, check=True,
                          env=os.environ).stdout.strip()


def displayed() -> int:
    return int(dunstctl("count", "displayed"))


@pytest.fixture
def app(qapp: QApplication, qtbot: QtBot, lab: LabInfo, desktop_shell: str,
        tmp_path: Path) -> Iterator[Deskline]:
    dunstctl("close-all")
    deskline = make_app(qapp, lab, tmp_path)
    qtbot.waitExposed(deskline.window)
    qtbot.waitUntil(lambda: deskline.chat.state is LinkState.ONLINE, timeout=10000)
    yield deskline
    close_app(deskline)
    dunstctl("close-all")


def click_at(x: int, y: int) -> None:
    subprocess.run(["xdotool", "mousemove", str(x), str(y), "click", "1"], check=True)


def test_the_tray_icon_shows_the_status_and_brings_the_window_back(qtbot: QtBot,
                                                                   app: Deskline) -> None:
    assert QSystemTrayIcon.isSystemTrayAvailable()
    icon = app.tray.icon
    qtbot.waitUntil(lambda: icon.geometry().width() > 0, timeout=5000)  # docked in trayer
    app.chat.set_status(Status.BUSY)
    assert "Busy for new appeals" in icon.toolTip()
    app.window.showMinimized()
    qtbot.waitUntil(app.window.isMinimized, timeout=5000)
    centre = icon.geometry().center()
    click_at(centre.x(), centre.y())
    qtbot.waitUntil(lambda: not app.window.isMinimized() and app.window.isActiveWindow(),
                    timeout=5000)


def test_a_message_while_the_window_is_away_notifies_and_a_click_opens_it(
        qtbot: QtBot, lab: LabInfo, app: Deskline) -> None:
    maria_jid = f"maria@{lab.domain}"
    app.window.showMinimized()
    qtbot.waitUntil(lambda: not app.alerts.in_front(), timeout=5000)
    with XmppPeer(lab, "maria") as maria:
        maria.send(f"anna@{lab.domain}", "Здравствуйте! <b>Счёт</b> не пришёл")
        qtbot.waitUntil(lambda: displayed() == 1, timeout=5000)
    (notice,) = app.alerts.sent
    assert notice.title == "Кузнецова Мария Александровна"
    assert notice.body == "Здравствуйте! <b>Счёт</b> не пришёл"  # escaped for dunst's markup
    assert app.tray.unread == 1
    assert "Unread messages: 1" in app.tray.icon.toolTip()
    dunstctl("action", "0")  # the specialist clicks the notification
    qtbot.waitUntil(lambda: app.window.chat.peer == maria_jid, timeout=5000)
    qtbot.waitUntil(lambda: not app.window.isMinimized() and app.window.isActiveWindow(),
                    timeout=5000)
    assert app.tray.unread == 0
    qtbot.waitUntil(lambda: displayed() == 0, timeout=5000)


def test_no_notification_while_the_specialist_is_in_the_window(
        qtbot: QtBot, lab: LabInfo, app: Deskline) -> None:
    app.window.activateWindow()
    qtbot.waitUntil(app.alerts.in_front, timeout=5000)
    with XmppPeer(lab, "oleg") as oleg:
        oleg.send(f"anna@{lab.domain}", "Добрый день")
        qtbot.waitUntil(lambda: bool(app.chats.unread), timeout=5000)
    qtbot.wait(300)  # proving that no notice comes: time for a wrong one
    assert app.alerts.sent == []
    assert displayed() == 0
    # He has left, but his message waits: his conversation is first in the list.
    contacts = app.window.contacts.list
    qtbot.waitUntil(lambda: contacts.count() > 0
                    and contacts.item(0).text() == "Морозов Олег Викторович  (1)", timeout=3000)


def test_closing_the_window_keeps_deskline_running_in_the_tray(qtbot: QtBot,
                                                              app: Deskline) -> None:
    qtbot.waitUntil(app.tray.can_bring_back, timeout=5000)
    qtbot.waitUntil(lambda: app.calls.state is LinkState.ONLINE, timeout=10000)
    app.window.activateWindow()
    qtbot.waitUntil(app.window.isActiveWindow, timeout=5000)
    with qtbot.waitSignal(app.window.hidden_to_tray, timeout=5000):  # hidden, not closed
        subprocess.run(["xdotool", "key", "alt+F4"], check=True)  # openbox closes it
    assert not app.window.isVisible()
    qtbot.wait(500)  # proving nothing goes offline with the window: time for a drop
    assert app.calls.state is LinkState.ONLINE  # still reachable: calls keep coming
    assert app.chat.state is LinkState.ONLINE
    centre = app.tray.icon.geometry().center()
    click_at(centre.x(), centre.y())
    qtbot.waitUntil(lambda: app.window.isVisible() and app.window.isActiveWindow(),
                    timeout=5000)


def test_an_offer_while_the_window_is_away_notifies_and_a_click_shows_the_feed(
        qtbot: QtBot, lab: LabInfo, app: Deskline, tmp_path: Path) -> None:
    app.window.showMinimized()
    qtbot.waitUntil(lambda: not app.alerts.in_front(), timeout=5000)
    with RunningDesk(lab_config(lab, f"sqlite:///{tmp_path / 'desk.sqlite3'}")) as desk, \
            XmppPeer(lab, "ivan") as ivan:
        knows(desk, lab, anna=Availability.FREE)  # the desk greets the app, it answers
        ivan.send(f"support@desk.{lab.domain}", "Срочно: не работает касса")
        qtbot.waitUntil(lambda: displayed() == 1, timeout=10000)
        (notice,) = app.alerts.sent  # the offer's text is not a second, chat notice
        assert "Appeals offered to you: 1" in app.tray.icon.toolTip()  # and the badge
        assert (notice.title, notice.body) == ("New appeal",
                                               "Сидоров Иван Петрович\nТехподдержка")
        dunstctl("action", "0")  # clicked: the window with the feed in front
        qtbot.waitUntil(lambda: app.window.isActiveWindow()
                        and app.window.left_tabs.currentWidget() is app.window.feed,
                        timeout=5000)
        qtbot.keyClick(app.window.feed.list, Qt.Key.Key_Return)  # accepted: notice gone
        qtbot.waitUntil(lambda: displayed() == 0, timeout=5000)
