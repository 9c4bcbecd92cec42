"""Hearing and speaking through the rig's PulseAudio devices, with pacat and parec."""

from __future__ import annotations

import subprocess
import threading
import time
import wave
from pathlib import Path
from types import TracebackType

import numpy as np

RATE = 16000


def analyze(samples: np.ndarray) -> tuple[float, float]:
    """Dominant frequency (Hz) and level (dBFS) of int16 samples."""
    x = samples.astype(np.float64)
    if len(x) < 256:
        return 0.0, -120.0
    rms = float(np.sqrt(np.mean(x ** 2)))
    spectrum = np.abs(np.fft.rfft(x * np.hanning(len(x))))
    peak = int(np.argmax(spectrum[1:]) + 1)
    return peak * RATE / len(x), 20 * float(np.log10(max(rms, 1.0) / 32768))


def ringing(listener: Listener, seconds: float = 0.3) -> bool:
    """The bundled ringtone (440 + 480 Hz) is what this device is playing."""
    freq, level = analyze(listener.last(seconds))
    return 420 <= freq <= 500 and level > -40


class Listener:
    """Records a source (a sink's .monitor hears what is played to that sink)."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.chunks: list[tuple[float, bytes]] = []
        self.lock = threading.Lock()
        self.proc: subprocess.Popen[bytes] | None = None
        self.thread: threading.Thread | None = None

    def __enter__(self) -> Listener:
        # --latency-msec: without it parec delivers in large, late blocks.
        self.proc = subprocess.Popen(
            ["parec", "--raw", "--format=s16le", f"--rate={RATE}", "--channels=1",
             f"--device={self.source}", "--latency-msec=10"], stdout=subprocess.PIPE)
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 10  # recording: what plays from now on is heard
        while not self.chunks:
            if time.monotonic() > deadline or self.proc.poll() is not None:
                self.__exit__()
                raise AssertionError(f"parec records nothing from {self.source}")
            time.sleep(0.01)
        return self

    def __exit__(self, *exc: object | TracebackType) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait()
            if self.proc.stdout:
                self.proc.stdout.close()

    def _read(self) -> None:
        assert self.proc is not None
        assert self.proc.stdout is not None
        while data := self.proc.stdout.read1(640):  # type: ignore[attr-defined]
            with self.lock:
                self.chunks.append((time.monotonic(), data))

    def last(self, seconds: float = 0.5) -> np.ndarray:
        since = time.monotonic() - seconds
        with self.lock:
            data = b"".join(d for t, d in self.chunks if t >= since)
        return np.frombuffer(data[: len(data) // 2 * 2], dtype=np.int16)

    def hears(self, freq: float, seconds: float = 0.5, tolerance: float = 40.0) -> bool:
        found, level = analyze(self.last(seconds))
        return abs(found - freq) <= tolerance and level > -50

    def silent(self, seconds: float = 0.5) -> bool:
        return analyze(self.last(seconds))[1] < -60

    def loud_times(self, threshold: int = 300) -> list[float]:
        """When a chunk louder than `threshold` came, in order."""
        with self.lock:
            chunks = list(self.chunks)
        return [t for t, data in chunks
                if len(data) >= 2 and int(np.abs(np.frombuffer(
                    data[: len(data) // 2 * 2], dtype=np.int16).astype(np.int32)).max())
                > threshold]

    def first_sound_after(self, since: float, threshold: int = 300) -> float | None:
        """When the level first rose above the threshold after `since`, or None."""
        return next((t for t in self.loud_times(threshold) if t >= since), None)


class ToneSource:
    """Plays a continuous sine into a sink (e.g. the headset microphone's feed)."""

    def __init__(self, sink: str, freq: float, level: float = 0.3) -> None:
        self.sink = sink
        t = np.arange(RATE) / RATE
        self.second = (np.sin(2 * np.pi * freq * t) * level * 32767).astype(np.int16).tobytes()
        self.proc: subprocess.Popen[bytes] | None = None
        self.thread: threading.Thread | None = None
        self.running = False

    def __enter__(self) -> ToneSource:
        self.proc = subprocess.Popen(
            ["pacat", "--playback", "--raw", "--format=s16le", f"--rate={RATE}",
             "--channels=1", f"--device={self.sink}", "--latency-msec=20"],
            stdin=subprocess.PIPE)
        self.running = True
        self.thread = threading.Thread(target=self._feed, daemon=True)
        self.thread.start()
        return self

    def _feed(self) -> None:
        assert self.proc is not None
        assert self.proc.stdin is not None
        chunk = len(self.second) // 10
        start = time.monotonic()
        sent = 0
        while self.running:
            ahead = sent / RATE / 2 - (time.monotonic() - start)
            if ahead > 0.2:  # stay about 200 ms ahead of real time
                time.sleep(0.05)
                continue
            offset = (sent % len(self.second))
            try:
                self.proc.stdin.write(self.second[offset:offset + chunk])
                self.proc.stdin.flush()
            except (BrokenPipeError, ValueError):
                return
            sent += chunk

    def __exit__(self, *exc: object | TracebackType) -> None:
        self.running = False
        if self.thread is not None:
            self.thread.join(2)
        if self.proc is not None:
            if self.proc.stdin:
                self.proc.stdin.close()
            self.proc.terminate()
            self.proc.wait()


def write_wav(path: Path, freq: float, seconds: float = 0.3) -> Path:
    """A 16 kHz mono WAV of one sine: a sound a Listener can tell from the others."""
    t = np.arange(int(16000 * seconds)) / 16000
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes((np.sin(2 * np.pi * freq * t) * 12000).astype("<i2").tobytes())
    return path
