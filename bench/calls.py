"""Call benchmark: Deskline against baresip (Debian) as the called client, same lab, same run.

For each client, a pjsua2 peer (tests/peers/sip_peer.py) calls the specialist, and we time:
  invite_to_popup_ms   the peer's INVITE leaving -> Deskline's popup shown
                       (baresip: its CALL_INCOMING event, the closest it has to a popup)
  invite_to_ring_ms    INVITE leaving -> the first ring sample on the ring device's monitor
  answer_to_audio_ms   answer -> sound flowing both ways (speaker monitor and peer)
  added_latency_ms     microphone device -> peer: a burst played into the headset
                       microphone's feed, its onset there vs. its onset at the peer
  cpu_pct_per_call     CPU of the client's call process during 5 s of a call (% of a core;
                       Deskline: the engine process, which carries all call work)
All times come from one clock (CLOCK_MONOTONIC) across the processes; the PulseAudio monitor
readers add the same few ms to both clients. Writes bench/results/calls.json (medians).

    .venv/bin/python bench/calls.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

import bench  # noqa: E402
from desktop.app import Deskline  # noqa: E402
from desktop.bus import CallState, LinkState  # noqa: E402
from desktop.lab.lab import Lab, LabInfo  # noqa: E402
from desktop.lab.process import free_port  # noqa: E402
from desktop.paths import Paths  # noqa: E402
from desktop.store import Store  # noqa: E402
from tests import rig  # noqa: E402
from tests.audio import RATE, Listener, ToneSource  # noqa: E402
from tests.peers.client import PeerProcess  # noqa: E402

KEYS = ("invite_to_popup_ms", "invite_to_ring_ms", "answer_to_audio_ms", "added_latency_ms",
        "cpu_pct_per_call")
PEER_TONE, MIC_TONE = 1000, 600


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def onsets(listener: Listener, since: float, threshold: int = 300) -> list[float]:
    """Times at which sound started after at least 200 ms of quiet."""
    with listener.lock:
        chunks = [(t, d) for t, d in listener.chunks if t >= since]
    found, quiet_since = [], since
    for t, data in chunks:
        block = np.frombuffer(data[: len(data) // 2 * 2], np.int16).astype(np.int32)
        loud = len(block) > 0 and int(np.abs(block).max()) > threshold
        if loud and quiet_since is not None and t - quiet_since >= 0.2:
            found.append(t)
        quiet_since = None if loud else (quiet_since or t)
    return found


class Bursts(ToneSource):
    """0.1 s of tone every 0.7 s into a sink; the rest silence."""

    def __init__(self, sink: str) -> None:
        super().__init__(sink, MIC_TONE)
        period = np.zeros(int(RATE * 0.7), np.int16)
        burst = np.frombuffer(self.second, np.int16)[: int(RATE * 0.1)]
        period[: len(burst)] = burst
        self.second = np.tile(period, 2).tobytes()


def wait(pump: Callable[[], None], check: Callable[[], Any], timeout: float = 10.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pump()
        result = check()
        if result:
            return result
        time.sleep(0.001)
    raise TimeoutError(f"timed out waiting for {check}")


def latency(peer: PeerProcess, feed: Listener, pump: Callable[[], None]) -> float:
    peer.send("reset_ear")
    start = time.monotonic()
    with Bursts("headset_feed"):
        end = start + 4.0
        while time.monotonic() < end:
            pump()
            time.sleep(0.01)
    mark = len(peer.events)
    peer.send("onsets")
    arrived = peer.wait("onsets", lambda e: peer.events.index(e) >= mark)["times"]
    sent = onsets(feed, start)
    delays = [next(a for a in arrived if a > s) - s for s in sent[1:-1]
              if any(a > s for a in arrived)]
    return statistics.median(delays) * 1000 if delays else float("nan")


class DesklineClient:
    name = "deskline"

    def __init__(self, qapp: QApplication, lab: LabInfo, work: Path) -> None:
        paths = Paths(work / "config", work / "data", Path(lab.run_dir).parent)
        paths.config.mkdir(parents=True)
        (paths.config / "settings.json").write_text(json.dumps({"version": 1, "values": {
            "audio.microphone": "headset_mic", "audio.speaker": "headset",
            "audio.ring_devices": "headset"}}))
        self.qapp = qapp
        self.app = Deskline(qapp, paths, Store(paths.data / "d.sqlite3"))
        self.popups: list[float] = []
        self.app.window.popup_shown.connect(lambda _cid: self.popups.append(time.monotonic()))
        self.app.start()
        wait(self.pump, lambda: self.app.calls.state is LinkState.ONLINE, 20)

    def pump(self) -> None:
        self.qapp.processEvents()

    def popup_time(self) -> float:
        return wait(self.pump, lambda: self.popups[-1] if self.popups else None)

    def answer(self) -> None:
        (call,) = [c for c in self.app.calls.calls.values() if c.state is CallState.INCOMING]
        self.app.calls.answer(call.id)

    def hangup(self) -> None:
        for call in list(self.app.calls.calls.values()):
            self.app.calls.hangup(call.id)
        wait(self.pump, lambda: not self.app.calls.calls)
        self.popups.clear()

    def pid(self) -> int:
        return self.app.calls.engine.pid

    def close(self) -> None:
        self.app.window.close()
        self.app.shutdown()


class BaresipClient:
    name = "baresip"

    def __init__(self, lab: LabInfo, work: Path) -> None:
        work.mkdir(parents=True)
        ctrl = free_port()
        (work / "config").write_text("\n".join([
            "poll_method epoll", "sip_listen 127.0.0.1:0",
            "audio_player alsa,pulse", "audio_source alsa,pulse", "audio_alert alsa,pulse",
            "module_path /usr/lib/baresip/modules", "module g711.so", "module g722.so",
            "module alsa.so", "module_app account.so", "module_app menu.so",
            "module_app ctrl_tcp.so", f"ctrl_tcp_listen 127.0.0.1:{ctrl}", ""]))
        (work / "accounts").write_text(
            f"<sip:anna@127.0.0.1>;auth_pass={lab.passwords['anna']};"
            f'outbound="sip:127.0.0.1:{lab.sip_port}";regint=300;answermode=manual\n')
        env = {**os.environ, "PULSE_SINK": "headset", "PULSE_SOURCE": "headset_mic"}
        self.log = (work / "baresip.log").open("w")
        self.proc = subprocess.Popen(["baresip", "-f", str(work)], env=env, stdout=self.log,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        self.sock = wait(lambda: None, lambda: self._connect(ctrl), 10)
        self.buffer = b""
        self.events: list[tuple[float, dict[str, Any]]] = []
        wait(self.pump, lambda: "200 OK" in (work / "baresip.log").read_text(), 10)

    @staticmethod
    def _connect(port: int) -> socket.socket | None:
        try:
            sock = socket.create_connection(("127.0.0.1", port), timeout=0.2)
        except OSError:
            return None
        sock.setblocking(False)
        return sock

    def pump(self) -> None:
        try:
            self.buffer += self.sock.recv(65536)
        except BlockingIOError:
            return
        while b":" in self.buffer:
            size, rest = self.buffer.split(b":", 1)
            if len(rest) < int(size) + 1:
                return
            self.events.append((time.monotonic(), json.loads(rest[: int(size)])))
            self.buffer = rest[int(size) + 1:]

    def _command(self, command: str) -> None:
        data = json.dumps({"command": command}).encode()
        self.sock.sendall(str(len(data)).encode() + b":" + data + b",")

    def popup_time(self) -> float:
        return wait(self.pump, lambda: next((t for t, e in self.events
                                             if e.get("type") == "CALL_INCOMING"), None))

    def answer(self) -> None:
        self._command("accept")

    def hangup(self) -> None:
        self._command("hangup")
        wait(self.pump, lambda: any(e.get("type") == "CALL_CLOSED" for _, e in self.events))
        self.events.clear()

    def pid(self) -> int:
        return self.proc.pid

    def close(self) -> None:
        self.sock.close()
        self.proc.terminate()
        self.proc.wait(10)
        self.log.close()


def one_call(client: Any, lab: LabInfo) -> dict[str, float]:
    with PeerProcess(lab, "ivan", tone=PEER_TONE) as peer, \
            Listener("headset.monitor") as speaker, Listener("headset_feed.monitor") as feed:
        time.sleep(0.3)  # the readers are running
        peer.send("call", uri=f"sip:anna@127.0.0.1:{lab.sip_port}")
        invite = peer.wait("call", lambda e: e["state"] == "CALLING")["t"]
        popup = client.popup_time()
        ring = wait(client.pump, lambda: speaker.first_sound_after(invite))
        time.sleep(0.3)
        peer.send("reset_ear")
        with ToneSource("headset_feed", MIC_TONE):
            answered = time.monotonic()
            client.answer()
            heard = wait(client.pump, lambda: speaker.hears(PEER_TONE, 0.06) and time.monotonic())
            mark = len(peer.events)
            peer.send("analyze")
            far = peer.wait("analysis", lambda e: peer.events.index(e) >= mark)
            both = max(heard, far["first_sound_at"] or heard)
            pid = client.pid()
            cpu0, t0 = cpu_seconds(pid), time.monotonic()
            end = t0 + 5.0
            while time.monotonic() < end:
                client.pump()
                time.sleep(0.01)
            cpu = (cpu_seconds(pid) - cpu0) / (time.monotonic() - t0) * 100
        delay = latency(peer, feed, client.pump)
        client.hangup()
    return {"invite_to_popup_ms": (popup - invite) * 1000,
            "invite_to_ring_ms": (ring - invite) * 1000,
            "answer_to_audio_ms": (both - answered) * 1000,
            "added_latency_ms": delay, "cpu_pct_per_call": cpu}


def medians(rows: list[dict[str, float]]) -> dict[str, float]:
    return {k: round(statistics.median(r[k] for r in rows), 1) for k in KEYS}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if shutil.which("baresip") is None:
        sys.exit("baresip is not installed (apt-get install baresip-core)")
    with tempfile.TemporaryDirectory(prefix="dl-bench-") as tmp:
        work = Path(tmp)
        xvfb, display = rig.start_xvfb(work)
        dbus, address = rig.start_dbus(work)
        pulse, server = rig.start_pulseaudio(work)
        runtime = work / "xdg"
        runtime.mkdir(mode=0o700)
        os.environ.update(DISPLAY=display, QT_QPA_PLATFORM="xcb", PULSE_SERVER=server,
                          DBUS_SESSION_BUS_ADDRESS=address, XDG_RUNTIME_DIR=str(runtime))
        qapp = QApplication(["bench"])
        lab = Lab(work / "run" / "lab", free_port(), free_port())
        results: dict[str, Any] = {}
        try:
            info = lab.start()
            for make in (lambda: DesklineClient(qapp, info, work / "deskline"),
                         lambda: BaresipClient(info, work / "baresip")):
                client = make()
                try:
                    one_call(client, info)  # warm-up, not counted
                    rows = [one_call(client, info) for _ in range(args.runs)]
                finally:
                    client.close()
                results[client.name] = {**medians(rows), "runs": rows}
        finally:
            lab.stop()
            pulse.stop()
            dbus.stop()
            xvfb.stop()
    ours, theirs = results["deskline"], results["baresip"]
    out = {k: ours[k] for k in KEYS}
    out["baresip"] = {k: theirs[k] for k in KEYS}
    out["ratio"] = {k: round(ours[k] / theirs[k], 2) if theirs[k] else None for k in KEYS}
    out["runs"] = args.runs
    out["notes"] = ("Deskline measured in-process with its real GUI on Xvfb; baresip 1.0.0 "
                    "(Debian) through ctrl_tcp; both ring on and play to the virtual USB "
                    "headset, capture from its microphone. Lower is better for every key.")
    path = ROOT / "bench" / "results" / "calls.json"
    path.write_text(json.dumps(out, indent=1) + "\n")
    print(f"{'':22}{'deskline':>10}{'baresip':>10}{'ratio':>8}")
    for k in KEYS:
        print(f"{k:22}{ours[k]:>10.1f}{theirs[k]:>10.1f}{out['ratio'][k] or 0:>8.2f}")
    print(f"-> {path.relative_to(ROOT)}")


if __name__ == "__main__":
    bench.run(main)
