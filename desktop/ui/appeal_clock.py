"""An appeal's clocks as the specialist reads them, in the feed and above the conversation:
the line's time to accept (calm, amber in the last minute, red when late), the auto-finish
countdown after the control question, how often it was transferred."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from desktop.bus import AppealInfo

LATE = QColor("#c62828")
SOON = QColor("#b26a00")  # the last minute of the clock
SOON_S = 60


def clock_text(seconds: float) -> str:
    seconds = int(abs(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


def clock_colour(left: float) -> QColor | None:
    return LATE if left < 0 else SOON if left <= SOON_S else None


def accept_clock(appeal: AppealInfo, now: float) -> tuple[str, QColor | None]:
    """An offer: the time left to accept it, or how late it is."""
    return deadline_clock(appeal.accept_by, now)


def deadline_clock(accept_by: float, now: float) -> tuple[str, QColor | None]:
    """The time left to accept by `accept_by`, or how late it is (the online monitor's
    appeals too)."""
    left = accept_by - now
    text = (QCoreApplication.translate("appeal_clock", "accept within %1") if left >= 0
            else QCoreApplication.translate("appeal_clock", "late by %1"))
    return text.replace("%1", clock_text(left)), clock_colour(left)


def countdown(appeal: AppealInfo, now: float) -> str:
    """After the control question: when the desk finishes it by itself."""
    return QCoreApplication.translate("appeal_clock", "finishes by itself in %1").replace(
        "%1", clock_text(max(0.0, appeal.control_until - now)))


def transfers(count: int) -> str:
    return "⇄ " + QCoreApplication.translate("appeal_clock", "transfers: %n", "",
                                             count)
