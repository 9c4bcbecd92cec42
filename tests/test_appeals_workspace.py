"""The appeals workspace in the real app graph against the lab's Prosody and a real desk,
driven through its real controls (clicks on the feed, the appeal's bar, the dialogs, keys in
the message input): the queue and Take, transfer choices and the second-transfer question,
the control question's countdown and auto-finish, the client's card, the vendor's line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QListWidget,
    QMenu,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop.app import Deskline
from desktop.bus import AppealInfo, AppealState, LinkState, Status
from desktop.lab.lab import LabInfo
from desktop.ui.transfer_dialog import TransferDialog
from supportdesk.config import DeskConfig, Line, Organisation
from supportdesk.routing import Availability
from tests.apps import choose_in_menu, when_shown
from tests.peers.client import PeerProcess
from tests.peers.xmpp_peer import XmppPeer
from tests.supportdesk_rig import RunningDesk, action, knows, said, wait

NS = "urn:deskline:desk:1"


def three_lines(lab: LabInfo, tmp_path: Path, auto_finish_minutes: float = 5) -> DeskConfig:
    """Support and accounting connected for ivan's and maria's company, sales for nobody;
    the vendor's line (vera) for the specialists' own company."""
    d = lab.domain
    staff = (f"anna@{d}", f"boris@{d}")
    return DeskConfig(
        d, "127.0.0.1", lab.desk_port, lab.desk_secret,
        f"sqlite:///{tmp_path / 'desk.sqlite3'}",
        (Line("support", "Техподдержка", "", 300, 3, auto_finish_minutes, staff,
              (f"vera@{d}",)),
         Line("accounting", "Бухгалтерия", "", 300, 3, 5, staff, ()),
         Line("sales", "Продажи", "", 300, 3, 5, staff, ()),
         Line("deskline", "Deskline: Техподдержка", "", 300, 3, 5, (f"vera@{d}",), ())),
        (Organisation("ООО «Ромашка»", (f"ivan@{d}", f"maria@{d}"), ("support", "accounting")),
         Organisation("Deskline", (f"anna@{d}", f"boris@{d}"), ("deskline",))))


def kinds(desk: RunningDesk, appeal: int) -> list[str]:
    """The kinds of the appeal's steps, as the desk has stored them."""
    assert desk.component is not None
    return [step.kind for step in desk.component.service.store.timeline(appeal)]


def online(qtbot: QtBot, app: Deskline) -> None:
    qtbot.waitUntil(lambda: app.chat.state is LinkState.ONLINE, timeout=10000)


def appeal_of(qtbot: QtBot, app: Deskline, client: str, state: AppealState) -> AppealInfo:
    def found() -> AppealInfo | None:
        return next((a for a in app.appeals.appeals.values()
                     if a.client == client and a.state is state), None)
    qtbot.waitUntil(lambda: found() is not None, timeout=10000)
    appeal = found()
    assert appeal is not None
    return appeal


def click_row(qtbot: QtBot, app: Deskline, appeal: int) -> None:
    """A click on the appeal's row of the feed (laid out at the next turn of the loop)."""
    feed = app.window.feed
    app.window.left_tabs.setCurrentWidget(feed)
    qtbot.waitUntil(lambda: feed.row_of(appeal) is not None, timeout=5000)
    item = feed.row_of(appeal)
    assert item is not None
    feed.list.scrollToItem(item)
    qtbot.mouseClick(feed.list.viewport(), Qt.MouseButton.LeftButton,
                     pos=feed.list.visualItemRect(item).center())
    assert feed.current() is not None
    assert feed.current().id == appeal


def click_item(qtbot: QtBot, widget: QListWidget, text: str) -> None:
    item = next(widget.item(i) for i in range(widget.count()) if text in widget.item(i).text())
    qtbot.mouseClick(widget.viewport(), Qt.MouseButton.LeftButton,
                     pos=widget.visualItemRect(item).center())


def accepted_and_open(qtbot: QtBot, app: Deskline, client: XmppPeer, line: str,
                      text: str, stanza_id: str = "") -> AppealInfo:
    """The client writes; the offer's row clicked, Enter: accepted, its conversation open."""
    client.send(line, text, stanza_id)
    offer = appeal_of(qtbot, app, client.jid, AppealState.OFFERED)
    click_row(qtbot, app, offer.id)
    qtbot.keyClick(app.window.feed.list, Qt.Key.Key_Return)  # accepts and opens
    qtbot.waitUntil(lambda: app.window.chat.peer == offer.address, timeout=5000)
    return offer


