"""Find in the open conversation (Ctrl+F): every match highlighted, the current one in a
stronger colour and scrolled to; Enter / Shift+Enter (or the arrows) go to the next or the
previous, Esc closes. Words are found in their forms, as the search finds them ("счета"
highlights "счёт" and "счету"); case and ё/е do not matter."""

from __future__ import annotations

import re

from PySide6.QtCore import QRegularExpression, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QTextEdit, QToolButton, QWidget

from desktop.chat.search import stems
from desktop.ui.i18n import watch_language
from desktop.ui.icons import set_icon

ALL = QColor("#fff3a3")
CURRENT = QColor("#ffb24d")



def pattern(text: str) -> QRegularExpression:
    """Words beginning with the stem of any typed word, е and ё standing for each other."""
    words = sorted({re.sub("е", "[её]", re.escape(s)) for s in stems(text)}, key=len,
                   reverse=True)
    return QRegularExpression(
        r"\b(?:" + "|".join(words) + r")\w*", QRegularExpression.PatternOption.CaseInsensitiveOption
        | QRegularExpression.PatternOption.UseUnicodePropertiesOption)


class _Field(QLineEdit):
    step = Signal(bool)  # True: the next match, False: the previous one
    closing = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.step.emit(not event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            return
        if event.key() == Qt.Key.Key_Escape:
            self.closing.emit()
            return
        super().keyPressEvent(event)


class FindBar(QWidget):
    def __init__(self, view: QTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.view = view
        self.matches: list[QTextCursor] = []
        self.current = -1
        self.field = _Field()
        self.field.setObjectName("findField")
        self.field.setClearButtonEnabled(True)
        self.count = QLabel()
        self.count.setObjectName("findCount")
        self.previous = self._button("findPrevious", "previous")
        self.next = self._button("findNext", "next")
        self.close_button = close = self._button("findClose", "close")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 2, 0, 2)
        row.addWidget(self.field, 1)
        row.addWidget(self.count)
        row.addWidget(self.previous)
        row.addWidget(self.next)
        row.addWidget(close)
        self.field.textChanged.connect(lambda: self._search(keep=False))
        self.field.step.connect(self.go)
        self.field.closing.connect(self.close_bar)
        self.previous.clicked.connect(lambda: self.go(False))
        self.next.clicked.connect(lambda: self.go(True))
        close.clicked.connect(self.close_bar)
        # The conversation grows or is laid out again: the highlights follow (a turn later,
        # once for many changes).
        self._again = QTimer(self)
        self._again.setSingleShot(True)
        self._again.setInterval(0)
        self._again.timeout.connect(lambda: self._search(keep=True))
        view.document().contentsChanged.connect(
            lambda: self.isVisible() and self._again.start())
        self.hide()
        watch_language(self, self.retranslate)

    def retranslate(self) -> None:
        self.field.setPlaceholderText(self.tr("Find in the conversation"))
        self.previous.setToolTip(self.tr("Previous (Shift+Enter)"))
        self.next.setToolTip(self.tr("Next (Enter)"))
        self.close_button.setToolTip(self.tr("Close (Esc)"))
        self._show_count()

    def _button(self, name: str, what: str) -> QToolButton:
        button = QToolButton()
        button.setObjectName(name)
        set_icon(button, what)
        button.setAutoRaise(True)
        return button

    def open(self, text: str | None = None) -> None:
        """Shown with the field focused; `text` to look for (else what was typed last)."""
        self.show()
        if text is not None and text != self.field.text():
            self.field.setText(text)  # (searches, newest match current)
        else:
            self._search(keep=False)
        self.field.setFocus()
        self.field.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.matches, self.current = [], -1
        self.view.setExtraSelections([])
        self.view.setFocus()

    def go(self, forward: bool) -> None:
        if not self.matches:
            return
        self.current = (self.current + (1 if forward else -1)) % len(self.matches)
        self._paint(scroll=True)

    def focus_on(self, position: int) -> None:
        """The match at or after `position` in the document becomes the current one."""
        for i, cursor in enumerate(self.matches):
            if cursor.selectionEnd() >= position:
                self.current = i
                self._paint(scroll=True)
                return

    def _search(self, keep: bool) -> None:
        text = self.field.text().strip()
        at = self.matches[self.current].selectionStart() if keep and self.matches else -1
        self.matches = []
        if stems(text):
            document, expression = self.view.document(), pattern(text)
            cursor = document.find(expression, 0)
            while not cursor.isNull() and len(self.matches) < 10000:
                self.matches.append(cursor)
                cursor = document.find(expression, cursor.selectionEnd())
        if not self.matches:
            self.current = -1
        elif at >= 0:  # the same match stays current while the document changes
            self.current = min(range(len(self.matches)),
                               key=lambda i: abs(self.matches[i].selectionStart() - at))
        else:  # the newest first, as the reader is at the bottom
            self.current = len(self.matches) - 1
        self._paint(scroll=not keep)

    def _paint(self, scroll: bool) -> None:
        selections = []
        for i, cursor in enumerate(self.matches):
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor
            char = QTextCharFormat()
            char.setBackground(CURRENT if i == self.current else ALL)
            char.setForeground(QColor("#000000"))
            selection.format = char
            selections.append(selection)
        self.view.setExtraSelections(selections)
        self._show_count()
        if scroll and self.current >= 0:
            self._scroll_to_current()

    def _show_count(self) -> None:
        if not self.field.text().strip():
            self.count.setText("")
        elif not self.matches:
            self.count.setText(self.tr("Not found"))
        else:
            self.count.setText(self.tr("%1 of %2").replace("%1", str(self.current + 1))
                               .replace("%2", str(len(self.matches))))

    def _scroll_to_current(self) -> None:
        shown = QTextCursor(self.matches[self.current])
        shown.clearSelection()
        self.view.setTextCursor(shown)
        self.view.ensureCursorVisible()
