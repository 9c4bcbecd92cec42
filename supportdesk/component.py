"""The desk on the XMPP server: an external component (XEP-0114, slixmpp). Only translation:
stanzas in → DeskService calls with plain values; the service's words → stanzas out
(StanzaOutbox). The XML of the relayed extensions is read by hand: slixmpp's plugins would
answer receipts and states for the desk itself, which is not who the message is for."""

from __future__ import annotations

import asyncio
import logging
import re
import ssl
import time
from collections.abc import Callable, Coroutine
from concurrent.futures.process import BrokenProcessPool
from typing import Any
from xml.etree.ElementTree import Element

from slixmpp import JID
from slixmpp.componentxmpp import ComponentXMPP
from slixmpp.exceptions import IqError, IqTimeout
from slixmpp.jid import InvalidJID
from slixmpp.xmlstream import ET
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import StanzaPath
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from supportdesk import access, guard, texts
from supportdesk.access import ActionError
from supportdesk.config import DeskConfig, Remote
from supportdesk.http import CallQuestions
from supportdesk.outbox import NO_EXTRAS, Extras
from supportdesk.protocol import ACTIONS, NS, QUERIES, RATING_FORM, REMOTE_CLIENT, appeal_of
from supportdesk.protocol import appeals as wire
from supportdesk.protocol import handover as handover_wire
from supportdesk.protocol import monitor as monitor_xml
from supportdesk.protocol.appeals import (
    MAX_BODY,
    MAX_HISTORY,
    MAX_NAME,
    PAGE_BYTES,
    ClientCard,
    Handed,
    History,
    HistoryMessage,
    HistoryStep,
    Mine,
    Offer,
    PastAppeal,
    Waiting,
)
from supportdesk.protocol.handover import HANDOVER_NS
from supportdesk.protocol.report import to_xml
from supportdesk.remote.relay import Seen
from supportdesk.remote.relay_thread import RelayThread
from supportdesk.remote.tokens import CodeGrant
from supportdesk.report_worker import Reports
from supportdesk.service import DeskService
from supportdesk.store import DeskStore

log = logging.getLogger(__name__)
# A specialist silent this long is pinged (XEP-0199) when offered an appeal: a client killed
# with stream management stays "available" on the server for its hibernation time (Prosody:
# 10 min), so presence alone is not trusted; no answer in PING_S → offline, the offer moves.
SILENT_S = 30.0
PING_S = 3.0
TICK_S = 1.0
MAX_STEPS = 300  # newest steps of an appeal in its history (a page stays small)
MONITOR_S = 0.25  # the online monitor's changes are pushed at most this often
RETURN_S = 8.0  # a partner's desk answers a hand-over within this (the app waits 10 s)
RECEIPTS = "urn:xmpp:receipts"
STATES = "http://jabber.org/protocol/chatstates"
CHAT_STATES = ("active", "composing", "paused", "inactive", "gone")
REPLY = "urn:xmpp:reply:0"
FALLBACK = "urn:xmpp:fallback:0"
CORRECTION = "urn:xmpp:message-correct:0"
OOB = "jabber:x:oob"
MAX_URL = 2000  # characters of a file's link
# What a line relays (its disco#info features), so clients use them with it.
LINE_FEATURES = {"http://jabber.org/protocol/disco#info", RECEIPTS, STATES, REPLY, FALLBACK,
                 CORRECTION, "http://jabber.org/protocol/nick", "jabber:x:data"}
