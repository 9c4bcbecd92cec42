"""The client's screen in the app: noVNC (resources/novnc, as published) in a
QWebEngineView, served from the deskline: URL scheme, its RFB on a WebSocket to the desk's
relay. View-only until the client grants control. QtWebEngine is imported only here, and
this module only when a session opens (the scheme is registered before QApplication:
viewer_scheme.py).

TLS to the relay is trusted as the chat's is, by the company's CA: the relay's certificate
is verified here with Python's ssl against that CA and the host name before the page
connects, and Chromium's certificate error for that one certificate is then accepted
(Chromium does not know the company CA)."""

from __future__ import annotations

import json
import logging
import socket
import ssl
from pathlib import Path
from urllib.parse import urlsplit

from PySide6.QtCore import QBuffer, QByteArray, QTimer, QUrl, Signal
from PySide6.QtWebEngineCore import (
    QWebEngineCertificateError,
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineUrlRequestJob,
    QWebEngineUrlSchemeHandler,
)
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop.resources import ROOT
from desktop.ui.viewer_scheme import SCHEME

log = logging.getLogger(__name__)
NOVNC = ROOT / "novnc"
PAGE = ROOT / "remote" / "viewer.html"
TYPES = {".js": b"text/javascript", ".html": b"text/html"}
POLL_MS = 100  # how often the page's state is read while a session is open


def served(path: str) -> Path | None:
    """The file a deskline: path names: the page, or noVNC's own modules; nothing else."""
    if path == "/viewer.html":
        return PAGE
    found = (NOVNC / path.lstrip("/")).resolve()
    if found.suffix != ".js" or not found.is_relative_to(NOVNC.resolve()) or not found.is_file():
        return None
    return found


class _Files(QWebEngineUrlSchemeHandler):
    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:  # noqa: N802 (Qt's name)
        found = served(job.requestUrl().path())
        if found is None:
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        body = QBuffer(job)
        body.setData(QByteArray(found.read_bytes()))
        job.reply(TYPES[found.suffix], body)


def relay_certificate(url: str, ca_file: str, timeout: float = 5.0) -> bytes:
    """The relay's certificate (DER) once verified against the CA and the host name."""
    parts = urlsplit(url)
    host, port = parts.hostname or "", parts.port or 443
    context = ssl.create_default_context(cafile=ca_file)
    with socket.create_connection((host, port), timeout) as raw, \
            context.wrap_socket(raw, server_hostname=host) as tls:
        der = tls.getpeercert(binary_form=True)
    if not der:
        raise ssl.SSLError("the relay showed no certificate")
    return der


class _Page(QWebEnginePage):
    def __init__(self, profile: QWebEngineProfile, parent: QWidget) -> None:
        super().__init__(profile, parent)
        self.trusted = b""  # the relay's certificate as Python verified it
        self.certificateError.connect(self._certificate)

    def javaScriptConsoleMessage(  # noqa: N802 (Qt's name)
            self, level: QWebEnginePage.JavaScriptConsoleMessageLevel, message: str,
            line: int, source: str) -> None:
        """The page's console into our log (Qt's default makes each a Qt warning)."""
        log.info("remote viewer: %s:%s: %s", source, line, message[:500])

    def _certificate(self, error: QWebEngineCertificateError) -> None:
        chain = error.certificateChain()
        if self.trusted and chain and bytes(chain[0].toDer().data()) == self.trusted:
            error.acceptCertificate()
        else:
            error.rejectCertificate()


class RemoteView(QWidget):
    """One session's screen. `state` follows the page: idle, connecting, connected, ended,
    failed, refused (the password)."""

    state_changed = Signal(str)
    clipboard_received = Signal(str)  # the client's clipboard, while this viewer controls

    def __init__(self, ca_file: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ca_file = ca_file
        self.state = "idle"
        self.granted = False  # the client gave this viewer control
        self.clipboards = 0  # the page's count of the client's clipboards seen
        # The view (with its page) first: Qt deletes children in order, and a profile must
        # outlive its pages.
        self.view = QWebEngineView(self)
        self.profile = QWebEngineProfile(self)  # off the record: nothing kept on disk
        self.files = _Files(self)
        self.profile.installUrlSchemeHandler(SCHEME, self.files)
        self.page = _Page(self.profile, self.view)
        self.view.setPage(self.page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self._pending: tuple[str, str, bool] | None = None
        self.page.loadFinished.connect(self._loaded)
        self.poll = QTimer(self)
        self.poll.setInterval(POLL_MS)
        self.poll.timeout.connect(self._read_state)
        self.view.setUrl(QUrl(f"{SCHEME.decode()}:/viewer.html"))

    def open(self, url: str, password: str, certificate: bytes, view_only: bool = True) -> None:
        """Connect to the relay at `url` (wss://…/viewer/<token>) whose certificate
        (relay_certificate) was verified; the screen's one-time password."""
        self.page.trusted = certificate
        self._pending = (url, password, view_only)
        self._start()

    def set_view_only(self, view_only: bool) -> None:
        self.granted = not view_only
        self.page.runJavaScript(f"window.deskline.setViewOnly({json.dumps(view_only)})")

    def send_ctrl_alt_del(self) -> None:
        if self.granted:
            self.page.runJavaScript("window.deskline.ctrlAltDel()")

    def paste(self, text: str) -> None:
        """Our clipboard's text to the client's (only with control)."""
        if self.granted and text:
            self.page.runJavaScript(f"window.deskline.paste({json.dumps(text[:100000])})")

    def set_scaled(self, scaled: bool) -> None:
        self.page.runJavaScript(f"window.deskline.setScale({json.dumps(scaled)})")

    def end(self) -> None:
        self.page.runJavaScript("window.deskline && window.deskline.close()")

    def _loaded(self, ok: bool) -> None:
        if ok:
            self._start()

    def _start(self) -> None:
        if self._pending is None:
            return
        url, password, view_only = self._pending

        def started(done: object) -> None:
            if done and self._pending is not None:
                self._pending = None
                self.poll.start()

        self.page.runJavaScript(
            f"window.deskline ? (window.deskline.open({json.dumps(url)}, "
            f"{json.dumps(password)}, {json.dumps(view_only)}, true), true) : false", 0,
            started)

    def _read_state(self) -> None:
        def read(seen: object) -> None:
            try:
                state, clipboards = json.loads(seen) if isinstance(seen, str) else ("", 0)
            except ValueError:
                return
            if isinstance(state, str) and state and state != self.state:
                self.state = state
                self.state_changed.emit(state)
                if state in ("ended", "failed", "refused"):
                    self.poll.stop()
            if isinstance(clipboards, int) and clipboards != self.clipboards:
                self.clipboards = clipboards
                if self.granted:
                    self.page.runJavaScript("window.deskline.clipboard", 0, self._clipboard)

        self.page.runJavaScript("window.deskline ? window.deskline.seen() : ''", 0, read)

    def _clipboard(self, text: object) -> None:
        if self.granted and isinstance(text, str) and text:
            self.clipboard_received.emit(text)
