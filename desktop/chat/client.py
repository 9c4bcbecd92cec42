"""The XMPP adapter: slixmpp in its own thread and asyncio loop.

It only translates slixmpp events into calls on a sink, marshalled to the GUI thread. No
widget and no GUI-thread state is touched here.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import threading
from pathlib import Path
from typing import Any, Protocol

from slixmpp import JID, ClientXMPP
from slixmpp.exceptions import IqError, IqTimeout

from desktop.bus import LinkState
from desktop.chat.account import XmppAccount
from desktop.chat.models import Profile
from desktop.chat.vcard import from_vcard
from desktop.gui_thread import GuiThread

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 10.0
BACKOFF_S = (1.0, 2.0, 4.0, 8.0, 15.0, 30.0)


class ChatSink(Protocol):
    """What the adapter reports; implemented by the GUI-thread service."""

    def on_link(self, state: LinkState, reason: str) -> None: ...
    def on_own_profile(self, profile: Profile) -> None: ...


class _Client(ClientXMPP):
    def __init__(self, account: XmppAccount) -> None:
        super().__init__(account.jid, account.password)
        if account.ca_file:
            self.ca_certs = Path(account.ca_file)
        self.enable_plaintext = False  # TLS or nothing
        self.enable_direct_tls = False
        for plugin in ("xep_0030", "xep_0054", "xep_0199"):
            self.register_plugin(plugin)


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
        self._attempt = 0

    # --- GUI thread -----------------------------------------------------------------------
    def start(self) -> None:
        self.thread.start()

    def stop(self, timeout: float = 3.0) -> None:
        if not self.thread.is_alive():
            return
        self.loop.call_soon_threadsafe(self._shutdown)
        self.thread.join(timeout)

    # --- protocol thread -------------------------------------------------------------------
    def _report(self, state: LinkState, reason: str = "") -> None:
        self.gui.call(self.sink.on_link, state, reason)

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.client = client = _Client(self.account)
        client.add_event_handler("connecting", self._on_connecting)
        client.add_event_handler("session_start", self._on_session_start)
        client.add_event_handler("failed_auth", self._on_failed_auth)
        client.add_event_handler("connection_failed", self._on_connection_failed)
        client.add_event_handler("ssl_invalid_chain", self._on_bad_certificate)
        client.add_event_handler("disconnected", self._on_disconnected)
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
            self._report(LinkState.FAILED, "The chat server does not answer.")

    def _on_connecting(self, _event: Any) -> None:
        self._report(LinkState.CONNECTING)

    async def _on_session_start(self, _event: Any) -> None:
        assert self.client is not None
        self._attempt = 0
        self.client.send_presence()
        self._report(LinkState.ONLINE)
        try:
            await self.client.get_roster(timeout=10)
            own = JID(self.client.boundjid.bare)
            iq = await self.client.plugin["xep_0054"].get_vcard(own, timeout=10)
            self.gui.call(self.sink.on_own_profile, from_vcard(iq["vcard_temp"]))
        except (IqError, IqTimeout) as exc:
            log.warning("own profile not loaded: %s", exc)

    def _on_failed_auth(self, _event: Any) -> None:
        # Retrying a wrong password only locks the account: stop until the user fixes it.
        self._fatal = True
        self._report(LinkState.FAILED, "Wrong user name or password.")
        assert self.client is not None
        self.client.disconnect(wait=0)

    def _on_connection_failed(self, error: Any) -> None:
        log.info("chat connection failed: %s", error)
        self._report(LinkState.FAILED, "The chat server cannot be reached; retrying.")

    def _on_bad_certificate(self, _error: Any) -> None:
        self._fatal = True
        self._report(LinkState.FAILED, "The chat server's certificate is not trusted.")
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
        self._report(LinkState.CONNECTING, "Connection lost; reconnecting.")
        self.loop.call_later(delay, self._connect)

    def _shutdown(self) -> None:
        self._stopping = True
        client = self.client
        if client is None or client.transport is None:
            self.loop.stop()
            return
        with contextlib.suppress(Exception):
            client.disconnect(wait=1)
        self.loop.call_later(2.0, self.loop.stop)  # the server may not close its side
