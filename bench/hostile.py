"""Hostile-input benchmark (#15): floods from a signed-in client, measured in the whole app.

The app (the composition root, as `deskline` builds it) runs on an offscreen display
against a lab of its own, with a private D-Bus and gnome-keyring; the client is a real
XMPP client (slixmpp) signed in to the lab as ivan, in a process of its own (as a client
is: its parsing does not compete with the app for the interpreter):

  flood_2000       ivan sends 2,000 messages into the conversation open in front of the
                   specialist; the longest GUI stall until the last one is shown
  presence_flood   ivan's card carries an 8000×8000 PNG photo and his card is open in the
                   curtain; he changes his presence 500 times; the longest GUI stall
  rss growth       the resident memory after both floods (and a collection) less before
  invite_flood     ivan (a real pjsua2 phone, a tone for a voice) calls and the specialist
                   answers (our voice another tone, on the rig's PulseAudio headset); a
                   stranger sends 2,000 INVITEs straight at the engine's port; the call
                   survives if the engine is the same process, the call is still up and
                   new sound is heard both ways afterwards

Writes bench/results/hostile.json: flood_2000_max_stall_ms and presence_flood_max_stall_ms
(targets ≤ 100), rss_growth_mb_after_floods (target ≤ 30), invite_flood_call_survives.

    .venv/bin/python bench/hostile.py
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import socket
import subprocess
import sys
import tempfile
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["QT_QPA_PLATFORM"] = "offscreen"
subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "desktop")], check=True)

from PySide6.QtGui import QImage  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

import bench  # noqa: E402
from bench import StallMeter, run_until, settle  # noqa: E402
from desktop.app import Deskline  # noqa: E402
from desktop.bus import CallState, LinkState, Status  # noqa: E402
from desktop.chat.photo import png_bytes  # noqa: E402
from desktop.lab.lab import Lab, LabInfo  # noqa: E402
from desktop.lab.process import free_port  # noqa: E402
from desktop.paths import Paths  # noqa: E402
from desktop.store import Store  # noqa: E402
from desktop.values import Profile  # noqa: E402
from tests import rig  # noqa: E402
from tests.audio import Listener, ToneSource  # noqa: E402
from tests.peers.client import PeerProcess  # noqa: E402
from tests.peers.xmpp_peer import XmppPeer  # noqa: E402
from tests.phone import MIC_TONE, PEER_TONE  # noqa: E402
from tests.test_sip_flood import invite  # noqa: E402

STALL_TARGET_MS = 100.0
RSS_TARGET_MB = 30.0
FLOOD = 2000
PRESENCES = 500


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def huge_png(side: int = 8000) -> bytes:
    """An 8000×8000 photo that is small on the wire (one grey: it compresses to ~60 kB)."""
    image = QImage(side, side, QImage.Format.Format_Grayscale8)
    image.fill(128)
    return png_bytes(image)


def _peer(lab: LabInfo, user: str, conn: Connection) -> None:
    """The client's process: XmppPeer methods called by name, each answered "done"."""
    with XmppPeer(lab, user) as peer:
        peer.online.wait(10)
        conn.send("online")
        while (order := conn.recv()) is not None:
            name, args = order
            if name == "flood":
                for i in range(args[1]):
                    peer.send(args[0], f"flood {i}: " + "текст " * 20, f"flood-{i}")
            elif name == "presences":
                for i in range(args[0]):
                    peer.presence(show=("away", "dnd", "")[i % 3], status=f"state {i}")
            else:
                getattr(peer, name)(*args)
            conn.send("done")


class RemotePeer:
    def __init__(self, lab: LabInfo, user: str) -> None:
        self.conn, theirs = multiprocessing.Pipe()
        self.proc = multiprocessing.get_context("spawn").Process(
            target=_peer, args=(lab, user, theirs), daemon=True)
        self.proc.start()
        if not self.conn.poll(30):
            raise TimeoutError(f"{user} did not sign in")
        self.conn.recv()

    def __call__(self, name: str, *args: Any) -> None:
        """Asks the client to act and waits for it in the Qt loop (the app keeps running)."""
        self.conn.send((name, args))
        run_until(self.conn.poll, timeout=60)
        self.conn.recv()

    def close(self) -> None:
        self.conn.send(None)
        self.proc.join(10)


