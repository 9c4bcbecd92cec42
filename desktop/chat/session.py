"""ChatSession: the GUI-thread service for the chat account: connection, own profile and
status, and the contacts with their presence. Messages go to ChatService."""

from __future__ import annotations

import dataclasses
import functools
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from desktop.bus import (
    Bus,
    ChatLinkChanged,
    ChatMessage,
    ContactInfo,
    LinkProblem,
    LinkState,
    OwnProfileChanged,
    OwnStatusChanged,
    Status,
)
from desktop.chat.account import XmppAccount
from desktop.chat.conversations import ChatService
from desktop.chat.phone_book import PhoneBook
from desktop.gui_thread import GuiThread, assert_gui_thread
from desktop.tasks import run_background
from desktop.values import Profile, ProfileProblem

if TYPE_CHECKING:
    from desktop.chat.xmpp import ChatWorker

log = logging.getLogger(__name__)
MAX_STRANGERS = 200  # listed per session; more is a flood, not people to talk to


def _load_adapter() -> type[ChatWorker]:
    from desktop.chat.xmpp import ChatWorker  # noqa: PLC0415 - slixmpp: slow to import

    return ChatWorker


class ChatSession(QObject):
    profile_published = Signal(object)  # None when saved, else the ProfileProblem
    typing = Signal(str, bool)  # a contact is typing to us (XEP-0085), or stopped

    def __init__(self, bus: Bus, gui: GuiThread, chats: ChatService) -> None:
        super().__init__()
        self.bus = bus
        self.gui = gui
        self.chats = chats
        self.state = LinkState.OFFLINE
        self.problem: LinkProblem | None = None
        self.account = ""
        self.ca_file = ""  # the company's CA the chat trusts ("": the system's)
        self.profile = Profile()
        self.status = Status.ONLINE
        self.status_text = ""
        self.contacts: dict[str, ContactInfo] = {}
        self._strangers: set[str] = set()  # listed because they wrote (not in the roster)
        self.phone_book = PhoneBook(self.contacts)  # callers' numbers -> contacts
        self._worker: ChatWorker | None = None
        self._adapter: type[ChatWorker] | None = None  # its class, once imported
        self._signing_in: XmppAccount | None = None  # until the adapter is loaded
        # Services that use a feature of the connection (appeals: the desk feature) hear
        # of each new worker before it starts, and of None when signed out.
        self.worker_users: list[Callable[[ChatWorker | None], None]] = []

    def sign_in(self, account: XmppAccount) -> None:
        """Connects with this account (any earlier session is closed). The adapter module
        (slixmpp: ~0.2 s to import) is loaded off the GUI thread the first time."""
        assert_gui_thread()
        self.sign_out()
        self.account = account.jid
        self.ca_file = account.ca_file
        self._signing_in = account
        self.on_link(LinkState.CONNECTING, None)
        if self._adapter is not None:
            self._start(account, self._adapter)
        else:
            run_background(self.gui, "xmpp-import", _load_adapter,
                           functools.partial(self._start, account), self._adapter_failed)

    def _start(self, account: XmppAccount, adapter: type[ChatWorker]) -> None:
        self._adapter = adapter
        if self._signing_in is not account:
            return  # signed out, or in with another account, meanwhile
        self._signing_in = None
        self._worker = adapter(account, self, self.gui)
        self._worker.status, self._worker.status_text = self.status, self.status_text
        self.chats.attach(account.jid, self._worker)
        for user in self.worker_users:
            user(self._worker)
        self._worker.start()

    def _adapter_failed(self, exc: Exception) -> None:
        log.error("the chat adapter cannot be loaded: %s", exc)
        self._signing_in = None
        self.on_link(LinkState.FAILED, LinkProblem.UNREACHABLE)

    def sign_out(self, wait: float = 0.0) -> None:
        """`wait`: seconds to let the connection close properly (when quitting); else the
        worker closes it in its own thread and the GUI goes on at once."""
        assert_gui_thread()
        self._signing_in = None
        if self._worker is not None:
            self._worker.stop(wait)
            self._worker = None
            self.chats.attach(self.account, None)
            for user in self.worker_users:
                user(None)
        self.on_link(LinkState.OFFLINE, None)  # nothing is said when it already was

    def want_profiles(self, jids: list[str]) -> None:
        """Contacts in view: their cards are fetched now (a big roster's are not at once)."""
        assert_gui_thread()
        missing = [j for j in jids if j in self.contacts and self.contacts[j].profile is None]
        if missing and self._worker is not None:
            self._worker.profiles.want(missing)

    def set_status(self, status: Status, text: str = "", automatic: bool = False) -> None:
        """The specialist's status; `automatic` marks auto-away's changes."""
        assert_gui_thread()
        self.status, self.status_text = status, text
        if self._worker is not None:
            self._worker.set_status(status, text)
        self.bus.own_status.emit(OwnStatusChanged(status, automatic))

    # --- ChatSink: called in the GUI thread through GuiThread ----------------------------
    def on_link(self, state: LinkState, problem: LinkProblem | None) -> None:
        assert_gui_thread()
        if (state, problem) == (self.state, self.problem):
            return
        self.state, self.problem = state, problem
        log.info("chat %s: %s %s", self.account, state.value, problem)
        self.bus.chat_link.emit(ChatLinkChanged(state, self.account, problem))
        if state is not LinkState.ONLINE:
            for jid, contact in list(self.contacts.items()):
                if contact.status is not Status.OFFLINE:
                    self._update(jid, status=Status.OFFLINE, status_text="")

    def on_own_profile(self, profile: Profile) -> None:
        assert_gui_thread()
        self.profile = profile
        self.bus.own_profile.emit(OwnProfileChanged(profile.full_name, profile.position,
                                                    profile.photo))

    def publish_profile(self, profile: Profile) -> None:
        """Saves the specialist's card (and photo) on the server; the answer comes as
        profile_published."""
        assert_gui_thread()
        if self._worker is None:
            self.profile_published.emit(ProfileProblem.NOT_SIGNED_IN)
            return
        self._worker.profiles.publish(profile)

    def on_profile_published(self, problem: ProfileProblem | None) -> None:
        assert_gui_thread()
        self.profile_published.emit(problem)

    def on_session(self, resent: frozenset[str]) -> None:
        assert_gui_thread()
        self.chats.flush_outbox(skip=resent)

    def on_contacts(self, contacts: list[ContactInfo]) -> None:
        assert_gui_thread()
        for contact in contacts:
            known = self.contacts.get(contact.jid)
            merged = (dataclasses.replace(contact, status=known.status,
                                          status_text=known.status_text,
                                          profile=known.profile) if known else contact)
            if merged != known:
                self._put(merged)

    def on_presence(self, jid: str, status: Status, text: str) -> None:
        assert_gui_thread()
        known = self.contacts.get(jid)
        if known is None or known.status is not status:  # (the status text is theirs)
            log.info("contact %s: %s", jid, status.value)
        if known is None:  # directed presence from outside the roster
            self._put(ContactInfo(jid, jid, status, text, in_roster=False))
        else:
            self._update(jid, status=status, status_text=text)

    def on_profile(self, jid: str, profile: Profile) -> None:
        assert_gui_thread()
        if jid in self.contacts:
            self._update(jid, profile=profile)

    def on_history(self, peer: str, messages: list[ChatMessage], oldest_id: str) -> None:
        self.chats.on_history(peer, messages, oldest_id)

    def on_typing(self, jid: str, typing: bool) -> None:
        self.typing.emit(jid, typing)

    def send_typing(self, peer: str, typing: bool) -> None:
        if self._worker is not None and self.state is LinkState.ONLINE:
            self._worker.chat_states.send(peer, typing)

    def on_message(self, message: ChatMessage) -> None:
        if message.peer not in self.contacts and len(self._strangers) < MAX_STRANGERS \
                and not self._is_desk(message.peer):
            # Someone outside our contacts wrote: listed (marked), so it can be opened.
            self._strangers.add(message.peer)
            self._put(ContactInfo(message.peer, message.peer, Status.OFFLINE,
                                  in_roster=False))
        self.chats.on_message(message)

    def _is_desk(self, jid: str) -> bool:
        """An appeal's address: the appeals feed lists it, not the contacts."""
        return self._worker is not None and self._worker.desk.owns(jid)

    def on_acked(self, stanza_id: str) -> None:
        self.chats.on_acked(stanza_id)

    def on_receipt(self, peer: str, stanza_id: str) -> None:
        self.chats.on_receipt(peer, stanza_id)

    def _update(self, jid: str, **changes: object) -> None:
        new = dataclasses.replace(self.contacts[jid], **changes)  # type: ignore[arg-type]
        if new != self.contacts[jid]:
            self._put(new)

    def _put(self, contact: ContactInfo) -> None:
        """The one way a contact changes: kept, the phone book told, the bus told."""
        self.contacts[contact.jid] = contact
        self.phone_book.forget()
        self.bus.contact_changed.emit(contact)
