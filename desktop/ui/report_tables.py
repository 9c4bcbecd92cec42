"""A report as tables with their headings, for the Reports window and its export: the
same cells both ways (seconds and percentages as numbers; the window formats them)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from desktop.export import Cell, Table
from supportdesk.protocol.report import Figures, Report


def _figure_cells(f: Figures) -> tuple[Cell, ...]:
    return (f.appeals, f.chats, f.calls, f.within_target_pct, f.accept.median, f.accept.p90,
            f.response.median, f.response.p90, f.finish.median, f.finish.p90, f.missed,
            f.transferred_once, f.transferred_more, f.finished_unrated, f.rating_avg,
            "/".join(str(n) for n in f.ratings), f.remote_sessions, f.remote_seconds,
            f.calls_measured, f.calls_poor, f.returned, f.received)


class ReportTables(QObject):
    """The words of the tables (a QObject for tr: its own translation context)."""

    def _figure_columns(self) -> tuple[tuple[str, str], ...]:
        return (
            (self.tr("Appeals"), "count"), (self.tr("Chats"), "count"),
            (self.tr("Calls"), "count"), (self.tr("Accepted within target, %"), "percent"),
            (self.tr("Accept, median"), "seconds"), (self.tr("Accept, p90"), "seconds"),
            (self.tr("First response, median"), "seconds"),
            (self.tr("First response, p90"), "seconds"),
            (self.tr("Finish, median"), "seconds"), (self.tr("Finish, p90"), "seconds"),
            (self.tr("Missed offers"), "count"), (self.tr("Transferred once"), "count"),
            (self.tr("Transferred more than once"), "count"),
            (self.tr("Finished without rating"), "count"),
            (self.tr("Average rating"), "rating"), (self.tr("Ratings 1/2/3/4/5"), "text"),
            (self.tr("Remote sessions"), "count"), (self.tr("Remote sessions, time"),
                                                    "seconds"),
            (self.tr("Calls measured"), "count"), (self.tr("Calls on a poor line"), "count"),
            (self.tr("Returned to the partner"), "count"),
            (self.tr("Received from the vendor"), "count"))

    def tables(self, report: Report, name_of: Callable[[str], str]) -> tuple[Table, ...]:
        """Lines, specialists, the clients' comments, hour by hour. `name_of`: a
        specialist's address -> their name."""
        columns = self._figure_columns()
        headers = tuple(title for title, _kind in columns)
        kinds = tuple(kind for _title, kind in columns)
        lines = Table(self.tr("Lines"), (self.tr("Line"), *headers), ("text", *kinds), tuple(
            (report.line_name(line), *_figure_cells(f)) for line, f in report.lines))
        people = Table(self.tr("Specialists"), (self.tr("Specialist"), *headers),
                       ("text", *kinds), tuple((name_of(who) or who, *_figure_cells(f))
                                               for who, f in report.specialists))
        older = report.comments_left_out
        comments_title = self.tr("Comments") if not older else self.tr(
            "Comments (the newest; %n older not shown)", "", older)
        comments = Table(
            comments_title, (self.tr("Appeal"), self.tr("Line"), self.tr("Specialist"),
                                  self.tr("Rating"), self.tr("Comment")),
            ("count", "text", "text", "count", "text"),
            tuple((c.appeal, report.line_name(c.line), name_of(c.specialist) or c.specialist,
                   c.score, c.text) for c in report.comments))
        daily = report.bucket_s >= 86_400  # (a long period is counted by day)
        hours = Table(self.tr("Days") if daily else self.tr("Hours"),
                      (self.tr("Day") if daily else self.tr("Hour"), self.tr("Appeals"),
                       self.tr("Wait to accept, median")),
                      ("day" if daily else "hour", "count", "seconds"),
                      tuple((h.start, h.appeals, h.wait_median) for h in report.hours),
                      report.time_zone)
        return lines, people, comments, hours
