"""The client's side of a remote session on the chat connection (PROTOCOL.md, "Remote
assistance"): a line of a desk we trust asks for our screen; our answer goes back to it
(with the screen's one-time password); allowed, the bridge to the desk's relay runs in this
thread's loop, and who joins or leaves is told to the GUI thread. Requests from anyone else
are not shown: a stranger must not be able to ask for a screen in a desk's name."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from slixmpp import JID
from slixmpp.exceptions import IqError, IqTimeout
from slixmpp.xmlstream import ET
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import StanzaPath

from desktop.chat.xmpp.core import Feature
from desktop.chat.xmpp.desk import desk_of
from desktop.remote.bridge import start_bridge
from desktop.remote.request import RemoteRequest, RemoteSink

log = logging.getLogger(__name__)
NS = "urn:deskline:desk:1"
ANSWER_S = 15.0


class RemoteShareFeature(Feature):
    sink: RemoteSink | None = None
    trusted: frozenset[str] = frozenset()  # other desks' lines we are a client of
    bridge: asyncio.Task[None] | None = None

    def report_to(self, sink: RemoteSink, trusted: frozenset[str]) -> None:
        """From the GUI thread, before the worker starts."""
        self.sink = sink
        self.trusted = trusted

    def register(self, client: Any) -> None:
        client.register_handler(Callback("remote request", StanzaPath("message"),
                                         self._on_message))

    # --- from the GUI thread --------------------------------------------------------------
    def answer(self, request: RemoteRequest, allow: bool, password: str,
               reason: str = "") -> None:
        """Our answer; declined because we cannot share, `reason` says why (wayland, …)."""
        self.core.soon(lambda: self.core.spawn(self._answer(request, allow, password,
                                                            reason)))

    def share(self, session: str, relay: str, token: str, vnc_port: int,
              ca_file: str) -> None:
        self.core.soon(self._share, session, relay, token, vnc_port, ca_file)

    def stop(self, request: RemoteRequest) -> None:
        self.core.soon(lambda: self.core.spawn(self._stop(request)))

    def control_answer(self, request: RemoteRequest, who: str, allow: bool) -> None:
        """Control given to `who`, or taken back (or refused): the desk tells them."""
        self.core.soon(lambda: self.core.spawn(self._tell(request, "remote-control-answer", {
            "session": request.session, "who": who, "allow": "true" if allow else "false"})))

    # --- protocol thread ------------------------------------------------------------------
    def _on_message(self, msg: Any) -> None:
        found = msg.xml.find(f"{{{NS}}}remote-request")
        control = msg.xml.find(f"{{{NS}}}remote-control-request")
        if (found is None and control is None) or msg["type"] == "error" or self.sink is None:
            return
        sender = msg["from"].bare
        domain = sender.partition("@")[2]
        if domain != desk_of(self.core.own_jid) and sender not in self.trusted and \
                domain not in self.trusted:
            log.warning("a remote session request from %s, no desk of ours: not shown",
                        sender[:100])
            return
        if control is not None:
            self.core.tell(self.sink.on_control_request, control.get("session", "")[:64],
                           control.get("who", "")[:256], control.get("specialist", "")[:64])
            return
        assert found is not None
        try:
            appeal = int(found.get("appeal", ""))
        except ValueError:
            return
        self.core.tell(self.sink.on_request, RemoteRequest(
            sender, found.get("session", "")[:64], appeal, found.get("specialist", "")[:64],
            found.get("line-name", "")[:64]))

    async def _answer(self, request: RemoteRequest, allow: bool, password: str,
                      reason: str) -> None:
        client = self.core.connected()
        if client is None or self.sink is None:
            return
        iq = client.make_iq_set(ito=JID(request.line))
        iq.append(ET.Element(f"{{{NS}}}remote-answer", {
            "session": request.session, "allow": "true" if allow else "false",
            **({"password": password} if allow else {}),
            **({"reason": reason} if reason else {})}))
        try:
            result = await iq.send(timeout=ANSWER_S)  # type: ignore[no-untyped-call]
        except IqError as exc:
            self.core.tell(self.sink.on_refused, request.session,
                           str(exc.iq["error"]["text"] or exc.iq["error"]["condition"]))
            return
        except IqTimeout:
            self.core.tell(self.sink.on_refused, request.session, "")
            return
        found = result.xml.find(f"{{{NS}}}remote-answer")
        if allow and found is not None:
            self.core.tell(self.sink.on_answered, request.session, found.get("relay", ""),
                           found.get("token", ""))

    def _share(self, session: str, relay: str, token: str, vnc_port: int,
               ca_file: str) -> None:
        sink = self.sink
        if sink is None:
            return
        self.bridge = start_bridge(
            relay, token, vnc_port, ca_file,
            lambda v, joined: self.core.tell(sink.on_viewer, session, v.who, joined,
                                             v.local_port),
            lambda: self.core.tell(sink.on_over, session))

    async def _stop(self, request: RemoteRequest) -> None:
        if self.bridge is not None:
            self.bridge.cancel()
        await self._tell(request, "remote-stop", {"session": request.session})

    async def _tell(self, request: RemoteRequest, name: str, attrs: dict[str, str]) -> None:
        client = self.core.connected()
        if client is None:
            return
        iq = client.make_iq_set(ito=JID(request.line))
        iq.append(ET.Element(f"{{{NS}}}{name}", attrs))
        try:
            await iq.send(timeout=ANSWER_S)  # type: ignore[no-untyped-call]
        except (IqError, IqTimeout):
            log.info("the desk did not take our %s (the session ends with our bridge)", name)
