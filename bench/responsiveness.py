"""Responsiveness benchmark: the longest the GUI event loop is blocked while the app works.

A timer in the app's own thread ticks every millisecond; a stall is the time between two
ticks beyond that. The whole app (the composition root, as `deskline` builds it) runs on an
offscreen display against a lab of its own, with a private D-Bus and gnome-keyring:

  sign_in            app.start() until the PBX and chat are online and the cards loaded
  open_10k           opening a conversation of 10,000 stored messages
  search_10k         Ctrl+K over them, then Ctrl+F in the open conversation
  screenshot_in      a client's 5 MB screenshot: fetched, decoded, shown as a picture
  headset_lookup     five headset lookups (HID enumeration)
  settings_save      Settings → Save with a changed PBX and chat account, until both are
                     signed in again (the new passwords go to the keyring meanwhile)
  keyring_stopped    the keyring daemon stopped with SIGSTOP (it does not answer), then
                     Settings → Save with a new password: the GUI must not wait for it
Writes bench/results/responsiveness.json: max_stall_ms (target ≤ 50) and each step's.

    .venv/bin/python bench/responsiveness.py
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["QT_QPA_PLATFORM"] = "offscreen"
# An installed app has its bytecode (a shell with PYTHONDONTWRITEBYTECODE=1 would otherwise
# measure the compiler), as bench/startup.py does.
subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "desktop")], check=True)

from PySide6.QtWidgets import QApplication, QCheckBox, QLineEdit, QSpinBox  # noqa: E402

import bench  # noqa: E402
from bench import StallMeter, run_until, settle  # noqa: E402
from bench.files import noise_png  # noqa: E402
from desktop.app import Deskline  # noqa: E402
from desktop.bus import LinkState  # noqa: E402
from desktop.lab.lab import Lab, LabInfo  # noqa: E402
from desktop.lab.process import free_port  # noqa: E402
from desktop.paths import Paths  # noqa: E402
from desktop.store import Store  # noqa: E402
from tests import rig  # noqa: E402
from tests.peers.xmpp_peer import XmppPeer  # noqa: E402

TARGET_MS = 50.0


def save_accounts(app: Deskline, lab: LabInfo, user: str, password: str) -> None:
    """Settings → Save with the lab's `user` as the company PBX and chat account."""
    dialog = app.settings_dialog()
    lab_box = dialog.findChild(QCheckBox, "labEmbedded")
    assert lab_box is not None
    lab_box.setChecked(False)
    fields = {"pbx.server": "127.0.0.1", "pbx.user": user, "sip.password": password,
              "chat.jid": f"{user}@{lab.domain}", "chat.server": "127.0.0.1",
              "chat.ca_file": lab.ca_file, "xmpp.password": password}
    for name, text in fields.items():
        edit = dialog.findChild(QLineEdit, name)
        assert edit is not None
        edit.setText(text)
    for name, port in (("pbx.port", lab.sip_port), ("chat.port", lab.xmpp_port)):
        spin = dialog.findChild(QSpinBox, name)
        assert spin is not None
        spin.setValue(port)
    dialog.save()


def signed_in_as(app: Deskline, user: str, lab: LabInfo) -> Callable[[], bool]:
    def check() -> bool:
        account = app.calls.account
        return (account is not None and account.user == user
                and app.calls.state is LinkState.ONLINE
                and app.chat.account == f"{user}@{lab.domain}"
                and app.chat.state is LinkState.ONLINE)
    return check


def main() -> None:
    qapp = QApplication(["bench"])
    meter = StallMeter()
    with tempfile.TemporaryDirectory(prefix="dl-resp-") as tmp_name:
        tmp = Path(tmp_name)
        dbus, address = rig.start_dbus(tmp)
        os.environ["DBUS_SESSION_BUS_ADDRESS"] = address
        keyring = rig.start_keyring(tmp, address)
        try:
            with Lab(tmp / "run" / "lab", free_port(), free_port()) as lab:
                measure(qapp, meter, lab, tmp, keyring.pid or 0)
        finally:
            keyring.stop()
            dbus.stop()
    result = {"max_stall_ms": max(meter.steps.values()), "target_ms": TARGET_MS,
              "steps": meter.steps}
    out = ROOT / "bench" / "results" / "responsiveness.json"
    out.write_text(json.dumps(result, indent=1) + "\n")
    print(f"max_stall_ms {result['max_stall_ms']} (target {TARGET_MS})")
    print(f"-> {out.relative_to(ROOT)}")


def measure(qapp: QApplication, meter: StallMeter, lab: LabInfo, tmp: Path,
            keyring_pid: int) -> None:
    paths = Paths(tmp / "config", tmp / "data", tmp / "run")
    store = Store(paths.data / "deskline.sqlite3")
    ivan = f"ivan@{lab.domain}"
    with store.transaction():  # a long conversation, already in the local store
        for i in range(10_000):
            store.cache_message(f"anna@{lab.domain}", ivan, f"m{i}", i % 2 == 0,
                                f"Сообщение номер {i}: проверка связи", 1.7e9 + i)
    app = Deskline(qapp, paths, store)
    meter.start()
    try:
        with meter.step("sign_in"):
            app.start()
            run_until(signed_in_as(app, "anna", lab))
            run_until(lambda: bool(app.chat.contacts.get(ivan)
                                   and app.chat.contacts[ivan].profile))
            settle(1.0)
        with meter.step("open_10k"):
            app.window.open_chat(ivan)
            run_until(lambda: len(app.window.chat.messages) > 0)
            settle(0.5)
        search_and_screenshot(app, meter, lab)
        with meter.step("headset_lookup"):
            for _ in range(5):
                app.headset.connect_first()
                settle(0.2)
        with meter.step("settings_save"):
            save_accounts(app, lab, "boris", lab.passwords["boris"])
            run_until(signed_in_as(app, "boris", lab))
            settle(1.0)
        with meter.step("keyring_stopped"):
            os.kill(keyring_pid, signal.SIGSTOP)
            try:
                save_accounts(app, lab, "vera", lab.passwords["vera"])
                run_until(signed_in_as(app, "vera", lab))
                settle(2.0)
            finally:
                os.kill(keyring_pid, signal.SIGCONT)
    finally:
        app.shutdown()


def search_and_screenshot(app: Deskline, meter: StallMeter, lab: LabInfo) -> None:
    with meter.step("search_10k"):  # Ctrl+K over the 10,000, then Ctrl+F in them
        app.window.search_everything()
        popup = app.window.search_popup
        assert popup is not None
        popup.field.setText("проверка связи")
        run_until(lambda: popup.results.count() > 1)
        popup.hide()
        app.window.chat.open_find("связи")
        run_until(lambda: len(app.window.chat.find_bar.matches) > 0)
        app.window.chat.find_bar.close_bar()
        settle(0.3)
    with XmppPeer(lab, "ivan") as client:
        # (the client's sign-in and upload are the client's time: this thread waits on them)
        url = client.upload(noise_png(1), "screen.png", "image/png")
        with meter.step("screenshot_in"):  # its link comes: fetched, decoded, shown
            client.send_link(f"anna@{lab.domain}", url)
            run_until(lambda: (app.files.known.get(url) is not None
                               and app.files.known[url].thumb is not None), 20)
            settle(0.5)


if __name__ == "__main__":
    bench.run(main)
