"""The support desk (supportdesk/, urn:deskline:desk:1) on the app's connection: our status
to the desk (directed presence, again whenever the desk asks), offers and desk events in,
actions out. The appeal's messages themselves are chat with a<id>@desk.<domain> and take
the messages feature's way."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, Protocol

from slixmpp import JID, ClientXMPP
from slixmpp.exceptions import IqError, IqTimeout
from slixmpp.xmlstream import ET
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import StanzaPath

from desktop.appeals.values import (
    ClientCard,
    DeskEvent,
    Handed,
    Mine,
    Offer,
    Waiting,
    day_start,
)
from desktop.bus import AppealProblem, ChatMessage, Status
from desktop.chat.xmpp.core import SHOW_OF, Feature
from supportdesk.protocol import NS, appeal_of, handover
from supportdesk.protocol import appeals as wire
from supportdesk.protocol import monitor as monitor_xml
from supportdesk.protocol.appeals import MAX_NAME
from supportdesk.protocol.report import Report, from_xml

log = logging.getLogger(__name__)
ACTION_TIMEOUT_S = 10.0
HISTORY_PAGES = 40  # of an appeal's conversation fetched at most (a page is under 100 KiB)
DELAY = "urn:xmpp:delay"  # XEP-0203: what the server kept for us while we were offline
# Why the partner's desk refused a returned appeal (or ours found nobody to return it to).
REASON_OF = {handover.NO_FIRST_LINE: AppealProblem.NO_FIRST_LINE,
             handover.UNREACHABLE: AppealProblem.PARTNER_UNREACHABLE,
             handover.NOT_TRUSTED: AppealProblem.PARTNER_DISTRUSTS,
             handover.LINE_UNKNOWN: AppealProblem.PARTNER_NO_LINE,
             handover.NOT_THEIRS: AppealProblem.PARTNER_NOT_THEIRS,
             handover.BAD_REQUEST: AppealProblem.PARTNER_REFUSED,
             handover.BUSY: AppealProblem.PARTNER_UNREACHABLE}
PROBLEM_OF = {"forbidden": AppealProblem.NOT_YOURS,
              "recipient-unavailable": AppealProblem.OFFLINE,
              "not-allowed": AppealProblem.NOT_CONNECTED,
              "conflict": AppealProblem.CONFIRM,
              "item-not-found": AppealProblem.NOT_FOUND,
              "remote-server-timeout": AppealProblem.UNREACHABLE,  # the desk is not there
              "service-unavailable": AppealProblem.UNREACHABLE,
              "remote-server-not-found": AppealProblem.UNREACHABLE}


def kept_by_server(xml: Any) -> bool:
    """Kept for us while we were offline: a <delay> with its stamp (XEP-0203 requires one).
    A bare <delay/> is what slixmpp leaves when a handler merely reads msg["delay"]."""
    delay = xml.find(f"{{{DELAY}}}delay")
    return delay is not None and bool(delay.get("stamp"))



def desk_of(own_jid: str) -> str:
    """desk.<our domain>: where the company's desk joins (supportdesk's convention)."""
    return f"desk.{own_jid.partition('@')[2]}"


def author_of(msg: Any, own_jid: str) -> str:
    """A colleague's words relayed from an appeal: their name; "" for the client's, and for
    anything not from our own desk (anyone else could put a name there)."""
    if msg["from"].domain != desk_of(own_jid):
        return ""
    found = msg.xml.find(f"{{{NS}}}author")
    return str(found.get("name", "") or "").strip()[:MAX_NAME] if found is not None else ""


def is_note(msg: Any, own_jid: str) -> bool:
    """An appeal's internal note: ours to our desk, or a colleague's relayed by it (from
    anywhere else the element means nothing)."""
    ours = msg["from"].bare == own_jid
    desk = msg["to"].domain if ours else msg["from"].domain
    return desk == desk_of(own_jid) and msg.xml.find(f"{{{NS}}}note") is not None


def carries_card(xml: Any) -> bool:
    """An offer or a hand-over: its text is for other XMPP clients; the app shows the
    appeal's real conversation (fetched from the desk) instead."""
    return xml.find(f"{{{NS}}}offer") is not None or xml.find(f"{{{NS}}}handed") is not None


