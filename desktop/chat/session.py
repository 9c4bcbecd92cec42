"""ChatSession: the GUI-thread service for the chat account's connection and own profile."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from desktop.bus import Bus, ChatLinkChanged, LinkState, OwnProfileChanged
from desktop.chat.account import XmppAccount
from desktop.chat.models import Profile
from desktop.gui_thread import GuiThread, assert_gui_thread

if TYPE_CHECKING:
    from desktop.chat.client import XmppWorker

log = logging.getLogger(__name__)


class ChatSession(QObject):
    def __init__(self, bus: Bus, gui: GuiThread) -> None:
        super().__init__()
        self.bus = bus
        self.gui = gui
        self.state = LinkState.OFFLINE
        self.reason = ""
        self.account = ""
        self.profile = Profile()
        self._worker: XmppWorker | None = None  # the adapter, imported on first sign-in

    def sign_in(self, account: XmppAccount) -> None:
        assert_gui_thread()
        from desktop.chat.client import XmppWorker  # noqa: PLC0415 - slixmpp: 0.17 s to import

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
        log.info("chat %s: %s %s", self.account, state.value, reason)
        self.bus.chat_link.emit(ChatLinkChanged(state, self.account, reason))

    def on_own_profile(self, profile: Profile) -> None:
        assert_gui_thread()
        self.profile = profile
        self.bus.own_profile.emit(OwnProfileChanged(profile.full_name, profile.position))
