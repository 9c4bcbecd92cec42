"""Appeals in the app, against a lab Prosody of its own and the real desk (in a thread of
this process, so both ends read one clock):

  offer_to_row_ms_p50, _p95   the desk sends an offer -> its row is painted in the feed
                              (desk, Prosody, TLS, the app's XMPP thread, AppealService,
                              the feed's layout and paint); 60 offers, each finished before
                              the next
  feed_500_ms                 a feed of 500 appeals (offered, in work, queued, finished;
                              500 different clients) laid out and painted, from cold
  open_transferred_appeal_ms  an appeal with 1,000 earlier messages is transferred to the
                              specialist, who opens it at once -> the newest message shown
                              (the hand-over, the desk's history, the local store, the view)
  transfer_dialog_ms          Ctrl+Shift+T on that open appeal -> the transfer dialog shown
                              (median of 10)
Writes bench/results/appeals_ui.json.

    .venv/bin/python bench/appeals_ui.py
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

import bench  # noqa: E402
from desktop.appeals.service import AppealService  # noqa: E402
from desktop.appeals.values import Mine, Offer, Waiting  # noqa: E402
from desktop.bus import AppealInfo, AppealState, Bus, ContactInfo, LinkState, Status  # noqa: E402
from desktop.chat.account import XmppAccount  # noqa: E402
from desktop.chat.conversations import ChatService  # noqa: E402
from desktop.chat.session import ChatSession  # noqa: E402
from desktop.gui_thread import GuiThread  # noqa: E402
from desktop.lab.lab import Lab, LabInfo  # noqa: E402
from desktop.lab.process import free_port  # noqa: E402
from desktop.settings import Settings  # noqa: E402
from desktop.store import Store  # noqa: E402
from desktop.ui.appeal_bar import AppealBar  # noqa: E402
from desktop.ui.appeals_feed import ID_ROLE, AppealsFeed  # noqa: E402
from desktop.ui.chat_pane import ChatPane  # noqa: E402
from desktop.ui.transfer_dialog import TransferDialog  # noqa: E402
from supportdesk.config import DeskConfig, Line, Organisation  # noqa: E402
from supportdesk.store import DeskStore  # noqa: E402
from tests.peers.xmpp_peer import XmppPeer  # noqa: E402
from tests.supportdesk_rig import RunningDesk, action  # noqa: E402

KEYS = ("offer_to_row_ms_p50", "offer_to_row_ms_p95", "feed_500_ms",
        "open_transferred_appeal_ms", "transfer_dialog_ms")
OFFERS = 60
EARLIER = 1000


def until(app: QApplication, check: object, timeout: float = 20.0) -> float:
    return bench.wait(app, check, timeout, poll_s=0.0002)  # type: ignore[arg-type]


def config(lab: LabInfo, store_url: str) -> DeskConfig:
    d = lab.domain
    return DeskConfig(d, "127.0.0.1", lab.desk_port, lab.desk_secret, store_url,
                      (Line("support", "Техподдержка", "", 300, 1000, 5,
                            (f"anna@{d}", f"boris@{d}"), ()),),
                      (Organisation("ООО «Ромашка»", (f"ivan@{d}",), ("support",)),),
                      client_burst=10_000)  # one client opens all the appeals here


class Specialist:
    """anna's chat and appeals services, as the app builds them."""

    def __init__(self, app: QApplication, lab: LabInfo) -> None:
        self.app = app
        self.bus = Bus()
        self.chats = ChatService(self.bus, Store(":memory:"))
        self.session = ChatSession(self.bus, GuiThread(), self.chats)
        self.appeals = AppealService(self.bus)
        self.session.worker_users.append(self.appeals.use_worker)
        self.session.sign_in(XmppAccount(f"anna@{lab.domain}", lab.passwords["anna"],
                                         "127.0.0.1", lab.xmpp_port, lab.ca_file))
        until(app, lambda: self.session.state is LinkState.ONLINE)

    def close(self) -> None:
        self.session.sign_out()


