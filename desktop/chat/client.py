"""The XMPP adapter: slixmpp in its own thread and asyncio loop.

It only translates slixmpp events into calls on a sink, marshalled to the GUI thread. No
widget and no GUI-thread state is touched here.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from slixmpp import JID, ClientXMPP
from slixmpp.exceptions import IqError, IqTimeout

from desktop.bus import ChatMessage, ContactInfo, LinkProblem, LinkState, Status
from desktop.chat.account import XmppAccount
from desktop.chat.vcard import from_vcard, to_vcard
from desktop.gui_thread import GuiThread, assert_gui_thread
from desktop.values import Profile, ProfileProblem

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 10.0
ACK_REQUEST_S = 0.05
BACKOFF_S = (1.0, 2.0, 4.0, 8.0, 15.0, 30.0)
# Contacts' cards (vCards): a small roster is fetched at once; a big one as the contacts
# come into view (want_profiles), the rest trickling in afterwards for the phone book.
EAGER_PROFILES = 50
TRICKLE_AFTER_S = 5.0
TRICKLE_PER_S = 10


# XMPP presence <-> the statuses the specialist sees (STYLE.md section 3).
SHOW_OF = {Status.ONLINE: "", Status.BUSY: "dnd", Status.AWAY: "away"}
STATUS_OF = {"": Status.ONLINE, "chat": Status.ONLINE, "dnd": Status.BUSY,
             "away": Status.AWAY, "xa": Status.AWAY}


class ChatSink(Protocol):
    """What the adapter reports; implemented by the GUI-thread service."""

    def on_link(self, state: LinkState, problem: LinkProblem | None) -> None: ...
    def on_own_profile(self, profile: Profile) -> None: ...
    def on_contacts(self, contacts: list[ContactInfo]) -> None: ...
    def on_presence(self, jid: str, status: Status, text: str) -> None: ...
    def on_message(self, message: ChatMessage) -> None: ...
    def on_acked(self, stanza_id: str) -> None: ...
    def on_receipt(self, peer: str, stanza_id: str) -> None: ...
    def on_session(self, resent: frozenset[str]) -> None: ...
    def on_profile(self, jid: str, profile: Profile) -> None: ...
    def on_profile_published(self, problem: ProfileProblem | None) -> None: ...
    def on_typing(self, jid: str, typing: bool) -> None: ...
    def on_history(self, peer: str, messages: list[ChatMessage], oldest_id: str) -> None: ...


class _Client(ClientXMPP):
    def __init__(self, account: XmppAccount) -> None:
        super().__init__(account.jid, account.password)
        if account.ca_file:
            self.ca_certs = Path(account.ca_file)
        self.enable_plaintext = False  # TLS or nothing
        self.enable_direct_tls = False
        for plugin in ("xep_0030", "xep_0054", "xep_0199", "xep_0085", "xep_0203", "xep_0359",
                       "xep_0153", "xep_0084", "xep_0428", "xep_0461", "xep_0059",
                       "xep_0313"):
            self.register_plugin(plugin)
        self.register_plugin("xep_0198")
        self.register_plugin("xep_0184", pconfig={"auto_ack": True, "auto_request": True})


class XmppWorker:
    """Owns the protocol thread; start() and stop() are called from the GUI thread."""

    def __init__(self, account: XmppAccount, sink: ChatSink, gui: GuiThread) -> None:
        self.account = account
        self.sink = sink
        self.gui = gui
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self._run, name="xmpp", daemon=True)
        self.client: _Client | None = None
        self._stopping = False
        self._fatal = False
        self.status = Status.ONLINE
        self.status_text = ""
        self._profiles_asked: set[str] = set()
        self._profiles_later: list[str] = []  # not asked yet, for the trickle
        self._trickle: asyncio.TimerHandle | None = None
        self._ack_timer: asyncio.TimerHandle | None = None
        self._photo_hashes: dict[str, str] = {}
        self._tasks: set[asyncio.Future[None]] = set()
        self._attempt = 0
        self._detached = False

    # --- GUI thread -----------------------------------------------------------------------
    def start(self) -> None:
        self.thread.start()

    def stop(self, wait: float = 0.0) -> None:
        """Detaches at once (nothing more reaches the sink) and closes the connection in the
        protocol thread; `wait` > 0 joins it, for quitting, so the server hears us leave."""
        assert_gui_thread()
        self._detached = True
        if not self.thread.is_alive():
            return
        self.loop.call_soon_threadsafe(self._shutdown)
        if wait:
            self.thread.join(wait)

    def _deliver(self, fn: Callable[..., None], args: tuple[Any, ...]) -> None:
        if not self._detached:  # a stopped worker's last events are for nobody
            fn(*args)

    # --- protocol thread -------------------------------------------------------------------
    def _tell(self, fn: Callable[..., None], *args: Any) -> None:
        """Calls the sink in the GUI thread, unless this worker was stopped by then."""
        self.gui.call(self._deliver, fn, args)

    def _report(self, state: LinkState, problem: LinkProblem | None = None) -> None:
        self._tell(self.sink.on_link, state, problem)

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.client = client = _Client(self.account)
        client.add_event_handler("connecting", self._on_connecting)
        client.add_event_handler("session_start", self._on_session_start)
        client.add_event_handler("session_resumed", self._on_session_resumed)
        client.add_event_handler("failed_auth", self._on_failed_auth)
        client.add_event_handler("connection_failed", self._on_connection_failed)
        client.add_event_handler("ssl_invalid_chain", self._on_bad_certificate)
        client.add_event_handler("disconnected", self._on_disconnected)
        client.add_event_handler("roster_update", self._on_roster)
        client.add_event_handler("presence", self._on_presence)
        client.add_event_handler("message", self._on_message)
        client.add_event_handler("receipt_received", self._on_receipt)
        client.add_event_handler("stanza_acked", self._on_acked)
        client.add_event_handler("vcard_avatar_update", self._on_avatar_update)
        client.add_event_handler("chatstate", self._on_chat_state)
        self._connect()
        self.loop.run_forever()
        self._close_loop()

    def _close_loop(self) -> None:
        pending = asyncio.all_tasks(self.loop)
        for task in pending:
            task.cancel()
        self.loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        # slixmpp's __del__ schedules on its loop: collect the client while the loop is open.
        self.client = None
        gc.collect()
        self.loop.close()

    def _connect(self) -> None:
        assert self.client is not None
        attempt = self.client.connect(self.account.host or None,
                                      self.account.port if self.account.host else None)
        self.loop.call_later(CONNECT_TIMEOUT_S, self._check_connected, attempt)

    def _check_connected(self, attempt: asyncio.Future[Any]) -> None:
        if not attempt.done() and not self._stopping:
            self._report(LinkState.FAILED, LinkProblem.NO_ANSWER)

    def _on_connecting(self, _event: Any) -> None:
        self._report(LinkState.CONNECTING)

    async def _on_session_start(self, _event: Any) -> None:
        assert self.client is not None
        self._attempt = 0
        self._send_presence()
        self._report(LinkState.ONLINE)
        self._tell(self.sink.on_session, frozenset())
        try:
            await self.client.get_roster(timeout=10)
            own = JID(self.client.boundjid.bare)
            iq = await self.client.plugin["xep_0054"].get_vcard(own, timeout=10)
            self._tell(self.sink.on_own_profile, from_vcard(iq["vcard_temp"]))
        except (IqError, IqTimeout) as exc:
            log.warning("own profile not loaded: %s", exc)

    def _on_session_resumed(self, _event: Any) -> None:
        """The server kept our session through the drop (XEP-0198): roster, presence and
        what was sent to us meanwhile come back without a new login. slixmpp resends what
        the server had not confirmed; the rest of the outbox goes out now."""
        assert self.client is not None
        self._attempt = 0
        resent = frozenset(str(stanza["id"]) for _seq, stanza in
                           self.client.plugin["xep_0198"].unacked_queue)
        self._send_presence()  # the status may have been changed while we were away
        self._report(LinkState.ONLINE)
        self._tell(self.sink.on_session, resent)
        self._ask_for_acks()

    # --- roster, presence, messages --------------------------------------------------------
    def _on_roster(self, _iq: Any) -> None:
        assert self.client is not None
        roster = self.client.client_roster
        contacts = [ContactInfo(str(jid), roster[jid]["name"] or str(jid), Status.OFFLINE,
                                groups=tuple(roster[jid]["groups"]))
                    for jid in roster if str(jid) != self.client.boundjid.bare]
        self._tell(self.sink.on_contacts, contacts)
        unasked = [c.jid for c in contacts if c.jid not in self._profiles_asked]
        if len(contacts) <= EAGER_PROFILES:
            self._ask_profiles(unasked)
            return
        self._profiles_later = unasked
        if self._trickle is None:
            self._trickle = self.loop.call_later(TRICKLE_AFTER_S, self._trickle_profiles)

    def want_profiles(self, jids: list[str]) -> None:
        """The cards of these contacts are wanted now (they came into view)."""
        self.loop.call_soon_threadsafe(self._ask_profiles, jids)

    def _ask_profiles(self, jids: list[str]) -> None:
        for jid in jids:
            if jid not in self._profiles_asked:
                self._profiles_asked.add(jid)
                self._spawn(self._fetch_profile(jid))

    def _trickle_profiles(self) -> None:
        self._trickle = None
        batch, self._profiles_later = (self._profiles_later[:TRICKLE_PER_S],
                                       self._profiles_later[TRICKLE_PER_S:])
        self._ask_profiles(batch)
        if self._profiles_later:
            self._trickle = self.loop.call_later(1.0, self._trickle_profiles)

    async def _fetch_profile(self, jid: str) -> None:
        assert self.client is not None
        try:
            iq = await self.client.plugin["xep_0054"].get_vcard(JID(jid), timeout=10)
        except (IqError, IqTimeout) as exc:
            log.info("no profile for %s: %s", jid, exc)
            return
        self._tell(self.sink.on_profile, jid, from_vcard(iq["vcard_temp"]))

    def _on_presence(self, presence: Any) -> None:
        kind = presence["type"]
        if kind not in ("available", "unavailable", "dnd", "away", "xa", "chat"):
            return  # subscriptions and errors are not a status
        jid = presence["from"].bare
        assert self.client is not None
        if jid == self.client.boundjid.bare:
            return
        status = (Status.OFFLINE if kind == "unavailable"
                  else STATUS_OF.get(presence["show"], Status.ONLINE))
        self._tell(self.sink.on_presence, jid, status, str(presence["status"]))

    def _on_message(self, msg: Any) -> None:
        if msg["type"] not in ("chat", "normal") or not msg["body"]:
            return
        stamp = msg["delay"]["stamp"] if msg["delay"]["stamp"] else None
        sent_at = stamp.timestamp() if stamp else time.time()
        stanza_id = msg["id"] or f"in-{sent_at}"
        reply_to, quote, body = "", "", str(msg["body"])
        if msg["reply"]["id"]:  # XEP-0461: the quote travels as a marked fallback
            reply_to = str(msg["reply"]["id"])
            fallback = msg["reply"].get_fallback_body()
            quote = "\n".join(line.removeprefix(">").strip()
                              for line in fallback.splitlines())
            body = msg["reply"].strip_fallback_content()
        self._tell(self.sink.on_message, ChatMessage(
            stanza_id, msg["from"].bare, False, body, sent_at, reply_to=reply_to, quote=quote))

    def _on_avatar_update(self, presence: Any) -> None:
        """A contact's photo hash changed (XEP-0153): fetch their vCard again."""
        jid, photo = presence["from"].bare, str(presence["vcard_temp_update"]["photo"])
        assert self.client is not None
        if jid == self.client.boundjid.bare or self._photo_hashes.get(jid) == photo:
            return
        self._photo_hashes[jid] = photo
        if jid in self._profiles_asked:  # a card we have (or asked for) changed
            self._spawn(self._fetch_profile(jid))

    def _spawn(self, coro: Any) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)  # a reference, or the task may be collected mid-way
        task.add_done_callback(self._tasks.discard)

    def _on_chat_state(self, msg: Any) -> None:
        self._tell(self.sink.on_typing, msg["from"].bare, msg["chat_state"] == "composing")

    def fetch_history(self, peer: str, before_id: str, count: int) -> None:
        """The server's archive (MAM) for one conversation: the `count` messages before the
        archive id `before_id` ("" for the newest)."""
        self.loop.call_soon_threadsafe(
            lambda: self._spawn(self._fetch_history(peer, before_id, count)))

    async def _fetch_history(self, peer: str, before_id: str, count: int) -> None:
        client = self.client
        if client is None or not client.is_connected():
            return
        mam = client.plugin["xep_0313"]
        try:
            if before_id:  # an older page: archive ids page exactly (stamps are whole seconds)
                iq = await mam.retrieve(with_jid=JID(peer), rsm={"before": before_id,
                                                                  "max": count}, timeout=10)
                results = list(iq["mam"]["results"])
            else:  # the newest page: slixmpp's reverse iterator asks for the last one
                results = [r async for r in mam.iterate(with_jid=JID(peer), reverse=True,
                                                        rsm={"max": count}, total=count)]
                results.reverse()  # it answers newest first
        except (IqError, IqTimeout) as exc:
            log.info("no archive for %s: %s", peer, exc)
            return
        own = client.boundjid.bare
        found: list[ChatMessage] = []
        for result in results:  # oldest first
            forwarded = result["mam_result"]["forwarded"]
            msg, stamp = forwarded["stanza"], forwarded["delay"]["stamp"]
            if msg["body"]:
                stanza_id = msg["origin_id"]["id"] or msg["id"] or result["mam_result"]["id"]
                found.append(ChatMessage(str(stanza_id), peer, msg["from"].bare == own,
                                         str(msg["body"]),
                                         stamp.timestamp() if stamp else time.time()))
        oldest = str(results[0]["mam_result"]["id"]) if results else before_id
        self._tell(self.sink.on_history, peer, found, oldest)

    def send_typing(self, peer: str, typing: bool) -> None:
        def go() -> None:
            client = self.client
            if client is not None and client.is_connected():
                msg = client.make_message(mto=JID(peer), mtype="chat")
                msg["chat_state"] = "composing" if typing else "paused"
                msg["no-store"] = True
                msg.send()
        self.loop.call_soon_threadsafe(go)

    def _on_receipt(self, msg: Any) -> None:
        self._tell(self.sink.on_receipt, msg["from"].bare, str(msg["receipt"]))

    def _on_acked(self, stanza: Any) -> None:
        if stanza.name == "message" and stanza["id"]:
            self._tell(self.sink.on_acked, str(stanza["id"]))

    # --- commands from the GUI thread ------------------------------------------------------
    def send_message(self, peer: str, stanza_id: str, body: str, reply_to: str = "",
                     quote: str = "") -> None:
        self.loop.call_soon_threadsafe(self._send_message, peer, stanza_id, body, reply_to,
                                       quote)

    def publish_profile(self, profile: Profile) -> None:
        self.loop.call_soon_threadsafe(lambda: self._spawn(self._publish_profile(profile)))

    async def _publish_profile(self, profile: Profile) -> None:
        client = self.client
        if client is None or not client.is_connected():
            self._tell(self.sink.on_profile_published, ProfileProblem.NOT_CONNECTED)
            return
        try:
            await client.plugin["xep_0054"].publish_vcard(to_vcard(profile), timeout=10)
            if profile.photo:  # XEP-0084 for newer clients; the vCard PHOTO for the rest
                avatar = client.plugin["xep_0084"]
                await avatar.publish_avatar(profile.photo, timeout=10)
                # Numbers as strings: slixmpp 1.17 writes ints it is given into XML badly
                # (DESIGN.md section 3), whatever its type hints say.
                meta: Any = {"id": avatar.generate_id(profile.photo), "type": "image/png",
                             "bytes": str(len(profile.photo)), "width": "256", "height": "256"}
                await avatar.publish_avatar_metadata([meta], timeout=10)
            await client.plugin["xep_0153"].api["reset_hash"](  # type: ignore[call-arg]
                client.boundjid)
            self._send_presence()  # with the new photo hash: contacts fetch the new card
        except (IqError, IqTimeout) as exc:
            log.warning("profile not published: %s", exc)
            self._tell(self.sink.on_profile_published, ProfileProblem.SERVER_REFUSED)
            return
        self._tell(self.sink.on_own_profile, profile)
        self._tell(self.sink.on_profile_published, None)

    def set_status(self, status: Status, text: str) -> None:
        self.loop.call_soon_threadsafe(self._set_status, status, text)

    def _send_message(self, peer: str, stanza_id: str, body: str, reply_to: str,
                      quote: str) -> None:
        client = self.client
        if client is None or not client.is_connected():
            return  # still in the outbox: it goes out with the next session
        msg = client.make_message(mto=JID(peer), mbody=body, mtype="chat")
        if reply_to:  # XEP-0461 reply with the quote as "> " lines for other clients
            msg["reply"]["to"] = JID(peer)
            msg["reply"]["id"] = reply_to
            msg["reply"].add_quoted_fallback(quote)
        msg["id"] = stanza_id
        msg["origin_id"]["id"] = stanza_id
        msg["chat_state"] = "active"  # ends our "typing…" on the other side
        msg.send()
        self._ask_for_acks()

    def _ask_for_acks(self) -> None:
        """The message leaves the outbox only when the server confirms it (XEP-0198). The
        stanza goes out through slixmpp's async filters, after its own ack request: ask
        again shortly, until nothing we sent is unconfirmed."""
        if self._ack_timer is not None or self.client is None:
            return

        def ask() -> None:
            self._ack_timer = None
            sm = self.client.plugin["xep_0198"] if self.client is not None else None
            if sm is not None and sm.enabled_out and sm.unacked_queue \
                    and self.client is not None and self.client.is_connected():
                sm.request_ack()  # type: ignore[no-untyped-call]
                self._ask_for_acks()

        self._ack_timer = self.loop.call_later(ACK_REQUEST_S, ask)

    def _set_status(self, status: Status, text: str) -> None:
        self.status, self.status_text = status, text
        if self.client is not None and self.client.is_connected():
            self._send_presence()

    def _send_presence(self) -> None:
        assert self.client is not None
        if self.status is Status.OFFLINE:
            self.client.send_presence(ptype="unavailable")
        else:
            # `pfrom`: slixmpp's XEP-0153 filter looks our photo hash up by the sender.
            self.client.send_presence(pshow=SHOW_OF[self.status] or None,
                                      pstatus=self.status_text or None,
                                      pfrom=self.client.boundjid)

    def _on_failed_auth(self, _event: Any) -> None:
        # Retrying a wrong password only locks the account: stop until the user fixes it.
        self._fatal = True
        self._report(LinkState.FAILED, LinkProblem.WRONG_PASSWORD)
        assert self.client is not None
        self.client.disconnect(wait=0)

    def _on_connection_failed(self, error: Any) -> None:
        log.info("chat connection failed: %s", error)
        self._report(LinkState.FAILED, LinkProblem.UNREACHABLE)

    def _on_bad_certificate(self, _error: Any) -> None:
        self._fatal = True
        self._report(LinkState.FAILED, LinkProblem.UNTRUSTED_CERTIFICATE)
        assert self.client is not None
        self.client.disconnect(wait=0)

    def _on_disconnected(self, _reason: Any) -> None:
        if self._stopping:
            self.loop.stop()
            return
        if self._fatal:
            return
        delay = BACKOFF_S[min(self._attempt, len(BACKOFF_S) - 1)]
        self._attempt += 1
        self._report(LinkState.CONNECTING, LinkProblem.CONNECTION_LOST)
        self.loop.call_later(delay, self._connect)

    def _shutdown(self) -> None:
        self._stopping = True
        client = self.client
        if client is None or client.transport is None:
            self.loop.stop()
            return
        try:
            client.disconnect(wait=1)
        except (OSError, RuntimeError) as exc:  # a transport already half gone
            log.info("chat disconnect: %s", exc)
        self.loop.call_later(2.0, self.loop.stop)  # the server may not close its side
