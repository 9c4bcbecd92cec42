"""Opening sounddevice streams on a chosen PulseAudio device by its name.

PortAudio on Debian talks to ALSA; ALSA's "pulse" device reaches PulseAudio (or PipeWire),
and libpulse takes the device for a new stream from PULSE_SINK / PULSE_SOURCE.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import Any


def sd_error() -> type[Exception]:
    """PortAudio's error type, for closing streams (sounddevice is imported on first use)."""
    import sounddevice as sd  # noqa: PLC0415

    return sd.PortAudioError  # type: ignore[no-any-return]


def stream_device(sd: Any) -> str | None:
    """ALSA's "pulse" device where there is one (Linux), else PortAudio's default."""
    with contextlib.suppress(ValueError, sd.PortAudioError):
        sd.query_devices("pulse")
        return "pulse"
    return None


@contextlib.contextmanager
def pulse_device(variable: str, name: str) -> Iterator[None]:
    """Open (and start) a stream inside this block to put it on device `name`.

    `variable` is "PULSE_SINK" or "PULSE_SOURCE"; an empty name means the default device.
    Streams must be opened from one thread at a time, as the environment is shared.
    """
    old = os.environ.get(variable)
    if name:
        os.environ[variable] = name
    else:
        os.environ.pop(variable, None)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(variable, None)
        else:
            os.environ[variable] = old
