"""ReportService: asks the desk for the figures of a period (Menu → Reports) and hands them
to the GUI thread as the wire format's values (supportdesk/protocol/report.py); the periods a senior
picks from. Plain Python; the words are in ui/reports_dialog.py."""

from __future__ import annotations

import datetime as dt
import enum
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from desktop.appeals.service import AppealService
from desktop.bus import AppealProblem
from desktop.gui_thread import assert_gui_thread
from supportdesk.protocol.report import Report


class Period(enum.Enum):
    TODAY = "today"
    WEEK = "week"  # the last 7 days, today included
    MONTH = "month"  # this calendar month
    CUSTOM = "custom"  # from one day to another, both included


def period_bounds(period: Period, now: float, first: dt.date | None = None,
                  last: dt.date | None = None) -> tuple[float, float]:
    """[since, until) in Unix time, local days."""
    today = dt.datetime.fromtimestamp(now).date()
    if period is Period.CUSTOM and first is not None and last is not None:
        start, end = min(first, last), max(first, last) + dt.timedelta(days=1)
    elif period is Period.MONTH:
        start, end = today.replace(day=1), today + dt.timedelta(days=1)
    elif period is Period.WEEK:
        start, end = today - dt.timedelta(days=6), today + dt.timedelta(days=1)
    else:
        start, end = today, today + dt.timedelta(days=1)
    return (dt.datetime.combine(start, dt.time()).timestamp(),
            dt.datetime.combine(end, dt.time()).timestamp())


class ReportService(QObject):
    ready = Signal(object)  # Report
    failed = Signal(object)  # AppealProblem: not allowed, or the desk does not answer

    def __init__(self, appeals: AppealService,
                 clock: Callable[[], float] = time.time) -> None:
        super().__init__()
        self.appeals = appeals
        self.clock = clock
        self.last: Report | None = None

    def ask(self, since: float, until: float, line: str = "", specialist: str = "") -> None:
        assert_gui_thread()
        desk = self.appeals.desk
        if desk is None:
            self.failed.emit(AppealProblem.UNREACHABLE)
            return
        desk.report(since, until, line, specialist, self._answered)

    def _answered(self, report: Report | None, problem: AppealProblem | None) -> None:
        assert_gui_thread()
        if report is None:
            self.failed.emit(problem or AppealProblem.OTHER)
            return
        self.last = report
        self.ready.emit(report)
