"""Search in the real app against the lab's Prosody: Ctrl+K finds a person and an old
message by its word forms and opens the conversation at it; Ctrl+F finds in the open
conversation, highlights every match, Enter steps through them, Esc closes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.app import Deskline
from desktop.bus import CallState, LinkState
from desktop.chat.search import FoundKind
from desktop.lab.lab import LabInfo
from desktop.ui.search_popup import SearchPopup
from tests.peers.client import PeerProcess
from tests.peers.xmpp_peer import XmppPeer

OLD = "Please send the reconciliation invoices for November"


def active(qtbot: QtBot, app: Deskline) -> None:
    app.window.show()
    app.window.activateWindow()
    qtbot.waitUntil(app.window.isActiveWindow, timeout=3000)


def search_for(qtbot: QtBot, app: Deskline, text: str) -> SearchPopup:
    """Ctrl+K on the window, `text` typed into the search."""
    active(qtbot, app)
    qtbot.keyClick(app.window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    popup = app.window.search_popup
    assert popup is not None
    qtbot.waitUntil(popup.isVisible, timeout=3000)
    qtbot.keyClicks(popup.field, text)
    return popup


def test_ctrl_k_finds_an_old_message_by_its_word_forms_and_opens_it_there(
        qtbot: QtBot, lab: LabInfo, app: Deskline) -> None:
    qtbot.waitUntil(lambda: app.chat.state is LinkState.ONLINE, timeout=10000)
    ivan_jid = f"ivan@{lab.domain}"
    with XmppPeer(lab, "ivan") as ivan:
        ivan.send(f"anna@{lab.domain}", OLD)
        for n in range(300):  # the old message is far above what a conversation shows
            ivan.send(f"anna@{lab.domain}", f"Line {n} of the log")
        qtbot.waitUntil(lambda: app.chats.store.message_count(
            app.chats.account, ivan_jid) == 301, timeout=20000)
    window = app.window
    popup = search_for(qtbot, app, "invoice reconcil")
    qtbot.waitUntil(lambda: popup.results.count() == 2, timeout=3000)
    assert popup.results.item(0).text() == "Messages"
    line = popup.results.item(1).text()
    assert line.startswith("Сидоров Иван Петрович · ")
    assert "reconciliation invoices" in line
    qtbot.keyClick(popup.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not popup.isVisible(), timeout=3000)
    pane = window.chat
    assert pane.peer == ivan_jid
    assert pane.messages[0].body == OLD  # loaded from the store as far back as it
    assert pane.find_bar.isVisible()
    # The message is in view with its words highlighted.
    top = pane.view.cursorForPosition(pane.view.viewport().rect().topLeft()).position()
    bottom = pane.view.cursorForPosition(pane.view.viewport().rect().bottomLeft()).position()
    selections = pane.view.extraSelections()
    assert selections
    shown = [s for s in selections if top <= s.cursor.selectionStart() <= bottom]
    assert shown
    assert pane.view.textCursor().block().text() == OLD  # the current match is in it
    assert pane.find_bar.count.text() == "1 of 2"  # "reconciliation", "invoices"

    # A person, by part of the name in another case, opens their conversation.
    window.chat.open(f"maria@{lab.domain}")
    active(qtbot, app)
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(popup.isVisible, timeout=3000)
    assert popup.field.selectedText() == "invoice reconcil"  # typing replaces it
    popup.field.insert("Петровичем")
    qtbot.waitUntil(lambda: popup.results.item(0).text() == "People", timeout=3000)
    found = popup.results.item(1).data(Qt.ItemDataRole.UserRole)
    assert (found.kind, found.name) == (FoundKind.PERSON, "Сидоров Иван Петрович")
    rect = popup.results.visualItemRect(popup.results.item(1))
    qtbot.mouseClick(popup.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.chat.peer == ivan_jid


def test_ctrl_f_finds_in_the_conversation_and_steps_through_the_matches(
        qtbot: QtBot, lab: LabInfo, app: Deskline) -> None:
    qtbot.waitUntil(lambda: app.chat.state is LinkState.ONLINE, timeout=10000)
    ivan_jid = f"ivan@{lab.domain}"
    with XmppPeer(lab, "ivan") as ivan:
        for text in ("The printer is offline", "Nothing prints", "PRINTER again: offline"):
            ivan.send(f"anna@{lab.domain}", text)
        qtbot.waitUntil(lambda: app.chats.store.message_count(
            app.chats.account, ivan_jid) == 3, timeout=10000)
    window = app.window
    window.open_chat(ivan_jid)
    pane = window.chat
    qtbot.waitUntil(lambda: "PRINTER again" in pane.view.toPlainText(), timeout=5000)
    active(qtbot, app)
    qtbot.keyClick(pane.input, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = pane.find_bar
    qtbot.waitUntil(bar.isVisible, timeout=3000)
    assert bar.field.hasFocus()
    qtbot.keyClicks(bar.field, "printer")
    assert bar.count.text() == "2 of 2"  # the newest current: the reader is at the bottom
    assert len(pane.view.extraSelections()) == 2
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert bar.count.text() == "1 of 2"
    assert pane.view.textCursor().block().text().endswith("The printer is offline")
    qtbot.mouseClick(bar.previous, Qt.MouseButton.LeftButton)
    assert bar.count.text() == "2 of 2"
    qtbot.keyClicks(bar.field, "x")
    assert bar.count.text() == "Not found"
    assert pane.view.extraSelections() == []
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert pane.view.extraSelections() == []


def test_from_the_search_ctrl_enter_calls_a_person_and_ctrl_1_writes_to_them(
        qtbot: QtBot, lab: LabInfo, app: Deskline) -> None:
    """The frequent tasks in three and four actions (bench/ergonomics.py): Ctrl+K, a name,
    Ctrl+Enter calls the client's mobile; Ctrl+K, a name, Ctrl+1 opens the conversation
    with the greeting addressed by name and patronymic, Enter sends it."""
    qtbot.waitUntil(lambda: app.chat.state is LinkState.ONLINE, timeout=10000)
    qtbot.waitUntil(lambda: app.calls.state is LinkState.ONLINE, timeout=10000)
    oleg = f"oleg@{lab.domain}"
    qtbot.waitUntil(lambda: oleg in app.chat.contacts and app.chat.contacts[oleg].profile
                    is not None, timeout=10000)  # (his card, with his mobile)
    window = app.window
    with PeerProcess(lab, "oleg", auto_answer=True) as phone:
        popup = search_for(qtbot, app, "oleg")
        qtbot.keyClick(popup.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        phone.wait("call", lambda e: e["state"] == "CONFIRMED")
        qtbot.waitUntil(lambda: any(c.state is CallState.ACTIVE
                                    for c in app.calls.calls.values()), timeout=5000)
        (call,) = app.calls.calls.values()
        assert call.number == "+79267778899"  # his mobile, from his card
        qtbot.mouseClick(window.call_panel.hangup_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not app.calls.calls, timeout=10000)
    popup = search_for(qtbot, app, "ivan")
    qtbot.keyClick(popup.field, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.chat.peer == f"ivan@{lab.domain}"
    assert window.chat.input.toPlainText().startswith("Здравствуйте, Иван Петрович!")