class Painted(QObject):
    """When each appeal's row was first painted."""

    def __init__(self, feed: AppealsFeed) -> None:
        super().__init__()
        self.feed = feed
        self.at: dict[int, float] = {}
        feed.list.viewport().installEventFilter(self)

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's
        if event.type() == QEvent.Type.Paint:
            now = time.perf_counter()
            for row in range(self.feed.list.count()):
                appeal = self.feed.list.item(row).data(ID_ROLE)
                if appeal is not None:
                    self.at.setdefault(int(appeal), now)
        return False


def offer_to_row(app: QApplication, lab: LabInfo, work: Path) -> list[float]:
    with RunningDesk(config(lab, f"sqlite:///{work / 'offers.sqlite3'}")) as desk:
        assert desk.component is not None
        outbox = desk.component.service.out
        sent: dict[int, float] = {}
        send = outbox.message

        def message(*args: object, **kwargs: object) -> None:
            offer = kwargs.get("offer")
            if isinstance(offer, dict):
                sent[int(offer["appeal"])] = time.perf_counter()
            send(*args, **kwargs)  # type: ignore[arg-type]
        outbox.message = message  # type: ignore[method-assign]
        anna = Specialist(app, lab)
        feed = AppealsFeed(anna.appeals, anna.bus,
                           lambda jid: (jid.partition("@")[0], b""))
        feed.resize(320, 700)
        feed.show()
        painted = Painted(feed)
        line = f"support@desk.{lab.domain}"
        out: list[float] = []
        with XmppPeer(lab, "ivan") as ivan:
            for n in range(OFFERS):
                ivan.send(line, f"Вопрос {n}")
                until(app, lambda n=n: len(sent) > n  # type: ignore[misc]
                      and max(sent) in painted.at)
                appeal = max(sent)
                out.append((painted.at[appeal] - sent[appeal]) * 1000)
                anna.appeals.accept(appeal)  # (only what is in work can be finished)
                until(app, lambda a=appeal: anna.appeals.appeals[a].state  # type: ignore[misc]
                      is AppealState.IN_WORK)
                anna.appeals.finish(appeal)
                until(app, lambda a=appeal: anna.appeals.appeals[a].state  # type: ignore[misc]
                      is AppealState.FINISHED)
        anna.close()
    return out


def feed_500(app: QApplication) -> float:
    """Cold: a new feed (no faces drawn yet) over 500 appeals, laid out and painted."""
    bus = Bus()
    appeals = AppealService(bus)
    now = time.time()
    # The desk's list first: it replaces whatever was open.
    appeals.on_mine([Mine(2000 + i, "support", "Техподдержка", f"client{300 + i}@x",
                          "in_work" if i < 100 else "rated", transfers=i % 2,
                          finished_at=now - i if i >= 100 else 0.0,
                          score=5 if i >= 100 else 0, comment="спасибо")
                     for i in range(200)])
    for i in range(200):
        appeals.on_offer(Offer(i, "support", "Техподдержка", f"client{i}@x", now + 300 - i,
                               "ООО «Ромашка»"))
    appeals.on_queue("support", "Техподдержка",
                     [Waiting(1000 + i, f"client{200 + i}@x", now - i, "ИП Морозов",
                              now + 300 - i) for i in range(100)])
    assert len(appeals.appeals) == 500
    times = []
    for _ in range(5):
        feed = AppealsFeed(appeals, bus, lambda jid: (jid.partition("@")[0], b""))
        feed.resize(320, 700)
        feed.show()
        app.processEvents()
        start = time.perf_counter()
        feed.refresh()
        feed.list.doItemsLayout()
        feed.list.viewport().repaint()
        times.append((time.perf_counter() - start) * 1000)
        feed.deleteLater()
        app.processEvents()
    return statistics.median(times)


class Shown(QObject):
    """When a transfer dialog was shown; it is closed at once."""

    def __init__(self) -> None:
        super().__init__()
        self.at = 0.0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's
        if event.type() == QEvent.Type.Show and isinstance(watched, TransferDialog):
            self.at = time.perf_counter()
            QTimer.singleShot(0, watched.reject)
        return False


