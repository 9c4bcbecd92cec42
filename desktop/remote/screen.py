"""The client's screen, shared for a remote session: x11vnc on 127.0.0.1 only, a port of
its own, a one-time password (in a file x11vnc removes once read: never on a command
line), several viewers at once (-shared), and no viewer with any input until the client
grants it to that one viewer (-input _, then client_input per viewer). DESIGN §9 has the
measured recipe. No Qt, no sockets to the relay here (bridge.py)."""

from __future__ import annotations

import enum
import os
import secrets
import shutil
import signal
import subprocess
import threading
from collections.abc import Mapping
from pathlib import Path

START_S = 10.0


class Refusal(enum.Enum):
    """Why this screen cannot be shared (said to the client and to the specialist)."""

    WAYLAND = "wayland"  # x11vnc cannot capture a Wayland session: sign in to "on Xorg"
    NO_DISPLAY = "no-display"  # no X display to share
    NO_X11VNC = "no-x11vnc"  # the program is not installed
    FAILED = "failed"  # it did not start


class ScreenError(RuntimeError):
    def __init__(self, refusal: Refusal, detail: str = "") -> None:
        super().__init__(f"{refusal.value}: {detail}" if detail else refusal.value)
        self.refusal = refusal


def refusal_of(env: Mapping[str, str]) -> Refusal | None:
    """Whether this session can be shared at all, from its environment."""
    if env.get("XDG_SESSION_TYPE", "").lower() == "wayland" or (
            env.get("WAYLAND_DISPLAY") and not env.get("DISPLAY")):
        return Refusal.WAYLAND
    if not env.get("DISPLAY"):
        return Refusal.NO_DISPLAY
    if shutil.which("x11vnc") is None:
        return Refusal.NO_X11VNC
    return None


class SharedScreen:
    def __init__(self, display: str, work: Path) -> None:
        self.display = display
        self.work = work
        self.password = secrets.token_hex(4)  # VNC keeps 8 characters (a DES key)
        self.port = 0
        self.proc: subprocess.Popen[str] | None = None
        self.said: list[str] = []  # what x11vnc printed (its log, for a failure's detail)
        self.reader: threading.Thread | None = None
        self.controls: set[subprocess.Popen[str]] = set()  # -R / -Q under way
        self.lock = threading.Lock()
        self.granting = threading.Lock()  # input changes one at a time, in order
        self.granted: set[int] = set()  # the legs (local ports) that have input now

    def start(self) -> int:
        """x11vnc running and listening; its port."""
        refused = refusal_of({**os.environ, "DISPLAY": self.display})
        if refused is not None:
            raise ScreenError(refused)
        self.work.mkdir(parents=True, exist_ok=True, mode=0o700)
        secret = self.work / "x11vnc.pass"
        fd = os.open(secret, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(self.password + "\n")
        argv = ["x11vnc", "-display", self.display, "-localhost",
                # a free port from a random one on (x11vnc's own search: no race with
                # another program between our probe and its bind)
                "-autoport", str(20000 + secrets.randbelow(30000)),
                "-shared", "-forever", "-passwdfile", f"rm:{secret}", "-input", "_",
                # no clipboard either way until a viewer is granted control (x11vnc sends
                # the client's selection to every viewer: on only while one controls)
                "-nosel",
                # x11vnc's defaults took 68 ms p50 click-to-pixel; -wait 2 gave 19 ms at
                # 2.6 % of a core on a still screen, -wait 5 gives 21 ms at 1.5 % (bar 2 %,
                # bench/remote.py; DESIGN §9)
                "-defer", "1", "-wait", "5", "-nopw", "-norc", "-nonap", "-noxrecord",
                "-quiet"]
        # The user is signed in (they run us): x11vnc need not wait up to 45 s for a
        # display manager to go before it handles the clipboard.
        env = {**os.environ, "X11VNC_AVOID_WINDOWS": "never"}
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     text=True, start_new_session=True, env=env)
        ready = threading.Event()
        self.reader = threading.Thread(target=self._read, args=(self.proc, ready), daemon=True)
        self.reader.start()
        if not ready.wait(START_S) or not self.port:
            self.stop()
            raise ScreenError(Refusal.FAILED, " / ".join(self.said[-5:]))
        return self.port

    def _read(self, proc: subprocess.Popen[str], ready: threading.Event) -> None:
        assert proc.stdout is not None
        for said in proc.stdout:
            line = said.rstrip("\n")
            self.said = [*self.said[-50:], line]
            if line.startswith("PORT=") and not ready.is_set():
                self.port = int(line.removeprefix("PORT=") or 0)
                ready.set()
        proc.stdout.close()
        ready.set()  # (ended before it listened: start() reads self.port 0)

    def clients(self) -> dict[int, str]:
        """The viewers connected to it: the local port each came from -> x11vnc's id."""
        out = self._control("-Q", "clients")
        found: dict[int, str] = {}
        for item in out.partition("clients:")[2].split(","):
            fields = item.split(":")
            if len(fields) > 2 and fields[2].isdigit():  # id:host:port:user:…
                found[int(fields[2])] = fields[0]
        return found

    def allow_input(self, local_port: int, allowed: bool) -> bool:
        """Keyboard, mouse and clipboard for the viewer whose leg comes from `local_port`,
        or none again; False when no such viewer is connected. The clipboard is exchanged
        only while someone has input."""
        with self.granting:
            if self.proc is None:
                return False  # (stopped: nobody has input any more)
            client = self.clients().get(local_port)
            if client is None:
                return False
            (self.granted.add if allowed else self.granted.discard)(local_port)
            if allowed:
                self._control("-R", "sel")
            self._control("-R", f"client_input:{client}:{'KMBC' if allowed else ''}")
            if not self.granted:
                self._control("-R", "nosel")
            return True

    def _control(self, flag: str, what: str) -> str:
        """x11vnc's remote control of the running instance (over the X display)."""
        with self.lock:
            if self.proc is None:
                return ""  # (stopped meanwhile: nothing to ask)
            control = subprocess.Popen(["x11vnc", "-display", self.display, "-sync",
                                        "-query_retries", "5:0.5", flag, what],
                                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                       text=True)
            self.controls.add(control)
        try:
            out, _err = control.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            control.kill()
            out, _err = control.communicate()
        finally:
            with self.lock:
                self.controls.discard(control)
        return next((line for line in out.splitlines()  # ans=, aro= (read-only)
                     if line[:4] in ("ans=", "aro=", "ack=")), "")

    def stop(self) -> None:
        with self.lock:  # (a control under way waits for an x11vnc that is going: ended too)
            proc, self.proc = self.proc, None
            for control in self.controls:
                control.kill()
        if proc is None or proc.poll() is not None:
            return
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(2)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)
        if self.reader is not None:
            self.reader.join(5)  # (it closes x11vnc's output when that ends)
