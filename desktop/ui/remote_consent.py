"""The client's side of a remote session on screen: the request, to allow or decline (it
names who asks, for which appeal, and that nothing is seen before Allow), and while the
screen is shared a small bar on top of every window saying who watches, with Stop."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from desktop.remote.request import RemoteRequest, Sharing
from desktop.remote.share_service import RemoteShare


class ShareBar(QWidget):
    def __init__(self, share: RemoteShare) -> None:
        super().__init__(None, Qt.WindowType.Tool | Qt.WindowType.FramelessWindowHint
                         | Qt.WindowType.WindowStaysOnTopHint)
        self.setObjectName("remoteShareBar")
        self.setStyleSheet("#remoteShareBar { background: #fff4d6; border: 1px solid #d9a400; }")
        self.label = QLabel()
        self.label.setObjectName("remoteShareText")
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setObjectName("remoteShareStop")
        self.stop_button.clicked.connect(share.stop)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.stop_button)

    def show_sharing(self, sharing: Sharing) -> None:
        if sharing.viewers:
            text = self.tr("Your screen is shared with %1 (view only)").replace(
                "%1", ", ".join(sharing.viewers))
        else:
            text = self.tr("Your screen is shared for appeal №%1: waiting for the "
                           "specialist…").replace("%1", str(sharing.request.appeal))
        self.label.setText(text)
        self.adjustSize()
        if not self.isVisible():
            screen = self.screen().availableGeometry()
            self.move(screen.center().x() - self.width() // 2, screen.top() + 8)
            self.show()


class RemoteShareUi(QObject):
    """The request's question and the bar, for the share service."""

    def __init__(self, share: RemoteShare, parent: QWidget) -> None:
        super().__init__(parent)
        self.share = share
        self.parent_widget = parent
        self.bar = ShareBar(share)
        self.asking: QMessageBox | None = None
        share.requested.connect(self.ask)
        share.changed.connect(self._changed)

    def ask(self, request: RemoteRequest) -> None:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Remote session request"), self.tr(
            "%1 asks to see your screen to help with appeal №%2 (%3).\n\nNobody sees "
            "anything until you allow it; nobody controls anything unless you allow that "
            "too. You can stop at any time.").replace("%1", request.specialist or
                                                      self.tr("A specialist"))
            .replace("%2", str(request.appeal)).replace("%3", request.line),
            QMessageBox.StandardButton.NoButton, self.parent_widget)
        box.setObjectName("remoteConsent")
        allow = box.addButton(self.tr("Allow"), QMessageBox.ButtonRole.AcceptRole)
        allow.setObjectName("remoteAllow")
        decline = box.addButton(self.tr("Decline"), QMessageBox.ButtonRole.RejectRole)
        decline.setObjectName("remoteDecline")
        box.setDefaultButton(decline)  # (a stray Enter shares nothing)
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.buttonClicked.connect(
            lambda button: self.share.allow(request) if button is allow
            else self.share.decline(request))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.asking = box
        box.show()

    def _changed(self, sharing: Sharing) -> None:
        if sharing.over:
            self.bar.hide()
        else:
            self.bar.show_sharing(sharing)
