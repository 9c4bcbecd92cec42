"""The main window built by the composition root, signed in to the real lab."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QCheckBox, QDialog, QLineEdit, QSpinBox
from pytestqt.qtbot import QtBot

from desktop.app import Deskline
from desktop.bus import LinkState
from desktop.lab.lab import LabInfo
from desktop.secrets import Secrets
from desktop.settings import Settings
from desktop.ui.profile_dialog import ProfileDialog
from desktop.ui.settings_dialog import SettingsDialog
from tests.apps import close_app, make_app, save_button


@pytest.fixture
def deskline(qapp: QApplication, lab: LabInfo, tmp_path: Path) -> Iterator[Deskline]:
    app = make_app(qapp, lab, tmp_path)
    yield app
    close_app(app)


def test_window_shows_the_specialist_signed_in(qtbot: QtBot, deskline: Deskline) -> None:
    window = deskline.window
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.status.chat.state is LinkState.ONLINE, timeout=10000)
    qtbot.waitUntil(lambda: window.status.pbx.state is LinkState.ONLINE, timeout=10000)
    qtbot.waitUntil(lambda: "Петрова Анна Сергеевна" in window.header.name.text(), timeout=5000)
    assert window.header.position.text() == "Специалист поддержки"
    assert "connected" in window.status.chat.text()
    header_pos = window.header.avatar.mapTo(window, window.header.avatar.rect().topLeft())
    assert header_pos.x() < 40
    assert header_pos.y() < 40  # top left
    for name in ("contactsPanel", "chatPanel", "curtainPanel", "dialerPanel"):
        assert getattr(window, name.removesuffix("Panel")).isVisible(), name


def test_the_demo_signs_in_as_the_senior_when_asked(
        qtbot: QtBot, qapp: QApplication, lab: LabInfo, tmp_path: Path) -> None:
    """`deskline --as vera` (./scripts/run.sh --as vera): the lab's senior, on both the
    PBX and the chat; a name the lab has not is refused by the command line."""
    app = make_app(qapp, lab, tmp_path, lab_user="vera")
    try:
        window = app.window
        qtbot.waitUntil(lambda: window.status.chat.state is LinkState.ONLINE
                        and window.status.pbx.state is LinkState.ONLINE, timeout=10000)
        assert app.chat.account == f"vera@{lab.domain}"
        assert app.calls.account is not None
        assert app.calls.account.user == "vera"
        qtbot.waitUntil(lambda: "Смирнова Вера Николаевна" in window.header.name.text(),
                        timeout=5000)
    finally:
        close_app(app)
    refused = subprocess.run([sys.executable, "-m", "desktop.cli", "--as", "olga"],
                             capture_output=True, text=True, timeout=60, check=False)
    assert refused.returncode == 2
    assert "invalid choice: 'olga'" in refused.stderr


def test_clicking_the_name_opens_the_profile(qtbot: QtBot, deskline: Deskline) -> None:
    window = deskline.window
    qtbot.waitUntil(lambda: bool(deskline.chat.profile.full_name), timeout=10000)
    opened: list[ProfileDialog] = []

    def close_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ProfileDialog)
        opened.append(dialog)
        dialog.reject()

    QTimer.singleShot(100, close_dialog)
    window.header.avatar.click()
    assert len(opened) == 1
    fields = {e.objectName(): e.text() for e in opened[0].findChildren(QLineEdit)}
    assert fields["profile.last_name"] == "Петрова"
    assert fields["profile.patronymic"] == "Сергеевна"
    assert fields["profile.work"] == "+74950000101"


def test_menu_has_profile_settings_quit(deskline: Deskline) -> None:
    actions = [a.text() for a in deskline.window.header.menu_button.menu().actions()]
    assert [a for a in actions if a] == ["Profile…", "Settings…", "Online monitor…", "Reports…",
                                        "The specialist's guide…",
                                        "Keyboard shortcuts…", "Write to Deskline support…",
                                        "Quit"]


def test_settings_dialog_saves_fields_and_hands_the_password_on(
        qtbot: QtBot, tmp_path: Path) -> None:
    """The dialog stores the settings and hands typed passwords to its owner (the app puts
    them in the keyring off the GUI thread: tests/test_settings_apply.py)."""
    settings = Settings(tmp_path / "settings.json")
    dialog = SettingsDialog(settings, Secrets())
    qtbot.addWidget(dialog)
    dialog.findChild(QCheckBox, "labEmbedded").setChecked(False)
    dialog.findChild(QLineEdit, "pbx.server").setText("pbx.example.com")
    dialog.findChild(QLineEdit, "pbx.user").setText("101")
    dialog.findChild(QSpinBox, "pbx.port").setValue(5080)
    dialog.findChild(QLineEdit, "sip.password").setText("Пароль-101")
    with qtbot.waitSignal(dialog.saved) as saved:
        qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    reread = Settings(tmp_path / "settings.json")
    assert (reread.get("pbx.server"), reread.get("pbx.user"), reread.get("pbx.port")) == (
        "pbx.example.com", "101", 5080)
    assert reread.get("lab.embedded") is False
    [what] = saved.args
    assert what.passwords == {"sip:101@pbx.example.com": "Пароль-101"}
    assert (what.pbx_changed, what.chat_changed) == (True, True)  # the lab is left for both
    assert "Пароль-101" not in (tmp_path / "settings.json").read_text()
    assert "Пароль-101" not in repr(what)
