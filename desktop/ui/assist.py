"""`deskline assist`: for a client without Deskline, only the part that lets a specialist
see their screen. One window signs in with their chat account, or takes the one-time code
the specialist read out (a caller, a user of another chat program); when the desk's
specialist asks, the same question and the same bar on top as in Deskline
(remote_consent.py). Nothing of the softphone or the chat window starts."""

from __future__ import annotations

import sys
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.bus import LinkState
from desktop.chat.account import XmppAccount
from desktop.gui_thread import GuiThread, assert_gui_thread
from desktop.paths import Paths
from desktop.remote.code_link import CodeLink, CodeProblem
from desktop.remote.share_service import RemoteShare
from desktop.ui.remote_consent import RemoteShareUi


class _Link:
    """The connection's reports this window needs: only whether it is up (a ChatSink)."""

    def __init__(self, window: AssistWindow) -> None:
        self.window = window

    def on_link(self, state: LinkState, problem: Any) -> None:
        assert_gui_thread()
        self.window.linked(state, problem)

    def __getattr__(self, _name: str) -> Any:  # contacts, messages …: not this program's
        return lambda *_args: None


class AssistWindow(QWidget):
    def __init__(self, share: RemoteShare, gui: GuiThread, server: str, port: int,
                 ca_file: str, trusted: frozenset[str], relay: str = "",
                 code: str = "") -> None:
        super().__init__()
        self.setObjectName("assistWindow")
        self.setWindowTitle(self.tr("Deskline assist"))
        self.share = share
        self.gui = gui
        self.server, self.port, self.ca_file, self.trusted = server, port, ca_file, trusted
        self.worker: Any = None
        self.link: CodeLink | None = None
        self.address = QLineEdit()
        self.address.setObjectName("assistAddress")
        self.address.setPlaceholderText("ivan@example.com")
        self.password = QLineEdit()
        self.password.setObjectName("assistPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.sign_in = QPushButton(self.tr("Sign in"))
        self.sign_in.setObjectName("assistSignIn")
        self.sign_in.setDefault(True)
        self.sign_in.clicked.connect(self.connect_account)
        self.password.returnPressed.connect(self.connect_account)
        self.status = QLabel(self.tr("Sign in with your chat account. When your support "
                                     "specialist asks to see your screen, you will be asked "
                                     "here first."))
        self.status.setObjectName("assistStatus")
        self.status.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Chat address"), self.address)
        form.addRow(self.tr("Password"), self.password)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.sign_in, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(QLabel(self.tr("<b>Or</b>, without a chat account: the code your "
                                        "specialist gives you")))
        self.relay = QLineEdit(relay)
        self.relay.setObjectName("assistRelay")
        self.relay.setPlaceholderText("wss://support.example.com:5281")
        self.code = QLineEdit(code)
        self.code.setObjectName("assistCode")
        self.code.setPlaceholderText("1234 5678")
        self.code.setMaxLength(16)
        self.use_code = QPushButton(self.tr("Connect with the code"))
        self.use_code.setObjectName("assistUseCode")
        self.use_code.clicked.connect(self.connect_code)
        self.code.returnPressed.connect(self.connect_code)
        codes = QFormLayout()
        if not relay:  # (given on the command line, it is not asked)
            codes.addRow(self.tr("Support's address"), self.relay)
        codes.addRow(self.tr("Code"), self.code)
        layout.addLayout(codes)
        layout.addWidget(self.use_code, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.status)
        self.resize(480, 320)
        if relay and code:
            self.connect_code()

    def connect_code(self) -> None:
        relay, code = self.relay.text().strip(), self.code.text().strip()
        if self.link is not None or self.worker is not None:
            return
        if not relay.startswith("wss://") or sum(ch.isdigit() for ch in code) != 8:
            self.status.setText(self.tr("The code has eight digits, and the support's "
                                        "address begins with wss://."))
            return
        self.link = CodeLink(relay, code, self.ca_file, self.share, self.gui, self._code_over)
        self.share.attach(self.link, self.ca_file)
        self.use_code.setEnabled(False)
        self.sign_in.setEnabled(False)
        self.status.setText(self.tr("Connecting…"))
        self.link.start()

    def _code_over(self, problem: CodeProblem) -> None:
        assert_gui_thread()
        link, self.link = self.link, None
        if link is not None:
            link.close(0)
        self.share.attach(None, self.ca_file)
        self.code.clear()
        self.use_code.setEnabled(True)
        self.sign_in.setEnabled(True)
        self.status.setText({
            CodeProblem.UNREACHABLE: self.tr("The support's address did not answer: check "
                                             "it, and your connection."),
            CodeProblem.BAD_CODE: self.tr("This code is not valid (or no longer): ask your "
                                          "specialist for a new one."),
            CodeProblem.OVER: self.tr("The session is over. A new one needs a new code."),
        }[problem])

    def connect_account(self) -> None:
        from desktop.chat.xmpp.assist_worker import AssistWorker  # noqa: PLC0415 - slixmpp

        if self.worker is not None or "@" not in self.address.text():
            return
        account = XmppAccount(self.address.text().strip(), self.password.text(),
                              self.server, self.port, self.ca_file)
        self.worker = AssistWorker(account, _Link(self), self.gui)
        self.worker.remote_share.report_to(self.share, self.trusted)
        self.share.attach(self.worker.remote_share, self.ca_file)
        self.sign_in.setEnabled(False)
        self.status.setText(self.tr("Signing in…"))
        self.worker.start()

    def linked(self, state: LinkState, problem: Any) -> None:
        if state is LinkState.ONLINE:
            self.status.setText(self.tr("Signed in as %1. Your specialist can now ask to see "
                                        "your screen; you decide here.").replace(
                                            "%1", self.address.text()))
        elif state is LinkState.OFFLINE and problem is not None:
            self.status.setText(self.tr("Not signed in: check the address and the "
                                        "password."))
            self.worker = None
            self.sign_in.setEnabled(True)

    def closeEvent(self, event: Any) -> None:  # noqa: N802 (Qt's name)
        self.share.shutdown()
        if self.link is not None:
            self.link.close()
        if self.worker is not None:
            self.worker.stop(wait=3.0)
        super().closeEvent(event)


def run(server: str, ca_file: str, desk: str, relay: str = "", code: str = "") -> int:
    """`server`: host:port of the chat server ("" : from the address); `desk`: the desk
    whose lines may ask (default: desk.<the address's domain>); `relay` and `code`: the
    one-time code's way, given (both: connected at once)."""
    from desktop.ui.i18n import Translators  # noqa: PLC0415

    qapp = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(qapp, QApplication)
    qapp.setApplicationName("Deskline assist")
    translators = Translators(qapp, "")
    host, _colon, port = server.rpartition(":") if ":" in server else (server, "", "5222")
    gui = GuiThread()
    share = RemoteShare(gui, Paths.default(None).runtime / "assist")
    window = AssistWindow(share, gui, host, int(port or 5222), ca_file,
                          frozenset({desk} - {""}), relay, code)
    RemoteShareUi(share, window)
    window.show()
    exit_code = qapp.exec()
    translators.remove()
    return exit_code