DATA = "jabber:x:data"
STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class DeskComponent(ComponentXMPP):
    def __init__(self, config: DeskConfig,
                 fence: Callable[[Connection], None] | None = None) -> None:
        super().__init__(config.component, config.secret, config.server,  # type: ignore[no-untyped-call]
                         config.port)
        self.config = config
        self.register_plugin("xep_0030")
        self.register_plugin("xep_0172")  # the client sees the specialist's name
        self.register_plugin("xep_0199")  # is an offered specialist really there?
        self.register_plugin("xep_0054")  # a specialist's name, from their vCard
        self.silent_s = SILENT_S
        self.heard: dict[str, float] = {}  # specialist -> when a stanza last came from them
        self.addresses: dict[str, str] = {}  # specialist -> their full address, as last seen
        self.pinged_out: set[str] = set()  # taken offline for no answer to a ping
        self.sessions_started = 0  # joins to the chat server (more than one: it dropped us)
        self.pings: set[asyncio.Task[None]] = set()  # what _spawn runs beside the loop
        self.service = DeskService(config, DeskStore(config.store_url, fence=fence),
                                   StanzaOutbox(self), time.time)
        self.reports = Reports(config.store_url, self.service.store)
        # Every message, not slixmpp's "message" event: that one is for messages with a body,
        # and receipts and chat states have none.
        self.register_handler(Callback("desk messages", StanzaPath("message"),
                                       self._on_message))
        self.add_event_handler("presence", self._on_presence)
        self.add_event_handler("session_start", self._started)
        self.add_event_handler("disconnected", self._stopped)
        self.register_handler(Callback("desk actions", StanzaPath("iq@type=set"),
                                       self._on_action))
        self.register_handler(Callback("desk queries", StanzaPath("iq@type=get"),
                                       self._on_query))
        self.ticker: asyncio.TimerHandle | None = None
        self.monitor_ticker: asyncio.TimerHandle | None = None
        self.questions: CallQuestions | None = None  # the PBX's, about calls to a line
        self.relay: RelayThread | None = None  # remote sessions' (config [remote])

    def _started(self, _event: Any) -> None:
        self.sessions_started += 1
        log.info("desk joined as %s (%s)", self.config.component,
                 "again" if self.sessions_started > 1 else "first")
        self.service.resume()  # (the clocks move on by the time away)
        self.describe_lines()
        self.service.hello()
        if self.config.remote is not None and self.relay is None and \
                self.service.remote is not None:
            self.relay = RelayThread(self.service.remote.tokens,
                                     self.config.remote.max_viewers, self._remote_seen,
                                     asyncio.get_running_loop(), self.service.remote.codes,
                                     self._code_said)
            self.relay.start(self.config.remote.host, self.config.remote.port,
                             _relay_tls(self.config.remote))
        if self.config.calls_port and self.questions is None:
            self.questions = CallQuestions(lambda: self.service.calls, self.config.calls_secret)
            self._spawn(self.questions.start(self.config.calls_port))
        if self.ticker is None:
            self._tick()

    def _remote_seen(self, seen: Seen) -> None:
        if self.service.remote is not None:
            self.service.remote.seen(seen.session, seen.who, seen.what)

    def _code_said(self, grant: CodeGrant, name: str, attrs: dict[str, str]
                   ) -> dict[str, str]:
        """What a client side said on the relay's code channel (the code is its proof)."""
        if self.service.remote is None:
            return {"error": "feature-not-implemented", "text": "No remote sessions here."}
        try:
            return self.service.remote.by_code(grant, name, attrs)
        except ActionError as exc:
            return {"error": exc.condition, "text": exc.text}

    async def close_relay(self) -> None:
        """Every remote session's legs closed, and the relay's port (a stopping desk)."""
        if self.relay is not None:
            relay, self.relay = self.relay, None
            await relay.close()

    def release(self) -> None:
        """Off the server: the report worker and the store's connections go."""
        self.reports.close()
        self.service.store.close()

    def incoming_filter(self, xml: Element) -> Element:
        """slixmpp's hook before a stanza is built: one deeper or larger than any of ours is
        refused here (guard.py), answered with an error that echoes nothing of it, and goes
        no further (an element no handler takes)."""
        refused = guard.refusal(xml)
        if refused is None:
            return xml
        log.warning("desk: a %s from %s refused: too %s", refused.kind,
                    refused.sender[:100], refused.reason)
        self._refuse(refused)
        return Element(f"{{{NS}}}refused")

    def _refuse(self, refused: guard.Refusal) -> None:
        if refused.stanza_type == "error" or refused.kind not in ("iq", "message") or (
                refused.kind == "iq" and refused.stanza_type not in ("get", "set")):
            return  # (errors and results are never answered: no loops)
        try:
            sender, to = JID(refused.sender), JID(refused.to)
        except InvalidJID:
            return
        if refused.kind == "iq":
            reply = self.make_iq_error(  # type: ignore[no-untyped-call]
                refused.stanza_id, "modify", "not-acceptable", ito=sender, ifrom=to)
        else:
            reply = self.make_message(mto=sender, mfrom=to, mtype="error")
            reply["id"] = refused.stanza_id
            reply["error"]["type"] = "modify"
            reply["error"]["condition"] = "not-acceptable"
        reply["error"]["text"] = "Nested too deep or too large."
        reply.send()

    def _spawn(self, work: Coroutine[Any, Any, Any]) -> None:
        """Work beside the routing loop, kept referenced until it is done (a task nobody
        holds may be collected half way)."""
        task = asyncio.ensure_future(work)
        self.pings.add(task)
        task.add_done_callback(self.pings.discard)

    def describe_lines(self) -> None:
        """Each line is an entity a client's XMPP client can add: disco#info says what it is
        and what it relays (clients send receipts and chat states only where it does)."""
        disco = self.plugin["xep_0030"]

        async def describe() -> None:
            for line in self.service.lines.values():
                jid = JID(f"{line.id}@{self.config.component}")
                await disco.set_identities(jid=jid, identities={
                    ("client", "bot", None, line.name)})
                await disco.set_features(jid=jid, features=LINE_FEATURES)
        self._spawn(describe())

    def _line_of(self, jid: JID) -> str:
        """The line a JID of the desk names ("" for the desk itself, an appeal or nothing)."""
        return jid.user if jid.domain == self.config.component and \
            jid.user in self.service.lines else ""

    def _line_presence(self, to: JID, line: str) -> None:
        """Available while the desk runs; the status says how many wait, when any do."""
        waiting = len(self.service.router.queued(line))
        presence = self.make_presence(pto=to, pfrom=JID(f"{line}@{self.config.component}"))
        if waiting:
            _languages(presence, "status",
                       texts.LINE_QUEUE.in_(self.service.language_of(line), n=waiting))
        presence.send()

    def _stopped(self, _event: Any) -> None:
        """Off the chat server: the appeals' clocks stop (service.pause), and no call
        questions either (asked again once joined)."""
        self.service.pause()
        if self.questions is not None:
            self.questions.close()
            self.questions = None

    def _tick(self) -> None:
        try:
            self.service.tick()
        except Exception:  # a store hiccup must not stop the clocks for good
            log.exception("desk: tick failed")
        self.ticker = self.loop.call_later(TICK_S, self._tick)

    # --- in ---------------------------------------------------------------------------------
    def _on_message(self, msg: Any) -> None:
        if msg["type"] not in ("chat", "normal"):
            return  # errors and groupchat: never answered (no bounce loops)
        body = str(msg["body"] or "")
        if len(body) > MAX_BODY:
            self._fail(msg, "not-acceptable", f"At most {MAX_BODY} characters at once.",
                       texts.TOO_LONG.in_(self.service.language_of(msg["to"].user),
                                          limit=MAX_BODY))
            return
        sender, local = msg["from"].bare, msg["to"].user
        self._heard(msg["from"])
        appeal = appeal_of(local)
        xml = msg.xml
        try:
            if (form := xml.find(f"{{{DATA}}}x")) is not None and appeal is None:
                score, comment, rated = _rating(form)
                self.service.rate_by_form(sender, local, score, comment, rated)
            elif body:
                stanza_id = str(msg["id"] or f"t{time.time_ns()}")
                if appeal is None:
                    self.service.client_message(sender, local, body, stanza_id,
                                                _extras(xml, body))
                elif xml.find(f"{{{NS}}}note") is not None:
                    self.service.specialist_note(sender, appeal, body, stanza_id)
                else:
                    self.service.specialist_message(sender, appeal, body, stanza_id,
                                                    _extras(xml, body))
            else:
                state, received = _state(xml), _received(xml)
                if appeal is None:
                    self.service.client_signal(sender, local, state, received)
                elif state or received:
                    self.service.specialist_signal(sender, appeal, state, received)
        except ActionError as exc:
            self._fail(msg, exc.condition, exc.text, exc.said)
        except SQLAlchemyError:  # (the store busy or gone: the sender hears it, to resend)
            log.exception("desk: a message from %s not kept", sender)
            self._fail(msg, "resource-constraint", "Not kept: send it again in a minute.",
                       texts.NOT_KEPT.in_(self.service.language_of(local))
                       if body and appeal is None else None)

    def _on_presence(self, presence: Any) -> None:
        kind = presence["type"]
        sender = presence["from"]
        self._heard(sender, kind != "unavailable")
        if kind in ("available", "unavailable", "dnd", "away", "xa", "chat"):
            if kind == "unavailable":
                self._session_gone(sender)
            else:
                self.service.presence(sender.bare, str(presence["show"] or ""), True,
                                      sender.resource,
                                      presence.xml.find(f"{{{NS}}}phone") is not None)
                if sender.bare not in self.service.names:
                    self._learn_name(sender.bare)
        elif kind == "probe":
            line = self._line_of(presence["to"])
            if line:
                self._line_presence(presence["from"], line)
            elif not presence["to"].user:
                self.send_presence(pto=presence["from"], pfrom=presence["to"])
        elif kind in ("subscribe", "unsubscribe") and (line := self._line_of(presence["to"])):
            # A client adds the line to their contacts: accepted, and it shows as online.
            self.send_presence(pto=presence["from"].bare, pfrom=presence["to"].bare,
                               ptype="subscribed" if kind == "subscribe" else "unsubscribed")
            if kind == "subscribe":
                self._line_presence(presence["from"], line)

    def _on_action(self, iq: Any) -> None:
        self._heard(iq["from"])
        handover = iq.xml.find(f"{{{HANDOVER_NS}}}handover")
        if handover is not None:  # (to one of our lines; trust is checked first)
            self._received(iq, iq["to"].user, handover)
            return
        action, name = _child(iq.xml)
        if name == "return" and action is not None and \
                (appeal := appeal_of(iq["to"].user)) is not None:
            self._spawn(self._return(iq, appeal, action.get("note", "")))
            return
        if not iq["to"].user and name == "monitor" and action is not None:
            self._watch(iq, action.get("stop") == "true")
            return
        if iq["to"].user in self.service.lines and name in REMOTE_CLIENT and \
                action is not None:
            self._remote_client(iq, name, action)
            return
        try:
            appeal = appeal_of(iq["to"].user)
            if appeal is None or action is None or name not in ACTIONS:
                raise ActionError("feature-not-implemented", f"No action {name!r} here.")
            result = self.service.action(iq["from"].bare, appeal, name, dict(action.attrib))
        except ActionError as exc:
            self._fail(iq, exc.condition, exc.text)
            return
        except SQLAlchemyError:
            log.exception("desk: %s on appeal %s not done", name, appeal)
            self._fail(iq, "resource-constraint", "Not done: try again in a minute.")
            return
        reply = iq.reply()
        if result:
            reply.append(ET.Element(f"{{{NS}}}{name}", result))
        reply.send()

    async def _return(self, iq: Any, appeal: int, note: str) -> None:
        """The holder returns the appeal to the partner's first line: the hand-over goes
        desk to desk, and the specialist's answer waits for the partner's (PROTOCOL.md,
        "Returning an appeal to the partner"); the routing loop goes on meanwhile."""
        try:
            asked = self.service.handovers.ask(iq["from"].bare, appeal, note)
        except ActionError as exc:
            self._fail(iq, exc.condition, exc.text, reason=exc.reason)
            return
        out = self.make_iq_set(ito=JID(asked.first_line.address),
                               ifrom=JID(self.config.component))
        out.append(handover_wire.to_xml(asked.handover))
        accepted, reason, condition = None, handover_wire.UNREACHABLE, "timeout"
        try:
            answer = await out.send(timeout=RETURN_S)  # type: ignore[no-untyped-call]
            accepted = handover_wire.read_accepted(answer.xml.find(f"{{{HANDOVER_NS}}}accepted"))
        except IqError as exc:
            # Without a reason of a desk's, no desk took it: the partner's server answered
            # for it (its desk not connected, or one that takes no hand-overs).
            condition = str(exc.iq["error"]["condition"])
            reason = handover_wire.reason_of(exc.iq["error"].xml) or handover_wire.UNREACHABLE
        except IqTimeout:
            pass
        except ValueError:
            reason = handover_wire.BAD_REQUEST
        except Exception:  # (off the server meanwhile …: the appeal must not stay held)
            log.exception("desk: the return of appeal %s not sent", appeal)
        log.info("desk: appeal %s to %s: %s", appeal, asked.first_line.address,
                 f"accepted as {accepted.appeal}" if accepted
                 else f"refused ({reason}, {condition})")
        try:
            self.service.handovers.settled(asked, accepted, reason)
        except SQLAlchemyError:
            log.exception("desk: the return of appeal %s not recorded", appeal)
        if accepted is None:
            self._fail(iq, "remote-server-timeout" if reason == handover_wire.UNREACHABLE
                       else "not-allowed", f"The partner's desk refused it: {reason}.",
                       reason=reason)
            return
        iq.reply().append(ET.Element(f"{{{NS}}}return", {
            "appeal": str(accepted.appeal), "line-name": accepted.line_name,
            "address": asked.first_line.address})).send()

    def _received(self, iq: Any, line: str, found: Element) -> None:
        """A vendor's desk returns a client of ours to our first line `line`: checked (who
        sends it first, then every field), opened, answered with our number of it."""
        sender = str(iq["from"])
        try:
            access.check_desk(sender, self.config.accept_from)
            try:
                handover = handover_wire.read(found)
            except ValueError as exc:
                raise ActionError("bad-request", str(exc),
                                  reason=handover_wire.BAD_REQUEST) from None
            accepted = self.service.handovers.receive(sender, line, handover)
        except ActionError as exc:
            log.info("desk: a hand-over from %s to %s refused: %s", sender[:100], line,
                     exc.reason or exc.condition)
            self._fail(iq, exc.condition, exc.text, reason=exc.reason)
            return
        except SQLAlchemyError:
            log.exception("desk: a hand-over from %s not kept", sender[:100])
            self._fail(iq, "resource-constraint", "Not kept: try again in a minute.")
            return
        iq.reply().append(handover_wire.accepted_xml(accepted)).send()

    def _remote_client(self, iq: Any, name: str, action: Element) -> None:
        """A client's answer to a remote session's request, or their Stop (to the line)."""
        client, session = iq["from"].bare, action.get("session", "")[:64]
        try:
            if name == "remote-answer":
                result = self.service.remote_answer(client, session,
                                                    action.get("allow") == "true",
                                                    action.get("password", ""),
                                                    action.get("reason", ""))
            elif name == "remote-control-answer":
                self.service.remote_control_answer(client, session, action.get("who", ""),
                                                   action.get("allow") == "true")
                result = {}
            else:
                self.service.remote_stop(client, session)
                result = {}
        except ActionError as exc:
            self._fail(iq, exc.condition, exc.text)
            return
        reply = iq.reply()
        if result:
            reply.append(ET.Element(f"{{{NS}}}{name}", result))
        reply.send()

    def _on_query(self, iq: Any) -> None:
        query, name = _child(iq.xml)
        appeal = appeal_of(iq["to"].user)
        who = iq["from"].bare
        if not iq["to"].user and name == "report" and query is not None:
            self._heard(iq["from"])
            self._spawn(self._report(iq, who, query))  # (seconds of SQL: beside the loop)
            return
        if not iq["to"].user and name == "mine" and query is not None:
            self._heard(iq["from"])
            try:
                answer = self._mine(who, query.get("since", "0"))
            except ActionError as exc:
                self._fail(iq, exc.condition, exc.text)
                return
            iq.reply().append(answer).send()
            return
        if appeal is None or name not in QUERIES:
            if not _answered_by_slixmpp(iq.xml):  # every IQ gets an answer (RFC 6120 8.2.3)
                self._fail(iq, "feature-not-implemented", "No such query here.")
            return
        try:
            answer = (self._history(who, appeal, query) if name == "history"
                      else self._appeals(who, appeal))
        except ActionError as exc:
            self._fail(iq, exc.condition, exc.text)
            return
        except SQLAlchemyError:
            log.exception("desk: %s of appeal %s not read", name, appeal)
            self._fail(iq, "resource-constraint", "Not read: try again in a minute.")
            return
        reply = iq.reply()
        reply.append(answer)
        reply.send()

    def _watch(self, iq: Any, stop: bool) -> None:
        """<monitor/>: a senior starts watching (answered with everything now); changes
        follow as headlines to the address that asked, until <monitor stop='true'/> or
        they go offline."""
        who = iq["from"].bare
        if stop:
            self.service.monitor.stop(who)
            iq.reply().send()
            return
        try:
            everything = self.service.watch(who, str(iq["from"]))
        except ActionError as exc:
            self._fail(iq, exc.condition, exc.text)
            return
        iq.reply().append(monitor_xml.to_xml(everything)).send()
        if self.monitor_ticker is None:
            self._push_monitor()

    def _push_monitor(self) -> None:
        """A few times a second while someone watches: what changed, to each watcher."""
        self.monitor_ticker = None
        monitor = self.service.monitor
        try:
            for address, update in monitor.changes():
                msg = self.make_message(mto=JID(address), mfrom=JID(self.config.component),
                                        mtype="headline")
                msg.append(monitor_xml.to_xml(update))
                msg.send()
        except Exception:  # a store hiccup (today's counts) must not stop the monitor
            log.exception("desk: the monitor's push failed")
        if monitor.watchers:
            self.monitor_ticker = self.loop.call_later(MONITOR_S, self._push_monitor)

    def _heard(self, sender: JID, here: bool = True) -> None:
        if sender.bare in self.config.specialists:
            self.heard[sender.bare] = time.monotonic()
            if here and sender.resource:
                self.addresses[sender.bare] = str(sender)
            if sender.bare in self.pinged_out:  # back after all: "tell me your status"
                self.pinged_out.discard(sender.bare)
                self.service.out.hello(sender.bare)

    def _session_gone(self, address: JID) -> None:
        """One session of a specialist is gone (unavailable, or no answer to a ping): they
        stay as their other sessions are, pinged there from now on; with none left they
        are offline and their name is read again next time."""
        who = address.bare
        self.service.presence(who, "", False, address.resource)
        left = self.service.sessions.get(who)
        if not left:
            self.addresses.pop(who, None)
            self.service.names.pop(who, None)
        elif self.addresses.get(who) == str(address):
            other = next(iter(left))
            self.addresses[who] = f"{who}/{other}" if other else who

    def _learn_name(self, who: str) -> None:
        """A specialist came online: the name clients call them by, from their vCard (the
        given name; the full one without it), for the nick of their messages. Forgotten
        when they go offline: a changed profile shows from their next sign-in."""
        if who not in self.config.specialists:
            return

        async def read() -> None:
            try:
                iq = await self.plugin["xep_0054"].get_vcard(
                    JID(who), ifrom=JID(self.config.component), timeout=10)
            except (IqError, IqTimeout):
                return  # no card: their login stays the nick
            card = iq["vcard_temp"]
            name = str(card["N"]["GIVEN"] or card["FN"] or "").strip()[:MAX_NAME]
            if name:
                self.service.names[who] = name
        self._spawn(read())

    def make_sure_there(self, specialist: str) -> None:
        """Before an offer counts on a silent specialist: a ping to their last address;
        no answer → offline (their offers go on at once)."""
        if time.monotonic() - self.heard.get(specialist, 0.0) < self.silent_s:
            return
        address = self.addresses.get(specialist, specialist)

        async def ping() -> None:
            try:
                await self.plugin["xep_0199"].ping(JID(address),
                                                   ifrom=JID(self.config.component),
                                                   timeout=PING_S)
            except IqTimeout:
                log.info("desk: %s did not answer a ping: that session is gone", specialist)
                self._session_gone(JID(address))
                if specialist not in self.service.sessions:
                    self.pinged_out.add(specialist)
                else:
                    self.heard[specialist] = 0.0  # the next offer pings the session left
                return
            except IqError:
                pass  # an answer, even "not supported", is someone there
            self.heard[specialist] = time.monotonic()
        self.heard[specialist] = time.monotonic()  # one ping at a time
        self._spawn(ping())

    def _history(self, who: str, appeal: int, query: Element | None) -> Element:
        """A page of the conversation, newest first asked: the messages before place
        `before` (all: the newest) that fit PAGE_BYTES; `left-out` says how many older
        remain (ask again with before=first). The steps come with the newest page."""
        try:
            before = max(0, int(query.get("before", ""))) \
                if query is not None and query.get("before") else None
        except ValueError:
            raise ActionError("bad-request", "before is a place in the conversation.") from None
        # (only the page's messages are read: a long conversation's pages are not n² reads)
        found = self.service.history(who, appeal, before, MAX_HISTORY)
        end = found.end
        page: list[HistoryMessage] = []
        used = 0
        for m in reversed(found.messages):
            item = HistoryMessage(m.stanza_id, m.sender, m.body, m.at,
                                  found.names.get(m.sender, ""),  # staff: named, not the client
                                  m.note)
            used += len(m.body.encode()) + 200
            if page and used > PAGE_BYTES:
                break
            page.append(item)
        first = end - len(page)
        steps = found.steps[-MAX_STEPS:]  # (the newest page's: the service reads no others)
        return wire.history_xml(History(
            appeal, tuple(reversed(page)),
            tuple(HistoryStep(s.at, s.kind, s.actor, s.detail) for s in steps), first, first))

    def _appeals(self, who: str, appeal: int) -> Element:
        card = self.service.client_card(who, appeal)
        return wire.card_xml(ClientCard(
            appeal, card.client, card.organisation,
            tuple((line.id, line.name) for line in card.lines),
            tuple(PastAppeal(p.id, p.line, p.channel, p.state, p.specialist or "",
                             p.transfers, p.created_at, p.score or 0,
                             p.comment if p.score is not None else "", p.note,
                             p.remote_sessions, p.remote_note)
                  for p in card.appeals),
            tuple((line.id, line.phone) for line in card.lines if line.phone),
            (card.first_line.address, card.first_line.partner)
            if card.first_line is not None else ("", "") if card.has_partners else ()))

    async def _report(self, iq: Any, who: str, query: Element) -> None:
        """<report since until line? specialist?/>: the figures of that period, computed
        in a worker process (a month is a third of a second, a year seconds: offers and
        chats go on meanwhile). The report reads the store only."""
        try:
            since, until = float(query.get("since", "")), float(query.get("until", ""))
        except ValueError:
            self._fail(iq, "bad-request", "since and until are Unix times.")
            return
        line, specialist = query.get("line", ""), query.get("specialist", "")
        try:
            report = await self.reports.make(self.service.report_asked(
                who, since, until, line, specialist))
        except ActionError as exc:
            self._fail(iq, exc.condition, exc.text)
            return
        except (SQLAlchemyError, BrokenProcessPool):
            log.exception("desk: a report failed")
            self._fail(iq, "internal-server-error", "The report could not be made now.")
            return
        iq.reply().append(to_xml(report)).send()

    def _mine(self, who: str, since: str) -> Element:
        try:
            day = float(since)
        except ValueError:
            raise ActionError("bad-request", "since is a Unix time.") from None
        lines, organisation_of = self.service.lines, self.service.config.organisation_of
        return wire.mine_xml((
            Mine(m.id, m.line, lines[m.line].name if m.line in lines else m.line, m.client,
                 m.state, m.accept_by, m.transfers, m.control_until, m.finished_at, m.score,
                 m.comment, organisation_of(m.client), m.channel, m.number)
            for m in self.service.mine(who, day)), self.service.identity)

    def _fail(self, stanza: Any, condition: str, text: str, said: texts.Said | None = None,
              reason: str = "") -> None:
        """An error reply; to a client (`said`) its text in each of their languages."""
        reply = stanza.reply()
        reply["type"] = "error"
        if said is not None:  # (first: slixmpp keys a stanza's children by its language)
            reply["lang"] = said.lang
        error = reply["error"]
        error["condition"] = condition
        if said is None:
            error["text"] = text
        else:
            for lang, words in said.all():
                ET.SubElement(error.xml, f"{{{STANZAS}}}text",
                              {XML_LANG: lang} if lang != said.lang else {}).text = words
        if reason:  # (why a hand-over was refused: the app words it)
            error.xml.append(handover_wire.refused_xml(reason))
        reply.send()


