"""The one way back to the GUI thread, and the check that we are on it."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal


def is_gui_thread() -> bool:
    app = QCoreApplication.instance()
    return app is not None and QThread.currentThread() is app.thread()


def assert_gui_thread() -> None:
    """Services call this in every method that changes their state."""
    assert is_gui_thread(), "must run in the GUI thread; marshal with GuiThread.call()"


class GuiThread(QObject):
    """Runs callables in the GUI thread, in the order they were handed over.

    Built once by the composition root (in the GUI thread) and injected into the protocol
    adapters, which call it from their own threads.
    """

    _queued = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        assert_gui_thread()
        self._queued.connect(self._run, Qt.ConnectionType.QueuedConnection)

    def call(self, fn: Callable[..., Any], *args: Any) -> None:
        try:
            self._queued.emit(functools.partial(fn, *args))
        except RuntimeError:  # the app has quit: a worker finishing late tells nobody
            return

    def _run(self, fn: Callable[[], Any]) -> None:
        fn()
