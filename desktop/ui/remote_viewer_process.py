"""The app's side of a session's viewer process (remote_viewer.py): started when the
client allows, told of control and of the end, and it tells back what its window's
buttons asked; it exits when the session's window is done, and all it took goes with
it."""

from __future__ import annotations

import json
import logging
import sys
from typing import Any

from PySide6.QtCore import QObject, QProcess, Signal

log = logging.getLogger(__name__)


class ViewerProcess(QObject):
    state_changed = Signal(str)  # the page: connecting, connected, failed, refused
    status_changed = Signal(str)  # what its window's status line says
    end_requested = Signal(int, str)  # appeal, what was done and agreed
    control_requested = Signal(int)  # appeal
    finished = Signal(int)  # appeal: its window closed, the process gone

    def __init__(self, appeal: int, language: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.appeal = appeal
        self.state = ""
        self.status = ""
        self.watchers_shown = ""  # who else watches, as its window says it
        self.process = QProcess(self)
        self.process.setProcessChannelMode(QProcess.ProcessChannelMode.ForwardedErrorChannel)
        self.process.readyReadStandardOutput.connect(self._read)
        self.process.finished.connect(lambda *_args: self.finished.emit(self.appeal))
        self.process.start(sys.executable, ["-m", "desktop.ui.remote_viewer", language])
        self._partial = b""

    def open(self, url: str, password: str, ca_file: str) -> None:
        self._send({"open": {"appeal": self.appeal, "url": url, "password": password,
                             "ca_file": ca_file}})

    def control(self, granted: bool, text: str) -> None:
        self._send({"control": granted, "text": text})

    def over(self, text: str) -> None:
        self._send({"over": text})

    def watchers(self, text: str) -> None:
        """Who else watches, as its window says it ("" : nobody else)."""
        self._send({"watchers": text})

    def close(self) -> None:
        """The window goes and the process ends (forced after a few seconds)."""
        self._send({"close": True})
        self.process.closeWriteChannel()
        if not self.process.waitForFinished(5000):
            self.process.kill()
            self.process.waitForFinished(2000)

    @property
    def running(self) -> bool:
        return self.process.state() is not QProcess.ProcessState.NotRunning

    def _send(self, what: dict[str, Any]) -> None:
        if self.running:
            self.process.write((json.dumps(what) + "\n").encode())

    def _read(self) -> None:
        self._partial += bytes(self.process.readAllStandardOutput().data())
        *lines, self._partial = self._partial.split(b"\n")
        for line in lines:
            try:
                said = json.loads(line)
            except ValueError:
                continue
            if not isinstance(said, dict):
                continue
            if "state" in said:
                self.state = str(said["state"])
                self.state_changed.emit(self.state)
            elif "status" in said:
                self.status = str(said["status"])
                self.status_changed.emit(self.status)
            elif "watchers" in said:
                self.watchers_shown = str(said["watchers"])[:500]
            elif "end" in said:
                self.end_requested.emit(self.appeal, str(said["end"])[:1000])
            elif "control" in said:
                self.control_requested.emit(self.appeal)
