"""The dialer: a number field, a keypad and the call button.

The keypad types into the field; during a call it also sends the digits as DTMF (for voice
menus). Whatever cannot be dialled is explained under the field and never sent.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.bus import Bus, CallAction, CallFailed, CallInfo, CallState
from desktop.telephony.numbers import NumberError, parse
from desktop.telephony.service import CallService
from desktop.ui.call_failures import failure_text
from desktop.ui.i18n import watch_language
from desktop.ui.icons import set_icon
from desktop.ui.number_problems import number_problem_text

KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#")
CALL_STYLE = ("QPushButton { background: #2e9b57; color: white; font-weight: 600; "
              "border-radius: 4px; padding: 6px; } QPushButton:disabled { background: #9bc7ab; }")


class DialerPanel(QWidget):
    dialed = Signal(str)  # the number as it was called (E.164, extension or SIP URI)

    def __init__(self, calls: CallService, bus: Bus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dialerPanel")
        self.calls = calls
        self.number = QLineEdit()
        self.number.setObjectName("dialNumber")
        self.number.setClearButtonEnabled(True)
        self.number.returnPressed.connect(self.call)
        self.number.textEdited.connect(self._clear_message)
        self.message = QLabel()
        self.message.setObjectName("dialMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c8393b;")
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # it may quote a card's number
        self.message.hide()
        bus.call_failed.connect(self._on_failed)
        # A failure said stays only until the next call goes out or rings through: it
        # was about that attempt, and in red beside a call that works it misleads.
        bus.call_changed.connect(self._on_call)
        self.pad = QWidget()
        self.pad.setObjectName("dialPad")
        pad = QGridLayout(self.pad)
        pad.setContentsMargins(0, 0, 0, 0)
        pad.setSpacing(4)
        for i, key in enumerate(KEYS):
            button = QPushButton(key)
            button.setObjectName(f"key{'star' if key == '*' else 'hash' if key == '#' else key}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, k=key: self.press(k))
            pad.addWidget(button, i // 3, i % 3)
        self.call_button = QPushButton()
        self.call_button.setObjectName("callButton")
        self.call_button.setStyleSheet(CALL_STYLE)
        set_icon(self.call_button, "call", "#ffffff")
        self.call_button.clicked.connect(self.call)
        row = QHBoxLayout()
        row.addWidget(self.number, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(row)
        layout.addWidget(self.message)
        # During a call the keypad folds away (the appeals above keep their rows); this
        # brings it back for tones.
        self.keypad_button = QToolButton()
        self.keypad_button.setObjectName("keypadButton")
        self.keypad_button.setCheckable(True)
        self.keypad_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        set_icon(self.keypad_button, "keypad")
        self.keypad_button.toggled.connect(self._fold)
        self.keypad_button.hide()
        layout.addWidget(self.keypad_button)
        layout.addWidget(self.pad)
        layout.addWidget(self.call_button)
        QShortcut(QKeySequence("Ctrl+D"), self, self.focus_number,
                  context=Qt.ShortcutContext.ApplicationShortcut)
        self.saying: Callable[[], str] | None = None  # the message shown, in words of now
        watch_language(self, self.retranslate)

    def retranslate(self) -> None:
        self.number.setPlaceholderText(self.tr("Number or SIP address"))
        self.call_button.setText(self.tr("Call"))
        self.keypad_button.setText(self.tr("Keypad"))
        self.keypad_button.setToolTip(self.tr("Keys for tones during the call"))
        if self.saying is not None:
            self.message.setText(self.saying())

    def focus_number(self) -> None:
        self.number.setFocus()
        self.number.selectAll()

    def set_number(self, text: str) -> None:
        """Puts a number in the field (click-to-call) and focuses it; one more Enter calls."""
        self.number.setText(text)
        self._clear_message()
        self.window().raise_()
        self.window().activateWindow()
        self.number.setFocus()

    def press(self, key: str) -> None:
        """During a call the keypad sends tones (the call panel shows them) and leaves the
        number field alone; otherwise it types."""
        active = [c for c in self.calls.calls.values() if c.state is CallState.ACTIVE]
        if active:
            self.calls.send_dtmf(active[0].id, key)
        else:
            self.number.insert(key)

    def call(self) -> None:
        try:
            target = parse(self.number.text())
        except NumberError as exc:
            problem = exc  # (exc itself is gone after the except block)
            self._show_message(lambda: number_problem_text(problem))
            return
        if self.calls.dial(target) is None:
            return  # not connected: _on_failed has said so, the number stays to retry
        self.number.setText(target.display)
        self.dialed.emit(target.target)

    def _on_call(self, call: CallInfo) -> None:
        if call.state in (CallState.RINGING, CallState.ACTIVE):
            self._clear_message()
        in_call = call.state is not CallState.ENDED or any(
            c.id != call.id and c.state is not CallState.ENDED
            for c in self.calls.calls.values())
        if not in_call:
            self.keypad_button.setChecked(False)
        self.keypad_button.setVisible(in_call)
        self._fold()

    def _fold(self) -> None:
        in_call = self.keypad_button.isVisibleTo(self)
        self.pad.setVisible(not in_call or self.keypad_button.isChecked())

    def _on_failed(self, event: CallFailed) -> None:
        if event.action is CallAction.DIAL:
            self._show_message(lambda: failure_text(event))

    def show_message(self, text: str) -> None:
        self._show_message(lambda: text)

    def _show_message(self, saying: Callable[[], str]) -> None:
        self.saying = saying
        self.message.setText(saying())
        self.message.show()

    def _clear_message(self) -> None:
        self.saying = None
        self.message.hide()
        self.message.clear()
