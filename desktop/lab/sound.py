"""The demo's sound when the machine has no sound server (a fresh server, a container): a
private PulseAudio with a virtual speaker and microphone, so the demo's calls and its
"new appeal" sound work and nothing complains. Never started beside a running one."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from desktop.lab.process import ManagedProcess, ProcessError

log = logging.getLogger(__name__)

DEMO_PA = "\n".join([
    "load-module module-native-protocol-unix socket={socket} auth-anonymous=1",
    "load-module module-null-sink sink_name=demo_speakers rate=48000 "
    "sink_properties=\"device.description='Demo speakers (no sound card)'\"",
    "load-module module-null-source source_name=demo_mic "
    "description='Demo microphone (silence)'",
    "set-default-sink demo_speakers",
    "set-default-source demo_mic",
    "",
])


def sound_server_runs() -> bool:
    """A PulseAudio (or PipeWire's) server answers where libpulse looks by default."""
    import pulsectl  # noqa: PLC0415 - only when asked

    try:
        with pulsectl.Pulse("deskline-probe"):
            return True
    except pulsectl.PulseError:
        return False


def start_pulse(run_dir: Path, script: str, name: str, own_bus: bool = True
                ) -> tuple[ManagedProcess, str]:
    """PulseAudio of our own under `run_dir` with `script` (its {socket} filled in); (the
    process, its PULSE_SERVER value). `own_bus`: off the session bus (a bus where another
    PulseAudio holds its name makes this one quit: "org.PulseAudio1 already taken")."""
    home = run_dir / "pulse"
    (home / "runtime").mkdir(parents=True, exist_ok=True, mode=0o700)
    socket_path = home / "native"
    socket_path.unlink(missing_ok=True)
    config = home / "devices.pa"
    config.write_text(script.format(socket=socket_path))
    env = {**os.environ, "HOME": str(home), "XDG_RUNTIME_DIR": str(home / "runtime"),
           "XDG_CONFIG_HOME": str(home / "config")}
    if own_bus:
        env["DBUS_SESSION_BUS_ADDRESS"] = f"unix:path={home / 'no-bus'}"
    proc = ManagedProcess(name, [
        "pulseaudio", "-n", "-F", str(config), "--daemonize=no", "--exit-idle-time=-1",
        "--disallow-exit", "--disable-shm=yes", "--use-pid-file=no", "--log-target=stderr"],
        run_dir / "pulseaudio.log", env=env)
    proc.start(socket_path.exists, timeout=10)
    return proc, f"unix:{socket_path}"


def start_demo_sound(run_dir: Path) -> tuple[ManagedProcess, str]:
    return start_pulse(run_dir, DEMO_PA, "PulseAudio (demo)")


def demo_sound(run_dir: Path) -> ManagedProcess | None:
    """No sound server on this machine: the demo brings its own (its process, to stop);
    None when one runs (or none could be started: the window says there is no sound)."""
    if sound_server_runs():
        return None
    try:
        proc, server = start_demo_sound(run_dir)
    except ProcessError as exc:
        log.info("no sound server, and none could be started for the demo: %s", exc)
        return None
    os.environ["PULSE_SERVER"] = server  # (before PortAudio and pulsectl look)
    return proc
