"""Rings while a call is incoming, on every ringing device at once; stops the moment the
call is answered, declined or given up by the caller."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject

from desktop.audio.player import SoundPlayer
from desktop.audio.wav import SoundFileError, load_wav
from desktop.bus import Bus, CallInfo, CallState, ErrorRaised
from desktop.gui_thread import assert_gui_thread
from desktop.resources import SOUNDS
from desktop.settings import Settings

log = logging.getLogger(__name__)


def ring_sinks(settings: Settings) -> list[str]:
    return [s.strip() for s in settings.get_str("audio.ring_devices").split(",") if s.strip()]


class Ringer(QObject):
    def __init__(self, bus: Bus, settings: Settings, player: SoundPlayer) -> None:
        super().__init__()
        self.bus = bus
        self.settings = settings
        self.player = player
        self.ringing_for: set[int] = set()
        self.handle: int | None = None
        self._sound: tuple[str, np.ndarray, int] | None = None
        bus.incoming_call.connect(self.on_incoming)
        bus.call_changed.connect(self.on_call_changed)

    def on_incoming(self, call: CallInfo) -> None:
        assert_gui_thread()
        self.ringing_for.add(call.id)
        if self.handle is None and self.settings.get_bool("sounds.incoming_call.enabled"):
            samples, rate = self._ringtone()
            volume = self.settings.get_int("sounds.incoming_call.volume") / 100
            self.handle = self.player.play(samples, rate, ring_sinks(self.settings),
                                           loop=True, volume=volume)

    def on_call_changed(self, call: CallInfo) -> None:
        assert_gui_thread()
        if call.id in self.ringing_for and call.state is not CallState.INCOMING:
            self.ringing_for.discard(call.id)
            if not self.ringing_for:
                self.stop()

    def stop(self) -> None:
        self.ringing_for.clear()
        if self.handle is not None:
            self.player.stop(self.handle)
            self.handle = None

    def _ringtone(self) -> tuple[np.ndarray, int]:
        chosen = self.settings.get_str("sounds.incoming_call.file")
        if self._sound is None or self._sound[0] != chosen:
            try:
                samples, rate = load_wav(Path(chosen) if chosen else SOUNDS / "ring.wav")
            except SoundFileError as exc:
                # The call must still ring: fall back to the bundled tone and say why.
                self.bus.error.emit(ErrorRaised("Ringtone", str(exc)))
                samples, rate = load_wav(SOUNDS / "ring.wav")
            self._sound = (chosen, samples, rate)
        return self._sound[1], self._sound[2]
