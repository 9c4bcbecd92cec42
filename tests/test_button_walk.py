"""Every button a specialist can press does something (#14: "Choose photo…" did nothing for
every user because its clicked(bool) handed False to the handler, and no test clicked it).

The walk clicks each visible, enabled button of the main window, the call panel in a real
call, the profile and Settings with a real mouse click, and asserts an effect: something
on screen changed, a dialog, menu or popup opened, the bus said something, or a sound
started. A button with nothing to do must be disabled. An exception in a slot fails the
test (pytest-qt)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer, SignalInstance
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QTabWidget,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop.app import Deskline
from desktop.bus import CallState, LinkState
from desktop.lab.lab import LabInfo
from desktop.ui.profile_dialog import ProfileDialog
from tests.apps import card_loaded, close_app, make_app
from tests.peers.client import PeerProcess


@pytest.fixture
def app(qapp: QApplication, lab: LabInfo, pulse_server: str, tmp_path: Path
        ) -> Iterator[Deskline]:
    deskline = make_app(qapp, lab, tmp_path, {
        "audio.microphone": "headset_mic", "audio.speaker": "headset",
        "audio.ring_devices": "headset", "audio.notification_device": "headset"})
    yield deskline
    close_app(deskline)


def state(widget: QWidget) -> tuple[object, ...]:
    value: object = None
    if isinstance(widget, QAbstractButton):
        value = (widget.text(), widget.isChecked())
    elif isinstance(widget, QLabel):
        value = (widget.text(), widget.pixmap().cacheKey() if widget.pixmap() else 0)
    elif isinstance(widget, QLineEdit):
        value = widget.text()
    elif isinstance(widget, (QPlainTextEdit, QTextEdit)):
        value = widget.toPlainText()
    elif isinstance(widget, QComboBox):
        value = widget.currentIndex()
    elif isinstance(widget, QAbstractSpinBox):
        value = widget.text()
    return (widget.objectName(), type(widget).__name__, widget.isVisible(),
            widget.isEnabled(), value)


class Walker:
    def __init__(self, qtbot: QtBot, app: Deskline) -> None:
        self.qtbot = qtbot
        self.app = app
        self.said = 0
        self.opened: list[str] = []
        for name in dir(app.bus):
            signal = getattr(app.bus, name)
            if isinstance(signal, SignalInstance):
                signal.connect(self._heard)
        self.dead: list[str] = []
        self.clicked: list[str] = []

    def _heard(self, *_args: object) -> None:
        self.said += 1

    def _close_what_opened(self) -> None:
        """A dialog or menu a button opened: noted, then closed as a person would."""
        popup = QApplication.activePopupWidget()
        if popup is not None:
            self.opened.append(type(popup).__name__)
            popup.close()
        modal = QApplication.activeModalWidget()
        if isinstance(modal, QDialog) and modal not in self.roots:
            self.opened.append(type(modal).__name__)
            modal.reject()

    def snapshot(self) -> tuple[object, ...]:
        widgets = [w for root in self.roots for w in [root, *root.findChildren(QWidget)]]
        tops = frozenset(id(w) for w in QApplication.topLevelWidgets() if w.isVisible())
        return (tuple(state(w) for w in widgets), tops, self.said, self.app.player.started,
                self.app.window.statusBar().currentMessage())

    def walk(self, roots: list[QWidget], skip: Callable[[QAbstractButton], bool]
             = lambda _b: False) -> None:
        self.roots = roots
        buttons = [b for root in roots for b in root.findChildren(QAbstractButton)]
        # Buttons that close their dialog go last.
        buttons.sort(key=lambda b: isinstance(b.parent(), QDialogButtonBox))
        for button in buttons:
            if not (button.isVisible() and button.isEnabled()) or skip(button):
                continue
            parent = button.parent()
            name = (button.objectName() or button.text() or button.toolTip()
                    or (f"clear button of {parent.objectName()}"
                        if isinstance(parent, QLineEdit) else
                        f"{type(button).__name__} in {parent.objectName()}"))
            self.clicked.append(name)
            before, opened = self.snapshot(), len(self.opened)
            closer = QTimer()
            closer.timeout.connect(self._close_what_opened)
            closer.start(30)
            # On a check box's box, as a person clicks it (its widget may be much wider).
            pos = (QPoint(8, button.height() // 2)
                   if isinstance(button, (QCheckBox, QRadioButton)) else button.rect().center())
            self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=pos)
            self.qtbot.wait(150)
            closer.stop()
            self._close_what_opened()
            if self.snapshot() == before and len(self.opened) == opened:
                self.dead.append(name)


def test_every_button_does_something_or_is_disabled(
        qtbot: QtBot, lab: LabInfo, app: Deskline) -> None:
    qtbot.waitUntil(lambda: app.calls.state is LinkState.ONLINE
                    and app.chat.state is LinkState.ONLINE, timeout=10000)
    card_loaded(qtbot, app, f"ivan@{lab.domain}")
    walker = Walker(qtbot, app)
    window = app.window
    # The main window with nobody chosen, then with a conversation open.
    walker.walk([window], skip=lambda b: b is window.call_panel.hangup_button)
    window.open_chat(f"ivan@{lab.domain}")
    walker.walk([window])
    # The call panel in a real call: ivan calls, the specialist answers.
    with PeerProcess(lab, "ivan") as ivan:
        ivan.send("call", uri=f"sip:anna@127.0.0.1:{lab.sip_port}")
        qtbot.waitUntil(lambda: any(c.state is CallState.INCOMING
                                    for c in app.calls.calls.values()), timeout=5000)
        (cid,) = list(app.calls.calls)
        app.calls.answer(cid)
        qtbot.waitUntil(lambda: app.calls.calls[cid].state is CallState.ACTIVE, timeout=5000)
        panel = window.call_panel
        walker.walk([panel], skip=lambda b: b is panel.hangup_button)
        walker.walk([panel], skip=lambda b: b is not panel.hangup_button)
        qtbot.waitUntil(lambda: not app.calls.calls, timeout=5000)
    # The profile and Settings, opened as the menu opens them but without blocking.
    profile = ProfileDialog(app.chat, window)
    profile.show()
    qtbot.waitExposed(profile)
    walker.walk([profile])
    settings = app.settings_dialog()
    settings.resize(1000, 700)  # every tab's title shown: no scroll arrows on the tab bar
    settings.show()
    qtbot.waitExposed(settings)
    tabs = settings.findChild(QTabWidget)
    assert tabs is not None

    def in_box(button: QAbstractButton) -> bool:
        return isinstance(button.parent(), QDialogButtonBox)

    for index in range(tabs.count()):  # each page, chosen by a click on its tab
        bar = tabs.tabBar()
        qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
        assert tabs.currentIndex() == index
        walker.walk([tabs.currentWidget()], skip=in_box)
    walker.walk([settings], skip=lambda b: not in_box(b))  # Save closes it
    assert {"choosePhoto", "holdButton", "muteButton", "transferButton", "hangupButton",
            "sendButton", "callButton", "playTestSound", "message.preview"} <= set(
                walker.clicked), walker.clicked
    assert not [n for n in walker.clicked if " in " in n], "buttons without a name"
    assert walker.dead == [], f"buttons that did nothing: {walker.dead}"
