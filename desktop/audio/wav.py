"""Reading sounds: bundled or the user's own WAV files, checked before they are accepted."""

from __future__ import annotations

import stat
import sys
import wave
from array import array
from pathlib import Path

MAX_SECONDS = 30
MAX_BYTES = 20 * 1024 * 1024


class SoundFileError(ValueError):
    """The file cannot be used as a sound; str() says why, for the user."""


def load_wav(path: Path) -> tuple[array[int], int]:
    """Mono int16 samples and the sample rate; any problem raises SoundFileError.
    (array, not numpy: a window that plays a few short sounds needs no 19 MB library.)"""
    try:
        info = path.stat()
    except OSError as exc:
        raise SoundFileError(f"{path.name}: cannot be read ({exc.strerror}).") from exc
    if not stat.S_ISREG(info.st_mode):  # a FIFO or a device would block the reader forever
        raise SoundFileError(f"{path.name} is not a sound file.")
    size = info.st_size
    if size > MAX_BYTES:
        raise SoundFileError(f"{path.name} is {size // 1024 // 1024} MB; a sound may have "
                             f"at most {MAX_BYTES // 1024 // 1024} MB.")
    try:
        with wave.open(str(path), "rb") as w:
            channels, width, rate, frames = (w.getnchannels(), w.getsampwidth(),
                                             w.getframerate(), w.getnframes())
            if width != 2:
                raise SoundFileError(f"{path.name}: only 16-bit PCM WAV files can be used.")
            if not 8000 <= rate <= 96000 or channels not in (1, 2):
                raise SoundFileError(f"{path.name}: {rate} Hz, {channels} channels is not "
                                     "a format for a notification sound.")
            if frames == 0 or frames / rate > MAX_SECONDS:
                raise SoundFileError(f"{path.name}: a sound must last between a moment and "
                                     f"{MAX_SECONDS} s.")
            data = w.readframes(frames)
    except (wave.Error, EOFError) as exc:
        raise SoundFileError(f"{path.name} is not a WAV sound file ({exc}).") from exc
    samples = array("h")
    samples.frombytes(data[: len(data) // 2 * 2])
    if sys.byteorder == "big":
        samples.byteswap()  # WAV is little-endian
    if channels == 2:
        samples = array("h", [(left + right) // 2
                              for left, right in zip(samples[0::2], samples[1::2], strict=False)])
    if len(samples) == 0:
        raise SoundFileError(f"{path.name} has no sound in it.")
    return samples, rate
