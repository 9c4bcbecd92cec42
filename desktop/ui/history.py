"""Call history: who, when, how long, how it ended, and the specialist's comment.

The comment column is editable; double-click a row (or its Call back button) to call back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.bus import Bus, CallInfo, CallState, ContactInfo
from desktop.store import CallRecord, Store
from desktop.telephony.numbers import display_of
from desktop.telephony.service import CallService
from desktop.ui.call_panel import duration

COMMENT = 4
WHO_MAX_PX = 150


class HistoryPanel(QWidget):
    call_back = Signal(str)  # a number to put into the dialer and call

    def __init__(self, store: Store, calls: CallService, bus: Bus,
                 who: Callable[[str], str] = lambda _number: "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.who = who  # a number -> the contact's name, when the number is on a card
        self.setObjectName("historyPanel")
        self.store = store
        self.calls = calls
        self.tree = QTreeWidget()
        self.tree.setObjectName("historyList")
        self.tree.setHeaderLabels([self.tr("Who"), self.tr("When"), self.tr("Duration"),
                                   self.tr("Result"), self.tr("Comment")])
        self.tree.setRootIsDecorated(False)
        # Only the comment is edited, and only on purpose: double-click elsewhere calls back.
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.header().setSectionResizeMode(COMMENT, QHeaderView.ResizeMode.Stretch)
        self.tree.itemDoubleClicked.connect(self._double_clicked)
        self.tree.itemChanged.connect(self._edited)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree)
        bus.call_changed.connect(self._on_call)
        # Names come with the contacts' cards, after the history is shown: once they settle.
        self._names = QTimer(self)
        self._names.setSingleShot(True)
        self._names.setInterval(300)
        self._names.timeout.connect(self.reload)
        bus.contact_changed.connect(self._contact_changed)
        calls.history_changed.connect(self.reload, Qt.ConnectionType.QueuedConnection)
        self.reload()

    def reload(self) -> None:
        self.tree.blockSignals(True)
        self.tree.clear()
        for record in self.store.calls(limit=500):
            self.tree.addTopLevelItem(self._item(record))
        self.tree.blockSignals(False)
        for column in range(COMMENT):
            self.tree.resizeColumnToContents(column)
        # A long name must not push the comment out of the narrow panel (the full name is
        # in the tooltip and on the card).
        self.tree.setColumnWidth(0, min(self.tree.columnWidth(0), WHO_MAX_PX))

    def _item(self, record: CallRecord) -> QTreeWidgetItem:
        arrow = "↙" if record.direction == "in" else "↗"
        length = (duration(record.ended_at - record.answered_at)
                  if record.answered_at and record.ended_at else "")
        when = dt.datetime.fromtimestamp(record.started_at).strftime("%d.%m %H:%M")
        name = record.name or self.who(record.number) or display_of(record.number)
        item = QTreeWidgetItem([f"{arrow} {name}", when,
                                length, self.result_text(record.result),
                                record.comment])
        item.setToolTip(0, name)
        item.setData(0, Qt.ItemDataRole.UserRole, record.id)
        item.setData(1, Qt.ItemDataRole.UserRole, record.number)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        return item

    def result_text(self, result: str) -> str:
        """The words of CallService's call_result(), as the specialist reads them."""
        return {"transferred": self.tr("transferred"), "answered": self.tr("answered"),
                "declined": self.tr("declined"), "missed": self.tr("missed"),
                "busy": self.tr("busy"), "cancelled": self.tr("cancelled"),
                "not found": self.tr("not found"), "unreachable": self.tr("unreachable"),
                "failed": self.tr("failed")}.get(result, result)

    def _contact_changed(self, _contact: ContactInfo) -> None:
        self._names.start()  # a method, not a lambda: Qt disconnects it with the widget

    def _on_call(self, call: CallInfo) -> None:
        if call.state is CallState.ENDED:
            self.reload()

    def _double_clicked(self, item: QTreeWidgetItem, column: int) -> None:
        if column == COMMENT:
            self.tree.editItem(item, COMMENT)
        else:
            self.call_back.emit(str(item.data(1, Qt.ItemDataRole.UserRole)))

    def _edited(self, item: QTreeWidgetItem, column: int) -> None:
        if column == COMMENT:
            self.calls.set_comment(int(item.data(0, Qt.ItemDataRole.UserRole)), item.text(column))
