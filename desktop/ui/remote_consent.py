"""The client's side of a remote session on screen: the request, to allow or decline (it
names who asks, for which appeal, and that nothing is seen before Allow), and while the
screen is shared a small bar on top of every window saying who watches, with Stop."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from desktop.remote.request import ControlRequest, RemoteRequest, Sharing
from desktop.remote.share_service import RemoteShare
from desktop.ui.i18n import watch_language
from desktop.ui.icons import set_icon


class ShareBar(QWidget):
    def __init__(self, share: RemoteShare, name_of: Callable[[str], str]) -> None:
        super().__init__(None, Qt.WindowType.Tool | Qt.WindowType.FramelessWindowHint
                         | Qt.WindowType.WindowStaysOnTopHint)
        self.setObjectName("remoteShareBar")
        self.name_of = name_of
        self.setStyleSheet("#remoteShareBar { background: #fff4d6; border: 1px solid #d9a400; }")
        self.label = QLabel()
        self.label.setObjectName("remoteShareText")
        self.stop_button = QPushButton()
        self.stop_button.setObjectName("remoteShareStop")
        self.stop_button.clicked.connect(share.stop)
        self.take_back_button = QPushButton()
        self.take_back_button.setObjectName("remoteShareTakeBack")
        set_icon(self.stop_button, "stop")
        set_icon(self.take_back_button, "take_back")
        self.take_back_button.clicked.connect(share.take_back_control)
        self.take_back_button.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.take_back_button)
        layout.addWidget(self.stop_button)
        self.sharing: Sharing | None = None
        watch_language(self, self.retranslate)

    def retranslate(self) -> None:
        self.stop_button.setText(self.tr("Stop"))
        self.take_back_button.setText(self.tr("Take back control"))
        if self.sharing is not None and self.isVisible():
            self.show_sharing(self.sharing)

    def show_sharing(self, sharing: Sharing) -> None:
        self.sharing = sharing
        watching = ", ".join(self._name(who) for who in sharing.viewers)
        if sharing.controller:
            text = self.tr("Your screen is shared with %1; %2 controls it").replace(
                "%1", watching).replace("%2", self._name(sharing.controller))
        elif sharing.viewers:
            text = self.tr("Your screen is shared with %1 (view only)").replace(
                "%1", watching)
        else:
            text = self.tr("Your screen is shared for appeal №%1: waiting for the "
                           "specialist…").replace("%1", str(sharing.request.appeal))
        self.label.setText(text)
        self.label.setToolTip(", ".join(sharing.viewers))  # (their addresses)
        self.take_back_button.setVisible(bool(sharing.controller))
        self.adjustSize()
        if not self.isVisible():
            screen = self.screen().availableGeometry()
            self.move(screen.center().x() - self.width() // 2, screen.top() + 8)
            self.show()

    def _name(self, who: str) -> str:
        return self.name_of(who) or who.partition("@")[0]


class RemoteShareUi(QObject):
    """The request's question and the bar, for the share service. `name_of`: a person's
    name from their address ("" when unknown: the address's name part then)."""

    def __init__(self, share: RemoteShare, parent: QWidget,
                 name_of: Callable[[str], str] = lambda _who: "") -> None:
        super().__init__(parent)
        self.share = share
        self.parent_widget = parent
        self.bar = ShareBar(share, name_of)
        self.asking: QMessageBox | None = None
        share.requested.connect(self.ask)
        share.control_requested.connect(self.ask_control)
        share.changed.connect(self._changed)

    def ask(self, request: RemoteRequest) -> None:
        text = self.tr(
            "%1 asks to see your screen to help with appeal №%2 (%3).\n\nNobody sees "
            "anything until you allow it; nobody controls anything unless you allow that "
            "too. You can stop at any time.").replace(
                "%1", request.specialist or self.tr("A specialist")).replace(
                "%2", str(request.appeal)).replace(
                "%3", request.line_name or request.line)
        self.asking = self._question(
            "remote", self.tr("Remote session request"), text, self.tr("&Allow"),
            lambda allowed: self.share.allow(request) if allowed
            else self.share.decline(request))

    def ask_control(self, asked: ControlRequest) -> None:
        text = self.tr("%1 asks to control your screen (keyboard and mouse).\n\nYou can "
                       "take it back at any time.").replace("%1", asked.specialist or asked.who)
        self._question("remoteControl", self.tr("Control of your screen"), text,
                       self.tr("&Allow control"),
                       lambda allowed: self.share.allow_control(asked) if allowed
                       else self.share.decline_control(asked))

    def _question(self, name: str, title: str, text: str, allow_text: str,
                  answer: Callable[[bool], None]) -> QMessageBox:
        """Allow or Decline, Decline the default (a stray Enter gives nothing away); not
        modal (the app goes on); `name` + Consent / Allow / Decline name its parts."""
        box = QMessageBox(QMessageBox.Icon.Question, title, text,
                          QMessageBox.StandardButton.NoButton, self.parent_widget)
        box.setObjectName(f"{name}Consent")
        allow = box.addButton(allow_text, QMessageBox.ButtonRole.AcceptRole)
        allow.setObjectName(f"{name}Allow")
        decline = box.addButton(self.tr("&Decline"), QMessageBox.ButtonRole.RejectRole)
        decline.setObjectName(f"{name}Decline")
        box.setDefaultButton(decline)
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.buttonClicked.connect(lambda button: answer(button is allow))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.show()
        return box

    def _changed(self, sharing: Sharing) -> None:
        if sharing.over:
            self.bar.hide()
        else:
            self.bar.show_sharing(sharing)
