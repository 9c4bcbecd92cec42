"""The appeals' part of the main window: the feed tab (first once there are appeals), the
bar above an appeal's conversation, the client's card in the curtain, the acknowledgement
key, and the conversation with the makers' support line."""

from __future__ import annotations

from typing import Protocol

import shiboken6
from PySide6.QtCore import QObject, SignalInstance
from PySide6.QtWidgets import QStatusBar, QTabWidget

from desktop.appeals.remote import RemotePhase, RemoteSession
from desktop.appeals.service import AppealService
from desktop.bus import AppealInfo, AppealState, Bus, ContactInfo
from desktop.chat.conversations import ChatService
from desktop.chat.session import ChatSession
from desktop.settings import Settings
from desktop.ui.appeal_bar import AppealBar
from desktop.ui.appeal_card import AppealCard
from desktop.ui.appeal_problems import problem_text
from desktop.ui.appeals_feed import AppealsFeed
from desktop.ui.chat_pane import ChatPane
from desktop.ui.curtain import CurtainPanel
from desktop.ui.i18n import watch_language
from desktop.ui.incoming_popup import IncomingCallPopup
from desktop.ui.offer_banner import OfferBanner
from desktop.ui.remote_phase import phase_text
from desktop.ui.remote_viewer_process import ViewerProcess

ACKNOWLEDGEMENT = 1  # the quick reply that acknowledges an appeal (the second)
READ_ONLY = (AppealState.FINISHED, AppealState.HANDED_ON, AppealState.QUEUED)


class Window(Protocol):
    """What of the main window the appeals use."""

    chat: ChatPane
    curtain: CurtainPanel
    left_tabs: QTabWidget

    popups: dict[int, IncomingCallPopup]
    popup_shown: SignalInstance

    def open_chat(self, jid: str) -> None: ...
    def call_number(self, number: str) -> None: ...
    def statusBar(self) -> QStatusBar: ...  # noqa: N802 - Qt's name


