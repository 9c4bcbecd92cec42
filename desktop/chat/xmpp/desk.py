"""The support desk (supportdesk/, urn:deskline:desk:1) on the app's connection: our status
to the desk (directed presence, again whenever the desk asks), offers and desk events in,
actions out. The appeal's messages themselves are chat with a<id>@desk.<domain> and take
the messages feature's way."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol

from slixmpp import JID, ClientXMPP
from slixmpp.exceptions import IqError, IqTimeout
from slixmpp.xmlstream import ET
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import StanzaPath

from desktop.appeals.values import DeskEvent, Offer
from desktop.bus import AppealProblem, Status
from desktop.chat.xmpp.core import SHOW_OF, Feature
from supportdesk.protocol import NS, appeal_of

log = logging.getLogger(__name__)
ACTION_TIMEOUT_S = 10.0
PROBLEM_OF = {"forbidden": AppealProblem.NOT_YOURS,
              "recipient-unavailable": AppealProblem.OFFLINE,
              "not-allowed": AppealProblem.NOT_CONNECTED,
              "conflict": AppealProblem.CONFIRM,
              "item-not-found": AppealProblem.NOT_FOUND,
              "remote-server-timeout": AppealProblem.UNREACHABLE,  # the desk is not there
              "service-unavailable": AppealProblem.UNREACHABLE,
              "remote-server-not-found": AppealProblem.UNREACHABLE}


class DeskSink(Protocol):
    """What the desk feature reports, in the GUI thread (AppealService)."""

    def on_offer(self, offer: Offer) -> None: ...
    def on_desk_event(self, appeal: int, event: DeskEvent, by: str) -> None: ...
    def on_action_done(self, appeal: int, action: str,
                       problem: AppealProblem | None, text: str) -> None: ...


class Desk(Feature):
    sink: DeskSink | None = None

    def owns(self, jid: str) -> bool:
        """An address at the desk (an appeal's a<id>@desk.<domain>), known or not yet."""
        return jid.partition("@")[2] == self.address()

    def report_to(self, sink: DeskSink) -> None:
        """From the GUI thread, before the worker starts."""
        self.sink = sink

    def address(self) -> str:
        """desk.<our domain>: where the company's desk joins (supportdesk's convention)."""
        own = self.core.own_jid or self.core.account.jid
        return f"desk.{own.partition('@')[2]}"

    def register(self, client: ClientXMPP) -> None:
        # Every message: the desk's events have no body (slixmpp's "message" event is for
        # messages with one).
        client.register_handler(Callback("desk", StanzaPath("message"), self._on_message))

    def handlers(self) -> dict[str, Callable[[Any], Any]]:
        return {"presence": self._on_presence}

    def presence_sent(self) -> None:
        """Our status changed or a session began: the desk hears it directly (a component
        gets no presence broadcasts)."""
        client = self.core.connected()
        if client is None:
            return
        if self.core.status is Status.OFFLINE:
            client.send_presence(pto=JID(self.address()), ptype="unavailable")
        else:
            client.send_presence(pto=JID(self.address()),
                                 pshow=SHOW_OF[self.core.status] or None)

    def act(self, appeal: int, action: str, attrs: dict[str, str] | None = None) -> None:
        """From the GUI thread: an action on an appeal; answered by on_action_done."""
        self.core.soon(lambda: self.core.spawn(self._act(appeal, action, attrs or {})))

    async def _act(self, appeal: int, action: str, attrs: dict[str, str]) -> None:
        client = self.core.connected()
        problem: AppealProblem | None = AppealProblem.UNREACHABLE
        text = ""
        if client is not None:
            iq = client.make_iq_set(ito=JID(f"a{appeal}@{self.address()}"))
            iq.append(ET.Element(f"{{{NS}}}{action}", attrs))
            try:
                await iq.send(timeout=ACTION_TIMEOUT_S)  # type: ignore[no-untyped-call]
                problem = None
            except IqError as exc:
                condition = str(exc.iq["error"]["condition"])
                problem = PROBLEM_OF.get(condition, AppealProblem.OTHER)
                text = str(exc.iq["error"]["text"] or "")
            except IqTimeout:
                problem = AppealProblem.UNREACHABLE
        if self.sink is not None:
            self.core.tell(self.sink.on_action_done, appeal, action, problem, text)

    # --- protocol thread -------------------------------------------------------------------
    def _on_presence(self, presence: Any) -> None:
        if presence["from"].bare == self.address() and presence["type"] != "unavailable" \
                and presence["to"].bare == self.core.own_jid:
            self.presence_sent()  # a (re)started desk asks for our status

    def _on_message(self, msg: Any) -> None:
        sender = msg["from"]
        if not self.owns(sender.bare) or msg["type"] == "error" or self.sink is None:
            return
        appeal = appeal_of(sender.user)
        if appeal is None:
            return
        for child in msg.xml:
            if not child.tag.startswith(f"{{{NS}}}"):
                continue
            name = child.tag.split("}", 1)[1]
            if name == "offer":
                offer = _offer(appeal, child.attrib)
                if offer is not None:
                    self.core.tell(self.sink.on_offer, offer)
            elif name in {e.value for e in DeskEvent}:
                self.core.tell(self.sink.on_desk_event, appeal, DeskEvent(name),
                               str(child.get("by", "")))


def _offer(appeal: int, attrs: Any) -> Offer | None:
    """An offer element as a value; None when it is malformed (then only the text shows)."""
    try:
        line = str(attrs.get("line", ""))
        return Offer(appeal, line, str(attrs.get("line-name", "") or line),
                     str(attrs.get("client", "")), float(attrs.get("accept-by", "")))
    except ValueError:
        log.info("a malformed offer for appeal %s", appeal)
        return None
