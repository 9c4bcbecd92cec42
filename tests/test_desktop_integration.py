"""Deskline on the specialist's desktop (#16): the wheel carries what it needs; the
launcher entry is valid and makes Deskline the desktop's phone-link handler; one instance
(a second start raises the first; a crashed one's socket does not stop the next); a tel:
link opened with xdg-open makes the lab's ivan ring after the confirmation, pressed with a
real key; Settings → Interface → start at login writes and removes the autostart entry."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QTabWidget, QWidget
from pytestqt.qtbot import QtBot

from desktop import xdg
from desktop.lab.lab import LabInfo
from desktop.lab.process import ManagedProcess
from tests.apps import close_app, make_app, save_button
from tests.desk import Desk, eventually, wait_in_log, window_named, xdotool
from tests.peers.client import PeerProcess

ROOT = Path(__file__).resolve().parents[1]
DESKLINE = Path(sys.executable).with_name("deskline")


@pytest.fixture
def xdg_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The user's XDG directories, private to the test (also for xdg-mime and xdg-open)."""
    env = {"XDG_DATA_HOME": str(tmp_path / "share"), "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_DATA_DIRS": "/usr/share", "XDG_CURRENT_DESKTOP": "", "DE": "",
           "DESKTOP_SESSION": ""}  # xdg-utils in their generic mode, on these files
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return {**os.environ, **env}


def test_the_wheel_carries_its_sounds_translations_and_icon(tmp_path: Path) -> None:
    source = tmp_path / "source"  # the tracked tree, no build/ left over from elsewhere
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".venv", ".git", "build", "*.egg-info", "__pycache__", ".mypy_cache", ".ruff_cache"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w",
                    str(tmp_path / "dist"), str(source)], check=True, timeout=300)
    (wheel,) = (tmp_path / "dist").glob("deskline-*.whl")
    fresh = tmp_path / "fresh"
    subprocess.run(["/usr/bin/python3", "-m", "venv", str(fresh)], check=True, timeout=120)
    # Only the wheel: what pip adds from PyPI is pip's business; what the wheel must carry
    # (its files, its command) is ours.
    subprocess.run([str(fresh / "bin" / "pip"), "install", "-q", "--no-deps", "--no-index",
                    str(wheel)], check=True, timeout=120)
    shutil.rmtree(source)  # nothing may point back into a checkout
    shown = subprocess.run([str(fresh / "bin" / "deskline"), "--version"], check=True,
                           capture_output=True, text=True, timeout=30, cwd=tmp_path).stdout
    lines = dict(line.split(": ", 1) for line in shown.splitlines()[1:])
    assert shown.startswith("deskline 0.1.0")
    inside = str(fresh / "lib")
    assert lines["sounds"].startswith(inside)
    assert lines["sounds"].endswith("(6)")
    assert lines["translations"].startswith(inside)
    assert lines["translations"].endswith("(ru)")
    assert lines["icon"].startswith(inside)
    assert not lines["icon"].endswith("(missing)")


