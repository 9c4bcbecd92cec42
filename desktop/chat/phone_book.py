"""Who is calling: a number (or SIP user) from the PBX matched to a contact's card.

Phone numbers are compared in E.164; a SIP user name matches the contact with the same
user name on the chat server (colleagues whose extensions are their chat names).
"""

from __future__ import annotations

from collections.abc import Mapping

from desktop.bus import ContactInfo
from desktop.telephony.numbers import NumberError, parse


def _e164(number: str) -> str:
    try:
        return parse(number).target
    except NumberError:
        return ""


def find(contacts: Mapping[str, ContactInfo], number: str) -> ContactInfo | None:
    """The contact this number or SIP user belongs to, or None."""
    wanted = _e164(number)
    user = number.removeprefix("sip:").split("@", 1)[0].casefold()
    for contact in contacts.values():
        profile = contact.profile
        if wanted and profile and any(_e164(p.number) == wanted for p in profile.phones):
            return contact
    for contact in contacts.values():
        if user and contact.jid.split("@", 1)[0].casefold() == user:
            return contact
    return None


def card_line(contact: ContactInfo) -> str:
    """Position and company in one line, for the incoming-call popup."""
    profile = contact.profile
    if profile is None:
        return ""
    return ", ".join(p for p in (profile.position, profile.company) if p)
