"""One Deskline per user. The first to start listens on a local socket in the runtime
directory (QLocalServer: a per-user path, no TCP port); a later start hands it its request
(show the window, or call a link) and exits. A socket file left by a crash answers nobody:
it is removed and listened on again."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from desktop.gui_thread import assert_gui_thread

log = logging.getLogger(__name__)
SOCKET = "deskline.sock"
CONNECT_MS = 500
MAX_REQUEST = 4096  # bytes: a request is one short JSON line


@dataclass(frozen=True)
class Request:
    link: str = ""  # a number or tel:/sip:/callto: link to call; "" just shows the window


def hand_over(runtime: Path, request: Request) -> bool:
    """To the running Deskline, if there is one (True: it has the request)."""
    socket = QLocalSocket()
    socket.connectToServer(str(runtime / SOCKET))
    if not socket.waitForConnected(CONNECT_MS):
        return False
    socket.write(json.dumps({"link": request.link}).encode() + b"\n")
    socket.flush()
    told = socket.waitForReadyRead(CONNECT_MS) and bytes(socket.readAll().data()).startswith(b"ok")
    socket.disconnectFromServer()
    return told


def _answers(path: Path) -> bool:
    socket = QLocalSocket()
    socket.connectToServer(str(path))
    found = socket.waitForConnected(CONNECT_MS)
    socket.abort()
    return found


class Instance(QObject):
    """The running Deskline's end: `requested` for each later start's request."""

    requested = Signal(object)  # Request

    def __init__(self, runtime: Path) -> None:
        super().__init__()
        self.path = runtime / SOCKET
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        """False when another Deskline listens already (started at the same moment)."""
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if self.server.listen(str(self.path)):
            return True
        if _answers(self.path):
            return False
        QLocalServer.removeServer(str(self.path))  # a crashed Deskline's: nobody answers
        log.info("removed a stale instance socket at %s", self.path)
        if not self.server.listen(str(self.path)):  # Deskline works on, only not alone
            log.warning("no instance socket at %s: %s", self.path, self.server.errorString())
        return True

    def close(self) -> None:
        self.server.close()

    def _accept(self) -> None:
        assert_gui_thread()
        while (socket := self.server.nextPendingConnection()) is not None:
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            if socket.bytesAvailable() > MAX_REQUEST:
                socket.abort()
            return
        line = bytes(socket.readLine(MAX_REQUEST).data())
        try:
            link = json.loads(line).get("link", "")
            request = Request(link if isinstance(link, str) else "")
        except (ValueError, AttributeError):
            socket.abort()
            return
        socket.write(b"ok\n")
        socket.flush()
        self.requested.emit(request)
