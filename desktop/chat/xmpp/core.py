"""The XMPP connection core: slixmpp in its own thread and asyncio loop.

It connects (TLS verified, timeout, backoff), keeps the stream (XEP-0198), sends our own
presence, and hands the session to its features (roster.py, messages.py, archive.py,
profiles.py, chat_states.py), each of which registers its own slixmpp handlers and knows
nothing of the others. Events go to the sink in the GUI thread; no widget and no GUI-thread
state is touched here.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import threading
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, Protocol, TypeVar

from slixmpp import ClientXMPP

from desktop.bus import ChatMessage, ContactInfo, LinkProblem, LinkState, Status
from desktop.chat.account import XmppAccount
from desktop.gui_thread import GuiThread, assert_gui_thread
from desktop.values import Profile, ProfileProblem

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 10.0
BACKOFF_S = (1.0, 2.0, 4.0, 8.0, 15.0, 30.0)
CORE_PLUGINS = ("xep_0030", "xep_0199", "xep_0198")  # disco, ping, stream management

# XMPP presence <-> the statuses the specialist sees (STYLE.md section 3).
SHOW_OF = {Status.ONLINE: "", Status.BUSY: "dnd", Status.AWAY: "away"}
STATUS_OF = {"": Status.ONLINE, "chat": Status.ONLINE, "dnd": Status.BUSY,
             "away": Status.AWAY, "xa": Status.AWAY}


class ChatSink(Protocol):
    """What the adapter reports; implemented by the GUI-thread services."""

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


class Feature:
    """One protocol feature. Its handlers run in the protocol thread; its public methods
    are called from the GUI thread and marshal themselves with core.soon()."""

    plugins: tuple[str | tuple[str, dict[str, Any]], ...] = ()  # slixmpp plugins it needs

    def __init__(self, core: XmppWorker) -> None:
        self.core = core

    def handlers(self) -> dict[str, Callable[[Any], Any]]:
        """slixmpp event name -> handler."""
        return {}

    def register(self, client: ClientXMPP) -> None:
        """Stanza handlers of its own, for what slixmpp raises no event for."""

    def presence_sent(self) -> None:
        """Our own presence just went out (a session began or the status changed)."""

    async def before_presence(self) -> None:
        """A new session, before our initial presence goes out (the roster is fetched here:
        RFC 6121 §2.2, so every presence that comes back lands on a known contact)."""

    def session_started(self) -> None:
        """A new session: the server knows nothing of the last one."""

    def session_resumed(self, resent: frozenset[str]) -> None:
        """The server kept our session (XEP-0198); `resent`: stanza ids slixmpp resends."""


F = TypeVar("F", bound=Feature)


class XmppWorker:
    """Owns the protocol thread; start() and stop() are called from the GUI thread."""

    def __init__(self, account: XmppAccount, sink: ChatSink, gui: GuiThread) -> None:
        self.account = account
        self.sink = sink
        self.gui = gui
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self._run, name="xmpp", daemon=True)
        self.client: ClientXMPP | None = None
        self.features: list[Feature] = []
        self.status = Status.ONLINE
        self.status_text = ""
        self._stopping = False
        self._fatal = False
        self._tasks: set[asyncio.Future[None]] = set()
        self._attempt = 0
        self._detached = False

    def add(self, feature: type[F]) -> F:
        """Adds a feature (before start())."""
        made = feature(self)
        self.features.append(made)
        return made

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

    def set_status(self, status: Status, text: str) -> None:
        self.soon(self._set_status, status, text)

    def soon(self, fn: Callable[..., None], *args: Any) -> None:
        """Runs fn in the protocol thread (from any thread)."""
        self.loop.call_soon_threadsafe(fn, *args)

    def _deliver(self, fn: Callable[..., None], args: tuple[Any, ...]) -> None:
        if not self._detached:  # a stopped worker's last events are for nobody
            fn(*args)

    # --- protocol thread: for the features ---------------------------------------------------
    def tell(self, fn: Callable[..., None], *args: Any) -> None:
        """Calls the sink in the GUI thread, unless this worker was stopped by then."""
        self.gui.call(self._deliver, fn, args)

    def spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)  # a reference, or the task may be collected mid-way
        task.add_done_callback(self._tasks.discard)

    def connected(self) -> ClientXMPP | None:
        """The client while a stream is up, else None."""
        client = self.client
        return client if client is not None and client.is_connected() else None

    @property
    def own_jid(self) -> str:
        return str(self.client.boundjid.bare) if self.client is not None else ""

    def send_presence(self) -> None:
        """Our own status (also after a new photo: the presence carries its hash)."""
        client = self.connected()
        if client is None:
            return
        if self.status is Status.OFFLINE:
            client.send_presence(ptype="unavailable")
        else:
            # `pfrom`: slixmpp's XEP-0153 filter looks our photo hash up by the sender.
            client.send_presence(pshow=SHOW_OF[self.status] or None,
                                 pstatus=self.status_text or None, pfrom=client.boundjid)
        for feature in self.features:
            feature.presence_sent()

    # --- protocol thread: the connection -----------------------------------------------------
    def _report(self, state: LinkState, problem: LinkProblem | None = None) -> None:
        self.tell(self.sink.on_link, state, problem)

    def _make_client(self) -> ClientXMPP:
        client = ClientXMPP(self.account.jid, self.account.password)
        if self.account.ca_file:
            client.ca_certs = Path(self.account.ca_file)
        client.enable_plaintext = False  # TLS or nothing
        client.enable_direct_tls = False
        plugins: dict[str, dict[str, Any] | None] = dict.fromkeys(CORE_PLUGINS)
        for feature in self.features:
            for plugin in feature.plugins:
                name, config = plugin if isinstance(plugin, tuple) else (plugin, None)
                plugins[name] = config
        for name, config in plugins.items():
            client.register_plugin(name, pconfig=config)
        own: tuple[tuple[str, Callable[[Any], Any]], ...] = (
            ("connecting", self._on_connecting), ("session_start", self._on_session_start),
            ("session_resumed", self._on_session_resumed),
            ("failed_auth", self._on_failed_auth),
            ("connection_failed", self._on_connection_failed),
            ("ssl_invalid_chain", self._on_bad_certificate),
            ("disconnected", self._on_disconnected))
        for event, handler in (*own, *(item for f in self.features
                                        for item in f.handlers().items())):
            client.add_event_handler(event, handler)
        for feature in self.features:
            feature.register(client)
        return client

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.client = self._make_client()
        self._connect()
        self.loop.run_forever()
        self._close_loop()

    def _close_loop(self) -> None:
        pending = asyncio.all_tasks(self.loop)
        for task in pending:
            task.cancel()
        self.loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        # slixmpp's __del__ schedules on its loop: collect the client while the loop is open
        # (cheap: the app froze what it had at start, gc.freeze).
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

    def _on_session_start(self, _event: Any) -> None:
        self._attempt = 0
        self.spawn(self._start_session())

    async def _start_session(self) -> None:
        for feature in self.features:
            await feature.before_presence()
        if self.connected() is None:
            return  # dropped meanwhile: the next session starts over
        self.send_presence()
        self._report(LinkState.ONLINE)
        for feature in self.features:
            feature.session_started()

    def _on_session_resumed(self, _event: Any) -> None:
        """The server kept our session through the drop (XEP-0198): roster, presence and
        what was sent to us meanwhile come back without a new login; slixmpp resends what
        the server had not confirmed."""
        assert self.client is not None
        self._attempt = 0
        resent = frozenset(str(stanza["id"]) for _seq, stanza in
                           self.client.plugin["xep_0198"].unacked_queue)
        self.send_presence()  # the status may have been changed while we were away
        self._report(LinkState.ONLINE)
        for feature in self.features:
            feature.session_resumed(resent)

    def _set_status(self, status: Status, text: str) -> None:
        self.status, self.status_text = status, text
        self.send_presence()

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
