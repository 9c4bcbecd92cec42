"""A client on profanity 0.13 (C, libstrophe: not our own slixmpp on the other side) chats
with the specialist in the real app: messages both ways, a correction (profanity's
/correct, XEP-0308), delivery receipts and typing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.app import Deskline
from desktop.bus import LinkState
from desktop.lab.lab import LabInfo
from tests.peers.profanity import Profanity

pytestmark = pytest.mark.skipif(shutil.which("profanity") is None or shutil.which("tmux")
                                is None, reason="scripts/setup.sh installs profanity, tmux")


def test_a_client_on_profanity_writes_corrects_and_reads(
        qtbot: QtBot, lab: LabInfo, app: Deskline, tmp_path: Path) -> None:
    qtbot.waitUntil(lambda: app.chat.state is LinkState.ONLINE, timeout=10000)
    ivan_jid, anna_jid = f"ivan@{lab.domain}", f"anna@{lab.domain}"
    app.window.open_chat(ivan_jid)
    pane = app.window.chat
    with Profanity(lab, "ivan", tmp_path / "profanity") as ivan:
        ivan.type(f"/msg {anna_jid} Modem blinks red since mornign")
        ivan.shows_in(qtbot, pane, "since mornign")
        # /correct acts on the window in front. Messages the lab's server kept for ivan (a
        # desk's rating form, earlier tests' chats) open windows of their own while he
        # signs in: bring anna's to the front again first, as a person would.
        ivan.type(f"/msg {anna_jid}")
        ivan.wait_for("me: Modem blinks red since mornign")
        ivan.type("/correct Modem blinks red since morning")
        ivan.shows_in(qtbot, pane, "since morning")
        shown = pane.view.toPlainText()
        assert "mornign" not in shown
        assert "(edited)" in shown
        assert len([m for m in pane.messages if "Modem blinks" in m.body]) == 1
        qtbot.keyClicks(pane.input, "Please unplug it for ten seconds")
        qtbot.keyClick(pane.input, Qt.Key.Key_Return)
        ivan.wait_for("Please unplug it for ten seconds")
        qtbot.waitUntil(lambda: "✓✓" in pane.view.toPlainText(), timeout=10000)  # receipt
