"""Benchmarks; each module runs as a script (`.venv/bin/python bench/NAME.py`)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication


def wait(app: QCoreApplication, check: Callable[[], Any], timeout: float,
         poll_s: float) -> float:
    """Runs the Qt loop until `check()` holds; the time.monotonic() it was seen at."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        app.processEvents()
        if check():
            return time.monotonic()
        time.sleep(poll_s)
    raise TimeoutError("timed out")
