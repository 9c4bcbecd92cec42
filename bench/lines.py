"""Calls to a support line, against a lab of its own (Kamailio asking the real desk, which
runs in a thread here) with pjsua2 peers in their own processes:

  line_invite_to_ring_ms     the client's INVITE to +74950000100 -> the specialist's phone
                             rings (median of 30)
  direct_invite_to_ring_ms   the same to the specialist's own address, same run
  line_overhead_ms           the difference: what asking the desk costs a call
  route_query_ms_p95         the PBX's question alone (GET /route on a kept connection,
                             a new appeal each time), 200 questions
  next_specialist_ms         no answer within the ring time: what the caller waits past it,
                             from the end of the ring time on the first phone (it rang +
                             ring_seconds) to the next phone ringing (median of 5; a
                             negative figure is refused: the next rang before the time ran out)
Writes bench/results/lines.json.

    .venv/bin/python bench/lines.py
"""

from __future__ import annotations

import http.client
import json
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import bench  # noqa: E402
from desktop.lab.lab import Lab, LabInfo  # noqa: E402
from desktop.lab.process import free_port  # noqa: E402
from tests.peers.client import PeerProcess  # noqa: E402
from tests.peers.xmpp_peer import XmppPeer  # noqa: E402
from tests.supportdesk_rig import RunningDesk, lab_config  # noqa: E402

KEYS = ("line_invite_to_ring_ms", "direct_invite_to_ring_ms", "line_overhead_ms",
        "route_query_ms_p95", "next_specialist_ms")
LINE = "+74950000100"
CALLS = 30
RING_S = 1.0


def ring_times(lab: LabInfo, uri: str, anna: PeerProcess, ivan: PeerProcess) -> list[float]:
    """INVITE sent (the client's CALLING) -> incoming at anna, both on CLOCK_MONOTONIC."""
    out = []
    for _ in range(CALLS):
        mark_a, mark_i = len(anna.events), len(ivan.events)
        ivan.send("call", uri=uri)
        rung = anna.wait("incoming", lambda e, m=mark_a: anna.events.index(e) >= m)
        sent = ivan.wait("call", lambda e, m=mark_i: ivan.events.index(e) >= m
                         and e["state"] == "CALLING")
        out.append((rung["t"] - sent["t"]) * 1000)
        ivan.send("hangup")
        ivan.wait("call", lambda e, m=mark_i: ivan.events.index(e) >= m
                  and e["state"] == "DISCONNECTED")
        time.sleep(0.1)
    return out


def route_queries(lab: LabInfo) -> list[float]:
    conn = http.client.HTTPConnection("127.0.0.1", lab.calls_port, timeout=5)
    out = []
    for n in range(200):
        query = f"secret={lab.calls_secret}&call=bench-{n}"
        start = time.perf_counter()
        conn.request("GET", f"/route?{query}&number=%2B74950000100&caller=ivan")
        answer = conn.getresponse()
        answer.read()
        out.append((time.perf_counter() - start) * 1000)
        assert answer.status in (200, 480), answer.status
        conn.request("GET", f"/ended?{query}")  # anna is free again for the next one
        conn.getresponse().read()
    conn.close()
    return out


def next_times(lab: LabInfo, ivan: PeerProcess) -> list[float]:
    out = []
    with XmppPeer(lab, "boris", desk_show=""), PeerProcess(lab, "boris") as boris, \
            PeerProcess(lab, "anna") as anna:
        time.sleep(0.5)
        for _ in range(5):
            marks = {p.user: len(p.events) for p in (anna, boris)}
            mark_i = len(ivan.events)
            ivan.send("call", uri=f"sip:{LINE}@127.0.0.1:{lab.sip_port}")
            rings: list[tuple[float, PeerProcess]] = []
            deadline = time.monotonic() + RING_S + 5
            while len(rings) < 2 and time.monotonic() < deadline:
                rings = sorted((e["t"], p) for p in (anna, boris)
                               for e in p.events[marks[p.user]:] if e["ev"] == "incoming")
                time.sleep(0.01)
            assert len(rings) == 2, "the next one did not ring"
            # What the caller waits past the line's ring time: from its end on the first
            # phone to the next phone ringing. (From the first phone's CANCEL, as measured
            # before, raced the next INVITE and came out negative.)
            waited = (rings[1][0] - (rings[0][0] + RING_S)) * 1000
            if waited < 0:
                raise SystemExit(f"lines: next_specialist_ms {waited:.1f} < 0: the next phone "
                                 f"rang before the first one's {RING_S} s ran out")
            out.append(waited)
            ivan.send("hangup")
            ivan.wait("call", lambda e, m=mark_i: ivan.events.index(e) >= m
                      and e["state"] == "DISCONNECTED")
            time.sleep(0.3)
    return out


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="dl-bench-lines-") as tmp, \
            Lab(Path(tmp) / "lab", free_port(), free_port(), desk=False) as lab:
        base = lab_config(lab, f"sqlite:///{Path(tmp) / 'desk.sqlite3'}")
        # Every call hung up while ringing becomes a callback offered to anna by chat: a
        # large capacity keeps her free for the next call.
        config = replace(base, lines=(replace(base.lines[0], ring_seconds=RING_S,
                                              capacity=100_000),), client_burst=100_000)
        with RunningDesk(config), XmppPeer(lab, "anna", desk_show=""):
            with PeerProcess(lab, "anna") as anna, PeerProcess(lab, "ivan") as ivan:
                time.sleep(0.5)
                line = ring_times(lab, f"sip:{LINE}@127.0.0.1:{lab.sip_port}", anna, ivan)
                direct = ring_times(lab, f"sip:anna@127.0.0.1:{lab.sip_port}", anna, ivan)
            with PeerProcess(lab, "ivan") as ivan:
                nxt = next_times(lab, ivan)
            queries = sorted(route_queries(lab))
    result = {
        "line_invite_to_ring_ms": round(statistics.median(line), 2),
        "direct_invite_to_ring_ms": round(statistics.median(direct), 2),
        "line_overhead_ms": round(statistics.median(line) - statistics.median(direct), 2),
        "route_query_ms_p95": round(queries[int(len(queries) * 0.95) - 1], 2),
        "next_specialist_ms": round(statistics.median(nxt), 1),
    }
    out = ROOT / "bench" / "results" / "lines.json"
    out.write_text(json.dumps(result, indent=1) + "\n")
    for key in KEYS:
        print(f"{key:28}{result[key]:>10}")
    print(f"-> {out.relative_to(ROOT)}")


if __name__ == "__main__":
    bench.run(main)
