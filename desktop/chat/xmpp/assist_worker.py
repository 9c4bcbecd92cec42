"""The connection of `deskline assist`: only what lets a desk ask for the screen."""

from __future__ import annotations

from desktop.chat.account import XmppAccount
from desktop.chat.xmpp.core import ChatSink, XmppWorker
from desktop.chat.xmpp.remote_share import RemoteShareFeature
from desktop.gui_thread import GuiThread


class AssistWorker(XmppWorker):
    def __init__(self, account: XmppAccount, sink: ChatSink, gui: GuiThread) -> None:
        super().__init__(account, sink, gui)
        self.remote_share = self.add(RemoteShareFeature)
