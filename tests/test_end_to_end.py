"""The real `deskline` command under Xvfb, driven with xdotool like a person would."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.lab.process import free_port
from tests.desk import wait_in_log, window_named, xdotool
from tests.rig import pid_alive, stop_lab_of


@pytest.mark.parametrize("how", ["ctrl+q", "SIGTERM"])
def test_deskline_starts_its_lab_signs_in_and_quits_cleanly(
        display: str, dbus_address: str, tmp_path: Path, how: str) -> None:
    base = tmp_path / "base"
    (base / "config").mkdir(parents=True)
    (base / "config" / "settings.json").write_text(json.dumps({"version": 1, "values": {
        "lab.sip_port": free_port(), "lab.xmpp_port": free_port()}}))
    log_path = tmp_path / "app.log"
    with log_path.open("wb") as log, subprocess.Popen(
            [sys.executable, "-m", "desktop", "--base-dir", str(base), "--verbose"],
            stdout=log, stderr=subprocess.STDOUT,
            env={**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}) as app:
        try:
            window = window_named("^Deskline$")
            wait_in_log(log_path, "chat anna@deskline.lab: online", 20)
            wait_in_log(log_path, "pbx sip:anna@127.0.0.1: online", 20)
            lab = json.loads((base / "run" / "lab" / "lab.json").read_text())
            if how == "ctrl+q":
                xdotool("windowfocus", "--sync", window)
                xdotool("key", "ctrl+q")  # XTEST, to the focused window: press and release
            else:
                app.send_signal(signal.SIGTERM)
            assert app.wait(15) == 0
        finally:
            if app.poll() is None:
                app.kill()
                stop_lab_of(base)
    assert not [pid for pid in lab["pids"] if pid_alive(pid)]  # its lab went with it
    assert not (base / "run" / "lab" / "lab.json").exists()
    if how == "SIGTERM":
        return
    settings = json.loads((base / "config" / "settings.json").read_text())
    assert settings["values"]["ui.window_geometry"]  # closing saved the window geometry


def test_quitting_while_the_lab_starts_leaves_nothing_running(
        display: str, dbus_address: str, tmp_path: Path) -> None:
    base = tmp_path / "base"
    (base / "config").mkdir(parents=True)
    (base / "config" / "settings.json").write_text(json.dumps({"version": 1, "values": {
        "lab.sip_port": free_port(), "lab.xmpp_port": free_port()}}))
    with subprocess.Popen([sys.executable, "-m", "desktop", "--base-dir", str(base)],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                          env={**os.environ, "DISPLAY": display,
                               "QT_QPA_PLATFORM": "xcb"}) as app:
        try:
            window_named("^Deskline$")
            app.send_signal(signal.SIGTERM)  # the lab is still starting (it takes ~1 s)
            assert app.wait(30) == 0
        finally:
            if app.poll() is None:
                app.kill()
                stop_lab_of(base)
    left = subprocess.run(["pgrep", "-f", str(base / "run" / "lab")], capture_output=True,
                          text=True, check=False).stdout.split()
    assert left == []  # no Kamailio or Prosody of ours outlives the app
