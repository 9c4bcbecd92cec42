"""Status bar: the PBX registration and the chat connection, each with a coloured dot."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from desktop.bus import ChatLinkChanged, LinkProblem, LinkState, PbxLinkChanged
from desktop.ui.link_problems import link_problem_text

_COLOUR = {LinkState.OFFLINE: "#8a8a8a", LinkState.CONNECTING: "#d49a3a",
           LinkState.ONLINE: "#2e9b57", LinkState.FAILED: "#c8393b"}


def state_text(state: LinkState) -> str:
    return {LinkState.OFFLINE: QCoreApplication.translate("link", "not connected"),
            LinkState.CONNECTING: QCoreApplication.translate("link", "connecting…"),
            LinkState.ONLINE: QCoreApplication.translate("link", "connected"),
            LinkState.FAILED: QCoreApplication.translate("link", "failed")}[state]


class LinkLabel(QLabel):
    """A coloured dot and the state in words; plain text, so nothing from the network or a
    program's message is ever read as markup."""

    def __init__(self, what: str, pbx: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.what = what
        self.pbx = pbx
        self.state = LinkState.OFFLINE
        self.dot = QLabel("●")  # coloured by the state; the status bar puts it before us
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.show_state(LinkState.OFFLINE, "", None)

    def show_state(self, state: LinkState, account: str, problem: LinkProblem | None,
                   code: int = 0) -> None:
        self.state = state
        text = f"{self.what}: {state_text(state)}"
        if problem is not None:
            text += f" — {link_problem_text(problem, code, self.pbx)}"
        self.setText(text)
        self.dot.setStyleSheet(f"color: {_COLOUR[state]};")
        self.setToolTip(account)


class StatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pbx = LinkLabel(self.tr("PBX"), pbx=True)
        self.chat = LinkLabel(self.tr("Chat"), pbx=False)
        self.pbx.setObjectName("pbxLink")
        self.chat.setObjectName("chatLink")
        for link in (self.pbx, self.chat):
            self.addPermanentWidget(link.dot)
            self.addPermanentWidget(link)

    def on_pbx_link(self, event: PbxLinkChanged) -> None:
        self.pbx.show_state(event.state, event.account, event.problem, event.code)

    def on_chat_link(self, event: ChatLinkChanged) -> None:
        self.chat.show_state(event.state, event.account, event.problem, event.code)
