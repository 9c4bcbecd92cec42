"""Search everything (Ctrl+K): people, appeals and messages as the specialist types; ↑/↓
choose, Enter opens (a message: its conversation at that message, the words highlighted),
Esc closes."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.chat.search import Found, FoundKind, Search
from desktop.ui.i18n import watch_language

EXCERPT = 90
ROLE = Qt.ItemDataRole.UserRole


def excerpt(body: str, words: list[str]) -> str:
    """One line of the body around its first found word."""
    flat = " ".join(body.split())
    low = flat.casefold().replace("ё", "е")
    at = min((i for i in (low.find(w) for w in words) if i >= 0), default=0)
    start = max(0, at - EXCERPT // 3)
    text = flat[start:start + EXCERPT]
    return ("…" if start else "") + text + ("…" if start + EXCERPT < len(flat) else "")


class SearchPopup(QDialog):
    chosen = Signal(object, str)  # the Found, the text searched for
    call_asked = Signal(object)  # Ctrl+Enter on a person: call them
    quick_asked = Signal(object, int)  # Ctrl+1…9 on a person or appeal: open, that reply in

    def __init__(self, search: Search, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchPopup")
        self.search = search
        self.field = QLineEdit()
        self.field.setObjectName("searchField")
        self.field.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setObjectName("searchResults")
        self.results.setWordWrap(True)
        self.results.setStyleSheet("#searchResults::item { padding: 4px 2px; }")
        self.results.itemActivated.connect(self._open)
        self.results.itemClicked.connect(self._open)
        self.empty = QLabel()
        self.empty.setObjectName("searchEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.field)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.empty)
        self.resize(560, 420)
        # One search per pause in typing, not per key (a fast typist's five keys: one).
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(120)
        self._later.timeout.connect(self.refresh)
        self.field.textChanged.connect(self._typed)
        self.field.returnPressed.connect(self._open_current)
        self.field.installEventFilter(self)
        watch_language(self, self.retranslate)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Search"))
        self.field.setPlaceholderText(self.tr("Name, organisation, appeal number or words of "
                                              "a message"))
        self.field.setToolTip(self.tr("Enter opens; on a person Ctrl+Enter calls them, "
                                      "Ctrl+1…9 opens the conversation with that quick "
                                      "reply"))
        self.refresh()

    def _typed(self) -> None:
        self._later.start()

    def start(self) -> None:
        """Shown with the last search selected: typing replaces it, Enter opens again."""
        self.refresh()
        self.show()
        self.raise_()
        self.activateWindow()
        self.field.setFocus()
        self.field.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's
        """↑ and ↓ in the field move through the results; Ctrl+Enter calls the chosen
        person, Ctrl+1…9 opens the conversation with that quick reply in the box."""
        if watched is self.field and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
            if ctrl and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                found = self._current()
                if found is not None and found.kind is FoundKind.PERSON:
                    self.hide()
                    self.call_asked.emit(found)
                return True
            if ctrl and Qt.Key.Key_1 <= event.key() <= Qt.Key.Key_9:
                found = self._current()
                if found is not None and found.kind is not FoundKind.MESSAGE:
                    self.hide()
                    self.quick_asked.emit(found, event.key() - Qt.Key.Key_1)
                return True
            step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1}.get(Qt.Key(event.key()))
            if step and self.results.count():
                row = self.results.currentRow() + step
                while 0 <= row < self.results.count() and not (
                        self.results.item(row).flags() & Qt.ItemFlag.ItemIsSelectable):
                    row += step
                if 0 <= row < self.results.count():
                    self.results.setCurrentRow(row)
                return True
        return super().eventFilter(watched, event)

    def refresh(self) -> None:
        self._later.stop()
        text = self.field.text()
        self.results.clear()
        found = self.search.find(text) if text.strip() else []
        kinds = {FoundKind.PERSON: self.tr("People"), FoundKind.APPEAL: self.tr("Appeals"),
                 FoundKind.MESSAGE: self.tr("Messages")}
        last: FoundKind | None = None
        words = [w for w in text.casefold().replace("ё", "е").split() if w]
        for item in found:
            if item.kind is not last:
                header = QListWidgetItem(kinds[item.kind])
                header.setFlags(Qt.ItemFlag.NoItemFlags)
                font = header.font()
                font.setBold(True)
                header.setFont(font)
                self.results.addItem(header)
                last = item.kind
            row = QListWidgetItem(self._line(item, words))
            row.setData(ROLE, item)
            self.results.addItem(row)
        first = next((i for i in range(self.results.count())
                      if self.results.item(i).data(ROLE) is not None), -1)
        self.results.setCurrentRow(first)
        self.empty.setText("" if found or not text.strip() else self.tr("Nothing found"))
        self.empty.setVisible(not found)
        if not text.strip():
            self.empty.setText(self.tr("Type a name, an organisation, an appeal's number or "
                                       "words from a message."))

    def _line(self, item: Found, words: list[str]) -> str:
        if item.kind is FoundKind.PERSON:
            return item.name
        if item.kind is FoundKind.APPEAL:
            line = self.tr("№%1 · %2").replace("%1", str(item.appeal)).replace(
                "%2", item.name)
            extra = " · ".join(p for p in (item.organisation, item.line_name) if p)
            return f"{line} · {extra}" if extra else line
        when = dt.datetime.fromtimestamp(item.at).strftime("%d.%m.%Y %H:%M")
        who = self.tr("You") if item.outgoing else item.name
        where = self.tr("№%1").replace("%1", str(item.appeal)) + " · " if item.appeal else ""
        return f"{where}{who} · {when}\n{excerpt(item.body, words)}"

    def _current(self) -> Found | None:
        if self._later.isActive():  # a key right after typing: what was typed is searched
            self.refresh()
        item = self.results.currentItem()
        found = item.data(ROLE) if item is not None else None
        return found if isinstance(found, Found) else None

    def _open_current(self) -> None:
        """Enter: the chosen result (what was typed is searched first: _current)."""
        found = self._current()
        if found is not None:
            self.hide()
            self.chosen.emit(found, self.field.text())

    def _open(self, item: QListWidgetItem) -> None:
        found = item.data(ROLE)
        if isinstance(found, Found):
            self.hide()
            self.chosen.emit(found, self.field.text())
