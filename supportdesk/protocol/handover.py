"""Desk to desk (urn:deskline:handover:1): a vendor's desk returns an appeal to the first
line of the partner who connected the client, over XMPP federation (PROTOCOL.md, "Returning
an appeal to the partner"). Both desks import this one definition; what comes in is checked
field by field and refused whole when anything is off."""

from __future__ import annotations

import math
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from supportdesk.protocol.appeals import MAX_BODY, MAX_COMMENT, MAX_NAME, MAX_TEXT, size

HANDOVER_NS = "urn:deskline:handover:1"
MAX_MESSAGES = 50  # the newest of the conversation that go along …
MESSAGE_BYTES = 48 * 1024  # … within these bytes (a stanza crossing servers stays small)
MAX_APPEAL = 2**63 - 1
WHO = ("client", "desk")  # who said a message: the client, or the vendor's specialist
# Why a hand-over was refused (the error's <refused reason='…'/>; the vendor's app words it):
NOT_TRUSTED = "not-trusted"  # the partner's desk takes no hand-overs from this desk
LINE_UNKNOWN = "line-unknown"  # no such line there
NOT_THEIRS = "not-theirs"  # the client is not connected to that line there
BAD_REQUEST = "bad-request"  # a field out of bounds
BUSY = "busy"  # more than the partner's desk takes at once from one desk: later
# … and the vendor's desk's own, to its specialist:
UNREACHABLE = "unreachable"  # the partner's desk did not take it (not there, no answer)
NO_FIRST_LINE = "no-first-line"  # nobody to return it to: the client writes to another line
REASONS = (NOT_TRUSTED, LINE_UNKNOWN, NOT_THEIRS, BAD_REQUEST, BUSY, UNREACHABLE,
           NO_FIRST_LINE)


@dataclass(frozen=True)
class Spoken:
    """One message of the conversation handed over."""

    who: str  # client | desk
    at: float
    body: str
    name: str = ""  # the specialist's name, for "desk"


@dataclass(frozen=True)
class HandOver:
    appeal: int  # the vendor's number of it
    client: str  # bare address
    line_name: str  # the vendor's line, as the client knew it
    vendor: str  # the vendor company's name, as its clients know it
    specialist: str  # the vendor's specialist's name
    language: str  # what the client was spoken to in
    note: str  # what the partner's specialist should know
    messages: tuple[Spoken, ...]  # oldest first
    left_out: int = 0  # older messages not sent


@dataclass(frozen=True)
class Accepted:
    appeal: int  # the partner's number of it
    line_name: str  # the partner's first line, as its clients know it


def newest_that_fit(messages: list[Spoken]) -> tuple[tuple[Spoken, ...], int]:
    """The newest messages within MAX_MESSAGES and MESSAGE_BYTES, and how many older stay."""
    kept: list[Spoken] = []
    used = 0
    for m in reversed(messages[-MAX_MESSAGES:]):
        used += len(m.body.encode()) + len(m.name.encode()) + 80
        if kept and used > MESSAGE_BYTES:
            break
        kept.append(m)
    return tuple(reversed(kept)), len(messages) - len(kept)


def _el(name: str, attrs: dict[str, str], text: str = "") -> ET.Element:
    found = ET.Element(f"{{{HANDOVER_NS}}}{name}", {k: v for k, v in attrs.items() if v})
    if text:
        found.text = text
    return found


def to_xml(h: HandOver) -> ET.Element:
    out = _el("handover", {"appeal": str(h.appeal), "client": h.client,
                           "line-name": h.line_name[:MAX_TEXT], "vendor": h.vendor[:MAX_TEXT],
                           "specialist": h.specialist[:MAX_NAME], "lang": h.language,
                           "left-out": str(h.left_out) if h.left_out else ""})
    if h.note:
        out.append(_el("note", {}, h.note[:MAX_COMMENT]))
    for m in h.messages:
        out.append(_el("message", {"who": m.who, "at": f"{m.at:.3f}",
                                   "name": m.name[:MAX_NAME]}, m.body[:MAX_BODY]))
    return out


def _bounded(item: ET.Element, name: str, limit: int, required: bool = False) -> str:
    value = item.get(name, "")
    if len(value) > limit or (required and not value.strip()):
        raise ValueError(f"{name}: {'missing' if not value else 'too long'}")
    return value


def read(found: ET.Element) -> HandOver:
    """The hand-over as sent; ValueError naming the first field out of bounds."""
    if size(found) > MESSAGE_BYTES * 2:
        raise ValueError("too large")
    try:
        appeal = int(found.get("appeal", ""))
        left_out = int(found.get("left-out", "0") or "0")
    except ValueError:
        raise ValueError("appeal and left-out are whole numbers") from None
    if not 0 < appeal <= MAX_APPEAL or not 0 <= left_out <= MAX_APPEAL:
        raise ValueError("appeal out of range")
    items = found.findall(f"{{{HANDOVER_NS}}}message")
    if len(items) > MAX_MESSAGES:
        raise ValueError(f"more than {MAX_MESSAGES} messages")
    messages = []
    for item in items:
        who = item.get("who", "")
        try:
            at = float(item.get("at", ""))
        except ValueError:
            raise ValueError("a message's at is a Unix time") from None
        body = item.text or ""
        if who not in WHO or not math.isfinite(at) or not body.strip() or len(body) > MAX_BODY:
            raise ValueError("a message out of bounds")
        messages.append(Spoken(who, at, body, _bounded(item, "name", MAX_NAME)))
    note = found.findtext(f"{{{HANDOVER_NS}}}note") or ""
    if len(note) > MAX_COMMENT:
        raise ValueError("the note is too long")
    language = found.get("lang", "")
    if len(language) > 8:
        raise ValueError("lang is too long")
    return HandOver(appeal, _bounded(found, "client", MAX_TEXT, required=True),
                    _bounded(found, "line-name", MAX_TEXT),
                    _bounded(found, "vendor", MAX_TEXT),
                    _bounded(found, "specialist", MAX_NAME), language, note.strip(),
                    tuple(messages), left_out)


def accepted_xml(accepted: Accepted) -> ET.Element:
    return _el("accepted", {"appeal": str(accepted.appeal),
                            "line-name": accepted.line_name[:MAX_TEXT]})


def read_accepted(found: ET.Element | None) -> Accepted:
    """The partner's answer; ValueError when it is not one."""
    if found is None:
        raise ValueError("no accepted element")
    appeal = int(found.get("appeal", ""))
    if not 0 < appeal <= MAX_APPEAL:
        raise ValueError("appeal out of range")
    return Accepted(appeal, _bounded(found, "line-name", MAX_TEXT))


def refused_xml(reason: str) -> ET.Element:
    return _el("refused", {"reason": reason})


def reason_of(error: ET.Element | None) -> str:
    """The reason an error element gives (one of REASONS), "" for none of ours."""
    found = error.find(f"{{{HANDOVER_NS}}}refused") if error is not None else None
    reason = found.get("reason", "") if found is not None else ""
    return reason if reason in REASONS else ""