def in_work_and_open(qtbot: QtBot, app: Deskline, client: XmppPeer, line: str,
                     text: str) -> AppealInfo:
    """As accepted_and_open, and the desk has taken the accept (in work)."""
    appeal = accepted_and_open(qtbot, app, client, line, text)
    qtbot.waitUntil(lambda: app.appeals.appeals[appeal.id].state is AppealState.IN_WORK,
                    timeout=5000)
    return appeal


def texts(widget: QListWidget) -> list[str]:
    return [widget.item(i).text() for i in range(widget.count())]


def press(qtbot: QtBot, button: QWidget) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def answering(qtbot: QtBot, asked: list[str],
              button: QMessageBox.StandardButton) -> Callable[[QDialog], None]:
    """A question box answered with `button` (a click), its text kept in `asked`."""
    def act(box: QDialog) -> None:
        assert isinstance(box, QMessageBox)
        asked.append(box.text())
        press(qtbot, box.button(button))
    return act


def test_with_everyone_busy_the_appeal_waits_in_the_queue_and_is_taken_from_it(
        qtbot: QtBot, lab: LabInfo, app: Deskline, tmp_path: Path) -> None:
    online(qtbot, app)
    window, feed = app.window, app.window.feed
    app.chat.set_status(Status.BUSY)
    with RunningDesk(three_lines(lab, tmp_path)) as desk, XmppPeer(lab, "maria") as maria, \
            XmppPeer(lab, "boris", desk_show="dnd"):
        knows(desk, lab, anna=Availability.BUSY, boris=Availability.BUSY)
        line = f"support@desk.{lab.domain}"
        maria.send(line, "Есть кто-нибудь?")
        wait(lambda: said(maria, line, "1-й в очереди"))
        queued = appeal_of(qtbot, app, f"maria@{lab.domain}", AppealState.QUEUED)
        qtbot.waitUntil(lambda: "Queue of my lines (1)" in texts(feed.list), timeout=5000)
        assert app.appeals.mine() == []  # nothing offered while busy for new ones
        click_row(qtbot, app, queued.id)
        assert feed.take_button.isVisible()
        assert not feed.accept_button.isVisible()
        press(qtbot, feed.take_button)
        qtbot.waitUntil(lambda: app.appeals.appeals[queued.id].state is AppealState.IN_WORK,
                        timeout=5000)
        assert window.chat.peer == queued.address
        qtbot.waitUntil(lambda: "Есть кто-нибудь?" in window.chat.view.toPlainText(),
                        timeout=5000)  # her words, fetched from the desk
        qtbot.waitUntil(lambda: "Queue of my lines (1)" not in texts(feed.list), timeout=5000)
        qtbot.keyClicks(window.chat.input, "Yes, I am here")
        qtbot.keyClick(window.chat.input, Qt.Key.Key_Return)
        wait(lambda: said(maria, line, "Yes, I am here"))


