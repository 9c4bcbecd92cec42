"""The desk under hostile clients, big data and faults (#24): `deskline desk` in a process of
its own on a lab Prosody of its own, its store a year's history (300,000 appeals, some
21,000 rating comments), its PBX endpoint asked as Kamailio asks it. Clients and
specialists are real XMPP accounts (bench/desk.py's Crowd); sizes are of what arrived.

  chat_route_ms_p95_quiet               a client's first message to a line -> the offer at a
                                        specialist, nothing else going on (the baseline)
  chat_route_ms_p95_during_pbx_burst    the same, sent while 1,000 concurrent /route
                                        questions are asked (four bursts, ten chats in each)
  pbx_route_ms_p95                      those questions' own answers
  chat_route_ms_p95_during_year_report  the same, while a senior's year report is computed
  report_year_ms                        that report, asked -> its answer at the senior
  largest_stanza_sent_kb                the largest stanza the desk sent, of each kind: the
                                        offer of a 16 x 10,000-character conversation, the
                                        year's report, the queue of 4,000 callbacks (each
                                        must stay well under Prosody's 512 KiB)
  nested_stanza_desk_stays_up           20 IQs and messages nested 600 deep to the desk, a
                                        line and an appeal: the desk never left the server
                                        and a chat routes after them
  lost_on_kill9                         50 clients writing; the desk killed -9 at six random
                                        points and started again: messages the line
                                        acknowledged (XEP-0184) that are not in the store
  stale_after_reconnect                 Prosody down 30 s with 6 offers out on a 10 s line:
                                        withdrawals, and offers doubled, that reach the
                                        specialist in the 5 s after she is back
  missed_blamed_while_down              `offer_missed` steps written while it was down or in
                                        the 3 s after the desk joined again

Targets: chat p95 <= 50 ms under the burst and the report, each stanza < 400 KiB, the desk
stays up, nothing lost, nothing stale, nobody blamed. Writes bench/results/hostile_desk.json.

    .venv/bin/python bench/hostile_desk.py
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
import random
import re
import sys
import tempfile
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

import bench  # noqa: E402
from bench import reports  # noqa: E402
from bench.desk import NS, Crowd, wait_for  # noqa: E402
from desktop.lab.lab import Lab, LabInfo  # noqa: E402
from desktop.lab.process import free_port  # noqa: E402
from supportdesk.store import DeskStore  # noqa: E402
from supportdesk.store.schema import events, messages  # noqa: E402
from tests.peers.xmpp_peer import XmppPeer  # noqa: E402
from tests.supportdesk_rig import DeskProcess  # noqa: E402

CALLS_SECRET = "bench-calls-secret-0123456789"  # noqa: S105 - the bench's own
PHONE = "+74950000100"
YEAR = 300_000
BURST = 1000
BURSTS = 4
DEEP = 600
SERVER_LIMIT_KB = 512  # Prosody's default stanza limit for a component
TARGETS = {"chat_route_ms_p95_during_pbx_burst": 50, "chat_route_ms_p95_during_year_report": 50,
           "largest_stanza_sent_kb": 400, "nested_stanza_desk_stays_up": True,
           "lost_on_kill9": 0, "stale_after_reconnect": 0, "missed_blamed_while_down": 0}
COMMENT = ("Спасибо, специалист быстро разобрался: перенёс остатки, сверил акт за квартал и "
           "объяснил, где смотреть задолженность. Звонок прервался один раз, перезвонили сами.")


def desk_toml(lab: LabInfo, url: str, calls_port: int) -> str:
    d = lab.domain
    people = lambda names: ", ".join(f'"{n}@{d}"' for n in names)  # noqa: E731
    line = ('[[line]]\nid = "{id}"\nname = "{id}"\npublic = true\ncapacity = {cap}\n'
            'members = [{members}]\nseniors = ["senior@' + d + '"]\n{more}')
    return (f'domain = "{d}"\n[component]\nport = {lab.desk_port}\n'
            f'secret = "{lab.desk_secret}"\n[calls]\nport = {calls_port}\n'
            f'secret = "{CALLS_SECRET}"\n[store]\nurl = "{url}"\n'
            # 50 load clients write faster than people do; the floods are tested elsewhere
            "[limits]\nclient_burst = 100000\nclient_per_s = 100000\n"
            + line.format(id="support", cap=60, members=people(f"s{n}" for n in range(10)),
                          more="")
            + line.format(id="phone", cap=3, members=people(f"s{n}" for n in range(10, 50)),
                          more=f'phone = "{PHONE}"\n')
            + line.format(id="night", cap=3, members=people(["sn0"]), more="")
            + line.format(id="quick", cap=6, members=people(["anna"]),
                          more="accept_seconds = 10\n"))


def year(url: str, domain: str) -> None:
    store = DeskStore(url)
    reports.fill(store, count=YEAR, days=365, lines=("support", "phone", "night"),
                 people=tuple(f"s{n}@{domain}" for n in range(50)), comment=COMMENT)
    store.close()


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return round(ordered[max(0, int(len(ordered) * 0.95) - 1)], 2)


def chats(crowd: Crowd, clients: list[str], gap_s: float,
          during: threading.Thread | None = None) -> list[float]:
    """Each client opens an appeal on the support line, `gap_s` apart (while `during`, a
    thread, runs); the ms until each offer arrived."""
    line = f"support@{crowd.desk}"
    sent: dict[str, float] = {}
    for name in clients:
        tag = f"route-{name}"
        crowd.send(name, line, f"Вопрос #:{tag}")
        sent[tag] = time.monotonic()
        time.sleep(gap_s)
    if during is not None:
        during.join()
    wait_for(lambda: all(tag in crowd.offer_of for tag in sent), 60)
    return [(crowd.arrivals[tag] - at) * 1000 for tag, at in sent.items()]


async def _ask(port: int, path: str, codes: dict[str, int] | None = None) -> float:
    began = time.monotonic()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(f"GET {path}&secret={CALLS_SECRET} HTTP/1.1\r\nHost: desk\r\n\r\n".encode())
    head = await reader.readuntil(b"\r\n\r\n")
    length = int(re.search(rb"Content-Length: (\d+)", head).group(1))  # type: ignore[union-attr]
    await reader.readexactly(length)
    writer.close()
    if codes is not None:
        code = head.split(b" ", 2)[1].decode()
        codes[code] = codes.get(code, 0) + 1
    return (time.monotonic() - began) * 1000


def _burst(port: int, first: int, count: int, started: Any, results: Connection) -> None:
    """`count` route questions at once, each on a connection of its own (callers
    +7916{first…}); in a process of its own, as the PBX is (not competing with the bench's
    clients for one interpreter)."""
    codes: dict[str, int] = {}

    async def all_at_once() -> list[float]:
        started.set()
        return await asyncio.gather(*(
            _ask(port, f"/route?number={PHONE}&caller=%2B7916{n:07d}&call=c{n}", codes)
            for n in range(first, first + count)))

    results.send((asyncio.run(all_at_once()), codes))


def _staff(info: LabInfo, names: list[str], joined: Any, stop: Any) -> None:
    """The phone line's other staff, signed in from a process of their own, as each is
    from an app of their own: parsing the queue the desk tells them every second is their
    work, not the clients' whose chats the bench times."""
    crowd = Crowd(info)
    crowd.join(names)
    joined.set()
    stop.wait()
    crowd.close()


