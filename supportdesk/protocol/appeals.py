"""The appeal elements of urn:deskline:desk:1 as values, and their XML both ways: the desk
writes with the `*_xml` functions, the app reads with the `read_*` ones, so the two sides
cannot drift (round-trip tests: tests/test_protocol_appeals.py). Every element has an
example in PROTOCOL.md. Reading is defensive: a malformed item is None (left out), texts are
cut to the caps below, so a broken or hostile desk cannot make the app hold megabytes in a
name."""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from supportdesk.protocol import NS

# --- sizes, in one place -----------------------------------------------------------------------
MAX_BODY = 10_000  # characters of one message (a client's or a specialist's)
MAX_HISTORY = 500  # newest messages in a history answer: a stanza stays well under 1 MB
MAX_NAME = 64  # characters of a person's name as a nick or an author
MAX_TEXT = 256  # characters of any other text attribute read (addresses, line names, …)
MAX_COMMENT = 2000  # characters of a comment read (the client's with a rating, a note)
CHANNELS = ("chat", "call", "callback")
# Bytes: Prosody closes a component that sends a stanza over 512 KiB; ejabberd applies its
# listeners' max_stanza_size, and a stanza that crosses to another server meets that
# server's s2s limit (often 128 KiB). So what the desk sends stays near 100 KiB at most:
TEXT_BYTES = 48 * 1024  # an offer's or hand-over's text for other XMPP clients
PAGE_BYTES = 96 * 1024  # one answer's messages, queue items or report rows
QUEUE_ITEMS = 50  # the oldest of a line's queue its staff hear; the rest is a count


def clip(text: str, limit: int = TEXT_BYTES) -> str:
    """`text` within `limit` UTF-8 bytes: its start and its end, with what was left out said
    between (a long conversation's first question and latest words both matter)."""
    data = text.encode()
    if len(data) <= limit:
        return text
    half = (limit - 100) // 2
    head = data[:half].decode(errors="ignore")
    tail = data[-half:].decode(errors="ignore")
    return f"{head}\n… ({len(text) - len(head) - len(tail)} characters left out) …\n{tail}"


def size(item: ET.Element) -> int:
    """An element's size as sent (UTF-8 bytes)."""
    return len(ET.tostring(item, encoding="utf-8"))


@dataclass(frozen=True)
class Offer:
    appeal: int
    line: str  # the line's id ("support")
    line_name: str  # as people call it ("Техподдержка")
    client: str  # the client's address
    accept_by: float  # Unix time: the line's clock for accepting
    organisation: str = ""
    channel: str = "chat"  # call: my phone rings for it; callback: call the client back
    number: str = ""  # a phone appeal's: what calls the client back


class HandKind(enum.Enum):
    """How an appeal came to a specialist without an offer."""

    TRANSFER = "transfer"
    ESCALATE = "escalate"
    TAKE = "take"  # taken from the queue
    INVITE = "invite"  # they take part; it stays the colleague's


@dataclass(frozen=True)
class Handed:
    appeal: int
    line: str
    line_name: str
    client: str
    kind: HandKind
    by: str
    transfers: int
    organisation: str = ""


@dataclass(frozen=True)
class Mine:
    """One appeal of a specialist's feed as the desk has it (the `mine` query)."""

    appeal: int
    line: str
    line_name: str
    client: str
    state: str  # offered | in_work | taking_part | handed_on | finished | rated
    accept_by: float = 0.0
    transfers: int = 0
    control_until: float = 0.0
    finished_at: float = 0.0
    score: int = 0
    comment: str = ""
    organisation: str = ""
    channel: str = "chat"
    number: str = ""


@dataclass(frozen=True)
class Waiting:
    """An appeal in the queue of a line."""

    appeal: int
    client: str
    since: float
    organisation: str = ""
    late_at: float = 0.0  # the line's accept clock runs out then
    channel: str = "chat"  # callback: call the client back
    number: str = ""  # … at this number (or SIP address)


