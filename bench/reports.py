"""Reports benchmark: a month's report over 100,000 appeals, on SQLite and on PostgreSQL (a
private cluster), as a senior of every line asks for it (DeskService.report: the SQL over
the steps and the figures).

  report_100k_ms   median of 5 reports of the whole month (after one to warm the cache)

The history: 100,000 appeals over 30 days on 3 lines, each created, offered (a tenth missed
once and offered again), accepted, answered, finished; a fifth transferred; most rated.
Target: <= 500 ms on each store. Writes bench/results/reports.json, keys nested under
"sqlite" and "postgresql".

The online monitor, with 200 specialists on 4 lines and 50 new appeals a second for 20 s
(each offered, accepted half a second later, finished 8 s after that):

  monitor_lag_ms_p95    a new appeal's arrival at the desk (before the service handles
                        it, store writes included) until the update naming it is built and
                        serialised for the watching senior: the desk's share of the lag.
                        The component's own push cadence (MONITOR_S) is used. The two
                        local XMPP hops (client -> Prosody -> desk, desk -> Prosody -> app)
                        are not in it; tests/test_monitor_ui.py shows the whole way < 1 s.
  monitor_update_bytes  median size of one pushed update under that load (what changed in
                        MONITOR_S: some 12 new appeals, 12 accepted, 12 finished, people)
  monitor_one_change_bytes  an update after one specialist's status change (a quiet desk)
  monitor_full_bytes    the first, full update (everything on the senior's lines)

Target: lag p95 <= 1,000 ms. Keys under "monitor".

    .venv/bin/python bench/reports.py
"""

from __future__ import annotations

import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

import bench  # noqa: E402
from supportdesk.component import MONITOR_S  # noqa: E402
from supportdesk.config import DeskConfig, Line  # noqa: E402
from supportdesk.protocol.monitor import to_xml  # noqa: E402
from supportdesk.service import DeskService  # noqa: E402
from supportdesk.store import DeskStore  # noqa: E402
from supportdesk.store.schema import appeals, events, ratings  # noqa: E402
from tests.postgres import PrivatePostgres  # noqa: E402
from tests.test_desk_logic import Clock, Outbox  # noqa: E402

APPEALS = 100_000
DAYS = 30
START = 1_700_000_000.0
LINES = ("support", "accounting", "sales")
PEOPLE = tuple(f"s{n}@x" for n in range(40))
TARGET_MS = 500
MONITOR_PEOPLE = tuple(f"m{n}@x" for n in range(200))
MONITOR_LINES = ("l0", "l1", "l2", "l3")
MONITOR_RATE = 50  # new appeals a second
MONITOR_SECONDS = 20
MONITOR_TARGET_MS = 1000


def config(url: str) -> DeskConfig:
    return DeskConfig("x", "127.0.0.1", 5347, "s", url, tuple(
        Line(line, line.title(), "", 300, 3, 5, PEOPLE, ("senior@x",)) for line in LINES), ())


def fill(store: DeskStore, count: int = APPEALS, days: int = DAYS,
         lines: tuple[str, ...] = LINES, people: tuple[str, ...] = PEOPLE,
         comment: str = "ok") -> None:
    """The month's history (or `count` appeals over `days`), written in bulk with the facts
    each appeal keeps (the desk writes them step by step: DeskStore.step)."""
    rng = random.Random(7)
    rows, steps, rated = [], [], []
    for n in range(1, count + 1):
        created = START + rng.random() * days * 86_400
        who = rng.choice(people)
        channel = "call" if rng.random() < 0.3 else "chat"
        transfers = 1 if rng.random() < 0.2 else 0
        at = created + rng.random() * 30
        mine = [(n, created, "created", f"c{n}@x")]
        if rng.random() < 0.1:
            other = rng.choice(people)
            mine += [(n, at, "offered", other), (n, at + 300, "offer_missed", other)]
            at += 300
        offer = at
        mine.append((n, offer, "offered", who))
        accepted = offer + rng.random() * (6 if channel == "call" else 400)
        responded = accepted + 20 + rng.random() * 100
        finished = accepted + 300 + rng.random() * 1500
        mine += [(n, accepted, "accepted", who), (n, responded, "first_response", who)]
        if transfers:
            mine.append((n, accepted + 200, "transferred", who))
        mine.append((n, finished, "finished", who))
        steps += mine
        score = rng.randint(1, 5) if rng.random() < 0.7 else None
        if score is not None:
            rated.append({"appeal_id": n, "score": score,
                          "comment": comment if rng.random() < 0.1 else "", "at": finished + 60})
        rows.append({"id": n, "line": rng.choice(lines), "client": f"c{n % 5000}@x",
                     "channel": channel, "state": "finished", "specialist": who,
                     "transfers": transfers, "created_at": created, "accepted_at": accepted,
                     "accepted_by": who, "offer_at": offer, "responded_at": responded,
                     "finished_at": finished,
                     "missed": sum(1 for s in mine if s[2] == "offer_missed"),
                     "score": score})
    with store.engine.begin() as db:
        db.execute(insert(appeals), rows)
        db.execute(insert(events), [{"appeal_id": a, "at": t, "kind": k, "actor": x,
                                     "detail": ""} for a, t, k, x in steps])
        db.execute(insert(ratings), rated)


