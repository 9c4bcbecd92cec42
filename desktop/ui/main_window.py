"""The main window: header at top left, contacts | chat | curtain, dialer, status bar."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import QMainWindow, QMenu, QSplitter, QVBoxLayout, QWidget

from desktop.bus import Bus
from desktop.settings import Settings
from desktop.ui.header import Header, make_action
from desktop.ui.placeholder import Placeholder
from desktop.ui.status_bar import StatusBar


class MainWindow(QMainWindow):
    profile_requested = Signal()
    settings_requested = Signal()
    quit_requested = Signal()
    shown = Signal()  # first time the window is on screen (startup benchmark)

    def __init__(self, bus: Bus, settings: Settings) -> None:
        super().__init__()
        self.settings = settings
        self._shown_once = False
        self.setWindowTitle("Deskline")
        self.setMinimumSize(900, 560)

        menu = self._build_menu()
        self.header = Header(menu)
        self.header.profile_requested.connect(self.profile_requested)
        self.contacts = Placeholder("contactsPanel", self.tr("Contacts"),
                                    self.tr("Colleagues and clients appear here."))
        self.dialer = Placeholder("dialerPanel", self.tr("Dialer"),
                                  self.tr("Type a number to call it through the PBX."))
        self.chat = Placeholder("chatPanel", self.tr("Conversation"),
                                self.tr("Choose a contact to see the conversation."))
        self.curtain = Placeholder("curtainPanel", self.tr("Card"),
                                   self.tr("The selected person's card: name, position, "
                                           "company, status and phone numbers."))
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.contacts, 3)
        left_layout.addWidget(self.dialer, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.chat)
        self.splitter.addWidget(self.curtain)
        self.splitter.setSizes([260, 480, 260])
        self.splitter.setStretchFactor(1, 1)
        self.curtain.setVisible(settings.get_bool("ui.curtain_visible"))

        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(6, 0, 6, 6)
        body_layout.addWidget(self.header)
        body_layout.addWidget(self.splitter, 1)
        self.setCentralWidget(body)

        self.status = StatusBar()
        self.setStatusBar(self.status)
        bus.pbx_link.connect(self.status.on_pbx_link)
        bus.chat_link.connect(self.status.on_chat_link)
        bus.own_profile.connect(self.header.show_profile)
        geometry = settings.get_str("ui.window_geometry")
        if geometry:
            self.restoreGeometry(QByteArray.fromBase64(geometry.encode()))
        else:
            self.resize(1100, 680)

    def _build_menu(self) -> QMenu:
        menu = QMenu(self)
        self.profile_action = make_action(self.tr("Profile…"), self)
        self.settings_action = make_action(self.tr("Settings…"), self, "Ctrl+,")
        self.quit_action = make_action(self.tr("Quit"), self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        menu.addActions([self.profile_action, self.settings_action])
        menu.addSeparator()
        menu.addAction(self.quit_action)
        self.addActions([self.settings_action, self.quit_action])  # shortcuts w/o the menu open
        self.profile_action.triggered.connect(self.profile_requested)
        self.settings_action.triggered.connect(self.settings_requested)
        self.quit_action.triggered.connect(self.quit_requested)
        return menu


    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            self.shown.emit()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        geometry = bytes(self.saveGeometry().toBase64().data()).decode()
        self.settings.set("ui.window_geometry", geometry)
        super().closeEvent(event)