@dataclass(frozen=True)
class PastAppeal:
    appeal: int
    line: str
    channel: str  # chat | call | callback
    state: str
    specialist: str
    transfers: int
    created: float
    score: int = 0
    comment: str = ""  # the client's, with the rating
    note: str = ""  # the specialists' comment
    remote: int = 0  # remote sessions the client allowed
    remote_note: str = ""  # how the latest ended: "ended: <the specialist's comment>", …


@dataclass(frozen=True)
class ClientCard:
    """An appeal's client as the desk knows them: for the curtain and the transfer dialog."""

    appeal: int
    client: str
    organisation: str
    lines: tuple[tuple[str, str], ...]  # (id, name) of the lines connected for them
    appeals: tuple[PastAppeal, ...]  # newest first
    phones: tuple[tuple[str, str], ...] = ()  # (id, phone) of those lines that have one
    # The partner's first line a vendor's specialist returns the appeal to: (its address,
    # the partner's name); ("", "") on a vendor's desk when this client has none (they
    # should write to another line); () on a desk with no partners at all.
    first_line: tuple[str, str] | tuple[()] = ()


@dataclass(frozen=True)
class HistoryMessage:
    id: str  # the sender's stanza id
    sender: str  # their address
    body: str
    at: float
    name: str = ""  # staff: their name (the client's words have none)
    note: bool = False  # an internal note: the team's, never sent to the client


@dataclass(frozen=True)
class HistoryStep:
    at: float
    kind: str
    actor: str
    detail: str


@dataclass(frozen=True)
class History:
    appeal: int
    messages: tuple[HistoryMessage, ...]  # oldest first: a page, the newest first asked
    steps: tuple[HistoryStep, ...] = ()
    left_out: int = 0  # older messages not in the answer: ask again with before=first
    first: int = 0  # the place of messages[0] in the whole conversation (0: its start)


# --- writing (the desk) -------------------------------------------------------------------------
def _el(name: str, attrs: dict[str, str], text: str = "") -> ET.Element:
    found = ET.Element(f"{{{NS}}}{name}", {k: v for k, v in attrs.items() if v != ""})
    if text:
        found.text = text
    return found


def _t(value: float) -> str:
    return f"{value:.0f}" if value else ""


def offer_xml(offer: Offer) -> ET.Element:
    return _el("offer", {"appeal": str(offer.appeal), "line": offer.line,
                         "line-name": offer.line_name, "client": offer.client,
                         "channel": offer.channel, "number": offer.number,
                         "organisation": offer.organisation,
                         "accept-by": f"{offer.accept_by:.0f}"})


def handed_xml(handed: Handed) -> ET.Element:
    return _el("handed", {"appeal": str(handed.appeal), "line": handed.line,
                          "line-name": handed.line_name, "client": handed.client,
                          "kind": handed.kind.value, "by": handed.by,
                          "organisation": handed.organisation,
                          "transfers": str(handed.transfers)})


def mine_xml(items: Iterable[Mine], desk: str = "") -> ET.Element:
    """`desk`: the store's identity (the apps tell a new store's a17 from an old one's)."""
    out = _el("mine", {"desk": desk})
    for m in items:
        out.append(_el("appeal", {
            "id": str(m.appeal), "line": m.line, "line-name": m.line_name,
            "client": m.client, "state": m.state, "organisation": m.organisation,
            "transfers": str(m.transfers), "channel": m.channel, "number": m.number,
            "accept-by": _t(m.accept_by), "control-until": _t(m.control_until),
            "finished": _t(m.finished_at), "score": str(m.score) if m.score else ""},
            m.comment))
    return out