def test_transfer_offers_online_colleagues_and_connected_lines_and_asks_before_a_second(
        qtbot: QtBot, lab: LabInfo, app: Deskline, tmp_path: Path) -> None:
    online(qtbot, app)
    window, bar = app.window, app.window.appeal_bar
    anna, boris_jid = f"anna@{lab.domain}", f"boris@{lab.domain}"
    with RunningDesk(three_lines(lab, tmp_path)) as desk, XmppPeer(lab, "ivan") as ivan, \
            XmppPeer(lab, "boris", desk_show="dnd") as boris:
        qtbot.waitUntil(lambda: app.chat.contacts[boris_jid].status is not Status.OFFLINE,
                        timeout=10000)
        ivan.send(f"support@desk.{lab.domain}", "Нужна бухгалтерия", "tr-1")
        offer = appeal_of(qtbot, app, f"ivan@{lab.domain}", AppealState.OFFERED)
        click_row(qtbot, app, offer.id)
        press(qtbot, window.feed.accept_button)
        qtbot.waitUntil(lambda: app.appeals.appeals[offer.id].state is AppealState.IN_WORK,
                        timeout=5000)
        assert window.chat.peer == offer.address
        assert bar.isVisible()
        qtbot.waitUntil(lambda: offer.id in app.appeals.cards, timeout=5000)

        seen: dict[str, list[str]] = {}

        def to_boris(dialog: QDialog) -> None:
            assert isinstance(dialog, TransferDialog)
            seen["colleagues"] = texts(dialog.colleagues)
            assert dialog.lines is not None
            seen["lines"] = texts(dialog.lines)
            click_item(qtbot, dialog.colleagues, "Смирнова")  # vera: offline
            seen["offline chosen"] = [i.text() for i in dialog.colleagues.selectedItems()]
            click_item(qtbot, dialog.colleagues, "Иванов Борис")
            qtbot.keyClick(dialog, Qt.Key.Key_Return)

        when_shown(TransferDialog, to_boris)
        press(qtbot, bar.transfer_button)
        qtbot.waitUntil(lambda: app.appeals.appeals[offer.id].state is AppealState.HANDED_ON,
                        timeout=5000)
        assert seen["colleagues"][0].startswith("● Иванов Борис")  # online first
        assert "Смирнова Вера Николаевна" in seen["colleagues"][1]
        assert not any("Смирнова" in t for t in seen["offline chosen"])  # cannot be chosen
        assert seen["lines"] == ["Бухгалтерия"]  # not sales (not his), not this one
        wait(lambda: any("передано вам" in m["body"] for m in boris.messages))
        assert window.chat.peer == offer.address
        assert not bar.transfer_button.isEnabled()
        assert not window.chat.input.isEnabled()  # handed on: read, not written to

        # boris hands it back (a second transfer: he confirms it); anna's third needs a yes.
        assert action(boris, offer.address,
                      f"<transfer xmlns='{NS}' to='{anna}' confirm='true'/>",
                      "back") == ("result", "")
        qtbot.waitUntil(lambda: app.appeals.appeals[offer.id].state is AppealState.IN_WORK,
                        timeout=5000)
        assert app.appeals.appeals[offer.id].transfers == 2
        assert window.chat.input.isEnabled()  # hers again

        def to_accounting(dialog: QDialog) -> None:
            assert isinstance(dialog, TransferDialog)
            assert dialog.lines is not None
            click_item(qtbot, dialog.lines, "Бухгалтерия")
            qtbot.keyClick(dialog, Qt.Key.Key_Return)

        asked: list[str] = []

        def answer(button: QMessageBox.StandardButton) -> Callable[[QDialog], None]:
            return answering(qtbot, asked, button)

        when_shown(TransferDialog, to_accounting)
        when_shown(QMessageBox, answer(QMessageBox.StandardButton.No))
        press(qtbot, bar.transfer_button)
        qtbot.waitUntil(lambda: len(asked) == 1, timeout=5000)
        assert "At most one transfer is recommended" in asked[0]
        qtbot.wait(500)  # proving that nothing is sent: time for a wrong transfer
        assert app.appeals.appeals[offer.id].state is AppealState.IN_WORK  # nothing sent

        when_shown(TransferDialog, to_accounting)
        when_shown(QMessageBox, answer(QMessageBox.StandardButton.Yes))
        press(qtbot, bar.transfer_button)
        qtbot.waitUntil(lambda: len(asked) == 2, timeout=5000)
        assert desk.component is not None
        store = desk.component.service.store
        wait(lambda: [s.detail for s in store.timeline(offer.id) if s.kind == "transferred"]
             == [boris_jid, anna, "line:accounting"])


