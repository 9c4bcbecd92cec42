"""The deskline: URL scheme the remote viewer's page is served from (remote_view.py). Qt
wants a custom scheme registered, and OpenGL contexts shared, before QApplication exists:
the viewer's own process does it first thing (remote_viewer.py); the app never loads
QtWebEngine."""

from __future__ import annotations

import os

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWebEngineCore import QWebEngineUrlScheme

SCHEME = b"deskline"


def register_scheme(share_gl: bool = True) -> None:
    """`share_gl`: Qt's advice for a process that shows pages (the viewer's own); a test
    process that shows one beside the app's windows leaves the app's GL as the app has it."""
    scheme = QWebEngineUrlScheme(SCHEME)
    scheme.setSyntax(QWebEngineUrlScheme.Syntax.Path)
    scheme.setFlags(QWebEngineUrlScheme.Flag.SecureScheme
                    | QWebEngineUrlScheme.Flag.CorsEnabled)
    QWebEngineUrlScheme.registerScheme(scheme)
    if share_gl:
        QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    if os.geteuid() == 0:  # Chromium's sandbox cannot run as root (the lab, the tests)
        os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
