"""How statuses are named and coloured on screen."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.bus import Status

COLOUR = {Status.ONLINE: "#2e9b57", Status.BUSY: "#c8393b", Status.AWAY: "#d49a3a",
          Status.OFFLINE: "#9a9a9a"}


def status_name(status: Status) -> str:
    return {Status.ONLINE: QCoreApplication.translate("status", "Online"),
            Status.BUSY: QCoreApplication.translate("status", "Busy for new appeals"),
            Status.AWAY: QCoreApplication.translate("status", "Away"),
            Status.OFFLINE: QCoreApplication.translate("status", "Offline")}[status]
