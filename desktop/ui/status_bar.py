"""Status bar: the PBX registration and the chat connection, each with a coloured dot."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from desktop.bus import ChatLinkChanged, LinkState, PbxLinkChanged

_COLOUR = {LinkState.OFFLINE: "#8a8a8a", LinkState.CONNECTING: "#d49a3a",
           LinkState.ONLINE: "#2e9b57", LinkState.FAILED: "#c8393b"}


def state_text(state: LinkState) -> str:
    return {LinkState.OFFLINE: QCoreApplication.translate("link", "not connected"),
            LinkState.CONNECTING: QCoreApplication.translate("link", "connecting…"),
            LinkState.ONLINE: QCoreApplication.translate("link", "connected"),
            LinkState.FAILED: QCoreApplication.translate("link", "failed")}[state]


class LinkLabel(QLabel):
    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.what = what
        self.state = LinkState.OFFLINE
        self.show_state(LinkState.OFFLINE, "", "")

    def show_state(self, state: LinkState, account: str, reason: str) -> None:
        self.state = state
        text = f"{self.what}: {state_text(state)}"
        if reason:
            text += f" — {reason}"
        self.setText(f'<span style="color:{_COLOUR[state]}">●</span> {text}')
        self.setToolTip(account)


class StatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pbx = LinkLabel(self.tr("PBX"))
        self.chat = LinkLabel(self.tr("Chat"))
        self.pbx.setObjectName("pbxLink")
        self.chat.setObjectName("chatLink")
        self.addPermanentWidget(self.pbx)
        self.addPermanentWidget(self.chat)

    def on_pbx_link(self, event: PbxLinkChanged) -> None:
        self.pbx.show_state(event.state, event.account, event.reason)

    def on_chat_link(self, event: ChatLinkChanged) -> None:
        self.chat.show_state(event.state, event.account, event.reason)
