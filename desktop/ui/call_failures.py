"""Words for a call action that failed (bus.CallFailed): what did not happen, and why.

The texts are marked with QT_TRANSLATE_NOOP (lupdate collects them) and translated when
shown.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desktop.bus import CallAction, CallFailed, CallFailure

_CONTEXT = "callfailure"
_ACTIONS = {
    CallAction.DIAL: QT_TRANSLATE_NOOP("callfailure", "Could not call {0}"),
    CallAction.TRANSFER: QT_TRANSLATE_NOOP("callfailure", "Could not transfer the call to {0}"),
    CallAction.ANSWER: QT_TRANSLATE_NOOP("callfailure", "Could not answer the call"),
    CallAction.DECLINE: QT_TRANSLATE_NOOP("callfailure", "Could not decline the call"),
    CallAction.HANGUP: QT_TRANSLATE_NOOP("callfailure", "Could not hang up"),
    CallAction.HOLD: QT_TRANSLATE_NOOP("callfailure", "Could not put the call on hold"),
    CallAction.RESUME: QT_TRANSLATE_NOOP("callfailure", "Could not take the call off hold"),
    CallAction.MUTE: QT_TRANSLATE_NOOP("callfailure", "Could not switch the microphone"),
    CallAction.DTMF: QT_TRANSLATE_NOOP("callfailure", "Could not send the digits"),
    CallAction.CONFERENCE: QT_TRANSLATE_NOOP("callfailure",
                                             "Could not join the calls into a conference"),
    CallAction.AUDIO: QT_TRANSLATE_NOOP("callfailure", "The chosen audio device cannot be used"),
}
_WITHOUT_TARGET = {
    CallAction.DIAL: QT_TRANSLATE_NOOP("callfailure", "Could not call"),
    CallAction.TRANSFER: QT_TRANSLATE_NOOP("callfailure", "Could not transfer the call"),
}
_REASONS = {
    CallFailure.NOT_CONNECTED: QT_TRANSLATE_NOOP("callfailure", "not connected to the PBX"),
    CallFailure.CALL_GONE: QT_TRANSLATE_NOOP("callfailure", "the call has already ended"),
    CallFailure.NOT_SENT: QT_TRANSLATE_NOOP("callfailure",
                                            "the phone could not send the request"),
    CallFailure.ENGINE_STOPPED: QT_TRANSLATE_NOOP(
        "callfailure", "the telephony engine stopped and is restarting"),
    CallFailure.NO_AUDIO_DEVICE: QT_TRANSLATE_NOOP(
        "callfailure", "the call goes on with the system's default device"),
}
_SIP_ANSWERS = (
    ((404, 484, 604), QT_TRANSLATE_NOOP("callfailure", "the PBX does not know this number")),
    ((408, 480), QT_TRANSLATE_NOOP("callfailure", "nobody answers at that number")),
    ((486, 600), QT_TRANSLATE_NOOP("callfailure", "the line is busy")),
    ((603,), QT_TRANSLATE_NOOP("callfailure", "the other side declined")),
    ((401, 403, 407), QT_TRANSLATE_NOOP("callfailure", "the PBX does not allow it")),
    ((478,), QT_TRANSLATE_NOOP("callfailure", "that address cannot be reached")),
)
_SERVER_PROBLEM = QT_TRANSLATE_NOOP("callfailure", "the PBX has a problem ({0})")
_REFUSED = QT_TRANSLATE_NOOP("callfailure", "the PBX refused ({0})")
_SENTENCE = QT_TRANSLATE_NOOP("callfailure", "{0}: {1}.")


def _t(text: object) -> str:
    return QCoreApplication.translate(_CONTEXT, str(text))


def action_text(event: CallFailed) -> str:
    if event.target or event.action not in _WITHOUT_TARGET:
        # A number wraps as a whole: "+7 999" on one line and "000-00-00" on the next misreads.
        return _t(_ACTIONS[event.action]).format(event.target.replace(" ", "\u00a0"))
    return _t(_WITHOUT_TARGET[event.action])


def sip_answer_text(code: int) -> str:
    """What the PBX or the far party answered, as a person would say it."""
    for codes, text in _SIP_ANSWERS:
        if code in codes:
            return _t(text)
    return _t(_SERVER_PROBLEM if code >= 500 else _REFUSED).format(code)


def reason_text(event: CallFailed) -> str:
    if event.reason is CallFailure.REJECTED:
        return sip_answer_text(event.sip_code)
    return _t(_REASONS[event.reason])


def failure_text(event: CallFailed) -> str:
    """"Could not transfer the call to +7 916 …: the PBX does not know this number"."""
    return _t(_SENTENCE).format(action_text(event), reason_text(event))
