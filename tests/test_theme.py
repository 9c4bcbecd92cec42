"""Light or dark, in the real app: Settings → Interface → Look → Dark turns every window
dark at once (no restart), the conversation's bubbles with it; Light brings it back."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox
from pytestqt.qtbot import QtBot

from desktop.app import Deskline
from desktop.bus import LinkState
from desktop.lab.lab import LabInfo
from desktop.ui.settings_dialog import SettingsDialog
from tests.apps import when_shown
from tests.peers.xmpp_peer import XmppPeer


def choose_look(qtbot: QtBot, app: Deskline, text: str) -> None:
    """Settings → Interface → Look: `text` chosen with the keyboard, then Save clicked."""
    choose_setting(qtbot, app, "ui.theme", text)


def choose_setting(qtbot: QtBot, app: Deskline, key: str, text: str) -> None:
    """Ctrl+, (Settings), the list of `key`: `text` chosen with the keyboard, then Save
    clicked; the dialog gone after."""
    def choose(dialog: SettingsDialog) -> None:
        combo = dialog.findChild(QComboBox, key)
        assert combo is not None
        combo.setFocus()
        while combo.currentText() != text:  # as a person goes down the closed list
            before = combo.currentIndex()
            qtbot.keyClick(combo, Qt.Key.Key_Down)
            if combo.currentIndex() == before:
                qtbot.keyClick(combo, Qt.Key.Key_Home)
        box = dialog.findChild(QDialogButtonBox)
        assert box is not None
        qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Save),
                         Qt.MouseButton.LeftButton)

    app.window.activateWindow()
    qtbot.waitUntil(app.window.isActiveWindow, timeout=5000)
    when_shown(SettingsDialog, choose)
    qtbot.keyClick(app.window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not app.window.findChildren(SettingsDialog), timeout=5000)


def lightness(colour: QColor) -> int:
    return colour.lightness()


def test_dark_and_back_to_light_at_once(qtbot: QtBot, lab: LabInfo, app: Deskline) -> None:
    qtbot.waitUntil(lambda: app.chat.state is LinkState.ONLINE, timeout=10000)
    with XmppPeer(lab, "ivan") as ivan:
        ivan.send(f"anna@{lab.domain}", "Добрый вечер")
        qtbot.waitUntil(lambda: app.chats.store.message_count(
            app.chats.account, f"ivan@{lab.domain}") == 1, timeout=10000)
    app.window.open_chat(f"ivan@{lab.domain}")
    view = app.window.chat.view
    light_ground = view._theirs
    choose_look(qtbot, app, "Dark")
    assert app.settings.get_str("ui.theme") == "dark"
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    qtbot.waitUntil(lambda: lightness(app.window.palette().color(QPalette.ColorRole.Window))
                    < 80, timeout=5000)
    assert lightness(view.palette().color(QPalette.ColorRole.Base)) < 80
    qtbot.waitUntil(lambda: view._theirs != light_ground, timeout=5000)
    assert QColor(view._theirs).lightness() < 80  # the bubbles went dark too
    assert "Добрый вечер" in view.toPlainText()
    choose_look(qtbot, app, "Light")
    qtbot.waitUntil(lambda: lightness(app.window.palette().color(QPalette.ColorRole.Window))
                    > 180, timeout=5000)
    qtbot.waitUntil(lambda: view._theirs == light_ground, timeout=5000)
