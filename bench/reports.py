"""Reports benchmark: a month's report over 100,000 appeals, on SQLite and on PostgreSQL (a
private cluster), as a senior of every line asks for it (DeskService.report: the SQL over
the steps and the figures).

  report_100k_ms   median of 5 reports of the whole month (after one to warm the cache)

The history: 100,000 appeals over 30 days on 3 lines, each created, offered (a tenth missed
once and offered again), accepted, answered, finished; a fifth transferred; most rated.
Target: <= 500 ms on each store. Writes bench/results/reports.json, keys nested under
"sqlite" and "postgresql".

The online monitor's figures (monitor_lag_ms_p95, monitor_update_bytes) are not measured:
the monitor is not built yet (#13).

    .venv/bin/python bench/reports.py
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

from supportdesk.config import DeskConfig, Line  # noqa: E402
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


def config(url: str) -> DeskConfig:
    return DeskConfig("x", "127.0.0.1", 5347, "s", url, tuple(
        Line(line, line.title(), "", 300, 3, 5, PEOPLE, ("senior@x",)) for line in LINES), ())


def fill(store: DeskStore) -> None:
    """The month's history, written in bulk with the facts each appeal keeps (the desk
    writes them step by step: DeskStore.step)."""
    rng = random.Random(7)
    rows, steps, rated = [], [], []
    for n in range(1, APPEALS + 1):
        created = START + rng.random() * DAYS * 86_400
        who = rng.choice(PEOPLE)
        channel = "call" if rng.random() < 0.3 else "chat"
        transfers = 1 if rng.random() < 0.2 else 0
        at = created + rng.random() * 30
        mine = [(n, created, "created", f"c{n}@x")]
        if rng.random() < 0.1:
            other = rng.choice(PEOPLE)
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
                          "comment": "ok" if rng.random() < 0.1 else "", "at": finished + 60})
        rows.append({"id": n, "line": rng.choice(LINES), "client": f"c{n % 5000}@x",
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


def main() -> None:
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        results["sqlite"] = measure(f"sqlite:///{tmp}/reports.sqlite3")
    postgres = PrivatePostgres()
    try:
        results["postgresql"] = measure(postgres.database("bench_reports"))
    finally:
        postgres.stop()
    results["targets"] = {"report_100k_ms": TARGET_MS}
    for store in ("sqlite", "postgresql"):
        print(f"{store:11} report_100k_ms {results[store]['report_100k_ms']:>9}")  # type: ignore[index]
    out = ROOT / "bench" / "results" / "reports.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"-> {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
