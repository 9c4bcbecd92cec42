"""Files in conversations, in the GUI thread: a file or a pasted screenshot sent (checked
against the server's limit first, uploaded, then its link sent as a message that other
chat clients show inline), and what the links in a conversation are (looked at once)."""

from __future__ import annotations

import logging
import mimetypes
import uuid
from collections import OrderedDict
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from desktop.chat.conversations import ChatService
from desktop.chat.files_values import FileFacts, FileProblem
from desktop.chat.photo import png_bytes
from desktop.gui_thread import assert_gui_thread

log = logging.getLogger(__name__)

KEPT = 64  # links whose facts (thumbnails) are kept in memory
MAX_PASTED_BYTES = 16 * 1024 * 1024


class FileService(QObject):
    uploading = Signal(str, str)  # peer, file name: on its way
    uploaded = Signal(str, str)  # peer, file name: its link sent
    upload_failed = Signal(str, str, object, str)  # peer, name, FileProblem, detail
    fetched = Signal(str)  # a link's facts are known (facts(url) has them)

    def __init__(self, chats: ChatService, scratch: Path) -> None:
        super().__init__()
        self.chats = chats
        self.scratch = scratch  # pasted screenshots wait here while they upload
        self.worker: Any = None
        self.known: OrderedDict[str, FileFacts] = OrderedDict()
        self.asked: set[str] = set()
        self.pending: dict[str, tuple[str, str, Path | None]] = {}  # token -> peer, name, temp

    def use_worker(self, worker: Any) -> None:
        """ChatSession's worker_users hook."""
        self.worker = worker
        self.asked.clear()  # (a link asked of a stopped worker is asked again)
        if worker is not None:
            worker.files.report_to(self)

    @property
    def limit(self) -> int:
        """The server's limit in bytes; 0 while not known."""
        return int(self.worker.files.max_size) if self.worker is not None else 0

    # --- sending ----------------------------------------------------------------------------
    def send_file(self, peer: str, path: Path, temp: bool = False) -> None:
        assert_gui_thread()
        name = path.name
        try:
            size = path.stat().st_size
        except OSError as exc:
            self.upload_failed.emit(peer, name, FileProblem.UNREADABLE, exc.strerror or "")
            return
        if self.worker is None:
            self.upload_failed.emit(peer, name, FileProblem.OFFLINE, "")
            return
        if self.limit and size > self.limit:  # said before anything is sent
            self.upload_failed.emit(peer, name, FileProblem.TOO_BIG, str(self.limit))
            return
        token = uuid.uuid4().hex
        self.pending[token] = (peer, name, path if temp else None)
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        self.uploading.emit(peer, name)
        self.worker.files.upload(token, peer, path, name, size, kind)

    def send_image(self, peer: str, image: QImage) -> None:
        """A screenshot from the clipboard: sent as a PNG."""
        data = png_bytes(image)
        if len(data) > MAX_PASTED_BYTES:
            self.upload_failed.emit(peer, "", FileProblem.TOO_BIG, str(MAX_PASTED_BYTES))
            return
        self.scratch.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = self.scratch / f"screenshot-{uuid.uuid4().hex[:8]}.png"
        path.write_bytes(data)
        self.send_file(peer, path, temp=True)

    def on_uploaded(self, token: str, peer: str, url: str) -> None:
        assert_gui_thread()
        _peer, name, temp = self.pending.pop(token, (peer, "", None))
        if temp is not None:
            temp.unlink(missing_ok=True)
        self.chats.send(peer, url)  # (the outbox keeps it if the link goes down now)
        self.uploaded.emit(peer, name)

    def on_upload_failed(self, token: str, peer: str, problem: FileProblem,
                         detail: str) -> None:
        assert_gui_thread()
        _peer, name, temp = self.pending.pop(token, (peer, "", None))
        if temp is not None:
            temp.unlink(missing_ok=True)
        log.info("a file not sent: %s", problem.value)
        self.upload_failed.emit(peer, name, problem, detail)

    # --- what a link is -----------------------------------------------------------------------
    def facts(self, url: str) -> FileFacts | None:
        """What is known of the link; None the first time (it is looked at, and fetched
        tells when)."""
        known = self.known.get(url)
        if known is not None:
            self.known.move_to_end(url)
            return known
        if url not in self.asked and self.worker is not None:
            self.asked.add(url)
            self.worker.files.fetch(url)
        return None

    def on_fetched(self, url: str, facts: FileFacts) -> None:
        assert_gui_thread()
        self.known[url] = facts
        while len(self.known) > KEPT:
            self.known.popitem(last=False)
        self.fetched.emit(url)
