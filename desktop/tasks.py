"""Background work through one API: run a function off the GUI thread, get the result back on it."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TypeVar

from desktop.gui_thread import GuiThread

log = logging.getLogger(__name__)
T = TypeVar("T")


def run_background(gui: GuiThread, name: str, work: Callable[[], T],
                   on_done: Callable[[T], None],
                   on_error: Callable[[Exception], None]) -> threading.Thread:
    """`work` runs in a daemon thread; exactly one of the callbacks runs in the GUI thread."""

    def run() -> None:
        try:
            result = work()
        except Exception as exc:
            log.debug("%s failed", name, exc_info=True)
            gui.call(on_error, exc)
        else:
            gui.call(on_done, result)

    thread = threading.Thread(target=run, name=name, daemon=True)
    thread.start()
    return thread
