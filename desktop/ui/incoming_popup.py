"""The incoming-call popup: on top of everything, who calls, Answer (Enter) / Decline (Esc)."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.bus import CallInfo
from desktop.telephony.numbers import display_of
from desktop.telephony.service import CallService
from desktop.ui.appeal_clock import LATE
from desktop.ui.avatar import avatar_pixmap
from desktop.ui.call_panel import HANGUP_STYLE
from desktop.ui.dialer import CALL_STYLE

ANSWER_S = 5  # the seed asks specialists to answer a line's call within 4-5 seconds


def _line_label() -> QLabel:
    label = QLabel()
    label.setObjectName("callLine")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setStyleSheet("font-weight: 600; color: #1f5fbf;")
    label.hide()
    return label


class IncomingCallPopup(QDialog):
    def __init__(self, call: CallInfo, calls: CallService, card: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("incomingCallPopup")
        self.call = call
        self.calls = calls
        self.setWindowTitle(self.tr("Incoming call"))
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.setMinimumWidth(340)
        who = call.name or display_of(call.number)
        photo = QLabel()
        photo.setPixmap(avatar_pixmap(who, 56, ratio=self.devicePixelRatioF()))
        name = QLabel(who)
        name.setObjectName("callerName")
        name.setTextFormat(Qt.TextFormat.PlainText)
        name.setStyleSheet("font-size: 17px; font-weight: 600;")
        number = QLabel(display_of(call.number) if call.name else self.tr("calls you"))
        number.setObjectName("callerNumber")
        number.setTextFormat(Qt.TextFormat.PlainText)
        self.line = _line_label()  # a call to a support line: which, and the appeal
        self._build_ring_clock()  # … and how long it rings, against the 5 seconds
        self.card = QLabel(card)
        self.card.setObjectName("callerCard")
        self.card.setTextFormat(Qt.TextFormat.PlainText)
        self.card.setWordWrap(True)
        self.card.setVisible(bool(card))
        self.answer_button = QPushButton(self.tr("Answer (Enter)"))
        self.answer_button.setObjectName("answerButton")
        self.answer_button.setStyleSheet(CALL_STYLE)
        self.answer_button.setDefault(True)
        self.answer_button.clicked.connect(self.answer)
        self.decline_button = QPushButton(self.tr("Decline (Esc)"))
        self.decline_button.setObjectName("declineButton")
        self.decline_button.setStyleSheet(HANGUP_STYLE)
        self.decline_button.clicked.connect(self.decline)
        top = QHBoxLayout()
        top.addWidget(photo)
        texts = QVBoxLayout()
        texts.addWidget(name)
        texts.addWidget(number)
        top.addLayout(texts, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.answer_button)
        buttons.addWidget(self.decline_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.line)
        layout.addWidget(self.ring_clock)
        layout.addLayout(top)
        layout.addWidget(self.card)
        layout.addLayout(buttons)
        self._acted = False

    def _build_ring_clock(self) -> None:
        self.ring_clock = QLabel()
        self.ring_clock.setObjectName("ringClock")
        self.ring_clock.setVisible(bool(self.call.appeal))
        self.ticker = QTimer(self)
        self.ticker.setInterval(250)
        self.ticker.timeout.connect(self._tick)
        if self.call.appeal:
            self.ticker.start()
            self._tick()

    def _tick(self) -> None:
        rang = max(0, int(time.time() - self.call.started_at))
        self.ring_clock.setText(self.tr("ringing %1 s · answer within %2 s")
                                .replace("%1", str(rang)).replace("%2", str(ANSWER_S)))
        late = rang >= ANSWER_S
        self.ring_clock.setStyleSheet(f"color: {LATE.name()}; font-weight: 600;" if late
                                      else "")

    def show_line(self, text: str) -> None:
        self.line.setText(text)
        self.line.setVisible(bool(text))

    def answer(self) -> None:
        self._acted = True
        self.calls.answer(self.call.id)
        self.close()

    def decline(self) -> None:
        self._acted = True
        self.calls.decline(self.call.id)
        self.close()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.answer()
        elif event.key() == Qt.Key.Key_Escape:
            self.decline()
        else:
            super().keyPressEvent(event)
