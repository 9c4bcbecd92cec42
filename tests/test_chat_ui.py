"""The contacts list and chat pane in the real app graph, against the lab Prosody."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QFontDatabase
from PySide6.QtWidgets import QApplication, QMenu, QToolButton
from pytestqt.qtbot import QtBot

from desktop.app import Deskline
from desktop.bus import ChatMessage, LinkState, Status
from desktop.lab.lab import Lab, LabInfo
from desktop.lab.process import free_port
from desktop.ui.chat_pane import ChatPane
from desktop.ui.chat_view import ChatView
from desktop.ui.emoji_picker import EMOJI
from tests.apps import close_app, make_app, when_shown
from tests.peers.gajim import gajim_message
from tests.peers.xmpp_peer import XmppPeer


def names(app: Deskline) -> list[str]:
    lst = app.window.contacts.list
    return [lst.item(i).text() for i in range(lst.count())]


def write(qtbot: QtBot, pane: ChatPane, peer: XmppPeer, text: str) -> dict[str, Any]:
    """Typed into the chat input and sent with Enter; the message as the peer got it."""
    qtbot.keyClicks(pane.input, text)
    qtbot.keyClick(pane.input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: peer.received(text) is not None, timeout=5000)
    got = peer.received(text)
    assert got is not None
    return got


def test_contacts_search_unread_and_a_conversation(qtbot: QtBot, lab: LabInfo,
                                                  app: Deskline) -> None:
    qtbot.waitUntil(lambda: app.chat.state is LinkState.ONLINE, timeout=10000)
    qtbot.waitUntil(lambda: len(names(app)) == 5, timeout=5000)
    ivan_jid = f"ivan@{lab.domain}"
    with XmppPeer(lab, "ivan") as ivan:
        qtbot.waitUntil(lambda: app.chat.contacts[ivan_jid].status is Status.ONLINE,
                        timeout=5000)
        assert names(app)[0] == "Сидоров Иван Петрович"  # online people first
        ivan.send(f"anna@{lab.domain}", "Счёт <b>не пришёл</b> <script>alert(1)</script>")
        qtbot.waitUntil(lambda: "(1)" in names(app)[0], timeout=5000)
        search = app.window.contacts.search
        qtbot.keyClicks(search, "maria")  # by address as well as by name
        assert names(app) == ["Кузнецова Мария Александровна"]
        search.clear()
        lst = app.window.contacts.list
        qtbot.mouseClick(lst.viewport(), Qt.MouseButton.LeftButton,
                         pos=lst.visualItemRect(lst.item(0)).center())
        pane = app.window.chat
        assert pane.peer == ivan_jid
        assert "(1)" not in names(app)[0]
        shown = pane.view.toPlainText()
        assert "Счёт <b>не пришёл</b> <script>alert(1)</script>" in shown  # literally
        qtbot.keyClicks(pane.input, "Dobryi den")
        qtbot.keyClick(pane.input, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
        qtbot.keyClicks(pane.input, "line two")
        assert pane.input.toPlainText() == "Dobryi den\nline two"  # Shift+Enter: new line
        qtbot.keyClick(pane.input, Qt.Key.Key_Return)  # Enter sends
        qtbot.waitUntil(lambda: any(m["body"] == "Dobryi den\nline two"
                                    for m in ivan.messages), timeout=5000)
        assert pane.input.toPlainText() == ""
        qtbot.waitUntil(lambda: "✓✓" in pane.view.toPlainText(), timeout=5000)


def test_oversize_message_is_refused_and_kept_in_the_input(qtbot: QtBot, lab: LabInfo,
                                                           app: Deskline) -> None:
    qtbot.waitUntil(lambda: app.chat.state is LinkState.ONLINE, timeout=10000)
    pane = app.window.chat
    pane.open(f"ivan@{lab.domain}")
    pane.input.setPlainText("x" * 20000)
    pane.send()
    assert pane.error.isVisible()
    assert "at most" in pane.error.text()
    assert len(pane.input.toPlainText()) == 20000  # nothing lost


def test_status_selector_sets_the_status(qtbot: QtBot, lab: LabInfo, app: Deskline) -> None:
    qtbot.waitUntil(lambda: app.chat.state is LinkState.ONLINE, timeout=10000)
    combo = app.window.header.status
    with XmppPeer(lab, "boris") as boris:
        combo.activated.emit(combo.findData(Status.BUSY))
        assert app.chat.status is Status.BUSY
        qtbot.waitUntil(lambda: any(p["show"] == "dnd" for p in boris.presences), timeout=5000)


def test_quick_reply_addresses_the_client_by_name_and_patronymic(
        qtbot: QtBot, lab: LabInfo, app: Deskline) -> None:
    qtbot.waitUntil(lambda: app.chat.state is LinkState.ONLINE, timeout=10000)
    ivan_jid = f"ivan@{lab.domain}"
    qtbot.waitUntil(lambda: ivan_jid in app.chat.contacts
                    and app.chat.contacts[ivan_jid].profile is not None, timeout=5000)
    qtbot.waitUntil(lambda: bool(app.chat.profile.first_name), timeout=5000)
    with XmppPeer(lab, "ivan") as ivan:
        app.window.open_chat(ivan_jid)
        pane = app.window.chat
        qtbot.keyClick(pane.input, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
        assert pane.input.toPlainText() == ("Здравствуйте, Иван Петрович! Меня зовут Анна, "
                                            "чем могу помочь?")
        qtbot.keyClick(pane.input, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: ivan.received("Здравствуйте, Иван Петрович! Меня зовут Анна")
                        is not None, timeout=5000)


def test_replies_with_quotes_both_ways(qtbot: QtBot, lab: LabInfo, app: Deskline) -> None:
    qtbot.waitUntil(lambda: app.chat.state is LinkState.ONLINE, timeout=10000)
    ivan_jid, anna_jid = f"ivan@{lab.domain}", f"anna@{lab.domain}"
    with XmppPeer(lab, "ivan") as ivan:
        ivan.send(anna_jid, "Счёт №15 не пришёл.\nПроверьте, пожалуйста.", "q-1")
        qtbot.waitUntil(lambda: bool(app.chat.chats.unread.get(ivan_jid)), timeout=5000)
        app.window.open_chat(ivan_jid)
        pane = app.window.chat
        cursor = pane.view.document().find("Счёт №15 не пришёл.")
        pane.view.setTextCursor(cursor)  # the specialist selects a fragment
        pane.quote_selection()
        assert pane.quote_bar.isVisible()
        got = write(qtbot, pane, ivan, "Otpravila povtorno")
        assert got["reply_to"] == "q-1"  # XEP-0461
        assert got["body"] == "> Счёт №15 не пришёл.\nOtpravila povtorno"  # the fallback
        assert not pane.quote_bar.isVisible()
        # Our own quote stays when the ✓✓ arrives (the updated message carries it).
        mine = got["id"]
        qtbot.waitUntil(lambda: any(m.id == mine and m.state == "delivered"
                                    for m in pane.messages), timeout=5000)
        qtbot.waitUntil(lambda: "❝ Счёт №15 не пришёл." in pane.view.toPlainText(),
                        timeout=1000)  # laid out with the next flush (chat_view.FLUSH_MS)
        assert next(m for m in pane.messages if m.id == mine).quote == "Счёт №15 не пришёл."
        # A quote chosen and then not wanted: its × drops it, the reply goes without one.
        pane.view.setTextCursor(pane.view.document().find("Проверьте, пожалуйста."))
        pane.quote_selection()
        assert pane.quote_bar.isVisible()
        qtbot.mouseClick(pane.quote_cancel, Qt.MouseButton.LeftButton)
        assert not pane.quote_bar.isVisible()
        plain = write(qtbot, pane, ivan, "Bez citaty")
        assert plain["body"] == "Bez citaty"
        assert not plain.get("reply_to")
        ivan.reply(anna_jid, "Спасибо, получил!", got["id"], "Otpravila povtorno", "q-2")
        qtbot.waitUntil(lambda: any(m.id == "q-2" for m in pane.messages), timeout=5000)
        answer = next(m for m in pane.messages if m.id == "q-2")
        assert (answer.reply_to, answer.quote, answer.body) == (
            got["id"], "Otpravila povtorno", "Спасибо, получил!")
        qtbot.waitUntil(lambda: "Спасибо, получил!" in pane.view.toPlainText(), timeout=1000)
        shown = pane.view.toPlainText()
        assert "❝ Otpravila povtorno" in shown  # rendered as a quote
        assert "> Otpravila" not in shown  # not as the fallback text


def test_an_emoji_picked_goes_in_colour_and_a_typed_smiley_stays_as_typed(
        qtbot: QtBot, lab: LabInfo, app: Deskline) -> None:
    """The picker beside the reply box puts 👍 into it; it reaches the client as is, and
    the conversation shows it in the colour font setup installs; ":)" is not converted."""
    assert "Noto Color Emoji" in QFontDatabase.families()
    qtbot.waitUntil(lambda: app.chat.state is LinkState.ONLINE, timeout=10000)
    ivan_jid = f"ivan@{lab.domain}"
    with XmppPeer(lab, "ivan") as ivan:
        app.window.open_chat(ivan_jid)
        pane = app.window.chat
        picked: list[bool] = []

        def pick(menu: QMenu) -> None:
            thumb = menu.findChild(QToolButton, f"emoji{EMOJI.index('👍')}")
            assert thumb is not None
            qtbot.mouseClick(thumb, Qt.MouseButton.LeftButton)
            picked.append(True)

        when_shown(QMenu, pick)
        qtbot.mouseClick(pane.emoji, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(picked), timeout=5000)
        assert pane.input.toPlainText() == "👍"
        qtbot.keyClicks(pane.input, " Gotovo :)")
        qtbot.keyClick(pane.input, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: ivan.received("Gotovo") is not None, timeout=5000)
        got = ivan.received("Gotovo")
        assert got is not None
        assert got["body"] == "👍 Gotovo :)"
        qtbot.waitUntil(lambda: "👍 Gotovo :)" in pane.view.toPlainText(), timeout=2000)
        shot = pane.view.viewport().grab().toImage()
        yellow = sum(1 for x in range(0, shot.width(), 2) for y in range(0, shot.height(), 2)
                     if (c := shot.pixelColor(x, y)).red() > 200 and c.green() > 150
                     and c.blue() < 90)
        assert yellow > 10  # the thumb drawn in colour, not as a grey outline


def test_typing_is_shown_both_ways(qtbot: QtBot, lab: LabInfo, app: Deskline) -> None:
    qtbot.waitUntil(lambda: app.chat.state is LinkState.ONLINE, timeout=10000)
    ivan_jid, anna_jid = f"ivan@{lab.domain}", f"anna@{lab.domain}"
    with XmppPeer(lab, "ivan") as ivan:
        app.window.open_chat(ivan_jid)
        pane = app.window.chat
        ivan.chat_state(anna_jid, "composing")
        # Under the conversation, by name and patronymic (the lab's vCard: Иван Петрович)
        qtbot.waitUntil(pane.typing_line.isVisible, timeout=5000)
        assert pane.typing_line.text() == "Иван Петрович is typing…"
        ivan.chat_state(anna_jid, "paused")
        qtbot.waitUntil(lambda: not pane.typing_line.isVisible(), timeout=5000)
        qtbot.keyClicks(pane.input, "Minutku")
        qtbot.waitUntil(lambda: "composing" in ivan.states, timeout=5000)


@pytest.mark.lab  # starts a lab of its own
def test_500_messages_of_history_load_from_the_server_and_scroll(
        qtbot: QtBot, qapp: QApplication, tmp_path: Path) -> None:
    with Lab(tmp_path / "lab", free_port(), free_port()) as lab:
        anna_jid, ivan_jid = f"anna@{lab.domain}", f"ivan@{lab.domain}"
        with XmppPeer(lab, "anna") as other_device, XmppPeer(lab, "ivan") as ivan:
            for i in range(500):  # delivered to anna's other device, archived by the server
                ivan.send(anna_jid, f"сообщение {i:03d}", f"h-{i:03d}")
            qtbot.waitUntil(lambda: len(other_device.messages) == 500, timeout=30000)
        app = make_app(qapp, lab, tmp_path / "app")  # a new install: nothing cached here
        try:
            qtbot.waitUntil(lambda: app.chat.state is LinkState.ONLINE, timeout=10000)
            app.window.open_chat(ivan_jid)
            pane = app.window.chat
            qtbot.waitUntil(lambda: len(pane.messages) > 0, timeout=10000)
            assert pane.messages[-1].body == "сообщение 499"  # the newest first
            bar = pane.view.verticalScrollBar()
            assert bar.value() == bar.maximum()  # opened at the newest
            # The point: a long document is laid out in steps after it is set; watched for
            # that long, the view must not slide up.
            qtbot.wait(500)
            assert bar.value() == bar.maximum() > 0  # and stays at the newest meanwhile
            old = bar.maximum()
            app.window.resize(app.window.width(), app.window.height() - 200)  # a lower window
            qtbot.waitUntil(lambda: bar.maximum() > old)
            assert bar.value() == bar.maximum()  # still at the newest
            for _ in range(100):  # the server answers in pages (see the note on #5)
                if len(pane.messages) == 500:
                    break
                shown = len(pane.messages)
                bar.setValue(0)  # the specialist scrolls to the top: older pages come
                qtbot.waitUntil(lambda n=shown: len(pane.messages) > n, timeout=10000)
                assert bar.value() > 0  # the reader stays where they were, not at the top
            assert [m.body for m in pane.messages] == [f"сообщение {i:03d}" for i in range(500)]
        finally:
            close_app(app)


def test_a_forged_quote_shows_what_was_really_said_and_an_unknown_one_is_marked(
        qtbot: QtBot, lab: LabInfo, app: Deskline) -> None:
    """XEP-0461 quotes are the sender's claim (#15.14): ivan quotes our message with words
    we never wrote; the pane shows our real words. A quote of a message this conversation
    does not have is shown, marked as not found."""
    qtbot.waitUntil(lambda: app.chat.state is LinkState.ONLINE, timeout=10000)
    ivan_jid, anna_jid = f"ivan@{lab.domain}", f"anna@{lab.domain}"
    with XmppPeer(lab, "ivan") as ivan:
        app.window.open_chat(ivan_jid)
        pane = app.window.chat
        ours = write(qtbot, pane, ivan, "Refund approved: 500 rub")["id"]
        ivan.reply(anna_jid, "Thanks!", ours, "Refund approved: 50000 rub", "forged-1")
        ivan.reply(anna_jid, "And this?", "never-sent", "You promised a gift", "forged-2")
        qtbot.waitUntil(lambda: "And this?" in pane.view.toPlainText(), timeout=5000)
        shown = pane.view.toPlainText()
        assert "❝ Refund approved: 500 rub" in shown
        assert "50000" not in shown
        assert "(quoted message not found here) ❝ You promised a gift" in shown


def test_a_message_from_a_stranger_can_be_opened_from_the_list(
        qtbot: QtBot, lab: LabInfo, app: Deskline) -> None:
    """Someone outside the roster writes (#15.14): listed, marked, and a click opens it."""
    qtbot.waitUntil(lambda: app.chat.state is LinkState.ONLINE, timeout=10000)
    stranger = f"stranger@{lab.domain}"
    with XmppPeer(lab, "stranger", stranger_password="s3cret-stranger") as peer:
        peer.send(f"anna@{lab.domain}", "Hello, I am not in your contacts")
        qtbot.waitUntil(lambda: any("not in your contacts" in n for n in names(app)),
                        timeout=5000)
    lst = app.window.contacts.list
    row = next(i for i in range(lst.count()) if stranger in lst.item(i).text())
    qtbot.mouseClick(lst.viewport(), Qt.MouseButton.LeftButton,
                     pos=lst.visualItemRect(lst.item(row)).center())
    pane = app.window.chat
    assert pane.peer == stranger
    assert "Hello, I am not in your contacts" in pane.view.toPlainText()


def test_a_correction_from_gajim_replaces_the_text(qtbot: QtBot, lab: LabInfo,
                                                   app: Deskline) -> None:
    """XEP-0308 (#14.5): the corrected text replaces the wrong one, marked edited; it stays
    corrected after reopening; a "correction" of a message we never had is a new one."""
    qtbot.waitUntil(lambda: app.chat.state is LinkState.ONLINE, timeout=10000)
    ivan_jid, anna_jid = f"ivan@{lab.domain}", f"anna@{lab.domain}"
    with XmppPeer(lab, "ivan") as ivan:
        app.window.open_chat(ivan_jid)
        pane = app.window.chat
        ivan.send_raw(gajim_message(anna_jid, "gj-corr-1", "Счёт №77 не пришол"))
        qtbot.waitUntil(lambda: "не пришол" in pane.view.toPlainText(), timeout=5000)
        ivan.send_raw(gajim_message(anna_jid, "gj-corr-2", "Счёт №77 не пришёл",
                                    replaces="gj-corr-1"))
        qtbot.waitUntil(lambda: "не пришёл" in pane.view.toPlainText(), timeout=5000)
        ivan.send_raw(gajim_message(anna_jid, "gj-corr-3", "Новый текст",
                                    replaces="never-had-it"))
        qtbot.waitUntil(lambda: "Новый текст" in pane.view.toPlainText(), timeout=5000)
    shown = pane.view.toPlainText()
    assert "не пришол" not in shown
    assert "(edited)" in shown
    assert [m.id for m in pane.messages if "Счёт №77" in m.body] == ["gj-corr-1"]
    app.window.open_chat(f"vera@{lab.domain}")
    app.window.open_chat(ivan_jid)
    assert "не пришёл" in pane.view.toPlainText()
    assert "не пришол" not in pane.view.toPlainText()


def test_a_quote_typed_as_lines_in_gajim_shows_as_a_quote_of_our_message(
        qtbot: QtBot, lab: LabInfo, app: Deskline) -> None:
    """Gajim 1.7 quotes by "> " lines in the body (#14.6): shown as a quote, linked to our
    message; the answer alone is the body."""
    qtbot.waitUntil(lambda: app.chat.state is LinkState.ONLINE, timeout=10000)
    ivan_jid, anna_jid = f"ivan@{lab.domain}", f"anna@{lab.domain}"
    with XmppPeer(lab, "ivan") as ivan:
        app.window.open_chat(ivan_jid)
        pane = app.window.chat
        ours = write(qtbot, pane, ivan, "Please restart the router")["id"]
        ivan.send_raw(gajim_message(anna_jid, "gj-q-1",
                                    "&gt; Please restart the router\nDone, it works"))
        qtbot.waitUntil(lambda: any(m.id == "gj-q-1" for m in pane.messages), timeout=5000)
    answer = next(m for m in pane.messages if m.id == "gj-q-1")
    assert (answer.reply_to, answer.quote, answer.body) == (
        ours, "Please restart the router", "Done, it works")
    qtbot.waitUntil(lambda: "❝ Please restart the router" in pane.view.toPlainText(),
                    timeout=1000)
    assert "> Please" not in pane.view.toPlainText()


def test_our_reply_loaded_from_the_archive_on_a_new_install_is_a_quote_with_two_ticks(
        qtbot: QtBot, qapp: QApplication, lab: LabInfo, app: Deskline,
        tmp_path: Path) -> None:
    """A fresh profile loads the conversation from the server's archive (#14.6): our reply
    shows its quote (not the "> " fallback), and ✓✓ once the client answered after it."""
    qtbot.waitUntil(lambda: app.chat.state is LinkState.ONLINE, timeout=10000)
    ivan_jid, anna_jid = f"ivan@{lab.domain}", f"anna@{lab.domain}"
    with XmppPeer(lab, "ivan") as ivan:
        ivan.send(anna_jid, "Archive question 42", "arch-q-1")
        app.window.open_chat(ivan_jid)
        pane = app.window.chat
        qtbot.waitUntil(lambda: any(m.id == "arch-q-1" for m in pane.messages),
                        timeout=5000)
        cursor = pane.view.document().find("Archive question 42")
        pane.view.setTextCursor(cursor)
        qtbot.mouseClick(pane.quote_button, Qt.MouseButton.LeftButton)
        write(qtbot, pane, ivan, "Archive answer 42")
        ivan.send(anna_jid, "Archive thanks 42", "arch-t-1")
        qtbot.waitUntil(lambda: any(m.id == "arch-t-1" for m in pane.messages),
                        timeout=5000)
    fresh = make_app(qapp, lab, tmp_path / "fresh")
    try:
        qtbot.waitUntil(lambda: fresh.chat.state is LinkState.ONLINE, timeout=10000)
        fresh.window.open_chat(ivan_jid)
        view = fresh.window.chat
        qtbot.waitUntil(lambda: any(m.body == "Archive answer 42" for m in view.messages),
                        timeout=10000)
        ours = next(m for m in view.messages if m.body == "Archive answer 42")
        assert ours.quote == "Archive question 42"
        assert ours.state == "delivered"
        qtbot.waitUntil(lambda: "❝ Archive question 42" in view.view.toPlainText(),
                        timeout=1000)
        assert "> Archive question" not in view.view.toPlainText()
    finally:
        close_app(fresh)


def test_a_message_appended_to_the_view_starts_a_paragraph_of_its_own(qtbot: QtBot) -> None:
    """New messages are appended to the document: the first paragraph appended used to join
    the last one shown ("…адрес почты.18:03 Сидоров…")."""
    view = ChatView("You")
    qtbot.addWidget(view)
    first = ChatMessage("v-1", "ivan@x", False, "First message", 1_764_500_000.0)
    view.show_messages([first], "Ivan")
    view.put(ChatMessage("v-2", "ivan@x", True, "Second message", 1_764_500_060.0))
    qtbot.waitUntil(lambda: "Second message" in view.toPlainText(), timeout=2000)
    lines = view.toPlainText().splitlines()
    assert "First message" in lines  # a line of its own, nothing glued after it


class Opened(QObject):
    """Stands for the browser and the mail program (QDesktopServices' handler of a scheme)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url.toString())


def test_addresses_in_a_message_are_links_and_a_click_opens_them(
        qtbot: QtBot, lab: LabInfo, app: Deskline) -> None:
    qtbot.waitUntil(lambda: app.chat.state is LinkState.ONLINE, timeout=10000)
    pane = app.window.chat
    ivan = f"ivan@{lab.domain}"
    app.window.open_chat(ivan)
    with XmppPeer(lab, "ivan") as peer:
        peer.send(f"anna@{lab.domain}", "Счёт тут: https://romashka.example/inv?n=15&y=2026, "
                  "копию на sidorov@romashka.example. <b>не жирный</b>")
        qtbot.waitUntil(lambda: "sidorov@romashka.example" in pane.view.toPlainText(),
                        timeout=10000)
    view = pane.view
    hrefs: dict[str, int] = {}
    block = view.document().begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            if fragment.charFormat().anchorHref():
                hrefs[fragment.charFormat().anchorHref()] = fragment.position()
            fragments += 1
        block = block.next()
    assert set(hrefs) == {"https://romashka.example/inv?n=15&y=2026",
                          "mailto:sidorov@romashka.example"}  # (the comma and dot outside)
    assert "<b>не жирный</b>" in view.toPlainText()  # a sender's markup stays words
    opened = Opened()
    QDesktopServices.setUrlHandler("https", opened, "open")
    QDesktopServices.setUrlHandler("mailto", opened, "open")
    try:
        for href, at in hrefs.items():
            cursor = view.textCursor()
            cursor.setPosition(at + 2)
            qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                             pos=view.cursorRect(cursor).center())
            qtbot.waitUntil(lambda h=href: h in opened.urls, timeout=5000)
    finally:
        QDesktopServices.unsetUrlHandler("https")
        QDesktopServices.unsetUrlHandler("mailto")
