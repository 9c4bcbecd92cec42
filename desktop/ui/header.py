"""Top-left header: the specialist's photo and name (opens the profile) and the menu."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QAction, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.bus import OwnProfileChanged, OwnStatusChanged, Status
from desktop.ui.avatar import avatar_pixmap
from desktop.ui.contacts import dot
from desktop.ui.i18n import watch_language
from desktop.ui.icons import set_icon
from desktop.ui.status_names import status_name

AVATAR_PX = 40


class Header(QWidget):
    shown_name = ""  # whose name the header shows (set with the profile)
    profile_requested = Signal()
    status_chosen = Signal(object)  # Status

    def __init__(self, menu: QMenu, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("header")
        self.avatar = QToolButton()
        self.avatar.setObjectName("ownAvatar")
        self.avatar.setIconSize(QSize(AVATAR_PX, AVATAR_PX))
        self.avatar.setAutoRaise(True)
        self.name = QLabel()
        self.name.setObjectName("ownName")
        self.position = QLabel()
        self.position.setObjectName("ownPosition")
        self.position.setStyleSheet("color: palette(placeholder-text);")
        names = QVBoxLayout()
        names.setSpacing(0)
        names.addWidget(self.name)
        names.addWidget(self.position)
        self.status = QComboBox()
        self.status.setObjectName("ownStatus")
        for status in Status:
            self.status.addItem(dot(status), "", status)
        self.automatic = False  # the status was set by the idle clock
        self.status.activated.connect(self._status_picked)
        self.menu_button = QToolButton()
        self.menu_button.setObjectName("menuButton")
        self.menu_button.setStyleSheet("QToolButton::menu-indicator { image: none; }")
        self.menu_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        set_icon(self.menu_button, "menu")
        self.menu_button.setMenu(menu)
        self.menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 6, 8, 6)
        row.addWidget(self.avatar)
        row.addLayout(names)
        row.addSpacing(12)
        row.addWidget(self.status)
        row.addStretch(1)
        self.curtain_button = QToolButton()
        self.curtain_button.setObjectName("curtainButton")
        self.curtain_button.setCheckable(True)
        self.curtain_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        set_icon(self.curtain_button, "card")
        row.addWidget(self.curtain_button)
        row.addWidget(self.menu_button)
        self.avatar.clicked.connect(self.profile_requested)
        self.name.linkActivated.connect(self._name_clicked)
        self.profile = OwnProfileChanged("", "")
        watch_language(self, self.retranslate)

    def retranslate(self) -> None:
        self.avatar.setToolTip(self.tr("Open your profile"))
        for index in range(self.status.count()):
            self.status.setItemText(index, status_name(self.status.itemData(index)))
        self.menu_button.setText(self.tr("Menu"))
        self.curtain_button.setText(self.tr("Card"))
        self.curtain_button.setToolTip(self.tr("Show or hide the card of the selected person "
                                               "(Ctrl+I)"))
        self._status_tip()
        self.show_profile(self.profile)

    def _status_picked(self, index: int) -> None:
        self.status_chosen.emit(self.status.itemData(index))

    def show_status(self, event: OwnStatusChanged) -> None:
        self.status.setCurrentIndex(self.status.findData(event.status))
        self.automatic = event.automatic
        self._status_tip()

    def _status_tip(self) -> None:
        self.status.setToolTip(self.tr("Set automatically: no input for a while")
                               if self.automatic else "")

    def _name_text(self) -> None:
        """The name as a link in the palette's text colour (rich text knows no palette())."""
        self.name.setText(_escape_name(self))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.shown_name:
            self._name_text()

    def _name_clicked(self, _link: str) -> None:
        self.profile_requested.emit()

    def show_profile(self, event: OwnProfileChanged) -> None:
        self.profile = event
        self.shown_name = event.full_name or self.tr("Signing in…")
        self._name_text()
        self.name.setToolTip(self.tr("Open your profile"))
        self.position.setText(_escape(event.position))
        self.avatar.setIcon(avatar_pixmap(event.full_name, AVATAR_PX, event.avatar_png,
                                          self.devicePixelRatioF()))


def _escape_name(header: Header) -> str:
    colour = header.palette().color(QPalette.ColorRole.WindowText).name()
    return (f'<a href="profile" style="text-decoration:none; color:{colour};'
            f' font-weight:600">{_escape(header.shown_name)}</a>')


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def make_action(text: str, parent: QWidget, shortcut: str = "") -> QAction:
    action = QAction(text, parent)
    if shortcut:
        action.setShortcut(shortcut)
    return action
