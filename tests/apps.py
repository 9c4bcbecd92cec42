"""The app, or its telephony alone, signed in to the session's lab."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QMenu,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop.app import Deskline
from desktop.bus import Bus, LinkState
from desktop.lab.lab import LabInfo
from desktop.paths import Paths
from desktop.store import Store
from desktop.telephony.protocol import SipAccountConfig
from desktop.telephony.service import CallService
from desktop.ui.incoming_popup import IncomingCallPopup

W = TypeVar("W", bound=QWidget)


def make_app(qapp: QApplication, lab: LabInfo, tmp_path: Path,
             settings: dict[str, object] | None = None, lab_user: str = "anna") -> Deskline:
    # runtime = the lab's parent: the app finds the running lab there and signs in to it.
    paths = Paths(tmp_path / "config", tmp_path / "data", Path(lab.run_dir).parent)
    if settings:
        paths.config.mkdir(parents=True)
        (paths.config / "settings.json").write_text(json.dumps({"version": 1,
                                                                 "values": settings}))
    app = Deskline(qapp, paths, Store(paths.data / "deskline.sqlite3"), lab_user=lab_user)
    app.start()
    return app


def choose_in_menu(qtbot: QtBot, app: Deskline, action: QAction) -> None:
    """Menu → `action` clicked, as a person does (the menu runs its own loop: the click on
    the item is scheduled before the click that opens it)."""
    def choose(menu: QMenu) -> None:
        rect = menu.actionGeometry(action)
        qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=rect.center())

    when_shown(QMenu, choose)
    qtbot.mouseClick(app.window.header.menu_button, Qt.MouseButton.LeftButton,
                     pos=QPoint(5, 5))


def shoot(widget: QWidget, name: str) -> None:
    """The widget as drawn, to $DESKLINE_SCREENSHOTS/<name>.png when refreshing the docs'
    screenshots (nothing otherwise)."""
    keep = os.environ.get("DESKLINE_SCREENSHOTS")
    if keep:
        widget.grab().save(str(Path(keep) / f"{name}.png"))


def card_loaded(qtbot: QtBot, app: Deskline, jid: str) -> None:
    """Waits until the contact's card (vCard) has come from the chat server."""
    def loaded() -> bool:
        contact = app.chat.contacts.get(jid)
        return bool(contact and contact.profile)
    qtbot.waitUntil(loaded, timeout=10000)


def popups() -> list[IncomingCallPopup]:
    """The incoming-call popups on screen."""
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, IncomingCallPopup) and w.isVisible()]


def when_shown(kind: type[W], act: Callable[[W], None]) -> None:
    """Runs `act` on the next visible dialog (or menu) of this kind. Call it before the
    click that opens it: a modal dialog or a menu runs its own loop, where this timer
    fires. One still open 5 s later is closed, so a test fails on what it did not do
    instead of hanging."""
    def look() -> None:
        shown = [w for w in QApplication.topLevelWidgets()
                 if isinstance(w, kind) and w.isVisible()]
        if not shown:
            QTimer.singleShot(20, look)
            return
        QTimer.singleShot(5000, shown[0].close)  # first: `act` itself may fail
        act(shown[0])

    QTimer.singleShot(20, look)


def answer_file_dialog(qtbot: QtBot, path: Path,
                       button_kind: QDialogButtonBox.StandardButton = (
                           QDialogButtonBox.StandardButton.Open),
                       opened_in: list[str] | None = None) -> None:
    """The next file dialog is taken to `path`'s folder and gets its name pasted into the
    name field, then Open (or Save) is clicked, as a person would do it (Qt's own dialog:
    the rig's desktop has no native one). A whole path pasted at once raced the dialog's
    own completion on a busy machine: it kept the name and lost the folder."""
    def fill(dialog: QDialog) -> None:
        if opened_in is not None and isinstance(dialog, QFileDialog):
            opened_in.append(dialog.directory().absolutePath())  # (before we move it)
        name = dialog.findChild(QLineEdit, "fileNameEdit")
        box = dialog.findChild(QDialogButtonBox)
        assert name is not None
        assert box is not None
        assert isinstance(dialog, QFileDialog)
        dialog.setDirectory(str(path.parent))  # (the folder, as chosen in its list)
        qtbot.waitUntil(lambda: Path(dialog.directory().absolutePath()) == path.parent,
                        timeout=3000)
        QApplication.clipboard().setText(path.name)
        name.setFocus()
        name.selectAll()
        qtbot.keyClick(name, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
        assert name.text() == path.name, (name.text(), dialog.directory().absolutePath())
        button = box.button(button_kind)
        assert button is not None
        qtbot.waitUntil(button.isEnabled, timeout=3000)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible(), f"the file dialog is still open with {name.text()!r}"

    when_shown(QFileDialog, fill)


def answer_input_dialog(qtbot: QtBot, text: str) -> None:
    """Types into the next input dialog as a person would, then presses Enter."""
    def fill(dialog: QDialog) -> None:
        field = dialog.findChild(QLineEdit)
        assert field is not None
        field.selectAll()
        qtbot.keyClicks(field, text)
        qtbot.keyClick(field, Qt.Key.Key_Return)

    when_shown(QInputDialog, fill)


def save_button(dialog: QDialog) -> QPushButton:
    """The Save button of a dialog's button box, to click as a person would."""
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    button = box.button(QDialogButtonBox.StandardButton.Save)
    assert button is not None
    return button


def close_app(app: Deskline) -> None:
    app.window.close()
    app.shutdown()


def signed_in(qtbot: QtBot, lab: LabInfo, bus: Bus | None = None, mic: str = "",
              speaker: str = "", **account: Any) -> CallService:
    """A CallService (with its engine) registered to the lab PBX as the specialist."""
    calls = CallService(bus or Bus(), Store(":memory:"))
    if mic or speaker:
        calls.set_audio(mic=mic, speaker=speaker)
    calls.sign_in(SipAccountConfig(server="127.0.0.1", port=lab.sip_port, user="anna",
                                   password=lab.passwords["anna"], **account))
    qtbot.waitUntil(lambda: calls.state is LinkState.ONLINE, timeout=5000)
    return calls
