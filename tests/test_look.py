"""The working place's look, light and dark, in English and Russian: a conversation of an
appeal (grouped messages, ours, a colleague's note, a quote) stays readable, every ground
against its text at WCAG's 4.5:1 or better and the muted words at 3:1; screenshots of each
go to docs/screenshots when refreshing them ($DESKLINE_SCREENSHOTS)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QAbstractButton, QApplication
from pytestqt.qtbot import QtBot

from desktop.app import Deskline
from desktop.bus import ChatMessage
from desktop.lab.lab import LabInfo
from desktop.ui.chat_view import ChatView
from tests.apps import close_app, make_app, shoot
from tests.peers.xmpp_peer import XmppPeer
from tests.supportdesk_rig import RunningDesk
from tests.test_appeals_workspace import in_work_and_open, online, three_lines


def luminance(colour: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    return (0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF()))


def icon_lightness(button: QAbstractButton) -> int:
    """How light the drawn strokes of the button's icon are (its opaque pixels)."""
    image = button.icon().pixmap(16, 16).toImage()
    strokes = [image.pixelColor(x, y) for x in range(image.width())
               for y in range(image.height()) if image.pixelColor(x, y).alpha() > 200]
    assert strokes, "the button has no icon"
    return max(c.lightness() for c in strokes)


def contrast(a: str | QColor, b: str | QColor) -> float:
    la, lb = sorted((luminance(QColor(a)), luminance(QColor(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.fixture(params=["en", "ru"])
def deskline(request: pytest.FixtureRequest, qapp: QApplication, lab: LabInfo,
             tmp_path: Path) -> Iterator[Deskline]:
    app = make_app(qapp, lab, tmp_path, {"ui.language": request.param})
    yield app
    close_app(app)
    app.settings.set("ui.theme", "light")  # (the application's palette is everyone's)


def test_a_conversation_is_readable_light_and_dark(
        qtbot: QtBot, lab: LabInfo, deskline: Deskline, tmp_path: Path) -> None:
    app = deskline
    online(qtbot, app)
    language = app.settings.get_str("ui.language")
    line = f"support@desk.{lab.domain}"
    pane = app.window.chat
    app.window.resize(1200, 720)
    with RunningDesk(three_lines(lab, tmp_path)), XmppPeer(lab, "ivan") as ivan:
        in_work_and_open(qtbot, app, ivan, line, "Здравствуйте! Не приходит счёт за ноябрь")
        ivan.send(line, "И акт сверки за квартал тоже нужен")
        qtbot.waitUntil(lambda: len(pane.messages) >= 2, timeout=5000)
        pane.chats.send(pane.peer, "Иван Петрович, ваше обращение принято")
        pane.chats.send(pane.peer, "Клиент просил звонить после 15:00", note=True)
        ivan.reply(line, "Спасибо, жду", pane.messages[0].id,
                   "Здравствуйте! Не приходит счёт за ноябрь", "q-look")
        qtbot.waitUntil(lambda: len(pane.messages) >= 5, timeout=5000)
        view = pane.view
        for theme in ("light", "dark"):
            app.settings.set("ui.theme", theme)
            qtbot.waitUntil(lambda t=theme: (QColor(view._theirs).lightness() < 80)
                            == (t == "dark"), timeout=5000)
            text = view.palette().color(QPalette.ColorRole.Text)
            header = app.window.header
            named = re.search(r"color:(#[0-9a-f]{6})", header.name.text())
            assert named is not None  # (the name was black on dark: rich text's own colour)
            assert contrast(named.group(1),
                            header.palette().color(QPalette.ColorRole.Window)) >= 4.5
            for ground in (view._own, view._theirs, view._note):
                assert contrast(ground, text) >= 4.5, (theme, ground, text.name())
                assert contrast(ground, view._muted) >= 3.0, (theme, ground, view._muted)
            # The buttons' icons are drawn in the text's colour of the look (light on dark).
            for button in (pane.send_button, app.window.appeal_bar.finish_button):
                qtbot.waitUntil(lambda b=button, t=theme: (icon_lightness(b) > 150)
                                == (t == "dark"), timeout=5000)
            qtbot.wait(200)  # (a picture for people; nothing rests on it)
            shoot(app.window, f"working-place-{theme}-{language}")


def test_messages_that_come_one_by_one_are_laid_out_as_a_whole_page_is(
        qtbot: QtBot) -> None:
    """Each paragraph's ground and indent are its message's, whether the page was laid out
    at once or the messages came one after another (each new batch's first paragraph took
    the last shown one's: our header on their ground, their name inside our tint)."""
    at = 1_765_000_000.0
    said = [ChatMessage("a", "ivan@x", False, "Добрый день! Не приходит счёт", at),
            ChatMessage("b", "ivan@x", True, "Сейчас проверю", at + 60, "delivered"),
            ChatMessage("c", "ivan@x", True, "Отправила оба документа", at + 70),
            ChatMessage("d", "ivan@x", False, "Спасибо, получил", at + 90),
            ChatMessage("e", "ivan@x", True, "Обращайтесь", at + 400, note=True)]
    whole, by_one = ChatView("You"), ChatView("You")
    for view in (whole, by_one):
        qtbot.addWidget(view)
    whole.show_messages(said, "Сидоров Иван Петрович")
    by_one.show_messages(said[:1], "Сидоров Иван Петрович")
    for message in said[1:]:
        by_one.put(message)
        qtbot.waitUntil(lambda v=by_one: v._laid_out == len(v.messages), timeout=2000)

    def layout(view: ChatView) -> list[tuple[str, float, str]]:
        block, out = view.document().begin(), []
        while block.isValid():
            form = block.blockFormat()
            out.append((block.text(), form.leftMargin(), form.background().color().name()))
            block = block.next()
        return out

    assert layout(by_one) == layout(whole)
