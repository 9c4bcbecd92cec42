"""`deskline assist`, for a client without Deskline, as they run it: its own process on its
own display (the client's), signed in by typing into its window; a specialist on the
client's appeal asks, the client allows with the keyboard, the specialist's viewer sees
that display through the desk's relay; the specialist's End stops its x11vnc."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.lab.lab import LabInfo
from supportdesk.routing import Availability
from tests.peers.xmpp_peer import XmppPeer
from tests.rig import client_screen
from tests.supportdesk_rig import RunningDesk, knows, lab_config, offered, wait, with_relay
from tests.test_desk_remote import NS, iq, remote_events, steps
from tests.test_remote_client_app import Viewer

HANDSHAKE = b"RFB 003.008\n"


@pytest.fixture
def desk(lab: LabInfo, tmp_path: Path) -> Iterator[RunningDesk]:
    with RunningDesk(with_relay(lab_config(lab, f"sqlite:///{tmp_path / 'desk.sqlite3'}"),
                                lab)) as running:
        yield running


@pytest.fixture
def client_display(tmp_path: Path) -> Iterator[str]:
    with client_screen(tmp_path / "client") as name:
        yield name


def on(display: str, *args: str) -> str:
    return subprocess.run(["xdotool", *args], capture_output=True, text=True, check=False,
                          timeout=20, env={**os.environ, "DISPLAY": display}).stdout.strip()


def x11vnc_on(display: str) -> bool:
    found = subprocess.run(["pgrep", "-f", f"x11vnc -display {display} "], capture_output=True,
                           text=True, check=False)
    return bool(found.stdout.strip())


def test_the_client_signs_in_allows_and_is_seen_until_the_specialist_ends(
        lab: LabInfo, desk: RunningDesk, client_display: str, tmp_path: Path) -> None:
    line = f"support@desk.{lab.domain}"
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    assist = subprocess.Popen(
        [sys.executable, "-m", "desktop.cli", "assist", "--server",
         f"127.0.0.1:{lab.xmpp_port}", "--ca", lab.ca_file],
        env={**os.environ, "DISPLAY": client_display, "QT_QPA_PLATFORM": "xcb",
             "XDG_RUNTIME_DIR": str(runtime), "LANG": "C.UTF-8", "LANGUAGE": "en"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        with XmppPeer(lab, "anna", desk_show="") as anna, XmppPeer(lab, "ivan") as ivan:
            knows(desk, lab, anna=Availability.FREE)
            wait(lambda: on(client_display, "search", "--name", "^Deskline assist$"), 30)
            window = on(client_display, "search", "--name", "^Deskline assist$").split()[0]
            on(client_display, "windowfocus", "--sync", window)
            on(client_display, "type", "--delay", "15", f"ivan@{lab.domain}")
            on(client_display, "key", "Tab")
            on(client_display, "type", "--delay", "15", lab.passwords["ivan"])
            on(client_display, "key", "Return")
            before = len(anna.presences)
            wait(lambda: any(p["from"] == f"ivan@{lab.domain}"
                             for p in anna.presences[before:]), 20)  # assist is online
            ivan.send(line, "Помогите, не вижу кнопку", "as-1")  # (from his chat client)
            appeal = offered(anna, "не вижу кнопку")
            assert iq(anna, appeal, f"<accept xmlns='{NS}'/>", "as-acc")[0] == "result"
            assert iq(anna, appeal, f"<remote xmlns='{NS}'/>", "as-ask")[0] == "result"
            wait(lambda: on(client_display, "search", "--name", "Remote session request"),
                 20)
            question = on(client_display, "search", "--name",
                          "Remote session request").split()[0]
            on(client_display, "windowfocus", "--sync", question)
            on(client_display, "key", "alt+a")  # Allow (Decline is the default)
            wait(lambda: any(e.get("state") == "ready" for e in remote_events(anna, appeal)),
                 20)
            ready = next(e for e in remote_events(anna, appeal) if e.get("state") == "ready")
            viewer = Viewer(ready["url"], lab.ca_file)
            wait(lambda: viewer.seen, 20)
            assert viewer.seen[0] == HANDSHAKE  # the assist's display, through the relay
            assert x11vnc_on(client_display)
            kind, _c, _p = iq(anna, appeal, f"<remote-end xmlns='{NS}' "
                              "comment='Showed where the button is'/>", "as-end")
            assert kind == "result"
            assert viewer.closed.wait(5)
            wait(lambda: ("remote_ended", f"anna@{lab.domain}") in steps(desk, appeal))
            wait(lambda: not x11vnc_on(client_display), 10)  # assist stopped it
    finally:
        assist.terminate()
        assist.wait(10)
