"""Rings while a call is incoming, on every ringing device at once; stops the moment the
call is answered, declined or given up by the caller."""

from __future__ import annotations

import logging
from array import array

from PySide6.QtCore import QObject

from desktop.audio.player import SoundPlayer
from desktop.audio.sounds import SoundLibrary, device_list
from desktop.bus import Bus, CallInfo, CallState, ErrorRaised, NoticeKind
from desktop.gui_thread import assert_gui_thread
from desktop.settings import Settings

log = logging.getLogger(__name__)


def ring_sinks(settings: Settings) -> list[str]:
    return device_list(settings.get_str("audio.ring_devices"))


class Ringer(QObject):
    def __init__(self, bus: Bus, settings: Settings, player: SoundPlayer,
                 library: SoundLibrary) -> None:
        super().__init__()
        self.bus = bus
        self.settings = settings
        self.player = player
        self.ringing_for: set[int] = set()
        self.handle: int | None = None
        self.library = library
        self._told = ""
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

    def _ringtone(self) -> tuple[array[int], int]:
        samples, rate = self.library.load("incoming_call")
        problem = self.library.problems.get("incoming_call")
        if problem and problem != self._told:
            # The call still rings, with the bundled tone; the user learns why once.
            self._told = problem
            self.bus.error.emit(ErrorRaised(NoticeKind.RINGTONE_UNUSABLE, detail=problem))
        return samples, rate