class DeskSink(Protocol):
    """What the desk feature reports, in the GUI thread (AppealService)."""

    def on_offer(self, offer: Offer) -> None: ...
    def on_handed(self, handed: Handed) -> None: ...
    def on_desk_event(self, appeal: int, event: DeskEvent, attrs: dict[str, str]) -> None: ...
    def on_action_done(self, appeal: int, action: str, problem: AppealProblem | None,
                       text: str, result: dict[str, str]) -> None: ...
    def on_mine(self, appeals: list[Mine], identity: str) -> None: ...
    def on_queue(self, line: str, line_name: str, waiting: list[Waiting],
                 more: int) -> None: ...
    def on_card(self, card: ClientCard) -> None: ...
    def on_reachable(self, reachable: bool) -> None: ...
    def on_monitor(self, update: monitor_xml.Update) -> None: ...
    def on_monitor_failed(self, problem: AppealProblem) -> None: ...


class Desk(Feature):
    sink: DeskSink | None = None
    on_phone = False  # our phone is busy: the presence to the desk says so

    def owns(self, jid: str) -> bool:
        """An address at the desk (an appeal's a<id>@desk.<domain>), known or not yet."""
        return jid.partition("@")[2] == self.address()

    def report_to(self, sink: DeskSink) -> None:
        """From the GUI thread, before the worker starts."""
        self.sink = sink

    def address(self) -> str:
        return desk_of(self.core.own_jid or self.core.account.jid)

    def register(self, client: ClientXMPP) -> None:
        # Every message: the desk's events have no body (slixmpp's "message" event is for
        # messages with one).
        client.register_handler(Callback("desk", StanzaPath("message"), self._on_message))

    def handlers(self) -> dict[str, Callable[[Any], Any]]:
        return {"presence": self._on_presence}

    def session_started(self) -> None:
        self.core.spawn(self._fetch_mine())

    def session_resumed(self, resent: frozenset[str]) -> None:
        self.core.spawn(self._fetch_mine())

    def presence_sent(self) -> None:
        """Our status changed or a session began: the desk hears it directly (a component
        gets no presence broadcasts)."""
        client = self.core.connected()
        if client is None:
            return
        if self.core.status is Status.OFFLINE:
            client.send_presence(pto=JID(self.address()), ptype="unavailable")
            return
        presence = client.make_presence(pto=JID(self.address()),
                                        pshow=SHOW_OF[self.core.status] or None)
        if self.on_phone:  # (the online monitor shows who is on the phone)
            presence.append(ET.Element(f"{{{NS}}}phone"))
        presence.send()

    def set_on_phone(self, on: bool) -> None:
        """From the GUI thread: our phone is busy (a call rings or talks), or free again."""
        def tell() -> None:
            if on != self.on_phone:
                self.on_phone = on
                self.presence_sent()
        self.core.soon(tell)

    def act(self, appeal: int, action: str, attrs: dict[str, str] | None = None) -> None:
        """From the GUI thread: an action on an appeal; answered by on_action_done."""
        self.core.soon(lambda: self.core.spawn(self._act(appeal, action, attrs or {})))

    def report(self, since: float, until: float, line: str, specialist: str,
               answer: Callable[[Report | None, AppealProblem | None], None]) -> None:
        """From the GUI thread: the figures of [since, until) as the desk lets us see them
        (a senior: their lines; a specialist: their own); `answer` hears them there."""
        attrs = {"since": f"{since:.0f}", "until": f"{until:.0f}"}
        attrs.update({k: v for k, v in (("line", line), ("specialist", specialist)) if v})
        self.core.soon(lambda: self.core.spawn(self._report(attrs, answer)))

    async def _report(self, attrs: dict[str, str],
                      answer: Callable[[Report | None, AppealProblem | None], None]) -> None:
        found, problem, _text = await self._ask(self.address(), "get",
                                                ET.Element(f"{{{NS}}}report", attrs))
        item = found.xml.find(f"{{{NS}}}report") if found is not None else None
        if item is None:
            self.core.tell(answer, None, problem or AppealProblem.OTHER)
            return
        self.core.tell(answer, from_xml(item), None)

    def watch(self, on: bool) -> None:
        """From the GUI thread: the online monitor opened (everything now, then what
        changes, both to on_monitor) or closed."""
        self.core.soon(lambda: self.core.spawn(self._watch(on)))

    async def _watch(self, on: bool) -> None:
        child = ET.Element(f"{{{NS}}}monitor", {} if on else {"stop": "true"})
        found, problem, _text = await self._ask(self.address(), "set", child)
        if not on or self.sink is None:
            return
        item = found.xml.find(f"{{{NS}}}monitor") if found is not None else None
        try:
            if item is None:
                raise ValueError("no monitor in the answer")
            self.core.tell(self.sink.on_monitor, monitor_xml.from_xml(item))
        except ValueError:
            self.core.tell(self.sink.on_monitor_failed, problem or AppealProblem.OTHER)

    def card(self, appeal: int) -> None:
        """From the GUI thread: the appeal's client (organisation, lines, appeals);
        answered by on_card when the desk lets us read it."""
        self.core.soon(lambda: self.core.spawn(self._card(appeal)))

    def history(self, appeal: int) -> None:
        """From the GUI thread: the appeal's whole conversation into the chat store (what
        came before a transfer), answered like the archive's history."""
        self.core.soon(lambda: self.core.spawn(self._history(appeal)))

    async def _ask(self, to: str, kind: str, child: ET.Element
                   ) -> tuple[Any | None, AppealProblem | None, str]:
        """An IQ to the desk: (answer, None, "") or (None, problem, the desk's words)."""
        client = self.core.connected()
        if client is None:
            return None, AppealProblem.UNREACHABLE, ""
        iq = client.make_iq_set(ito=JID(to)) if kind == "set" else \
            client.make_iq_get(ito=JID(to))
        iq.append(child)
        try:
            answer = await iq.send(timeout=ACTION_TIMEOUT_S)  # type: ignore[no-untyped-call]
        except IqError as exc:
            condition = str(exc.iq["error"]["condition"])
            reason = handover.reason_of(exc.iq["error"].xml)
            problem = REASON_OF.get(reason) or PROBLEM_OF.get(condition, AppealProblem.OTHER)
            return None, problem, str(exc.iq["error"]["text"] or "")
        except IqTimeout:
            return None, AppealProblem.UNREACHABLE, ""
        return answer, None, ""

    async def _act(self, appeal: int, action: str, attrs: dict[str, str]) -> None:
        answer, problem, text = await self._ask(
            f"a{appeal}@{self.address()}", "set", ET.Element(f"{{{NS}}}{action}", attrs))
        result: dict[str, str] = {}
        if answer is not None:
            found = answer.xml.find(f"{{{NS}}}{action}")
            result = dict(found.attrib) if found is not None else {}
        if self.sink is not None:
            self.core.tell(self.sink.on_action_done, appeal, action, problem, text, result)

    async def _fetch_mine(self) -> None:
        midnight = day_start(time.time())
        answer, problem, _text = await self._ask(
            self.address(), "get", ET.Element(f"{{{NS}}}mine", {"since": f"{midnight:.0f}"}))
        if self.sink is None:
            return
        self.core.tell(self.sink.on_reachable, problem is not AppealProblem.UNREACHABLE)
        if answer is None:
            log.info("the desk did not give our feed: %s", problem)
            return
        found = answer.xml.find(f"{{{NS}}}mine")
        self.core.tell(self.sink.on_mine, wire.read_mine(found) if found is not None else [],
                       wire.read_desk_identity(found) if found is not None else "")

    async def _card(self, appeal: int) -> None:
        answer, _problem, _text = await self._ask(f"a{appeal}@{self.address()}", "get",
                                                  ET.Element(f"{{{NS}}}appeals"))
        found = answer.xml.find(f"{{{NS}}}appeals") if answer is not None else None
        if found is None or self.sink is None:
            return
        self.core.tell(self.sink.on_card, wire.read_card(appeal, found))

    async def _history(self, appeal: int) -> None:
        """The appeal's whole conversation, page by page (each answer stays small), up to
        HISTORY_PAGES of them; handed on at once."""
        address = f"a{appeal}@{self.address()}"
        pages: list[wire.History] = []
        attrs: dict[str, str] = {}
        while len(pages) < HISTORY_PAGES:
            answer, _problem, _text = await self._ask(
                address, "get", ET.Element(f"{{{NS}}}history", attrs))
            found = answer.xml.find(f"{{{NS}}}history") if answer is not None else None
            if found is None:
                break
            page = wire.read_history(found)
            pages.append(page)
            if not page.left_out or not page.messages or page.first <= 0:
                break
            attrs = {"before": str(page.first)}
        if not pages:
            return
        me = self.core.own_jid
        messages = [ChatMessage(m.id, address, m.sender == me, m.body, m.at,
                                "delivered" if m.sender == me else "",
                                author="" if m.sender == me else m.name, note=m.note)
                    for page in reversed(pages) for m in page.messages]
        self.core.tell(self.core.sink.on_history, address, messages, "")

    # --- protocol thread -------------------------------------------------------------------
    def _on_presence(self, presence: Any) -> None:
        if presence["from"].bare != self.address() or presence["to"].bare != self.core.own_jid:
            return
        kind = presence["type"]
        if kind == "error":  # our presence bounced: no desk now (and no answer to it)
            if self.sink is not None:
                self.core.tell(self.sink.on_reachable, False)
        elif kind in ("available", "chat", "away", "xa", "dnd"):
            self.presence_sent()  # a (re)started desk asks for our status …
            self.core.spawn(self._fetch_mine())  # … and has our feed again

    def _from_desk_itself(self, xml: Any, sink: DeskSink) -> None:
        """A line's queue, or the online monitor's changes."""
        watched = xml.find(f"{{{NS}}}monitor")
        if watched is not None:  # (the desk pushes only to who watches)
            try:
                self.core.tell(sink.on_monitor, monitor_xml.from_xml(watched))
            except ValueError:
                log.info("a malformed monitor update from the desk")
        queue = xml.find(f"{{{NS}}}queue")
        if queue is not None:
            self.core.tell(sink.on_queue, *wire.read_queue(queue))

    def _on_message(self, msg: Any) -> None:
        sender = msg["from"]
        if msg["type"] == "error" or self.sink is None:
            return
        if sender.bare == self.address():
            self._from_desk_itself(msg.xml, self.sink)
            return
        appeal = appeal_of(sender.user) if self.owns(sender.bare) else None
        if appeal is None:
            return
        if kept_by_server(msg.xml):
            # Kept by the server while we were away: an offer or hand-over of then, maybe of
            # an appeal long gone (or of a restarted desk's other appeal with the same
            # number). The feed comes fresh from the desk (`mine`) at every sign-in.
            log.info("a desk message for appeal %s kept while away: not taken", appeal)
            return
        for child in msg.xml:
            if child.tag.startswith(f"{{{NS}}}"):
                self._desk_element(appeal, child.tag.split("}", 1)[1], child, self.sink)

    def _desk_element(self, appeal: int, name: str, child: Any, sink: DeskSink) -> None:
        """An offer, a hand-over or an event of an appeal (malformed: only the text shows)."""
        if name == "offer":
            offer = wire.read_offer(appeal, child)
            if offer is not None:
                self.core.tell(sink.on_offer, offer)
            else:
                log.info("a malformed offer for appeal %s", appeal)
        elif name == "handed":
            handed = wire.read_handed(appeal, child)
            if handed is not None:
                self.core.tell(sink.on_handed, handed)
            else:
                log.info("a malformed hand-over of appeal %s", appeal)
        elif name in {e.value for e in DeskEvent}:
            self.core.tell(sink.on_desk_event, appeal, DeskEvent(name),
                           {str(k): str(v)[:wire.MAX_COMMENT] for k, v in child.attrib.items()})
