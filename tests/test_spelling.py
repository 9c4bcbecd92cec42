"""Spelling: the Speller over the system's Hunspell dictionaries (through Enchant), and in
the real app's reply box: misspellings underlined as typed, a real right click (xdotool)
offers the dictionary's words, one chosen replaces the word, "Add to dictionary" keeps the
specialist's word for good; the setting turns it off."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from desktop.app import Deskline
from desktop.bus import LinkState
from desktop.chat import spelling
from desktop.chat.spelling import Speller, SpellingProblem
from desktop.lab.lab import LabInfo
from tests.apps import when_shown


def test_russian_and_english_words_are_checked_and_the_specialists_words_kept(
        tmp_path: Path) -> None:
    words = tmp_path / "words.txt"
    speller = Speller(words)
    assert speller.enabled
    text = "Здраствуйте, Иван Петрович! Пришлите акт сверки, pleese. ИНН 7701234567, e-mail"
    assert [m.word for m in speller.misspelled(text)] == ["Здраствуйте", "pleese"]
    found = speller.misspelled(text)[0]
    assert text[found.start:found.start + found.length] == "Здраствуйте"
    assert "Здравствуйте" in speller.suggest("Здраствуйте")
    assert "please" in speller.suggest("pleese")
    assert [m.word for m in speller.misspelled("Ромашкасофт обновился")] == ["Ромашкасофт"]
    speller.learn("Ромашкасофт")
    assert speller.misspelled("Ромашкасофт обновился") == []
    assert Speller(words).misspelled("Ромашкасофт обновился") == []  # kept for good


def test_without_a_dictionary_nothing_is_checked_and_it_says_why(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spelling, "LANGUAGES", {"ru": "xx_XX"})
    speller = Speller(tmp_path / "words.txt")
    assert not speller.enabled
    assert speller.problem is SpellingProblem.NO_DICTIONARY
    assert speller.misspelled("Здраствуйте") == []


def underlined(app: Deskline) -> list[str]:
    block = app.window.chat.input.document().firstBlock()
    return [block.text()[r.start:r.start + r.length] for r in block.layout().formats()
            if r.format.underlineStyle() is QTextCharFormat.UnderlineStyle.SpellCheckUnderline]


def right_click_on(app: Deskline, word: str) -> None:
    """A real right click (X events through xdotool) on `word` in the reply box."""
    edit = app.window.chat.input
    text = edit.toPlainText()
    cursor = QTextCursor(edit.document())
    cursor.setPosition(text.index(word) + 2)
    spot = edit.viewport().mapToGlobal(edit.cursorRect(cursor).center())
    subprocess.run(["xdotool", "mousemove", str(spot.x()), str(spot.y()), "click", "3"],
                   check=True, timeout=20)


def choose(qtbot: QtBot, text: str, seen: list[str]) -> None:
    def act(menu: QMenu) -> None:
        seen.extend(a.text() for a in menu.actions())
        action = next(a for a in menu.actions() if a.text() == text)
        qtbot.mouseClick(menu, Qt.MouseButton.LeftButton,
                         pos=menu.actionGeometry(action).center())
    when_shown(QMenu, act)


def test_the_reply_box_underlines_and_corrects_with_a_right_click(
        qtbot: QtBot, lab: LabInfo, app: Deskline) -> None:
    qtbot.waitUntil(lambda: app.chat.state is LinkState.ONLINE, timeout=10000)
    window = app.window
    window.open_chat(f"ivan@{lab.domain}")
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    edit = window.chat.input
    qtbot.keyClicks(edit, "Plese send the invoise to Romashkasoft")
    assert underlined(app) == ["Plese", "invoise", "Romashkasoft"]

    seen: list[str] = []
    choose(qtbot, "invoice", seen)
    right_click_on(app, "invoise")
    qtbot.waitUntil(lambda: edit.toPlainText() == "Plese send the invoice to Romashkasoft",
                    timeout=10000)
    assert seen[0] == "invoice"  # the dictionary's words first …
    assert "Add «invoise» to the dictionary" in seen
    assert any("Paste" in t for t in seen)  # … then the usual editing menu
    assert underlined(app) == ["Plese", "Romashkasoft"]

    seen.clear()
    choose(qtbot, "Add «Romashkasoft» to the dictionary", seen)
    right_click_on(app, "Romashkasoft")
    qtbot.waitUntil(lambda: underlined(app) == ["Plese"], timeout=10000)
    assert "Romashkasoft" in (Path(app.paths.data) / "words.txt").read_text()

    app.settings.set("ui.spell_check", False)  # (Settings → Interface; its dialog's own test)
    qtbot.waitUntil(lambda: underlined(app) == [], timeout=5000)
