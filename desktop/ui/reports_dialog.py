"""Menu → Reports: a period, a line and a specialist to look at; the figures per line and
per specialist, the clients' comments and the charts; export to CSV or XLSX. A senior sees
their lines; a specialist their own work (the desk decides)."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.appeals.reports import Period, ReportService, period_bounds
from desktop.bus import AppealProblem
from desktop.export import Cell, Table, hour_text, write_csv, write_xlsx
from desktop.ui.i18n import watch_language
from desktop.ui.icons import set_icon
from desktop.ui.report_charts import ReportCharts
from desktop.ui.report_tables import ReportTables
from supportdesk.protocol.report import Report


def seconds_text(value: float) -> str:
    hours, rest = divmod(round(value), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


TIME_FORMATS = {"hour": "%d.%m %H:%M", "day": "%d.%m.%Y"}


def cell_text(value: Cell, kind: str, zone: str = "") -> str:
    if value is None:
        return "—"
    if kind == "seconds" and isinstance(value, int | float):
        return seconds_text(value)
    if kind == "percent" and isinstance(value, int | float):
        return f"{value:.0f}%"
    if kind == "rating" and isinstance(value, int | float):
        return f"{value:.2f}"
    if kind in TIME_FORMATS and isinstance(value, int | float):
        return hour_text(value, zone, TIME_FORMATS[kind])
    return str(value)


class ReportsDialog(QDialog):
    def __init__(self, reports: ReportService, name_of: Callable[[str], str],
                 clock: Callable[[], float] = time.time,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportsDialog")
        self.resize(1000, 640)
        self.reports = reports
        self.name_of = name_of
        self.clock = clock
        self.shown: tuple[Table, ...] = ()
        self.report: Report | None = None
        self._build_filters()
        self.problem = QLabel()
        self.problem.setObjectName("reportProblem")
        self.problem.setStyleSheet("color: #c62828;")
        self.problem.hide()
        self.tabs = QTabWidget()
        self.tables: list[QTableWidget] = []
        self.charts = QWidget()
        self.charts.setLayout(QHBoxLayout())
        layout = QVBoxLayout(self)
        layout.addLayout(self.filters)
        layout.addWidget(self.problem)
        layout.addWidget(self.tabs, 1)
        reports.ready.connect(self.show_report)
        reports.failed.connect(self.show_problem)
        self.problem_shown: AppealProblem | None = None
        watch_language(self, self.retranslate)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Reports"))
        for index, text in enumerate((self.tr("Today"), self.tr("Last 7 days"),
                                      self.tr("This month"), self.tr("From … to …"))):
            self.period.setItemText(index, text)
        self.line.setItemText(0, self.tr("All my lines"))
        self.specialist.setItemText(0, self.tr("Everyone"))
        self.show_button.setText(self.tr("Show"))
        self.csv_button.setText(self.tr("Export CSV…"))
        self.xlsx_button.setText(self.tr("Export XLSX…"))
        self.specialist_label.setText(self.tr("Specialist:"))
        self.period_label.setText(self.tr("Period:"))
        self.line_label.setText(self.tr("Line:"))
        if self.problem_shown is not None:
            self.show_problem(self.problem_shown)
        if self.report is not None:
            self.show_report(self.report)

    def _build_filters(self) -> None:
        self.period = QComboBox()
        self.period.setObjectName("reportPeriod")
        for period in (Period.TODAY, Period.WEEK, Period.MONTH, Period.CUSTOM):
            self.period.addItem("", period)
        today = QDate.currentDate()
        self.first, self.last = QDateEdit(today), QDateEdit(today)
        for edit, name in ((self.first, "reportFrom"), (self.last, "reportTo")):
            edit.setObjectName(name)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd.MM.yyyy")
        self.line = QComboBox()
        self.line.setObjectName("reportLine")
        self.line.addItem("", "")
        self.specialist = QComboBox()
        self.specialist.setObjectName("reportSpecialist")
        self.specialist.addItem("", "")
        self.show_button = QPushButton()
        self.show_button.setObjectName("reportShow")
        self.show_button.setDefault(True)
        self.show_button.clicked.connect(self.ask)
        self.csv_button = QPushButton()
        self.csv_button.setObjectName("reportCsv")
        self.csv_button.clicked.connect(lambda: self.export("csv"))
        self.xlsx_button = QPushButton()
        self.xlsx_button.setObjectName("reportXlsx")
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        set_icon(self.show_button, "show")
        for button in (self.csv_button, self.xlsx_button):
            button.setEnabled(False)
            set_icon(button, "export")
        self.period.currentIndexChanged.connect(self._period_changed)
        self._period_changed()
        self.filters = QHBoxLayout()
        self.specialist_label, self.period_label, self.line_label = QLabel(), QLabel(), QLabel()
        for widget in (self.period_label, self.period, self.first, self.last,
                       self.line_label, self.line, self.specialist_label,
                       self.specialist, self.show_button):
            self.filters.addWidget(widget)
        self.filters.addStretch(1)
        self.filters.addWidget(self.csv_button)
        self.filters.addWidget(self.xlsx_button)

    def _period_changed(self) -> None:
        custom = self.period.currentData() is Period.CUSTOM
        self.first.setEnabled(custom)
        self.last.setEnabled(custom)

    def bounds(self) -> tuple[float, float]:
        first, last = self.first.date(), self.last.date()
        return period_bounds(self.period.currentData(), self.clock(),
                             dt.date(first.year(), first.month(), first.day()),
                             dt.date(last.year(), last.month(), last.day()))

    def ask(self) -> None:
        since, until = self.bounds()
        self.problem.hide()
        self.problem_shown = None
        self.reports.ask(since, until, str(self.line.currentData() or ""),
                         str(self.specialist.currentData() or ""))

    def show_problem(self, problem: AppealProblem) -> None:
        self.problem_shown = problem
        self.problem.setText(
            self.tr("You may not see these figures.") if problem is AppealProblem.NOT_YOURS
            else self.tr("The support desk does not answer; try again in a while."))
        self.problem.show()

    def show_report(self, report: Report) -> None:
        self.report = report
        self._offer_choices(report)
        self.shown = ReportTables(self).tables(report, self.name_of)
        current = self.tabs.currentIndex()
        self.tabs.clear()
        self.tables = []
        for n, table in enumerate(self.shown[:3]):
            widget = self._table_widget(table, frozen=n < 2)
            self.tables.append(widget)
            self.tabs.addTab(widget, table.title)
        self.charts = QWidget()
        row = QHBoxLayout(self.charts)
        charts = ReportCharts(self)
        row.addWidget(charts.load_chart(report), 3)
        row.addWidget(charts.rating_chart(report), 2)
        self.tabs.addTab(self.charts, self.tr("Charts"))
        self.tabs.setCurrentIndex(max(0, current))
        for button in (self.csv_button, self.xlsx_button):
            button.setEnabled(True)

    def _offer_choices(self, report: Report) -> None:
        """The lines and specialists the desk let us see, to narrow the next question; one
        who sees only their own figures is offered no "Everyone"."""
        alone = len(report.specialists) <= 1 and self.specialist.count() <= 2
        self.specialist.setVisible(not alone)
        self.specialist_label.setVisible(not alone)
        for combo, items in ((self.line, [(report.line_name(x), x) for x, _f in report.lines]),
                             (self.specialist, [(self.name_of(w) or w, w)
                                                for w, _f in report.specialists])):
            known = {combo.itemData(i) for i in range(combo.count())}
            for text, data in items:
                if data not in known:
                    combo.addItem(text, data)

    @staticmethod
    def _table_widget(table: Table, frozen: bool = False) -> QTableWidget:
        """`frozen`: the first column (the line's or the specialist's name) stays in view
        while the figures scroll sideways: it is the rows' header."""
        skip = 1 if frozen else 0
        widget = QTableWidget(len(table.rows), len(table.headers) - skip)
        widget.setObjectName(f"reportTable{table.kinds[0].title()}{len(table.headers)}")
        widget.setHorizontalHeaderLabels(list(table.headers[skip:]))
        widget.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        if frozen:
            widget.setVerticalHeaderLabels([str(row[0]) for row in table.rows])
            widget.verticalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft
                                                        | Qt.AlignmentFlag.AlignVCenter)
        else:
            widget.verticalHeader().hide()
        for r, row in enumerate(table.rows):
            for c, (value, kind) in enumerate(zip(row[skip:], table.kinds[skip:],
                                                  strict=True)):
                item = QTableWidgetItem(cell_text(value, kind, table.zone))
                if kind != "text":
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                widget.setItem(r, c, item)
        widget.resizeColumnsToContents()
        return widget

    def export(self, kind: str) -> None:
        if not self.shown:
            return
        day = dt.date.today().isoformat()
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export the report"), str(Path.home() / f"report-{day}.{kind}"),
            "CSV (*.csv)" if kind == "csv" else "Excel (*.xlsx)")
        if not path:
            return
        target = Path(path if path.endswith(f".{kind}") else f"{path}.{kind}")
        try:
            (write_csv if kind == "csv" else write_xlsx)(target, self.shown)
        except OSError as exc:
            self.problem.setText(self.tr("Could not write %1: %2").replace("%1", str(target))
                                 .replace("%2", exc.strerror or str(exc)))
            self.problem.show()
