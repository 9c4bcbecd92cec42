"""What the desk refuses before anything walks a stanza (issue 24): slixmpp copies a stanza
recursively to answer it, so 600 nested elements (4 KB) raised RecursionError and dropped
the desk off the chat server. A stanza deeper or larger than anything of ours is taken
apart here, iteratively, and answered with an error that carries none of it."""

from __future__ import annotations

from dataclasses import dataclass
from xml.etree.ElementTree import Element

# Ours nest 5 deep at most (message > x > field > option > value); relayed extensions
# (replies with fallbacks, forms, delays) stay well within these.
MAX_DEPTH = 16
MAX_ELEMENTS = 2_000  # in one stanza


@dataclass(frozen=True)
class Refusal:
    """A stanza refused whole: who sent it, where to, its id and kind, and why."""

    kind: str  # iq | message | presence
    stanza_type: str
    sender: str
    to: str
    stanza_id: str
    reason: str  # "deep" | "big"


def refusal(xml: Element) -> Refusal | None:
    """None for a stanza within the bounds; else what to answer, from its attributes only."""
    reason = _over(xml)
    if reason is None:
        return None
    return Refusal(xml.tag.rpartition("}")[2], xml.get("type", ""), xml.get("from", ""),
                   xml.get("to", ""), xml.get("id", ""), reason)


def _over(xml: Element) -> str | None:
    stack = [(xml, 1)]
    count = 0
    while stack:
        element, depth = stack.pop()
        count += 1
        if depth > MAX_DEPTH:
            return "deep"
        if count > MAX_ELEMENTS:
            return "big"
        stack.extend((child, depth + 1) for child in element)
    return None
