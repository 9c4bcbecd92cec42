"""Files and screenshots both ways, through the real parts: the lab's Prosody file service
(XEP-0363, mod_http_file_share over HTTPS), the desk relaying the links (XEP-0066, as
Gajim and Conversations send and show them) and the app: a client's screenshot shows as a
picture in the appeal, a click shows it whole; the specialist's file (📎) reaches the
client whole; a file over the server's limit is refused before anything is sent."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QColor, QImage, QTextCursor, QTextImageFormat
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop.app import Deskline
from desktop.bus import AppealState
from desktop.chat.photo import png_bytes
from desktop.lab.lab import LabInfo
from desktop.ui.image_view import ImageView
from tests.apps import answer_file_dialog, when_shown
from tests.desk import window_named, xdotool
from tests.peers.xmpp_peer import XmppPeer
from tests.supportdesk_rig import RunningDesk
from tests.test_appeals_workspace import in_work_and_open, online, press, three_lines


def screenshot() -> bytes:
    image = QImage(1600, 900, QImage.Format.Format_RGB32)
    image.fill(QColor("#2060c0"))
    for x in range(0, 1600, 7):  # (stripes: a PNG that does not compress to nothing)
        for y in range(0, 900, 50):
            image.setPixelColor(x, y, QColor("#ffffff"))
    return png_bytes(image)


def pictures(app: Deskline) -> list[tuple[float, float]]:
    """The sizes of the pictures laid out in the open conversation."""
    found = []
    block = app.window.chat.view.document().begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fmt = fragments.fragment().charFormat()
            if fmt.isImageFormat() and QTextImageFormat(fmt).name().startswith("thumb:"):
                image = QTextImageFormat(fmt)  # (not the senders' initials)
                found.append((image.width(), image.height()))
            fragments += 1
        block = block.next()
    return found


def picture_spot(app: Deskline) -> QPoint:
    """Where the first picture of the open conversation is drawn, in its viewport."""
    view = app.window.chat.view
    block = view.document().begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            fmt = fragment.charFormat()
            if fmt.isImageFormat() and QTextImageFormat(fmt).name().startswith("thumb:"):
                cursor = QTextCursor(view.document())
                cursor.setPosition(fragment.position())
                view.setTextCursor(cursor)
                view.ensureCursorVisible()
                rect = view.cursorRect(cursor)
                return QPoint(rect.x() + 60, rect.bottom() - 30)
            fragments += 1
        block = block.next()
    raise AssertionError("no picture in the conversation")


def test_a_clients_screenshot_shows_as_a_picture_and_a_file_goes_back_whole(
        qtbot: QtBot, lab: LabInfo, app: Deskline, tmp_path: Path) -> None:
    online(qtbot, app)
    pane = app.window.chat
    line = f"support@desk.{lab.domain}"
    with RunningDesk(three_lines(lab, tmp_path)) as desk, XmppPeer(lab, "ivan") as ivan:
        appeal = in_work_and_open(qtbot, app, ivan, line, "Смотрите, ошибка на экране")
        url = ivan.upload(screenshot(), "ошибка.png", "image/png")
        ivan.send_link(line, url)
        qtbot.waitUntil(lambda: pictures(app) == [(240.0, 135.0)], timeout=10000)
        assert "ошибка.png" in pane.view.toPlainText()
        assert "KB" in pane.view.toPlainText()  # its size
        facts = app.files.known[url]
        # A click on it shows it whole.
        shown: list[tuple[int, int]] = []

        def look(view: ImageView) -> None:
            pixmap = view.picture.pixmap()
            shown.append((pixmap.width(), pixmap.height()))
            view.close()

        when_shown(ImageView, look)
        spot = picture_spot(app)
        assert pane.view.anchorAt(spot) == url
        qtbot.mouseClick(pane.view.viewport(), Qt.MouseButton.LeftButton, pos=spot)
        qtbot.waitUntil(lambda: bool(shown), timeout=5000)
        assert shown[0][0] >= 1000
        assert facts.size > 0

        # The specialist's file, by 📎: uploaded, its link to the client, whole.
        report = tmp_path / "Акт сверки.pdf"
        report.write_bytes(b"%PDF-1.4 " + bytes(range(256)) * 400)
        qtbot.waitUntil(lambda: app.files.limit > 0, timeout=10000)
        answer_file_dialog(qtbot, report)
        press(qtbot, pane.attach)
        qtbot.waitUntil(lambda: any(m["oob"] for m in ivan.messages if m["from"] == line),
                        timeout=10000)
        got = next(m for m in ivan.messages if m["from"] == line and m["oob"])
        assert got["body"] == got["oob"]
        assert ivan.download(got["oob"]) == report.read_bytes()
        qtbot.waitUntil(lambda: "Акт сверки.pdf" in pane.view.toPlainText(), timeout=5000)
        assert desk.component is not None  # the desk keeps the links with the appeal
        kept = [m.body for m in desk.component.service.store.conversation(appeal.id)]
        assert url in kept
        assert got["oob"] in kept

        # Over the server's limit (16 MiB): said at once, nothing sent.
        big = tmp_path / "video.mp4"
        with big.open("wb") as out:
            out.truncate(17 * 1024 * 1024)
        sent = len(ivan.messages)
        answer_file_dialog(qtbot, big)
        press(qtbot, pane.attach)
        qtbot.waitUntil(pane.error.isVisible, timeout=5000)
        assert "video.mp4 is too big" in pane.error.text()
        assert "16.0 MB" in pane.error.text()
        assert app.appeals.appeals[appeal.id].state is AppealState.IN_WORK
        assert len(ivan.messages) == sent


def test_a_pasted_screenshot_is_sent_as_a_picture(
        qtbot: QtBot, lab: LabInfo, app: Deskline, tmp_path: Path) -> None:
    online(qtbot, app)
    pane = app.window.chat
    line = f"support@desk.{lab.domain}"
    with RunningDesk(three_lines(lab, tmp_path)), XmppPeer(lab, "ivan") as ivan:
        in_work_and_open(qtbot, app, ivan, line, "Пришлите, как должно быть")
        image = QImage(800, 500, QImage.Format.Format_RGB32)
        image.fill(QColor("#30a050"))
        QApplication.clipboard().setImage(image)
        pane.input.setFocus()
        qtbot.keyClick(pane.input, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
        # (the app's own loop must run meanwhile: waited for with Qt's wait, not a sleep)
        qtbot.waitUntil(lambda: any(m["oob"] for m in ivan.messages if m["from"] == line),
                        timeout=10000)
        got = next(m for m in ivan.messages if m["from"] == line and m["oob"])
        sent = QImage.fromData(ivan.download(got["oob"]))
        assert (sent.width(), sent.height()) == (800, 500)
        assert sent.pixelColor(10, 10) == QColor("#30a050")
        qtbot.waitUntil(lambda: pictures(app) == [(240.0, 150.0)], timeout=10000)
        assert pane.input.toPlainText() == ""


DRAG_SOURCE = """
import sys
from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtGui import QDrag
from PySide6.QtWidgets import QApplication, QLabel

