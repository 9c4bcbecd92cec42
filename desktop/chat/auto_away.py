"""Auto-away: after N minutes without input the status becomes Away, and the previous status
comes back with the next input. A status the specialist chose by hand always wins."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from desktop.bus import Bus, OwnStatusChanged, Status
from desktop.chat.session import ChatSession
from desktop.idle import IdleClock
from desktop.settings import Settings

CHECK_MS = 1000


class AutoAway(QObject):
    def __init__(self, bus: Bus, settings: Settings, session: ChatSession, clock: IdleClock,
                 threshold_s: float | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.session = session
        self.clock = clock
        self.threshold_s = threshold_s  # tests use seconds; the setting is in minutes
        self.previous: Status | None = None  # set while we are the reason for Away
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check)
        bus.own_status.connect(self._status_changed)

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _threshold(self) -> float:
        if self.threshold_s is not None:
            return self.threshold_s
        return self.settings.get_int("presence.auto_away_minutes") * 60.0

    def check(self) -> None:
        threshold = self._threshold()
        if threshold <= 0:
            return
        idle = self.clock.idle_seconds()
        if self.previous is None and idle >= threshold and self.session.status in (
                Status.ONLINE, Status.BUSY):
            self.previous = self.session.status
            self.session.set_status(Status.AWAY, automatic=True)
        elif self.previous is not None and idle < threshold:
            back, self.previous = self.previous, None
            self.session.set_status(back, automatic=True)

    def _status_changed(self, event: OwnStatusChanged) -> None:
        if not event.automatic:
            self.previous = None  # the specialist decided: we keep out of it