class AppealsPlace(QObject):
    def __init__(self, window: Window, appeals: AppealService, bus: Bus,
                 session: ChatSession, chats: ChatService, settings: Settings) -> None:
        super().__init__()
        self.window = window
        self.appeals = appeals
        self.session = session
        self.settings = settings
        self.chat = window.chat
        self.feed = AppealsFeed(appeals, bus, self.person,
                                lambda address: chats.unread.get(address, 0),
                                open_address=lambda: self.chat.peer)
        self.feed.open_requested.connect(window.open_chat)
        self.feed.call_requested.connect(window.call_number)
        chats.unread_changed.connect(self.feed._later.start)
        self.bar = AppealBar(appeals, bus, self.colleagues_for, self.name, self.control_text)
        self.banner = self._build_banner(chats, bus)
        self.chat.can_note = self._can_note
        self.bar.note_requested.connect(lambda: self.chat.note_toggle.setChecked(True))
        self.chat.header_slot.addWidget(self.bar)
        self.card = AppealCard(appeals, self.name)
        window.curtain.add_section(self.card)
        window.curtain.contact_shown.connect(self.card.person_shown)
        self.card.past_requested.connect(
            lambda past, line_name, client: window.open_chat(
                appeals.read_past(past, line_name, client)))
        self.chat.opened.connect(self.bar.show_for)
        self.chat.opened.connect(self.feed.show_open)
        self.chat.opened.connect(self.card.show_for)
        self.chat.opened.connect(lambda address: self.close_if_done(
            appeals.by_address(address)))
        bus.appeal.connect(self._on_appeal)
        self.remote_viewers: dict[int, ViewerProcess] = {}  # appeal -> its session's viewer
        appeals.remote_changed.connect(self._on_remote)
        window.popup_shown.connect(lambda _call: self._name_lines())
        bus.appeal_failed.connect(
            lambda failed: window.statusBar().showMessage(problem_text(failed), 15000))
        self.vendor_address = ""  # the makers' line, once written to
        # (the bar lives in the conversation's pane; the feed is out of the window until the
        # first appeal)
        watch_language(self.bar, self.retranslate)

    def retranslate(self) -> None:
        """The appeals' titles and the tab's label in the new language."""
        if self.vendor_address:
            self.chat.titles[self.vendor_address] = self.chat.names[self.vendor_address] = (
                self.tr("Deskline support"))
        for appeal in list(self.appeals.appeals.values()):
            self._label(appeal)
        open_appeal = self.appeals.by_address(self.chat.peer)
        if open_appeal is not None:
            self.close_if_done(open_appeal)
        if self.chat.peer:
            self.chat.show_title()

    def _build_banner(self, chats: ChatService, bus: Bus) -> OfferBanner:
        """A new offer over the conversation; the feed forward for it unless a reply is
        being typed; Accept as Enter on its row."""
        banner = OfferBanner(self.appeals, chats, bus, self.name)
        self.chat.header_slot.addWidget(banner)

        def accept(appeal: int) -> None:
            item = self.feed.row_of(appeal)
            if item is None:
                return
            self.feed.list.setCurrentItem(item)
            self.feed.take_current()

        def forward(_appeal: int) -> None:
            if not self.chat.my_typing:  # (keys in the reply box in the last 5 s)
                self.window.left_tabs.setCurrentWidget(self.feed)

        banner.accept_requested.connect(accept)
        banner.new_offer.connect(forward)
        return banner

    def _on_remote(self, session: RemoteSession) -> None:
        """Ready: the client's screen in a window of a process of its own (the client's
        stream parsed away from the app); over: the window says why and stays until
        its user closes it, or the next session replaces it."""
        shown = self.remote_viewers.get(session.appeal)
        if session.phase is RemotePhase.READY:
            if shown is not None:
                shown.close()
            viewer = ViewerProcess(session.appeal, self.settings.get_str("ui.language"), self)
            viewer.end_requested.connect(self.appeals.remote_end)
            viewer.control_requested.connect(self.appeals.remote_control)
            viewer.finished.connect(self._viewer_gone)
            self.remote_viewers[session.appeal] = viewer
            viewer.open(session.url, session.password, self.session.ca_file)
        elif shown is None:
            return
        elif session.phase is RemotePhase.WATCHING:
            shown.watchers(self.tr("Also watching: %1").replace(
                "%1", ", ".join(self.name(who) for who in session.watchers))
                if session.watchers else "")
        elif session.phase in (RemotePhase.CONTROL, RemotePhase.VIEW_ONLY):
            shown.control(session.phase is RemotePhase.CONTROL,
                          phase_text(self.window.chat, session.phase))
        elif session.phase.over:
            shown.over(phase_text(self.window.chat, session.phase))

    def _viewer_gone(self, appeal: int) -> None:
        viewer = self.remote_viewers.get(appeal)
        if viewer is not None and not viewer.running:
            del self.remote_viewers[appeal]
            viewer.deleteLater()

    def close_viewers(self) -> None:
        """The app quits: every session's viewer process with it."""
        viewers, self.remote_viewers = list(self.remote_viewers.values()), {}
        for viewer in viewers:
            viewer.close()

    # --- what the window's keys and menu do ---------------------------------------------------
    def show(self) -> None:
        tabs = self.window.left_tabs
        if tabs.indexOf(self.feed) >= 0:
            tabs.setCurrentWidget(self.feed)
            self.feed.choose_most_urgent_offer()  # Enter accepts it
            self.feed.list.setFocus()

    def acknowledge(self) -> None:
        """The open appeal's client hears at once that it is taken (quick reply 2, by name
        and patronymic: "…, ваше обращение принято, я отвечу в течение нескольких минут").
        With no appeal of mine open, the most urgent offer is opened and acknowledged: the
        reply accepts it (the desk's rule), so accepting and acknowledging is one key."""
        appeal = self.appeals.by_address(self.chat.peer)
        if appeal is None or appeal.state not in (AppealState.OFFERED, AppealState.IN_WORK):
            offers = [a for a in self.appeals.mine() if a.state is AppealState.OFFERED]
            if not offers:
                return
            self.window.open_chat(offers[0].address)
        self.chat.send_quick(ACKNOWLEDGEMENT)

    def write_to_vendor(self) -> None:
        """Deskline's makers' support line: a conversation where I am the client."""
        line = self.settings.get_str("appeals.vendor_line")
        domain = self.session.account.partition("@")[2]
        if not line or not domain:
            self.window.statusBar().showMessage(self.tr("Sign in to the chat first."), 8000)
            return
        address = self.vendor_address = line.replace("{domain}", domain)
        self.chat.titles[address] = self.chat.names[address] = self.tr("Deskline support")
        self.window.open_chat(address)

    # --- for the widgets ------------------------------------------------------------------
    def name(self, jid: str) -> str:
        if jid == self.session.account:
            return self.session.profile.full_name or jid.partition("@")[0]
        contact = self.session.contacts.get(jid)
        return contact.name if contact else jid.partition("@")[0]

    def person(self, jid: str) -> tuple[str, bytes]:
        """Name and photo for the feed's rows."""
        contact = self.session.contacts.get(jid)
        if contact is None:
            return jid.partition("@")[0], b""
        return contact.name, contact.profile.photo if contact.profile else b""

    def colleagues_for(self, client: str) -> list[ContactInfo]:
        """Whom an appeal can go to: the colleagues group (everyone when it is not set),
        not the client."""
        group = self.settings.get_str("chat.colleagues_group")
        return [c for c in self.session.contacts.values() if c.in_roster and c.jid != client
                and (not group or group in c.groups)]

    def _can_note(self, address: str) -> bool:
        """Notes are written on an appeal one works on (the desk says the same)."""
        appeal = self.appeals.by_address(address)
        return appeal is not None and appeal.state in (AppealState.IN_WORK,
                                                       AppealState.TAKING_PART)

    def control_text(self, address: str) -> str:
        index = self.settings.get_int("chat.control_reply")
        return self.chat.quick_text(index - 1, address) if index else ""

    def close_if_done(self, appeal: AppealInfo | None) -> None:
        """A finished or handed-on appeal is read, not written to (the desk would refuse)."""
        if appeal is not None and appeal.state is AppealState.READING:
            self.chat.set_closed(self.tr("You are reading a colleague's appeal: Join to "
                                         "write to the client."))
            return
        if appeal is not None and appeal.state is AppealState.FINISHED:
            self.chat.set_closed(self.tr("Appeal №%1 is finished: read only.").replace(
                "%1", str(appeal.id)))
            return
        done = appeal is not None and appeal.state in READ_ONLY
        self.chat.set_closed(self.tr("This appeal is not in your work: nothing more can be "
                                     "written to it.") if done else "")

    def _label(self, appeal: AppealInfo) -> None:
        """The feed's tab (with the offers waiting) and the appeal's conversation's title."""
        tabs = self.window.left_tabs
        if tabs.indexOf(self.feed) >= 0:
            offered = self.appeals.offered()
            label = self.tr("Appeals")
            tabs.setTabText(tabs.indexOf(self.feed),
                            f"{label} ({offered})" if offered else label)
        client = self.name(appeal.client)
        self.chat.names[appeal.address] = client  # who writes there …
        self.chat.people[appeal.address] = appeal.client  # … and whom quick replies address
        self.chat.titles[appeal.address] = self.tr("Appeal №%1 · %2 · %3").replace(
            "%1", str(appeal.id)).replace("%2", client).replace("%3", appeal.line_name)

    def _name_lines(self) -> None:
        """Incoming calls to a support line say which line and whose appeal (the desk's
        offer may come a moment before or after the call itself)."""
        for popup in self.window.popups.values():
            appeal = self.appeals.appeals.get(popup.call.appeal) if popup.call.appeal else None
            if appeal is not None and shiboken6.isValid(popup):
                popup.show_line(self.tr("Line «%1» · appeal №%2").replace(
                    "%1", appeal.line_name).replace("%2", str(appeal.id)) + (
                    f" · {appeal.organisation}" if appeal.organisation else ""))
                if self.window.curtain.jid != appeal.client:
                    self.window.curtain.show_contact(appeal.client)

    def _on_appeal(self, appeal: AppealInfo) -> None:
        if appeal.channel == "call":
            self._name_lines()
        tabs = self.window.left_tabs
        if tabs.indexOf(self.feed) < 0:
            tabs.insertTab(0, self.feed, "")
        self._label(appeal)
        if appeal.address == self.chat.peer:
            self.close_if_done(appeal)
            self.chat.refresh_note()
        self.banner.refresh()  # (now that the feed has its tab to come forward in)