def queue_xml(line: str, line_name: str, items: list[Waiting], more: int = 0) -> ET.Element:
    """The oldest QUEUE_ITEMS of a line's queue within PAGE_BYTES; `more` says how many
    else wait (those past `items` and those left out here): a queue of 4,000 callbacks is a
    count to the staff, not 4,000 rows."""
    out = _el("queue", {"line": line, "line-name": line_name})
    if more:
        out.set("more", str(more))
    used = 0
    for n, w in enumerate(items):
        if n == QUEUE_ITEMS:
            out.set("more", str(len(items) - n + more))
            break
        item = _el("appeal", {"id": str(w.appeal), "client": w.client,
                              "since": f"{w.since:.0f}", "late-at": f"{w.late_at:.0f}",
                              "channel": w.channel, "number": w.number,
                              "organisation": w.organisation})
        used += size(item)
        if used > PAGE_BYTES:
            out.set("more", str(len(items) - n + more))
            break
        out.append(item)
    return out


def card_xml(card: ClientCard) -> ET.Element:
    """The card, its previous appeals newest first within PAGE_BYTES (each may carry two
    comments of MAX_COMMENT: fifty of them in Cyrillic would be half a megabyte)."""
    out = _el("appeals", {"client": card.client, "organisation": card.organisation})
    phones = dict(card.phones)
    for line, name in card.lines:
        out.append(_el("line", {"id": line, "name": name, "phone": phones.get(line, "")}))
    if card.first_line:  # (an empty one: "none for this client", on a vendor's desk)
        out.append(_el("first-line", {"address": card.first_line[0],
                                      "partner": card.first_line[1]}))
    used = size(out)
    for p in card.appeals:
        item = _el("appeal", {
            "id": str(p.appeal), "line": p.line, "channel": p.channel, "state": p.state,
            "specialist": p.specialist, "transfers": str(p.transfers),
            "created": f"{p.created:.0f}", "note": p.note,
            "remote": str(p.remote) if p.remote else "", "remote-note": p.remote_note,
            "score": str(p.score) if p.score else ""}, p.comment if p.score else "")
        used += size(item)
        if used > PAGE_BYTES:
            break
        out.append(item)
    return out


def history_xml(history: History) -> ET.Element:
    out = _el("history", {"appeal": str(history.appeal),
                          "left-out": str(history.left_out) if history.left_out else "",
                          "first": str(history.first) if history.first else ""})
    for m in history.messages:
        item = _el("message", {"at": f"{m.at:.3f}", "from": m.sender, "id": m.id,
                               "name": m.name, "note": "true" if m.note else ""})
        item.text = m.body  # (an empty body stays an element without text)
        out.append(item)
    for s in history.steps:
        out.append(_el("step", {"at": f"{s.at:.3f}", "kind": s.kind, "actor": s.actor}))
        out[-1].set("detail", s.detail)
    return out


# --- reading (the app) --------------------------------------------------------------------------
def _text(item: ET.Element, name: str, limit: int = MAX_TEXT) -> str:
    return str(item.get(name, "") or "")[:limit]


def _number(item: ET.Element, name: str, kind: type[int] | type[float] = float) -> float:
    """A number attribute; 0 when absent, ValueError when malformed (or not finite)."""
    value = item.get(name)
    found = kind(value) if value not in (None, "") else kind(0)
    if not math.isfinite(found):
        raise ValueError(f"{name} is not a number")
    return found


def _channel(item: ET.Element) -> str:
    value = item.get("channel")
    return value if value in CHANNELS else "chat"


def read_offer(appeal: int, item: ET.Element) -> Offer | None:
    """`appeal`: the number of the address it came from (the element's own is not trusted
    over it)."""
    try:
        line = _text(item, "line")
        return Offer(appeal, line, _text(item, "line-name") or line, _text(item, "client"),
                     float(item.get("accept-by", "")), _text(item, "organisation"),
                     _channel(item), _text(item, "number"))
    except ValueError:
        return None


def read_handed(appeal: int, item: ET.Element) -> Handed | None:
    try:
        line = _text(item, "line")
        return Handed(appeal, line, _text(item, "line-name") or line, _text(item, "client"),
                      HandKind(item.get("kind", "")), _text(item, "by"),
                      int(_number(item, "transfers", int)), _text(item, "organisation"))
    except ValueError:
        return None


