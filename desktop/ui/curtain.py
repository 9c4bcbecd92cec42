"""The curtain: the selected person's card beside the conversation.

Photo, the name as the client should be addressed, position, company, status, e-mail,
phone numbers (a click puts the number into the dialer) and recent calls with comments.
"""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.bus import Bus, CallInfo, CallState, ContactInfo, Status
from desktop.chat.session import ChatSession
from desktop.telephony.numbers import NumberError, parse
from desktop.telephony.service import CallService
from desktop.ui.avatar import avatar_pixmap
from desktop.ui.i18n import watch_language
from desktop.ui.status_names import COLOUR, status_name
from desktop.values import CallRecord, PhoneNumber

RECENT_CALLS = 5
PHONE_STYLE = ("QPushButton { text-align: left; border: none; color: #1f5fbf; padding: 2px; }"
               "QPushButton:hover { text-decoration: underline; }")


def _label(name: str, bold: bool = False, grey: bool = False) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)  # names come from the network
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    style = ("font-weight: 600; font-size: 14px;" if bold else "") + (
        "color: #666;" if grey else "")
    label.setStyleSheet(style)
    return label


class CurtainPanel(QFrame):
    number_picked = Signal(str)  # a phone number to put into the dialer
    call_requested = Signal(str)  # a SIP address to call at once
    contact_shown = Signal(str)  # whose card it shows now (its sections follow)

    def __init__(self, session: ChatSession, bus: Bus, calls: CallService,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("curtainPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.session = session
        self.calls = calls
        self.jid = ""
        self.phone_buttons: list[QPushButton] = []
        self.photo = QLabel()
        self.photo.setObjectName("cardPhoto")
        self.name = _label("cardName", bold=True)
        self.address = _label("cardAddress", grey=True)
        self.position = _label("cardPosition")
        self.company = _label("cardCompany")
        self.status = _label("cardStatus")
        self.email = _label("cardEmail")
        self.reach = _label("cardReach", grey=True)
        self.phones = QVBoxLayout()
        self.phones.setSpacing(0)
        self.recent_title = _label("cardRecentTitle", grey=True)
        self.recent = _label("cardRecent")
        self.empty = _label("cardEmpty", grey=True)
        self._layout()
        # A contact changing their presence many times in a row is one new card, not many.
        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(0)
        self._refresh.timeout.connect(lambda: self.show_contact(self.jid))
        bus.contact_changed.connect(self._on_contact)
        bus.call_changed.connect(self._on_call)
        calls.history_changed.connect(self._history_changed)
        watch_language(self, self.retranslate)

    def retranslate(self) -> None:
        self.empty.setText(self.tr("Choose a contact to see their card."))
        self.show_contact(self.jid)

    def _layout(self) -> None:
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(10, 10, 10, 10)
        top = QHBoxLayout()
        top.addWidget(self.photo, 0, Qt.AlignmentFlag.AlignTop)
        names = QVBoxLayout()
        names.addWidget(self.name)
        names.addWidget(self.address)
        top.addLayout(names, 1)
        column.addLayout(top)
        for widget in (self.status, self.position, self.company, self.email, self.reach):
            column.addWidget(widget)
        column.addLayout(self.phones)
        column.addSpacing(8)
        column.addWidget(self.recent_title)
        column.addWidget(self.recent)
        column.addWidget(self.empty)
        self.sections = QVBoxLayout()  # more about the person (an appeal's client card)
        column.addLayout(self.sections)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        # Up and down only: a long number's kind ("мобильный") is cut at the edge rather
        # than the whole card scrolling sideways.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def show_contact(self, jid: str) -> None:
        self.jid = jid
        self.contact_shown.emit(jid)
        contact = self.session.contacts.get(jid)
        for widget in (self.photo, self.name, self.address, self.position, self.company,
                       self.status, self.email, self.reach, self.recent_title, self.recent):
            widget.setVisible(contact is not None)
        self.empty.setVisible(not jid)
        self._clear_phones()
        if contact is None:
            self.name.setText(jid)  # someone not in our contacts (an appeal's client)
            self.name.setVisible(bool(jid))
            return
        profile = contact.profile
        self.photo.setPixmap(avatar_pixmap(contact.name, 64, profile.photo if profile else b"",
                                           self.devicePixelRatioF()))
        self.name.setText(profile.full_name if profile and profile.full_name else contact.name)
        address = profile.address_name if profile else ""
        self.address.setText(self.tr("Address as: {0}").format(address) if address else "")
        self.address.setVisible(bool(address))
        self._fill(self.position, profile.position if profile else "")
        self._fill(self.company, profile.company if profile else "")
        self._fill(self.email, profile.email if profile else "")
        self.status.setText(f"● {status_name(contact.status)}"
                            + (f" — {contact.status_text}" if contact.status_text else ""))
        self.status.setStyleSheet(f"color: {COLOUR[contact.status]};")
        phones = profile.phones if profile else ()
        self.reach.setText(self.tr("Offline: reach them by phone") if contact.status
                           is Status.OFFLINE and phones else "")
        self.reach.setVisible(bool(self.reach.text()))
        for phone in phones:
            self._add_phone(phone)
        if profile and profile.sip:
            self._add_sip(profile.sip)
        self._show_recent(contact)

    def add_section(self, widget: QWidget) -> None:
        self.sections.addWidget(widget)

    def _fill(self, label: QLabel, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))

    def _clear_phones(self) -> None:
        for button in self.phone_buttons:
            self.phones.removeWidget(button)
            button.deleteLater()
        self.phone_buttons = []

    def _add_phone(self, phone: PhoneNumber) -> None:
        kinds = {"mobile": self.tr("mobile"), "work": self.tr("work"), "other": self.tr("other")}
        try:
            shown = parse(phone.number).display
        except NumberError:
            shown = phone.number  # shown as published; the dialer explains what is wrong
        kind = kinds.get(phone.kind, kinds["other"])  # tr() outside f-strings: lupdate reads it
        button = self._add_link(f"{shown} · {kind}",
                                f"cardPhone_{phone.kind}",
                                self.tr("Put this number into the dialer"))
        button.clicked.connect(lambda _=False, n=shown: self.number_picked.emit(n))

    def _add_sip(self, address: str) -> None:
        where = self.tr("in the app")
        button = self._add_link(f"{address} · {where}", "cardSip",
                                self.tr("Call now, in Deskline"))
        button.clicked.connect(lambda: self.call_requested.emit(address))

    def _add_link(self, text: str, name: str, tip: str) -> QPushButton:
        """A phone line of the card: looks like a link, one click acts."""
        button = QPushButton(f"☎ {text}")
        button.setObjectName(name)
        button.setToolTip(tip)
        button.setStyleSheet(PHONE_STYLE)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.setMinimumWidth(0)
        button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.phones.addWidget(button)
        self.phone_buttons.append(button)
        return button

    def _show_recent(self, contact: ContactInfo) -> None:
        lines: list[tuple[float, str]] = []
        # A call from their SIP phone is kept under the SIP user, which is their chat user.
        numbers = {contact.jid.split("@", 1)[0]}
        for phone in contact.profile.phones if contact.profile else ():
            try:
                numbers.add(parse(phone.number).target)
            except NumberError:
                continue
        for number in numbers:
            for record in self.calls.history(limit=RECENT_CALLS, number=number):
                when = dt.datetime.fromtimestamp(record.started_at).strftime("%d.%m %H:%M")
                arrow = "↙" if record.direction == "in" else "↗"
                comment = f" — {html.escape(record.comment)}" if record.comment else ""
                lines.append((record.started_at, f"{arrow} {when}{comment}"))
        lines.sort(reverse=True)
        self.recent_title.setText(self.tr("Recent calls") if lines else "")
        self.recent_title.setVisible(bool(lines))
        self.recent.setTextFormat(Qt.TextFormat.RichText)
        self.recent.setText("<br>".join(text for _, text in lines[:RECENT_CALLS]))
        self.recent.setVisible(bool(lines))

    def _on_contact(self, contact: ContactInfo) -> None:
        if contact.jid == self.jid:
            self._refresh.start()

    def _history_changed(self, _record: CallRecord) -> None:
        self._refresh.start()  # its recent calls show the comment

    def _on_call(self, call: CallInfo) -> None:
        if self.jid and call.state is CallState.ENDED:
            self._refresh.start()
