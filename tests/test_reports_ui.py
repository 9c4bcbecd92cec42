"""Menu → Reports in the real app (anna, a specialist: her own figures only) against the real
desk with a history of today; its XLSX and CSV exports opened by LibreOffice (headless) and
read back equal to the table on screen."""

from __future__ import annotations

import csv
import shutil
import subprocess
import time
from pathlib import Path

from PySide6.QtCharts import QChartView, QValueAxis
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from desktop.app import Deskline
from desktop.appeals.values import day_start
from desktop.bus import LinkState
from desktop.export import plain
from desktop.lab.lab import LabInfo
from desktop.ui.reports_dialog import ReportsDialog
from supportdesk.store import DeskStore
from tests.apps import answer_file_dialog, choose_in_menu
from tests.supportdesk_rig import RunningDesk, lab_config


def todays_history(store: DeskStore, domain: str) -> None:
    """Two of anna's chats (accepted in 60 s and 400 s, one rated 5) and one of boris's."""
    start = day_start(time.time()) + 3600
    for who, offset, accept_s, score in (("anna", 0, 60, 5), ("anna", 100, 400, 0),
                                          ("boris", 200, 30, 4)):
        appeal = store.new_appeal("support", f"ivan@{domain}", "chat", start + offset)
        at = start + offset
        store.step(appeal, "offered", at, f"{who}@{domain}")
        store.step(appeal, "accepted", at + accept_s, f"{who}@{domain}")
        store.step(appeal, "finished", at + accept_s + 100, f"{who}@{domain}")
        if score:
            store.rate(appeal, score, "", at + accept_s + 110)


def save_as(qtbot: QtBot, path: Path) -> None:
    """The next save dialog gets `path` in its name field, then its Save button clicked."""
    answer_file_dialog(qtbot, path, QDialogButtonBox.StandardButton.Save)


def open_reports(qtbot: QtBot, app: Deskline) -> ReportsDialog:
    """Menu → Reports… clicked."""
    choose_in_menu(qtbot, app, app.window.reports_action)
    qtbot.waitUntil(lambda: app.reports_dialog is not None
                    and app.reports_dialog.isVisible(), timeout=3000)
    assert app.reports_dialog is not None
    return app.reports_dialog


def test_a_specialist_sees_her_figures_and_exports_them(
        qtbot: QtBot, lab: LabInfo, app: Deskline, store_url: str, tmp_path: Path) -> None:
    store = DeskStore(store_url)
    todays_history(store, lab.domain)
    store.close()
    desk = RunningDesk(lab_config(lab, store_url))
    try:
        qtbot.waitUntil(lambda: app.chat.state is LinkState.ONLINE, timeout=10000)
        dialog = open_reports(qtbot, app)
        qtbot.waitUntil(lambda: len(dialog.tables) == 3, timeout=10000)  # asked at once
        lines, people, _comments = dialog.tables
        assert people.rowCount() == 1  # hers only: boris's figures are not hers to see
        # The name is the row's header: it stays in view while the figures scroll sideways.
        assert "Петрова" in people.verticalHeaderItem(0).text()
        assert lines.verticalHeaderItem(0).text() == "Техподдержка"
        assert lines.item(0, 0).text() == "2"  # her two appeals on the line
        assert lines.item(0, 3).text() == "50%"  # one of two accepted within 5 minutes
        assert lines.item(0, 4).text() == "3:50"  # median of 60 s and 400 s
        dialog.show()
        lines.horizontalScrollBar().setValue(lines.horizontalScrollBar().maximum())
        assert lines.horizontalScrollBar().value() > 0  # (it does scroll sideways)
        assert lines.verticalHeader().isVisible()
        # Her own figures only: no "Specialist: Everyone" to choose from.
        assert not dialog.specialist.isVisible()
        assert not dialog.specialist_label.isVisible()
        # Counts on the charts' axes are whole numbers (not 0, 0.2, … printed as 0, 0, …).
        for view in dialog.charts.findChildren(QChartView):
            for axis in view.chart().axes(Qt.Orientation.Vertical):
                if isinstance(axis, QValueAxis) and axis.labelFormat() == "%d":
                    step = (axis.max() - axis.min()) / (axis.tickCount() - 1)
                    assert step >= 1
                    assert step == int(step)

        xlsx = tmp_path / "report.xlsx"
        save_as(qtbot, xlsx)
        qtbot.mouseClick(dialog.xlsx_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(xlsx.exists, timeout=5000)
        csv_file = tmp_path / "report.csv"
        save_as(qtbot, csv_file)
        qtbot.mouseClick(dialog.csv_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(csv_file.exists, timeout=5000)
    finally:
        desk.close()
    first = dialog.shown[0]  # the lines' table, as the window has it
    expected = [list(first.headers)] + [
        [same(plain(v, k)) for v, k in zip(row, first.kinds, strict=True)] for row in first.rows]
    assert read_back_by_libreoffice(xlsx, tmp_path) == expected
    with csv_file.open(encoding="utf-8-sig") as f:
        written = [[same(cell) for cell in row] for row in csv.reader(f)]
    assert written[1:2 + len(first.rows)] == expected


def read_back_by_libreoffice(xlsx: Path, tmp_path: Path) -> list[list[str]]:
    """The first sheet as LibreOffice reads it (converted headless to CSV)."""
    out = tmp_path / "lo"
    soffice = shutil.which("soffice")
    assert soffice is not None, "scripts/setup.sh installs libreoffice-calc-nogui"
    done = subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'lo-user'}",
                           "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):"
                           "44,34,76", "--outdir", str(out), str(xlsx)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    with (out / "report.csv").open(encoding="utf-8") as f:
        return [[same(cell) for cell in row] for row in csv.reader(f) if any(row)]


def same(cell: object) -> str:
    """A cell as text both sides agree on: numbers without a trailing .0."""
    try:
        return f"{float(str(cell)):g}"
    except ValueError:
        return str(cell)
