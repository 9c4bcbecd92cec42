"""A far party for chat tests: one slixmpp client in its own thread, recording what it gets."""

from __future__ import annotations

import asyncio
import contextlib
import ssl
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import Any

import aiohttp
from slixmpp import JID, ClientXMPP
from slixmpp.exceptions import IqError
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import StanzaPath

from desktop.chat.vcard import to_vcard
from desktop.lab.lab import LabInfo
from desktop.values import Profile
from tests.peers.loops import end_client


class XmppPeer:
    def __init__(self, lab: LabInfo, user: str, reconnect: bool = False,
                 echo: bool = False, stranger_password: str = "",
                 desk_show: str | None = None, resource: str = "") -> None:
        """`stranger_password`: an account of the lab's server nobody has on their roster,
        registered in-band (XEP-0077) with this password on first use. `desk_show`: a
        specialist as the app is one: its presence (this show) goes to the support desk at
        sign-in and whenever the desk asks (its presence after a restart). `resource`: this
        one (a session of it left hibernating is taken over), else the server's choice."""
        self.lab = lab
        self.resource = resource
        self.stranger_password = stranger_password
        self.echo = echo  # answer every message with its own body (round-trip benchmark)
        self.jid = f"{user}@{lab.domain}"
        self.reconnect = reconnect
        self.messages: list[dict[str, Any]] = []
        self.presences: list[dict[str, Any]] = []
        self.states: list[str] = []  # chat states (XEP-0085) received
        self.iq_replies: dict[str, tuple[str, str]] = {}  # id -> (type, error condition)
        self.iq_payloads: dict[str, Any] = {}  # id -> the answer's first child element
        self.errors: list[str] = []  # conditions of the message errors that came back
        self.error_texts: list[dict[str, str]] = []  # … and their texts: language -> text
        self.receipts: list[tuple[str, str]] = []  # (from, id) of delivery receipts
        self.desk_events: list[tuple[str, str, dict[str, str]]] = []  # (from, name, attrs)
        self.desk = f"desk.{lab.domain}"
        self.desk_show = desk_show
        self.online = threading.Event()
        self.loop = asyncio.new_event_loop()
        self.client: ClientXMPP | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        if not self.online.wait(10):
            raise AssertionError(f"{self.jid} could not sign in")

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        password = self.stranger_password or self.lab.passwords[self.jid.split("@")[0]]
        client = ClientXMPP(f"{self.jid}/{self.resource}" if self.resource else self.jid,
                            password)
        if self.stranger_password:
            client.register_plugin("xep_0077")
            client.plugin["xep_0077"].force_registration = True
            client.add_event_handler("register", self._register)
        client.ca_certs = Path(self.lab.ca_file)
        client.enable_direct_tls = False
        client.enable_plaintext = False
        client.register_plugin("xep_0184", pconfig={"auto_ack": True})
        client.register_plugin("xep_0198")
        client.register_plugin("xep_0461")
        client.register_plugin("xep_0172")
        client.register_plugin("xep_0085")
        client.register_plugin("xep_0084")
        client.register_plugin("xep_0054")
        client.register_plugin("xep_0363")
        client.add_event_handler("chatstate", lambda m: self.states.append(m["chat_state"]))
        client.add_event_handler(
            "receipt_received", lambda m: self.receipts.append((m["from"].bare,
                                                                str(m["receipt"]))))
        for kind in ("result", "error"):  # answers to IQs sent with send_raw
            client.register_handler(Callback(f"iq {kind}", StanzaPath(f"iq@type={kind}"),
                                             self._iq_reply))
        client.add_event_handler("message_error", self._error)
        client.add_event_handler("session_start", self._started)
        client.add_event_handler("message", self._message)
        client.register_handler(Callback("desk events", StanzaPath("message"),
                                         self._desk_event))
        client.add_event_handler("presence", self._presence)
        client.add_event_handler("disconnected", self._disconnected)
        self.client = client
        client.connect("127.0.0.1", self.lab.xmpp_port)
        self.loop.run_forever()

    def received(self, text: str) -> dict[str, Any] | None:
        """The first message whose body has `text`: a test looks for its own message, not
        the first that came (the server may hand this account's session messages left for
        it offline by an earlier test)."""
        return next((m for m in self.messages if text in m["body"]), None)

    def _iq_reply(self, iq: Any) -> None:
        condition = str(iq["error"]["condition"]) if iq["type"] == "error" else ""
        self.iq_payloads[str(iq["id"])] = next(iter(iq.xml), None)
        self.iq_replies[str(iq["id"])] = (str(iq["type"]), condition)

    async def _register(self, _form: Any) -> None:
        assert self.client is not None
        iq = self.client.Iq()
        iq["type"] = "set"
        iq["register"]["username"] = self.client.boundjid.user
        iq["register"]["password"] = self.stranger_password
        with contextlib.suppress(IqError):  # already registered by an earlier test
            await iq.send(timeout=5)

    async def _started(self, _event: Any) -> None:
        assert self.client is not None
        await self.client.get_roster(timeout=10)
        self.client.send_presence()
        self._tell_desk()
        self.online.set()

    def _tell_desk(self) -> None:
        if self.desk_show is not None and self.client is not None:
            self.client.send_presence(pto=JID(self.desk), pshow=self.desk_show or None)

    def _desk_event(self, msg: Any) -> None:
        """The desk's events for the app come without a body (slixmpp's "message" event
        is for messages with one)."""
        for child in msg.xml:
            if child.tag.startswith("{urn:deskline:desk:1}") and not msg["body"]:
                self.desk_events.append((msg["from"].bare, child.tag.split("}")[1],
                                         dict(child.attrib)))

    def _error(self, msg: Any) -> None:
        texts = msg["error"].xml.findall("{urn:ietf:params:xml:ns:xmpp-stanzas}text")
        lang = "{http://www.w3.org/XML/1998/namespace}lang"
        self.error_texts.append({t.get(lang, str(msg["lang"] or "")): t.text or ""
                                 for t in texts})
        self.errors.append(str(msg["error"]["condition"]))

    def _message(self, msg: Any) -> None:
        if msg["body"]:
            self.messages.append({"id": msg["id"], "from": msg["from"].bare,
                                  "body": str(msg["body"]), "t": time.monotonic(),
                                  "reply_to": str(msg["reply"]["id"]),
                                  "reply_by": str(msg["reply"]["to"]),
                                  "nick": str(msg["nick"]["nick"] or ""),
                                  "form": msg.xml.find("{jabber:x:data}x") is not None,
                                  # the desk's own elements: name -> attributes
                                  "desk": {c.tag.split("}")[1]: dict(c.attrib) for c in msg.xml
                                           if c.tag.startswith("{urn:deskline:desk:1}")},
                                  "lang": str(msg["lang"] or ""),
                                  "oob": msg.xml.findtext(
                                      "{jabber:x:oob}x/{jabber:x:oob}url") or "",
                                  "bodies": dict(msg["body|*"]), "xml": str(msg)})
            if self.echo:
                msg.reply(str(msg["body"])).send()

    def _presence(self, presence: Any) -> None:
        if presence["from"].bare == self.desk and presence["type"] != "unavailable":
            self._tell_desk()
        self.presences.append({"from": presence["from"].bare, "type": presence["type"],
                               "show": presence["show"], "status": presence["status"]})

    def _disconnected(self, _reason: Any) -> None:
        self.online.clear()
        if self.reconnect and self.client is not None:
            self.loop.call_later(0.5, self.client.connect, "127.0.0.1", self.lab.xmpp_port)

    def call(self, fn: Any, *args: Any) -> None:
        self.loop.call_soon_threadsafe(fn, *args)

    def send(self, to: str, body: str, stanza_id: str = "") -> None:
        def go() -> None:
            assert self.client is not None
            msg = self.client.make_message(mto=JID(to), mbody=body, mtype="chat")
            if stanza_id:
                msg["id"] = stanza_id
            msg["request_receipt"] = True
            msg.send()
        self.call(go)

    def publish_avatar(self, png: bytes, timeout: float = 10) -> None:
        """A photo as newer clients publish it (XEP-0084 data + metadata), with no new
        presence hash (XEP-0153) after it: what Gajim does."""
        async def go() -> None:
            assert self.client is not None
            avatar = self.client.plugin["xep_0084"]
            await avatar.publish_avatar(png, timeout=5)
            meta: Any = {"id": avatar.generate_id(png), "type": "image/png",
                         "bytes": str(len(png)), "width": "64", "height": "64"}
            await avatar.publish_avatar_metadata([meta], timeout=5)
        asyncio.run_coroutine_threadsafe(go(), self.loop).result(timeout)

    def publish_card(self, card: Profile, timeout: float = 10) -> None:
        """Its own vCard, whatever it claims (anyone can publish anything on their card)."""
        async def go() -> None:
            assert self.client is not None
            await self.client.plugin["xep_0054"].publish_vcard(to_vcard(card), timeout=5)
        asyncio.run_coroutine_threadsafe(go(), self.loop).result(timeout)

    def upload(self, data: bytes, name: str, content_type: str) -> str:
        """A file to our chat server's file service (XEP-0363) as any client uploads it;
        its link."""
        async def go() -> str:
            assert self.client is not None
            upload = self.client.plugin["xep_0363"]
            info = await upload.find_upload_service(timeout=10)
            slot = (await upload.request_slot(info["from"], name, len(data), content_type,
                                              timeout=10))["http_upload_slot"]
            tls = ssl.create_default_context(cafile=self.lab.ca_file)
            headers = {"Content-Type": content_type,
                       **{h["name"]: h["value"] for h in slot["put"]["headers"]}}
            async with aiohttp.ClientSession() as http, \
                    http.put(slot["put"]["url"], data=data, headers=headers, ssl=tls) as put:
                assert put.status < 300, put.status
            return str(slot["get"]["url"])
        return asyncio.run_coroutine_threadsafe(go(), self.loop).result(30)

    def download(self, url: str) -> bytes:
        async def go() -> bytes:
            tls = ssl.create_default_context(cafile=self.lab.ca_file)
            async with aiohttp.ClientSession() as http, http.get(url, ssl=tls) as got:
                assert got.status == 200, got.status
                return await got.read()
        return asyncio.run_coroutine_threadsafe(go(), self.loop).result(30)

    def send_link(self, to: str, url: str) -> None:
        """A file's link as chat clients send it: the body and XEP-0066 alike."""
        self.send_raw(f"<message to='{to}' type='chat' id='f-{time.time_ns()}'><body>{url}"
                      f"</body><x xmlns='jabber:x:oob'><url>{url}</url></x></message>")

    def send_raw(self, xml: str) -> None:
        """A stanza exactly as given: what another client, or a hostile one, might send."""
        def go() -> None:
            assert self.client is not None
            self.client.send_raw(xml)
        self.call(go)

    def reply(self, to: str, body: str, reply_id: str, quote: str, stanza_id: str) -> None:
        def go() -> None:
            assert self.client is not None
            msg = self.client.plugin["xep_0461"].make_reply(
                JID(to), reply_id, fallback=quote, mto=JID(to), mbody=body, mtype="chat")
            msg["id"] = stanza_id
            msg.send()
        self.call(go)

    def chat_state(self, to: str, state: str) -> None:
        def go() -> None:
            assert self.client is not None
            msg = self.client.make_message(mto=JID(to), mtype="chat")
            msg["chat_state"] = state
            msg.send()
        self.call(go)

    def tell_desk(self, show: str) -> None:
        """The specialist's status changes, as the app tells the desk."""
        self.desk_show = show
        self.call(self._tell_desk)

    def presence(self, show: str = "", status: str = "", unavailable: bool = False) -> None:
        def go() -> None:
            assert self.client is not None
            if unavailable:
                self.client.send_presence(ptype="unavailable")
            else:
                self.client.send_presence(pshow=show or None, pstatus=status or None)
        self.call(go)

    def add_roster_items(self, items: list[tuple[str, str]], timeout: float = 60) -> None:
        """Puts (jid, name) items on this account's roster on the server, and waits."""
        done = threading.Event()

        async def add() -> None:
            assert self.client is not None
            for start in range(0, len(items), 50):  # a window, not a thousand IQs at once
                await asyncio.gather(*(self.client.update_roster(JID(jid), name=name,
                                                                 timeout=30)
                                       for jid, name in items[start:start + 50]))
            done.set()
        self.call(lambda: asyncio.ensure_future(add()))
        if not done.wait(timeout):
            raise AssertionError("the roster was not stored in time")

    def vanish(self) -> None:
        """As kill -9 would: the connection cut without a goodbye. With stream management
        the server keeps the session "available" for its hibernation time."""
        self.reconnect = False
        done = threading.Event()

        def cut() -> None:
            assert self.client is not None
            if self.client.transport is not None:
                self.client.transport.abort()
            done.set()
        self.call(cut)
        done.wait(10)  # cut when this returns

    def close(self) -> None:
        self.reconnect = False
        end_client(self.loop, self.thread, self.client, self._forget)

    def _forget(self) -> None:
        self.client = None

    def __enter__(self) -> XmppPeer:
        return self

    def __exit__(self, *exc: object | TracebackType) -> None:
        self.close()
