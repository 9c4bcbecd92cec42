"""Startup benchmark: time from `deskline` started to its main window shown, and its RSS;
and handoff_ms: a second `deskline call NUMBER` started until the running Deskline has the
number in its dialer (its log says so), median of the runs (target <= 150 ms).

Starts its own Xvfb, private D-Bus and lab; the app attaches to that lab as it would to a
lab started with `deskline lab`. Cold runs are first starts after boot: the kernel's page
caches dropped (where it lets us) and new config and data dirs; warm runs reuse everything.
Bytecode is compiled in both, as after `pip install` (PYTHONPYCACHEPREFIX is not used: it
makes PySide6 start 0.35 s slower on every run, so it would measure that, not us).
Writes bench/results/startup.json (medians).

    .venv/bin/python bench/startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import bench  # noqa: E402
from desktop.lab.lab import Lab  # noqa: E402
from desktop.lab.process import free_port  # noqa: E402
from tests import rig  # noqa: E402


def drop_caches() -> bool:
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
    except OSError:
        return False
    return True


def launch(base: Path, env: dict[str, str]) -> tuple[float, float]:
    """Seconds to the window shown, and RSS in MB at that moment."""
    started = time.perf_counter()
    with subprocess.Popen([sys.executable, "-m", "desktop", "--base-dir", str(base),
                           "--quit-when-shown"], stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL, text=True, env=env, cwd=ROOT) as app:
        assert app.stdout is not None
        for line in app.stdout:
            if line.startswith("DESKLINE_SHOWN"):
                elapsed = time.perf_counter() - started
                rss_kb = int(line.split("rss_kb=")[1])
                break
        else:
            raise RuntimeError("the app exited without showing its window")
        app.wait(30)
    return elapsed, rss_kb / 1024


def handoffs(base: Path, env: dict[str, str], runs: int) -> list[float]:
    """Seconds from a second start with a number to the running one's dialer having it."""
    lines: queue.Queue[tuple[float, str]] = queue.Queue()
    with subprocess.Popen([sys.executable, "-m", "desktop", "--base-dir", str(base),
                           "--verbose"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True, env=env, cwd=ROOT) as app:
        assert app.stderr is not None
        stream = app.stderr

        def read() -> None:
            try:
                for line in stream:
                    lines.put((time.perf_counter(), line))
            except ValueError:  # closed as the app is stopped
                pass
        threading.Thread(target=read, daemon=True).start()
        wait_for(lines, ": online")  # signed in: the window is up, the loop runs
        found = []
        for n in range(runs):
            number = f"+7916123456{n % 10}"
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "desktop", "--base-dir", str(base), "call",
                            number], check=True, env=env, cwd=ROOT, timeout=30)
            found.append(wait_for(lines, f"in the dialer: {number}") - started)
        app.terminate()
    return found


def wait_for(lines: queue.Queue[tuple[float, str]], text: str) -> float:
    while True:
        at, line = lines.get(timeout=30)
        if text in line:
            return at


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dl-bench-") as tmp:
        work = Path(tmp)
        xvfb, display = rig.start_xvfb(work)
        dbus, address = rig.start_dbus(work)
        runtime = work / "xdg"
        runtime.mkdir(mode=0o700)
        # An installed app has its bytecode: compile ours as pip would (a shell with
        # PYTHONDONTWRITEBYTECODE=1 would otherwise measure the compiler on every start).
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "desktop")],
                       check=True, env={k: v for k, v in os.environ.items()
                                        if k != "PYTHONDONTWRITEBYTECODE"})
        env = {k: v for k, v in os.environ.items()
               if k not in ("PYTHONPYCACHEPREFIX", "PYTHONDONTWRITEBYTECODE")}
        env = {**env, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb",
               "DBUS_SESSION_BUS_ADDRESS": address, "XDG_RUNTIME_DIR": str(runtime)}
        lab = Lab(work / "base" / "run" / "lab", free_port(), free_port())
        try:
            lab.start()
            cold, warm, rss = [], [], []
            dropped = False
            for _ in range(args.runs):
                base = work / "base"
                for sub in ("config", "data"):
                    shutil.rmtree(base / sub, ignore_errors=True)
                dropped = drop_caches()
                seconds, _ = launch(base, env)
                cold.append(seconds)
            for _ in range(args.runs):
                seconds, mb = launch(work / "base", env)
                warm.append(seconds)
                rss.append(mb)
            handed = handoffs(work / "base", env, max(args.runs, 10))
        finally:
            lab.stop()
            dbus.stop()
            xvfb.stop()
    result = {
        "cold_s": round(statistics.median(cold), 3),
        "warm_s": round(statistics.median(warm), 3),
        "rss_mb": round(statistics.median(rss), 1),
        "runs": args.runs,
        "cold_runs_s": [round(x, 3) for x in cold],
        "warm_runs_s": [round(x, 3) for x in warm],
        "cold_means": ("first start: new config and data dirs"
                       + (", page caches dropped" if dropped else
                          "; page caches could not be dropped here")),
        "measured": "process start to the main window's first show event (Xvfb)",
        "handoff_ms": round(statistics.median(handed) * 1000, 1),
        "handoff_runs_ms": [round(x * 1000, 1) for x in handed],
        "handoff_measured": ("a second `deskline call NUMBER` started until the running "
                             "Deskline's log says the number is in its dialer"),
    }
    out = ROOT / "bench" / "results" / "startup.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n")
    print(f"{'':8}{'median':>10}\n{'cold':8}{result['cold_s']:>9.3f}s\n"
          f"{'warm':8}{result['warm_s']:>9.3f}s\n{'RSS':8}{result['rss_mb']:>8.1f}MB\n"
          f"{'handoff':8}{result['handoff_ms']:>8.1f}ms\n"
          f"({result['cold_means']}) -> {out.relative_to(ROOT)}")


if __name__ == "__main__":
    bench.run(main)
