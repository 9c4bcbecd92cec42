"""Contacts: colleagues and clients with their photo and status, a search box and unread
counters."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap, QResizeEvent
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from desktop.bus import Bus, ContactInfo, Status
from desktop.chat.conversations import ChatService
from desktop.chat.session import ChatSession
from desktop.ui.avatar import avatar_colour, avatar_pixmap, initials
from desktop.ui.i18n import watch_language
from desktop.ui.status_names import COLOUR, status_name

ORDER = {Status.ONLINE: 0, Status.BUSY: 1, Status.AWAY: 2, Status.OFFLINE: 3}
ICON = 32


def dot(status: Status) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(COLOUR[status]))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(1, 1, 10, 10)
    painter.end()
    return QIcon(pixmap)


def contact_icon(contact: ContactInfo, ratio: float) -> QIcon:
    """The photo (or initials) with the status as a dot on its lower right edge."""
    photo = contact.profile.photo if contact.profile else b""
    pixmap = avatar_pixmap(contact.name, ICON, photo, ratio)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(COLOUR[contact.status]))
    painter.setPen(QColor("white"))
    painter.drawEllipse(ICON - 12, ICON - 12, 11, 11)
    painter.end()
    return QIcon(pixmap)


class ContactsPanel(QWidget):
    selected = Signal(str)  # bare JID

    def __init__(self, session: ChatSession, chats: ChatService, bus: Bus,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contactsPanel")
        self.session = session
        self.chats = chats
        self.search = QLineEdit()
        self.search.setObjectName("contactSearch")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.refresh)
        self.search.returnPressed.connect(self._open_first)
        self.list = QListWidget()
        self.list.setObjectName("contactList")
        self.list.setIconSize(QSize(ICON, ICON))
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)  # the full name in the tip
        self.list.setUniformItemSizes(True)  # a thousand rows lay out at once
        self._icons: dict[tuple[str, Status, bytes], QIcon] = {}
        # A roster arrives as hundreds of changes in a row: the list is rebuilt once after.
        self._rebuild = QTimer(self)
        self._rebuild.setSingleShot(True)
        self._rebuild.setInterval(0)
        self._rebuild.timeout.connect(self.refresh)
        # The cards of the contacts in view are asked for once the list settles.
        self._in_view = QTimer(self)
        self._in_view.setSingleShot(True)
        self._in_view.setInterval(50)
        self._in_view.timeout.connect(self._ask_visible)
        self.list.verticalScrollBar().valueChanged.connect(self._in_view.start)
        self.list.itemActivated.connect(self._picked)
        self.list.itemClicked.connect(self._picked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.list)
        bus.contact_changed.connect(self._changed)
        chats.unread_changed.connect(self._rebuild.start)
        watch_language(self, self.retranslate)

    def retranslate(self) -> None:
        self.search.setPlaceholderText(self.tr("Search contacts"))
        self._rebuild.start()

    def _changed(self, _contact: ContactInfo) -> None:
        self._rebuild.start()

    def icon(self, contact: ContactInfo) -> QIcon:
        photo = contact.profile.photo if contact.profile else b""
        # Without a photo the icon is the initials on a colour: shared by many people.
        looks = "" if photo else initials(contact.name) + avatar_colour(contact.name)
        key = (looks, contact.status, photo)  # bytes keep their hash once computed
        icon = self._icons.get(key)
        if icon is None:
            if len(self._icons) > 4 * len(self.session.contacts) + 64:
                self._icons.clear()  # old statuses and photos
            icon = self._icons[key] = contact_icon(contact, self.devicePixelRatioF())
        return icon

    def refresh(self) -> None:
        current = self.current()
        words = self.search.text().casefold().split()
        unread = self.chats.unread  # conversations waiting for an answer come first
        contacts = sorted(self.session.contacts.values(),
                          key=lambda c: (not unread.get(c.jid), ORDER[c.status],
                                         c.name.casefold()))
        self._rebuild.stop()
        self.list.clear()
        for contact in contacts:
            haystack = f"{contact.name} {contact.jid}".casefold()
            if not all(w in haystack for w in words):
                continue
            count = unread.get(contact.jid, 0)
            text = contact.name + (f"  ({count})" if count else "")
            if not contact.in_roster:
                text += "  — " + self.tr("not in your contacts")
            item = QListWidgetItem(self.icon(contact), text)
            item.setData(Qt.ItemDataRole.UserRole, contact.jid)
            tip = f"{contact.name}\n{status_name(contact.status)}"
            tip = f"{tip}: {contact.status_text}" if contact.status_text else tip
            if not contact.in_roster:
                tip += "\n" + self.tr("not in your contacts")
            item.setToolTip(tip)
            font = item.font()
            font.setBold(bool(count))
            font.setItalic(not contact.in_roster)  # seen even when the row's end is cut off
            item.setFont(font)
            self.list.addItem(item)
            if contact.jid == current:
                self.list.setCurrentItem(item)
        self._in_view.start()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._in_view.start()

    def _ask_visible(self) -> None:
        viewport = self.list.viewport()
        first = self.list.indexAt(QPoint(1, 1)).row()
        last = self.list.indexAt(QPoint(1, viewport.height() - 1)).row()
        if first < 0:
            return
        last = self.list.count() - 1 if last < 0 else last
        self.session.want_profiles([str(self.list.item(row).data(Qt.ItemDataRole.UserRole))
                                    for row in range(first, last + 1)])

    def _open_first(self) -> None:
        """Enter in the search box opens the first contact found."""
        self.refresh()
        if self.list.count():
            self.list.setCurrentRow(0)
            self._picked(self.list.item(0))

    def current(self) -> str:
        item = self.list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else ""

    def _picked(self, item: QListWidgetItem) -> None:
        self.selected.emit(str(item.data(Qt.ItemDataRole.UserRole)))
