"""Ergonomics benchmark: how many user actions (clicks + key presses; typing a word is one)
the frequent tasks take, done for real on the running app with xdotool, the way the
end-to-end tests do it, against the app's own lab on a rig desktop (Xvfb, openbox, trayer,
dunst, PulseAudio with the virtual headset).

  answer_call            a call rings: the popup is in front, Enter answers
  call_offline_client    Ctrl+K, his name, Ctrl+Enter calls the mobile on his card (was 5:
                         find, open, click the number on the card, Enter)
  quick_reply_by_name    Ctrl+K, the name of the one who wrote, Ctrl+1 opens him with the
                         greeting by name in the box, Enter sends (was 5)
  transfer_to_colleague  during a call: Ctrl+Alt+T, the online colleague is first, Enter
  accept_and_acknowledge an appeal is offered while the specialist works in the window:
                         Ctrl+Shift+A opens the most urgent offer and sends the
                         acknowledgement by name, which accepts it (from the feed:
                         Enter, then Ctrl+Shift+A — two)
  transfer_appeal_to_colleague  Ctrl+Shift+T, the online colleague is first, Enter
  finish_appeal          Ctrl+Shift+F on the open appeal (the client is asked to rate)

Each task is checked (the far side answers, gets the reply, or gets the transferred call).
Writes bench/results/ergonomics.json.

    .venv/bin/python bench/ergonomics.py
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import bench  # noqa: E402
from desktop.lab.lab import LabInfo  # noqa: E402
from tests import rig  # noqa: E402
from tests.desk import Desk, eventually, window_named  # noqa: E402
from tests.peers.client import PeerProcess  # noqa: E402
from tests.peers.xmpp_peer import XmppPeer  # noqa: E402

KEYS = ("answer_call", "call_offline_client", "quick_reply_by_name", "transfer_to_colleague",
        "accept_and_acknowledge", "transfer_appeal_to_colleague", "finish_appeal")


def counted(desk: Desk, task: Callable[[], None]) -> int:
    before = desk.actions
    task()
    return desk.actions - before


def run(work: Path) -> dict[str, int]:
    settings = {"audio.microphone": "headset_mic", "audio.speaker": "headset",
                "audio.ring_devices": "headset", "ui.language": "ru"}
    result: dict[str, int] = {}
    with Desk(work / "base", settings, work / "shots") as desk:
        desk.wait_log("chat anna@deskline.lab: online")
        desk.wait_log("pbx sip:anna@127.0.0.1: online")
        lab = desk.lab()
        anna = f"anna@{lab.domain}"
        desk.focus()

        with PeerProcess(lab, "maria") as maria:
            maria.send("call", uri=f"sip:anna@127.0.0.1:{lab.sip_port}")
            window_named("Входящий звонок")
            time.sleep(0.3)

            def answer() -> None:
                desk.key("Return")
                maria.wait("call", lambda e: e["state"] == "CONFIRMED")
            result["answer_call"] = counted(desk, answer)

            with PeerProcess(lab, "boris", auto_answer=True) as boris_phone, \
                    XmppPeer(lab, "boris"):
                time.sleep(1.0)  # boris's presence reaches the app

                def transfer() -> None:
                    desk.key("ctrl+alt+t", "Return")
                    boris_phone.wait("incoming")
                    boris_phone.wait("call", lambda e: e["state"] == "CONFIRMED")
                result["transfer_to_colleague"] = counted(desk, transfer)
                maria.send("hangup")

        with XmppPeer(lab, "ivan") as ivan:
            ivan.send(anna, "Здравствуйте! Подскажите, где мой заказ?")
            desk.wait_log("message in from ivan@deskline.lab")

            def reply() -> None:
                desk.key("ctrl+k")
                desk.type("ivan")
                desk.key("ctrl+1", "Return")  # (the search opens him with the greeting in)
                eventually(lambda: any(m["from"] == anna for m in ivan.messages))
            result["quick_reply_by_name"] = counted(desk, reply)

        with PeerProcess(lab, "oleg", auto_answer=True) as oleg_phone:
            def call_offline() -> None:
                desk.key("ctrl+k")
                desk.type("oleg")
                desk.key("ctrl+Return")  # his mobile, from his card
                oleg_phone.wait("call", lambda e: e["state"] == "CONFIRMED")
            result["call_offline_client"] = counted(desk, call_offline)
            desk.key("ctrl+alt+h")
        result.update(appeals(desk, lab))
        desk.key("ctrl+q")
        desk.proc.wait(15)
    return result


def accept(desk: Desk, client: XmppPeer) -> None:
    desk.key("ctrl+shift+a")
    eventually(lambda: any("ваше обращение принято" in m["body"] for m in client.messages))


def appeals(desk: Desk, lab: LabInfo) -> dict[str, int]:
    """Two appeals to the lab's support line: one accepted, acknowledged and transferred to
    boris (online, busy for new ones, so the offers are anna's), one finished."""
    result: dict[str, int] = {}
    line = f"support@desk.{lab.domain}"
    with XmppPeer(lab, "boris", desk_show="dnd") as boris, \
            XmppPeer(lab, "maria") as maria, XmppPeer(lab, "oleg") as oleg:
        time.sleep(1.0)
        for n, (client, text) in enumerate(((maria, "Не проходит оплата"),
                                            (oleg, "Нужен акт сверки")), start=1):
            client.send(line, text)  # the lab's desk is new: appeals 1 and 2
            desk.wait_log(f"appeal {n}: offered")

            result["accept_and_acknowledge"] = counted(desk, partial(accept, desk, client))
            desk.wait_log(f"appeal {n}: in-work")
            if client is maria:
                def transfer() -> None:
                    desk.key("ctrl+shift+t", "Return")
                    eventually(lambda: any("передано вам" in m["body"]
                                           for m in boris.messages))
                result["transfer_appeal_to_colleague"] = counted(desk, transfer)
            else:
                def finish() -> None:
                    desk.key("ctrl+shift+f")
                    eventually(lambda: any(m["body"].startswith("Спасибо за обращение")
                                           for m in oleg.messages))
                result["finish_appeal"] = counted(desk, finish)
    return result


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="dl-bench-") as tmp:
        work = Path(tmp)
        procs = []
        try:
            xvfb, display = rig.start_xvfb(work)
            procs.append(xvfb)
            os.environ["DISPLAY"] = display
            dbus, address = rig.start_dbus(work)
            procs.append(dbus)
            os.environ["DBUS_SESSION_BUS_ADDRESS"] = address
            pulse, server = rig.start_pulseaudio(work)
            procs.append(pulse)
            os.environ["PULSE_SERVER"] = server
            procs += [rig.start_window_manager(work, display), rig.start_tray(work, display),
                      rig.start_dunst(work, display, address)]
            result = run(work)
        finally:
            for proc in reversed(procs):
                proc.stop()
    out = ROOT / "bench" / "results" / "ergonomics.json"
    out.write_text(json.dumps({k: result[k] for k in KEYS}, indent=1) + "\n")
    print(f"{'task':30}{'actions':>8}")
    for key in KEYS:
        print(f"{key:30}{result[key]:>8}")
    print(f"-> {out.relative_to(ROOT)}")


if __name__ == "__main__":
    bench.run(main)
