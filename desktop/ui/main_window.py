"""The main window: header at top left, contacts | chat | curtain, dialer, status bar."""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.appeals.service import AppealService
from desktop.bus import Bus, CallInfo, CallState, ContactInfo, Status
from desktop.chat import phone_book
from desktop.chat.conversations import ChatService
from desktop.chat.files import FileService
from desktop.chat.search import Found, FoundKind, Search
from desktop.chat.session import ChatSession
from desktop.chat.spelling import Speller
from desktop.settings import Settings
from desktop.telephony.numbers import display_of
from desktop.telephony.service import CallService
from desktop.ui.appeals_place import AppealsPlace
from desktop.ui.call_panel import CallPanel
from desktop.ui.chat_pane import ChatPane
from desktop.ui.contacts import ContactsPanel
from desktop.ui.curtain import CurtainPanel
from desktop.ui.dialer import DialerPanel
from desktop.ui.header import Header, make_action
from desktop.ui.help_window import HelpWindow
from desktop.ui.history import HistoryPanel
from desktop.ui.i18n import watch_language
from desktop.ui.incoming_popup import IncomingCallPopup
from desktop.ui.search_popup import SearchPopup
from desktop.ui.shortcuts import shortcut_table
from desktop.ui.status_bar import StatusBar
from desktop.ui.status_names import status_name

TYPING_GUARD_S = 1.5


