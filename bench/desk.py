"""Support desk benchmark: `deskline desk` (its own process) on a lab Prosody of its own,
with real XMPP accounts as clients and specialists, once on SQLite and once on PostgreSQL.

  route_ms_p50, route_ms_p95   a client's first message to a line -> the offer arrives at
                               the specialist's client (one appeal at a time)
  first_reply_ms_p50, _p95     the specialist's first reply to an offer (it accepts the appeal:
                               the acknowledgement, Ctrl+Shift+A) -> at the client
  relay_ms_p50                 a client's message in an appeal in work -> at the specialist
  direct_chat_ms_p50           the same two accounts, client -> specialist directly (no desk),
                               alternating with the relayed ones; relay_ratio = relay/direct;
                               relay_added_ms = relay - 2 x direct: what the desk adds to the
                               two passes through the server every relay takes
  appeals_per_s                50 specialists finishing every offer at once, 50 clients each
                               opening a new appeal the moment the last one is finished, 10 s
                               (the per-client flood limit is raised for this load run: 50
                               load clients write far faster than people do)
  open_appeals, desk_rss_mb    the desk's resident memory holding 1,000 open appeals
  restart_recover_s            kill -9 of the desk with those 1,000 open -> a new desk process
                               started -> the first offer at a specialist
  failover_s                   (PostgreSQL) a standby desk beside the active one with those
                               1,000 open; kill -9 of the active -> the first offer from the
                               standby (supportdesk/lease.py)
Targets: route p95 <= 50 ms, first reply p95 <= 50 ms, relay added <= 2 ms, >= 100 appeals/s,
RSS <= 150 MB at 1,000 open, recovery <= 3 s, failover <= 5 s. Writes
bench/results/desk.json.

    .venv/bin/python bench/desk.py
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from slixmpp import JID, ClientXMPP  # noqa: E402
from slixmpp.exceptions import IqError  # noqa: E402
from slixmpp.xmlstream.handler import Callback  # noqa: E402
from slixmpp.xmlstream.matcher import StanzaPath  # noqa: E402

import bench  # noqa: E402
from desktop.lab.lab import Lab, LabInfo  # noqa: E402
from desktop.lab.process import free_port  # noqa: E402
from supportdesk import texts  # noqa: E402
from supportdesk.store import DeskStore  # noqa: E402
from tests.postgres import PrivatePostgres  # noqa: E402

NS = "urn:deskline:desk:1"
THANKS = texts.THANKS.ru.split("{", 1)[0]  # how every rating request begins
SPECIALISTS = 50
CLIENTS = 50
OPEN = 1000
TARGETS = {"route_ms_p95": 50, "first_reply_ms_p95": 50, "relay_added_ms": 2,
           "appeals_per_s": 100, "desk_rss_mb": 150, "restart_recover_s": 3,
           "failover_s": 5}


class Member(ClientXMPP):
    """One bench account (registered in-band on first use): a client or a specialist."""

    def __init__(self, lab: LabInfo, name: str, crowd: Crowd) -> None:
        super().__init__(f"{name}@{lab.domain}", "bench-" + name)
        self.crowd = crowd
        self.ca_certs = Path(lab.ca_file)
        self.enable_direct_tls = False
        self.enable_plaintext = False
        self.register_plugin("xep_0077")
        self.plugin["xep_0077"].force_registration = True
        self.online = asyncio.get_running_loop().create_future()
        self.auto_finish = False
        self.add_event_handler("register", self._register)
        self.add_event_handler("session_start", self._started)
        self.register_handler(Callback("all", StanzaPath("message"), self._message))
        self.add_event_handler("presence", self._presence)

    async def _register(self, _form: Any) -> None:
        iq = self.Iq()
        iq["type"] = "set"
        iq["register"]["username"] = self.boundjid.user
        iq["register"]["password"] = self.password
        with contextlib.suppress(IqError):  # there from an earlier phase
            await iq.send(timeout=10)  # type: ignore[no-untyped-call]

    async def _started(self, _event: Any) -> None:
        self.send_presence()
        if self.boundjid.user.startswith("s"):
            self.send_presence(pto=self.crowd.desk)
        if not self.online.done():
            self.online.set_result(None)

    def _presence(self, presence: Any) -> None:
        if presence["from"].bare == self.crowd.desk and self.boundjid.user.startswith("s"):
            self.send_presence(pto=self.crowd.desk)  # a restarted desk asks again

    def _message(self, msg: Any) -> None:
        self.crowd.measure(msg)
        for watch in self.crowd.watchers:
            watch(self.boundjid.user, msg)
        if msg["type"] == "error" or not msg["body"]:
            return
        now = time.monotonic()
        body, sender = str(msg["body"]), msg["from"].bare
        offer = msg.xml.find(f"{{{NS}}}offer") is not None
        self.crowd.seen(self.boundjid.user, sender, body, now, offer)
        if self.auto_finish and offer:
            self.crowd.finish(self.boundjid.user, sender)


def _element(name: str) -> Any:
    from slixmpp.xmlstream import ET  # noqa: PLC0415

    return ET.Element(f"{{{NS}}}{name}")


class Crowd:
    """Many accounts on one asyncio loop in a thread of their own."""

    def __init__(self, lab: LabInfo) -> None:
        self.lab = lab
        self.desk = f"desk.{lab.domain}"
        self.loop = asyncio.new_event_loop()
        self.members: dict[str, Member] = {}
        self.arrivals: dict[str, float] = {}  # a tagged body -> when it first arrived
        self.offer_of: dict[str, tuple[str, str]] = {}  # tag -> (specialist, appeal)
        self.thanks: dict[str, int] = {}  # client -> rating requests (= finished appeals)
        self.offers = 0
        self.on_thanks: Callable[[str], None] | None = None
        self.largest: dict[str, int] = {}  # what the desk sent (its first child) -> bytes
        self.measured: set[str] | None = None  # whose stanzas are measured (None: all)
        self.watchers: list[Callable[[str, Any], None]] = []  # (who, message) in the loop
        threading.Thread(target=self.loop.run_forever, daemon=True).start()

    def measure(self, stanza: Any) -> None:
        """The largest stanza from the desk of each kind, as it arrived (serialised again by
        slixmpp: the same bytes give or take the attributes' order)."""
        if not stanza["from"].domain.startswith("desk.") or (
                self.measured is not None and stanza["to"].user not in self.measured):
            return
        kind = next((child.tag.split("}")[-1] for child in stanza.xml
                     if child.tag.startswith(f"{{{NS}}}")), "body")
        size = len(str(stanza).encode())
        self.largest[kind] = max(size, self.largest.get(kind, 0))

    def seen(self, who: str, sender: str, body: str, now: float, offer: bool) -> None:
        tag = body.rsplit(":", 1)[-1].strip() if "#" in body else ""
        if offer:
            self.offers += 1
            if tag:
                self.offer_of[tag] = (who, sender)
        if tag:
            self.arrivals.setdefault(tag, now)
        if THANKS in body:
            self.thanks[who] = self.thanks.get(who, 0) + 1
            if self.on_thanks is not None:
                self.on_thanks(who)

    def run(self, coro: Any, timeout: float = 120) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def join(self, names: list[str]) -> None:
        async def go() -> None:
            fresh = [Member(self.lab, n, self) for n in names if n not in self.members]
            for m in fresh:
                self.members[m.boundjid.user] = m
                m.connect("127.0.0.1", self.lab.xmpp_port)
            await asyncio.gather(*(m.online for m in fresh))
        self.run(go())

    def send(self, sender: str, to: str, body: str) -> None:
        def go() -> None:
            self.members[sender].send_message(mto=JID(to), mbody=body, mtype="chat")
        self.loop.call_soon_threadsafe(go)

    def finish(self, specialist: str, appeal: str, accept: bool = True) -> None:
        """Finish work on it (accepted first: only what is in work can be finished; an
        appeal answered already is in work)."""
        def go() -> None:
            for action in ("accept", "finish") if accept else ("finish",):
                iq = self.members[specialist].Iq()
                iq["type"], iq["to"] = "set", appeal
                iq.append(_element(action))
                iq.send()
        self.loop.call_soon_threadsafe(go)

    def close(self) -> None:
        async def go() -> None:
            await asyncio.gather(*(m.disconnect(wait=1) for m in self.members.values()),
                                 return_exceptions=True)
        self.run(go())
        self.loop.call_soon_threadsafe(self.loop.stop)


def wait_for(check: Callable[[], Any], timeout: float = 30) -> float:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError("timed out")
        time.sleep(0.0005)
    return time.monotonic()


def config_text(lab: LabInfo, url: str, load: bool) -> str:
    specialists = ", ".join(f'"s{n}@{lab.domain}"' for n in range(SPECIALISTS))
    limits = "[limits]\nclient_burst = 100000\nclient_per_s = 100000\n" if load else ""
    return (f'domain = "{lab.domain}"\n[component]\nport = {lab.desk_port}\n'
            f'secret = "{lab.desk_secret}"\n[store]\nurl = "{url}"\n{limits}'
            f'[[line]]\nid = "support"\nname = "Техподдержка"\ncapacity = 30\npublic = true\n'
            f"members = [{specialists}]\n")


class DeskRun:
    started: ClassVar[list[DeskRun]] = []  # every desk this run started: stopped whatever happens

    def __init__(self, config: Path, until: str = "joined as") -> None:
        """Started, and once it said `until` (a standby says "standby:")."""
        DeskRun.started.append(self)
        self.config = config
        self.log = config.with_suffix(".log").open("ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "desktop.cli", "desk", "--config", str(config)],
            stdout=subprocess.PIPE, stderr=self.log, text=True)
        assert self.proc.stdout is not None
        self.read_until(until)

    def read_until(self, text: str) -> None:
        """What the desk prints, up to a line with `text` (on PostgreSQL "active (epoch n)"
        comes before "joined as")."""
        assert self.proc.stdout is not None
        line = ""
        while text not in line:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError(f"the desk ended before it said {text!r}")

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def stop(self, kill: bool = False) -> None:
        self.proc.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
        self.proc.wait(15)
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        self.log.close()


def route_and_relay(crowd: Crowd, line: str) -> dict[str, float]:
    routes, firsts, relays, directs = [], [], [], []
    holder: dict[str, str] = {}  # client -> the specialist who has their appeal in work
    for n in range(100):  # one appeal at a time; ten clients, ten appeals each
        client = f"c{n % 10}"
        tag = f"route{n}"
        crowd.send(client, line, f"Вопрос #:{tag}")
        sent = time.monotonic()
        routes.append((wait_for(lambda t=tag: t in crowd.offer_of) - sent) * 1000)
        specialist, appeal = crowd.offer_of[tag]
        crowd.send(specialist, appeal, f"Ответ #:first{n}")  # accepted by it
        sent = time.monotonic()
        firsts.append((wait_for(lambda t=f"first{n}": t in crowd.arrivals) - sent) * 1000)
        if n >= 90:  # the last ten stay in work for the relay run
            holder[client] = specialist
            continue
        finished = crowd.thanks.get(client, 0)
        crowd.finish(specialist, appeal, accept=False)  # (the answer accepted it)
        wait_for(lambda c=client, f=finished: crowd.thanks.get(c, 0) > f)
    time.sleep(0.5)
    for n in range(60):
        client = f"c{n % 10}"
        relayed, direct = f"relay{n}", f"direct{n}"
        crowd.send(client, line, f"Сообщение #:{relayed}")
        sent = time.monotonic()
        relays.append((wait_for(lambda t=relayed: t in crowd.arrivals) - sent) * 1000)
        crowd.send(client, f"{holder[client]}@{crowd.lab.domain}", f"Напрямую #:{direct}")
        sent = time.monotonic()
        directs.append((wait_for(lambda t=direct: t in crowd.arrivals) - sent) * 1000)
        time.sleep(0.15)  # ten clients, under one message a second each: the flood limit
    routes.sort()
    firsts.sort()
    relay, direct_ms = statistics.median(relays), statistics.median(directs)
    return {"route_ms_p50": round(statistics.median(routes), 2),
            "route_ms_p95": round(routes[int(len(routes) * 0.95) - 1], 2),
            "first_reply_ms_p50": round(statistics.median(firsts), 2),
            "first_reply_ms_p95": round(firsts[int(len(firsts) * 0.95) - 1], 2),
            "relay_ms_p50": round(relay, 2), "direct_chat_ms_p50": round(direct_ms, 2),
            "relay_ratio": round(relay / direct_ms, 2),
            # Two passes through the server are the floor of any relay: what the desk adds.
            "relay_added_ms": round(relay - 2 * direct_ms, 2)}


def throughput(crowd: Crowd, line: str, seconds: float = 10.0) -> float:
    for n in range(SPECIALISTS):
        crowd.members[f"s{n}"].auto_finish = True
    counter = {"n": 0}
    running = threading.Event()
    running.set()

    def again(who: str) -> None:  # in the crowd's loop: the next appeal at once
        if who.startswith("l") and running.is_set():
            counter["n"] += 1
            crowd.members[who].send_message(mto=JID(line), mbody=f"Нагрузка {counter['n']}",
                                            mtype="chat")

    crowd.on_thanks = again
    for n in range(CLIENTS):
        crowd.send(f"l{n}", line, "Нагрузка")
    time.sleep(2)  # warm up
    start, begin = counter["n"], time.monotonic()
    time.sleep(seconds)
    done = counter["n"] - start
    elapsed = time.monotonic() - begin
    running.clear()
    crowd.on_thanks = None
    time.sleep(1)
    for n in range(SPECIALISTS):
        crowd.members[f"s{n}"].auto_finish = False
    return round(done / elapsed, 1)


def fill(url: str, line: str, domain: str) -> None:
    """1,000 open appeals waiting, as a busy day leaves them."""
    store = DeskStore(url)
    now = time.time()
    for n in range(OPEN):
        appeal = store.new_appeal(line, f"x{n}@{domain}", "chat", now)
        store.add_message(appeal, f"x{n}@{domain}", f"Ожидающее обращение {n}", f"x{n}", now)
    store.close()


def one_store(crowd: Crowd, lab: LabInfo, url: str, work: Path) -> dict[str, float]:
    line = f"support@desk.{lab.domain}"
    crowd.arrivals.clear()  # appeal ids start again at 1 in a new store
    crowd.offer_of.clear()
    config = work / "desk.toml"
    config.write_text(config_text(lab, url, load=False), encoding="utf-8")
    config.chmod(0o600)  # (it holds the component secret)
    desk = DeskRun(config)
    time.sleep(1)  # the specialists answer the desk's greeting with their status
    result = route_and_relay(crowd, line)
    desk.stop()
    config.write_text(config_text(lab, url, load=True), encoding="utf-8")
    desk = DeskRun(config)
    time.sleep(1)
    result["appeals_per_s"] = throughput(crowd, line)
    desk.stop()
    fill(url, "support", lab.domain)
    config.write_text(config_text(lab, url, load=False), encoding="utf-8")
    desk = DeskRun(config)
    time.sleep(3)  # all recovered and the first offers out
    result["open_appeals"] = OPEN
    result["desk_rss_mb"] = round(desk.rss_mb(), 1)
    offers = crowd.offers
    desk.stop(kill=True)
    killed = time.monotonic()
    desk = DeskRun(config)
    wait_for(lambda: crowd.offers > offers, timeout=30)
    result["restart_recover_s"] = round(time.monotonic() - killed, 2)
    if url.startswith("postgresql"):
        standby = DeskRun(config, until="standby:")
        desk.stop(kill=True)
        killed = time.monotonic()
        standby.read_until("joined as")
        offers = crowd.offers  # (the killed one's last offers have long arrived by now)
        wait_for(lambda: crowd.offers > offers, timeout=30)
        result["failover_s"] = round(time.monotonic() - killed, 2)
        desk = standby
    desk.stop()
    return result


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="dl-bench-desk-") as tmp:
        work = Path(tmp)
        lab = Lab(work / "lab", free_port(), free_port(), desk=False)
        info = lab.start()
        postgres = PrivatePostgres()
        crowd = Crowd(info)
        try:
            crowd.join([f"s{n}" for n in range(SPECIALISTS)] + [f"c{n}" for n in range(10)]
                       + [f"l{n}" for n in range(CLIENTS)])
            results: dict[str, Any] = {}
            for name, url in (("sqlite", f"sqlite:///{work / 'desk.sqlite3'}"),
                              ("postgresql", postgres.database("bench_desk"))):
                results[name] = one_store(crowd, info, url, work)
                print(name, json.dumps(results[name], ensure_ascii=False), flush=True)
        finally:
            for desk in DeskRun.started:
                if desk.proc.poll() is None:
                    desk.proc.kill()
                    desk.proc.wait(10)
            crowd.close()
            postgres.stop()
            lab.stop()
    results["targets"] = TARGETS
    out = ROOT / "bench" / "results" / "desk.json"
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    bench.run(main)