def test_the_control_question_counts_down_and_finishes_unless_the_client_answers(
        qtbot: QtBot, lab: LabInfo, app: Deskline, tmp_path: Path) -> None:
    online(qtbot, app)
    window, bar = app.window, app.window.appeal_bar
    line = f"support@desk.{lab.domain}"
    control = "Могу ли я вам ещё чем-нибудь помочь?"  # quick reply 3, marked in Settings

    def accept_and_ask(client: XmppPeer) -> AppealInfo:
        offer = accepted_and_open(qtbot, app, client, line, "Вопрос")
        qtbot.keyClick(window.chat.input, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
        assert window.chat.input.toPlainText() == control
        qtbot.keyClick(window.chat.input, Qt.Key.Key_Return)
        wait(lambda: said(client, line, control))
        qtbot.waitUntil(lambda: app.appeals.appeals[offer.id].control_until > 0, timeout=5000)
        return offer

    config = three_lines(lab, tmp_path, auto_finish_minutes=0.1)  # 6 s
    with RunningDesk(config) as desk, XmppPeer(lab, "ivan") as ivan, \
            XmppPeer(lab, "maria") as maria:
        knows(desk, lab, anna=Availability.FREE)
        asked = accept_and_ask(ivan)
        qtbot.waitUntil(lambda: "finishes by itself in 0:0" in bar.clock_label.text(),
                        timeout=3000)
        row = window.feed.row_of(asked.id)
        assert row is not None
        assert "finishes by itself in 0:0" in row.text()
        qtbot.waitUntil(lambda: app.appeals.appeals[asked.id].state is AppealState.FINISHED,
                        timeout=10000)  # by the desk, with nobody's click
        wait(lambda: said(ivan, line, "Оцените"))
        # Asked once, recorded once (the app sent it again with each of the message's
        # states: sent, delivered).
        assert kinds(desk, asked.id).count("control_question") == 1
        qtbot.waitUntil(lambda: "Finished today (1)" in texts(window.feed.list), timeout=3000)
        assert "In work (1)" not in texts(window.feed.list)

        answered = accept_and_ask(maria)
        maria.send(line, "Да, ещё один вопрос")
        qtbot.waitUntil(lambda: app.appeals.appeals[answered.id].control_until == 0,
                        timeout=5000)
        assert bar.clock_label.text() == ""
        qtbot.wait(8000)  # past the six seconds: still hers
        assert app.appeals.appeals[answered.id].state is AppealState.IN_WORK
        assert not said(maria, line, "Оцените")


def test_the_curtain_shows_the_clients_company_lines_and_earlier_appeals(
        qtbot: QtBot, lab: LabInfo, app: Deskline, tmp_path: Path) -> None:
    online(qtbot, app)
    window = app.window
    line = f"support@desk.{lab.domain}"
    with RunningDesk(three_lines(lab, tmp_path)) as desk, XmppPeer(lab, "ivan") as ivan:
        knows(desk, lab, anna=Availability.FREE)
        ivan.send(line, "Первый вопрос")
        first = appeal_of(qtbot, app, f"ivan@{lab.domain}", AppealState.OFFERED)
        click_row(qtbot, app, first.id)
        qtbot.keyClick(window.feed.list, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: app.appeals.appeals[first.id].state is AppealState.IN_WORK,
                        timeout=5000)

        press(qtbot, window.appeal_bar.note_button)  # an internal note: the appeal's comment
        qtbot.keyClicks(window.chat.input, "asked for the November invoice")
        qtbot.keyClick(window.chat.input, Qt.Key.Key_Return)
        wait(lambda: "commented" in kinds(desk, first.id))
        press(qtbot, window.appeal_bar.finish_button)
        wait(lambda: said(ivan, line, "Оцените"))
        ivan.send(line, "4 — долго, но помогли")
        qtbot.waitUntil(lambda: app.appeals.appeals[first.id].score == 4, timeout=5000)
        ivan.send(line, "Снова я")
        second = appeal_of(qtbot, app, f"ivan@{lab.domain}", AppealState.OFFERED)
        click_row(qtbot, app, second.id)
        qtbot.keyClick(window.feed.list, Qt.Key.Key_Return)
        card = window.appeal_card
        qtbot.waitUntil(lambda: card.isVisible() and "Previous appeals" in card.text.text(),
                        timeout=5000)
        shown = card.text.text()
        assert "ООО «Ромашка»" in shown
        assert "Техподдержка, Бухгалтерия" in shown
        assert f"№{first.id}" in shown
        assert "★ 4" in shown
        assert "долго, но помогли" in shown
        assert "asked for the November invoice" in shown
        assert "Петрова Анна Сергеевна" in shown  # who had it
        # The earlier appeal opens read-only from its number (a link: Tab reaches it, Enter
        # opens it): its conversation, its note and its rating.
        qtbot.waitUntil(lambda: app.appeals.appeals[second.id].state is AppealState.IN_WORK,
                        timeout=5000)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=5000)
        card.text.setFocus()
        qtbot.keyClick(card.text, Qt.Key.Key_Tab)
        qtbot.keyClick(card.text, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: window.chat.peer == first.address, timeout=5000)
        qtbot.waitUntil(lambda: "Первый вопрос" in window.chat.view.toPlainText(), timeout=5000)
        shown = window.chat.view.toPlainText()
        assert "asked for the November invoice" in shown
        assert "internal note, colleagues only" in shown
        assert "is finished: read only" in window.chat.input.placeholderText()
        assert not window.chat.input.isEnabled()
        assert f"№{first.id}" in window.chat.title.text()
        qtbot.waitUntil(lambda: card.isVisible() and f"№{second.id}" in card.text.text(),
                        timeout=5000)  # the client's card stays, this one's others listed


