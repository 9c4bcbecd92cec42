"""The client side's legs to the desk's relay (supportdesk/remote/relay.py): it dials out
over TLS with its session's token and keeps the control channel; when the relay says a
viewer waits, it opens a leg of its own to the local x11vnc for that viewer and carries
bytes both ways. Nothing listens here; nothing of the screen's protocol is read. An
asyncio coroutine for whichever loop runs it (the chat worker's, or `deskline assist`'s)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import ssl
from collections.abc import Callable
from dataclasses import dataclass

import aiohttp

log = logging.getLogger(__name__)
CHUNK = 256 * 1024  # bytes read from x11vnc at once, one WebSocket message


@dataclass(frozen=True)
class Viewer:
    who: str  # the specialist's address, as the relay names them
    local_port: int  # the port of our leg to x11vnc: how x11vnc knows this viewer


def start_bridge(relay: str, token: str, vnc_port: int, ca_file: str,
                 viewer: Callable[[Viewer, bool], None], over: Callable[[], None]
                 ) -> asyncio.Task[None] | None:
    """The bridge running in this loop (None for a relay that is not wss://): `viewer`
    hears who joins or leaves, `over` when it ends. Both in this loop's thread."""
    if not relay.startswith("wss://"):
        return None
    tls = ssl.create_default_context(cafile=ca_file or None)
    bridge = Bridge(relay, token, vnc_port, tls, joined=lambda v: viewer(v, True),
                    left=lambda v: viewer(v, False))
    task = asyncio.ensure_future(bridge.run())
    task.add_done_callback(lambda _t: over())
    return task


class Bridge:
    def __init__(self, relay: str, token: str, vnc_port: int, tls: ssl.SSLContext,
                 joined: Callable[[Viewer], None] = lambda _v: None,
                 left: Callable[[Viewer], None] = lambda _v: None) -> None:
        self.relay = relay.rstrip("/")  # wss://desk.example.com:5281
        self.token = token
        self.vnc_port = vnc_port
        self.tls = tls
        self.joined = joined
        self.left = left
        self.legs: set[asyncio.Task[None]] = set()

    async def run(self) -> None:
        """Until the relay or the client ends the session (cancel this to end it)."""
        async with aiohttp.ClientSession() as http:
            try:
                async with http.ws_connect(f"{self.relay}/client/{self.token}", ssl=self.tls,
                                           heartbeat=20.0, max_msg_size=4096) as control:
                    async for msg in control:
                        if msg.type is not aiohttp.WSMsgType.TEXT:
                            break
                        said = _said(msg.data)
                        if said is not None:
                            leg = asyncio.create_task(self._leg(http, *said))
                            self.legs.add(leg)
                            leg.add_done_callback(self.legs.discard)
            finally:
                for leg in list(self.legs):
                    leg.cancel()
                await asyncio.gather(*self.legs, return_exceptions=True)

    async def _leg(self, http: aiohttp.ClientSession, who: str, screen: str) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", self.vnc_port)
        viewer = Viewer(who, writer.get_extra_info("sockname")[1])
        try:
            async with http.ws_connect(f"{self.relay}/screen/{screen}", ssl=self.tls,
                                       heartbeat=20.0, max_msg_size=CHUNK * 4) as ws:
                self.joined(viewer)
                await _carry(reader, writer, ws)
        except aiohttp.ClientError as exc:
            log.info("remote: a viewer's leg failed: %s", exc)
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()
            self.left(viewer)


async def _carry(reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                 ws: aiohttp.ClientWebSocketResponse) -> None:
    async def up() -> None:  # the screen to the viewer
        while data := await reader.read(CHUNK):
            await ws.send_bytes(data)

    async def down() -> None:  # the viewer's answers and (once granted) input
        async for msg in ws:
            if msg.type is not aiohttp.WSMsgType.BINARY:
                return
            writer.write(msg.data)
            await writer.drain()

    tasks = [asyncio.create_task(up()), asyncio.create_task(down())]
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await ws.close()


def _said(text: str) -> tuple[str, str] | None:
    """{"viewer": who, "screen": token} from the relay; anything else is ignored."""
    try:
        found = json.loads(text)
    except ValueError:
        return None
    if not isinstance(found, dict):
        return None
    who, screen = found.get("viewer"), found.get("screen")
    if isinstance(who, str) and isinstance(screen, str) and 0 < len(screen) <= 128:
        return who[:256], screen
    return None
