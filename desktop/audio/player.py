"""Plays sounds on named PulseAudio sinks: ringing (looped, on several devices at once) and
one-shot notifications. The samples go out on PortAudio's threads, never the GUI's."""

from __future__ import annotations

import logging
import threading
from array import array
from typing import Any

from desktop.audio.pulse import close_stream, pulse_device, stream_device

log = logging.getLogger(__name__)


class _Voice:
    """One sound on one device."""

    def __init__(self, samples: array[int], loop: bool, volume: float) -> None:
        self.samples = samples
        self.volume = volume  # applied block by block, on PortAudio's thread
        self.loop = loop
        self.pos = 0
        self.stream: Any = None
        self.done = threading.Event()

    def fill(self, out: Any, frames: int, _time: Any, _status: Any) -> None:
        import sounddevice as sd  # noqa: PLC0415 - already imported by the time this runs

        written = 0
        while written < frames:
            left = len(self.samples) - self.pos
            if left <= 0:
                if not self.loop:
                    out[written * 2:frames * 2] = bytes((frames - written) * 2)
                    self.done.set()
                    raise sd.CallbackStop
                self.pos = 0
                left = len(self.samples)
            n = min(left, frames - written)
            block = self.samples[self.pos:self.pos + n]
            if self.volume < 1.0:
                block = array("h", [int(s * self.volume) for s in block])
            out[written * 2:(written + n) * 2] = block.tobytes()
            self.pos += n
            written += n


class SoundPlayer:
    """Starts sounds on sinks; `stop()` silences a sound at once on every device."""

    def __init__(self) -> None:
        self._next = 0
        self._playing: dict[int, list[_Voice]] = {}
        self.started = 0  # sounds started in this run (what a preview button did)
        self.unplayable: set[str] = set()  # sinks that refused a sound (said once)

    def play(self, samples: array[int], rate: int, sinks: list[str], loop: bool = False,
             volume: float = 1.0) -> int:
        import sounddevice as sd  # noqa: PLC0415 - PortAudio starts on first use, not at startup

        self.reap()
        self.started += 1
        self._next += 1
        voices = []
        for sink in sinks or [""]:
            voice = _Voice(samples, loop, max(0.0, min(volume, 1.0)))
            try:
                with pulse_device("PULSE_SINK", sink):
                    voice.stream = sd.RawOutputStream(
                        samplerate=rate, channels=1, dtype="int16", device=stream_device(sd),
                        latency="low", callback=voice.fill)
                    voice.stream.start()
            except sd.PortAudioError as exc:
                # Said once (the window's status bar says there is no sound device), not at
                # every sound: a machine without one would fill the terminal.
                if sink not in self.unplayable:
                    self.unplayable.add(sink)
                    log.info("cannot play on %r: %s", sink or "default", exc)
                continue
            voices.append(voice)
        self._playing[self._next] = voices
        return self._next

    def stop(self, handle: int) -> None:
        for voice in self._playing.pop(handle, []):
            close_stream(voice.stream, "sound")

    def reap(self) -> None:
        """Closes the streams of sounds that have ended: each holds a PortAudio stream and
        its thread until closed."""
        for handle in [h for h, voices in self._playing.items()
                       if all(v.done.is_set() for v in voices)]:
            self.stop(handle)

    def stop_all(self) -> None:
        for handle in list(self._playing):
            self.stop(handle)

    def playing(self, handle: int) -> bool:
        voices = self._playing.get(handle, [])
        return any(not v.done.is_set() for v in voices)
