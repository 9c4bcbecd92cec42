"""A remote session's window beside the conversation: the client's screen (rfb_view.py),
fit to the window or 1:1, and End, which asks what was done and agreed (required, as for
a call's comment)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.gui_thread import GuiThread
from desktop.ui.rfb_view import RfbView
from desktop.ui.shortcuts import on_button


class RemoteWindow(QWidget):
    end_requested = Signal(int, str)  # appeal, what was done and agreed
    control_requested = Signal(int)  # appeal: ask the client for control
    status_changed = Signal(str)  # what the status line says now
    watchers_changed = Signal(str)  # who else watches, as it says it ("" : nobody)

    def __init__(self, appeal: int, ca_file: str, gui: GuiThread,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("remoteWindow")
        self.appeal = appeal
        self.gui = gui
        self.ca_file = ca_file
        self.setWindowTitle(self.tr("Remote session · appeal №%1").replace("%1", str(appeal)))
        self.status = QLabel(self.tr("Connecting to the client's screen…"))
        self.status.setObjectName("remoteStatus")
        self.others = QLabel()  # who else watches
        self.others.setObjectName("remoteWatchers")
        self.others.hide()
        self.fit_button = QPushButton(self.tr("Fit to window"))
        self.fit_button.setObjectName("remoteFit")
        self.fit_button.setCheckable(True)
        self.fit_button.setChecked(True)
        self.control_button = QPushButton(self.tr("Ask for control"))
        self.control_button.setObjectName("remoteAskControl")
        self.control_button.clicked.connect(lambda: self.control_requested.emit(self.appeal))
        on_button(self.control_button, "Ctrl+Shift+K")
        self.keys_button = QPushButton(self.tr("Ctrl+Alt+Del"))
        self.keys_button.setObjectName("remoteCtrlAltDel")
        self.keys_button.setToolTip(self.tr("Send Ctrl+Alt+Del to the client's computer"))
        self.keys_button.setEnabled(False)  # (only with control)
        self.paste_button = QPushButton(self.tr("Paste to the client"))
        self.paste_button.setObjectName("remotePaste")
        self.paste_button.setToolTip(self.tr("Your clipboard's text into the client's "
                                             "clipboard (theirs comes into yours while you "
                                             "control)"))
        self.paste_button.setEnabled(False)
        self.end_button = QPushButton(self.tr("End…"))
        self.end_button.setObjectName("remoteEnd")
        self.end_button.clicked.connect(self.ask_to_end)
        on_button(self.end_button, "Ctrl+Shift+R")
        self.view = RfbView(ca_file, gui, self)
        self.view.state_changed.connect(self._shown)
        self.view.clipboard_received.connect(self._their_clipboard)
        self.keys_button.clicked.connect(self.view.send_ctrl_alt_del)
        self.paste_button.clicked.connect(
            lambda: self.view.paste(QGuiApplication.clipboard().text()))
        self.fit_button.toggled.connect(self.view.set_scaled)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.others)
        row.addWidget(self.fit_button)
        row.addWidget(self.control_button)
        row.addWidget(self.keys_button)
        row.addWidget(self.paste_button)
        row.addWidget(self.end_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addWidget(self.view, 1)
        self.resize(1024, 700)

    def watch_url(self, url: str, password: str) -> None:
        """Connect (the relay's certificate checked against the company CA), then the
        screen."""
        self.view.open(url, password)

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status_changed.emit(text)

    def ask_to_end(self) -> None:
        dialog = QInputDialog(self)
        dialog.setObjectName("remoteEndDialog")
        dialog.setWindowTitle(self.tr("End the remote session"))
        dialog.setLabelText(self.tr("What was done, what was agreed (required):"))
        while dialog.exec() == QDialog.DialogCode.Accepted:
            if dialog.textValue().strip():
                self.end_requested.emit(self.appeal, dialog.textValue().strip()[:1000])
                return

    def control(self, granted: bool, text: str) -> None:
        """The client gave control (input goes to their screen) or kept it."""
        self.view.set_view_only(not granted)
        self.control_button.setEnabled(not granted)
        self.keys_button.setEnabled(granted)
        self.paste_button.setEnabled(granted)
        self._say(text)

    def watchers(self, text: str) -> None:
        self.others.setText(text)
        self.others.setVisible(bool(text))
        self.watchers_changed.emit(text)

    def over(self, text: str) -> None:
        self._say(text)
        self.watchers("")
        self.end_button.setEnabled(False)
        self.control_button.setEnabled(False)
        self.keys_button.setEnabled(False)
        self.paste_button.setEnabled(False)
        self.view.end()

    def _their_clipboard(self, text: str) -> None:
        QGuiApplication.clipboard().setText(text)
        self._say(self.tr("The client's clipboard is in yours."))

    def _shown(self, state: str) -> None:
        texts = {"connected": self.tr("The client's screen, view only until they grant "
                                      "control."),
                 "failed": self.tr("The connection to the client's screen failed."),
                 "refused": self.tr("The client's screen refused the password.")}
        if state in texts:
            self._say(texts[state])
