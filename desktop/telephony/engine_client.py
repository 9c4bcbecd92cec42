"""The GUI side of the engine process: starts it, sends commands, turns its lines into calls.

QProcess delivers the engine's output in the GUI thread, so no extra thread is needed.
"""

from __future__ import annotations

import itertools
import logging
import sys
from typing import Protocol

from PySide6.QtCore import QObject, QProcess, QProcessEnvironment

from desktop.telephony.protocol import Message, ProtocolError, decode, encode

log = logging.getLogger(__name__)


class EngineSink(Protocol):
    def on_engine_event(self, event: Message) -> None: ...
    def on_engine_lost(self, reason: str) -> None: ...


class EngineLink(Protocol):
    """What CallService needs of the engine: EngineClient, or a fake in unit tests."""

    def send(self, op: str, **fields: object) -> int: ...
    def stop(self, timeout_ms: int = 3000) -> None: ...
    @property
    def pid(self) -> int: ...


class EngineClient(QObject):
    def __init__(self, sink: EngineSink, env: dict[str, str] | None = None) -> None:
        super().__init__()
        self.sink = sink
        self.proc = QProcess(self)
        self.proc.setProgram(sys.executable)
        self.proc.setArguments(["-m", "desktop.telephony.engine"])
        # The engine's log goes where ours goes.
        self.proc.setProcessChannelMode(QProcess.ProcessChannelMode.ForwardedErrorChannel)
        if env is not None:
            qenv = QProcessEnvironment.systemEnvironment()
            for key, value in env.items():
                qenv.insert(key, value)
            self.proc.setProcessEnvironment(qenv)
        self.proc.readyReadStandardOutput.connect(self._read)
        self.proc.finished.connect(self._finished)
        self._stopping = False
        self._requests = itertools.count(1)

    def start(self) -> None:
        if self.proc.state() is QProcess.ProcessState.NotRunning:
            self._stopping = False
            self.proc.start()

    def send(self, op: str, **fields: object) -> int:
        """Sends a command; returns its request id, which a "failed" event echoes."""
        self.start()
        req = next(self._requests)
        self.proc.write(encode({"op": op, "req": req, **fields}))
        # Out now, not on the next turn of the event loop: an answer must not wait for it.
        self.proc.waitForBytesWritten(50)
        return req

    def stop(self, timeout_ms: int = 3000) -> None:
        if self.proc.state() is QProcess.ProcessState.NotRunning:
            return
        self._stopping = True
        self.proc.write(encode({"op": "quit"}))
        self.proc.closeWriteChannel()
        if not self.proc.waitForFinished(timeout_ms):
            self.proc.kill()
            self.proc.waitForFinished(1000)

    @property
    def pid(self) -> int:
        return int(self.proc.processId())

    def _read(self) -> None:
        while self.proc.canReadLine():
            line = bytes(self.proc.readLine().data())
            try:
                event = decode(line)
            except ProtocolError as exc:
                log.warning("engine said something unexpected: %s", exc)
                continue
            self.sink.on_engine_event(event)

    def _finished(self, code: int, status: QProcess.ExitStatus) -> None:
        if not self._stopping:
            crashed = status is QProcess.ExitStatus.CrashExit
            self.sink.on_engine_lost(f"the telephony engine {'crashed' if crashed else 'exited'}"
                                     f" (code {code})")