def test_desktop_install_writes_a_valid_launcher_that_opens_phone_links(
        xdg_home: dict[str, str]) -> None:
    said = subprocess.run([str(DESKLINE), "desktop-install"], check=True, capture_output=True,
                          text=True, timeout=60, env=xdg_home).stdout
    launcher = Path(xdg_home["XDG_DATA_HOME"]) / "applications" / "deskline.desktop"
    assert f"wrote {launcher}" in said
    checked = subprocess.run(["desktop-file-validate", str(launcher)], capture_output=True,
                             text=True, timeout=30, check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.strip() == ""  # no warnings either
    text = launcher.read_text()
    assert f"Exec={DESKLINE} %u" in text
    assert "Categories=Network;Telephony;InstantMessaging;" in text
    assert (Path(xdg_home["XDG_DATA_HOME"]) / "icons/hicolor/scalable/apps/deskline.svg"
            ).exists()
    for scheme in ("tel", "sip", "callto"):
        default = subprocess.run(["xdg-mime", "query", "default", f"x-scheme-handler/{scheme}"],
                                 capture_output=True, text=True, timeout=30, env=xdg_home,
                                 check=False)
        assert default.stdout.strip() == "deskline.desktop"
    said = subprocess.run([str(DESKLINE), "desktop-uninstall"], check=True,
                          capture_output=True, text=True, timeout=60, env=xdg_home).stdout
    assert f"removed {launcher}" in said
    assert not launcher.exists()
    default = subprocess.run(["xdg-mime", "query", "default", "x-scheme-handler/tel"],
                             capture_output=True, text=True, timeout=30, env=xdg_home, check=False)
    assert default.stdout.strip() == ""


def test_a_second_start_raises_the_first_and_a_crashed_ones_socket_is_no_obstacle(
        desktop_shell: str, tmp_path: Path) -> None:
    base = tmp_path / "base"
    quiet = {"lab.embedded": False, "ui.language": "en"}  # no servers: only the window
    with Desk(base, quiet, tmp_path / "shots") as first:
        first.minimise()
        second = subprocess.run([sys.executable, "-m", "desktop", "--base-dir", str(base)],
                                capture_output=True, text=True, timeout=30, check=False)
        assert second.returncode == 0, second.stderr
        eventually(lambda: xdotool("getactivewindow") == first.window)  # in front again
        assert first.proc.poll() is None
        assert len(xdotool("search", "--onlyvisible", "--name", "^Deskline$").split()) == 1
        first.proc.send_signal(signal.SIGKILL)
        first.proc.wait(10)
    assert (base / "run" / "deskline.sock").exists()  # left behind by the crash
    shutil.rmtree(base / "config")  # (Desk writes it anew)
    with Desk(base, quiet, tmp_path / "shots") as again:  # it waits for the window
        assert again.proc.poll() is None


def test_a_tel_link_opened_on_the_desktop_rings_ivan_after_one_confirmation(
        desktop_shell: str, xdg_home: dict[str, str], tmp_path: Path) -> None:
    subprocess.run([str(DESKLINE), "desktop-install"], check=True, capture_output=True,
                   timeout=60, env=xdg_home)
    base = tmp_path / "base"
    with Desk(base, {"ui.language": "en"}, tmp_path / "shots") as desk:
        desk.wait_log("pbx sip:anna@127.0.0.1: online", timeout=60)
        lab: LabInfo = desk.lab()
        with PeerProcess(lab, "ivan") as ivan_phone:
            subprocess.run(["xdg-open", "tel:+7-916-123-45-67"], check=True, timeout=30,
                           env={**xdg_home, "DESKLINE_BASE_DIR": str(base)})
            confirm = window_named("^Call$")
            desk.wait_log("a link's number in the dialer: +79161234567")
            desk.shot("link-confirm")
            assert not [e for e in ivan_phone.events if e["ev"] == "incoming"]  # asked first
            xdotool("windowactivate", "--sync", confirm)
            desk.key("Return")  # "Call" is the default button
            ivan_phone.wait("incoming", timeout=15)


def test_start_at_login_writes_and_removes_the_autostart_entry(
        qtbot: QtBot, qapp: QApplication, lab: LabInfo, secret_service: ManagedProcess,
        tmp_path: Path, xdg_home: dict[str, str]) -> None:
    entry = Path(xdg_home["XDG_CONFIG_HOME"]) / "autostart" / "deskline.desktop"
    app = make_app(qapp, lab, tmp_path)
    try:
        # The app asks D-Bus which keyring there is as it starts: done before it closes.
        qtbot.waitUntil(lambda: app.secrets.problem_known is not None, timeout=10000)
        for wanted in (True, False):
            dialog = app.settings_dialog()
            dialog.show()
            tabs = dialog.findChild(QTabWidget, "settingsTabs")
            page = dialog.findChild(QWidget, "interfacePage")
            assert tabs is not None
            bar = tabs.tabBar()
            qtbot.mouseClick(bar, Qt.MouseButton.LeftButton,
                             pos=bar.tabRect(tabs.indexOf(page)).center())
            box = dialog.findChild(QCheckBox, "ui.start_at_login")
            assert box is not None
            assert box.isChecked() is not wanted
            # On its box: a check box without text takes clicks on its indicator only.
            qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(6, box.height() // 2))
            qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda w=wanted: entry.exists() is w, timeout=3000)
            if wanted:
                assert f"Exec={xdg.command()} --minimized" in entry.read_text()
                checked = subprocess.run(["desktop-file-validate", str(entry)],
                                         capture_output=True, text=True, timeout=30, check=False)
                assert checked.returncode == 0, checked.stdout
    finally:
        close_app(app)


@contextlib.contextmanager
def deskline_alone(base: Path, *args: str) -> Iterator[subprocess.Popen[bytes]]:
    """A real Deskline process without servers or accounts (its window and tray only),
    its log in base/app.log."""
    (base / "config").mkdir(parents=True)
    (base / "config" / "settings.json").write_text(json.dumps(
        {"version": 1, "values": {"lab.embedded": False, "ui.language": "en"}}))
    with (base / "app.log").open("wb") as log, subprocess.Popen(
            [sys.executable, "-m", "desktop", "--base-dir", str(base), "--verbose", *args],
            stdout=log, stderr=subprocess.STDOUT,
            env={**os.environ, "QT_QPA_PLATFORM": "xcb"}) as app:
        try:
            yield app
        finally:
            app.terminate()
            app.wait(15)


def test_started_at_login_it_waits_in_the_tray_until_asked(
        desktop_shell: str, tmp_path: Path) -> None:
    base = tmp_path / "base"
    with deskline_alone(base, "--minimized"):
        # Its start is over (the window would have been shown before this line).
        wait_in_log(base / "app.log", "started minimised: in the tray")
        shown = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "^Deskline$"],
                               capture_output=True, text=True, check=False, timeout=20)
        assert shown.stdout.strip() == ""  # no window: only the tray
        subprocess.run([sys.executable, "-m", "desktop", "--base-dir", str(base)],
                       check=True, timeout=30)  # the launcher clicked
        window_named("^Deskline$")


def test_a_call_when_deskline_is_not_running_starts_it_and_asks(
        desktop_shell: str, tmp_path: Path) -> None:
    with deskline_alone(tmp_path / "base", "call", "tel:+7(916)123-45-67"):
        window_named("^Deskline$")
        window_named("^Call$")  # it asks first
