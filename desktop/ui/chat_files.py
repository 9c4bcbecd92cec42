"""Files in the open conversation: 📎 (a file), a pasted screenshot or dropped files are
uploaded and their link sent; what is on its way or went wrong is said under the
conversation; a click on a picture shows it whole, on another link opens the browser."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QDesktopServices, QImage
from PySide6.QtWidgets import QFileDialog, QLabel, QToolButton

from desktop.chat.files import FileService
from desktop.chat.files_values import FileProblem, size_text
from desktop.ui.i18n import watch_language
from desktop.ui.icons import set_icon
from desktop.ui.image_view import ImageView
from desktop.ui.profile_dialog import photo_folder

if TYPE_CHECKING:
    from desktop.ui.chat_pane import ChatPane


class ChatFiles(QObject):
    def __init__(self, pane: ChatPane, files: FileService | None) -> None:
        super().__init__(pane)
        self.pane = pane
        self.files = files
        self.attach = QToolButton()
        self.attach.setObjectName("attachButton")
        set_icon(self.attach, "attach")
        watch_language(self.attach, self._retranslate)
        self.attach.clicked.connect(self.choose_file)
        self.line = QLabel()
        self.line.setObjectName("uploadLine")
        self.line.setStyleSheet("color: palette(placeholder-text);")
        self.line.hide()
        self.attach.setVisible(files is not None)
        if files is None:
            return
        pane.view.files = files.facts
        files.fetched.connect(pane.view.file_known)
        files.uploading.connect(self._uploading)
        files.uploaded.connect(self._uploaded)
        files.upload_failed.connect(self._upload_failed)
        pane.input.image_pasted.connect(self._send_image)
        pane.input.files_dropped.connect(self._send_files)
        pane.view.anchorClicked.connect(self._open_link)

    def _retranslate(self) -> None:
        self.attach.setToolTip(self.tr("Send a file or a picture (or paste a screenshot, or "
                                       "drop files here)"))

    def choose_file(self) -> None:
        if not self.pane.peer or self.files is None:
            return
        path, _ = QFileDialog.getOpenFileName(self.pane, self.tr("Send a file"),
                                              photo_folder())
        if path:
            self._send_files([Path(path)])

    def _writable(self) -> bool:
        return bool(self.pane.peer) and self.files is not None and \
            self.pane.input.isEnabled()

    def _send_files(self, paths: list[Path]) -> None:
        if self._writable() and self.files is not None:
            for path in paths[:10]:
                self.files.send_file(self.pane.peer, path)

    def _send_image(self, image: QImage) -> None:
        if self._writable() and self.files is not None:
            self.files.send_image(self.pane.peer, image)

    def _uploaded(self, peer: str, _name: str) -> None:
        if peer == self.pane.peer:
            self.line.hide()

    def _uploading(self, peer: str, name: str) -> None:
        if peer == self.pane.peer:
            self.pane.error.hide()
            self.line.setText(self.tr("Sending %1…").replace("%1", name or "…"))
            self.line.show()

    def _upload_failed(self, peer: str, name: str, problem: FileProblem, detail: str) -> None:
        if peer != self.pane.peer:
            return
        self.line.hide()
        limit = size_text(int(detail)) if detail.isdigit() else ""
        texts = {
            FileProblem.TOO_BIG: self.tr("%1 is too big: the chat server takes files of at "
                                         "most %2.").replace("%2", limit),
            FileProblem.NO_SERVICE: self.tr("%1 was not sent: the chat server takes no "
                                            "files."),
            FileProblem.OFFLINE: self.tr("%1 was not sent: the chat is not connected."),
            FileProblem.UNREADABLE: self.tr("%1 cannot be read."),
            FileProblem.UPLOAD_FAILED: self.tr("%1 was not sent: the upload failed. Try "
                                               "again."),
        }
        self.pane.error.setText(texts[problem].replace("%1", name or self.tr("The picture")))
        self.pane.error.show()

    def _open_link(self, url: QUrl) -> None:
        """A picture shows whole here; any other link opens in the browser."""
        link = QUrl(url)
        facts = next((f for key, f in self.files.known.items() if QUrl(key) == link),
                     None) if self.files is not None else None
        if facts is not None and facts.data:
            ImageView(facts, self.pane).show()
        else:
            QDesktopServices.openUrl(url)
