"""Profile <-> vcard-temp (XEP-0054); Prosody's vcard_legacy mirrors it to vCard4."""

from __future__ import annotations

from typing import Any

from slixmpp.plugins.xep_0054.stanza import Email, Name, Org, Telephone, VCardTemp

from desktop.chat.models import PhoneNumber, Profile


def to_vcard(profile: Profile) -> Any:
    vcard = VCardTemp()
    vcard["FN"] = profile.full_name
    name = Name()
    name["FAMILY"], name["GIVEN"] = profile.last_name, profile.first_name
    # slixmpp 1.17's MIDDLE setter print()s the value to stdout; set the element directly.
    name._set_sub_text("MIDDLE", profile.patronymic)
    vcard.append(name)
    if profile.company:
        org = Org()
        org["ORGNAME"] = profile.company
        vcard.append(org)
    if profile.position:
        vcard["TITLE"] = profile.position
    if profile.email:
        email = Email()
        email["INTERNET"] = True
        email["USERID"] = profile.email
        vcard.append(email)
    for phone in profile.phones:
        tel = Telephone()
        tel["VOICE"] = True
        tel["CELL" if phone.kind == "mobile" else "WORK"] = True
        tel["NUMBER"] = phone.number
        vcard.append(tel)
    return vcard


def from_vcard(vcard: Any) -> Profile:
    name = vcard["N"]
    orgs = vcard["organizations"]
    emails = vcard["emails"]
    phones = tuple(
        PhoneNumber("mobile" if tel["CELL"] else "work" if tel["WORK"] else "other",
                    tel["NUMBER"])
        for tel in vcard["telephone_numbers"] if tel["NUMBER"])
    return Profile(first_name=name["GIVEN"], patronymic=name["MIDDLE"],
                   last_name=name["FAMILY"], position=vcard["TITLE"],
                   company=orgs[0]["ORGNAME"] if orgs else "",
                   email=emails[0]["USERID"] if emails else "", phones=phones)
