"""The relay of remote sessions (PROTOCOL.md, "Remote assistance"): both sides dial out to
it over TLS, WebSockets paired by the single-use tokens the desk minted (tokens.py). It never
parses the screen's protocol (RFB); it moves binary frames and counts their bytes.

  /client/<token>   the client side's control channel of a session: the relay says on it,
                    as JSON text, {"viewer": who, "screen": token} when a viewer waits; the
                    client side then opens a screen leg to its x11vnc for that viewer
  /screen/<token>   that leg
  /viewer/<token>   a specialist's viewer, paired with the screen leg opened for them
  /code             a client without Deskline's chat: its answers by a one-time code
                    (code_channel.py)

A session ends when its client's control channel closes, or the desk ends it (end()): every
leg of it is closed."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from supportdesk.remote.code_channel import CodeChannels
from supportdesk.remote.tokens import Leg, Tokens

log = logging.getLogger(__name__)
SCREEN_WAIT_S = 10.0  # a viewer waits this long for the client side's screen leg
# A connection that has not asked for one of our paths by then (sent nothing, half a request,
# a TLS handshake never finished) is closed: on the open network each held one is a socket.
HANDSHAKE_S = 10.0
MAX_FRAME = 8 * 1024 * 1024  # bytes of one WebSocket message (an 8K screen's raw rectangle)


@dataclass
class _Viewer:
    who: str
    ws: web.WebSocketResponse
    screen: asyncio.Future[web.WebSocketResponse]
    sent: int = 0  # bytes to the viewer (the screen)
    received: int = 0  # bytes from the viewer (its input, its answers)
    done: asyncio.Event = field(default_factory=asyncio.Event)  # the pair is over


@dataclass
class _Session:
    appeal: int
    control: web.WebSocketResponse
    viewers: dict[str, _Viewer] = field(default_factory=dict)  # screen token -> viewer


@dataclass(frozen=True)
class Seen:
    """What the relay tells the desk: who joined or left a session, and with how many
    bytes; or that the client side went ("client-gone")."""

    session: str
    who: str
    what: str  # joined | left | client-gone
    sent: int = 0
    received: int = 0


class Relay:
    def __init__(self, tokens: Tokens, max_viewers: int,
                 seen: Callable[[Seen], None] = lambda _seen: None,
                 client_wait_s: float = SCREEN_WAIT_S,
                 codes: CodeChannels | None = None, handshake_s: float = HANDSHAKE_S) -> None:
        self.tokens = tokens
        self.codes = codes
        self.max_viewers = max_viewers
        self.seen = seen
        self.client_wait_s = client_wait_s  # a viewer first waits this long for the client
        self.sessions: dict[str, _Session] = {}
        self.arrived: dict[str, asyncio.Event] = {}  # session -> its client came
        self.runner: web.AppRunner | None = None
        self.server: asyncio.Server | None = None
        self.handshake_s = handshake_s
        self.asked: set[asyncio.BaseTransport] = set()  # connections that made a request
        self.port = 0

    async def start(self, host: str, port: int, tls: ssl.SSLContext | None) -> None:
        app = web.Application(middlewares=[self._asked])
        app.router.add_get("/client/{token}", self._client)
        app.router.add_get("/screen/{token}", self._screen)
        app.router.add_get("/viewer/{token}", self._viewer)
        if self.codes is not None:
            app.router.add_get("/code", self.codes.handle)
        self.runner = web.AppRunner(app, handle_signals=False, access_log=None,
                                    shutdown_timeout=1.0)
        await self.runner.setup()
        http = self.runner.server
        assert http is not None
        loop = asyncio.get_running_loop()

        def connection() -> asyncio.Protocol:
            handler = http()
            loop.call_later(self.handshake_s, self._unasked, handler)
            return handler

        self.server = await loop.create_server(
            connection, host, port, ssl=tls, backlog=128,
            ssl_handshake_timeout=self.handshake_s if tls is not None else None)
        self.port = self.server.sockets[0].getsockname()[1]
        log.info("desk: remote sessions relayed at %s:%s", host, self.port)

    @web.middleware
    async def _asked(self, request: web.Request, handler: Any) -> web.StreamResponse:
        if request.transport is not None:
            self.asked.add(request.transport)
        try:
            return await handler(request)  # type: ignore[no-any-return]
        finally:
            if request.transport is not None:
                self.asked.discard(request.transport)

    def _unasked(self, handler: Any) -> None:
        """HANDSHAKE_S after a connection came: closed unless a request of it is under
        way (a leg's WebSocket is one, for as long as it lasts)."""
        transport = handler.transport
        if transport is not None and transport not in self.asked and not transport.is_closing():
            transport.close()

    async def close(self) -> None:
        for session in list(self.sessions):
            await self.end(session)
        if self.codes is not None:
            await self.codes.close()
        if self.server is not None:
            self.server.close()
        if self.runner is not None:
            await self.runner.cleanup()

    async def end(self, session: str) -> None:
        """Every leg of the session closed, its unused tokens void."""
        found = self.sessions.pop(session, None)
        self.arrived.pop(session, None)
        self.tokens.drop(session)
        if self.codes is not None:
            await self.codes.end(session)
        if found is None:
            return
        for viewer in list(found.viewers.values()):
            viewer.done.set()
            if not viewer.screen.done():
                viewer.screen.cancel()
            await viewer.ws.close()
            if viewer.screen.done() and not viewer.screen.cancelled():
                await viewer.screen.result().close()
        await found.control.close()

    def viewers(self, session: str) -> list[str]:
        found = self.sessions.get(session)
        return [v.who for v in found.viewers.values()] if found is not None else []

    # --- the three legs ---------------------------------------------------------------------
    async def _client(self, request: web.Request) -> web.StreamResponse:
        grant = self.tokens.take(request.match_info["token"], Leg.CLIENT)
        if grant is None:
            return _refused(403, "no such token")
        if grant.session in self.sessions:
            return _refused(409, "the session has its client")
        ws = web.WebSocketResponse(heartbeat=20.0, max_msg_size=4096)
        await ws.prepare(request)
        session = self.sessions[grant.session] = _Session(grant.appeal, ws)
        self.arrived.setdefault(grant.session, asyncio.Event()).set()
        try:
            async for msg in ws:  # the client side says nothing we need; it may say bye
                if msg.type is not WSMsgType.TEXT:
                    break
        finally:
            if self.sessions.get(grant.session) is session:
                self.seen(Seen(grant.session, grant.who, "client-gone"))
                await self.end(grant.session)
        return ws

    async def _viewer(self, request: web.Request) -> web.StreamResponse:
        grant = self.tokens.take(request.match_info["token"], Leg.VIEWER)
        if grant is None:
            return _refused(403, "no such token")
        session = self.sessions.get(grant.session)
        if session is None:  # (told "ready" as the client was; its side dials a moment later)
            arrived = self.arrived.setdefault(grant.session, asyncio.Event())
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(arrived.wait(), self.client_wait_s)
            session = self.sessions.get(grant.session)
        if session is None:
            return _refused(409, "the client is not connected")
        if len(session.viewers) >= self.max_viewers:
            return _refused(429, "the session has all the viewers it may have")
        ws = web.WebSocketResponse(heartbeat=20.0, max_msg_size=MAX_FRAME)
        await ws.prepare(request)
        token = self.tokens.mint(grant.session, grant.appeal, grant.who, Leg.SCREEN)
        viewer = _Viewer(grant.who, ws, asyncio.get_running_loop().create_future())
        session.viewers[token] = viewer
        try:
            await session.control.send_str(json.dumps({"viewer": grant.who, "screen": token}))
            screen = await asyncio.wait_for(asyncio.shield(viewer.screen), SCREEN_WAIT_S)
        except (TimeoutError, asyncio.CancelledError, ConnectionError):
            session.viewers.pop(token, None)
            await ws.close(code=1011, message=b"the client's screen did not come")
            return ws
        self.seen(Seen(grant.session, grant.who, "joined"))
        try:
            await _pipe(ws, screen, viewer)
        finally:
            session.viewers.pop(token, None)
            viewer.done.set()
            await ws.close()
            await screen.close()
            self.seen(Seen(grant.session, grant.who, "left", viewer.sent, viewer.received))
        return ws

    async def _screen(self, request: web.Request) -> web.StreamResponse:
        token = request.match_info["token"]
        grant = self.tokens.take(token, Leg.SCREEN)
        session = self.sessions.get(grant.session) if grant is not None else None
        viewer = session.viewers.get(token) if session is not None else None
        if viewer is None or viewer.screen.done():
            return _refused(403, "no such token")
        ws = web.WebSocketResponse(heartbeat=20.0, max_msg_size=MAX_FRAME)
        await ws.prepare(request)
        viewer.screen.set_result(ws)
        await viewer.done.wait()  # (the viewer's handler reads and writes it meanwhile)
        with contextlib.suppress(Exception):
            await ws.close()
        return ws


async def _pipe(viewer_ws: web.WebSocketResponse, screen: web.WebSocketResponse,
                viewer: _Viewer) -> None:
    """Binary frames both ways until either side closes (or sends anything else)."""
    async def along(src: web.WebSocketResponse, dst: web.WebSocketResponse,
                    to_viewer: bool) -> None:
        async for msg in src:
            if msg.type is not WSMsgType.BINARY:
                return
            await dst.send_bytes(msg.data)
            if to_viewer:
                viewer.sent += len(msg.data)
            else:
                viewer.received += len(msg.data)

    tasks = [asyncio.create_task(along(viewer_ws, screen, False)),
             asyncio.create_task(along(screen, viewer_ws, True))]
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def _refused(status: int, reason: str) -> web.Response:
    return web.Response(status=status, text=reason)
