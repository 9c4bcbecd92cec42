"""Messages: sending with our stanza id (the outbox), receiving (with XEP-0461 quotes),
receipts (XEP-0184) and the server's acks (XEP-0198) that let a message leave the outbox."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from slixmpp import JID
from slixmpp.xmlstream import ET

from desktop.bus import ChatMessage
from desktop.chat.files_values import LINK
from desktop.chat.xmpp.core import Feature, XmppWorker, log
from desktop.chat.xmpp.desk import author_of, carries_card, is_note
from supportdesk.protocol import NS

OOB = "jabber:x:oob"  # XEP-0066

ACK_REQUEST_S = 0.05


def parsed(msg: Any, name: str) -> Any:
    """The stanza's own child for plugin `name`, or None. msg[name] would add an empty one
    when it is absent (a later reader then sees, say, a <delay/> that no server sent), and
    misses the child when the stanza's xml:lang was set after it was parsed."""
    return next((plugin for (attrib, _lang), plugin in msg.plugins.items()
                 if attrib == name), None)


def _sent_at(msg: Any) -> float:
    """When it was sent: the <delay> stamp of a message kept for us, else now. A stamp that
    does not parse is ignored; one from the future (it would pin the message below every
    later one) counts as now."""
    now = time.time()
    delay = parsed(msg, "delay")
    if delay is None:
        return now
    try:
        stamp = delay["stamp"]
    except (ValueError, TypeError, OverflowError) as exc:
        log.info("message with a malformed delay stamp: %s", exc)
        return now
    return min(stamp.timestamp(), now) if stamp else now


def content(msg: Any) -> tuple[str, str, str]:
    """(reply_to, quote, body) of a message: an XEP-0461 reply's quote travels as a marked
    "> " fallback in the body; it is taken out and kept apart."""
    reply = parsed(msg, "reply")
    if reply is None or not reply["id"]:
        return "", "", str(msg["body"])
    fallback = reply.get_fallback_body()
    quote = "\n".join(line.removeprefix(">").strip() for line in fallback.splitlines())
    return str(reply["id"]), quote, str(reply.strip_fallback_content())


def corrected(msg: Any) -> str:
    """The id an XEP-0308 correction replaces; "" for a new message."""
    replace = parsed(msg, "replace")
    return "" if replace is None else str(replace["id"] or "")


class Messages(Feature):
    plugins = ("xep_0203", "xep_0308", "xep_0359", "xep_0428", "xep_0461",
               ("xep_0184", {"auto_ack": True, "auto_request": True}))

    def __init__(self, core: XmppWorker) -> None:
        super().__init__(core)
        self._ack_timer: asyncio.TimerHandle | None = None

    def handlers(self) -> dict[str, Callable[[Any], Any]]:
        return {"message": self._on_message, "receipt_received": self._on_receipt,
                "stanza_acked": self._on_acked}

    def session_started(self) -> None:
        self.core.tell(self.core.sink.on_session, frozenset())  # the outbox goes out

    def session_resumed(self, resent: frozenset[str]) -> None:
        """slixmpp resends what the server had not confirmed; the rest of the outbox goes
        out now."""
        self.core.tell(self.core.sink.on_session, resent)
        self._ask_for_acks()

    # --- GUI thread ------------------------------------------------------------------------
    def send(self, peer: str, stanza_id: str, body: str, reply_to: str = "",
             quote: str = "", note: bool = False) -> None:
        self.core.soon(self._send, peer, stanza_id, body, reply_to, quote, note)

    # --- protocol thread -------------------------------------------------------------------
    def _send(self, peer: str, stanza_id: str, body: str, reply_to: str, quote: str,
              note: bool = False) -> None:
        client = self.core.connected()
        if client is None:
            return  # still in the outbox: it goes out with the next session
        msg = client.make_message(mto=JID(peer), mbody=body, mtype="chat")
        if reply_to:  # XEP-0461 reply with the quote as "> " lines for other clients
            msg["reply"]["to"] = JID(peer)
            msg["reply"]["id"] = reply_to
            msg["reply"].add_quoted_fallback(quote)
        msg["id"] = stanza_id
        msg["origin_id"]["id"] = stanza_id
        msg["chat_state"] = "active"  # ends our "typing…" on the other side
        if note:  # an appeal's internal note: the desk keeps it from the client
            msg.append(ET.Element(f"{{{NS}}}note"))
        if LINK.fullmatch(body):  # a file's link alone: chat clients show it inline
            ET.SubElement(ET.SubElement(msg.xml, f"{{{OOB}}}x"), f"{{{OOB}}}url").text = body
        msg.send()
        self._ask_for_acks()

    def _on_message(self, msg: Any) -> None:
        if msg["type"] not in ("chat", "normal") or not msg["body"] or carries_card(msg.xml):
            return
        sent_at = _sent_at(msg)
        stanza_id = msg["id"] or f"in-{sent_at}"
        reply_to, quote, body = content(msg)
        self.core.tell(self.core.sink.on_message, ChatMessage(
            stanza_id, msg["from"].bare, False, body, sent_at, reply_to=reply_to, quote=quote,
            corrects=corrected(msg),
            author=author_of(msg, self.core.own_jid or self.core.account.jid),
            note=is_note(msg, self.core.own_jid or self.core.account.jid)))

    def _on_receipt(self, msg: Any) -> None:
        self.core.tell(self.core.sink.on_receipt, msg["from"].bare, str(msg["receipt"]))

    def _on_acked(self, stanza: Any) -> None:
        if stanza.name == "message" and stanza["id"]:
            self.core.tell(self.core.sink.on_acked, str(stanza["id"]))

    def _ask_for_acks(self) -> None:
        """The message leaves the outbox only when the server confirms it (XEP-0198). The
        stanza goes out through slixmpp's async filters, after its own ack request: ask
        again shortly, until nothing we sent is unconfirmed."""
        if self._ack_timer is not None or self.core.client is None:
            return

        def ask() -> None:
            self._ack_timer = None
            client = self.core.connected()
            sm = client.plugin["xep_0198"] if client is not None else None
            if sm is not None and sm.enabled_out and sm.unacked_queue:
                sm.request_ack()  # type: ignore[no-untyped-call]
                self._ask_for_acks()

        self._ack_timer = self.core.loop.call_later(ACK_REQUEST_S, ask)