def test_the_vendors_line_is_written_to_from_the_menu(
        qtbot: QtBot, lab: LabInfo, app: Deskline, tmp_path: Path) -> None:
    online(qtbot, app)
    window = app.window
    vendor = f"deskline@desk.{lab.domain}"

    def choose(menu: QMenu) -> None:
        rect = menu.actionGeometry(window.vendor_action)
        qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=rect.center())

    def look() -> None:
        menus = [w for w in QApplication.topLevelWidgets()
                 if isinstance(w, QMenu) and w.isVisible()]
        if menus:
            choose(menus[0])
        else:
            QTimer.singleShot(20, look)

    with RunningDesk(three_lines(lab, tmp_path)) as desk, \
            XmppPeer(lab, "vera", desk_show="") as vera:
        knows(desk, lab, vera=Availability.FREE)
        QTimer.singleShot(20, look)
        qtbot.mouseClick(window.header.menu_button, Qt.MouseButton.LeftButton,
                         pos=QPoint(5, 5))
        qtbot.waitUntil(lambda: window.chat.peer == vendor, timeout=5000)
        assert window.chat.title.text().startswith("Deskline support")
        assert not window.appeal_bar.isVisible()  # here I am the client
        qtbot.keyClicks(window.chat.input, "The feed does not scroll")
        qtbot.keyClick(window.chat.input, Qt.Key.Key_Return)
        wait(lambda: any("The feed does not scroll" in m["body"] and m["from"].startswith("a")
                         for m in vera.messages))  # offered to the vendor's specialist
        assert app.appeals.mine() == []



def test_a_clients_correction_edits_the_message_the_specialist_sees(
        qtbot: QtBot, lab: LabInfo, app: Deskline, tmp_path: Path) -> None:
    """XEP-0308 (Gajim's and Conversations' "correct the last message") through the desk:
    one message, its text the corrected one, marked edited; not two."""
    online(qtbot, app)
    window = app.window
    line = f"support@desk.{lab.domain}"
    with RunningDesk(three_lines(lab, tmp_path)) as desk, XmppPeer(lab, "ivan") as ivan:
        knows(desk, lab, anna=Availability.FREE)
        offer = accepted_and_open(qtbot, app, ivan, line, "Модем мигает красным с утра",
                                  "fix-1")
        ivan.send_raw(f"<message to='{line}' type='chat' id='fix-2'><body>Модем мигает "
                      "красным с утра, модель ZTE</body><replace id='fix-1' "
                      "xmlns='urn:xmpp:message-correct:0'/></message>")
        qtbot.waitUntil(lambda: any("ZTE" in m.body for m in window.chat.messages),
                        timeout=5000)
        theirs = [m for m in window.chat.messages if m.body.startswith("Модем")]
        assert [(m.body, m.edited) for m in theirs] == [
            ("Модем мигает красным с утра, модель ZTE", True)]
        assert [m.body for m in desk.component.service.store.conversation(offer.id)
                if m.sender == f"ivan@{lab.domain}"] == [
            "Модем мигает красным с утра, модель ZTE"]  # (the desk keeps the new text)


def test_what_the_client_corrects_and_adds_while_offered_is_seen_once_accepted(
        qtbot: QtBot, lab: LabInfo, app: Deskline, tmp_path: Path) -> None:
    """The app reads the conversation when the offer comes; the client corrects their
    message and adds another before the specialist accepts: both are in the conversation
    that opens (they reached nobody: the desk kept them for an accept that never told)."""
    online(qtbot, app)
    window = app.window
    line = f"support@desk.{lab.domain}"
    with RunningDesk(three_lines(lab, tmp_path)) as desk, XmppPeer(lab, "ivan") as ivan:
        knows(desk, lab, anna=Availability.FREE)
        ivan.send(line, "Касса не печатает чек", "ofr-1")
        offer = appeal_of(qtbot, app, ivan.jid, AppealState.OFFERED)
        qtbot.waitUntil(lambda: [m.body for m in app.chats.conversation(offer.address, 10)]
                        == ["Касса не печатает чек"], timeout=5000)  # the offer read
        ivan.send_raw(f"<message to='{line}' type='chat' id='ofr-2'><body>Касса не печатает "
                      "чек, Атол 30Ф</body><replace id='ofr-1' "
                      "xmlns='urn:xmpp:message-correct:0'/></message>")
        ivan.send(line, "Бумага есть", "ofr-3")
        store = desk.component.service.store
        wait(lambda: [m.body for m in store.conversation(offer.id)] == [
            "Касса не печатает чек, Атол 30Ф", "Бумага есть"])
        click_row(qtbot, app, offer.id)
        qtbot.keyClick(window.feed.list, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: window.chat.peer == offer.address, timeout=5000)
        qtbot.waitUntil(lambda: [(m.body, m.edited) for m in window.chat.messages
                                 if not m.outgoing] == [
            ("Касса не печатает чек, Атол 30Ф", True), ("Бумага есть", False)],
            timeout=5000)
        # The client types: said under the conversation, as he is addressed.
        ivan.chat_state(line, "composing")
        qtbot.waitUntil(window.chat.typing_line.isVisible, timeout=5000)
        assert window.chat.typing_line.text() == "Иван Петрович is typing…"


