"""Deskline at 200 % (QT_SCALE_FACTOR=2, as on a 4K screen): the window opens twice the size
on a display big enough for it, signs in to the lab and draws; the picture goes to
docs/screenshots when refreshing them ($DESKLINE_SCREENSHOTS)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.desk import Desk, xdotool
from tests.rig import start_xvfb


def test_at_200_percent_the_window_opens_twice_the_size_and_signs_in(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    work = tmp_path / "screen"
    work.mkdir()
    xvfb, display = start_xvfb(work, "2560x1600")
    monkeypatch.setenv("DISPLAY", display)
    monkeypatch.setenv("QT_SCALE_FACTOR", "2")
    try:
        with Desk(tmp_path / "base", {"ui.language": "ru"}, tmp_path / "shots") as desk:
            desk.wait_log("pbx sip:anna@127.0.0.1: online", timeout=60)
            found = dict(line.split("=", 1) for line in xdotool(
                "getwindowgeometry", "--shell", desk.window).split())
            width, height = int(found["WIDTH"]), int(found["HEIGHT"])
            assert width >= 2 * 900  # its smallest size, in pixels of the screen
            assert height >= 2 * 560
            shot = desk.shot("working-place-200")
            keep = os.environ.get("DESKLINE_SCREENSHOTS")
            if keep:  # (the window alone: the display is larger)
                subprocess.run(["convert", str(shot), "-crop", f"{width}x{height}+0+0", "+repage",
                                str(Path(keep) / shot.name)], check=True, timeout=30)
    finally:
        xvfb.stop()
