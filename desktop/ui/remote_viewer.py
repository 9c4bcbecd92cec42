"""A remote session's viewer in a process of its own (`python -m desktop.ui.remote_viewer
LANGUAGE`): the screen's stream comes from the client's side, which we do not control, and
is parsed here, away from the app's calls and chats (a crash or a hang of the viewer is not
one of the app); everything it took goes back when the session ends.

It speaks JSON lines with the app (remote_viewer_process.py):
  in:  {"open": {"appeal", "url", "password", "ca_file"}}, {"control": true|false, "text"},
       {"over": text}, {"watchers": text}, {"close": true}
  out: {"state": connecting|connected|failed|refused}, {"status": text}, {"watchers": text},
       {"control": true} (the specialist asks for it), {"end": comment}"""

from __future__ import annotations

import json
import sys
import threading
from typing import Any

from PySide6.QtCore import QObject, Signal


class _Stdin(QObject):
    """The app's lines, read in a thread and handed to the GUI thread (a queued signal)."""

    line = Signal(str)

    def start(self) -> None:
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in sys.stdin:
            self.line.emit(line)
        self.line.emit('{"close": true}')  # the app went: so does the viewer


def say(what: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(what) + "\n")
    sys.stdout.flush()


def main() -> int:
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    from desktop.gui_thread import GuiThread  # noqa: PLC0415
    from desktop.ui.i18n import Translators  # noqa: PLC0415
    qapp = QApplication(["deskline-viewer"])
    qapp.setApplicationName("Deskline")
    qapp.setDesktopFileName("deskline")
    translators = Translators(qapp, sys.argv[1] if len(sys.argv) > 1 else "")
    from desktop.ui.remote_window import RemoteWindow  # noqa: PLC0415

    gui = GuiThread()
    windows: list[RemoteWindow] = []
    stdin = _Stdin()

    def heard(line: str) -> None:
        try:
            told = json.loads(line)
        except ValueError:
            return
        if "open" in told and not windows:
            opened = told["open"]
            window = RemoteWindow(int(opened["appeal"]), str(opened["ca_file"]), gui)
            window.end_requested.connect(lambda _appeal, comment: say({"end": comment}))
            window.control_requested.connect(lambda _appeal: say({"control": True}))
            window.view.state_changed.connect(lambda state: say({"state": state}))
            window.status_changed.connect(lambda text: say({"status": text}))
            window.watchers_changed.connect(lambda text: say({"watchers": text}))
            windows.append(window)
            window.show()
            window.watch_url(str(opened["url"]), str(opened["password"]))
        elif "control" in told and windows:
            windows[0].control(bool(told["control"]), str(told.get("text", "")))
        elif "over" in told and windows:
            windows[0].over(str(told["over"]))
        elif "watchers" in told and windows:
            windows[0].watchers(str(told["watchers"])[:500])
        elif "close" in told:
            for window in windows:
                window.view.end()
                window.close()
            qapp.quit()

    stdin.line.connect(heard)
    stdin.start()
    code = qapp.exec()
    for window in windows:
        window.deleteLater()
    qapp.processEvents()
    translators.remove()
    return code


if __name__ == "__main__":
    sys.exit(main())
