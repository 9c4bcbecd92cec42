"""The sound of each event: bundled or the user's own WAV, checked, cached; and the
service that plays them on the notification device when things happen."""

from __future__ import annotations

import logging
from array import array
from collections import deque
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

from desktop.audio.player import SoundPlayer
from desktop.audio.wav import SoundFileError, load_wav
from desktop.bus import (
    AppealInfo,
    AppealState,
    Bus,
    CallInfo,
    CallState,
    ChatLinkChanged,
    ChatMessage,
    LinkProblem,
    LinkState,
    PbxLinkChanged,
)
from desktop.gui_thread import assert_gui_thread
from desktop.resources import SOUNDS
from desktop.settings import Settings

log = logging.getLogger(__name__)

BUNDLED = {"incoming_call": "ring.wav", "message": "message.wav", "appeal": "appeal.wav",
           "sent": "sent.wav", "call_ended": "call_ended.wav",
           "connection_lost": "connection_lost.wav"}


class SoundLibrary:
    """Loads each event's sound once; a file that cannot be used falls back to the bundled
    sound, and the reason is kept for the user (`problems`)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._cache: dict[str, tuple[array[int], int]] = {}
        self.problems: dict[str, str] = {}
        self._refused: set[tuple[str, int, int]] = set()  # files that could not be used

    def path(self, event: str) -> Path:
        chosen = self.settings.get_str(f"sounds.{event}.file")
        return Path(chosen) if chosen else SOUNDS / BUNDLED[event]

    def load(self, event: str) -> tuple[array[int], int]:
        path = self.path(event)
        key = str(path)
        if _identity(path) in self._refused:  # not read again on every call and message
            return self.load_bundled(event)
        if key not in self._cache:
            try:
                self._cache[key] = load_wav(path)
                self.problems.pop(event, None)
            except SoundFileError as exc:
                self.problems[event] = str(exc)
                self._refused.add(_identity(path))
                return self.load_bundled(event)
        return self._cache[key]

    def load_bundled(self, event: str) -> tuple[array[int], int]:
        path = SOUNDS / BUNDLED[event]
        if str(path) not in self._cache:
            self._cache[str(path)] = load_wav(path)
        return self._cache[str(path)]


def _identity(path: Path) -> tuple[str, int, int]:
    """A file as it is now (stat opens nothing, not even a FIFO): replaced, it is new."""
    try:
        info = path.stat()
    except OSError:
        return str(path), 0, 0
    return str(path), info.st_mtime_ns, info.st_size


def device_list(text: str) -> list[str]:
    return [s.strip() for s in text.split(",") if s.strip()]


class EventSounds(QObject):
    """Plays the sound of an event on the notification device, if the user wants it.

    The incoming call's sound is the Ringer's (on the ring devices); the others are here:
    a message arriving in a conversation the specialist is not reading (`reading`, given by
    the composition root), a message of ours taken by the server, an answered call ending,
    a link lost, and a new appeal offered.
    """

    def __init__(self, bus: Bus, settings: Settings, player: SoundPlayer,
                 library: SoundLibrary,
                 reading: Callable[[str], bool] = lambda _peer: False) -> None:
        super().__init__()
        self.settings = settings
        self.player = player
        self.library = library
        self.reading = reading
        self._links: dict[str, LinkState] = {}
        self._confirmed: deque[str] = deque(maxlen=256)  # ours, sound already played
        self._sounding: dict[str, int] = {}  # event -> the handle of its sound
        bus.call_changed.connect(self._on_call)
        bus.pbx_link.connect(self._on_link)
        bus.chat_link.connect(self._on_link)
        bus.message.connect(self._on_message)
        bus.appeal.connect(self._on_appeal)

    def _on_appeal(self, appeal: AppealInfo) -> None:
        """A new appeal is offered to the specialist."""
        if appeal.state is AppealState.OFFERED:
            self.play("appeal")

    def play(self, event: str, force: bool = False) -> int | None:
        """`force` plays even a disabled sound (the preview button)."""
        assert_gui_thread()
        if not force and not self.settings.get_bool(f"sounds.{event}.enabled"):
            return None
        last = self._sounding.get(event)
        if not force and last is not None and self.player.playing(last):
            return last  # a burst (a flood of messages) is one sound, not one each
        samples, rate = self.library.load(event)
        volume = self.settings.get_int(f"sounds.{event}.volume") / 100
        sinks = device_list(self.settings.get_str("audio.notification_device"))
        self._sounding[event] = handle = self.player.play(samples, rate, sinks, volume=volume)
        # Its stream is closed soon after it ends (an open one keeps a PortAudio thread).
        QTimer.singleShot(round(len(samples) / rate * 1000) + 300, self.player.reap)
        return handle

    def _on_call(self, call: CallInfo) -> None:
        if call.state is CallState.ENDED and call.answered_at is not None:
            self.play("call_ended")

    def _on_message(self, message: ChatMessage) -> None:
        if not message.outgoing:  # ChatService emits an arrival once, whatever resends
            if not self.reading(message.peer):
                self.play("message")
        elif message.state in ("sent", "delivered") and message.id not in self._confirmed:
            self._confirmed.append(message.id)  # the receipt may come before the server's ack
            self.play("sent")

    def _on_link(self, event: PbxLinkChanged | ChatLinkChanged) -> None:
        what = "pbx" if isinstance(event, PbxLinkChanged) else "chat"
        before = self._links.get(what)
        self._links[what] = event.state
        # Lost: failed, or reconnecting after a drop; signing out or in again on purpose
        # (a new account) is not a loss.
        lost = event.state is LinkState.FAILED or (
            event.state is LinkState.CONNECTING and event.problem is LinkProblem.CONNECTION_LOST)
        if before is LinkState.ONLINE and lost:
            self.play("connection_lost")
