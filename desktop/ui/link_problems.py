"""Words for why the PBX or chat link is down, and for the notices of bus.ErrorRaised."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desktop.bus import ErrorRaised, LinkProblem, NoticeKind

_PBX = {
    LinkProblem.UNKNOWN_USER: QT_TRANSLATE_NOOP("link", "the PBX does not know this user"),
    LinkProblem.NO_ANSWER: QT_TRANSLATE_NOOP("link", "the PBX does not answer; retrying"),
    LinkProblem.UNREACHABLE: QT_TRANSLATE_NOOP("link", "the PBX cannot be reached; retrying"),
    LinkProblem.UNTRUSTED_CERTIFICATE: QT_TRANSLATE_NOOP(
        "link", "the PBX's certificate is not trusted; check the CA file"),
    LinkProblem.SERVER_ERROR: QT_TRANSLATE_NOOP("link",
                                                "the PBX has a problem ({0}); retrying"),
    LinkProblem.REFUSED: QT_TRANSLATE_NOOP("link",
                                           "the PBX refused the registration ({0}); retrying"),
}
_CHAT = {
    LinkProblem.UNKNOWN_USER: QT_TRANSLATE_NOOP("link", "the chat server does not know you"),
    LinkProblem.NO_ANSWER: QT_TRANSLATE_NOOP("link", "the chat server does not answer"),
    LinkProblem.UNREACHABLE: QT_TRANSLATE_NOOP("link",
                                               "the chat server cannot be reached; retrying"),
    LinkProblem.UNTRUSTED_CERTIFICATE: QT_TRANSLATE_NOOP(
        "link", "the chat server's certificate is not trusted; check the CA file"),
    LinkProblem.SERVER_ERROR: QT_TRANSLATE_NOOP("link", "the chat server has a problem"),
    LinkProblem.REFUSED: QT_TRANSLATE_NOOP("link", "the chat server refused the sign-in"),
}
_BOTH = {
    LinkProblem.WRONG_PASSWORD: QT_TRANSLATE_NOOP("link", "wrong user name or password"),
    LinkProblem.CONNECTION_LOST: QT_TRANSLATE_NOOP("link", "connection lost; reconnecting"),
    LinkProblem.ENGINE_RESTARTING: QT_TRANSLATE_NOOP(
        "link", "the telephony engine stopped; restarting it"),
    LinkProblem.LAB_STARTING: QT_TRANSLATE_NOOP("link", "starting the local lab"),
    LinkProblem.LAB_FAILED: QT_TRANSLATE_NOOP("link", "the local lab did not start"),
}
_NOTICES = {
    NoticeKind.DEVICE_UNPLUGGED: QT_TRANSLATE_NOOP(
        "notice", "Audio: {0} was unplugged; the system default device is used instead."),
    NoticeKind.HEADSET_TAKEN: QT_TRANSLATE_NOOP(
        "notice", "Audio: {0} is plugged in and now used for calls."),
    NoticeKind.RINGTONE_UNUSABLE: QT_TRANSLATE_NOOP(
        "notice", "Ringtone: the chosen sound cannot be played; the bundled one rings instead."),
    NoticeKind.SETTINGS_SET_ASIDE: QT_TRANSLATE_NOOP(
        "notice", "Settings: a damaged setting was set aside; its default is used."),
    NoticeKind.LAB_FAILED: QT_TRANSLATE_NOOP("notice", "Local lab: it did not start."),
    NoticeKind.KEYRING_FAILED: QT_TRANSLATE_NOOP(
        "notice", "Keyring: it did not answer; the password is asked instead."),
    NoticeKind.SIP_TOO_LARGE: QT_TRANSLATE_NOOP(
        "notice", "Calls: the PBX sent a message larger than Deskline can take (a call may "
                  "have been lost). Ask your PBX administrator to keep SIP messages under "
                  "4,000 bytes."),
    NoticeKind.PASSWORD_NOT_SAVED: QT_TRANSLATE_NOOP(
        "notice", "Keyring: the password for {0} was not saved; it is used until Deskline "
                  "quits."),
}


def link_problem_text(problem: LinkProblem, code: int = 0, pbx: bool = True) -> str:
    table = _BOTH if problem in _BOTH else _PBX if pbx else _CHAT
    return QCoreApplication.translate("link", str(table[problem])).format(code)


def notice_text(event: ErrorRaised) -> str:
    """The notice in words; the program's own detail (not translated) follows it."""
    text = QCoreApplication.translate("notice", str(_NOTICES[event.kind])).format(event.subject)
    return f"{text} ({event.detail})" if event.detail else text
