"""The whole app graph for GUI tests, signed in to the session's lab."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtWidgets import QApplication

from desktop.app import Deskline
from desktop.lab.lab import LabInfo
from desktop.paths import Paths
from desktop.store import Store


def make_app(qapp: QApplication, lab: LabInfo, tmp_path: Path,
             settings: dict[str, object] | None = None) -> Deskline:
    # runtime = the lab's parent: the app finds the running lab there and signs in to it.
    paths = Paths(tmp_path / "config", tmp_path / "data", Path(lab.run_dir).parent)
    if settings:
        paths.config.mkdir(parents=True)
        (paths.config / "settings.json").write_text(json.dumps({"version": 1,
                                                                 "values": settings}))
    app = Deskline(qapp, paths, Store(paths.data / "deskline.sqlite3"))
    app.start()
    return app


def close_app(app: Deskline) -> None:
    app.window.close()
    app.shutdown()
