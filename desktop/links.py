"""A phone link clicked in another app (a CRM, the browser, e-mail) or given to
`deskline call`: tel: (RFC 3966), callto: and sip: URIs, or a plain number, turned into
what the dialer is given. The number is then checked like a typed one
(telephony/numbers.py: letters refused, and so on). A sip: address of another host would
call past the company PBX: refused."""

from __future__ import annotations

import re
import urllib.parse

SCHEMES = ("tel", "callto", "sip", "sips")
_SEPARATORS = re.compile(r"[\s\-.()]")  # RFC 3966 visual separators (and spaces people type)


def is_link(text: str) -> bool:
    scheme, colon, _rest = text.partition(":")
    return bool(colon) and scheme.lower() in SCHEMES


def number_of(link: str, pbx_domain: str) -> str:
    """The number (or extension) a link asks to call; NumberError(ELSEWHERE) for a SIP
    address on another host than the PBX's."""
    raw = link.strip()
    if not is_link(raw):
        return raw
    scheme, _colon, rest = raw.partition(":")
    rest = urllib.parse.unquote(rest).strip()
    scheme = scheme.lower()
    if scheme in ("tel", "callto"):
        number, *params = rest.lstrip("/").split(";")
        number = _SEPARATORS.sub("", number)
        context = next((p.partition("=")[2] for p in params
                        if p.lower().startswith("phone-context=")), "")
        if not number.startswith("+") and context.startswith("+"):
            number = _SEPARATORS.sub("", context) + number  # a local number in its country
        return number
    # Only here: `is_link` is asked before a second start hands its link over, and must
    # not wait for phonenumbers to load.
    from desktop.telephony.numbers import NumberError, NumberProblem  # noqa: PLC0415

    address = rest.split("?", 1)[0].split(";", 1)[0]
    user, at, host = address.partition("@")
    host = host.rsplit(":", 1)[0] if host.count(":") == 1 else host  # a port is no host
    if not at or not pbx_domain or host.lower() != pbx_domain.lower():
        raise NumberError(NumberProblem.ELSEWHERE, raw)
    return _SEPARATORS.sub("", user) if user.startswith("+") else user
