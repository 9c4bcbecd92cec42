"""How long the person at the desk has not touched keyboard or mouse.

On X11 the screensaver extension knows it for the whole desktop. Elsewhere (Wayland, no
display) only input to Deskline's own windows can be seen: a Qt event filter counts that.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from PySide6.QtCore import QEvent, QObject

log = logging.getLogger(__name__)

_INPUT = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
          QEvent.Type.Wheel}


class IdleClock(QObject):
    def __init__(self) -> None:
        super().__init__()
        self._display: Any = None
        self._last_input = time.monotonic()
        self.source = "application"
        try:
            from Xlib import display  # noqa: PLC0415 - only where there is an X server

            candidate = display.Display()
            if candidate.has_extension("MIT-SCREEN-SAVER"):
                self._display = candidate
                self.source = "x11"
            else:
                candidate.close()
        except Exception as exc:  # noqa: BLE001 - no X server: Xlib raises several kinds
            log.info("no X11 idle time (%s); counting input to our own windows", exc)

    def idle_seconds(self) -> float:
        if self._display is not None:
            info = self._display.screen().root.screensaver_query_info()
            return float(info.idle) / 1000
        return time.monotonic() - self._last_input

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in _INPUT:
            self._last_input = time.monotonic()
        return False

    def close(self) -> None:
        if self._display is not None:
            self._display.close()
            self._display = None
