"""Russian and English: the translation files cover every interface string, and the app in
Russian shows no English on its main screens (a walk over the widgets)."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTabWidget,
    QTreeWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop.app import Deskline
from desktop.bus import CallInfo, CallState, LinkState, Status
from desktop.chat.account import XmppAccount
from desktop.chat.conversations import MAX_CHARS
from desktop.lab.lab import LabInfo
from desktop.resources import I18N
from desktop.telephony.protocol import SipAccountConfig
from desktop.ui.incoming_popup import IncomingCallPopup
from desktop.ui.profile_dialog import ProfileDialog
from desktop.ui.status_names import status_name
from tests.apps import card_loaded, close_app, make_app

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
# Words that stay as they are in a Russian interface: names, protocols, keys.
KEEP = {"Deskline", "SIP", "SRTP", "UDP", "TCP", "TLS", "USB", "WAV", "Enter", "Esc", "Shift",
        "Ctrl", "Alt", "English", "user", "domain", "png", "jpg", "jpeg", "webp", "wav",
        "first_name", "patronymic", "name", "my_name", "hidraw", "udev", "URI", "HID", "dev"}
TAGS = re.compile(r"<[^>]+>")
ADDRESSES = re.compile(r"\S+@\S+|https?://\S+|\b\w+(?:\.\w+){2,}\b")  # and module names


def english_words(text: str) -> list[str]:
    text = ADDRESSES.sub("", TAGS.sub(" ", text))
    return [w for w in re.findall(r"[A-Za-z_]{3,}", text) if w not in KEEP]


def texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for everything a person reads in `root` and its children."""
    for widget in [root, *root.findChildren(QWidget)]:
        where = f"{type(widget).__name__}:{widget.objectName()}"
        if widget.isWindow() and widget.windowTitle():
            yield where, widget.windowTitle()
        if isinstance(widget, QLabel | QAbstractButton):
            yield where, widget.text()
        if isinstance(widget, QLineEdit | QPlainTextEdit):
            yield where, widget.placeholderText()
        if isinstance(widget, QComboBox):
            yield from ((where, widget.itemText(i)) for i in range(widget.count()))
        if isinstance(widget, QTabWidget):
            yield from ((where, widget.tabText(i)) for i in range(widget.count()))
        if isinstance(widget, QGroupBox):
            yield where, widget.title()
        if isinstance(widget, QTreeWidget):
            header = widget.headerItem()
            yield from ((where, header.text(i)) for i in range(header.columnCount()))
        if isinstance(widget, QMenu):
            yield from ((where, a.text()) for a in widget.actions())
        if widget.toolTip():
            yield where, widget.toolTip()


def untranslated(root: QWidget, data: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    """What reads English; `data`: texts from the system or the network (device names)."""
    return [(where, text) for where, text in texts(root)
            if text not in data and english_words(text)]


@pytest.fixture
def russian(qapp: QApplication, lab: LabInfo, tmp_path: Path) -> Iterator[Deskline]:
    app = make_app(qapp, lab, tmp_path, {"ui.language": "ru"})
    yield app
    close_app(app)


def test_the_translation_covers_every_string_and_is_compiled(tmp_path: Path) -> None:
    ts, qm = I18N / "deskline_ru.ts", I18N / "deskline_ru.qm"
    fresh = tmp_path / ts.name
    shutil.copy(ts, fresh)
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "desktop").rglob("*.py"))
    report = subprocess.run([BIN / "pyside6-lupdate", "-no-obsolete", *sources, "-ts", fresh],
                            cwd=ROOT, capture_output=True, text=True, check=True)
    assert "(0 new and" in report.stdout, report.stdout  # no string missing from the .ts
    assert 'type="unfinished"' not in fresh.read_text()  # and each one is translated
    subprocess.run([BIN / "pyside6-lrelease", ts, "-qm", tmp_path / "out.qm"], check=True,
                   capture_output=True)
    assert (tmp_path / "out.qm").read_bytes() == qm.read_bytes()  # scripts/translations.sh


