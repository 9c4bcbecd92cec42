"""The deskline: URL scheme the remote viewer's page is served from (remote_view.py). Qt
wants a custom scheme registered, and OpenGL contexts shared, before QApplication exists;
only this small part of QtWebEngine is loaded at start, the rest when a session opens."""

from __future__ import annotations

import os

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWebEngineCore import QWebEngineUrlScheme

SCHEME = b"deskline"


def register_scheme() -> None:
    scheme = QWebEngineUrlScheme(SCHEME)
    scheme.setSyntax(QWebEngineUrlScheme.Syntax.Path)
    scheme.setFlags(QWebEngineUrlScheme.Flag.SecureScheme
                    | QWebEngineUrlScheme.Flag.CorsEnabled)
    QWebEngineUrlScheme.registerScheme(scheme)
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    if os.geteuid() == 0:  # Chromium's sandbox cannot run as root (the lab, the tests)
        os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
