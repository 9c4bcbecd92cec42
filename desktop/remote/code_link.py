"""`deskline assist` with a one-time code, for a client with no chat account in Deskline
(a caller, a Gajim user): it dials the desk's relay at /code, says the code, and then
carries what the chat would carry otherwise (supportdesk/remote/code_channel.py). The
share service uses it as it uses the chat's feature; its loop runs in a thread of its own,
and everything it hears goes to the GUI thread through GuiThread."""

from __future__ import annotations

import asyncio
import contextlib
import enum
import json
import logging
import ssl
import threading
from collections.abc import Callable
from typing import Any

import aiohttp

from desktop.gui_thread import GuiThread
from desktop.remote.bridge import start_bridge
from desktop.remote.request import RemoteRequest, RemoteSink
from supportdesk.protocol.remote_code import read_said

log = logging.getLogger(__name__)
CONNECT_S = 15.0


class CodeProblem(enum.Enum):
    UNREACHABLE = "unreachable"  # the relay's address did not answer (or its TLS failed)
    BAD_CODE = "bad-code"  # unknown, used, expired, or too many wrong tries from here
    OVER = "over"  # the channel closed: the session is over (or never began)


class CodeLink:
    def __init__(self, relay: str, code: str, ca_file: str, sink: RemoteSink, gui: GuiThread,
                 ended: Callable[[CodeProblem], None]) -> None:
        self.relay = relay.rstrip("/")
        self.code = code
        self.ca_file = ca_file
        self.sink = sink
        self.gui = gui
        self.ended = ended  # told in the GUI thread, once, when the channel is gone
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self._run, name="assist-code", daemon=True)
        self.ws: aiohttp.ClientWebSocketResponse | None = None
        self.bridge: asyncio.Task[None] | None = None
        self.requested = False
        self.session = ""
        self.main: asyncio.Task[None] | None = None

    def start(self) -> None:
        self.thread.start()

    def close(self, wait: float = 3.0) -> None:
        """The window closes: the channel and any bridge end."""
        if self.thread.is_alive():
            self.loop.call_soon_threadsafe(self._cancel_all)
            self.thread.join(wait)

    # --- the share service's actions (GUI thread) ------------------------------------------
    def answer(self, request: RemoteRequest, allow: bool, password: str,
               reason: str = "") -> None:
        self._say({"answer": {"allow": allow, **({"password": password} if allow else {}),
                              **({"reason": reason} if reason else {})}})

    def share(self, session: str, relay: str, token: str, vnc_port: int,
              ca_file: str) -> None:
        self.loop.call_soon_threadsafe(self._share, session, relay, token, vnc_port, ca_file)

    def stop(self, request: RemoteRequest) -> None:
        self.loop.call_soon_threadsafe(self._end_bridge)
        self._say({"stop": {}})

    def control_answer(self, request: RemoteRequest, who: str, allow: bool) -> None:
        self._say({"control-answer": {"who": who, "allow": allow}})

    # --- the link's thread -----------------------------------------------------------------
    def _say(self, what: dict[str, Any]) -> None:
        async def send() -> None:
            if self.ws is not None and not self.ws.closed:
                with contextlib.suppress(ConnectionError, RuntimeError):
                    await self.ws.send_str(json.dumps(what))
        self.loop.call_soon_threadsafe(lambda: self.loop.create_task(send()))

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.main = self.loop.create_task(self._talk())
        with contextlib.suppress(asyncio.CancelledError):
            self.loop.run_until_complete(self.main)
        pending = [t for t in asyncio.all_tasks(self.loop) if not t.done()]
        for task in pending:
            task.cancel()
        self.loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        self.loop.run_until_complete(asyncio.sleep(0.25))  # (TLS transports close)
        self.loop.close()

    def _cancel_all(self) -> None:
        self._end_bridge()
        if self.main is not None:
            self.main.cancel()

    async def _talk(self) -> None:
        problem = CodeProblem.OVER
        tls = ssl.create_default_context(cafile=self.ca_file or None)
        try:
            async with aiohttp.ClientSession() as http:
                try:
                    ws = await http.ws_connect(f"{self.relay}/code", ssl=tls, heartbeat=20.0,
                                               max_msg_size=4096,
                                               timeout=aiohttp.ClientWSTimeout(
                                                   ws_close=CONNECT_S))
                except (aiohttp.ClientError, OSError, TimeoutError) as exc:
                    log.info("assist: the relay did not answer: %s", exc)
                    problem = CodeProblem.UNREACHABLE
                    return
                self.ws = ws
                await ws.send_str(json.dumps({"code": self.code}))
                async for msg in ws:
                    if msg.type is not aiohttp.WSMsgType.TEXT:
                        break
                    said = read_said(msg.data)
                    if said is None:
                        continue
                    if said[0] == "refused":
                        problem = CodeProblem.BAD_CODE if not self.requested else problem
                        break
                    self._heard(*said)
        finally:
            self._end_bridge()
            self.gui.call(self.ended, problem)

    def _heard(self, name: str, attrs: dict[str, str]) -> None:
        log.info("assist: the desk says %s", name[:32])
        session = self.session
        if name == "request":
            try:
                appeal = int(attrs.get("appeal", ""))
            except ValueError:
                return
            self.requested = True
            self.session = session = attrs.get("session", "")[:64]
            self.gui.call(self.sink.on_request, RemoteRequest(
                attrs.get("line", "")[:256], session, appeal,
                attrs.get("specialist", "")[:64], attrs.get("line-name", "")[:64]))
        elif name == "answer":
            if "error" in attrs:
                self.gui.call(self.sink.on_refused, session, attrs.get("text", "")[:200])
            elif attrs.get("token"):
                self.gui.call(self.sink.on_answered, session, attrs.get("relay", ""),
                              attrs["token"])
        elif name == "control-request":
            self.gui.call(self.sink.on_control_request, session, attrs.get("who", "")[:256],
                          attrs.get("specialist", "")[:64])
        elif name == "over":
            self.gui.call(self.sink.on_over, session)

    def _share(self, session: str, relay: str, token: str, vnc_port: int,
               ca_file: str) -> None:
        self.bridge = start_bridge(
            relay, token, vnc_port, ca_file,
            lambda v, joined: self.gui.call(self.sink.on_viewer, session, v.who, joined,
                                            v.local_port),
            lambda: self.gui.call(self.sink.on_over, session))

    def _end_bridge(self) -> None:
        if self.bridge is not None:
            self.bridge.cancel()
            self.bridge = None
