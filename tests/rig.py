"""The test rig's real parts: Xvfb, a private D-Bus, gnome-keyring; stopped by PID."""

from __future__ import annotations

import contextlib
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

from desktop.lab.process import ManagedProcess, ProcessError
from desktop.lab.sound import start_pulse


def pid_alive(pid: int) -> bool:
    """True for a running process; a zombie (exited, not yet reaped) counts as gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"



def start_xvfb(work: Path, size: str = "1280x800") -> tuple[ManagedProcess, str]:
    """Xvfb picks a free display itself and writes its number to the pipe (-displayfd)."""
    read_fd, write_fd = os.pipe()
    with (work / "xvfb.log").open("wb") as log:
        proc = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", f"{size}x24",
             "-nolisten", "tcp", "-noreset"],
            pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=log,
            start_new_session=True)
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        display = pipe.readline().strip()
    if not display:
        raise ProcessError(f"Xvfb did not start: {(work / 'xvfb.log').read_text()}")
    managed = ManagedProcess("Xvfb", [], work / "xvfb.log")
    managed.proc = proc
    # Russian beside English, as on our users' desks. It matters for xdotool too: a character
    # missing from the keymap is typed by rebinding a spare keycode for each key, and a busy
    # app that reads the key after the next rebinding gets another letter or none.
    subprocess.run(["setxkbmap", "-display", f":{display}", "-layout", "us,ru"], check=True,
                   timeout=20)
    return managed, f":{display}"


# A session bus that starts no services by itself (the system's session config would, e.g.
# a notification daemon on the first notification): the tests start what they use.
DBUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>{address}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


def start_dbus(work: Path) -> tuple[ManagedProcess, str]:
    socket_path = work / "bus"
    address = f"unix:path={socket_path}"
    config = work / "dbus.conf"
    config.write_text(DBUS_CONFIG.format(address=address))
    proc = ManagedProcess("dbus-daemon", [
        "dbus-daemon", f"--config-file={config}", "--nofork", "--nopidfile"],
        work / "dbus.log")
    proc.start(socket_path.exists, timeout=5)
    return proc, address


def start_keyring(work: Path, dbus_address: str) -> ManagedProcess:
    """gnome-keyring's Secret Service, unlocked with a password on stdin."""
    data = work / "keyring-data"
    data.mkdir(exist_ok=True)
    env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": dbus_address,
           "XDG_DATA_HOME": str(data), "HOME": str(work)}
    proc = ManagedProcess("gnome-keyring-daemon", [
        "gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
        work / "keyring.log", env=env, stdin_data=b"test-login-password")

    def ready() -> bool:
        out = subprocess.run(
            ["dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus",
             "/org/freedesktop/DBus", "org.freedesktop.DBus.NameHasOwner",
             "string:org.freedesktop.secrets"],
            env=env, capture_output=True, text=True, check=False)
        return "boolean true" in out.stdout

    proc.start(ready, timeout=10)
    time.sleep(0.05)  # the login collection is unlocked right after the name is taken
    return proc


# The virtual devices of DESIGN.md section 4. What is played to a sink is read back from
# its monitor; the headset microphone hears what a test plays into "headset_feed".
HEADSET = ("device.description='Jabra Evolve2 40' device.bus=usb "
           "device.form_factor=headset device.product.name='Jabra Evolve2 40'")
DEVICES_PA = "\n".join([
    "load-module module-native-protocol-unix socket={socket} auth-anonymous=1",
    f'load-module module-null-sink sink_name=headset norewinds=1 rate=48000 '
    f'sink_properties="{HEADSET}"',
    "load-module module-null-sink sink_name=speakers norewinds=1 rate=48000 "
    "sink_properties=\"device.description='Built-in Speakers' device.form_factor=speaker\"",
    "load-module module-null-sink sink_name=headset_feed norewinds=1 rate=48000 "
    "sink_properties=\"device.description='Test feed of the headset microphone'\"",
    "load-module module-remap-source source_name=headset_mic master=headset_feed.monitor "
    "source_properties=\"device.description='Jabra Evolve2 40 Microphone' device.bus=usb "
    "device.form_factor=headset\"",
    "load-module module-null-source source_name=virtual_mic description='Virtual Microphone'",
    "set-default-sink speakers",
    "set-default-source virtual_mic",
    "",
])


def start_pulseaudio(work: Path) -> tuple[ManagedProcess, str]:
    # (on the rig's session bus, as a desktop's PulseAudio is)
    return start_pulse(work, DEVICES_PA, "PulseAudio", own_bus=False)


def _has_owner(env: dict[str, str], name: str) -> bool:
    out = subprocess.run(
        ["dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus",
         "/org/freedesktop/DBus", "org.freedesktop.DBus.NameHasOwner", f"string:{name}"],
        env=env, capture_output=True, text=True, check=False)
    return "boolean true" in out.stdout


def start_dunst(work: Path, display: str, dbus_address: str) -> ManagedProcess:
    """A real notification daemon (dunst) on the rig's display and session bus; `dunstctl`
    shows what it displays and clicks a notification's default action."""
    env = {**os.environ, "DISPLAY": display, "DBUS_SESSION_BUS_ADDRESS": dbus_address,
           "HOME": str(work)}
    config = work / "dunstrc"
    config.write_text("[global]\n    markup = full\n    show_indicators = no\n"
                      "[urgency_critical]\n    timeout = 0\n")
    proc = ManagedProcess("dunst", ["dunst", "-config", str(config)], work / "dunst.log",
                          env=env)
    proc.start(lambda: _has_owner(env, "org.freedesktop.Notifications"), timeout=10)
    return proc


def start_window_manager(work: Path, display: str) -> ManagedProcess:
    """openbox: windows can be minimised and focused as on a desktop."""
    env = {**os.environ, "DISPLAY": display}
    proc = ManagedProcess("openbox", ["openbox", "--sm-disable"], work / "openbox.log",
                          env=env)
    proc.start(lambda: _selection_owned(display, "WM_S0"), timeout=10)
    return proc


def start_tray(work: Path, display: str) -> ManagedProcess:
    """trayer: a system tray (XEmbed) at the top right of the screen."""
    env = {**os.environ, "DISPLAY": display}
    proc = ManagedProcess("trayer", [
        "trayer", "--edge", "top", "--align", "right", "--widthtype", "pixel", "--width", "200",
        "--height", "32", "--SetDockType", "true", "--transparent", "false"],
        work / "trayer.log", env=env)
    proc.start(lambda: _selection_owned(display, "_NET_SYSTEM_TRAY_S0"), timeout=10)
    return proc


def _selection_owned(display: str, selection: str) -> bool:
    from Xlib import display as xdisplay  # noqa: PLC0415 - only the desktop tests need it

    conn = xdisplay.Display(display)
    try:
        return bool(conn.get_selection_owner(conn.intern_atom(selection)))
    finally:
        conn.close()


def stop_lab_of(base: Path) -> None:
    """After an app was killed (a hung test): its embedded lab, by the PIDs in lab.json."""
    import json  # noqa: PLC0415 - only failing tests get here
    import signal  # noqa: PLC0415

    try:
        pids = json.loads((base / "run" / "lab" / "lab.json").read_text())["pids"]
    except (OSError, ValueError, KeyError):
        return
    for pid in pids:
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            continue


@contextlib.contextmanager
def client_screen(work: Path, *picture: str, size: str = "1280x800") -> Iterator[str]:
    """A client's own display (a second Xvfb of `size`), showing `picture` (ImageMagick
    `convert` arguments, drawn as its background) when given; its name."""
    work.mkdir(parents=True, exist_ok=True)
    xvfb, name = start_xvfb(work, size)
    backdrop = None
    if picture:
        image = work / "screen.png"
        subprocess.run(["convert", *picture, str(image)], check=True, timeout=30)
        backdrop = subprocess.Popen(["display", "-window", "root", str(image)],
                                    env={**os.environ, "DISPLAY": name})
    try:
        yield name
    finally:
        if backdrop is not None:
            backdrop.kill()
            backdrop.wait()
        xvfb.stop()