def test_a_new_desk_store_s_first_appeal_is_not_shown_with_an_old_one_s(
        qtbot: QtBot, lab: LabInfo, app: Deskline, tmp_path: Path) -> None:
    """A desk with a fresh store (the lab started again, a desk on a new server) numbers
    from 1 again: its №1 opens with its own conversation, not with the words of the №1 the
    app cached from the old store (they were shown inside the new one)."""
    online(qtbot, app)
    window = app.window
    line = f"support@desk.{lab.domain}"
    (tmp_path / "old").mkdir()
    (tmp_path / "new").mkdir()
    with RunningDesk(three_lines(lab, tmp_path / "old")) as desk, \
            XmppPeer(lab, "ivan") as ivan:
        knows(desk, lab, anna=Availability.FREE)
        old = accepted_and_open(qtbot, app, ivan, line, "Старый вопрос о счёте")
        qtbot.waitUntil(lambda: any("Старый вопрос" in m.body for m in window.chat.messages),
                        timeout=5000)
        qtbot.waitUntil(lambda: app.appeals.appeals[old.id].state is AppealState.IN_WORK,
                        timeout=5000)
        qtbot.keyClicks(window.chat.input, "Old answer about the invoice")  # (in our archive)
        qtbot.keyClick(window.chat.input, Qt.Key.Key_Return)
        wait(lambda: said(ivan, line, "Old answer about the invoice"))
    histories: list[str] = []
    app.chats.history_loaded.connect(lambda peer, _new: histories.append(peer))
    with RunningDesk(three_lines(lab, tmp_path / "new")) as desk, \
            XmppPeer(lab, "maria") as maria:
        knows(desk, lab, anna=Availability.FREE)
        new = accepted_and_open(qtbot, app, maria, line, "Новый вопрос о кассе")
        assert new.id == old.id  # (the new store counts from 1 too: the same address)
        qtbot.waitUntil(lambda: any("Новый вопрос" in m.body for m in window.chat.messages),
                        timeout=5000)
        # Both histories asked for have come: the offer's, and the one opening it asks
        # (once our server's archive, which has the old №1's words under this address).
        qtbot.waitUntil(lambda: histories.count(new.address) >= 2, timeout=5000)
        assert not any("Стар" in m.body or "Old" in m.body for m in window.chat.messages)
        assert not any("Стар" in m.body or "Old" in m.body
                       for m in app.chats.conversation(new.address, 50))


def test_escalate_with_no_senior_online_says_so_and_keeps_the_appeal(
        qtbot: QtBot, lab: LabInfo, app: Deskline, tmp_path: Path) -> None:
    """vera, the line's senior, is offline: Escalate says no senior is online (it said
    "The colleague is not online: choose someone who is", with nobody to choose)."""
    online(qtbot, app)
    window = app.window
    line = f"support@desk.{lab.domain}"
    with RunningDesk(three_lines(lab, tmp_path)) as desk, XmppPeer(lab, "ivan") as ivan:
        knows(desk, lab, anna=Availability.FREE)
        appeal = in_work_and_open(qtbot, app, ivan, line, "Нужен старший специалист")
        press(qtbot, window.place.bar.escalate_button)
        qtbot.waitUntil(lambda: "No senior of this line is online"
                        in window.statusBar().currentMessage(), timeout=5000)
        assert app.appeals.appeals[appeal.id].state is AppealState.IN_WORK
        # The quick replies' menu says each as it will go, addressed to the client (not
        # to the appeal's address), with its key.
        seen: list[tuple[str, str]] = []

        def read(menu: QMenu) -> None:
            seen.extend((a.text(), a.shortcut().toString()) for a in menu.actions())
            menu.close()

        when_shown(QMenu, read)
        press(qtbot, window.chat.quick)
        qtbot.waitUntil(lambda: bool(seen), timeout=5000)
        assert seen[0][0].startswith("Здравствуйте, Иван Петрович!")
        assert seen[0][1] == "Ctrl+1"
        # Finished (its bar's button): nothing to reply into, so no quick reply or quote.
        assert window.chat.quick.isEnabled()
        press(qtbot, window.place.bar.finish_button)
        qtbot.waitUntil(lambda: not window.chat.input.isEnabled(), timeout=5000)
        assert not window.chat.quick.isEnabled()
        assert not window.chat.quote_button.isEnabled()


