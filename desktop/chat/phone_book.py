"""Who is calling: a number (or SIP user) from the PBX matched to a contact's card.

Phone numbers are compared in E.164; a SIP user name matches the contact with the same
user name on the chat server (colleagues whose extensions are their chat names). Anyone
can publish any number on their own card: a number on several cards names nobody, unless
exactly one of them is a colleague's (the company's directory outranks a client's claim).
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


class PhoneBook:
    """An index over the contacts' numbers and user names, built when first asked after a
    change: the call history asks for every row, and parsing every card's numbers per row
    would cost rows × contacts."""

    def __init__(self, contacts: Mapping[str, ContactInfo], trusted_group: str = "") -> None:
        self.contacts = contacts
        self.trusted_group = trusted_group  # the roster group of the company's people
        self._index: tuple[dict[str, list[ContactInfo]], dict[str, ContactInfo]] | None = None

    def forget(self) -> None:
        """A contact changed: the index is built again on the next question."""
        self._index = None

    def find(self, number: str) -> ContactInfo | None:
        """The contact this number or SIP user belongs to, or None; a phone number on a
        card wins over a user name."""
        phones, users = self._built()
        wanted = _e164(number)
        if wanted and wanted in phones:
            return self._one_of(phones[wanted])
        user = number.removeprefix("sip:").split("@", 1)[0].casefold()
        return users.get(user) if user else None

    def _one_of(self, claimants: list[ContactInfo]) -> ContactInfo | None:
        if len(claimants) == 1:
            return claimants[0]
        colleagues = [c for c in claimants if self.trusted_group in c.groups]
        return colleagues[0] if self.trusted_group and len(colleagues) == 1 else None

    def _built(self) -> tuple[dict[str, list[ContactInfo]], dict[str, ContactInfo]]:
        if self._index is None:
            phones: dict[str, list[ContactInfo]] = {}
            users: dict[str, ContactInfo] = {}
            for contact in self.contacts.values():
                for phone in contact.profile.phones if contact.profile else ():
                    if (e164 := _e164(phone.number)) and contact not in phones.get(e164, []):
                        phones.setdefault(e164, []).append(contact)
                users.setdefault(contact.jid.split("@", 1)[0].casefold(), contact)
            self._index = phones, users
        return self._index


def card_line(contact: ContactInfo) -> str:
    """Position and company in one line, for the incoming-call popup."""
    profile = contact.profile
    if profile is None:
        return ""
    return ", ".join(p for p in (profile.position, profile.company) if p)
