"""Fixtures: real servers and displays, started only when a test asks, stopped by PID."""

from __future__ import annotations

import gc
import os
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtWidgets import QApplication

from desktop.audio.pulse import prepare_environment
from desktop.lab.lab import Lab, LabInfo
from desktop.lab.process import ManagedProcess, free_port
from tests import rig
from tests.apps import close_app, make_app
from tests.companies import companies
from tests.postgres import PrivatePostgres
from tests.supportdesk_rig import RunningDesk, lab_config

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from desktop.app import Deskline
    from tests.phone import Phone

MARKER = "DESKLINE_TEST_RUN"


def pytest_configure(config: pytest.Config) -> None:
    """Before any rig process: mark this run in the environment every child inherits, and
    start the reaper that kills what carries the mark once this process is gone (a pytest
    killed with SIGKILL runs no teardown; tests/reaper.py)."""
    config.addinivalue_line(
        "markers", "lab: needs real parts of the test rig (lab servers, X, PulseAudio, "
                   "keyring, D-Bus); given by the fixtures a test uses (RIG_FIXTURES)")
    prepare_environment()  # as the app does before its threads (desktop/audio/pulse.py)
    os.environ[MARKER] = uuid.uuid4().hex
    read_end, write_end = os.pipe()  # not inheritable: only this process holds the write end
    os.set_inheritable(read_end, True)
    # posix_spawn, not Popen: no Popen object to warn, at exit, that the reaper still runs.
    os.posix_spawn(sys.executable, [sys.executable, str(Path(__file__).with_name("reaper.py")),
                                    f"{MARKER}={os.environ[MARKER]}", str(read_end)],
                   os.environ, setsid=True)
    os.close(read_end)
    config.stash[_REAPER_PIPE] = write_end  # closed when this process ends, however


_REAPER_PIPE = pytest.StashKey[int]()
_NEEDS_RIG = pytest.StashKey[bool]()
# A test that asks for any of these needs real parts of the rig: it is marked "lab", and
# `pytest -m "not lab"` leaves it out (the unit tests alone, in seconds).
RIG_FIXTURES = frozenset({"lab", "display", "dbus_address", "secret_service", "pulse_server",
                          "desktop_shell", "own_lab", "postgres", "two_labs"})


@pytest.hookimpl(tryfirst=True)  # before -m selects by the marks
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if RIG_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.lab)


def pytest_collection_finish(session: pytest.Session) -> None:
    session.config.stash[_NEEDS_RIG] = any(item.get_closest_marker("lab")
                                           for item in session.items)


@pytest.fixture(scope="session")
def rig_dir() -> Iterator[Path]:
    # Short path: unix socket paths are limited to 108 bytes.
    with tempfile.TemporaryDirectory(prefix="dl-rig-") as path:
        yield Path(path)


@pytest.fixture(autouse=True)
def _leaks_are_the_leakers() -> Iterator[None]:
    """What a test left open (a socket, a transport) is collected at its own end, so the
    ResourceWarning fails that test, not whichever test the collector happens to run in."""
    yield
    gc.collect()


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Config and data of every test live in its own temp dir, never in the user's."""
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        path = tmp_path / var.lower()
        path.mkdir()
        monkeypatch.setenv(var, str(path))


@pytest.fixture(scope="session")
def display(rig_dir: Path) -> Iterator[str]:
    proc, name = rig.start_xvfb(rig_dir)
    os.environ["DISPLAY"] = name
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    yield name
    proc.stop()


@pytest.fixture(scope="session")
def dbus_address(rig_dir: Path) -> Iterator[str]:
    """A private session bus: Qt would otherwise start a stray dbus-daemon."""
    proc, address = rig.start_dbus(rig_dir)
    os.environ["DBUS_SESSION_BUS_ADDRESS"] = address
    yield address
    proc.stop()


@pytest.fixture(scope="session")
def desktop_shell(rig_dir: Path, display: str, dbus_address: str) -> Iterator[str]:
    """What a desktop adds to the X server: a window manager, a tray, a notification
    daemon. Session-wide once asked for (tests before it run on a bare X server)."""
    procs = [rig.start_window_manager(rig_dir, display), rig.start_tray(rig_dir, display),
             rig.start_dunst(rig_dir, display, dbus_address)]
    yield display
    for proc in reversed(procs):
        proc.stop()


