"""Benchmarks; each module runs as a script (`.venv/bin/python bench/NAME.py`)."""

from __future__ import annotations

import sys
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QElapsedTimer, QEventLoop, QTimer

WAITERS = {"wait", "until", "run_until"}


def run(main: Callable[[], Any]) -> None:
    """Runs a benchmark's main. On failure its last line says why, after the traceback and
    whatever pjsip and the servers printed: `NAME FAILED: reason (where in the bench)`."""
    name = Path(sys.argv[0]).stem
    try:
        code = main()
    except SystemExit as exc:  # the bench's own refusal, e.g. a figure that cannot be
        if exc.code in (0, None):
            raise
        _failed(name, exc.code if isinstance(exc.code, str) else f"exit status {exc.code}")
    except BaseException as exc:  # noqa: BLE001 - said, then the run fails
        traceback.print_exc()
        _failed(name, f"{type(exc).__name__}: {exc}{_where(exc)}")
    else:
        if code:
            _failed(name, f"exit status {code}")


def _where(exc: BaseException) -> str:
    """The innermost line of a bench that was running, as ` (at bench/x.py:12: code)`;
    a waiting helper's own line says less than the line that waited."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if Path(f.filename).resolve().parent == Path(__file__).resolve().parent
              and f.name not in WAITERS]
    if not frames:
        return ""
    frame = frames[-1]
    return f" (at bench/{Path(frame.filename).name}:{frame.lineno}: {frame.line})"


def _failed(name: str, reason: str) -> None:
    sys.stdout.flush()
    print(f"{name} FAILED: {reason}", file=sys.stderr, flush=True)
    raise SystemExit(1)


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


def run_until(check: Callable[[], Any], timeout: float = 20.0) -> None:
    """Runs the real Qt event loop until `check()` holds: no polling sleeps, which would
    look like stalls (bench/responsiveness.py) or wake-ups (bench/idle.py)."""
    if check():
        return
    loop = QEventLoop()
    poll, give_up = QTimer(), QTimer()
    poll.setInterval(5)
    poll.timeout.connect(lambda: loop.quit() if check() else None)
    give_up.setSingleShot(True)
    give_up.timeout.connect(loop.quit)
    poll.start()
    give_up.start(int(timeout * 1000))
    loop.exec()
    poll.stop()
    give_up.stop()
    if not check():
        raise TimeoutError("timed out")


def settle(seconds: float) -> None:
    """Runs the event loop for `seconds` (one timer, nothing polled)."""
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


class StallMeter:
    """Ticks every millisecond in the GUI thread; keeps the largest gap per step."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.timer = QTimer()
        self.timer.setInterval(1)
        self.timer.timeout.connect(self._tick)
        self.last = 0
        self.worst = 0.0
        self.steps: dict[str, float] = {}

    def start(self) -> None:
        self.clock.start()
        self.last = self.clock.nsecsElapsed()
        self.timer.start()

    def _tick(self) -> None:
        now = self.clock.nsecsElapsed()
        self.worst = max(self.worst, (now - self.last) / 1e6 - 1.0)
        self.last = now

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        self._tick()
        self.worst = 0.0
        yield
        self._tick()
        self.steps[name] = round(self.worst, 1)
        print(f"{name:18}{self.worst:8.1f} ms")