def pbx_burst(crowd: Crowd, calls_port: int) -> dict[str, float]:
    routes: list[float] = []
    pbx: list[float] = []
    codes: dict[str, int] = {}
    spawn = multiprocessing.get_context("spawn")
    for n in range(BURSTS):
        started = spawn.Event()
        results, sending = spawn.Pipe(duplex=False)
        asking = spawn.Process(target=_burst, args=(calls_port, n * BURST, BURST, started,
                                                     sending))
        asking.start()
        started.wait(30)
        time.sleep(0.02)
        routes += chats(crowd, [f"c{100 + 25 * n + k}" for k in range(25)], 0.03)
        times, answered = results.recv()
        asking.join()
        pbx += times
        for code, count in answered.items():
            codes[code] = codes.get(code, 0) + count
    for n in range(0, BURSTS * BURST, BURST):  # those still ringing given up: callbacks
        ended(calls_port, n, BURST)
    print(f"the PBX's questions answered: {codes}; chats routed meanwhile (ms): "
          f"{[round(r) for r in routes]}", flush=True)
    return {"chat_route_ms_p95_during_pbx_burst": p95(routes), "pbx_route_ms_p95": p95(pbx)}


def ended(port: int, first: int, count: int) -> None:
    async def all_at_once() -> None:
        await asyncio.gather(*(_ask(port, f"/ended?call=c{n}")
                               for n in range(first, first + count)))
    asyncio.run(all_at_once())


