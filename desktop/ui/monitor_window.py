"""Menu → Online monitor (seniors): per line the queue, its longest wait on a live clock,
offered, in work and who is free / busy for new / away; per specialist the status, open
appeals, a call, finished and rated today; the open appeals with their clocks, late ones in
the feed's colours. Open reads an appeal; Join takes part in it."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.appeals.monitor import MonitorService
from desktop.bus import AppealProblem, Status
from desktop.ui.appeal_clock import clock_colour, clock_text, deadline_clock
from desktop.ui.i18n import watch_language
from desktop.ui.icons import set_icon
from desktop.ui.status_names import COLOUR, status_name
from supportdesk.protocol.monitor import AppealNow

STATUS = {"free": Status.ONLINE, "busy": Status.BUSY, "away": Status.AWAY,
          "offline": Status.OFFLINE}


def _state_name(state: str) -> str:
    return {"queued": QCoreApplication.translate("MonitorWindow", "In the queue"),
            "offered": QCoreApplication.translate("MonitorWindow", "Offered"),
            "in_work": QCoreApplication.translate("MonitorWindow", "In work")}.get(state, state)


def _channel_name(channel: str) -> str:
    return {"call": QCoreApplication.translate("MonitorWindow", "Call"),
            "callback": QCoreApplication.translate("MonitorWindow", "Call back"),
            }.get(channel, QCoreApplication.translate("MonitorWindow", "Chat"))


class MonitorWindow(QDialog):
    opened = Signal(str)  # an appeal's chat address, to show in the main window

    def __init__(self, monitor: MonitorService, name_of: Callable[[str], str],
                 clock: Callable[[], float] = time.time,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("monitorWindow")
        self.resize(980, 640)
        self.monitor = monitor
        self.name_of = name_of
        self.clock = clock
        self.problem = QLabel()
        self.problem.setObjectName("monitorProblem")
        self.problem.setStyleSheet("color: #c62828;")
        self.problem.hide()
        self.lines = self._table("monitorLines", 8)
        self.people = self._table("monitorPeople", 6)
        self.appeals = self._table("monitorAppeals", 8)
        self.appeals.itemDoubleClicked.connect(lambda _item: self.open_selected())
        self.appeals.itemSelectionChanged.connect(self._selection_changed)
        self.open_button = QPushButton()
        self.open_button.setObjectName("monitorOpen")
        self.open_button.clicked.connect(self.open_selected)
        self.join_button = QPushButton()
        self.join_button.setObjectName("monitorJoin")
        set_icon(self.open_button, "open")
        set_icon(self.join_button, "join")
        self.join_button.clicked.connect(self.join_selected)
        buttons = QHBoxLayout()
        self.open_title = QLabel()
        buttons.addWidget(self.open_title)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.join_button)
        below = QWidget()
        below_layout = QVBoxLayout(below)
        below_layout.setContentsMargins(0, 0, 0, 0)
        below_layout.addLayout(buttons)
        below_layout.addWidget(self.appeals)
        split = QSplitter(Qt.Orientation.Vertical)
        for widget in (self.lines, self.people, below):
            split.addWidget(widget)
        split.setSizes([110, 220, 310])
        self.split = split
        layout = QVBoxLayout(self)
        layout.addWidget(self.problem)
        layout.addWidget(split, 1)
        self.ticker = QTimer(self)
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self._tick)
        monitor.changed.connect(self.refresh)
        monitor.failed.connect(self.show_problem)
        self._selection_changed()
        watch_language(self, self.retranslate)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Online monitor"))
        self.lines.setHorizontalHeaderLabels([
            self.tr("Line"), self.tr("Queue"), self.tr("Longest wait"), self.tr("Offered"),
            self.tr("In work"), self.tr("Free"), self.tr("Busy for new"), self.tr("Away")])
        self.people.setHorizontalHeaderLabels([
            self.tr("Specialist"), self.tr("Status"), self.tr("Appeals in work"),
            self.tr("On a call · screen"),
            self.tr("Finished today"), self.tr("Rating today")])
        self.appeals.setHorizontalHeaderLabels([
            "№", self.tr("Line"), self.tr("Client"), self.tr("Channel"), self.tr("State"),
            self.tr("Specialist"), self.tr("On the line"), self.tr("Clock")])
        self.open_button.setText(self.tr("Open appeal"))
        self.join_button.setText(self.tr("Join"))
        self.join_button.setToolTip(self.tr("Take part in the appeal beside its specialist"))
        self.open_title.setText(self.tr("Open appeals"))
        if self.monitor.problem is not None:
            self.show_problem(self.monitor.problem)
        if self.isVisible():
            self.refresh()

    @staticmethod
    def _table(name: str, columns: int) -> QTableWidget:
        table = QTableWidget(0, columns)
        table.setObjectName(name)
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setMinimumSectionSize(60)
        # The names take the room; the figures stay next to them.
        header.setSectionResizeMode(0 if name != "monitorAppeals" else 2,
                                    QHeaderView.ResizeMode.Stretch)
        return table

    # --- the window's life: watched while shown ----------------------------------------
    def showEvent(self, event: object) -> None:  # noqa: N802 (Qt's name)
        self.monitor.start()
        self.ticker.start()
        self.refresh()
        super().showEvent(event)  # type: ignore[arg-type]

    def hideEvent(self, event: object) -> None:  # noqa: N802
        self.monitor.stop()
        self.ticker.stop()
        super().hideEvent(event)  # type: ignore[arg-type]

    def show_problem(self, problem: AppealProblem) -> None:
        """Not a senior: said once, plainly, instead of three empty tables; the desk away:
        a red line over what was last known."""
        not_senior = problem is AppealProblem.NOT_YOURS
        self.problem.setText(
            self.tr("The online monitor shows a line's queue and its specialists to the "
                    "line's seniors. You are not a senior of any line, so there is nothing "
                    "here for you; your own appeals are in the Appeals tab.")
            if not_senior
            else self.tr("The support desk does not answer; the monitor waits for it."))
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("font-size: 11pt; padding: 24px;" if not_senior
                                   else "color: #c62828;")
        self.problem.setAlignment(Qt.AlignmentFlag.AlignCenter if not_senior
                                  else Qt.AlignmentFlag.AlignLeft)
        self.split.setVisible(not not_senior)
        self.problem.show()

    # --- what it shows -------------------------------------------------------------------
    def refresh(self) -> None:
        self.problem.setVisible(self.monitor.problem is not None)
        self.split.setVisible(self.monitor.problem is not AppealProblem.NOT_YOURS)
        self._fill_lines()
        self._fill_people()
        self._fill_appeals()

    def _tick(self) -> None:
        """The clocks run here: the desk pushes nothing while an appeal just waits."""
        now = self.clock()
        for row, line in enumerate(self.monitor.lines()):
            self._clock_cell(self.lines, row, 2, line.oldest, line.late_at, now)
        for row, appeal in enumerate(self.monitor.waiting_and_open()):
            self._appeal_clocks(row, appeal, now)

    def _fill_lines(self) -> None:
        lines = self.monitor.lines()
        self.lines.setRowCount(len(lines))
        now = self.clock()
        for row, line in enumerate(lines):
            for column, value in enumerate((line.name, line.queued, None, line.offered,
                                            line.in_work, line.online, line.busy, line.away)):
                if value is not None:
                    self._set(self.lines, row, column, str(value))
            self._clock_cell(self.lines, row, 2, line.oldest, line.late_at, now)

    def _fill_people(self) -> None:
        people = self.monitor.people()
        self.people.setRowCount(len(people))
        for row, person in enumerate(people):
            status = STATUS.get(person.status, Status.OFFLINE)
            rating = person.rating_avg
            values = (self.name_of(person.jid) or person.jid, status_name(status),
                      str(person.open), " ".join(
                          mark for mark, on in (("☎", person.on_call), ("🖥", person.remote))
                          if on),
                      str(person.finished),
                      f"★ {rating:.1f} ({person.rated})" if rating is not None else "—")
            items = [self._set(self.people, row, column, value)
                     for column, value in enumerate(values)]
            items[1].setForeground(QBrush(QColor(COLOUR[status])))
            items[0].setData(Qt.ItemDataRole.UserRole, person.jid)

    def _fill_appeals(self) -> None:
        chosen = self.selected()
        appeals = self.monitor.waiting_and_open()
        self.appeals.setRowCount(len(appeals))
        now = self.clock()
        for row, appeal in enumerate(appeals):
            specialist = (self.name_of(appeal.specialist) or appeal.specialist
                          if appeal.specialist else "")
            values = (str(appeal.id), self.monitor.line_name(appeal.line),
                      self.name_of(appeal.client) or appeal.client,
                      _channel_name(appeal.channel),
                      _state_name(appeal.state) + (f" · ⇄ {appeal.transfers}"
                                                   if appeal.transfers else ""),
                      specialist)
            items = [self._set(self.appeals, row, column, value)
                     for column, value in enumerate(values)]
            items[0].setData(Qt.ItemDataRole.UserRole, appeal.id)
            self._appeal_clocks(row, appeal, now)
            if appeal.id == chosen:
                self.appeals.selectRow(row)
        self._selection_changed()

    def _appeal_clocks(self, row: int, appeal: AppealNow, now: float) -> None:
        self._set(self.appeals, row, 6, clock_text(now - appeal.since))
        if not appeal.late_at:  # in work: accepted in time, no clock runs for it
            self._set(self.appeals, row, 7, "—").setToolTip(
                self.tr("Accepted: no clock runs for it now"))
            return
        self._set(self.appeals, row, 7, *deadline_clock(appeal.late_at, now))

    def _clock_cell(self, table: QTableWidget, row: int, column: int, since: float,
                    late_at: float, now: float) -> None:
        if not since:
            self._set(table, row, column, "—")
            return
        self._set(table, row, column, clock_text(now - since),
                  clock_colour(late_at - now) if late_at else None)

    @staticmethod
    def _set(table: QTableWidget, row: int, column: int, text: str,
             colour: QColor | None = None) -> QTableWidgetItem:
        item = table.item(row, column)
        if item is None:
            item = QTableWidgetItem()
            table.setItem(row, column, item)
        item.setText(text)
        item.setForeground(QBrush(colour) if colour is not None else QBrush())
        font = item.font()
        font.setBold(colour is not None)
        item.setFont(font)
        return item

    # --- open and join -----------------------------------------------------------------------
    def selected(self) -> int:
        rows = self.appeals.selectionModel().selectedRows()
        if not rows:
            return 0
        item = self.appeals.item(rows[0].row(), 0)
        return int(item.data(Qt.ItemDataRole.UserRole) or 0) if item is not None else 0

    def _selection_changed(self) -> None:
        appeal = self.monitor.board.appeals.get(self.selected())
        self.open_button.setEnabled(appeal is not None)
        self.join_button.setEnabled(appeal is not None and appeal.state == "in_work")

    def open_selected(self) -> None:
        address = self.monitor.open_for_reading(self.selected())
        if address:
            self.opened.emit(address)

    def join_selected(self) -> None:
        appeal = self.selected()
        if appeal:
            self.monitor.join(appeal)
            self.open_selected()
