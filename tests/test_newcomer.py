"""A newcomer's first minutes: the terminal stays quiet unless something is wrong (pjlib's
start-up lines and the PJSIP_EBUSY of every quit were printed), a machine without a sound
server is told so once in the window (the log said it at every sound), and the demo brings
a sound server of its own when none runs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pulsectl
import pytest
from pytestqt.qtbot import QtBot

from desktop.lab.lab import LabInfo
from desktop.lab.sound import demo_sound, sound_server_runs
from desktop.telephony.engine import quiet_start
from desktop.telephony.protocol import SipAccountConfig, decode, encode
from tests.apps import close_app, make_app


def test_what_c_code_prints_while_starting_is_kept_back_unless_it_fails(
        capfd: pytest.CaptureFixture[str]) -> None:
    with quiet_start(True):
        os.write(1, b"pjlib 2.15.1 for POSIX initialized\n")
        os.write(2, b"Creating endpoint instance...\n")
    assert capfd.readouterr() == ("", "")
    def failing() -> None:
        with quiet_start(True):
            os.write(2, b"the reason it failed\n")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        failing()
    assert "the reason it failed" in capfd.readouterr().err  # shown when it matters
    with quiet_start(False):  # --verbose
        os.write(2, b"said\n")
    assert "said" in capfd.readouterr().err


def test_the_engine_signing_in_and_out_prints_nothing(lab: LabInfo, tmp_path: Path) -> None:
    """The telephony engine as the app runs it (its own process, commands on stdin):
    registered to the lab's PBX, then quit; its terminal output is empty (pjlib's start-up
    lines, and the PJSIP_EBUSY of the unregistration at every quit, were there)."""
    account = SipAccountConfig(server="127.0.0.1", port=lab.sip_port, user="boris",
                               password=lab.passwords["boris"])
    env = {k: v for k, v in os.environ.items() if k != "DESKLINE_VERBOSE"}
    with (tmp_path / "err").open("w+b") as err:
        proc = subprocess.Popen([sys.executable, "-m", "desktop.telephony.engine"],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err,
                                env=env)
        assert proc.stdin is not None
        assert proc.stdout is not None
        proc.stdin.write(encode({"op": "register", "account": account.to_json()}))
        proc.stdin.flush()
        for line in proc.stdout:  # until the PBX took it
            event = decode(line)
            if event.get("ev") == "reg" and event.get("state") in ("online", "failed"):
                assert event["state"] == "online", event
                break
        proc.stdin.write(encode({"op": "quit"}))
        proc.stdin.close()
        assert proc.wait(15) == 0
        proc.stdout.close()
        err.seek(0)
        printed = err.read().decode(errors="replace")
    assert printed == ""


@pytest.fixture
def no_sound_server(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PULSE_SERVER", f"unix:{tmp_path / 'nobody-listens'}")


def test_no_sound_server_is_said_once_in_the_window(
        qtbot: QtBot, lab: LabInfo, tmp_path: Path, no_sound_server: None) -> None:
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    app = make_app(qapp, lab, tmp_path / "app")
    try:
        sound = app.window.status.sound
        qtbot.waitUntil(lambda: sound.isVisibleTo(app.window), timeout=10000)
        assert "No sound" in sound.text()
        assert "PulseAudio" in sound.toolTip()
        assert app.player.play(b"\0\0" * 800, 8000, [""]) > 0  # (a sound: nothing plays)
        assert app.player.unplayable == {""}  # noted once, not at every sound
    finally:
        close_app(app)


def test_the_demo_brings_a_sound_server_when_none_runs(
        tmp_path: Path, no_sound_server: None) -> None:
    assert not sound_server_runs()
    proc = demo_sound(tmp_path / "demo-sound")
    assert proc is not None
    try:
        assert sound_server_runs()  # (PULSE_SERVER now names ours)
        assert demo_sound(tmp_path / "again") is None  # one runs: no second
        with pulsectl.Pulse("check") as pulse:
            assert [s.name for s in pulse.sink_list()] == ["demo_speakers"]
            assert [s.name for s in pulse.source_list()
                    if not s.name.endswith(".monitor")] == ["demo_mic"]
    finally:
        proc.stop()
