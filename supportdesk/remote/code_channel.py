"""The code channel of remote sessions (PROTOCOL.md, "Remote assistance", "A client without
Deskline"): `deskline assist` with a one-time code instead of a chat account dials the relay
at /code and says the code; the code taken, this channel carries what the chat would carry
otherwise, as JSON text, one object with one key each way:

  from the client side   {"code": "1234 5678"}, then {"answer": {allow, password, reason}},
                         {"control-answer": {who, allow}}, {"stop": {}}
  to the client side     {"request": {session, appeal, specialist, line, line-name}},
                         {"answer": {relay, token} or {error, text}}, {"control-request":
                         {session, who, specialist}}, {"over": {state}}, {"refused": {reason}}

Each thing said goes to the desk's loop (`said`), which decides; this file only reads,
bounds and carries. Wrong codes are counted per source address (tokens.Codes)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from aiohttp import WSMsgType, web

from supportdesk.protocol.remote_code import MAX_TEXT, read_said
from supportdesk.remote.tokens import CodeGrant, Codes

log = logging.getLogger(__name__)
CODE_WAIT_S = 30.0  # the code is said this soon after the channel opens, or it closes
SAID = {"answer", "control-answer", "stop"}  # what the client side may say after the code
Said = Callable[[CodeGrant, str, dict[str, str]], Awaitable[dict[str, str]]]


class CodeChannels:
    def __init__(self, codes: Codes, said: Said) -> None:
        self.codes = codes
        self.said = said
        self.open: dict[str, web.WebSocketResponse] = {}  # session -> its client side
        self.writing: dict[str, asyncio.Lock] = {}  # (what is told, then the close: in order)

    async def handle(self, request: web.Request) -> web.StreamResponse:
        source = request.remote or ""
        if not self.codes.may_try(source):
            return web.Response(status=429, text="too many wrong codes: wait ten minutes")
        ws = web.WebSocketResponse(heartbeat=20.0, max_msg_size=MAX_TEXT)
        await ws.prepare(request)
        try:
            first = await ws.receive(timeout=CODE_WAIT_S)
        except TimeoutError:
            await ws.close()
            return ws
        said = read_said(first.data) if first.type is WSMsgType.TEXT else None
        code = said[1].get("code", "") if said is not None and said[0] == "code" else ""
        grant = self.codes.take(code, source) if code else None
        if grant is None or grant.session in self.open:
            await ws.send_json({"refused": {"reason": "bad-code"}})
            await ws.close()
            return ws
        self.open[grant.session] = ws
        lock = self.writing.setdefault(grant.session, asyncio.Lock())
        try:
            claimed = await self.said(grant, "claimed", {})
            if "error" in claimed:
                await ws.send_json({"refused": {"reason": "over"}})
                return ws
            async with lock:
                await ws.send_json({"request": grant.request})
            async for msg in ws:
                if msg.type is not WSMsgType.TEXT:
                    break
                said = read_said(msg.data)
                if said is None or said[0] not in SAID:
                    continue
                answer = await self.said(grant, *said)
                async with lock:
                    await ws.send_json({said[0]: answer})
        finally:
            if self.open.get(grant.session) is ws:
                del self.open[grant.session]
                self.writing.pop(grant.session, None)
            await ws.close()
        return ws

    async def tell(self, session: str, name: str, attrs: dict[str, str]) -> None:
        ws, lock = self.open.get(session), self.writing.get(session)
        if ws is None or lock is None:
            return
        async with lock:
            if not ws.closed:
                await ws.send_json({name: attrs})

    async def end(self, session: str) -> None:
        ws, lock = self.open.pop(session, None), self.writing.pop(session, None)
        if ws is None or lock is None:
            return
        async with lock:
            await ws.close()

    async def close(self) -> None:
        for session in list(self.open):
            await self.end(session)
