"""The appeals feed: offered to me and in my work, the most urgent first, each with the
line's clock for it (calm, amber in the last minute, red when late). Enter or a double
click on an offer accepts it and opens its conversation; on one in work, opens it."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.appeals.service import AppealService
from desktop.bus import AppealInfo, AppealState, Bus, OwnStatusChanged, Status

LATE = QColor("#c62828")
SOON = QColor("#b26a00")  # the last minute of the clock
SOON_S = 60


def clock_text(seconds: float) -> str:
    seconds = int(abs(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


class _List(QListWidget):
    activated_row = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.activated_row.emit()
            return
        super().keyPressEvent(event)


class AppealsFeed(QWidget):
    open_requested = Signal(str)  # an appeal's address: open its conversation

    def __init__(self, appeals: AppealService, bus: Bus, name_of: Callable[[str], str],
                 clock: Callable[[], float] = time.time, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.setObjectName("appealsFeed")
        self.appeals = appeals
        self.name_of = name_of
        self.clock = clock
        self.list = _List()
        self.list.setObjectName("appealsList")
        self.list.setWordWrap(True)
        self.list.setSpacing(3)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.activated_row.connect(self.take_current)
        self.list.itemDoubleClicked.connect(lambda _item: self.take_current())
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.empty = QLabel(self.tr("No appeals for you now."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.busy = QLabel(self.tr("You are busy for new appeals or away: none are offered "
                                   "to you. What you have stays yours."))
        self.busy.setObjectName("busyForNew")
        self.busy.setWordWrap(True)
        self.busy.setStyleSheet("color: #b26a00")
        self.busy.hide()
        self.accept_button = QPushButton(self.tr("Accept"))
        self.accept_button.setObjectName("acceptAppeal")
        self.accept_button.clicked.connect(self.take_current)
        self.finish_button = QPushButton(self.tr("Finish work"))
        self.finish_button.setObjectName("finishAppeal")
        self.finish_button.clicked.connect(self.finish_current)
        buttons = QHBoxLayout()
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.finish_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.busy)
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.ticker = QTimer(self)
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self._tick)
        bus.appeal.connect(lambda _appeal: self.refresh())
        bus.own_status.connect(self._on_status)
        self.refresh()

    def _on_status(self, event: OwnStatusChanged) -> None:
        """Busy for new appeals (or away): the desk offers nothing new, and the feed says
        so, so an empty feed is not taken for a quiet day."""
        self.busy.setVisible(event.status in (Status.BUSY, Status.AWAY))

    def current(self) -> AppealInfo | None:
        item = self.list.currentItem()
        if item is None:
            return None
        return self.appeals.appeals.get(int(item.data(Qt.ItemDataRole.UserRole)))

    def take_current(self) -> None:
        """An offer: accept it; then (or for one in work) open its conversation."""
        appeal = self.current()
        if appeal is None:
            return
        if appeal.state is AppealState.OFFERED:
            self.appeals.accept(appeal.id)
        self.open_requested.emit(appeal.address)

    def finish_current(self) -> None:
        appeal = self.current()
        if appeal is not None and appeal.state is AppealState.IN_WORK:
            self.appeals.finish(appeal.id)

    def refresh(self) -> None:
        mine = self.appeals.mine()
        chosen = self.current()
        self.list.clear()
        for appeal in mine:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, appeal.id)
            self.list.addItem(item)
            self._show(item, appeal)
            if chosen is not None and appeal.id == chosen.id:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and mine:
            self.list.setCurrentRow(0)
        self.empty.setVisible(not mine)
        self.list.setVisible(bool(mine))
        if any(a.state is AppealState.OFFERED for a in mine):
            self.ticker.start()
        else:
            self.ticker.stop()
        self._update_buttons()

    def _tick(self) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            appeal = self.appeals.appeals.get(int(item.data(Qt.ItemDataRole.UserRole)))
            if appeal is not None:
                self._show(item, appeal)

    def _show(self, item: QListWidgetItem, appeal: AppealInfo) -> None:
        who = self.name_of(appeal.client)
        if appeal.state is AppealState.OFFERED:
            left = appeal.accept_by - self.clock()
            state = (self.tr("accept within %1").replace("%1", clock_text(left)) if left >= 0
                     else self.tr("late by %1").replace("%1", clock_text(left)))
            colour = LATE if left < 0 else SOON if left <= SOON_S else None
        else:
            state, colour = self.tr("In work"), None
        item.setText(f"{who}\n{state} · {appeal.line_name} · №{appeal.id}")
        item.setForeground(colour if colour is not None else self.palette().text().color())

    def _update_buttons(self) -> None:
        appeal = self.current()
        self.accept_button.setEnabled(appeal is not None
                                      and appeal.state is AppealState.OFFERED)
        self.finish_button.setEnabled(appeal is not None
                                      and appeal.state is AppealState.IN_WORK)
