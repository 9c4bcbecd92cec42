"""When to notify: an incoming call, a new message or an offered appeal while no Deskline
window is in front (and the event's notification is on in Settings → Sounds and
notifications). A click on the notification brings up the call's popup, the conversation or
the appeals feed."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication

from desktop.bus import AppealInfo, AppealState, Bus, CallInfo, CallState, ChatMessage
from desktop.chat.conversations import ChatService
from desktop.chat.session import ChatSession
from desktop.notifications import Notice, NotificationClient
from desktop.settings import Settings
from desktop.telephony.numbers import display_of
from desktop.telephony.service import LINES_BUSY
from desktop.ui.main_window import MainWindow

PREVIEW_CHARS = 200


class Alerts(QObject):
    def __init__(self, bus: Bus, settings: Settings, window: MainWindow, session: ChatSession,
                 chats: ChatService, client: NotificationClient) -> None:
        super().__init__()
        self.chats = chats
        self.settings = settings
        self.window = window
        self.session = session
        self.client = client
        self.sent: list[Notice] = []  # what was notified in this run, newest last
        self._unread_chats: set[str] = set()  # peers whose message notice is still up
        bus.incoming_call.connect(self._on_incoming)
        bus.call_changed.connect(self._on_call)
        bus.message.connect(self._on_message)
        bus.appeal.connect(self._on_appeal)
        chats.unread_changed.connect(self._on_read)

    def in_front(self) -> bool:
        return QApplication.activeWindow() is not None and not self.window.isMinimized()

    def _wanted(self, event: str) -> bool:
        return self.settings.get_bool(f"sounds.{event}.notify") and not self.in_front()

    def _on_incoming(self, call: CallInfo) -> None:
        if not self._wanted("incoming_call"):
            return
        contact = self.session.phone_book.find(call.number)
        who = contact.name if contact else (call.name or display_of(call.number))
        body = f"{who}\n{display_of(call.number)}" if who != display_of(call.number) else who
        self._send(Notice(f"call:{call.id}", self.tr("Incoming call"), body, urgent=True))

    def _on_call(self, call: CallInfo) -> None:
        if call.result == LINES_BUSY:
            self._lines_busy(call)
        elif call.state is not CallState.INCOMING:
            self.client.close(f"call:{call.id}")  # answered or gone: the notice is stale

    def _lines_busy(self, call: CallInfo) -> None:
        """A caller who never rang (every line taken): the specialist is busy in front of
        the window too, so this is said whether it is in front or not."""
        if not self.settings.get_bool("sounds.incoming_call.notify"):
            return
        contact = self.session.phone_book.find(call.number)
        who = contact.name if contact else (call.name or display_of(call.number))
        self._send(Notice(f"missed:{call.history_id}", self.tr("Missed call"),
                          self.tr("{0} called while every line was busy.").format(who)))

    def _on_appeal(self, appeal: AppealInfo) -> None:
        if appeal.state is not AppealState.OFFERED:
            self.client.close(f"appeal:{appeal.address}")  # taken or gone: stale
            return
        if not self._wanted("appeal"):
            return
        contact = self.session.contacts.get(appeal.client)
        who = contact.name if contact else appeal.client
        # Not urgent (a call rings for seconds; an offer waits minutes): it goes by itself.
        self._send(Notice(f"appeal:{appeal.address}", self.tr("New appeal"),
                          f"{who}\n{appeal.line_name}"))

    def _on_message(self, message: ChatMessage) -> None:
        if message.outgoing or not self._wanted("message") or \
                self.window.appeals.is_appeal_address(message.peer):
            return  # an appeal's messages: its conversation, not a chat notice
        contact = self.session.contacts.get(message.peer)
        name = contact.name if contact else message.peer
        text = message.body if len(message.body) <= PREVIEW_CHARS else (
            message.body[:PREVIEW_CHARS] + "…")
        self._unread_chats.add(message.peer)
        self._send(Notice(f"chat:{message.peer}", name, text))

    def _on_read(self) -> None:
        """A conversation was read (here or by a click): its notice has done its job."""
        for peer in [p for p in self._unread_chats if p not in self.chats.unread]:
            self._unread_chats.discard(peer)
            self.client.close(f"chat:{peer}")

    def _send(self, notice: Notice) -> None:
        self.sent.append(notice)
        self.client.show(notice)

    def clicked(self, key: str) -> None:
        """The specialist clicked a notification: the call's popup or the conversation."""
        kind, _, what = key.partition(":")
        self.window.bring_up()
        if kind == "call":
            popup = self.window.popups.get(int(what))
            if popup is not None:
                popup.raise_()
                popup.activateWindow()
        elif kind == "chat":
            self.window.open_chat(what)
        elif kind == "appeal":
            self.window.show_appeals()