def main() -> None:
    qapp = QApplication(["bench"])
    meter = StallMeter()
    result: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="dl-hostile-") as tmp_name:
        tmp = Path(tmp_name)
        dbus, address = rig.start_dbus(tmp)
        os.environ["DBUS_SESSION_BUS_ADDRESS"] = address
        keyring = rig.start_keyring(tmp, address)
        pulse, server = rig.start_pulseaudio(tmp)
        os.environ["PULSE_SERVER"] = server
        try:
            with Lab(tmp / "run" / "lab", free_port(), free_port()) as lab:
                result = measure(meter, lab, tmp)
        finally:
            pulse.stop()
            keyring.stop()
            dbus.stop()
    del qapp
    out = ROOT / "bench" / "results" / "hostile.json"
    out.write_text(json.dumps(result, indent=1) + "\n")
    for key, value in result.items():
        print(f"{key:32} {value}")
    print(f"-> {out.relative_to(ROOT)}")


def measure(meter: StallMeter, lab: LabInfo, tmp: Path) -> dict[str, object]:
    paths = Paths(tmp / "config", tmp / "data", tmp / "run")
    paths.config.mkdir(parents=True)
    (paths.config / "settings.json").write_text(json.dumps({"version": 1, "values": {
        "audio.microphone": "headset_mic", "audio.speaker": "headset"}}))
    app = Deskline(QApplication.instance(), paths,  # type: ignore[arg-type]
                   Store(paths.data / "deskline.sqlite3"))
    ivan_jid = f"ivan@{lab.domain}"
    photo = huge_png()
    meter.start()
    try:
        app.start()
        run_until(lambda: app.chat.state is LinkState.ONLINE
                  and app.calls.state is LinkState.ONLINE)
        ivan = RemotePeer(lab, "ivan")
        try:
            run_until(lambda: app.chat.contacts[ivan_jid].status is Status.ONLINE)
            app.window.open_chat(ivan_jid)
            settle(1.0)
            gc.collect()
            before = rss_mb()
            with meter.step("flood_2000"):
                ivan("flood", f"anna@{lab.domain}", FLOOD)
                run_until(lambda: any(m.id == f"flood-{FLOOD - 1}"
                                      for m in app.window.chat.messages[-5:]), timeout=120)
                settle(0.5)
            ivan("publish_card", Profile(first_name="Иван", last_name="Сидоров",
                                      position="8000 px photo", photo=photo))
            ivan("publish_avatar", photo)  # the notification makes the app fetch the card
            run_until(lambda: (card := app.chat.contacts[ivan_jid].profile) is not None
                      and card.position == "8000 px photo", timeout=30)
            settle(1.0)
            with meter.step("presence_flood"):
                ivan("presences", PRESENCES)
                run_until(lambda: app.chat.contacts[ivan_jid].status_text
                          == f"state {PRESENCES - 1}", timeout=120)
                settle(0.5)
            gc.collect()
            settle(1.0)
            growth = rss_mb() - before
            print(f"rss growth        {growth:8.1f} MB")
        finally:
            ivan.close()
        survived = invite_flood(app, lab)
        print(f"invite flood      call survives: {survived}")
    finally:
        app.shutdown()
    return {"invite_flood_call_survives": survived,
            "flood_2000_max_stall_ms": meter.steps["flood_2000"],
            "presence_flood_max_stall_ms": meter.steps["presence_flood"],
            "stall_target_ms": STALL_TARGET_MS,
            "rss_growth_mb_after_floods": round(growth, 1), "rss_target_mb": RSS_TARGET_MB}


def invite_flood(app: Deskline, lab: LabInfo) -> bool:
    calls = app.calls
    with PeerProcess(lab, "ivan", tone=PEER_TONE) as peer, \
            Listener("headset.monitor") as speaker, ToneSource("headset_feed", MIC_TONE):
        peer.send("call", uri=f"sip:anna@127.0.0.1:{lab.sip_port}")
        run_until(lambda: any(c.state is CallState.INCOMING for c in calls.calls.values()))
        (cid,) = list(calls.calls)
        calls.answer(cid)
        run_until(lambda: calls.calls[cid].state is CallState.ACTIVE
                  and speaker.hears(PEER_TONE))
        pid = calls.engine.pid
        port = int(calls.local_address.rsplit(":", 1)[1])
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.bind(("127.0.0.1", 0))
            via = f"127.0.0.1:{sock.getsockname()[1]}"
            for n in range(2000):
                sock.sendto(invite(n, f"127.0.0.1:{port}", via), ("127.0.0.1", port))
                if n % 40 == 39:
                    time.sleep(0.01)  # as fast as the socket's buffer takes them
        settle(1.5)
        if calls.engine.pid != pid or calls.calls.get(cid) is None:
            return False
        peer.send("reset_ear")
        try:
            run_until(lambda: speaker.hears(PEER_TONE), timeout=5)
            heard = peer.hears()
        except TimeoutError:
            return False
        alive = (calls.calls[cid].state is CallState.ACTIVE and heard["first_sound_at"] > 0
                 and abs(heard["freq"] - MIC_TONE) < 40)
        calls.hangup(cid)
        return alive


if __name__ == "__main__":
    bench.run(main)