class StanzaOutbox:
    """DeskService's Outbox: its words as stanzas on the component's stream."""

    def __init__(self, component: DeskComponent) -> None:
        self.component = component

    def message(self, sender: str, to: str, body: str, *, stanza_id: str = "",
                extras: Extras = NO_EXTRAS, nick: str = "",
                offer: Offer | None = None, handed: Handed | None = None,
                author: str = "", note: bool = False) -> None:
        msg = self.component.make_message(mto=JID(to), mfrom=JID(sender), mbody=body,
                                          mtype="chat")
        if stanza_id:
            msg["id"] = stanza_id  # relayed under the sender's id: receipts and quotes match
        if nick:
            msg["nick"] = nick
        if offer is not None:
            msg.append(wire.offer_xml(offer))
            self.component.make_sure_there(to)
        if handed is not None:
            msg.append(wire.handed_xml(handed))
        if author:
            msg.append(ET.Element(f"{{{NS}}}author", {"jid": author, "name": nick}))
        if note:
            msg.append(ET.Element(f"{{{NS}}}note"))
        if extras.receipt:
            msg.append(ET.Element(f"{{{RECEIPTS}}}request"))
        if extras.state:
            msg.append(ET.Element(f"{{{STATES}}}{extras.state}"))
        if extras.replaces:
            msg.append(ET.Element(f"{{{CORRECTION}}}replace", {"id": extras.replaces}))
        if extras.oob:
            ET.SubElement(ET.SubElement(msg.xml, f"{{{OOB}}}x"), f"{{{OOB}}}url").text = \
                extras.oob
        if extras.reply_id:
            msg.append(ET.Element(f"{{{REPLY}}}reply",
                                  {"id": extras.reply_id, "to": extras.reply_to}))
            if extras.fallback is not None:
                fallback = ET.Element(f"{{{FALLBACK}}}fallback", {"for": REPLY})
                ET.SubElement(fallback, f"{{{FALLBACK}}}body",
                              {"start": str(extras.fallback[0]),
                               "end": str(extras.fallback[1])})
                msg.append(fallback)
        msg.send()

    def tell(self, sender: str, to: str, said: texts.Said, *, rating_for: int = 0,
             element: tuple[str, dict[str, str]] | None = None) -> None:
        msg = self.component.make_message(mto=JID(to), mfrom=JID(sender), mtype="chat")
        _languages(msg, "body", said)
        if rating_for:
            msg.append(_rating_form(rating_for, said.lang))
        if element is not None:
            msg.append(ET.Element(f"{{{NS}}}{element[0]}", element[1]))
        msg.send()

    def end_remote(self, session: str) -> None:
        if self.component.relay is not None:
            self.component.relay.end(session)

    def to_code(self, session: str, name: str, attrs: dict[str, str]) -> None:
        if self.component.relay is not None:
            self.component.relay.tell_code(session, name, attrs)

    def signal(self, sender: str, to: str, *, state: str = "", received: str = "") -> None:
        msg = self.component.make_message(mto=JID(to), mfrom=JID(sender), mtype="chat")
        if state:
            msg.append(ET.Element(f"{{{STATES}}}{state}"))
        if received:
            msg.append(ET.Element(f"{{{RECEIPTS}}}received", {"id": received}))
        msg.send()

    def event(self, sender: str, to: str, name: str, attrs: dict[str, str]) -> None:
        msg = self.component.make_message(mto=JID(to), mfrom=JID(sender), mtype="chat")
        msg.append(ET.Element(f"{{{NS}}}{name}", attrs))
        msg.send()

    def queue(self, staff: list[str], line: str, name: str, items: list[Waiting],
              more: int) -> None:
        # A headline: never kept for a specialist who is offline (RFC 6121 §5.2.2), so a
        # later session never shows a queue that has long moved (it gets today's on arrival).
        queue = wire.queue_xml(line, name, items, more)  # (once: the same for all the staff)
        for to in staff:
            msg = self.component.make_message(
                mto=JID(to), mfrom=JID(self.component.boundjid.bare), mtype="headline")
            msg.xml.append(queue)  # (ElementTree keeps no parent: one element, many stanzas)
            msg.send()

    def hello(self, to: str) -> None:
        self.component.send_presence(pto=JID(to), pfrom=JID(self.component.config.component))


