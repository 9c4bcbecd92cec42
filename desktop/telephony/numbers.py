"""What the specialist types into the dialer, turned into something the PBX can call.

Phone numbers are normalised with phonenumbers (E.164); short internal extensions and SIP
addresses pass as they are. Letters and junk never reach a SIP URI: they raise
NumberError with the problem (desktop/ui/number_problems.py words it).
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

import phonenumbers

DEFAULT_REGION = "RU"
_EXTENSION = re.compile(r"^[0-9*#]{1,6}$")
_SIP_URI = re.compile(r"^sips?:[A-Za-z0-9._~+\-%!$&'()*,;=]+@[A-Za-z0-9.\-\[\]:]+$")
_ALLOWED = re.compile(r"^[0-9+()\-.\s/]+$")


class NumberProblem(enum.Enum):
    EMPTY = "empty"
    BAD_SIP_ADDRESS = "bad-sip-address"
    BAD_CHARACTERS = "bad-characters"  # letters or other signs a phone number cannot have
    WRONG_LENGTH = "wrong-length"
    NOT_A_NUMBER = "not-a-number"
    ELSEWHERE = "elsewhere"  # a link's SIP address of another host: it would bypass the PBX


class NumberError(ValueError):
    """The text cannot be dialled: why, the text, and the characters at fault."""

    def __init__(self, problem: NumberProblem, text: str, bad: str = "") -> None:
        super().__init__(f"{problem.value}: {text!r}")
        self.problem = problem
        self.text = text
        self.bad = bad  # for BAD_CHARACTERS: each offending character once, in order


@dataclass(frozen=True)
class Dialable:
    target: str  # E.164 number, extension, or the SIP URI as given
    display: str  # how to show it: "+7 916 123-45-67"

    def uri(self, domain: str) -> str:
        if self.target.startswith(("sip:", "sips:")):
            return self.target
        return f"sip:{self.target}@{domain}"


def parse(text: str, region: str = DEFAULT_REGION) -> Dialable:
    raw = text.strip()
    if not raw:
        raise NumberError(NumberProblem.EMPTY, raw)
    if raw.lower().startswith(("sip:", "sips:")):
        if not _SIP_URI.match(raw):
            raise NumberError(NumberProblem.BAD_SIP_ADDRESS, raw)
        return Dialable(raw, raw)
    compact = re.sub(r"[\s()\-./]", "", raw)
    if _EXTENSION.match(compact):
        return Dialable(compact, compact)
    if not _ALLOWED.match(raw):
        bad = "".join(dict.fromkeys(c for c in raw if not _ALLOWED.match(c)))
        raise NumberError(NumberProblem.BAD_CHARACTERS, raw, bad)
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException as exc:
        if exc.error_type in (phonenumbers.NumberParseException.TOO_LONG,
                              phonenumbers.NumberParseException.TOO_SHORT_NSN,
                              phonenumbers.NumberParseException.TOO_SHORT_AFTER_IDD):
            raise NumberError(NumberProblem.WRONG_LENGTH, raw) from exc
        raise NumberError(NumberProblem.NOT_A_NUMBER, raw) from exc
    if not phonenumbers.is_possible_number(number):
        raise NumberError(NumberProblem.WRONG_LENGTH, raw)
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    display = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return Dialable(e164, display)


def display_of(target: str, region: str = DEFAULT_REGION) -> str:
    """A number from the PBX as a person reads it; anything else unchanged."""
    try:
        return parse(target, region).display
    except NumberError:
        return target