@pytest.fixture(scope="session")
def secret_service(rig_dir: Path, dbus_address: str) -> Iterator[ManagedProcess]:
    proc = rig.start_keyring(rig_dir, dbus_address)
    yield proc
    proc.stop()


@pytest.fixture(scope="session")
def qapp(request: pytest.FixtureRequest, rig_dir: Path) -> Iterator[QApplication]:
    """Overrides pytest-qt's: the one QApplication. On the real X server of the rig, on a
    desktop with a keyring (the app finds its backend at start, and python-keyring keeps
    the first answer for the whole process) and PulseAudio, unless the run has unit tests only
    (`-m "not lab"`): then off screen, with no rig at all."""
    if request.config.stash.get(_NEEDS_RIG, True):
        # A desktop has a sound server too: PortAudio reads PULSE_SERVER once per process,
        # so it must be up before any app plays its first sound.
        for part in ("display", "dbus_address", "secret_service", "pulse_server"):
            request.getfixturevalue(part)
    else:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    runtime = rig_dir / "xdg-runtime"
    runtime.mkdir(mode=0o700, exist_ok=True)
    os.environ["XDG_RUNTIME_DIR"] = str(runtime)
    app = QApplication.instance() or QApplication(["deskline-tests"])
    assert isinstance(app, QApplication)
    yield app
    app.shutdown()  # before Xvfb goes: Qt exits the process when its X server vanishes


@pytest.fixture(scope="session")
def lab(rig_dir: Path) -> Iterator[LabInfo]:
    """The real lab on free ports, shared by the tests that only sign in and read."""
    with Lab(rig_dir / "lab", free_port(), free_port(), desk=False) as info:  # desk: per test
        yield info


@pytest.fixture(scope="session")
def two_labs(rig_dir: Path) -> Iterator[tuple[LabInfo, LabInfo]]:
    """The lab's two companies, federated (tests/companies.py): (the partner's, the
    vendor's); their desks are each test's."""
    with companies(rig_dir / "companies") as both:
        yield both


@pytest.fixture(scope="session")
def postgres() -> Iterator[PrivatePostgres]:
    """A private PostgreSQL cluster (tests/postgres.py); each test takes a new database."""
    server = PrivatePostgres()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The desk's store, once on each database it supports."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    server: PrivatePostgres = request.getfixturevalue("postgres")
    return server.database(f"t_{uuid.uuid4().hex[:12]}")


@pytest.fixture
def app(qapp: QApplication, lab: LabInfo, tmp_path: Path) -> Iterator[Deskline]:
    """The whole app (its composition root) signed in to the shared lab; test files that
    need more of the rig (sound, a desktop) define their own."""
    deskline = make_app(qapp, lab, tmp_path)
    yield deskline
    close_app(deskline)


@pytest.fixture
def desk(lab: LabInfo, store_url: str) -> Iterator[RunningDesk]:
    """The support desk on the lab's Prosody, once on each store."""
    running = RunningDesk(lab_config(lab, store_url))
    yield running
    running.close()


@pytest.fixture(scope="session")
def pulse_server(rig_dir: Path, dbus_address: str) -> Iterator[str]:
    """PulseAudio with a USB headset, built-in speakers and microphones, all virtual; on
    the rig's bus (on another it may find its D-Bus name taken and exit)."""
    proc, server = rig.start_pulseaudio(rig_dir)
    os.environ["PULSE_SERVER"] = server
    yield server
    proc.stop()


@pytest.fixture
def phone(qtbot: QtBot, lab: LabInfo, pulse_server: str) -> Iterator[Phone]:
    """The app's telephony signed in to the lab as anna, on the rig's headset."""
    from desktop.bus import Bus  # noqa: PLC0415 - only the call tests pay for it
    from tests.apps import signed_in  # noqa: PLC0415
    from tests.phone import Phone  # noqa: PLC0415

    bus = Bus()
    service = signed_in(qtbot, lab, bus, mic="headset_mic", speaker="headset")
    yield Phone(service, bus)
    service.sign_out()