def test_a_new_offer_raises_a_banner_with_the_clients_words_and_accept(
        qtbot: QtBot, lab: LabInfo, app: Deskline, tmp_path: Path) -> None:
    """An offer is hard to miss: a banner over the conversation names the client and the
    line with their first words, the feed comes forward (the contacts were in front), and
    the banner's Accept takes it and opens it. While a reply is being typed, the feed
    stays where it is (the banner still says it)."""
    online(qtbot, app)
    window = app.window
    banner = window.place.banner
    line = f"support@desk.{lab.domain}"
    with RunningDesk(three_lines(lab, tmp_path)) as desk, XmppPeer(lab, "ivan") as ivan, \
            XmppPeer(lab, "maria") as maria:
        knows(desk, lab, anna=Availability.FREE)
        window.left_tabs.setCurrentIndex(window.left_tabs.indexOf(window.contacts))
        ivan.send(line, "Не проходит оплата по счёту 77, банк отклоняет", "bn-1")
        offer = appeal_of(qtbot, app, ivan.jid, AppealState.OFFERED)
        qtbot.waitUntil(lambda: banner.isVisible() and "банк отклоняет" in banner.text.text(),
                        timeout=10000)
        assert f"№{offer.id}" in banner.text.text()
        assert "Техподдержка" in banner.text.text()
        assert window.left_tabs.currentWidget() is window.feed
        press(qtbot, banner.accept)
        qtbot.waitUntil(lambda: window.chat.peer == offer.address, timeout=5000)
        qtbot.waitUntil(lambda: app.appeals.appeals[offer.id].state is AppealState.IN_WORK,
                        timeout=5000)
        qtbot.waitUntil(lambda: not banner.isVisible(), timeout=5000)
        # Typing a reply: the next offer's banner shows, the feed does not jump forward.
        window.left_tabs.setCurrentIndex(window.left_tabs.indexOf(window.contacts))
        window.chat.input.setFocus()
        qtbot.keyClicks(window.chat.input, "Checking it now")
        maria.send(line, "Вопрос по кассе", "bn-2")
        qtbot.waitUntil(lambda: banner.isVisible() and "Вопрос по кассе" in banner.text.text(),
                        timeout=10000)
        assert window.left_tabs.currentWidget() is window.contacts


def test_quit_with_an_appeal_in_work_asks_and_stay_keeps_running(
        qtbot: QtBot, lab: LabInfo, app: Deskline, tmp_path: Path) -> None:
    """Quit with an appeal in work asks first, naming how many (it quit at once, and the
    client waited for someone gone); Stay, the default, keeps Deskline running."""
    online(qtbot, app)
    window = app.window
    line = f"support@desk.{lab.domain}"
    with RunningDesk(three_lines(lab, tmp_path)) as desk, XmppPeer(lab, "ivan") as ivan:
        knows(desk, lab, anna=Availability.FREE)
        in_work_and_open(qtbot, app, ivan, line, "Question before lunch")
        asked: list[str] = []
        quit_seen: list[bool] = []
        app.qapp.aboutToQuit.connect(lambda: quit_seen.append(True))
        when_shown(QMessageBox, stay(qtbot, asked))
        choose_in_menu(qtbot, app, window.quit_action)  # Menu → Quit
        qtbot.waitUntil(lambda: bool(asked), timeout=5000)
        assert asked[0].startswith("Appeals in your work: 1.")
        qtbot.wait(100)  # (a quit would have begun by now: an absence has no state)
        assert not quit_seen
        assert window.isVisible()


def stay(qtbot: QtBot, asked: list[str]) -> Callable[[QDialog], None]:
    def act(box: QDialog) -> None:
        assert isinstance(box, QMessageBox)
        asked.append(box.text())
        assert box.defaultButton().text() == "Stay"
        press(qtbot, box.defaultButton())
    return act


