"""The language changes at once (Settings → Interface → Language, Save): every word of the
main window, its menus and the tray's menu in Russian, with nothing lost — the open
conversation, the reply being typed, the dialer's last problem (said again in the new
language); and back to English the same way."""

from __future__ import annotations

import gc
import re
import weakref
import xml.etree.ElementTree as ET
from functools import cache

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from desktop.app import Deskline
from desktop.bus import LinkState
from desktop.lab.lab import LabInfo
from desktop.resources import I18N
from desktop.ui.i18n import watch_language
from desktop.ui.icons import set_icon
from tests.apps import card_loaded
from tests.test_i18n import texts, untranslated
from tests.test_theme import choose_setting

DRAFT = "Добрый день, Иван Петрович! Сейчас посмотрю"


@cache
def russian_words() -> frozenset[str]:
    """Every translation of ours without a placeholder (what an English window never says)
    that is not its English source as well ("Ctrl+1 … Ctrl+9")."""
    tree = ET.parse(I18N / "deskline_ru.ts")  # noqa: S314 (our own file)
    return frozenset(
        said for message in tree.iter("message")
        if (said := message.findtext("translation") or "") != message.findtext("source")
        and not re.search(r"%\d|\{\d\}|%n", said) and len(said) > 3)


def russian_left(app: Deskline) -> list[tuple[str, str]]:
    words = russian_words()
    return [(where, text) for where, text in texts(app.window)
            if text in words or any(w in text for w in words if len(w) > 12)]


def test_the_language_changes_at_once_and_nothing_is_lost(qtbot: QtBot, lab: LabInfo,
                                                          app: Deskline) -> None:
    window = app.window
    assert app.translators.language == "en"
    qtbot.waitUntil(lambda: window.status.chat.state is LinkState.ONLINE, timeout=10000)
    qtbot.waitUntil(lambda: window.status.pbx.state is LinkState.ONLINE, timeout=10000)
    ivan = f"ivan@{lab.domain}"
    card_loaded(qtbot, app, ivan)
    window.open_chat(ivan)
    window.chat.input.insertPlainText(DRAFT)
    qtbot.keyClicks(window.dialer.number, "8 800 CALL-NOW")
    qtbot.keyClick(window.dialer.number, Qt.Key.Key_Return)
    assert window.dialer.message.text().startswith("A phone number")
    assert window.status.chat.text() == "Chat: connected"

    choose_setting(qtbot, app, "ui.language", "Русский")
    qtbot.waitUntil(lambda: untranslated(window) == [], timeout=5000)
    assert app.translators.language == "ru"
    header = window.header.status
    assert [header.itemText(i) for i in range(header.count())] == [
        "В сети", "Занят для новых обращений", "Нет на месте", "Не в сети"]
    assert [a.text() for a in window.header.menu_button.menu().actions() if a.text()][:2] == [
        "Профиль…", "Настройки…"]
    assert [a.text() for a in app.tray.menu.actions() if a.text()][-2:] == [
        "Показать Deskline", "Выход"]
    assert window.status.chat.text() == "Чат: подключено"
    assert window.dialer.message.text() == ("В номере телефона могут быть только цифры, "
                                            "пробелы, + ( ) и -; уберите «C» «A» «L» «N» «O» "
                                            "«W».")
    assert window.chat.peer == ivan
    assert window.chat.input.toPlainText() == DRAFT  # nothing typed is lost
    assert app.settings.get_str("ui.language") == "ru"

    choose_setting(qtbot, app, "ui.language", "English")
    qtbot.waitUntil(lambda: russian_left(app) == [], timeout=5000)
    assert app.translators.language == "en"
    assert header.itemText(0) == "Online"
    assert window.status.chat.text() == "Chat: connected"
    assert window.dialer.message.text().startswith("A phone number")
    assert window.chat.input.toPlainText() == DRAFT


class Words(QPushButton):
    """A button that follows the language and the look, and nothing else."""

    def __init__(self) -> None:
        super().__init__()
        watch_language(self, self.retranslate)
        set_icon(self, "send")

    def retranslate(self) -> None:
        self.setText(self.tr("Send"))


def test_a_widget_that_follows_the_language_and_the_look_is_freed_at_once(
        qtbot: QtBot) -> None:
    """Its words' watch and its icon's painter make no reference cycle through it: freed
    when its last reference goes, in this thread. A cycle left it to the collector, which
    may run in a worker thread — where deleting a widget leaves its timers behind for Qt to
    fire at freed memory (a segfault seen in the suite)."""
    gc.disable()
    try:
        widget = Words()
        assert widget.text() == "Send"
        freed = weakref.ref(widget)
        del widget
        assert freed() is None
    finally:
        gc.enable()
