"""F1 opens the specialist's guide and Ctrl+/ the keys, in the real app: built from what the
app uses (its shortcut table, the quick replies as set, the control question's number), so
a reply changed in the settings is the one the guide shows."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from desktop.app import Deskline
from desktop.chat.quick_replies import save_templates
from desktop.ui.shortcuts import shortcut_table
from tests.apps import when_shown


def active(qtbot: QtBot, app: Deskline) -> None:
    app.window.show()
    app.window.activateWindow()
    qtbot.waitUntil(app.window.isActiveWindow, timeout=5000)


def test_f1_shows_the_guide_built_from_the_keys_and_replies_in_use(
        qtbot: QtBot, app: Deskline) -> None:
    save_templates(app.settings, ["Добрый день, {name}!", "Принято, {name}.",
                                  "Чем ещё помочь?"])
    app.settings.set("chat.control_reply", 3)
    active(qtbot, app)
    qtbot.keyClick(app.window, Qt.Key.Key_F1)
    guide = app.window.help_window
    assert guide is not None
    qtbot.waitUntil(guide.isVisible, timeout=5000)
    text = guide.text.toPlainText()
    assert "Ctrl+1" in text
    assert "Добрый день, {name}!" in text
    assert "Здравствуйте, {name}!" not in text  # the default, no longer in use
    assert "Your control question is quick reply 3: «Чем ещё помочь?»" in text
    for keys, _what in shortcut_table():
        assert keys in text
    assert "Busy for new appeals" in text
    guide.close()
    save_templates(app.settings, ["Здравствуйте!"])
    active(qtbot, app)
    qtbot.keyClick(app.window, Qt.Key.Key_F1)
    qtbot.waitUntil(guide.isVisible, timeout=5000)
    assert "Добрый день" not in guide.text.toPlainText()  # built again, as now


def test_ctrl_slash_lists_every_key(qtbot: QtBot, app: Deskline) -> None:
    listed: list[str] = []

    def read(box: QDialog) -> None:
        assert isinstance(box, QMessageBox)
        listed.append(box.text())
        box.close()

    active(qtbot, app)
    when_shown(QMessageBox, read)
    qtbot.keyClick(app.window, Qt.Key.Key_Slash, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(listed), timeout=5000)
    assert "Ctrl+Shift+N" in listed[0]
    assert "F1" in listed[0]
