"""The tray icon: the specialist's status on the app's icon, unread messages as a badge,
a menu to change the status, bring the window up or quit."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QMenu, QSystemTrayIcon, QWidget

from desktop.bus import Bus, OwnStatusChanged, Status
from desktop.chat.conversations import ChatService
from desktop.ui.i18n import watch_language
from desktop.ui.status_names import COLOUR, status_name

SIZE = 64


def app_icon(status: Status | None = None, unread: int = 0) -> QIcon:
    """Deskline's mark (a speech bubble with a "D"), the status as a dot, unread as a badge."""
    pixmap = QPixmap(SIZE, SIZE)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#2f6fd0"))
    painter.drawRoundedRect(QRectF(2, 2, SIZE - 4, SIZE - 4), 14, 14)
    font = QFont()
    font.setPixelSize(38)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(QRectF(0, 0, SIZE, SIZE), Qt.AlignmentFlag.AlignCenter, "D")
    if status is not None:
        painter.setPen(QColor("white"))
        painter.setBrush(QColor(COLOUR[status]))
        painter.drawEllipse(QRectF(SIZE - 26, SIZE - 26, 24, 24))
    if unread:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#d8343a"))
        painter.drawEllipse(QRectF(SIZE - 30, 0, 30, 30))
        font.setPixelSize(18)
        painter.setFont(font)
        painter.setPen(QColor("white"))
        painter.drawText(QRectF(SIZE - 30, 0, 30, 30), Qt.AlignmentFlag.AlignCenter,
                         str(unread) if unread < 10 else "9+")
    painter.end()
    return QIcon(pixmap)


class Tray(QObject):
    status_chosen = Signal(object)  # Status
    show_requested = Signal()
    quit_requested = Signal()

    def __init__(self, bus: Bus, chats: ChatService, window: QWidget,
                 offered: Callable[[], int] = lambda: 0) -> None:
        super().__init__(window)
        self.chats = chats
        self.offered = offered  # appeals offered to me, waiting to be accepted
        self.status = Status.ONLINE
        self._told = False
        self.icon = QSystemTrayIcon(self)
        self.menu = QMenu(window)  # owned by Qt: never deleted from a GC in another thread
        self.status_actions: dict[Status, QAction] = {}
        for status in Status:
            action = self.menu.addAction("")
            action.setCheckable(True)
            action.triggered.connect(lambda _=False, s=status: self.status_chosen.emit(s))
            self.status_actions[status] = action
        self.menu.addSeparator()
        self.show_action = self.menu.addAction("")
        self.show_action.triggered.connect(self.show_requested)
        self.quit_action = self.menu.addAction("")
        self.quit_action.triggered.connect(self.quit_requested)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        bus.own_status.connect(self._on_status)
        # A flood of messages is one repaint of the icon, not one per message.
        self._refresh_soon = QTimer(self)
        self._refresh_soon.setSingleShot(True)
        self._refresh_soon.setInterval(0)
        self._refresh_soon.timeout.connect(self.refresh)
        chats.unread_changed.connect(self._refresh_soon.start)
        bus.appeal.connect(lambda _appeal: self._refresh_soon.start())
        watch_language(self.menu, self.retranslate)

    def retranslate(self) -> None:
        for status, action in self.status_actions.items():
            action.setText(status_name(status))
        self.show_action.setText(self.tr("Show Deskline"))
        self.quit_action.setText(self.tr("Quit"))
        self.refresh()

    @property
    def unread(self) -> int:
        return sum(self.chats.unread.values())

    def show(self) -> None:
        self.icon.show()

    def hide(self) -> None:
        self.icon.hide()

    def can_bring_back(self) -> bool:
        return self.icon.isVisible() and QSystemTrayIcon.isSystemTrayAvailable()

    def tell_still_running(self) -> None:
        """Once per run: closing the window did not end Deskline."""
        if self._told:
            return
        self._told = True
        self.icon.showMessage("Deskline", self.tr(
            "Deskline keeps running here: calls and messages still come in. "
            "Menu → Quit ends it."), QSystemTrayIcon.MessageIcon.Information, 5000)

    def refresh(self) -> None:
        unread, offered = self.unread, self.offered()
        self.icon.setIcon(app_icon(self.status, unread + offered))  # both wait for me
        tip = f"Deskline — {status_name(self.status)}"
        if offered:
            tip += "\n" + self.tr("Appeals offered to you: {0}").format(offered)
        if unread:
            tip += "\n" + self.tr("Unread messages: {0}").format(unread)
        self.icon.setToolTip(tip)
        for status, action in self.status_actions.items():
            action.setChecked(status is self.status)

    def _on_status(self, event: OwnStatusChanged) -> None:
        self.status = event.status
        self.refresh()

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger,
                      QSystemTrayIcon.ActivationReason.DoubleClick):
            self.show_requested.emit()
