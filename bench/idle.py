"""Idle benchmark: what Deskline costs while nothing happens, and how fast the engine acts.

The whole app (as `deskline` builds it) on a rig of its own (Xvfb, D-Bus with gnome-keyring,
PulseAudio with the virtual devices) signed in to a lab of its own, then left alone:

  idle_cpu_pct            window + engine CPU over the idle time, from /proc ticks
                          (target ≤ 0.3 % of one core)
  engine_wakeups_per_s    the engine's context switches (all its threads) per second
                          (target ≤ 5); also 10 s after a call has ended
  rss_signed_in_mb        window + engine resident memory, signed in (target ≤ 170)
  command_latency_ms_p95  CallService.hold()/resume() in the window -> the re-INVITE seen
                          leaving the engine on the loopback wire (AF_PACKET, needs root)
                          (target ≤ 2)
Writes bench/results/idle.json, with each part's figures too.

    .venv/bin/python bench/idle.py [--seconds 60]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# As installed: our bytecode compiled (this shell may set PYTHONDONTWRITEBYTECODE=1).
subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "desktop")], check=True)

from PySide6.QtWidgets import QApplication  # noqa: E402

import bench  # noqa: E402
from bench import run_until, settle  # noqa: E402
from desktop.app import Deskline  # noqa: E402
from desktop.bus import CallState, LinkState  # noqa: E402
from desktop.lab.lab import Lab, LabInfo  # noqa: E402
from desktop.lab.process import free_port  # noqa: E402
from desktop.paths import Paths  # noqa: E402
from desktop.store import Store  # noqa: E402
from tests import rig  # noqa: E402
from tests.peers.client import PeerProcess  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")
ROUNDS = 20


def cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def switches(pid: int) -> int:
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            status = (task / "status").read_text()
        except OSError:
            continue
        total += sum(int(line.split()[1]) for line in status.splitlines()
                     if line.endswith("ctxt_switches") or "ctxt_switches:" in line)
    return total


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class Wire:
    """Timestamps the re-INVITEs the engine sends, as they cross the loopback interface."""

    def __init__(self, engine_port: int) -> None:
        self.port = engine_port
        self.seen: list[tuple[float, bytes]] = []
        self.sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.ntohs(0x0003))
        self.sock.bind(("lo", 0))
        self.sock.settimeout(0.2)
        self.running = True
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while self.running:
            try:
                frame = self.sock.recv(65535)
            except TimeoutError:
                continue
            at = time.monotonic()
            ip = frame[14:]  # Ethernet header on lo
            if len(ip) < 28 or ip[9] != socket.IPPROTO_UDP:
                continue
            udp = ip[(ip[0] & 0x0F) * 4:]
            if int.from_bytes(udp[0:2], "big") == self.port and udp[8:14] == b"INVITE":
                self.seen.append((at, bytes(udp[8:])))

    def first_after(self, since: float, marker: bytes) -> float | None:
        return next((t for t, data in self.seen if t >= since and marker in data), None)

    def close(self) -> None:
        self.running = False
        self.thread.join(1)
        self.sock.close()


def measure_latency(app: Deskline, lab: LabInfo) -> list[float]:
    """hold/resume from the window -> the re-INVITE on the wire, in ms."""
    port = int(app.calls.local_address.rpartition(":")[2])
    wire = Wire(port)
    samples: list[float] = []
    try:
        with PeerProcess(lab, "ivan") as ivan:
            ivan.send("call", uri=f"sip:anna@127.0.0.1:{lab.sip_port}")
            run_until(lambda: any(c.state is CallState.INCOMING
                                  for c in app.calls.calls.values()), 10)
            cid = next(iter(app.calls.calls))
            app.calls.answer(cid)
            run_until(lambda: app.calls.calls[cid].state is CallState.ACTIVE, 10)
            settle(0.5)
            for i in range(ROUNDS):
                held = i % 2 == 0
                began = time.monotonic()
                (app.calls.hold if held else app.calls.resume)(cid)
                marker = b"a=sendonly" if held else b"a=sendrecv"
                run_until(lambda m=marker, b=began: wire.first_after(b, m) is not None, 5)
                seen = wire.first_after(began, marker)
                assert seen is not None
                samples.append((seen - began) * 1000)
                want = CallState.HELD if held else CallState.ACTIVE
                run_until(lambda w=want: app.calls.calls[cid].state is w, 5)
                settle(0.2)
            app.calls.hangup(cid)
            run_until(lambda: not app.calls.calls, 10)
    finally:
        wire.close()
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dl-idle-") as tmp_name:
        tmp = Path(tmp_name)
        xvfb, display = rig.start_xvfb(tmp)
        dbus, address = rig.start_dbus(tmp)
        keyring = rig.start_keyring(tmp, address)
        pulse, server = rig.start_pulseaudio(tmp)
        os.environ.update({"DISPLAY": display, "QT_QPA_PLATFORM": "xcb",
                           "DBUS_SESSION_BUS_ADDRESS": address, "PULSE_SERVER": server})
        try:
            with Lab(tmp / "run" / "lab", free_port(), free_port()) as lab:
                result = measure(lab, tmp, args.seconds)
        finally:
            for proc in (pulse, keyring, dbus, xvfb):
                proc.stop()
    out = ROOT / "bench" / "results" / "idle.json"
    out.write_text(json.dumps(result, indent=1) + "\n")
    for key, value in result.items():
        print(f"{key:26}{value}")
    print(f"-> {out.relative_to(ROOT)}")


def measure(lab: LabInfo, tmp: Path, seconds: float) -> dict[str, float]:
    qapp = QApplication(["bench"])
    paths = Paths(tmp / "config", tmp / "data", tmp / "run")
    app = Deskline(qapp, paths, Store(paths.data / "deskline.sqlite3"))
    app.start()
    try:
        run_until(lambda: app.calls.state is LinkState.ONLINE
                  and app.chat.state is LinkState.ONLINE, 30)
        ivan = f"ivan@{lab.domain}"
        run_until(lambda: bool(app.chat.contacts.get(ivan) and app.chat.contacts[ivan].profile))
        settle(5.0)  # what sign-in set going has settled
        window, engine = os.getpid(), app.calls.engine.pid
        ticks = {pid: cpu_ticks(pid) for pid in (window, engine)}
        woke = switches(engine)
        began = time.monotonic()
        settle(seconds)
        elapsed = time.monotonic() - began
        used = {pid: (cpu_ticks(pid) - ticks[pid]) / TICK for pid in (window, engine)}
        wakeups = (switches(engine) - woke) / elapsed
        rss = {pid: rss_mb(pid) for pid in (window, engine)}
        latency = sorted(measure_latency(app, lab))
        settle(3.0)  # the call is over: the sound clock stops after pjsua's idle time
        woke, began = switches(engine), time.monotonic()
        settle(10.0)
        after_call = (switches(engine) - woke) / (time.monotonic() - began)
    finally:
        app.shutdown()
    return {
        "idle_cpu_pct": round(sum(used.values()) / elapsed * 100, 3),
        "window_cpu_pct": round(used[window] / elapsed * 100, 3),
        "engine_cpu_pct": round(used[engine] / elapsed * 100, 3),
        "engine_wakeups_per_s": round(wakeups, 2),
        "engine_wakeups_per_s_after_a_call": round(after_call, 2),
        "rss_signed_in_mb": round(sum(rss.values()), 1),
        "rss_window_mb": round(rss[window], 1),
        "rss_engine_mb": round(rss[engine], 1),
        "command_latency_ms_p95": round(latency[int(len(latency) * 0.95) - 1], 2),
        "command_latency_ms_median": round(statistics.median(latency), 2),
        "idle_seconds": round(elapsed, 1),
    }


if __name__ == "__main__":
    bench.run(main)