def test_russian_shows_the_seed_words_and_no_english(qtbot: QtBot, lab: LabInfo,
                                                     russian: Deskline) -> None:
    window = russian.window
    assert russian.translators.language == "ru"
    assert [status_name(s) for s in Status] == [
        "В сети", "Занят для новых обращений", "Нет на месте", "Не в сети"]
    header = window.header.status
    assert [header.itemText(i) for i in range(header.count())] == [
        "В сети", "Занят для новых обращений", "Нет на месте", "Не в сети"]
    assert [a.text() for a in window.header.menu_button.menu().actions() if a.text()] == [
        "Профиль…", "Настройки…", "Онлайн-монитор…", "Отчёты…", "Руководство специалиста…",
        "Горячие клавиши…",
        "Написать в поддержку Deskline…", "Выход"]
    qtbot.waitUntil(lambda: window.status.chat.state is LinkState.ONLINE, timeout=10000)
    qtbot.waitUntil(lambda: window.status.pbx.state is LinkState.ONLINE, timeout=10000)
    for person in ("ivan", "boris"):  # a client's card, a colleague's (with a SIP line)
        card_loaded(qtbot, russian, f"{person}@{lab.domain}")
        window.open_chat(f"{person}@{lab.domain}")  # the chat pane and the card filled in
        assert untranslated(window) == []
    settings = russian.settings_dialog()
    qtbot.addWidget(settings)
    tabs = settings.findChild(QTabWidget)
    assert tabs is not None
    assert "Подключение к АТС" in [tabs.tabText(i) for i in range(tabs.count())]
    settings.show()
    qtbot.waitExposed(settings)
    bar = tabs.tabBar()
    for i in range(tabs.count()):  # each tab's name whole, none cut to "Быстрые отв…"
        assert bar.tabRect(i).width() >= bar.fontMetrics().horizontalAdvance(
            tabs.tabText(i)), tabs.tabText(i)
        assert bar.tabRect(i).right() <= bar.width(), tabs.tabText(i)
    listed = russian.devices.devices
    devices = frozenset(d.description for d in (*listed.sinks, *listed.sources)
                        ) if listed else frozenset()
    assert untranslated(settings, devices) == []
    profile = ProfileDialog(russian.chat, window)
    qtbot.addWidget(profile)
    assert untranslated(profile) == []
    popup = IncomingCallPopup(CallInfo(1, "in", "+79161234567", "Сидоров Иван Петрович",
                                       CallState.INCOMING, 0.0), russian.calls, window)
    qtbot.addWidget(popup)
    assert untranslated(popup) == []


def test_english_is_the_default_without_a_russian_system(qtbot: QtBot,
                                                         qapp: QApplication, lab: LabInfo,
                                                         tmp_path: Path) -> None:
    app = make_app(qapp, lab, tmp_path, {"ui.language": "en"})
    try:
        assert app.translators.language == "en"
        assert app.window.header.status.itemText(0) == "Online"
    finally:
        close_app(app)


def test_failure_screens_speak_russian(qtbot: QtBot, lab: LabInfo, russian: Deskline) -> None:
    """A wrong PBX password, a chat server that cannot be reached, a message too long and a
    number with letters: each said in Russian, by the real services and widgets."""
    window = russian.window
    qtbot.waitUntil(lambda: window.status.pbx.state is LinkState.ONLINE, timeout=10000)
    russian.calls.sign_in(SipAccountConfig(server="127.0.0.1", port=lab.sip_port, user="anna",
                                           password="not-the-password"))
    qtbot.waitUntil(lambda: window.status.pbx.state is LinkState.FAILED, timeout=10000)
    assert window.status.pbx.text() == "АТС: ошибка — неверное имя пользователя или пароль"
    with socket.socket() as closed:  # a port where nobody listens
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    russian.chat.sign_in(XmppAccount(f"anna@{lab.domain}", "x", "127.0.0.1", port,
                                     lab.ca_file))
    qtbot.waitUntil(lambda: window.status.chat.state is LinkState.FAILED, timeout=10000)
    assert window.status.chat.text() == "Чат: ошибка — сервер чата недоступен; пробуем снова"
    window.open_chat(f"ivan@{lab.domain}")
    pane = window.chat
    pane.input.setPlainText("я" * (MAX_CHARS + 1))  # pasted
    qtbot.keyClick(pane.input, Qt.Key.Key_Return)
    assert pane.error.text() == (f"В сообщении {MAX_CHARS + 1} символов; за один раз можно "
                                 f"отправить не больше {MAX_CHARS}. Разделите его, пожалуйста.")
    assert pane.input.toPlainText() == "я" * (MAX_CHARS + 1)  # nothing lost
    dialer = window.dialer
    qtbot.keyClicks(dialer.number, "8 800 CALL-NOW")
    qtbot.keyClick(dialer.number, Qt.Key.Key_Return)
    assert dialer.message.text() == ("В номере телефона могут быть только цифры, пробелы, "
                                     "+ ( ) и -; уберите «C» «A» «L» «N» «O» «W».")
    assert untranslated(window) == []
