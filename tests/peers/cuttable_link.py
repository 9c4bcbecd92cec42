"""A TCP forwarder whose connections a test can cut, like a Wi-Fi drop or a cable pulled:
both ends lose the socket while the server itself stays up (so it can hold the session
for a resume)."""

from __future__ import annotations

import contextlib
import selectors
import socket
import struct
import threading

from desktop.lab.process import free_port


class CuttableLink:
    def __init__(self, target_port: int, host: str = "127.0.0.1") -> None:
        self.target = (host, target_port)
        self.port = free_port()
        self._listener = socket.create_server((host, self.port))
        self._listener.setblocking(False)
        self._pairs: dict[socket.socket, socket.socket] = {}
        self._lock = threading.Lock()
        self._blocked = False
        self._stop = False
        self.accepted = 0
        self._thread = threading.Thread(target=self._run, name="cuttable-link", daemon=True)

    def __enter__(self) -> CuttableLink:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop = True
        self._thread.join(2)
        self.cut()
        self._listener.close()

    def cut(self, block: bool = False) -> None:
        """Resets every open connection (RST, no goodbye); `block`: refuse new ones until
        restore()."""
        self._blocked = block
        with self._lock:
            socks = list(self._pairs)
            self._pairs.clear()
        for sock in socks:
            with contextlib.suppress(OSError):  # linger 0: close sends RST
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                sock.close()

    def restore(self) -> None:
        self._blocked = False

    def _run(self) -> None:
        while not self._stop:
            with self._lock:
                socks = [s for s in self._pairs if s.fileno() >= 0]
            sel = selectors.DefaultSelector()
            sel.register(self._listener, selectors.EVENT_READ)
            for sock in socks:
                with contextlib.suppress(OSError, ValueError):  # cut() closed it meanwhile
                    sel.register(sock, selectors.EVENT_READ)
            try:
                ready = sel.select(0.05)
            except (OSError, ValueError):  # a socket closed under select: look again
                ready = []
            for key, _ in ready:
                sock = key.fileobj
                assert isinstance(sock, socket.socket)
                if sock is self._listener:
                    self._accept()
                else:
                    self._pump(sock)
            sel.close()

    def _accept(self) -> None:
        with contextlib.suppress(BlockingIOError):
            client, _ = self._listener.accept()
            if self._blocked:
                client.close()
                return
            server = socket.create_connection(self.target)
            with self._lock:
                self._pairs[client] = server
                self._pairs[server] = client
            self.accepted += 1

    def _pump(self, sock: socket.socket) -> None:
        with self._lock:
            other = self._pairs.get(sock)
        if other is None:
            return
        try:
            data = sock.recv(65536)
            if data:
                other.sendall(data)
                return
        except OSError:
            pass
        with self._lock:  # one side closed: close the other, as a real path would
            self._pairs.pop(sock, None)
            self._pairs.pop(other, None)
        sock.close()
        other.close()
