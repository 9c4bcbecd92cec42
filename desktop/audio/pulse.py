"""Opening sounddevice streams on a chosen PulseAudio device by its name.

PortAudio on Debian talks to ALSA; ALSA's "pulse" device reaches PulseAudio (or PipeWire),
and libpulse takes the device for a new stream from PULSE_SINK / PULSE_SOURCE.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Iterator
from typing import Any

log = logging.getLogger(__name__)


def close_stream(stream: Any, what: str) -> None:
    """Ends a sounddevice stream at once (abort: no waiting for queued buffers); a device
    that went away under it is logged, not raised."""
    import sounddevice as sd  # noqa: PLC0415 - the stream's owner has loaded it

    try:
        stream.abort()
        stream.close()
    except sd.PortAudioError as exc:
        log.info("%s stream not closed cleanly: %s", what, exc)


def stream_device(sd: Any) -> str | None:
    """ALSA's "pulse" device where there is one (Linux), else PortAudio's default."""
    with contextlib.suppress(ValueError, sd.PortAudioError):
        sd.query_devices("pulse")
        return "pulse"
    return None


DEFAULTS = {"PULSE_SINK": "@DEFAULT_SINK@", "PULSE_SOURCE": "@DEFAULT_SOURCE@"}
_lock = threading.Lock()


def prepare_environment() -> None:
    """At start-up, before any thread: the two variables exist from now on, so choosing a
    device only replaces a value (glibc keeps old values alive) and never adds or removes
    an entry, which would move the environment under another thread's getenv()."""
    for variable, default in DEFAULTS.items():
        os.environ.setdefault(variable, default)


@contextlib.contextmanager
def pulse_device(variable: str, name: str) -> Iterator[None]:
    """Open (and start) a stream inside this block to put it on device `name`.

    `variable` is "PULSE_SINK" or "PULSE_SOURCE"; an empty name means the default device.
    PortAudio reaches PulseAudio through ALSA's "pulse" device, whose libpulse takes the
    device from these variables when a stream connects: the one way to choose it there.
    Streams are opened one at a time (the lock); the variable only ever changes value.
    """
    with _lock:
        old = os.environ.get(variable, DEFAULTS[variable])
        os.environ[variable] = name or DEFAULTS[variable]
        try:
            yield
        finally:
            os.environ[variable] = old
