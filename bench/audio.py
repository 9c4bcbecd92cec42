"""Audio benchmark on PulseAudio with the virtual devices of the test rig.

  enumerate_ms       connect to PulseAudio and list sinks and sources (pulsectl)
  hotplug_notice_ms  a sink loaded (pactl returns) -> DeviceService has it in its list
  ring_start_ms      the incoming-call event on the bus -> first ring sample on the monitor
  ring_stop_ms       the call leaves "incoming" on the bus -> last ring sample on the monitor
The monitor reader (parec, 10 ms latency) adds the same few ms to the ring numbers.
Writes bench/results/audio.json (medians).

    .venv/bin/python bench/audio.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import os
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
import pulsectl  # noqa: E402
from PySide6.QtCore import QCoreApplication  # noqa: E402

import bench  # noqa: E402
from desktop.audio.devices import DeviceService, list_devices  # noqa: E402
from desktop.audio.player import SoundPlayer  # noqa: E402
from desktop.audio.ringer import Ringer  # noqa: E402
from desktop.audio.sounds import SoundLibrary  # noqa: E402
from desktop.bus import Bus, CallInfo, CallState  # noqa: E402
from desktop.gui_thread import GuiThread  # noqa: E402
from desktop.settings import Settings  # noqa: E402
from tests import rig  # noqa: E402
from tests.audio import Listener  # noqa: E402

KEYS = ("enumerate_ms", "hotplug_notice_ms", "ring_start_ms", "ring_stop_ms")


def wait(app: QCoreApplication, check: Callable[[], Any], timeout: float = 5.0) -> float:
    return bench.wait(app, check, timeout, poll_s=0.0005)


def loud_times(listener: Listener, threshold: int = 300) -> list[float]:
    with listener.lock:
        chunks = list(listener.chunks)
    return [t for t, d in chunks if len(d) >= 2 and int(np.abs(np.frombuffer(
        d[: len(d) // 2 * 2], np.int16).astype(np.int32)).max()) > threshold]


def measure_ring(app: QCoreApplication, bus: Bus, run: int) -> tuple[float, float]:
    """Ring start after the incoming-call event, ring stop after the answer, in ms."""
    call = CallInfo(run, "in", "ivan", "", CallState.INCOMING, time.time())
    with Listener("headset.monitor") as monitor:
        time.sleep(0.3)
        rang = time.monotonic()
        bus.incoming_call.emit(call)
        wait(app, lambda: any(t > rang for t in loud_times(monitor)))
        start = min(t for t in loud_times(monitor) if t > rang) - rang
        time.sleep(0.2)  # inside the first 0.4 s ring burst
        answered = time.monotonic()
        bus.call_changed.emit(CallInfo(run, "in", "ivan", "", CallState.ACTIVE, call.started_at))
        time.sleep(0.4)
        app.processEvents()
        stop = max(0.0, max(loud_times(monitor)) - answered)
    return start * 1000, stop * 1000


def measure_hotplug(app: QCoreApplication, devices: DeviceService, run: int) -> float:
    name = f"bench_sink_{run}"
    module = subprocess.run(["pactl", "load-module", "module-null-sink", f"sink_name={name}",
                             "norewinds=1"], capture_output=True, text=True, check=True
                            ).stdout.strip()
    loaded = time.monotonic()
    seen = wait(app, lambda: devices.devices is not None and any(
        d.name == name for d in devices.devices.sinks))
    subprocess.run(["pactl", "unload-module", module], check=True)
    return (seen - loaded) * 1000


def measure_enumeration() -> float:
    started = time.perf_counter()
    with pulsectl.Pulse("bench") as conn:
        list_devices(conn)
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    rows: dict[str, list[float]] = {k: [] for k in KEYS}
    with tempfile.TemporaryDirectory(prefix="dl-bench-") as tmp:
        pulse, server = rig.start_pulseaudio(Path(tmp))
        os.environ["PULSE_SERVER"] = server
        app = QCoreApplication(["bench"])
        try:
            bus, settings = Bus(), Settings(None)
            settings.set("audio.ring_devices", "headset")
            settings.set("audio.prefer_headset", False)
            devices = DeviceService(bus, settings, GuiThread())
            devices.start()
            wait(app, lambda: devices.devices is not None)
            ringer = Ringer(bus, settings, SoundPlayer(), SoundLibrary(settings))
            for run in range(args.runs):
                rows["enumerate_ms"].append(measure_enumeration())
                rows["hotplug_notice_ms"].append(measure_hotplug(app, devices, run))
                start, stop = measure_ring(app, bus, run)
                rows["ring_start_ms"].append(start)
                rows["ring_stop_ms"].append(stop)
            ringer.stop()
            devices.stop()
        finally:
            pulse.stop()
    result: dict[str, Any] = {k: round(statistics.median(v), 1) for k, v in rows.items()}
    result["runs"] = args.runs
    result["samples"] = {k: [round(x, 1) for x in v] for k, v in rows.items()}
    out = ROOT / "bench" / "results" / "audio.json"
    out.write_text(json.dumps(result, indent=1) + "\n")
    for k in KEYS:
        print(f"{k:20}{result[k]:>8.1f}")
    print(f"-> {out.relative_to(ROOT)}")


if __name__ == "__main__":
    bench.run(main)
