"""What the specialist reads when the desk refuses an action on an appeal."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.bus import AppealFailed, AppealProblem


def _tr(text: str) -> str:
    return QCoreApplication.translate("appeal_problems", text)


def problem_text(failed: AppealFailed) -> str:
    words = {
        AppealProblem.NOT_YOURS: _tr("This appeal is not yours any more."),
        AppealProblem.OFFLINE: _tr("The colleague is not online: choose someone who is."),
        AppealProblem.NOT_CONNECTED: _tr("This line is not connected for the client."),
        AppealProblem.CONFIRM: _tr("The appeal was transferred once already; confirm to "
                                   "transfer it again."),
        AppealProblem.NOT_FOUND: _tr("The desk does not know it."),
        AppealProblem.UNREACHABLE: _tr("The support desk does not answer; the rest of "
                                       "Deskline works on. Try again in a minute."),
        AppealProblem.OTHER: _tr("The desk refused it."),
    }
    text = _tr("Appeal №%1: %2").replace("%1", str(failed.appeal)).replace(
        "%2", words[failed.problem])
    # The desk's own words say which lines the client has (not translated: the server's).
    return text + (f" ({failed.detail})" if failed.problem is AppealProblem.NOT_CONNECTED
                   and failed.detail else "")