def transfer_dialog(app: QApplication, anna: Specialist, address: str) -> float:
    """The appeal bar's key for Transfer… -> its dialog shown, median of 10."""
    bar = AppealBar(anna.appeals, anna.bus,
                    lambda _c: [ContactInfo("boris@x", "Борис", Status.ONLINE)],
                    lambda _a: "", lambda _a: "")
    bar.show_for(address)
    bar.show()
    shown = Shown()
    app.installEventFilter(shown)
    times = []
    for _ in range(10):
        bar.activateWindow()  # (offscreen, no window manager gives it back after a dialog)
        until(app, bar.isActiveWindow)
        shown.at = 0.0
        start = time.perf_counter()
        QTest.keyClick(bar, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier
                       | Qt.KeyboardModifier.ShiftModifier)
        until(app, lambda: shown.at)
        times.append((shown.at - start) * 1000)
    app.removeEventFilter(shown)
    bar.close()
    return statistics.median(times)


def open_transferred(app: QApplication, lab: LabInfo, work: Path) -> tuple[float, float]:
    """boris has an appeal of 1,000 messages and transfers it to anna, who opens it."""
    work.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{work / 'transfer.sqlite3'}"
    d = lab.domain
    store = DeskStore(url)
    store.upgrade()
    start = time.time() - 3600
    appeal = store.new_appeal("support", f"ivan@{d}", "chat", start)
    store.step(appeal, "accepted", start, f"boris@{d}", state="in_work",
               specialist=f"boris@{d}")
    for n in range(EARLIER):
        sender = f"ivan@{d}" if n % 2 == 0 else f"boris@{d}"
        store.add_message(appeal, sender, f"Сообщение {n}", f"m{n}", start + n)
    store.close()
    with RunningDesk(config(lab, url)), XmppPeer(lab, "boris", desk_show="") as boris:
        anna = Specialist(app, lab)
        pane = ChatPane(anna.session, anna.chats, anna.bus, Settings(None))
        pane.resize(600, 700)
        pane.show()
        handed: list[float] = []

        def on_appeal(info: AppealInfo) -> None:
            if info.state is AppealState.IN_WORK and not handed:
                handed.append(time.perf_counter())
                pane.open(info.address)  # the specialist opens it at once
        anna.bus.appeal.connect(on_appeal)
        time.sleep(0.5)
        assert action(boris, f"a{appeal}@desk.{d}",
                      f"<transfer xmlns='urn:deskline:desk:1' to='anna@{d}'/>",
                      "t1") == ("result", "")
        until(app, lambda: handed and f"Сообщение {EARLIER - 1}" in pane.view.toPlainText())
        shown = time.perf_counter()
        dialog_ms = transfer_dialog(app, anna, f"a{appeal}@desk.{d}")
        anna.close()
    return (shown - handed[0]) * 1000, dialog_ms


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory(prefix="dl-bench-appeals-") as tmp, \
            Lab(Path(tmp) / "lab", free_port(), free_port(), desk=False) as lab:
        work = Path(tmp)
        offers = sorted(offer_to_row(app, lab, work))
        opened = [open_transferred(app, lab, work / str(i)) for i in range(3)]
        result = {
            "offer_to_row_ms_p50": round(statistics.median(offers), 1),
            "offer_to_row_ms_p95": round(offers[int(len(offers) * 0.95) - 1], 1),
            "feed_500_ms": round(feed_500(app), 1),
            "open_transferred_appeal_ms": round(statistics.median(o for o, _ in opened), 1),
            "transfer_dialog_ms": round(statistics.median(t for _, t in opened), 1),
        }
    out = ROOT / "bench" / "results" / "appeals_ui.json"
    out.write_text(json.dumps(result, indent=1) + "\n")
    for key in KEYS:
        print(f"{key:30}{result[key]:>10}")
    print(f"-> {out.relative_to(ROOT)}")


if __name__ == "__main__":
    bench.run(main)