def year_report(crowd: Crowd) -> dict[str, float]:
    result: dict[str, float] = {}

    def ask() -> None:
        async def go() -> None:
            iq = crowd.members["senior"].Iq()
            iq["type"], iq["to"] = "get", crowd.desk
            query = iq.xml.makeelement(f"{{{NS}}}report", {
                "since": str(int(reports.START)), "until": str(int(reports.START + 365 * 86400))})
            iq.xml.append(query)
            began = time.monotonic()
            answer = await iq.send(timeout=120)  # type: ignore[no-untyped-call]
            result["report_year_ms"] = round((time.monotonic() - began) * 1000, 1)
            crowd.largest["report"] = len(str(answer).encode())
        crowd.run(go(), timeout=130)

    asking = threading.Thread(target=ask)
    asking.start()
    time.sleep(0.05)
    routes = chats(crowd, [f"c{60 + n}" for n in range(20)], 0.03, asking)
    result["chat_route_ms_p95_during_year_report"] = p95(routes)
    return result


def long_offer(crowd: Crowd) -> None:
    """16 messages of 10,000 characters to a line whose only member is away; then she comes."""
    for n in range(16):
        crowd.send("c90", f"night@{crowd.desk}", f"{n:02d} " + "длинное сообщение " * 555)
    time.sleep(2)
    offers: list[int] = []
    crowd.watchers.append(lambda who, msg: offers.append(1) if who == "sn0" and msg.xml.find(
        f"{{{NS}}}offer") is not None else None)
    crowd.join(["sn0"])
    wait_for(lambda: offers, 30)


def nested(crowd: Crowd, desk: DeskProcess) -> bool:
    joined = sum("joined as" in line for line in desk.lines)
    deep = "<x xmlns='urn:example:deep'>" * DEEP + "</x>" * DEEP
    hostile = crowd.members["c91"]
    appeal = next(iter(crowd.offer_of.values()))[1]
    for n in range(20):
        to = (crowd.desk, f"support@{crowd.desk}", appeal, f"nosuch@{crowd.desk}")[n % 4]
        crowd.loop.call_soon_threadsafe(hostile.send_raw, (
            f"<iq type='get' to='{to}' id='deep{n}'>{deep}</iq>" if n % 2 else
            f"<message type='chat' to='{to}' id='deep{n}'><body>x</body>{deep}</message>"))
        time.sleep(0.05)
    routed = chats(crowd, ["c92"], 0)
    return (bool(routed) and desk.proc is not None and desk.proc.poll() is None
            and sum("joined as" in line for line in desk.lines) == joined)


def kill9(crowd: Crowd, desk: DeskProcess, url: str) -> int:
    writers = [f"l{n}" for n in range(50)]
    crowd.join(writers)
    line = f"support@{crowd.desk}"
    acked: set[str] = set()

    def receipt(_who: str, msg: Any) -> None:
        got = msg.xml.find("{urn:xmpp:receipts}received")
        if got is not None and msg["from"].bare == line:
            acked.add(got.get("id", ""))

    crowd.watchers.append(receipt)
    stop = threading.Event()

    def traffic() -> None:
        n = 0
        while not stop.is_set():
            n += 1
            for name in writers:
                body = f"k{n}-{name}"
                crowd.loop.call_soon_threadsafe(crowd.members[name].send_raw, (
                    f"<message type='chat' to='{line}' id='{body}'><body>{body}</body>"
                    "<request xmlns='urn:xmpp:receipts'/></message>"))
            stop.wait(0.2)

    sender = threading.Thread(target=traffic)
    sender.start()
    rng = random.Random(24)
    try:
        for _ in range(6):
            time.sleep(rng.uniform(0.3, 2.0))
            desk.kill()
            mark = len(desk.lines)
            desk.start()
            desk.wait_said("joined as", after=mark, timeout=30)
        time.sleep(2)
    finally:
        stop.set()
        sender.join()
    time.sleep(2)
    crowd.watchers.remove(receipt)
    store = DeskStore(url)
    with store.engine.connect() as db:
        kept = {row.body for row in db.execute(select(messages.c.body).where(
            messages.c.body.like("k%")))}
    store.close()
    print(f"kill -9: {len(acked)} acknowledged, {len(kept)} kept", flush=True)
    return len(acked - kept)


