"""ChatSession: the GUI-thread service for the chat account's connection and own profile."""

from __future__ import annotations

from PySide6.QtCore import QObject

from desktop.bus import Bus, ChatLinkChanged, LinkState, OwnProfileChanged
from desktop.chat.client import XmppAccount, XmppWorker
from desktop.chat.models import Profile
from desktop.gui_thread import GuiThread, assert_gui_thread


class ChatSession(QObject):
    def __init__(self, bus: Bus, gui: GuiThread) -> None:
        super().__init__()
        self.bus = bus
        self.gui = gui
        self.state = LinkState.OFFLINE
        self.reason = ""
        self.account = ""
        self.profile = Profile()
        self._worker: XmppWorker | None = None

    def sign_in(self, account: XmppAccount) -> None:
        assert_gui_thread()
        self.sign_out()
        self.account = account.jid
        self._worker = XmppWorker(account, self, self.gui)
        self.on_link(LinkState.CONNECTING, "")
        self._worker.start()

    def sign_out(self) -> None:
        assert_gui_thread()
        if self._worker is not None:
            self._worker.stop()
            self._worker = None
            self.on_link(LinkState.OFFLINE, "")

    # --- ChatSink: called in the GUI thread through GuiThread ----------------------------
    def on_link(self, state: LinkState, reason: str) -> None:
        assert_gui_thread()
        if (state, reason) == (self.state, self.reason):
            return
        self.state, self.reason = state, reason
        self.bus.chat_link.emit(ChatLinkChanged(state, self.account, reason))

    def on_own_profile(self, profile: Profile) -> None:
        assert_gui_thread()
        self.profile = profile
        self.bus.own_profile.emit(OwnProfileChanged(profile.full_name, profile.position))
