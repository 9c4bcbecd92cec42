"""Icons on buttons, from one well-kept set: Material Design Icons (qtawesome's "mdi6",
Apache-2.0), drawn in the button's text colour and drawn again when the palette changes
(light or dark). The main actions keep their words beside the icon.

Only qtawesome's font and character map are used: the glyph is painted here into plain
pixmaps. Its own icons carry a QIconEngine written in Python, which Qt may still hold after
Python let it go (a segfault seen in the suite, and qtawesome's issues #280, #284)."""

from __future__ import annotations

import os

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QAbstractButton

os.environ.setdefault("QT_API", "pyside6")  # qtawesome speaks to Qt through QtPy
import qtawesome

# What a button does -> its icon (one place: the same action looks the same everywhere).
ICONS = {
    "call": "mdi6.phone", "hangup": "mdi6.phone-hangup", "hold": "mdi6.pause",
    "resume": "mdi6.play", "mute": "mdi6.microphone-off", "transfer": "mdi6.phone-forward",
    "consult": "mdi6.account-voice", "complete": "mdi6.phone-check",
    "conference": "mdi6.account-group", "keypad": "mdi6.dialpad",
    "send": "mdi6.send", "quote": "mdi6.format-quote-open", "quick": "mdi6.lightning-bolt",
    "emoji": "mdi6.emoticon-outline", "attach": "mdi6.paperclip", "note": "mdi6.lock",
    "accept": "mdi6.check", "take": "mdi6.hand-back-right", "finish": "mdi6.check-all",
    "hand_on": "mdi6.share", "escalate": "mdi6.arrow-up-bold", "invite": "mdi6.account-plus",
    "remote": "mdi6.monitor-share", "leave": "mdi6.exit-run", "join": "mdi6.account-multiple-plus",
    "menu": "mdi6.menu", "card": "mdi6.card-account-details-outline",
    "previous": "mdi6.chevron-up", "next": "mdi6.chevron-down", "close": "mdi6.close",
    "open": "mdi6.open-in-new", "stop": "mdi6.stop-circle-outline",
    "take_back": "mdi6.hand-back-left", "show": "mdi6.chart-bar", "export": "mdi6.file-export",
}
ICON_PX = 16


class _Painter(QObject):
    """Draws one button's icon, again on a palette change."""

    def __init__(self, button: QAbstractButton, what: str, colour: str) -> None:
        super().__init__(button)  # (the button is its parent: no reference back to it)
        self.what, self.colour = what, colour
        button.installEventFilter(self)
        self.paint()

    @property
    def button(self) -> QAbstractButton:
        button = self.parent()
        assert isinstance(button, QAbstractButton)
        return button

    def paint(self) -> None:
        palette = self.button.palette()
        normal = QColor(self.colour) if self.colour else palette.color(
            QPalette.ColorRole.ButtonText)
        disabled = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText)
        if self.button.iconSize().height() < ICON_PX:
            self.button.setIconSize(QSize(ICON_PX, ICON_PX))
        side, ratio = self.button.iconSize().height(), self.button.devicePixelRatioF()
        icon = QIcon()
        for mode, colour in ((QIcon.Mode.Normal, normal), (QIcon.Mode.Disabled, disabled)):
            icon.addPixmap(glyph(ICONS[self.what], side, ratio, colour), mode)
        self.button.setIcon(icon)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.PaletteChange:
            self.paint()
        return False


def glyph(name: str, side: int, ratio: float, colour: QColor) -> QPixmap:
    """The font's glyph for `name`, `side` px square at the screen's pixel ratio."""
    pixmap = QPixmap(round(side * ratio), round(side * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.setFont(qtawesome.font(name.partition(".")[0], side))
    painter.setPen(colour)
    painter.drawText(QRect(0, 0, side, side), Qt.AlignmentFlag.AlignCenter,
                     qtawesome.charmap(name))
    painter.end()
    return pixmap


def set_icon(button: QAbstractButton, what: str, colour: str = "") -> None:
    """`what` (a key of ICONS) on `button`, in `colour` or the palette's button text.
    Called again for the same button (Hold becomes Resume) it changes the icon."""
    painter = button.findChild(_Painter)
    if painter is None:
        _Painter(button, what, colour)
        return
    painter.what, painter.colour = what, colour
    painter.paint()
