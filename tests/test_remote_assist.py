"""`deskline assist`, for a client without Deskline, as they run it: its own process on its
own display (the client's), signed in by typing into its window; a specialist on the
client's appeal asks, the client allows with the keyboard, the specialist's viewer sees
that display through the desk's relay; the specialist's End stops its x11vnc."""

from __future__ import annotations

import asyncio
import json
import os
import ssl
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.gui_thread import GuiThread
from desktop.lab.lab import LabInfo
from desktop.remote.share_service import RemoteShare
from desktop.ui.assist import AssistWindow
from supportdesk.routing import Availability
from tests.peers.xmpp_peer import XmppPeer
from tests.rig import client_screen
from tests.supportdesk_rig import RunningDesk, knows, offered, relay_desk, wait
from tests.test_desk_remote import NS, iq, remote_events, steps
from tests.test_remote_client_app import Viewer

HANDSHAKE = b"RFB 003.008\n"


@pytest.fixture
def desk(lab: LabInfo, tmp_path: Path) -> Iterator[RunningDesk]:
    with relay_desk(lab, tmp_path) as running:
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


def assist_with(display: str, runtime: Path, lab: LabInfo, *args: str) -> subprocess.Popen[bytes]:
    runtime.mkdir(mode=0o700, exist_ok=True)
    return subprocess.Popen(
        [sys.executable, "-m", "desktop.cli", "assist", "--ca", lab.ca_file, *args],
        env={**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb",
             "XDG_RUNTIME_DIR": str(runtime), "LANG": "C.UTF-8", "LANGUAGE": "en"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def window_text(display: str, title: str) -> str:
    """Waits for a window of that title on the client's display; its id."""
    wait(lambda: on(display, "search", "--name", title), 30)
    return on(display, "search", "--name", title).split()[0]


def test_a_client_of_another_chat_program_answers_by_the_code_and_hands_control(
        lab: LabInfo, desk: RunningDesk, client_display: str, tmp_path: Path) -> None:
    """ivan writes from a chat program without Deskline (Gajim, here a plain client): the
    request he gets says the code and how to run `deskline assist`; he types the code into
    its window, allows; the specialist sees his screen, asks for control over the same
    code channel, gets it; the specialist's End stops his x11vnc and the window says so."""
    line = f"support@desk.{lab.domain}"
    assert desk.component is not None
    assert desk.component.config.remote is not None
    relay = desk.component.config.remote.url
    assist = None
    try:
        with XmppPeer(lab, "anna", desk_show="") as anna, XmppPeer(lab, "ivan") as ivan:
            knows(desk, lab, anna=Availability.FREE)
            ivan.send(line, "Не могу найти отчёт", "cd-1")
            appeal = offered(anna, "найти отчёт")
            assert iq(anna, appeal, f"<accept xmlns='{NS}'/>", "cd-acc")[0] == "result"
            kind, _c, asked = iq(anna, appeal, f"<remote xmlns='{NS}'/>", "cd-ask")
            assert kind == "result"
            code = str(asked.get("code"))
            assert len(code) == 8
            assert code.isdigit()
            wait(lambda: any(code in m["body"] for m in ivan.messages))
            request = next(m["body"] for m in ivan.messages if code in m["body"])
            assert f"deskline assist --relay {relay} --code {code}" in request
            assist = assist_with(client_display, tmp_path / "runtime", lab, "--relay", relay)
            window = window_text(client_display, "^Deskline assist$")
            on(client_display, "windowfocus", "--sync", window)
            for _ in range(3):
                on(client_display, "key", "Tab")  # address, password, Sign in … the code
            on(client_display, "type", "--delay", "15", f"{code[:4]} {code[4:]}")
            on(client_display, "key", "Return")
            question = window_text(client_display, "Remote session request")
            on(client_display, "windowfocus", "--sync", question)
            on(client_display, "key", "alt+a")  # Allow
            wait(lambda: any(e.get("state") == "ready" for e in remote_events(anna, appeal)),
                 20)
            ready = next(e for e in remote_events(anna, appeal) if e.get("state") == "ready")
            viewer = Viewer(ready["url"], lab.ca_file)
            wait(lambda: viewer.seen, 20)
            assert viewer.seen[0] == HANDSHAKE
            assert ("remote_started", f"ivan@{lab.domain}") in steps(desk, appeal)
            assert iq(anna, appeal, f"<remote-control xmlns='{NS}'/>", "cd-ctl")[0] == \
                "result"
            asking = window_text(client_display, "Control of your screen")
            on(client_display, "windowfocus", "--sync", asking)
            on(client_display, "key", "alt+a")  # Allow control
            wait(lambda: any(e.get("state") == "control" for e in remote_events(anna, appeal)),
                 20)
            assert iq(anna, appeal, f"<remote-end xmlns='{NS}' comment='Нашли отчёт'/>",
                      "cd-end")[0] == "result"
            assert viewer.closed.wait(5)
            wait(lambda: not x11vnc_on(client_display), 10)
            assert not any(code in m["body"] for m in anna.messages)  # (only the client's)
    finally:
        if assist is not None:
            assist.terminate()
            assist.wait(10)


def code_try(relay: str, ca_file: str, code: str) -> str:
    """A client side saying `code` at the relay: "bad-code", "request", or the HTTP status
    of a refused channel."""
    async def attempt() -> str:
        tls = ssl.create_default_context(cafile=ca_file)
        async with aiohttp.ClientSession() as http:
            try:
                async with http.ws_connect(f"{relay}/code", ssl=tls) as ws:
                    await ws.send_str(json.dumps({"code": code}))
                    said = json.loads((await ws.receive(timeout=10)).data)
            except aiohttp.WSServerHandshakeError as exc:
                return str(exc.status)
        await asyncio.sleep(0.25)  # (TLS transports close)
        return "bad-code" if "refused" in said else next(iter(said))
    return asyncio.run(attempt())


def test_a_wrong_code_is_said_plainly_and_guessing_is_stopped(
        qtbot: QtBot, lab: LabInfo, desk: RunningDesk, tmp_path: Path) -> None:
    """A wrong code typed into the window: it says so plainly and may be tried again; ten
    wrong codes from one address: the relay refuses the next try even with the right code
    (a guess of one in 10^8 per try)."""
    assert desk.component is not None
    assert desk.component.config.remote is not None
    relay = desk.component.config.remote.url
    gui = GuiThread()
    share = RemoteShare(gui, tmp_path / "share", lab.ca_file)
    window = AssistWindow(share, gui, "127.0.0.1", lab.xmpp_port, lab.ca_file, frozenset(),
                          relay)
    qtbot.addWidget(window)
    window.show()
    qtbot.keyClicks(window.code, "0000 0000")
    qtbot.mouseClick(window.use_code, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "not valid" in window.status.text(), timeout=10000)
    assert window.use_code.isEnabled()
    assert window.code.text() == ""
    with XmppPeer(lab, "anna", desk_show="") as anna, XmppPeer(lab, "ivan") as ivan:
        knows(desk, lab, anna=Availability.FREE)
        ivan.send(f"support@desk.{lab.domain}", "Вопрос", "wc-1")
        appeal = offered(anna, "Вопрос")
        assert iq(anna, appeal, f"<accept xmlns='{NS}'/>", "wc-acc")[0] == "result"
        _k, _c, asked = iq(anna, appeal, f"<remote xmlns='{NS}'/>", "wc-ask")
        right = str(asked.get("code"))
        answers = [code_try(relay, lab.ca_file, f"{n:08d}") for n in range(1, 10)]
        assert answers == ["bad-code"] * 9  # (the window's try was the first)
        assert code_try(relay, lab.ca_file, right) == "429"  # the right one, too late
        assert all(e.get("state") != "ready" for e in remote_events(anna, appeal))
    window.close()
