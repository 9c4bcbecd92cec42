"""Call history: who, when, how long, how it ended, and the specialist's comment.

The comment column is editable; double-click a row (or its Call back button) to call back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.bus import Bus, CallInfo, CallState, ContactInfo
from desktop.telephony.numbers import display_of
from desktop.telephony.quality import POOR_MOS
from desktop.telephony.service import CallService
from desktop.ui.call_panel import duration
from desktop.ui.i18n import watch_language
from desktop.values import CallRecord

COMMENT = 1
WHO_MAX_PX = 170
FAILED = ("missed", "declined", "busy", "not found", "unreachable", "failed", "lines busy")
SHOWN = 500  # the newest calls; older ones stay in the store


class HistoryPanel(QWidget):
    call_back = Signal(str)  # a number to put into the dialer and call

    def __init__(self, calls: CallService, bus: Bus,
                 who: Callable[[str], str] = lambda _number: "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.who = who  # a number -> the contact's name, when the number is on a card
        self.setObjectName("historyPanel")
        self.calls = calls
        self.tree = QTreeWidget()
        self.tree.setObjectName("historyList")
        # Two columns fit the narrow panel: who, and under it when, how long and how it
        # ended (seen without scrolling); the comment beside it.
        self.tree.setColumnCount(2)
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(False)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Only the comment is edited, and only on purpose: double-click elsewhere calls back.
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.header().setSectionResizeMode(COMMENT, QHeaderView.ResizeMode.Stretch)
        self.tree.itemDoubleClicked.connect(self._double_clicked)
        self.tree.itemChanged.connect(self._edited)
        self.empty = QLabel()
        self.empty.setObjectName("historyEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: palette(placeholder-text); padding: 16px;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty)
        layout.addWidget(self.tree)
        bus.call_changed.connect(self._on_call)
        # Names come with the contacts' cards, after the history is shown: once they settle.
        self._names = QTimer(self)
        self._names.setSingleShot(True)
        self._names.setInterval(300)
        self._names.timeout.connect(self._rename)
        bus.contact_changed.connect(self._contact_changed)
        calls.history_changed.connect(self._record_changed, Qt.ConnectionType.QueuedConnection)
        self.reload()
        watch_language(self, self.retranslate)

    def retranslate(self) -> None:
        self.tree.setHeaderLabels([self.tr("Call"), self.tr("Comment")])
        self.empty.setText(self.tr("No calls yet. The calls you make and take come here, "
                                   "with how they ended and your comments; double-click "
                                   "one to call back."))
        self.tree.blockSignals(True)  # (not the comment being edited)
        self._rename()
        self.tree.blockSignals(False)

    def reload(self) -> None:
        self.tree.blockSignals(True)
        self.tree.clear()
        for record in self.calls.history(limit=SHOWN):
            self.tree.addTopLevelItem(self._item(record))
        self.tree.blockSignals(False)
        self._fit()

    def _fit(self) -> None:
        empty = self.tree.topLevelItemCount() == 0  # (no header and scroll bar for nothing)
        self.empty.setVisible(empty)
        self.tree.setVisible(not empty)
        self.tree.resizeColumnToContents(0)
        # A long name must not push the comment out of the narrow panel (the full name is
        # in the tooltip and on the card).
        self.tree.setColumnWidth(0, min(self.tree.columnWidth(0), WHO_MAX_PX))

    def _call_text(self, record: CallRecord) -> tuple[str, str]:
        """(the row's text, the caller's name): "↙ name" over "when · how long · result"."""
        arrow = "↙" if record.direction == "in" else "↗"
        length = (duration(record.ended_at - record.answered_at)
                  if record.answered_at and record.ended_at else "")
        when = dt.datetime.fromtimestamp(record.started_at).strftime("%d.%m %H:%M")
        name = self.who(record.number) or record.name or display_of(record.number)
        line = self.tr("poor line (MOS %1)").replace("%1", f"{record.mos:.1f}") \
            if record.mos and record.mos < POOR_MOS else ""
        facts = " · ".join(p for p in (when, length, self.result_text(record.result), line)
                           if p)
        return f"{arrow} {name}\n{facts}", name

    def _item(self, record: CallRecord) -> QTreeWidgetItem:
        text, name = self._call_text(record)
        item = QTreeWidgetItem([text, record.comment])
        item.setToolTip(0, name)
        if record.result in FAILED:
            item.setForeground(0, QColor("#c62828"))
        item.setData(0, Qt.ItemDataRole.UserRole, record.id)
        item.setData(1, Qt.ItemDataRole.UserRole, record.number)
        item.setData(2, Qt.ItemDataRole.UserRole, record)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        return item

    def result_text(self, result: str) -> str:
        """The words of CallService's call_result(), as the specialist reads them."""
        return {"transferred": self.tr("transferred"), "answered": self.tr("answered"),
                "declined": self.tr("declined"), "missed": self.tr("missed"),
                "busy": self.tr("busy"), "cancelled": self.tr("cancelled"),
                "not found": self.tr("not found"), "unreachable": self.tr("unreachable"),
                "failed": self.tr("failed"),
                "lines busy": self.tr("missed: every line was busy")}.get(result, result)

    def _contact_changed(self, _contact: ContactInfo) -> None:
        self._names.start()  # a method, not a lambda: Qt disconnects it with the widget

    def _items(self) -> list[QTreeWidgetItem]:
        rows = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [item for item in rows if item is not None]

    def _rename(self) -> None:
        """Names from the cards that came meanwhile; the rows stay as they are."""
        for item in self._items():
            record = item.data(2, Qt.ItemDataRole.UserRole)
            if isinstance(record, CallRecord):
                text, name = self._call_text(record)
                item.setText(0, text)
                item.setToolTip(0, name)
        self._fit()

    def _on_call(self, call: CallInfo) -> None:
        """An ended call comes first in the list (its row is written by then)."""
        if call.state is not CallState.ENDED:
            return
        record = self.calls.history_record(call.history_id)
        if record is None:
            return
        self.tree.blockSignals(True)
        self.tree.insertTopLevelItem(0, self._item(record))
        while self.tree.topLevelItemCount() > SHOWN:
            self.tree.takeTopLevelItem(self.tree.topLevelItemCount() - 1)
        self.tree.blockSignals(False)
        self._fit()

    def _record_changed(self, record: CallRecord) -> None:
        """A comment saved (here, in the call panel or by Ctrl+K): that row alone."""
        for item in self._items():
            if item.data(0, Qt.ItemDataRole.UserRole) == record.id:
                self.tree.blockSignals(True)
                replacement = self._item(record)
                for column in range(replacement.columnCount()):
                    item.setText(column, replacement.text(column))
                item.setData(2, Qt.ItemDataRole.UserRole, record)
                self.tree.blockSignals(False)
                return

    def _double_clicked(self, item: QTreeWidgetItem, column: int) -> None:
        if column == COMMENT:
            self.tree.editItem(item, COMMENT)
        else:
            self.call_back.emit(str(item.data(1, Qt.ItemDataRole.UserRole)))

    def _edited(self, item: QTreeWidgetItem, column: int) -> None:
        if column == COMMENT:
            self.calls.set_comment(int(item.data(0, Qt.ItemDataRole.UserRole)), item.text(column))
