"""A call's line quality from its RTCP figures: loss, jitter and round trip to an estimated
MOS (the ITU-T G.107 E-model in its common simplified form), and whether the specialist
should be told the line is poor (and offered to call back)."""

from __future__ import annotations

from dataclasses import dataclass

POOR_MOS = 3.6  # below this people start to repeat themselves
POOR_LOSS_PCT = 5.0


@dataclass(frozen=True)
class LineQuality:
    mos: float  # 1 (bad) .. 4.5 (as good as a narrowband call gets)
    loss_pct: float  # of the packets that should have come
    jitter_ms: float
    rtt_ms: float  # 0 while RTCP has not measured it

    @property
    def poor(self) -> bool:
        return self.mos < POOR_MOS or self.loss_pct >= POOR_LOSS_PCT


def estimate(received: int, lost: int, jitter_ms: float, rtt_ms: float) -> LineQuality:
    """Packets received and lost so far, mean jitter and round trip (RTCP's)."""
    expected = received + lost
    loss_pct = 100.0 * lost / expected if expected > 0 else 0.0
    latency = rtt_ms / 2 + jitter_ms * 2 + 10  # one way, with the jitter buffer's share
    r = 93.2 - latency / 40 if latency < 160 else 93.2 - (latency - 120) / 10
    r -= 2.5 * loss_pct
    r = max(0.0, min(100.0, r))
    mos = 1 + 0.035 * r + 0.000007 * r * (r - 60) * (100 - r)
    return LineQuality(round(max(1.0, min(4.5, mos)), 2), round(loss_pct, 2),
                       round(jitter_ms, 1), round(rtt_ms, 1))
