"""A pytest run killed with SIGKILL (no teardown at all) leaves no rig process behind: the
run's reaper (tests/reaper.py) ends Xvfb, D-Bus, the keyring, PulseAudio, Kamailio and
Prosody by the run's mark in their environment."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import MARKER
from tests.reaper import marked

CHECKOUT = Path(__file__).resolve().parents[1]
HANGING_TEST = '''
import json, os, time
from pathlib import Path

def test_hangs_with_the_rig_up(lab, pulse_server, display, dbus_address, secret_service):
    lab_pids = json.loads((Path(lab.run_dir) / "lab.json").read_text())["pids"]
    Path(os.environ["READY_FILE"]).write_text(json.dumps(
        {"marker": os.environ["DESKLINE_TEST_RUN"], "lab": lab_pids}))
    time.sleep(120)  # hangs, as a stuck test does: the outer test kills this run
'''


@pytest.mark.lab  # starts a lab of its own
def fresh_environment() -> dict[str, str]:
    """This run's environment without what its rig set: the other run makes its own."""
    rig = {"DISPLAY", "DBUS_SESSION_BUS_ADDRESS", "PULSE_SERVER", "XDG_RUNTIME_DIR",
           "QT_QPA_PLATFORM"}
    return {k: v for k, v in os.environ.items() if k not in rig}


def test_no_rig_process_is_left_after_pytest_is_killed(tmp_path: Path) -> None:
    test_file = tmp_path / "test_hanging.py"
    test_file.write_text(HANGING_TEST)
    ready, output = tmp_path / "ready.json", tmp_path / "child.log"
    with output.open("wb") as log, subprocess.Popen(
            [sys.executable, "-m", "pytest", "-q", "-p", "tests.conftest", "-p",
             "no:cacheprovider", str(test_file)],
            cwd=CHECKOUT, env={**fresh_environment(), "READY_FILE": str(ready)},
            stdout=log, stderr=subprocess.STDOUT) as child:
        deadline = time.monotonic() + 60
        while not ready.exists() and time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.1)
        assert ready.exists(), output.read_text()[-3000:]  # the rig never came up
        state = json.loads(ready.read_text())
        assert state["marker"] != os.environ[MARKER]  # its own run, its own mark
        mark = f"{MARKER}={state['marker']}".encode()
        names = {Path(f"/proc/{pid}/exe").resolve().name for pid in marked(mark)
                 if Path(f"/proc/{pid}").exists()}
        assert {"Xvfb", "dbus-daemon", "gnome-keyring-daemon", "pulseaudio",
                "kamailio"} <= names, names
        assert set(state["lab"]) <= set(marked(mark))  # Kamailio and Prosody carry it
        child.send_signal(signal.SIGKILL)
        child.wait()
    deadline = time.monotonic() + 10
    while marked(mark) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = {pid: Path(f"/proc/{pid}/cmdline").read_bytes()[:80] for pid in marked(mark)
            if Path(f"/proc/{pid}").exists()}
    assert not left, left