def measure(url: str) -> dict[str, float]:
    store = DeskStore(url)
    fill(store)
    if url.startswith("postgresql"):
        with store.engine.begin() as db:
            db.exec_driver_sql("ANALYZE")
    desk = DeskService(config(url), store, Outbox(), Clock())
    until = START + DAYS * 86_400
    report = desk.report("senior@x", START, until)  # warm
    assert sum(f.appeals for _line, f in report.lines) == APPEALS
    times = []
    for _ in range(5):
        began = time.perf_counter()
        desk.report("senior@x", START, until)
        times.append((time.perf_counter() - began) * 1000)
    store.close()
    return {"report_100k_ms": round(statistics.median(times), 1)}


def measure_monitor(url: str) -> dict[str, float]:
    per_line = len(MONITOR_PEOPLE) // len(MONITOR_LINES)
    lines = tuple(Line(line, line.upper(), "", 300, 3, 5,
                       MONITOR_PEOPLE[n * per_line:(n + 1) * per_line], ("senior@x",),
                       public=True) for n, line in enumerate(MONITOR_LINES))
    config = DeskConfig("x", "127.0.0.1", 5347, "s", url, lines, (), client_burst=100)
    desk = DeskService(config, DeskStore(url), Outbox(), time.time)
    for person in MONITOR_PEOPLE:
        desk.presence(person, "", True)
    full = len(ET.tostring(to_xml(desk.watch("senior@x"))))
    arrived: dict[int, float] = {}
    lags: list[float] = []
    sizes: list[int] = []
    loop = asyncio.new_event_loop()

    def push() -> None:  # as DeskComponent._push_monitor does, minus the sending
        for _who, update in desk.monitor.changes():
            sizes.append(len(ET.tostring(to_xml(update))))
            now = time.perf_counter()
            for appeal in update.appeals:
                if appeal.id in arrived:
                    lags.append(now - arrived.pop(appeal.id))
        loop.call_later(MONITOR_S, push)

    def tick() -> None:
        desk.tick()
        loop.call_later(1.0, tick)

    def act(appeal: int, name: str) -> None:
        state = desk.open.get(appeal)
        if state is not None and state.specialist:
            desk.action(state.specialist, appeal, name)

    def arrive(n: int) -> None:
        client, line = f"c{n}@x", MONITOR_LINES[n % len(MONITOR_LINES)]
        began = time.perf_counter()
        desk.client_message(client, line, "Вопрос", f"m{n}")
        appeal = desk.by_client[(client, line)]
        arrived[appeal] = began
        loop.call_later(0.5, act, appeal, "accept")
        loop.call_later(8.5, act, appeal, "finish")

    start = loop.time() + 0.1
    for n in range(MONITOR_RATE * MONITOR_SECONDS):
        loop.call_at(start + n / MONITOR_RATE, arrive, n)
    loop.call_soon(push)
    loop.call_soon(tick)
    loop.run_until_complete(asyncio.sleep(MONITOR_SECONDS + 1.0))
    loop.close()
    desk.monitor.changes()
    desk.presence(MONITOR_PEOPLE[0], "dnd", True)  # one specialist busy for new appeals
    (_who, one), = desk.monitor.changes()
    desk.store.close()
    lags.sort()
    return {"monitor_lag_ms_p95": round(lags[int(0.95 * (len(lags) - 1))] * 1000, 1),
            "monitor_lag_ms_max": round(lags[-1] * 1000, 1),
            "monitor_update_bytes": int(statistics.median(sizes[1:])),
            "monitor_one_change_bytes": len(ET.tostring(to_xml(one))),
            "monitor_full_bytes": full, "monitor_appeals_seen": len(lags)}


def main() -> None:
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        results["monitor"] = measure_monitor(f"sqlite:///{tmp}/monitor.sqlite3")
    print("monitor    ", " ".join(f"{k} {v}" for k, v in results["monitor"].items()))  # type: ignore[union-attr]
    with tempfile.TemporaryDirectory() as tmp:
        results["sqlite"] = measure(f"sqlite:///{tmp}/reports.sqlite3")
    postgres = PrivatePostgres()
    try:
        results["postgresql"] = measure(postgres.database("bench_reports"))
    finally:
        postgres.stop()
    results["targets"] = {"report_100k_ms": TARGET_MS,
                          "monitor_lag_ms_p95": MONITOR_TARGET_MS}
    for store in ("sqlite", "postgresql"):
        print(f"{store:11} report_100k_ms {results[store]['report_100k_ms']:>9}")  # type: ignore[index]
    out = ROOT / "bench" / "results" / "reports.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"-> {out.relative_to(ROOT)}")


if __name__ == "__main__":
    bench.run(main)
