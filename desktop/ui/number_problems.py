"""Words for a number that cannot be dialled (telephony.numbers.NumberError)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desktop.telephony.numbers import NumberError, NumberProblem

_TEXTS = {
    NumberProblem.EMPTY: QT_TRANSLATE_NOOP("number", "Type a number to call."),
    NumberProblem.BAD_SIP_ADDRESS: QT_TRANSLATE_NOOP("number",
                                                     "“{0}” is not a valid SIP address."),
    NumberProblem.BAD_CHARACTERS: QT_TRANSLATE_NOOP(
        "number", "A phone number has only digits, spaces, + ( ) and -; remove {1}."),
    NumberProblem.WRONG_LENGTH: QT_TRANSLATE_NOOP(
        "number", "“{0}” has too few or too many digits for a phone number."),
    NumberProblem.NOT_A_NUMBER: QT_TRANSLATE_NOOP("number", "“{0}” is not a phone number."),
    NumberProblem.ELSEWHERE: QT_TRANSLATE_NOOP(
        "number", "“{0}” is an address on another server; Deskline calls through your PBX "
                  "only."),
}
_QUOTED = QT_TRANSLATE_NOOP("number", "“{0}”")


def _t(text: object) -> str:
    return QCoreApplication.translate("number", str(text))


def number_problem_text(error: NumberError) -> str:
    bad = " ".join(_t(_QUOTED).format(c) for c in error.bad)
    return _t(_TEXTS[error.problem]).format(error.text, bad)