# --- reading the relayed extensions ---------------------------------------------------------
def _answered_by_slixmpp(xml: Element) -> bool:
    """Disco (the desk's and each line's), ping and vCard: its plugins answer those."""
    return any(xml.find(tag) is not None for tag in (
        "{http://jabber.org/protocol/disco#info}query",
        "{http://jabber.org/protocol/disco#items}query", "{urn:xmpp:ping}ping",
        "{vcard-temp}vCard"))


def _child(xml: Element) -> tuple[Element | None, str]:
    found = next((c for c in xml if c.tag.startswith(f"{{{NS}}}")), None)
    return found, (found.tag.split("}", 1)[1] if found is not None else "")


def _state(xml: Element) -> str:
    for name in CHAT_STATES:
        if xml.find(f"{{{STATES}}}{name}") is not None:
            return name
    return ""


def _received(xml: Element) -> str:
    found = xml.find(f"{{{RECEIPTS}}}received")
    return str(found.get("id", "")) if found is not None else ""


def _extras(xml: Element, body: str = "") -> Extras:
    reply = xml.find(f"{{{REPLY}}}reply")
    fallback = None
    for item in xml.findall(f"{{{FALLBACK}}}fallback"):
        span = item.find(f"{{{FALLBACK}}}body")
        if item.get("for") == REPLY and span is not None:
            try:
                fallback = (int(span.get("start", "")), int(span.get("end", "")))
            except ValueError:
                fallback = None  # malformed: the quote travels as plain text
    replace = xml.find(f"{{{CORRECTION}}}replace")
    return Extras(receipt=xml.find(f"{{{RECEIPTS}}}request") is not None,
                  oob=_oob(xml, body),
                  state=_state(xml),
                  reply_id=str(reply.get("id", "")) if reply is not None else "",
                  fallback=fallback if reply is not None else None,
                  replaces=str(replace.get("id", "")) if replace is not None
                  else "")


