"""What the specialist reads when the desk refuses an action on an appeal."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.bus import AppealFailed, AppealProblem


def problem_text(failed: AppealFailed) -> str:
    # Each text a literal call, so lupdate finds it.
    words = {
        AppealProblem.NOT_YOURS: QCoreApplication.translate(
            "appeal_problems", "This appeal is not yours any more."),
        AppealProblem.OFFLINE: QCoreApplication.translate(
            "appeal_problems", "The colleague is not online: choose someone who is."),
        AppealProblem.NOT_CONNECTED: QCoreApplication.translate(
            "appeal_problems", "This line is not connected for the client."),
        AppealProblem.CONFIRM: QCoreApplication.translate(
            "appeal_problems",
            "The appeal was transferred once already; confirm to transfer it again."),
        AppealProblem.NOT_FOUND: QCoreApplication.translate(
            "appeal_problems", "The desk does not know it."),
        AppealProblem.UNREACHABLE: QCoreApplication.translate(
            "appeal_problems", "The support desk does not answer; the rest of Deskline "
            "works on. Try again in a minute."),
        AppealProblem.NO_FIRST_LINE: QCoreApplication.translate(
            "appeal_problems", "No partner's first line stands before this line for the "
            "client, so it stays yours: answer it, or tell the client which line to write to."),
        AppealProblem.PARTNER_UNREACHABLE: QCoreApplication.translate(
            "appeal_problems", "The partner's desk did not take it (it is not reachable now), "
            "so it stays yours. Try again later, or answer it yourself."),
        AppealProblem.PARTNER_DISTRUSTS: QCoreApplication.translate(
            "appeal_problems", "The partner's desk does not take appeals from ours, so it "
            "stays yours. Tell your administrator: the partner must add our desk."),
        AppealProblem.PARTNER_NO_LINE: QCoreApplication.translate(
            "appeal_problems", "The partner's desk has no such first line, so it stays yours. "
            "Tell your administrator: the client's partner is set up wrongly."),
        AppealProblem.PARTNER_NOT_THEIRS: QCoreApplication.translate(
            "appeal_problems", "The partner says this client is not theirs, so it stays "
            "yours. Ask the client who connected them."),
        AppealProblem.PARTNER_REFUSED: QCoreApplication.translate(
            "appeal_problems", "The partner's desk refused it, so it stays yours."),
        AppealProblem.OTHER: QCoreApplication.translate(
            "appeal_problems", "The desk refused it."),
    }
    if failed.problem is AppealProblem.OFFLINE and failed.action == "escalate":
        words[AppealProblem.OFFLINE] = QCoreApplication.translate(
            "appeal_problems", "No senior of this line is online, so it stays yours. Write "
            "to a senior in the chat, or escalate again when one is online.")
    text = QCoreApplication.translate("appeal_problems", "Appeal №%1: %2").replace(
        "%1", str(failed.appeal)).replace("%2", words[failed.problem])
    # The desk's own words name the lines the client has (the server's, not translated).
    return text + (f" ({failed.detail})" if failed.problem is AppealProblem.NOT_CONNECTED
                   and failed.detail else "")