class MainWindow(QMainWindow):
    profile_requested = Signal()
    settings_requested = Signal()
    reports_requested = Signal()
    monitor_requested = Signal()
    quit_requested = Signal()
    hidden_to_tray = Signal()  # closed while the tray keeps Deskline running
    shown = Signal()  # first time the window is on screen (startup benchmark)
    popup_shown = Signal(int)  # an incoming-call popup is up, for this call id

    def __init__(self, bus: Bus, settings: Settings, calls: CallService,
                 session: ChatSession, chats: ChatService, appeals: AppealService,
                 search: Search, idle_seconds: Callable[[], float] = lambda: float("inf"),
                 speller: Speller | None = None, files: FileService | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.idle_seconds = idle_seconds  # since the last key or mouse input, system-wide
        # True while a tray icon can bring the window back: closing it then only hides it,
        # so calls and messages keep coming (Menu → Quit ends Deskline).
        self.keep_running: Callable[[], bool] = lambda: False
        self._shown_once = False
        self.setWindowTitle("Deskline")
        self.setMinimumSize(900, 560)

        menu = self._build_menu()
        self.header = Header(menu)
        self.header.profile_requested.connect(self.profile_requested)
        self.header.status_chosen.connect(session.set_status)
        bus.own_status.connect(self.header.show_status)
        self.session = session
        self.curtain = CurtainPanel(session, bus, calls)
        self.calls = calls
        self.chat = ChatPane(session, chats, bus, settings, speller, files)
        self.appeals = appeals
        self.search = search
        self.search_popup: SearchPopup | None = None
        left = self._build_left(bus, calls, chats)
        self.contacts.selected.connect(self.open_chat)
        self.curtain.number_picked.connect(self.dialer.set_number)
        self.curtain.call_requested.connect(self.call_number)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.chat)
        self.splitter.addWidget(self.curtain)
        self.splitter.setSizes([290, 470, 280])  # the feed's rows and tabs need the width
        self.splitter.setStretchFactor(1, 1)
        self._build_curtain_toggle(settings.get_bool("ui.curtain_visible"))

        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(6, 0, 6, 6)
        body_layout.addWidget(self.header)
        body_layout.addWidget(self.splitter, 1)
        self.setCentralWidget(body)

        self.status = StatusBar()
        self.setStatusBar(self.status)
        bus.pbx_link.connect(self.status.on_pbx_link)
        bus.chat_link.connect(self.status.on_chat_link)
        bus.own_profile.connect(self.header.show_profile)
        bus.incoming_call.connect(self.show_incoming)
        bus.call_changed.connect(self._close_popup)
        watch_language(self, self.retranslate)
        geometry = settings.get_str("ui.window_geometry")
        if geometry:
            self.restoreGeometry(QByteArray.fromBase64(geometry.encode()))
        else:
            self.resize(1100, 680)

    def retranslate(self) -> None:
        self.left_tabs.setTabText(self.left_tabs.indexOf(self.contacts), self.tr("Contacts"))
        self.left_tabs.setTabText(self.left_tabs.indexOf(self.history), self.tr("Calls"))
        self.profile_action.setText(self.tr("Profile…"))
        self.vendor_action.setText(self.tr("Write to Deskline support…"))
        self.shortcuts_action.setText(self.tr("Keyboard shortcuts…"))
        self.help_action.setText(self.tr("The specialist's guide…"))
        self.settings_action.setText(self.tr("Settings…"))
        self.reports_action.setText(self.tr("Reports…"))
        self.monitor_action.setText(self.tr("Online monitor…"))
        self.quit_action.setText(self.tr("Quit"))

    def _build_left(self, bus: Bus, calls: CallService, chats: ChatService) -> QWidget:
        """Contacts and call history in tabs; below them the call panel and the dialer."""
        self.contacts = ContactsPanel(self.session, chats, bus)
        self.history = HistoryPanel(calls, bus, self._name_of)
        self.dialer = DialerPanel(calls, bus)
        self.call_panel = CallPanel(calls, bus, self._name_of, self._transfer_targets,
                                    self._transfer_refusal, self._appeal_text)
        self.popups: dict[int, IncomingCallPopup] = {}
        self.history.call_back.connect(self.call_number)
        self.left_tabs = QTabWidget()
        self.left_tabs.setObjectName("leftTabs")
        self.left_tabs.addTab(self.contacts, "")
        self.left_tabs.addTab(self.history, "")
        # The appeals feed comes first once there are appeals (most specialists' day).
        self.place = AppealsPlace(self, self.appeals, bus, self.session, chats, self.settings)
        self.feed = self.place.feed
        self.appeal_bar, self.appeal_card = self.place.bar, self.place.card
        self.vendor_action.triggered.connect(self.place.write_to_vendor)
        self.vendor_action.setVisible(bool(self.settings.get_str("appeals.vendor_line")))
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.left_tabs, 3)
        left_layout.addWidget(self.call_panel)
        left_layout.addWidget(self.dialer)
        return left

    def _build_menu(self) -> QMenu:
        menu = QMenu(self)
        self.profile_action = make_action("", self)
        self.vendor_action = make_action("", self)
        self.shortcuts_action = make_action("", self, "Ctrl+/")
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        self.help_action = make_action("", self, "F1")
        self.help_action.triggered.connect(self.show_help)
        self.help_window: HelpWindow | None = None
        self.settings_action = make_action("", self, "Ctrl+,")
        self.reports_action = make_action("", self)
        self.monitor_action = make_action("", self)
        self.quit_action = make_action("", self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        menu.addActions([self.profile_action, self.settings_action, self.monitor_action,
                         self.reports_action, self.help_action, self.shortcuts_action,
                         self.vendor_action])
        menu.addSeparator()
        menu.addAction(self.quit_action)
        self.addActions([self.settings_action, self.quit_action, self.help_action,
                         self.shortcuts_action])  # their keys work with the menu closed
        self.profile_action.triggered.connect(self.profile_requested)
        self.settings_action.triggered.connect(self.settings_requested)
        self.reports_action.triggered.connect(self.reports_requested)
        self.monitor_action.triggered.connect(self.monitor_requested)
        self.quit_action.triggered.connect(self.quit_requested)
        return menu


    def _build_curtain_toggle(self, visible: bool) -> None:
        """The curtain folds away and remembers it; the header button and Ctrl+I toggle it."""
        self.curtain.setVisible(visible)
        button = self.header.curtain_button
        button.setChecked(visible)
        button.toggled.connect(self.set_curtain_visible)
        toggle = QShortcut(QKeySequence("Ctrl+I"), self)
        toggle.activated.connect(button.toggle)

    def set_curtain_visible(self, visible: bool) -> None:
        self.curtain.setVisible(visible)
        self.header.curtain_button.setChecked(visible)
        self.settings.set("ui.curtain_visible", visible)

    def show_appeals(self) -> None:
        self.place.show()

    def acknowledge(self) -> None:
        self.place.acknowledge()

    def open_chat(self, jid: str) -> None:
        appeal = self.appeals.by_address(jid)
        self.curtain.show_contact(appeal.client if appeal is not None else jid)
        self.chat.open(jid)
        self.contacts.refresh()  # its unread counter is gone now

    def call_number(self, number: str) -> None:
        """Call back from the history (and, later, click-to-call from the card)."""
        self.dialer.set_number(number)
        self.dialer.call()

    def bring_up(self) -> None:
        """From the tray or a notification: the window in front, as it was."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    def _name_of(self, number: str) -> str:
        contact = self.session.phone_book.find(number)
        return contact.name if contact else ""

    def _transfer_targets(self, call: CallInfo | None) -> list[tuple[str, str]]:
        """Colleagues with a phone on their card, those who are online first. An appeal's
        call: online colleagues only, then the other lines connected for its client."""
        order = {Status.ONLINE: 0, Status.AWAY: 1, Status.BUSY: 2, Status.OFFLINE: 3}
        group = self.settings.get_str("chat.colleagues_group")
        appeal = self.appeals.appeals.get(call.appeal) if call and call.appeal else None
        people = sorted((c for c in self.session.contacts.values()
                         if (not group or group in c.groups) and c.profile and c.profile.phones
                         and not (appeal and c.status is Status.OFFLINE)),
                        key=lambda c: (order[c.status], c.name))
        targets = self._colleague_targets(people)
        if appeal is not None:
            card = self.appeals.cards.get(appeal.id)
            if card is None:
                self.appeals.ask_card(appeal.id)  # its lines: offered next time
                return targets
            names = dict(card.lines)
            targets += [(self.tr("Line %1 — %2").replace("%1", names.get(line, line))
                         .replace("%2", display_of(phone)), phone)
                        for line, phone in card.phones if line != appeal.line]
        return targets

    def _appeal_text(self, appeal_id: int) -> str:
        appeal = self.appeals.appeals.get(appeal_id)
        return self.tr("%1 · appeal №%2").replace("%1", appeal.line_name).replace(
            "%2", str(appeal.id)) if appeal is not None else ""

    def _transfer_refusal(self, call: CallInfo, number: str, consult: bool) -> str:
        """An appeal's call goes only to a colleague who is online, and to a line by a
        transfer (a consult call to a line would be an appeal of our own)."""
        if not call.appeal:
            return ""
        contact = self.session.phone_book.find(number)
        if contact is not None and contact.status is Status.OFFLINE:
            return self.tr("%1 is offline: an appeal goes only to a colleague who is "
                           "online.").replace("%1", contact.name)
        card = self.appeals.cards.get(call.appeal)
        digits = "".join(ch for ch in number if ch.isdigit())
        if consult and card is not None and digits and any(
                digits == "".join(ch for ch in phone if ch.isdigit())
                for _line, phone in card.phones):
            return self.tr("A line takes a call by Transfer, not by Consult.")
        return ""

    def _colleague_targets(self, people: list[ContactInfo]) -> list[tuple[str, str]]:
        targets = []
        for person in people:
            assert person.profile is not None
            phones = person.profile.phones
            work = next((p for p in phones if p.kind == "work"), phones[0])
            label = f"{person.name} — {status_name(person.status)} — {display_of(work.number)}"
            targets.append((label, work.number))
        return targets

    def search_everything(self) -> None:
        """Ctrl+K: people, appeals and messages; what is chosen opens here."""
        if self.search_popup is None:
            self.search_popup = SearchPopup(self.search, self)
            self.search_popup.chosen.connect(self._open_found)
            self.search_popup.call_asked.connect(self._call_found)
            self.search_popup.quick_asked.connect(self._quick_to_found)
        self.search_popup.start()

    def _open_found(self, found: Found, text: str) -> None:
        self.open_chat(found.address)
        if found.kind is FoundKind.MESSAGE:
            self.chat.show_found(found.stanza_id, text)

    def _call_found(self, found: Found) -> None:
        """Ctrl+Enter on a person: their card shown, their mobile (else first) number
        called."""
        contact = self.session.contacts.get(found.address)
        phones = contact.profile.phones if contact and contact.profile else ()
        self.curtain.show_contact(found.address)
        if not phones:
            self.statusBar().showMessage(self.tr("%1 has no phone number on the card.")
                                         .replace("%1", found.name), 8000)
            return
        phone = next((p for p in phones if p.kind == "mobile"), phones[0])
        self.call_number(phone.number)

    def _quick_to_found(self, found: Found, index: int) -> None:
        self.open_chat(found.address)
        self.chat.insert_quick(index)

    def find_in_chat(self) -> None:
        """Ctrl+F: in the open conversation; with none open, the contacts' search box."""
        if self.chat.peer:
            self.chat.open_find()
        else:
            self.focus_search()

    def focus_search(self) -> None:
        self.left_tabs.setCurrentWidget(self.contacts)
        self.contacts.search.setFocus()
        self.contacts.search.selectAll()

    def focus_comment(self) -> None:
        if self.call_panel.comment.isVisible():
            self.bring_up()
            self.call_panel.comment.setFocus()

    def show_history(self) -> None:
        self.left_tabs.setCurrentWidget(self.history)
        self.history.tree.setFocus()

    def show_help(self) -> None:
        """F1: built again each time from the keys and quick replies in use."""
        if self.help_window is None:
            self.help_window = HelpWindow(self.settings, self)
        self.help_window.refresh()
        self.help_window.show()
        self.help_window.raise_()
        self.help_window.activateWindow()

    def show_shortcuts(self) -> None:
        rows = "".join(f"<tr><td><b>{html.escape(keys)}</b></td><td>{html.escape(what)}</td></tr>"
                       for keys, what in shortcut_table())
        box = QMessageBox(QMessageBox.Icon.NoIcon, self.tr("Keyboard shortcuts"),
                          f"<table cellpadding='3'>{rows}</table>", parent=self)
        box.setObjectName("shortcutsBox")
        box.exec()

    def show_incoming(self, call: CallInfo) -> None:
        contact = self.session.phone_book.find(call.number)
        if contact is not None:
            self.curtain.show_contact(contact.jid)  # who calls, with the history of calls
            # The card we trust names the caller, not the display name the caller sent.
            call = dataclasses.replace(call, name=contact.name)
        popup = IncomingCallPopup(call, self.calls,
                                  phone_book.card_line(contact) if contact else "", parent=self)
        self.popups[call.id] = popup
        # Keys typed into a message at this moment must not answer the call (Enter) or get
        # lost: while typing goes on, the popup comes up without taking the keyboard.
        typing = self.idle_seconds() < TYPING_GUARD_S and QApplication.activeWindow() is not None
        popup.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, typing)
        popup.show()
        popup.raise_()
        if typing:
            self._focus_when_typing_stops(popup)
        else:
            popup.activateWindow()
        self.popup_shown.emit(call.id)

    def _focus_when_typing_stops(self, popup: IncomingCallPopup) -> None:
        timer = QTimer(popup)
        timer.setInterval(100)

        def check() -> None:
            if self.idle_seconds() >= TYPING_GUARD_S:
                timer.stop()
                popup.activateWindow()
        timer.timeout.connect(check)
        timer.start()

    def _close_popup(self, call: CallInfo) -> None:
        if call.state is not CallState.INCOMING and call.id in self.popups:
            popup = self.popups.pop(call.id)
            if shiboken6.isValid(popup):  # answering from it already closed (deleted) it
                popup.close()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            self.shown.emit()

    def confirm_quit(self, in_work: int) -> bool:
        """Quit with appeals in my work? They stay mine and their clients wait."""
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Quit Deskline?"), self.tr(
            "Appeals in your work: %n. After you quit they stay yours and their clients "
            "wait for you: finish or transfer them first?", "", in_work),
            QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("quitWithAppeals")
        quit_button = box.addButton(self.tr("Quit"), QMessageBox.ButtonRole.AcceptRole)
        stay = box.addButton(self.tr("Stay"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(stay)
        box.exec()
        return box.clickedButton() is quit_button

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        geometry = bytes(self.saveGeometry().toBase64().data()).decode()
        self.settings.set("ui.window_geometry", geometry)
        # Only the window's own close (from the window manager) hides: quitting closes all
        # windows too, and a refusal here would cancel the quit (Qt 6).
        if event.spontaneous() and self.keep_running():
            event.ignore()
            self.hide()
            self.hidden_to_tray.emit()
            return
        super().closeEvent(event)
