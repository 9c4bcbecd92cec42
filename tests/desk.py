"""Driving the real `deskline` process like a person: keys and clicks with xdotool, eyes
through screenshots (ImageMagick's import), the app's own log for what it reports."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

import numpy as np
from PySide6.QtGui import QColor, QImage

from desktop.lab.lab import LabInfo
from desktop.lab.process import free_port
from tests.rig import stop_lab_of

T = TypeVar("T")


def xdotool(*args: str) -> str:
    return subprocess.run(["xdotool", *args], capture_output=True, text=True, check=True,
                          timeout=20).stdout.strip()


def window_named(name: str, timeout: float = 20) -> str:
    """The first visible window whose title matches `name` (a regular expression), once
    there is one. (xdotool's own --sync gave up with status 1 now and then on a busy
    desktop, when a window went away while it looked at it: this asks again.)"""
    deadline = time.monotonic() + timeout
    while True:
        found = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", name],
                               capture_output=True, text=True, check=False, timeout=20)
        ids = found.stdout.split()
        if ids:
            return ids[0]
        if time.monotonic() > deadline:
            raise AssertionError(f"no visible window {name!r}: {found.stderr.strip()}")
        time.sleep(0.05)


def wait_in_log(path: Path, text: str, timeout: float = 20, after: int = 0) -> int:
    """Waits for `text` in the app's log (past offset `after`); returns the offset past it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        at = path.read_text(errors="replace").find(text, after)
        if at >= 0:
            return at + len(text)
        time.sleep(0.05)
    raise AssertionError(f"{text!r} not in the app's log:\n{path.read_text()[-3000:]}")


def eventually(check: Callable[[], T | None], timeout: float = 10.0) -> T:
    """For checks on the far side (peers, dunst, the screen), outside a Qt event loop;
    what the check found."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if found := check():
            return found
        time.sleep(0.1)
    raise AssertionError("timed out")


class Desk:
    """One Deskline process with its own embedded lab, in `base`."""

    def __init__(self, base: Path, settings: dict[str, Any], shots: Path) -> None:
        self.base = base
        self.shots = shots
        self.shots.mkdir(parents=True, exist_ok=True)
        (base / "config").mkdir(parents=True)
        (base / "config" / "settings.json").write_text(json.dumps({"version": 1, "values": {
            "lab.sip_port": free_port(), "lab.xmpp_port": free_port(), **settings}}))
        self.log_path = base / "app.log"
        self.actions = 0  # clicks and key presses, as a person would count them
        self._log = self.log_path.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "desktop", "--base-dir", str(base), "--verbose"],
            stdout=self._log, stderr=subprocess.STDOUT,
            env={**os.environ, "QT_QPA_PLATFORM": "xcb"})
        self.window = window_named("^Deskline$", timeout=60)

    def __enter__(self) -> Desk:
        return self

    def __exit__(self, *exc: object | TracebackType) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                stop_lab_of(self.base)
        self._log.close()

    # --- what the app says --------------------------------------------------------------
    def wait_log(self, text: str, timeout: float = 20, after: int = 0) -> int:
        return wait_in_log(self.log_path, text, timeout, after)

    def lab(self) -> LabInfo:
        info = LabInfo.load_running(self.base / "run" / "lab")
        assert info is not None, "the app did not start its lab"
        return info

    # --- hands --------------------------------------------------------------------------
    def focus(self) -> None:
        xdotool("windowactivate", "--sync", self.window)

    def minimise(self) -> None:
        xdotool("windowminimize", "--sync", self.window)

    def key(self, *keys: str) -> None:
        for key in keys:
            xdotool("key", "--clearmodifiers", key)
            self.actions += 1
            # A person's pace, for the screenshots; nothing rests on it: X queues keys in
            # order, and where a key brings up a window the test waits for that window.
            time.sleep(0.15)

    def type(self, text: str) -> None:
        """Typing a word or a sentence counts as one action."""
        xdotool("type", "--delay", "60", text)
        self.actions += 1
        time.sleep(0.2)  # a person's pace, as for keys

    def click(self, x: int, y: int) -> None:
        xdotool("mousemove", "--sync", str(x), str(y), "click", "1")
        self.actions += 1
        time.sleep(0.3)  # a person's pace, as for keys

    def wait_window(self, name: str, timeout: float = 20) -> str:
        """A window titled `name` (a regular expression) is on screen and has the keyboard,
        as a person sees before typing into it; its id."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", name],
                                   capture_output=True, text=True, check=False, timeout=20)
            active = subprocess.run(["xdotool", "getactivewindow"], capture_output=True,
                                    text=True, check=False, timeout=20).stdout.strip()
            if active and active in found.stdout.split():
                return active
            time.sleep(0.05)
        self.shot("_no-window")
        raise AssertionError(f"no window {name!r} with the keyboard (see _no-window.png)")

    def wait_active(self, timeout: float = 20) -> None:
        """The main window is in front with the keyboard (after a click brought it up)."""
        self.wait_window("^Deskline$", timeout)

    # --- eyes ---------------------------------------------------------------------------
    def geometry(self) -> tuple[int, int, int, int]:
        shell = dict(line.split("=", 1) for line in
                     xdotool("getwindowgeometry", "--shell", self.window).splitlines())
        return int(shell["X"]), int(shell["Y"]), int(shell["WIDTH"]), int(shell["HEIGHT"])

    def shot(self, name: str, settle: float = 5.0) -> Path:
        """The screen once it holds still (two captures alike; what a key or a message
        changed is painted), or as it is after `settle` seconds: a ticking clock never
        holds still for long, and a picture is for people, not a check."""
        path = self.shots / f"{name}.png"
        deadline = time.monotonic() + settle
        before = b""
        while True:
            now = subprocess.run(["import", "-window", "root", "-depth", "8", "rgb:-"], check=True,
                                 capture_output=True, timeout=20).stdout
            if now == before or time.monotonic() > deadline:
                break
            before = now
        subprocess.run(["convert", "-size", "x".join(self._screen()), "-depth", "8",
                        "rgb:-", str(path)], input=now, check=True, timeout=20)
        keep = os.environ.get("DESKLINE_SCREENSHOTS")  # docs/screenshots when refreshing
        if keep and not name.startswith("_"):
            shutil.copy(path, Path(keep) / path.name)
        return path

    def _screen(self) -> tuple[str, str]:
        width, height = xdotool("getdisplaygeometry").split()
        return width, height

    def find_colour(self, colour: str, box: tuple[int, int, int, int],
                    tolerance: int = 30) -> tuple[int, int] | None:
        """The first pixel (top to bottom) of `colour` inside box (x, y, w, h) on screen."""
        image = QImage(str(self.shot("_probe"))).convertToFormat(QImage.Format.Format_RGB888)
        width, height = image.width(), image.height()
        pixels = np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes()).reshape(
            height, image.bytesPerLine())[:, :width * 3].reshape(height, width, 3)
        x, y, w, h = box
        want = QColor(colour)
        area = pixels[y:y + h, x:x + w].astype(int)
        close = (np.abs(area - (want.red(), want.green(), want.blue())).sum(axis=2)
                 <= tolerance)
        rows, cols = np.nonzero(close)
        if not len(rows):
            return None
        return x + int(cols[0]), y + int(rows[0])
