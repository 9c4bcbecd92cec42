"""What a PBX that only asks the desk whom to ring looks like to the desk (the README's
Asterisk dialplan): the lab's Kamailio stays the PBX, but its answer and hang-up reports
(/answered, /ended) stop here, answered 200 and never passed on; /route and /next go through
to the real desk. Listens where Kamailio asks (the lab's calls port), HTTP/1.1 kept alive."""

from __future__ import annotations

import contextlib
import socket
import threading
import urllib.error
import urllib.request
from types import TracebackType

SWALLOWED = ("/answered", "/ended")


class RouteOnlyPbx:
    def __init__(self, listen_port: int, desk_port: int) -> None:
        self.desk_port = desk_port
        self.swallowed: list[str] = []  # the paths kept from the desk
        self.open: set[socket.socket] = set()  # Kamailio keeps its connections
        self.server = socket.create_server(("127.0.0.1", listen_port))
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            self.open.add(conn)
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            pending = b""
            while True:
                while b"\r\n\r\n" not in pending:
                    try:
                        chunk = conn.recv(4096)
                    except OSError:  # closed by close()
                        return
                    if not chunk:
                        return
                    pending += chunk
                head, pending = pending.split(b"\r\n\r\n", 1)
                target = head.split(b"\r\n", 1)[0].decode().split(" ")[1]
                code, body = self._answer(target)
                conn.sendall(f"HTTP/1.1 {code} X\r\nContent-Length: {len(body)}\r\n\r\n"
                             .encode() + body)

    def _answer(self, target: str) -> tuple[int, bytes]:
        if target.startswith(SWALLOWED):
            self.swallowed.append(target.split("?", 1)[0])
            return 200, b"ok"
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.desk_port}{target}",
                                        timeout=5) as answer:
                return answer.status, answer.read()
        except urllib.error.HTTPError as refused:
            with refused:
                return refused.code, refused.read()

    def close(self) -> None:
        """Closed with its kept connections too: the port is free for the next listener.
        (A socket closed while a thread waits in accept() on it stays bound until that
        returns: shutdown wakes it.)"""
        with contextlib.suppress(OSError):
            self.server.shutdown(socket.SHUT_RDWR)
        self.server.close()
        for conn in list(self.open):
            with contextlib.suppress(OSError):  # (one its thread closed already)
                conn.shutdown(socket.SHUT_RDWR)
            conn.close()

    def __enter__(self) -> RouteOnlyPbx:
        return self

    def __exit__(self, *exc: object | TracebackType) -> None:
        self.close()