def chat_server_down(lab: Lab, info: LabInfo, crowd: Crowd, desk: DeskProcess,
                     url: str) -> dict[str, int]:
    """The last phase: the crowd's connections die with Prosody (only anna comes back)."""
    quick = f"quick@{crowd.desk}"
    with XmppPeer(info, "anna", reconnect=True, desk_show="") as anna:
        time.sleep(1)  # her status reaches the desk
        for n in range(6):
            crowd.send(f"q{n}", quick, f"Срочно #:quick{n}")
        wait_for(lambda: sum(1 for m in anna.messages if "Срочно" in m["body"]) >= 6, 30)
        down_at, mark = time.time(), len(desk.lines)
        lab.restart_chat(downtime_s=30.0)
        desk.wait_said("joined as", after=mark, timeout=60)
        joined_at = time.time()
        withdrawn_before = sum(1 for e in anna.desk_events if e[1] == "withdrawn")
        back = time.monotonic()
        wait_for(anna.online.is_set, 30)
        time.sleep(5)
        offers: dict[str, int] = {}
        for m in anna.messages:
            if m["t"] > back and "Срочно" in m["body"]:
                offers[m["from"]] = offers.get(m["from"], 0) + 1
        withdrawn = sum(1 for e in anna.desk_events if e[1] == "withdrawn") - withdrawn_before
    store = DeskStore(url)
    with store.engine.connect() as db:
        missed = len(db.execute(select(events.c.id).where(
            events.c.kind == "offer_missed", events.c.at >= down_at,
            events.c.at <= joined_at + 3)).all())
    store.close()
    return {"stale_after_reconnect": withdrawn + sum(n - 1 for n in offers.values() if n > 1),
            "missed_blamed_while_down": missed}


def main() -> int:
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="dl-bench-hostile-desk-") as tmp:
        work = Path(tmp)
        lab = Lab(work / "lab", free_port(), free_port(), desk=False)
        info = lab.start()
        url = f"sqlite:///{work / 'desk.sqlite3'}"
        began = time.monotonic()
        year(url, info.domain)
        print(f"a year of {YEAR} appeals written in {time.monotonic() - began:.0f} s", flush=True)
        config = work / "desk.toml"
        calls_port = free_port()
        config.write_text(desk_toml(info, url, calls_port), encoding="utf-8")
        config.chmod(0o600)  # (it holds the secrets)
        spawn = multiprocessing.get_context("spawn")
        staff_joined, staff_stop = spawn.Event(), spawn.Event()
        spawn.Process(target=_staff, args=(info, [f"s{n}" for n in range(11, 50)],
                                           staff_joined, staff_stop)).start()
        crowd = Crowd(info)
        crowd.measured = {"s10", "sn0", "c0"}  # (one of each who gets them: the bench's own
        # serialising of each stanza it measures must not slow the clients it times)
        try:
            crowd.join([f"s{n}" for n in range(11)] + [f"c{n}" for n in range(200)]
                       + [f"q{n}" for n in range(6)] + ["senior"])
            staff_joined.wait(60)
            with DeskProcess(config) as desk:
                desk.wait_said("joined as", timeout=60)
                time.sleep(1)  # the specialists answer the desk's greeting with their status
                results["chat_route_ms_p95_quiet"] = p95(chats(crowd, [f"c{n}" for n in
                                                                       range(20)], 0.05))
                results.update(pbx_burst(crowd, calls_port))
                print(json.dumps(results), flush=True)
                if "--burst-only" in sys.argv:  # (looking into one figure: nothing written)
                    return 0
                results.update(year_report(crowd))
                print(json.dumps(results), flush=True)
                long_offer(crowd)
                time.sleep(2)  # a tick: the queue of callbacks told to the phone line's staff
                results["largest_stanza_sent_kb"] = {
                    kind: round(size / 1024, 1) for kind, size in sorted(crowd.largest.items())}
                results["nested_stanza_desk_stays_up"] = nested(crowd, desk)
                print(json.dumps(results), flush=True)
                results["lost_on_kill9"] = kill9(crowd, desk, url)
                results.update(chat_server_down(lab, info, crowd, desk, url))
                desk.stop()
        finally:
            staff_stop.set()
            crowd.close()
            lab.stop()
    results["server_stanza_limit_kb"] = SERVER_LIMIT_KB
    results["targets"] = TARGETS
    print(json.dumps(results, indent=2, ensure_ascii=False), flush=True)
    out = ROOT / "bench" / "results" / "hostile_desk.json"
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    bench.run(main)