def test_finishing_the_chosen_row_asks_when_it_is_not_the_open_appeal(
        qtbot: QtBot, lab: LabInfo, app: Deskline, tmp_path: Path) -> None:
    """ivan's appeal is open; a click chooses maria's row in the feed; its Finish work asks
    first, naming her, and No keeps it in work (it finished the wrong client's at once)."""
    online(qtbot, app)
    window, feed = app.window, app.window.feed
    line = f"support@desk.{lab.domain}"
    with RunningDesk(three_lines(lab, tmp_path)) as desk, XmppPeer(lab, "ivan") as ivan, \
            XmppPeer(lab, "maria") as maria:
        knows(desk, lab, anna=Availability.FREE)
        marias = accepted_and_open(qtbot, app, maria, line, "Вопрос Марии")
        ivans = accepted_and_open(qtbot, app, ivan, line, "Вопрос Ивана")
        qtbot.waitUntil(lambda: app.appeals.appeals[marias.id].state is AppealState.IN_WORK,
                        timeout=5000)
        chosen = feed.current()
        assert chosen is not None
        assert chosen.id == ivans.id  # the open one
        click_row(qtbot, app, marias.id)  # chosen, not opened
        assert window.chat.peer == ivans.address
        asked: list[str] = []

        def answer(button: QMessageBox.StandardButton) -> Callable[[QDialog], None]:
            return answering(qtbot, asked, button)

        when_shown(QMessageBox, answer(QMessageBox.StandardButton.No))
        press(qtbot, feed.finish_button)
        assert len(asked) == 1
        assert f"№{marias.id}" in asked[0]
        assert "Сидоров" not in asked[0]  # it names her, not the open one's client
        assert app.appeals.appeals[marias.id].state is AppealState.IN_WORK
        when_shown(QMessageBox, answer(QMessageBox.StandardButton.Yes))
        press(qtbot, feed.finish_button)
        qtbot.waitUntil(lambda: app.appeals.appeals[marias.id].state
                        is AppealState.FINISHED, timeout=5000)
        assert app.appeals.appeals[ivans.id].state is AppealState.IN_WORK


def test_ctrl_shift_p_then_enter_accepts_the_most_urgent_offer_with_an_appeal_open(
        qtbot: QtBot, lab: LabInfo, app: Deskline, tmp_path: Path) -> None:
    """ivan's appeal is open (its row chosen); maria's offer comes: Ctrl+Shift+P chooses it,
    Enter accepts it (the choice stayed on ivan's row). Home goes to the first row, not the
    heading above it."""
    online(qtbot, app)
    window, feed = app.window, app.window.feed
    line = f"support@desk.{lab.domain}"
    with RunningDesk(three_lines(lab, tmp_path)) as desk, XmppPeer(lab, "ivan") as ivan, \
            XmppPeer(lab, "maria") as maria:
        knows(desk, lab, anna=Availability.FREE)
        ivans = accepted_and_open(qtbot, app, ivan, line, "Вопрос Ивана")
        maria.send(line, "Вопрос Марии")
        marias = appeal_of(qtbot, app, maria.jid, AppealState.OFFERED)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=5000)
        qtbot.keyClick(window.chat.input, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier
                       | Qt.KeyboardModifier.ShiftModifier)
        chosen = feed.current()
        assert chosen is not None
        assert chosen.id == marias.id
        click_row(qtbot, app, ivans.id)
        qtbot.keyClick(feed.list, Qt.Key.Key_Home)
        chosen = feed.current()
        assert chosen is not None
        assert chosen.id == marias.id  # the first row: the offer, under its heading
        qtbot.keyClick(feed.list, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: app.appeals.appeals[marias.id].state is AppealState.IN_WORK,
                        timeout=5000)


def test_a_colleagues_call_shows_his_card_without_the_last_clients_organisation(
        qtbot: QtBot, lab: LabInfo, app: Deskline, tmp_path: Path) -> None:
    """ivan's appeal open, his firm on the card; boris calls anna: the curtain is boris's,
    with no "ООО «Ромашка»" and no previous appeals of ivan under his name."""
    online(qtbot, app)
    qtbot.waitUntil(lambda: app.calls.state is LinkState.ONLINE, timeout=10000)
    window = app.window
    card = window.appeal_card
    line = f"support@desk.{lab.domain}"
    with RunningDesk(three_lines(lab, tmp_path)) as desk, XmppPeer(lab, "ivan") as ivan:
        knows(desk, lab, anna=Availability.FREE)
        accepted_and_open(qtbot, app, ivan, line, "Вопрос Ивана")
        qtbot.waitUntil(lambda: card.isVisible() and "Ромашка" in card.text.text(),
                        timeout=5000)
        with PeerProcess(lab, "boris") as boris:
            boris.send("call", uri=f"sip:anna@127.0.0.1:{lab.sip_port}")
            qtbot.waitUntil(lambda: window.curtain.jid == f"boris@{lab.domain}",
                            timeout=10000)
            assert not card.isVisible()
            boris.send("hangup")
