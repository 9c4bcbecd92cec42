"""The headset test: a live microphone level, and an echo test (record, then play back)."""

from __future__ import annotations

import logging
import math
import threading
from array import array
from typing import Any

from desktop.audio.pulse import close_stream, pulse_device, stream_device

log = logging.getLogger(__name__)
RATE = 16000


class MicMeter:
    """Listens to one microphone; `level_db` is the last 50 ms's peak, `recording` collects
    samples while an echo test runs. The samples arrive on PortAudio's thread."""

    def __init__(self) -> None:
        self.stream: Any = None
        self.level_db = -120.0
        self.lock = threading.Lock()
        self.recording: list[bytes] | None = None
        self.error = ""

    def start(self, source: str) -> bool:
        import sounddevice as sd  # noqa: PLC0415 - PortAudio starts on first use

        self.stop()
        try:
            with pulse_device("PULSE_SOURCE", source):
                self.stream = sd.RawInputStream(samplerate=RATE, channels=1, dtype="int16",
                                                blocksize=RATE // 20, device=stream_device(sd),
                                                callback=self._captured)
                self.stream.start()
        except sd.PortAudioError as exc:
            self.error = str(exc)  # PortAudio's words; the page says what failed
            self.stream = None
            return False
        self.error = ""
        return True

    def stop(self) -> None:
        if self.stream is not None:
            close_stream(self.stream, "microphone")
            self.stream = None
        self.level_db = -120.0

    def _captured(self, data: Any, _frames: int, _time: Any, _status: Any) -> None:
        block = array("h")
        block.frombytes(bytes(data))
        loudest, quietest = (max(block), min(block)) if block else (0, 0)
        self.level_db = 20 * math.log10(max(loudest, -quietest, 1) / 32768)
        with self.lock:
            if self.recording is not None:
                self.recording.append(bytes(data))

    def begin_recording(self) -> None:
        with self.lock:
            self.recording = []

    def end_recording(self) -> array[int]:
        with self.lock:
            data, self.recording = b"".join(self.recording or []), None
        samples = array("h")
        samples.frombytes(data)
        return samples
