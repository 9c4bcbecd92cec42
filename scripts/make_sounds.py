"""Synthesises the bundled notification sounds into resources/sounds/ (our own, no samples).

    .venv/bin/python scripts/make_sounds.py
"""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

RATE = 16000
OUT = Path(__file__).resolve().parents[1] / "resources" / "sounds"


def tone(freqs: tuple[float, ...], seconds: float, level: float = 0.35) -> np.ndarray:
    t = np.arange(int(RATE * seconds)) / RATE
    wave_ = sum(np.sin(2 * np.pi * f * t) for f in freqs) / len(freqs)
    fade = min(len(t) // 10, int(RATE * 0.01))  # 10 ms ramps: no clicks
    env = np.ones(len(t))
    env[:fade] = np.linspace(0, 1, fade)
    env[-fade:] = np.linspace(1, 0, fade)
    return wave_ * env * level


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(RATE * seconds))


def chime(freqs: list[float], note: float = 0.12, gap: float = 0.03) -> np.ndarray:
    parts = []
    for f in freqs:
        t = np.arange(int(RATE * note)) / RATE
        parts.append(np.sin(2 * np.pi * f * t) * np.exp(-t * 18) * 0.4)
        parts.append(silence(gap))
    return np.concatenate(parts)


SOUNDS = {
    # A European-style double ring: 440+480 Hz, 0.4 on, 0.2 off, 0.4 on, 2 s off.
    "ring.wav": np.concatenate([tone((440, 480), 0.4), silence(0.2), tone((440, 480), 0.4),
                                silence(2.0)]),
    "message.wav": chime([880, 1320]),
    "appeal.wav": chime([660, 880, 1100]),
    "sent.wav": chime([1200], note=0.06),
    "call_ended.wav": chime([620, 440], note=0.15),
    "connection_lost.wav": chime([440, 330, 262], note=0.18),
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, samples in SOUNDS.items():
        with wave.open(str(OUT / name), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(RATE)
            w.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())
        print(OUT / name)


if __name__ == "__main__":
    main()