def _oob(xml: Element, body: str) -> str:
    """A file's link (XEP-0066) relayed as such only when it is the whole body and web
    (what chat clients show inline); anything else stays plain text."""
    url = (xml.findtext(f"{{{OOB}}}x/{{{OOB}}}url") or "").strip()
    ok = url == body.strip() and url.startswith(("https://", "http://")) and len(url) <= MAX_URL
    return url if ok else ""


def _languages(stanza: Any, name: str, said: texts.Said) -> None:
    """`name` (body, status) once per language: the stanza's xml:lang is the first."""
    stanza["lang"] = said.lang
    for lang, words in said.all():
        stanza[name if lang == said.lang else f"{name}|{lang}"] = words


def _rating_form(appeal: int, lang: str) -> Element:
    """The form names the appeal it rates (a hidden field), in the line's language (a form
    has one)."""
    def label(text: texts.Text) -> str:
        return text.in_(lang, appeal=appeal).body

    form = ET.Element(f"{{{DATA}}}x", {"type": "form"})
    ET.SubElement(form, f"{{{DATA}}}title").text = label(texts.RATING_TITLE)
    hidden = ET.SubElement(form, f"{{{DATA}}}field", {"var": "FORM_TYPE", "type": "hidden"})
    ET.SubElement(hidden, f"{{{DATA}}}value").text = RATING_FORM
    named = ET.SubElement(form, f"{{{DATA}}}field", {"var": "appeal", "type": "hidden"})
    ET.SubElement(named, f"{{{DATA}}}value").text = str(appeal)
    score = ET.SubElement(form, f"{{{DATA}}}field",
                          {"var": "rating", "type": "list-single",
                           "label": label(texts.RATING_LABEL)})
    ET.SubElement(score, f"{{{DATA}}}required")
    for n in range(5, 0, -1):
        option = ET.SubElement(score, f"{{{DATA}}}option", {"label": str(n)})
        ET.SubElement(option, f"{{{DATA}}}value").text = str(n)
    ET.SubElement(form, f"{{{DATA}}}field", {"var": "comment", "type": "text-multi",
                                             "label": label(texts.COMMENT_LABEL)})
    return form


def _rating(form: Element) -> tuple[int, str, int]:
    """(score, comment, the appeal it names or 0) of a submitted rating form; ActionError
    when it is not one."""
    values: dict[str, list[str]] = {}
    for item in form.findall(f"{{{DATA}}}field"):
        values[item.get("var", "")] = [v.text or "" for v in item.findall(f"{{{DATA}}}value")]
    if form.get("type") != "submit" or values.get("FORM_TYPE") != [RATING_FORM]:
        raise ActionError("bad-request", "Not a rating form.")
    score = values.get("rating", [])
    if len(score) != 1 or score[0] not in {"1", "2", "3", "4", "5"}:
        raise ActionError("bad-request", "The rating must be one of 1 to 5.")
    named = values.get("appeal", ["0"])
    return (int(score[0]), "\n".join(values.get("comment", []))[:2000],
            int(named[0]) if len(named) == 1 and re.fullmatch(r"[0-9]{1,12}", named[0]) else 0)


def _relay_tls(remote: Remote) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(remote.cert_file, remote.key_file)
    return context