def read_desk_identity(found: ET.Element) -> str:
    value = found.get("desk", "")
    return value if len(value) <= 64 and value.isalnum() else ""


def read_mine(found: ET.Element) -> list[Mine]:
    return [m for m in (_mine(item) for item in found.findall(f"{{{NS}}}appeal"))
            if m is not None]


def _mine(item: ET.Element) -> Mine | None:
    try:
        line = _text(item, "line")
        return Mine(int(_number(item, "id", int)), line, _text(item, "line-name") or line,
                    _text(item, "client"), _text(item, "state"), _number(item, "accept-by"),
                    int(_number(item, "transfers", int)), _number(item, "control-until"),
                    _number(item, "finished"), int(_number(item, "score", int)),
                    (item.text or "")[:MAX_COMMENT], _text(item, "organisation"),
                    _channel(item), _text(item, "number"))
    except ValueError:
        return None


def read_queue(found: ET.Element) -> tuple[str, str, list[Waiting], int]:
    """(line, its name, the appeals waiting, oldest first: those the desk sent; how many
    more wait)."""
    try:
        more = max(0, int(_number(found, "more", int)))
    except ValueError:
        more = 0
    return (_text(found, "line"), _text(found, "line-name"),
            [w for w in (_waiting(e) for e in found.findall(f"{{{NS}}}appeal"))
             if w is not None], more)


def _waiting(item: ET.Element) -> Waiting | None:
    try:
        return Waiting(int(_number(item, "id", int)), _text(item, "client"),
                       _number(item, "since"), _text(item, "organisation"),
                       _number(item, "late-at"), _channel(item), _text(item, "number"))
    except ValueError:
        return None


def read_card(appeal: int, found: ET.Element) -> ClientCard:
    items = found.findall(f"{{{NS}}}line")
    return ClientCard(
        appeal, _text(found, "client"), _text(found, "organisation"),
        tuple((_text(e, "id"), _text(e, "name")) for e in items),
        tuple(p for p in (_past(e) for e in found.findall(f"{{{NS}}}appeal")) if p is not None),
        tuple((_text(e, "id"), _text(e, "phone")) for e in items if e.get("phone")),
        _first_line(found.find(f"{{{NS}}}first-line")))


def _first_line(item: ET.Element | None) -> tuple[str, str] | tuple[()]:
    if item is None:
        return ()
    if not item.get("address"):
        return "", ""
    return _text(item, "address"), _text(item, "partner")


def _past(item: ET.Element) -> PastAppeal | None:
    try:
        return PastAppeal(int(_number(item, "id", int)), _text(item, "line"), _channel(item),
                          _text(item, "state"), _text(item, "specialist"),
                          int(_number(item, "transfers", int)), _number(item, "created"),
                          int(_number(item, "score", int)), (item.text or "")[:MAX_COMMENT],
                          _text(item, "note", MAX_COMMENT), int(_number(item, "remote", int)),
                          _text(item, "remote-note", MAX_COMMENT))
    except ValueError:
        return None


def read_history(found: ET.Element) -> History:
    messages = []
    for item in found.findall(f"{{{NS}}}message")[-MAX_HISTORY:]:
        try:
            at = float(item.get("at", ""))
        except ValueError:
            continue
        messages.append(HistoryMessage(_text(item, "id"), _text(item, "from"),
                                       (item.text or "")[:MAX_BODY], at,
                                       _text(item, "name", MAX_NAME),
                                       item.get("note") == "true"))
    steps = []
    for item in found.findall(f"{{{NS}}}step"):
        try:
            steps.append(HistoryStep(float(item.get("at", "")), _text(item, "kind"),
                                     _text(item, "actor"), _text(item, "detail")))
        except ValueError:
            continue
    try:
        appeal, left_out = int(_number(found, "appeal", int)), int(_number(found, "left-out",
                                                                           int))
        first = int(_number(found, "first", int))
    except ValueError:
        appeal, left_out, first = 0, 0, 0
    return History(appeal, tuple(messages), tuple(steps), left_out, first)
