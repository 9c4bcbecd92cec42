"""The XMPP adapter: a connection core (core.py) and one module per protocol feature.

ChatWorker is the worker with every feature the app uses.
"""

from __future__ import annotations

from desktop.chat.account import XmppAccount
from desktop.chat.xmpp.archive import Archive
from desktop.chat.xmpp.chat_states import ChatStates
from desktop.chat.xmpp.core import ChatSink, XmppWorker
from desktop.chat.xmpp.desk import Desk
from desktop.chat.xmpp.files import Files
from desktop.chat.xmpp.messages import Messages
from desktop.chat.xmpp.profiles import Profiles
from desktop.chat.xmpp.remote_share import RemoteShareFeature
from desktop.chat.xmpp.roster import Roster
from desktop.gui_thread import GuiThread


class ChatWorker(XmppWorker):
    def __init__(self, account: XmppAccount, sink: ChatSink, gui: GuiThread) -> None:
        super().__init__(account, sink, gui)
        self.roster = self.add(Roster)
        self.messages = self.add(Messages)
        self.archive = self.add(Archive)
        self.profiles = self.add(Profiles)
        self.chat_states = self.add(ChatStates)
        self.desk = self.add(Desk)
        self.remote_share = self.add(RemoteShareFeature)
        self.files = self.add(Files)
