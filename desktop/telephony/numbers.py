"""What the specialist types into the dialer, turned into something the PBX can call.

Phone numbers are normalised with phonenumbers (E.164); short internal extensions and SIP
addresses pass as they are. Letters and junk never reach a SIP URI: they raise
NumberError with a message for the specialist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers

DEFAULT_REGION = "RU"
_EXTENSION = re.compile(r"^[0-9*#]{1,6}$")
_SIP_URI = re.compile(r"^sips?:[A-Za-z0-9._~+\-%!$&'()*,;=]+@[A-Za-z0-9.\-\[\]:]+$")
_ALLOWED = re.compile(r"^[0-9+()\-.\s/]+$")


class NumberError(ValueError):
    """The text cannot be dialled; str() is the message for the specialist."""


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
        raise NumberError("Type a number to call.")
    if raw.lower().startswith(("sip:", "sips:")):
        if not _SIP_URI.match(raw):
            raise NumberError(f"“{raw}” is not a valid SIP address.")
        return Dialable(raw, raw)
    compact = re.sub(r"[\s()\-./]", "", raw)
    if _EXTENSION.match(compact):
        return Dialable(compact, compact)
    if not _ALLOWED.match(raw):
        bad = sorted({c for c in raw if not _ALLOWED.match(c)})
        raise NumberError(f"A phone number has only digits, spaces, + ( ) and -; "
                          f"remove {' '.join(repr(c) for c in bad)}.")
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException as exc:
        if exc.error_type in (phonenumbers.NumberParseException.TOO_LONG,
                              phonenumbers.NumberParseException.TOO_SHORT_NSN,
                              phonenumbers.NumberParseException.TOO_SHORT_AFTER_IDD):
            raise NumberError(f"“{raw}” has too few or too many digits for a phone number."
                              ) from exc
        raise NumberError(f"“{raw}” is not a phone number.") from exc
    if not phonenumbers.is_possible_number(number):
        raise NumberError(f"“{raw}” has too few or too many digits for a phone number.")
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    display = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return Dialable(e164, display)


def display_of(target: str, region: str = DEFAULT_REGION) -> str:
    """A number from the PBX as a person reads it; anything else unchanged."""
    try:
        return parse(target, region).display
    except NumberError:
        return target
