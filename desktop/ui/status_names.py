"""How statuses are named and coloured on screen."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.bus import Status

COLOUR = {Status.ONLINE: "#2e9b57", Status.BUSY: "#c8393b", Status.AWAY: "#d49a3a",
          Status.OFFLINE: "#9a9a9a"}


def status_name(status: Status) -> str:
    tr = QCoreApplication.translate
    return {Status.ONLINE: tr("status", "Online"),
            Status.BUSY: tr("status", "Busy for new appeals"),
            Status.AWAY: tr("status", "Away"),
            Status.OFFLINE: tr("status", "Offline")}[status]
