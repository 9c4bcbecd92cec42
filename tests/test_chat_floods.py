"""A client who floods: thousands of messages, a 10,000-line message, a huge photo (#15.2–4).
Through the real app against the lab Prosody, the client a real XMPP client; the window is
on the real X server, so what is on screen can be compared with what should be."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QPoint
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.app import Deskline
from desktop.bus import LinkState
from desktop.chat.photo import AVATAR_PX, png_bytes
from desktop.lab.lab import LabInfo
from desktop.ui.chat_view import MAX_SHOWN
from desktop.values import Profile
from tests.apps import card_loaded
from tests.peers.xmpp_peer import XmppPeer


def png(width: int, height: int) -> bytes:
    image = QImage(width, height, QImage.Format.Format_Grayscale8)
    image.fill(90)
    return png_bytes(image)


def on_screen(widget: object) -> QImage:
    """What the X server shows of the widget (not a fresh rendering of it)."""
    from PySide6.QtWidgets import QWidget  # noqa: PLC0415
    assert isinstance(widget, QWidget)
    top_left = widget.mapToGlobal(QPoint(0, 0))
    screen = QApplication.primaryScreen()
    return screen.grabWindow(0, top_left.x(), top_left.y(), widget.width(),
                             widget.height()).toImage()


def test_a_flood_into_the_open_conversation_keeps_the_newest_shown_and_loses_nothing(
        qtbot: QtBot, lab: LabInfo, app: Deskline) -> None:
    qtbot.waitUntil(lambda: app.chat.state is LinkState.ONLINE, timeout=10000)
    ivan_jid, anna_jid = f"ivan@{lab.domain}", f"anna@{lab.domain}"
    with XmppPeer(lab, "ivan") as ivan:
        app.window.open_chat(ivan_jid)
        pane = app.window.chat
        for i in range(2000):
            ivan.send(anna_jid, f"поток {i}", f"flood-{i}")
        qtbot.waitUntil(lambda: "поток 1999" in pane.view.toPlainText(), timeout=60000)
    # The view follows the newest and holds a bounded number; the store has every one.
    assert len(pane.messages) <= MAX_SHOWN
    assert pane.messages[-1].body == "поток 1999"
    bar = pane.view.verticalScrollBar()
    assert bar.value() == bar.maximum()
    kept = [m.body for m in app.chat.chats.conversation(ivan_jid, 5000)
            if m.body.startswith("поток ")]  # the lab's archive has other tests' too
    assert kept == [f"поток {i}" for i in range(2000)]
    shown = len(pane.messages)
    bar.setValue(0)  # the specialist scrolls up: the older ones come back from the store
    qtbot.waitUntil(lambda: len(pane.messages) > shown, timeout=5000)


def test_the_screen_shows_a_10000_line_message_that_arrives_in_the_open_conversation(
        qtbot: QtBot, lab: LabInfo, app: Deskline) -> None:
    """The scroll bar at the bottom must mean the picture is at the bottom too (#15.4: with
    its signals blocked the view kept its old picture until the reader scrolled)."""
    qtbot.waitUntil(lambda: app.chat.state is LinkState.ONLINE, timeout=10000)
    ivan_jid, anna_jid = f"ivan@{lab.domain}", f"anna@{lab.domain}"
    app.window.show()
    with XmppPeer(lab, "ivan") as ivan:
        app.window.open_chat(ivan_jid)
        pane = app.window.chat
        qtbot.waitExposed(pane.view)
        ivan.send(anna_jid, "\n".join(f"строка {i}" for i in range(10_000)), "long-1")
        qtbot.waitUntil(lambda: "строка 9999" in pane.view.toPlainText(), timeout=20000)
        ivan.send(anna_jid, "после длинного", "after-1")
        qtbot.waitUntil(lambda: "после длинного" in pane.view.toPlainText(), timeout=10000)
        qtbot.wait(500)  # laid out and painted
        bar = pane.view.verticalScrollBar()
        assert bar.value() == bar.maximum()
        viewport = pane.view.viewport()
        expected = viewport.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
        shown = on_screen(viewport).convertToFormat(QImage.Format.Format_RGB32)
        assert shown.size() == expected.size()
        assert shown == expected, "the chat view shows a stale picture"


def test_a_contacts_huge_photo_is_not_kept_and_a_large_one_is_scaled(
        qtbot: QtBot, lab: LabInfo, app: Deskline) -> None:
    qtbot.waitUntil(lambda: app.chat.state is LinkState.ONLINE, timeout=10000)
    ivan_jid = f"ivan@{lab.domain}"
    card_loaded(qtbot, app, ivan_jid)
    own_card = app.chat.contacts[ivan_jid].profile
    assert own_card is not None
    with XmppPeer(lab, "ivan") as ivan:
        try:
            check_photos(qtbot, app, ivan, own_card)
        finally:
            ivan.publish_card(own_card)  # the lab's ivan, as other tests know him


def check_photos(qtbot: QtBot, app: Deskline, ivan: XmppPeer, own_card: Profile) -> None:
    """An 8000 px photo is not kept (initials instead); a 1200 px one is scaled to 256."""
    ivan_jid = ivan.jid
    for side, marker in ((8000, "huge"), (1200, "large")):
        photo = png(side, side)
        ivan.publish_card(dataclasses.replace(own_card, position=marker, photo=photo))
        ivan.publish_avatar(photo)  # the notification makes the app fetch the card

        def card(m: str = marker) -> Profile | None:
            profile = app.chat.contacts[ivan_jid].profile
            return profile if profile is not None and profile.position == m else None
        qtbot.waitUntil(lambda: card() is not None, timeout=20000)
        got = card()
        assert got is not None
        if side == 8000:
            assert got.photo == b""  # initials instead: not an avatar but an attack
        else:
            image = QImage.fromData(got.photo)
            assert (image.width(), image.height()) == (AVATAR_PX, AVATAR_PX)
