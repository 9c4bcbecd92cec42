"""Call audio between pjsua2's conference bridge and the sound devices (engine process).

The pjsua2 wheels have no sound device of their own (setNullDev). A BridgePort sits on the
conference bridge: pjmedia's clock asks it for microphone frames and hands it the mixed
far-end audio; sounddevice streams on the chosen PulseAudio source and sink fill and drain
two short frame queues. The queues absorb the drift between the two clocks: when one runs
ahead, the oldest frames are dropped, so the delay stays bounded instead of growing.
"""

from __future__ import annotations

import collections
import importlib
import logging
import sys
import threading
from typing import Any

import pjsua2 as pj

from desktop.audio.pulse import close_stream, pulse_device, stream_device

log = logging.getLogger("deskline.engine.audio")

CLOCK_RATE = 16000
FRAME_MS = 20
SAMPLES = CLOCK_RATE * FRAME_MS // 1000
FRAME_BYTES = SAMPLES * 2
MAX_QUEUED = 3  # frames: at most 60 ms waiting on either side
SILENCE = bytes(FRAME_BYTES)


class FrameQueue:
    """Whole 20 ms frames between two clocks; bounded, oldest dropped first.

    Two clocks at the same nominal rate keep whatever backlog they start with, so a queue
    that once filled up would add its whole length as delay for the rest of the call.
    The reader therefore trims a standing backlog down to one frame.
    """

    def __init__(self, limit: int = MAX_QUEUED) -> None:
        self.frames: collections.deque[bytes] = collections.deque(maxlen=limit)
        self.lock = threading.Lock()
        self.underruns = 0
        self.trimmed = 0

    def put(self, frame: bytes) -> None:
        with self.lock:
            self.frames.append(frame)

    def get(self) -> bytes:
        with self.lock:
            while len(self.frames) > 2:
                self.frames.popleft()
                self.trimmed += 1
            if self.frames:
                return self.frames.popleft()
        self.underruns += 1
        return SILENCE

    def clear(self) -> None:
        with self.lock:
            self.frames.clear()


class BridgePort(pj.AudioMediaPort):  # type: ignore[misc]
    """The conference-bridge end: called on pjmedia's clock thread every 20 ms."""

    def __init__(self, mic: FrameQueue, speaker: FrameQueue) -> None:
        super().__init__()
        self.mic = mic
        self.speaker = speaker
        self.muted = False
        fmt = pj.MediaFormatAudio()
        fmt.init(pj.PJMEDIA_FORMAT_PCM, CLOCK_RATE, 1, FRAME_MS * 1000, 16)
        self.createPort("deskline-bridge", fmt)

    def onFrameRequested(self, frame: pj.MediaFrame) -> None:  # noqa: N802 - pjsua2 callback
        data = self.mic.get()
        frame.type = pj.PJMEDIA_FRAME_TYPE_AUDIO
        frame.buf = pj.ByteVector(SILENCE if self.muted else data)
        frame.size = FRAME_BYTES

    def onFrameReceived(self, frame: pj.MediaFrame) -> None:  # noqa: N802 - pjsua2 callback
        if frame.type == pj.PJMEDIA_FRAME_TYPE_AUDIO and frame.size == FRAME_BYTES:
            self.speaker.put(bytes(frame.buf))


class DeviceStreams:
    """sounddevice streams on named PulseAudio devices ("" = the system default)."""

    def __init__(self, mic: FrameQueue, speaker: FrameQueue) -> None:
        self.mic = mic
        self.speaker = speaker
        self.source = ""
        self.sink = ""
        self.streams: list[Any] = []

    @property
    def running(self) -> bool:
        return bool(self.streams)

    def use(self, source: str, sink: str) -> None:
        changed = (source, sink) != (self.source, self.sink)
        self.source, self.sink = source, sink
        if changed and self.running:
            self.stop()
            self.start()

    @staticmethod
    def prepare() -> None:
        """A call is coming: load PortAudio (and ALSA's PulseAudio plugin with it, ~24 MB)
        in the background, so it is there when the call is answered; an engine that sits
        idle all day never loads it."""
        if "sounddevice" not in sys.modules:
            threading.Thread(target=importlib.import_module, args=("sounddevice",),
                             name="load-audio", daemon=True).start()

    def start(self) -> None:
        import sounddevice as sd  # noqa: PLC0415 - prepare() has usually loaded it

        if self.running:
            return
        self.mic.clear()
        self.speaker.clear()
        try:
            self._open(sd.RawInputStream, "PULSE_SOURCE", self.source, self._captured)
            self._open(sd.RawOutputStream, "PULSE_SINK", self.sink, self._play)
        except sd.PortAudioError as exc:
            log.error("sound device not available: %s", exc)
            self.stop()
            raise

    def _open(self, kind: Any, variable: str, device: str, callback: Any) -> None:
        import sounddevice as sd  # noqa: PLC0415 - loaded by start()

        # libpulse reads PULSE_SOURCE/PULSE_SINK when a stream connects: set them for each
        # stream as it opens (the engine opens streams from one thread only).
        with pulse_device(variable, device):
            stream = kind(samplerate=CLOCK_RATE, blocksize=SAMPLES, channels=1, dtype="int16",
                          device=stream_device(sd), latency="low", callback=callback)
            self.streams.append(stream)
            stream.start()

    def stop(self) -> None:
        for stream in self.streams:
            close_stream(stream, "call audio")
        self.streams = []

    def _captured(self, data: Any, frames: int, _time: Any, _status: Any) -> None:
        if frames == SAMPLES:
            self.mic.put(bytes(data))

    def _play(self, data: Any, frames: int, _time: Any, _status: Any) -> None:
        frame = self.speaker.get()
        data[:] = frame if frames == SAMPLES else bytes(frames * 2)
