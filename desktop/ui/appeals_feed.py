"""The appeals feed: offered to me, in my work, the queue of my lines and what I finished
today, each section the most urgent first. A row: the client (photo or initials), their
organisation, unread messages; the line's clock (calm, amber in the last minute, red when
late), the line, the channel, transfers. Enter or a double click on an offer accepts it,
on a queued one takes it, and opens its conversation."""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QIcon, QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.appeals.service import AppealService
from desktop.bus import AppealInfo, AppealState, Bus, OwnStatusChanged, Status
from desktop.ui.appeal_clock import accept_clock, clock_colour, clock_text, countdown, transfers
from desktop.ui.avatar import avatar_pixmap
from desktop.ui.i18n import watch_language
from desktop.ui.icons import set_icon

ICON = 32
ID_ROLE = Qt.ItemDataRole.UserRole
Person = Callable[[str], tuple[str, bytes]]  # client address -> (name, photo PNG)


class _List(QListWidget):
    activated_row = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.activated_row.emit()
            return
        if event.key() == Qt.Key.Key_Home and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            first = next((row for row in range(self.count())  # not the heading above it
                          if self.item(row).flags() & Qt.ItemFlag.ItemIsEnabled), None)
            if first is not None:
                self.setCurrentRow(first)
            return
        super().keyPressEvent(event)


