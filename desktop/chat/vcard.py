"""Profile <-> vcard-temp (XEP-0054); Prosody's vcard_legacy mirrors it to vCard4."""

from __future__ import annotations

from typing import Any

import phonenumbers
from slixmpp.plugins.xep_0054.stanza import URL, Email, Name, Org, Telephone, VCardTemp

from desktop.values import PhoneNumber, Profile


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
        # Prosody's vCard4 mirror keeps HOME/WORK only: INTERNET alone became an empty
        # <type/>, which other clients (Gajim) reject, and they then drop the address.
        email["WORK"] = True
        email["USERID"] = profile.email
        vcard.append(email)
    if profile.photo:
        vcard["PHOTO"]["TYPE"] = "image/png"
        vcard["PHOTO"]["BINVAL"] = profile.photo
    if profile.sip:  # vcard-temp has no SIP field: a URL with the sip: scheme
        url = URL()
        url["URL"] = profile.sip
        vcard.append(url)
    for phone in profile.phones:
        tel = Telephone()
        tel["VOICE"] = True
        tel["WORK"] = True  # kept by the vCard4 mirror (CELL alone became an empty <type/>)
        if phone.kind == "mobile":
            tel["CELL"] = True  # for vcard-temp readers; ours tells a mobile by its number
        tel["NUMBER"] = phone.number
        vcard.append(tel)
    return vcard


def _kind_by_number(number: str) -> str:
    """Prosody 0.12 keeps WORK but drops CELL when it stores vcard-temp as vCard4: tell a
    mobile number by the number itself."""
    try:
        parsed = phonenumbers.parse(number, "RU")
    except phonenumbers.NumberParseException:
        return "other"
    mobile = (phonenumbers.PhoneNumberType.MOBILE,
              phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
    return "mobile" if phonenumbers.number_type(parsed) in mobile else "other"


def _kind(tel: Any) -> str:
    """CELL where it survived; else a mobile number is a mobile (the vCard4 mirror turns
    every type into WORK or nothing), else WORK if said so."""
    if tel["CELL"]:
        return "mobile"
    by_number = _kind_by_number(tel["NUMBER"])
    return by_number if by_number == "mobile" or not tel["WORK"] else "work"


def from_vcard(vcard: Any) -> Profile:
    name = vcard["N"]
    orgs = vcard["organizations"]
    emails = vcard["emails"]
    phones = tuple(PhoneNumber(_kind(tel), tel["NUMBER"])
                   for tel in vcard["telephone_numbers"] if tel["NUMBER"])
    sip = next((str(u["URL"]) for u in vcard["urls"]
                if str(u["URL"] or "").lower().startswith(("sip:", "sips:"))), "")
    photos = vcard["photos"]
    photo = photos[0]["BINVAL"] if photos and photos[0]["BINVAL"] else b""
    return Profile(first_name=name["GIVEN"], patronymic=name["MIDDLE"],
                   last_name=name["FAMILY"], position=vcard["TITLE"],
                   company=orgs[0]["ORGNAME"] if orgs else "",
                   email=emails[0]["USERID"] if emails else "", phones=phones, sip=sip,
                   photo=bytes(photo))
