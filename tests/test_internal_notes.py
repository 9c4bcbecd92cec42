"""Internal notes, through the real app, the desk and Prosody: written in the conversation
(the bar's Note, the composer's switch), shown apart, relayed to the invited colleague and
never to the client; a colleague's note comes in as a note; a transfer carries one to the
next specialist; the note is the appeal's comment on the card."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from desktop.app import Deskline
from desktop.bus import AppealState, Status
from desktop.lab.lab import LabInfo
from desktop.ui.transfer_dialog import TransferDialog
from supportdesk.protocol import NS
from tests.apps import when_shown
from tests.peers.xmpp_peer import XmppPeer
from tests.supportdesk_rig import RunningDesk, said, wait
from tests.test_appeals_workspace import (
    click_item,
    in_work_and_open,
    online,
    press,
    three_lines,
)


def test_a_note_reaches_colleagues_never_the_client_and_goes_with_a_transfer(
        qtbot: QtBot, lab: LabInfo, app: Deskline, tmp_path: Path) -> None:
    online(qtbot, app)
    bar, pane = app.window.appeal_bar, app.window.chat
    boris_jid = f"boris@{lab.domain}"
    line = f"support@desk.{lab.domain}"
    with RunningDesk(three_lines(lab, tmp_path)) as desk, XmppPeer(lab, "ivan") as ivan, \
            XmppPeer(lab, "boris", desk_show="dnd") as boris:
        qtbot.waitUntil(lambda: app.chat.contacts[boris_jid].status is not Status.OFFLINE,
                        timeout=10000)
        appeal = in_work_and_open(qtbot, app, ivan, line, "Нужен акт сверки")
        assert not pane.note_toggle.isChecked()
        assert pane.note_toggle.isVisible()

        def invite_boris(dialog: QDialog) -> None:
            assert isinstance(dialog, TransferDialog)
            assert dialog.note_field is None  # (an invitation has the conversation itself)
            click_item(qtbot, dialog.colleagues, "Иванов Борис")
            qtbot.keyClick(dialog, Qt.Key.Key_Return)

        when_shown(TransferDialog, invite_boris)
        press(qtbot, bar.invite_button)
        wait(lambda: any((m["from"] == appeal.address and "invited" in m["desk"]) or
                         "приглаш" in m["body"] for m in boris.messages))

        # The bar's Note: the composer writes a note (and says so) until switched back.
        press(qtbot, bar.note_button)
        assert pane.note_toggle.isChecked()
        assert "only colleagues see it" in pane.input.placeholderText()
        assert pane.send_button.text() == "Save note"
        qtbot.keyClicks(pane.input, "Client prefers calls after 3 pm")
        qtbot.keyClick(pane.input, Qt.Key.Key_Return)
        wait(lambda: any(m["body"] == "Client prefers calls after 3 pm" for m in boris.messages))
        got = next(m for m in boris.messages if m["body"] == "Client prefers calls after 3 pm")
        assert (got["from"], "note" in got["desk"]) == (appeal.address, True)
        # On the server (its ack redraws the message): still shown as a note. (No receipt
        # comes: the desk keeps notes, it does not deliver them.)
        qtbot.waitUntil(lambda: pane.messages[-1].state == "sent", timeout=5000)
        assert pane.messages[-1].note
        assert "internal note, colleagues only" in pane.view.toPlainText()
        press(qtbot, pane.note_toggle)  # back to the client
        assert pane.send_button.text() == "Send"
        qtbot.keyClicks(pane.input, "We will send it today")
        qtbot.keyClick(pane.input, Qt.Key.Key_Return)
        wait(lambda: said(ivan, line, "We will send it today"))
        # The client's messages come in order: the note, written before, never came.
        assert not any("3 pm" in m["body"] for m in ivan.messages)

        # A colleague's note (another app's stanza) comes in as his note.
        boris.send_raw(f"<message to='{appeal.address}' type='chat' id='bn-1'>"
                       f"<body>Checked: the act is ready</body><note xmlns='{NS}'/></message>")
        qtbot.waitUntil(lambda: pane.messages[-1].body == "Checked: the act is ready",
                        timeout=5000)
        assert pane.messages[-1].note
        assert pane.messages[-1].author == "Борис"
        boris.send(appeal.address, "Ivan, the act is attached")  # (his words to the client)
        wait(lambda: said(ivan, line, "Ivan, the act is attached"))
        assert not any("act is ready" in m["body"] for m in ivan.messages)
        boris.send_raw(f"<iq type='set' to='{appeal.address}' id='lv'><leave xmlns='{NS}'/>"
                       f"</iq>")
        wait(lambda: "lv" in boris.iq_replies)

        # A transfer carries a note for the one who gets it.
        def to_boris(dialog: QDialog) -> None:
            assert isinstance(dialog, TransferDialog)
            assert dialog.note_field is not None
            click_item(qtbot, dialog.colleagues, "Иванов Борис")
            qtbot.keyClicks(dialog.note_field, "Needs the act for November")
            qtbot.keyClick(dialog.note_field, Qt.Key.Key_Return)

        when_shown(TransferDialog, to_boris)
        press(qtbot, bar.transfer_button)
        qtbot.waitUntil(lambda: app.appeals.appeals[appeal.id].state is AppealState.HANDED_ON,
                        timeout=5000)
        wait(lambda: any("(note): Needs the act for November" in m["body"]
                         for m in boris.messages))
        assert desk.component is not None
        store = desk.component.service.store
        assert [(m.body, m.note) for m in store.conversation(appeal.id)] == [
            ("Нужен акт сверки", False), ("Client prefers calls after 3 pm", True),
            ("We will send it today", False), ("Checked: the act is ready", True),
            ("Ivan, the act is attached", False), ("Needs the act for November", True)]
        assert not any("November" in m["body"] for m in ivan.messages)
        assert not pane.note_toggle.isVisible()  # handed on: nothing more written here
        # The notes are the appeal's comments (the card of its next appeal shows them).
        assert [s.detail for s in store.timeline(appeal.id) if s.kind == "commented"] == [
            "Client prefers calls after 3 pm", "Checked: the act is ready",
            "Needs the act for November"]
    # Kept as notes in the app's store: the conversation read again shows them as notes.
    notes = [m.body for m in app.chats.conversation(appeal.address, 50) if m.note]
    assert notes == ["Client prefers calls after 3 pm", "Checked: the act is ready"]
