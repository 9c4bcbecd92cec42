"""The report's charts (QtCharts, the same Qt as the rest of the window): appeals and the
wait to be accepted over the period, by hour (a day or two) or by day; the ratings."""

from __future__ import annotations

import math

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QObject, Qt
from PySide6.QtGui import QColor, QPainter

from desktop.export import hour_text
from supportdesk.protocol.report import Hour, Report

BY_HOUR_S = 2 * 86_400  # periods this short are drawn hour by hour, longer ones by day
BAR = QColor("#1f5fbf")
WAIT = QColor("#c62828")



def buckets(report: Report) -> list[tuple[str, int, float | None]]:
    """(label, appeals, typical wait in minutes) per hour or per day. A day's wait is its
    hours' medians weighted by their appeals."""
    if report.until - report.since <= BY_HOUR_S:
        return [(hour_text(h.start, report.time_zone, "%d.%m %H:%M"), h.appeals,
                 None if h.wait_median is None else h.wait_median / 60) for h in report.hours]
    days: dict[str, list[Hour]] = {}
    for hour in report.hours:
        days.setdefault(hour_text(hour.start, report.time_zone, "%d.%m"),
                        []).append(hour)
    found = []
    for label, hours in days.items():
        timed = [(h.wait_median, h.appeals) for h in hours if h.wait_median is not None]
        weight = sum(n for _w, n in timed)
        wait = sum(w * n for w, n in timed) / weight / 60 if weight else None
        found.append((label, sum(h.appeals for h in hours), wait))
    return found


def count_axis(top: int) -> QValueAxis:
    """An axis of counts: whole numbers only ("1, 0, 0, 0, 0" was a range of 0..1 in
    fifths, each printed as an integer)."""
    step = max(1, math.ceil(top / 5))
    top = max(step, step * math.ceil(top / step))
    axis = QValueAxis()
    axis.setLabelFormat("%d")
    axis.setRange(0, top)
    axis.setTickCount(top // step + 1)
    return axis


def _view(chart: QChart) -> QChartView:
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(220)
    return view


class ReportCharts(QObject):
    """The charts' words (a QObject for tr: its own translation context)."""

    def load_chart(self, report: Report) -> QChartView:
        return load_chart(report, self.tr("Appeals and the wait to be accepted"),
                          self.tr("Appeals"), self.tr("Wait to accept, minutes"),
                          self.tr("minutes"))

    def rating_chart(self, report: Report) -> QChartView:
        return rating_chart(report, self.tr("Ratings"), self.tr("Rated"))


def load_chart(report: Report, title: str, appeals_word: str, wait_word: str,
               minutes_word: str) -> QChartView:
    """Appeals (bars) and the typical wait to be accepted (line, minutes)."""
    data = buckets(report)
    chart = QChart()
    chart.setTitle(title)
    appeals = QBarSet(appeals_word)
    appeals.setColor(BAR)
    appeals.append([float(n) for _label, n, _wait in data])
    bars = QBarSeries()
    bars.append(appeals)
    chart.addSeries(bars)
    wait = QLineSeries()
    wait.setName(wait_word)
    pen = wait.pen()
    pen.setColor(WAIT)
    pen.setWidth(3)
    wait.setPen(pen)
    wait.setPointsVisible(True)  # (a day with one hour of appeals is one point, no line)
    wait.setMarkerSize(9)
    for i, (_label, _n, minutes) in enumerate(data):
        if minutes is not None:
            wait.append(i, minutes)
    chart.addSeries(wait)
    axis_x = QBarCategoryAxis()
    axis_x.append([label for label, _n, _wait in data] or [""])
    axis_x.setLabelsAngle(-60 if len(data) > 8 else 0)
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    bars.attachAxis(axis_x)
    wait.attachAxis(axis_x)
    axis_n = count_axis(max([n for _l, n, _w in data] + [1]))
    axis_n.setTitleText(appeals_word)
    chart.addAxis(axis_n, Qt.AlignmentFlag.AlignLeft)
    bars.attachAxis(axis_n)
    axis_w = QValueAxis()
    axis_w.setRange(0, max([w for _l, _n, w in data if w is not None] + [1.0]) * 1.1)
    axis_w.setTitleText(minutes_word)
    axis_w.applyNiceNumbers()
    chart.addAxis(axis_w, Qt.AlignmentFlag.AlignRight)
    wait.attachAxis(axis_w)
    return _view(chart)


def rating_chart(report: Report, title: str, rated_word: str) -> QChartView:
    """How many of each score, over the lines asked."""
    counts = [sum(f.ratings[i] for _line, f in report.lines) for i in range(5)]
    chart = QChart()
    chart.setTitle(title)
    scores = QBarSet(rated_word)
    scores.setColor(BAR)
    scores.append([float(n) for n in counts])
    bars = QBarSeries()
    bars.append(scores)
    bars.setLabelsVisible(True)
    chart.addSeries(bars)
    axis_x = QBarCategoryAxis()
    axis_x.append(["1", "2", "3", "4", "5"])
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    bars.attachAxis(axis_x)
    axis_n = count_axis(max([*counts, 1]))
    chart.addAxis(axis_n, Qt.AlignmentFlag.AlignLeft)
    bars.attachAxis(axis_n)
    chart.legend().hide()
    return _view(chart)
