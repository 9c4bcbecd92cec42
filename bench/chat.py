"""Chat benchmark against a lab Prosody of its own (started and stopped here).

  rtt_median_ms, rtt_p95_ms  ChatService.send() -> the echo of a slixmpp peer arrives on the
                             bus: our services, the adapter thread, TLS, Prosody, both ways
  open_10k_ms                ChatPane.open() on a conversation of 10,000 stored messages, until
                             the view is laid out and scrolled to the newest
  roster_1000_ms             sign-in with 1,000 contacts on the server's roster -> all of
                             them listed in the contacts panel (connect, TLS, auth included)
  sign_in_5_ms               the same with the 5 demo contacts, for comparison
  vcard_iqs_at_signin        contacts' cards (vCard IQs) asked for within 3 s of signing in
                             with the 1,000-contact roster: those in view, not all of them
Writes bench/results/chat.json.

    .venv/bin/python bench/chat.py [--messages N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

import bench  # noqa: E402
from desktop.bus import Bus, ChatMessage, LinkState  # noqa: E402
from desktop.chat.account import XmppAccount  # noqa: E402
from desktop.chat.conversations import ChatService  # noqa: E402
from desktop.chat.session import ChatSession  # noqa: E402
from desktop.chat.xmpp.profiles import Profiles  # noqa: E402
from desktop.gui_thread import GuiThread  # noqa: E402
from desktop.lab.lab import Lab, LabInfo  # noqa: E402
from desktop.lab.process import free_port  # noqa: E402
from desktop.settings import Settings  # noqa: E402
from desktop.store import Store  # noqa: E402
from desktop.ui.chat_pane import ChatPane  # noqa: E402
from desktop.ui.contacts import ContactsPanel  # noqa: E402
from tests.peers.xmpp_peer import XmppPeer  # noqa: E402

KEYS = ("rtt_median_ms", "rtt_p95_ms", "open_10k_ms", "roster_1000_ms")


def wait(app: QApplication, check: Callable[[], Any], timeout: float = 30.0) -> float:
    return bench.wait(app, check, timeout, poll_s=0.0002)


class Specialist:
    """anna's chat services, as the app builds them."""

    def __init__(self, lab: LabInfo, store: Store) -> None:
        self.lab = lab
        self.bus = Bus()
        self.store = store
        self.chats = ChatService(self.bus, store)
        self.session = ChatSession(self.bus, GuiThread(), self.chats)
        self.incoming: dict[str, float] = {}
        self.bus.message.connect(self._message)

    def _message(self, message: ChatMessage) -> None:
        if not message.outgoing:
            self.incoming.setdefault(message.body, time.monotonic())

    def sign_in(self) -> None:
        self.session.sign_in(XmppAccount(f"anna@{self.lab.domain}", self.lab.passwords["anna"],
                                         "127.0.0.1", self.lab.xmpp_port, self.lab.ca_file))


def measure_rtt(app: QApplication, lab: LabInfo, count: int) -> list[float]:
    anna = Specialist(lab, Store(":memory:"))
    anna.sign_in()
    wait(app, lambda: anna.session.state is LinkState.ONLINE)
    samples = []
    with XmppPeer(lab, "ivan", echo=True):
        for i in range(count + 5):
            body = f"проверка связи {i}"
            sent = time.monotonic()
            anna.chats.send(f"ivan@{lab.domain}", body)
            wait(app, lambda b=body: b in anna.incoming)  # type: ignore[misc]
            if i >= 5:  # the first few warm up caches and the TLS session
                samples.append((anna.incoming[body] - sent) * 1000)
    anna.session.sign_out()
    return samples


def measure_open(app: QApplication, lab: LabInfo, tmp: Path) -> float:
    store = Store(tmp / "open.sqlite3")
    account, peer = f"anna@{lab.domain}", f"ivan@{lab.domain}"
    start = time.time() - 10_000 * 60
    with store.transaction():
        for i in range(10_000):
            store.cache_message(account, peer, f"m{i}", i % 3 == 0,
                                f"Сообщение номер {i}: обычный текст обращения клиента.",
                                start + i * 60)
    anna = Specialist(lab, store)
    anna.chats.account = account
    pane = ChatPane(anna.session, anna.chats, anna.bus, Settings(None))
    pane.resize(700, 800)
    pane.show()
    app.processEvents()
    bar = pane.view.verticalScrollBar()
    began = time.monotonic()
    pane.open(peer)
    layout = pane.view.document().documentLayout()
    done = wait(app, lambda: bar.maximum() > 0 and bar.value() == bar.maximum()
                and layout.documentSize().height() > 0)
    pane.close()
    return (done - began) * 1000


SIGN_IN_WINDOW_S = 3.0


def measure_roster(app: QApplication, lab: LabInfo, expected: int) -> tuple[float, int]:
    """(ms until every contact is listed, vCard IQs sent within SIGN_IN_WINDOW_S)."""
    anna = Specialist(lab, Store(":memory:"))
    panel = ContactsPanel(anna.session, anna.chats, anna.bus)
    panel.resize(300, 700)
    panel.show()
    asked: list[float] = []
    fetch = Profiles._fetch

    async def counted(profiles: Profiles, jid: str) -> None:
        asked.append(time.monotonic())
        await fetch(profiles, jid)

    Profiles._fetch = counted  # type: ignore[method-assign]
    try:
        began = time.monotonic()
        anna.sign_in()
        done = wait(app, lambda: panel.list.count() >= expected, timeout=60)
        wait(app, lambda: time.monotonic() - began > SIGN_IN_WINDOW_S, timeout=10)
    finally:
        Profiles._fetch = fetch  # type: ignore[method-assign]
    anna.session.sign_out(wait=3.0)
    panel.close()
    return (done - began) * 1000, sum(1 for t in asked if t - began <= SIGN_IN_WINDOW_S)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=200)
    args = parser.parse_args()
    app = QApplication(["bench"])
    with (tempfile.TemporaryDirectory(prefix="dl-bench-") as tmp,
          Lab(Path(tmp) / "lab", free_port(), free_port()) as lab):
        rtt = measure_rtt(app, lab, args.messages)
        open_10k = statistics.median(measure_open(app, lab, Path(tmp)) for _ in range(3))
        sign_in_5 = statistics.median(measure_roster(app, lab, 5)[0] for _ in range(3))
        with XmppPeer(lab, "anna") as filler:
            filler.add_roster_items([(f"client{i:04d}@{lab.domain}", f"Клиент {i:04d}")
                                     for i in range(995)])
        runs = [measure_roster(app, lab, 1000) for _ in range(3)]
        roster = statistics.median(ms for ms, _iqs in runs)
        iqs = max(count for _ms, count in runs)
    rtt.sort()
    result: dict[str, Any] = {
        "rtt_median_ms": round(statistics.median(rtt), 1),
        "rtt_p95_ms": round(rtt[int(len(rtt) * 0.95) - 1], 1),
        "open_10k_ms": round(open_10k, 1),
        "roster_1000_ms": round(roster, 1),
        "sign_in_5_ms": round(sign_in_5, 1),
        "vcard_iqs_at_signin": iqs,
        "messages": len(rtt),
    }
    out = ROOT / "bench" / "results" / "chat.json"
    out.write_text(json.dumps(result, indent=1) + "\n")
    for key in (*KEYS, "sign_in_5_ms", "vcard_iqs_at_signin"):
        print(f"{key:16}{result[key]:>9.1f}")
    print(f"-> {out.relative_to(ROOT)}")


if __name__ == "__main__":
    bench.run(main)
