"""MonitorService: the online monitor of a senior's lines in the GUI thread. While the
monitor window is open the desk pushes what changes; this keeps the board (the wire
format's values, supportdesk/protocol/monitor.py) and says when it changed. The clocks are
times: the window runs them. Plain Python; the words are in ui/monitor_window.py."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from desktop.appeals.service import AppealService
from desktop.bus import AppealProblem
from desktop.gui_thread import assert_gui_thread
from supportdesk.protocol.monitor import AppealNow, Board, LineNow, PersonNow, Update

STATUS_ORDER = {"free": 0, "busy": 1, "away": 2, "offline": 3}
APPEAL_ORDER = {"queued": 0, "offered": 1, "in_work": 2}


class MonitorService(QObject):
    changed = Signal()
    failed = Signal(object)  # AppealProblem

    def __init__(self, appeals: AppealService) -> None:
        super().__init__()
        self.appeals = appeals
        self.board = Board()
        self.problem: AppealProblem | None = None
        appeals.monitor_update.connect(self._on_update)
        appeals.monitor_failed.connect(self._on_failed)

    def start(self) -> None:
        assert_gui_thread()
        self.appeals.watch(True)

    def stop(self) -> None:
        assert_gui_thread()
        self.appeals.watch(False)

    # --- what the window shows ----------------------------------------------------------
    def lines(self) -> list[LineNow]:
        return sorted(self.board.lines.values(), key=lambda x: x.name)

    def people(self) -> list[PersonNow]:
        """Those at work first (free, busy, away), then by who has most open."""
        return sorted(self.board.people.values(),
                      key=lambda p: (STATUS_ORDER.get(p.status, 4), -p.open, p.jid))

    def waiting_and_open(self) -> list[AppealNow]:
        """Queued first, the longest waiting first; then offered, then in work."""
        return sorted(self.board.appeals.values(),
                      key=lambda a: (APPEAL_ORDER.get(a.state, 3), a.since, a.id))

    def line_name(self, line: str) -> str:
        found = self.board.lines.get(line)
        return found.name if found is not None else line

    def open_for_reading(self, appeal: int) -> str:
        """The appeal's conversation to read; returns its chat address ("" if unknown)."""
        found = self.board.appeals.get(appeal)
        if found is None:
            return ""
        return self.appeals.read(found.id, found.line, self.line_name(found.line),
                                 found.client, found.channel, found.transfers)

    def join(self, appeal: int) -> None:
        self.appeals.join(appeal)

    # --- from the desk ---------------------------------------------------------------------
    def _on_update(self, update: Update) -> None:
        self.problem = None
        self.board.apply(update)
        self.changed.emit()

    def _on_failed(self, problem: AppealProblem) -> None:
        self.problem = problem
        self.failed.emit(problem)
