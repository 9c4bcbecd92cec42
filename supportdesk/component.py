"""The desk on the XMPP server: an external component (XEP-0114, slixmpp). Only translation:
stanzas in → DeskService calls with plain values; the service's words → stanzas out."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from slixmpp import JID
from slixmpp.componentxmpp import ComponentXMPP
from slixmpp.xmlstream import ET
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import StanzaPath

from supportdesk.config import DeskConfig
from supportdesk.protocol import ACTIONS, NS, appeal_of
from supportdesk.service import ActionError, DeskService
from supportdesk.store import DeskStore

log = logging.getLogger(__name__)
MAX_BODY = 10_000
TICK_S = 1.0


class DeskComponent(ComponentXMPP):
    def __init__(self, config: DeskConfig) -> None:
        super().__init__(config.component, config.secret, config.server,  # type: ignore[no-untyped-call]
                         config.port)
        self.config = config
        self.register_plugin("xep_0030")
        self.register_plugin("xep_0172")  # the client sees the specialist's name
        self.service = DeskService(config, DeskStore(config.store_url), self, time.time)
        self.add_event_handler("message", self._on_message)
        self.add_event_handler("presence", self._on_presence)
        self.add_event_handler("session_start", self._started)
        self.register_handler(Callback("desk actions", StanzaPath("iq@type=set"),
                                       self._on_iq))
        self.ticker: asyncio.TimerHandle | None = None

    def _started(self, _event: Any) -> None:
        log.info("desk joined as %s", self.config.component)
        self._tick()

    def _tick(self) -> None:
        self.service.tick()
        self.ticker = self.loop.call_later(TICK_S, self._tick)

    # --- in ---------------------------------------------------------------------------------
    def _on_message(self, msg: Any) -> None:
        if msg["type"] not in ("chat", "normal") or not msg["body"]:
            return
        body = str(msg["body"])
        if len(body) > MAX_BODY:
            self._bounce(msg, "not-acceptable", f"At most {MAX_BODY} characters at once.")
            return
        sender, local = msg["from"].bare, msg["to"].user
        stanza_id = str(msg["id"] or f"t{time.time_ns()}")
        try:
            appeal = appeal_of(local)
            if appeal is None:
                self.service.client_message(sender, local, body, stanza_id)
            else:
                self.service.specialist_message(sender, appeal, body, stanza_id)
        except ActionError as exc:
            self._bounce(msg, exc.condition, exc.text)

    def _on_presence(self, presence: Any) -> None:
        kind = presence["type"]
        if kind in ("available", "unavailable", "dnd", "away", "xa", "chat"):
            self.service.presence(presence["from"].bare, str(presence["show"] or ""),
                                  kind != "unavailable")
        elif kind == "probe":
            self.send_presence(pto=presence["from"], pfrom=presence["to"])

    def _on_iq(self, iq: Any) -> None:
        action = next((child for child in iq.xml if child.tag.startswith(f"{{{NS}}}")), None)
        appeal = appeal_of(iq["to"].user)
        name = action.tag.split("}", 1)[1] if action is not None else ""
        try:
            if appeal is None or name not in ACTIONS:
                raise ActionError("feature-not-implemented", f"No action {name!r} here.")
            assert action is not None
            self.service.action(iq["from"].bare, appeal, name, dict(action.attrib))
        except ActionError as exc:
            reply = iq.reply()
            reply["type"] = "error"
            reply["error"]["condition"] = exc.condition
            reply["error"]["text"] = exc.text
            reply.send()
            return
        iq.reply().send()

    def _bounce(self, msg: Any, condition: str, text: str) -> None:
        reply = msg.reply()
        reply["type"] = "error"
        reply["error"]["condition"] = condition
        reply["error"]["text"] = text
        reply.send()

    # --- out: DeskService's Outbox ------------------------------------------------------------
    def message(self, sender: str, to: str, body: str, offer: dict[str, str] | None = None,
                nick: str = "") -> None:
        msg = self.make_message(mto=JID(to), mfrom=JID(sender), mbody=body, mtype="chat")
        if offer is not None:
            msg.append(ET.Element(f"{{{NS}}}offer", offer))
        if nick:
            msg["nick"] = nick
        msg.send()