class AppealsFeed(QWidget):
    open_requested = Signal(str)  # an appeal's address: open its conversation
    call_requested = Signal(str)  # a callback taken or accepted: the client's number

    def __init__(self, appeals: AppealService, bus: Bus, person: Person,
                 unread_of: Callable[[str], int] = lambda _address: 0,
                 clock: Callable[[], float] = time.time, parent: QWidget | None = None,
                 open_address: Callable[[], str] = lambda: "") -> None:
        super().__init__(parent)
        self.setObjectName("appealsFeed")
        self.appeals = appeals
        self.person = person
        self.open_address = open_address  # the conversation open beside the feed
        self.unread_of = unread_of
        self.clock = clock
        self._icons: dict[tuple[str, int], QIcon] = {}
        self.list = _List()
        self.list.setObjectName("appealsList")
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.setIconSize(QSize(ICON, ICON))
        self.list.setUniformItemSizes(False)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)  # rows rewrap when it resizes
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.activated_row.connect(self.take_current)
        self.list.itemDoubleClicked.connect(lambda _item: self.take_current())
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.busy = _note("busyForNew", "#b26a00")
        self.unreachable = _note("deskUnreachable", "#c62828")
        self.accept_button = _button("acceptAppeal", self.take_current)
        self.take_button = _button("takeAppeal", self.take_current)
        self.finish_button = _button("finishAppeal", self.finish_current)
        for button, what in ((self.accept_button, "accept"), (self.take_button, "take"),
                             (self.finish_button, "finish")):
            set_icon(button, what)
        buttons = QHBoxLayout()
        for button in (self.accept_button, self.take_button, self.finish_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.unreachable)
        layout.addWidget(self.busy)
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.ticker = QTimer(self)
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self._tick)
        # Many changes at once (a feed from the desk, a queue) are one layout.
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(0)
        self._later.timeout.connect(self.refresh)
        bus.appeal.connect(lambda _appeal: self._later.start())
        bus.own_status.connect(self._on_status)
        appeals.reachable_changed.connect(lambda ok: self.unreachable.setVisible(not ok))
        watch_language(self, self.retranslate)

    def retranslate(self) -> None:
        self.empty.setText(self.tr("No appeals for you now."))
        self.busy.setText(self.tr(
            "You are busy for new appeals or away: none are offered to you. What you have "
            "stays yours."))
        self.unreachable.setText(self.tr(
            "The support desk does not answer: no appeals can come or be handed on now. "
            "Chat and calls work on; the feed catches up when the desk is back."))
        self.accept_button.setText(self.tr("Accept"))
        self.take_button.setText(self.tr("Take"))
        self.finish_button.setText(self.tr("Finish work"))
        self.refresh()

    def _on_status(self, event: OwnStatusChanged) -> None:
        """Busy for new appeals (or away): the desk offers nothing new, and the feed says
        so, so an empty feed is not taken for a quiet day."""
        self.busy.setVisible(event.status in (Status.BUSY, Status.AWAY))

    def current(self) -> AppealInfo | None:
        item = self.list.currentItem()
        if item is None or item.data(ID_ROLE) is None:
            return None
        return self.appeals.appeals.get(int(item.data(ID_ROLE)))

    def take_current(self) -> None:
        """An offer: accept it; a queued one: take it; then (or for any other) open its
        conversation."""
        appeal = self.current()
        if appeal is None:
            return
        callback = appeal.channel == "callback" and appeal.state in (AppealState.OFFERED,
                                                                      AppealState.QUEUED)
        if appeal.state is AppealState.OFFERED:
            self.appeals.accept(appeal.id)
        elif appeal.state is AppealState.QUEUED:
            self.appeals.take(appeal.id)
        self.open_requested.emit(appeal.address)
        if callback:  # one action: taken, and the client's number is called through the PBX
            number = appeal.number or appeal.client.partition("@")[0]
            self.appeals.calling_back(appeal.id, number)
            self.call_requested.emit(number)

    def finish_current(self) -> None:
        """The chosen row's appeal; when it is not the conversation open beside the feed
        (the bar and Ctrl+Shift+F finish that one), only after a question naming it."""
        appeal = self.current()
        if appeal is None or appeal.state is not AppealState.IN_WORK:
            return
        if appeal.address != self.open_address() and not self._confirm_finish(appeal):
            return
        self.appeals.finish(appeal.id)

    def _confirm_finish(self, appeal: AppealInfo) -> bool:
        name = self.person(appeal.client)[0]
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Finish work?"), self.tr(
            "Finish work on appeal №%1 of %2? It is not the conversation open now.")
            .replace("%1", str(appeal.id)).replace("%2", name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setObjectName("finishOtherBox")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    def choose_most_urgent_offer(self) -> None:
        """The most urgent offer becomes the chosen row (Ctrl+Shift+P, then Enter accepts
        it), whatever row was chosen before; none offered: the choice stays."""
        if self._later.isActive():  # a change not laid out yet: now
            self._later.stop()
            self.refresh()
        offer = self.appeals.next_offer()
        item = self.row_of(offer.id) if offer is not None else None
        if item is not None:
            self.list.setCurrentItem(item)

    def show_open(self, address: str) -> None:
        """The conversation opened beside the feed: its row is the chosen one too."""
        item = self.row_of_address(address)
        if item is not None and self.list.currentItem() is not item:
            self.list.setCurrentItem(item)

    def row_of_address(self, address: str) -> QListWidgetItem | None:
        appeal = self.appeals.by_address(address)
        return self.row_of(appeal.id) if appeal is not None else None

    def row_of(self, appeal: int) -> QListWidgetItem | None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(ID_ROLE) == appeal:
                return item
        return None

    def refresh(self) -> None:
        sections = ((self.tr("Offered to me"), [a for a in self.appeals.mine()
                                                if a.state is AppealState.OFFERED]),
                    (self.tr("In work"), [a for a in self.appeals.mine()
                                          if a.state is not AppealState.OFFERED]),
                    (self.tr("Queue of my lines"), self.appeals.queued()),
                    (self.tr("Finished today"), self.appeals.finished_today()))
        chosen = self.current()
        self.list.setUpdatesEnabled(False)
        self.list.clear()
        shown = 0
        queue = sections[2][1]
        more = self.appeals.more_queued()
        for title, appeals in sections:
            if not appeals:
                continue
            count = len(appeals) + (more if appeals is queue else 0)
            self.list.addItem(_header(f"{title} ({count})"))
            for appeal in appeals:
                item = QListWidgetItem()
                item.setData(ID_ROLE, appeal.id)
                self.list.addItem(item)
                self._show(item, appeal)
                shown += 1
                if chosen is not None and appeal.id == chosen.id:
                    self.list.setCurrentItem(item)
            if appeals is queue and more:
                self.list.addItem(_header(self.tr("… and %n more waiting", "", more)))
        if self.list.currentItem() is None and shown:
            self.list.setCurrentRow(1)  # the first appeal under the first heading
        self.list.setUpdatesEnabled(True)
        self.empty.setVisible(not shown)
        self.list.setVisible(bool(shown))
        if any(self._ticking(a) for a in self.appeals.appeals.values()):
            self.ticker.start()
        else:
            self.ticker.stop()
        self._update_buttons()

    def _ticking(self, appeal: AppealInfo) -> bool:
        return appeal.state in (AppealState.OFFERED, AppealState.QUEUED) or bool(
            appeal.control_until and appeal.state is AppealState.IN_WORK)

    def _tick(self) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(ID_ROLE) is None:
                continue
            appeal = self.appeals.appeals.get(int(item.data(ID_ROLE)))
            if appeal is not None and self._ticking(appeal):
                self._show(item, appeal)

    def _show(self, item: QListWidgetItem, appeal: AppealInfo) -> None:
        name, photo = self.person(appeal.client)
        unread = self.unread_of(appeal.address)
        first = " · ".join(p for p in (name, appeal.organisation) if p)
        if unread:
            first += f"  ✉ {unread}"
        state, colour = self._state(appeal)
        channel = {"call": self.tr("phone"), "callback": self.tr("call back")}.get(
            appeal.channel, self.tr("chat"))
        second = [state, appeal.line_name, channel, f"№{appeal.id}"]
        if appeal.transfers:
            second.append(transfers(appeal.transfers))
        item.setText(f"{first}\n{' · '.join(second)}")
        item.setForeground(colour if colour is not None else self.palette().text().color())
        key = (appeal.client, len(photo))
        if key not in self._icons:  # a feed of hundreds paints each face once
            self._icons[key] = QIcon(avatar_pixmap(name, ICON, photo,
                                                   self.devicePixelRatioF()))
        item.setIcon(self._icons[key])

    def _state(self, appeal: AppealInfo) -> tuple[str, QColor | None]:
        now = self.clock()
        if appeal.state is AppealState.OFFERED:
            return accept_clock(appeal, now)
        if appeal.state is AppealState.QUEUED:
            waited = self.tr("waiting %1").replace("%1", clock_text(now - appeal.offered_at))
            return waited, clock_colour(appeal.accept_by - now) if appeal.accept_by else None
        if appeal.state is AppealState.FINISHED:
            at = datetime.datetime.fromtimestamp(appeal.finished_at).strftime("%H:%M")
            rated = ("★" * appeal.score + f" {appeal.score}"
                     + (f" «{appeal.comment}»" if appeal.comment else "")
                     if appeal.score else self.tr("not rated yet"))
            return f"{at} · {rated}", None
        if appeal.state is AppealState.TAKING_PART:
            return self.tr("Taking part"), None
        if appeal.control_until:
            return countdown(appeal, now), None
        return self.tr("In work"), None

    def _update_buttons(self) -> None:
        appeal = self.current()
        state = appeal.state if appeal is not None else None
        self.accept_button.setVisible(state is not AppealState.QUEUED)
        self.accept_button.setEnabled(state is AppealState.OFFERED)
        self.take_button.setVisible(state is AppealState.QUEUED)
        self.finish_button.setEnabled(state is AppealState.IN_WORK)


def _header(text: str) -> QListWidgetItem:
    item = QListWidgetItem(text)
    item.setFlags(Qt.ItemFlag.NoItemFlags)  # a heading: not chosen, not activated
    font = item.font()
    font.setBold(True)
    item.setFont(font)
    item.setForeground(QColor("#555"))
    return item


def _note(name: str, colour: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {colour}")
    label.hide()
    return label


def _button(name: str, slot: Callable[[], None]) -> QPushButton:
    button = QPushButton()
    button.setObjectName(name)
    button.clicked.connect(slot)
    return button
