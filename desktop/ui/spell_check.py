"""Spelling in a text box: misspelled words underlined in red as they are typed; a right
click on one offers the dictionary's suggestions and "Add to dictionary" above the usual
editing menu."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QMenu, QPlainTextEdit

from desktop.chat.spelling import Misspelling, Speller

UNDERLINE = QColor("#d0312d")


def _utf16(text: str, index: int) -> int:
    """Qt counts UTF-16 units: an emoji before a word is two of them."""
    return len(text[:index].encode("utf-16-le")) // 2


class SpellHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument, speller: Speller,
                 enabled: Callable[[], bool]) -> None:
        super().__init__(document)
        self.speller = speller
        self.enabled = enabled
        self.wrong = QTextCharFormat()
        self.wrong.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
        self.wrong.setUnderlineColor(UNDERLINE)

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt override
        if not self.enabled():
            return
        for wrong in self.speller.misspelled(text):
            start = _utf16(text, wrong.start)
            self.setFormat(start, _utf16(text, wrong.start + wrong.length) - start,
                           self.wrong)


class SpellCheck:
    """The underline and the right-click menu on `edit`, while `enabled()` says so."""

    def __init__(self, edit: QPlainTextEdit, speller: Speller,
                 enabled: Callable[[], bool]) -> None:
        self.edit = edit
        self.speller = speller
        self.enabled = enabled
        self.highlighter = SpellHighlighter(edit.document(), speller, enabled)
        edit.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        edit.customContextMenuRequested.connect(self._menu)
        self.last_menu: QMenu | None = None  # (the one shown last: tests read it)

    def refresh(self) -> None:
        """The setting changed: underline again, or take the underlines away."""
        self.highlighter.rehighlight()

    def wrong_at(self, cursor: QTextCursor) -> tuple[QTextCursor, Misspelling] | None:
        """The misspelled word under `cursor`, selected, and what it is."""
        block = cursor.block()
        at = cursor.positionInBlock()
        text = block.text()
        for wrong in self.speller.misspelled(text):
            start = _utf16(text, wrong.start)
            end = _utf16(text, wrong.start + wrong.length)
            if start <= at <= end:
                found = QTextCursor(block)
                found.setPosition(block.position() + start)
                found.setPosition(block.position() + end, QTextCursor.MoveMode.KeepAnchor)
                return found, wrong
        return None

    def _menu(self, pos: QPoint) -> None:
        standard = self.edit.createStandardContextMenu(pos)
        menu = QMenu(self.edit)
        menu.setObjectName("spellingMenu")
        found = self.wrong_at(self.edit.cursorForPosition(pos)) if self.enabled() else None
        if found is not None:
            word_cursor, wrong = found
            suggestions = self.speller.suggest(wrong.word)
            for suggestion in suggestions:
                action = menu.addAction(suggestion)
                action.setFont(_bold(action.font()))
                action.triggered.connect(
                    lambda _checked=False, s=suggestion, c=word_cursor: c.insertText(s))
            if not suggestions:
                menu.addAction(QCoreApplication.translate(
                    "SpellCheck", "No suggestions")).setEnabled(False)
            learn = menu.addAction(QCoreApplication.translate(
                "SpellCheck", "Add «%1» to the dictionary").replace("%1", wrong.word))
            learn.triggered.connect(lambda _checked=False, w=wrong.word: self._learn(w))
            menu.addSeparator()
        menu.addActions(standard.actions())  # (cut, copy, paste … as always)
        self.last_menu = menu
        menu.exec(self.edit.viewport().mapToGlobal(pos))
        menu.deleteLater()
        standard.deleteLater()

    def _learn(self, word: str) -> None:
        self.speller.learn(word)
        self.highlighter.rehighlight()


def _bold(font: QFont) -> QFont:
    font.setBold(True)
    return font