class Source(QLabel):
    def mousePressEvent(self, event):
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(sys.argv[1])])
        drag = QDrag(self)
        drag.setMimeData(mime)
        drag.exec(Qt.DropAction.CopyAction)
        print("dropped", flush=True)

app = QApplication(sys.argv)
source = Source("act.pdf: drag me")
source.setWindowTitle("Drag source")
source.setGeometry(900, 600, 300, 120)
source.show()
print("shown", flush=True)
app.exec()
"""


class DragWatch(QObject):
    """Counts the drag's moves over a widget (what the drop waits for)."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.moves = 0
        widget.installEventFilter(self)

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.DragMove and event.isAccepted():
            self.moves += 1
        return False


def test_a_file_dragged_from_another_program_is_sent(
        qtbot: QtBot, lab: LabInfo, app: Deskline, tmp_path: Path) -> None:
    """A real drag and drop between two programs (XDND through the X server, the mouse
    moved by xdotool): a file manager's file dropped on the reply box goes to the client."""
    online(qtbot, app)
    pane = app.window.chat
    line = f"support@desk.{lab.domain}"
    act = tmp_path / "act.pdf"
    act.write_bytes(b"%PDF-1.4 act of reconciliation, November\n" * 100)
    with RunningDesk(three_lines(lab, tmp_path)), XmppPeer(lab, "ivan") as ivan:
        in_work_and_open(qtbot, app, ivan, line, "Пришлите акт сверки")
        seen = DragWatch(pane.input.viewport())
        source = subprocess.Popen([sys.executable, "-c", DRAG_SOURCE, str(act)],
                                  stdout=subprocess.PIPE, text=True,
                                  env={**os.environ, "QT_QPA_PLATFORM": "xcb"})
        try:
            assert source.stdout is not None
            assert source.stdout.readline().strip() == "shown"
            window = window_named("^Drag source$")
            target = pane.input.mapToGlobal(pane.input.rect().center())
            xdotool("mousemove", "--window", window, "150", "60")
            xdotool("mousedown", "1")
            for step in range(1, 11):  # as a hand moves it, so both sides see it travel
                qtbot.wait(30)
                x = 1050 + (target.x() - 1050) * step // 10
                y = 660 + (target.y() - 660) * step // 10
                xdotool("mousemove", str(x), str(y))
            # The drop lands once the reply box has seen the drag over it (and said yes).
            qtbot.waitUntil(lambda: seen.moves > 0, timeout=10000)
            xdotool("mouseup", "1")
            qtbot.waitUntil(lambda: any(m["oob"] for m in ivan.messages
                                        if m["from"] == line), timeout=15000)
        finally:
            source.terminate()
            source.wait(10)
            if source.stdout is not None:
                source.stdout.close()
        got = next(m for m in ivan.messages if m["from"] == line and m["oob"])
        assert ivan.download(got["oob"]) == act.read_bytes()
