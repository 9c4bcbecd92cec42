"""Token buckets per client: `burst` at once, then `per_s` a second. The desk's flood limits
(messages; chat states and receipts) are two of them."""

from __future__ import annotations


class Buckets:
    def __init__(self) -> None:
        self._held: dict[str, tuple[float, float]] = {}  # key -> (tokens, at)

    def take(self, key: str, now: float, burst: float, per_s: float) -> float:
        """Takes one token: 0.0 when there was one, else the seconds until there is."""
        tokens, at = self._held.get(key, (burst, now))
        tokens = min(burst, tokens + (now - at) * per_s)
        if tokens < 1.0:
            self._held[key] = (tokens, now)
            return (1.0 - tokens) / per_s
        self._held[key] = (tokens - 1.0, now)
        return 0.0

    def forget_full(self, now: float, burst: float, per_s: float) -> None:
        """Buckets full again say nothing: dropped, so new addresses cannot grow memory."""
        self._held = {key: (t, at) for key, (t, at) in self._held.items()
                      if t + (now - at) * per_s < burst}
