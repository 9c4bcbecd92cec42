"""Remote assistance's transport, real parts: x11vnc sharing an Xvfb display, the desk's
relay over TLS (the lab's CA), the client side's bridge dialling out to it, and viewers
as WebSockets reading the screen's first bytes (RFB) through the relay; the single-use
tokens refused when reused, expired, for another leg or never minted."""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import aiohttp
import pytest

from desktop.lab.tls import make_tls
from desktop.remote.bridge import Bridge, Viewer
from desktop.remote.screen import Refusal, SharedScreen, refusal_of
from supportdesk.remote.relay import HANDSHAKE_S, Relay, Seen
from supportdesk.remote.tokens import TOKEN_S, Leg, Tokens
from tests.rig import start_xvfb

HANDSHAKE = b"RFB 003.008\n"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def display(tmp_path: Path) -> Iterator[str]:
    xvfb, name = start_xvfb(tmp_path)
    yield name
    xvfb.stop()


@pytest.fixture
def screen(display: str, tmp_path: Path) -> Iterator[SharedScreen]:
    shared = SharedScreen(display, tmp_path / "share")
    shared.start()
    yield shared
    shared.stop()


def contexts(tmp_path: Path) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """(the relay's, a client's trusting the lab's CA)."""
    tls = tmp_path / "tls"
    ca = make_tls(tls)
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server.load_cert_chain(tls / "server.crt", tls / "server.key")
    return server, ssl.create_default_context(cafile=str(ca))


async def until(check: Callable[[], object], timeout: float = 5.0) -> None:
    async with asyncio.timeout(timeout):
        while not check():
            await asyncio.sleep(0.01)


async def first_bytes(ws: aiohttp.ClientWebSocketResponse, count: int) -> bytes:
    got = b""
    while len(got) < count:
        msg = await asyncio.wait_for(ws.receive(), 5)
        assert msg.type is aiohttp.WSMsgType.BINARY, msg
        got += msg.data
    return got


def run(tmp_path: Path, body: Callable[..., Awaitable[None]],
        handshake_s: float = HANDSHAKE_S) -> None:
    server_tls, client_tls = contexts(tmp_path)

    async def main() -> None:
        clock = Clock()
        tokens = Tokens(clock)
        seen: list[Seen] = []
        relay = Relay(tokens, max_viewers=2, seen=seen.append, client_wait_s=0.5,
                      handshake_s=handshake_s)
        await relay.start("127.0.0.1", 0, server_tls)
        try:
            async with aiohttp.ClientSession() as http:
                await body(relay, tokens, clock, seen, http, client_tls,
                           f"wss://127.0.0.1:{relay.port}")
        finally:
            await relay.close()

    asyncio.run(main())


def test_two_viewers_see_the_screen_through_the_relay_and_the_client_ends_it(
        screen: SharedScreen, tmp_path: Path) -> None:
    async def body(relay: Relay, tokens: Tokens, _clock: Clock, seen: list[Seen],
                   http: aiohttp.ClientSession, tls: ssl.SSLContext, url: str) -> None:
        joined: list[Viewer] = []
        bridge = Bridge(url, tokens.mint("s1", 17, "ivan@x", Leg.CLIENT), screen.port, tls,
                        joined=joined.append)
        client = asyncio.create_task(bridge.run())
        await until(lambda: "s1" in relay.sessions)
        viewers = []
        for who in ("anna@x", "vera@x"):
            ws = await http.ws_connect(f"{url}/viewer/{tokens.mint('s1', 17, who, Leg.VIEWER)}",
                                       ssl=tls)
            assert await first_bytes(ws, len(HANDSHAKE)) == HANDSHAKE  # x11vnc's own
            await ws.send_bytes(HANDSHAKE)
            # One security type, VNC's password (2): none (1) is not offered.
            assert await first_bytes(ws, 2) == b"\x01\x02"
            viewers.append(ws)
        assert sorted(relay.viewers("s1")) == ["anna@x", "vera@x"]
        assert sorted(v.who for v in joined) == ["anna@x", "vera@x"]
        ports = await asyncio.to_thread(screen.clients)
        assert {v.local_port for v in joined} <= set(ports)  # x11vnc knows each leg
        # A third is one too many (max_viewers 2).
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await http.ws_connect(f"{url}/viewer/{tokens.mint('s1', 17, 'boris@x', Leg.VIEWER)}",
                                  ssl=tls)
        assert refused.value.status == 429
        # The client stops: every leg closes, at once.
        client.cancel()
        await asyncio.gather(client, return_exceptions=True)
        async with asyncio.timeout(2):
            for ws in viewers:
                while not ws.closed:
                    await ws.receive()
        assert "s1" not in relay.sessions
        await until(lambda: [s.what for s in seen].count("left") == 2)
        assert "client-gone" in [s.what for s in seen]
        assert all(s.sent >= len(HANDSHAKE) for s in seen if s.what == "left")

    run(tmp_path, body)


def test_tokens_are_single_use_short_lived_and_for_one_leg(screen: SharedScreen,
                                                          tmp_path: Path) -> None:
    async def body(relay: Relay, tokens: Tokens, clock: Clock, _seen: list[Seen],
                   http: aiohttp.ClientSession, tls: ssl.SSLContext, url: str) -> None:
        async def refused(path: str) -> int:
            with pytest.raises(aiohttp.WSServerHandshakeError) as no:
                await http.ws_connect(f"{url}{path}", ssl=tls)
            return no.value.status

        early = tokens.mint("s2", 18, "anna@x", Leg.VIEWER)
        assert await refused(f"/viewer/{early}") == 409  # the client did not come in time
        assert await refused(f"/viewer/{early}") == 403  # … and it was used up
        client_token = tokens.mint("s2", 18, "ivan@x", Leg.CLIENT)
        assert await refused(f"/viewer/{client_token}") == 403  # another leg's token
        bridge = Bridge(url, tokens.mint("s2", 18, "ivan@x", Leg.CLIENT), screen.port, tls)
        client = asyncio.create_task(bridge.run())
        await until(lambda: "s2" in relay.sessions)
        assert await refused("/viewer/never-minted") == 403
        assert await refused(f"/client/{tokens.mint('s2', 18, 'ivan@x', Leg.CLIENT)}") == 409
        stale = tokens.mint("s2", 18, "anna@x", Leg.VIEWER)
        clock.now += TOKEN_S + 1
        assert await refused(f"/viewer/{stale}") == 403  # expired
        fresh = tokens.mint("s2", 18, "anna@x", Leg.VIEWER)
        ws = await http.ws_connect(f"{url}/viewer/{fresh}", ssl=tls)
        assert await first_bytes(ws, len(HANDSHAKE)) == HANDSHAKE
        assert await refused(f"/viewer/{fresh}") == 403  # reused
        await relay.end("s2")  # the desk ends it (the appeal finished): the legs close
        async with asyncio.timeout(2):
            while not ws.closed:
                await ws.receive()
        await asyncio.wait_for(client, 2)  # the client side hears it and stops too

    run(tmp_path, body)


def test_silent_half_and_garbage_legs_are_closed_and_a_watched_session_goes_on(
        screen: SharedScreen, tmp_path: Path) -> None:
    """On the open network: a connection that says nothing, one that finishes TLS and says
    nothing, half a request, and a viewer leg that sends garbage are each closed; the
    viewer beside them watches on."""
    async def body(relay: Relay, tokens: Tokens, _clock: Clock, _seen: list[Seen],
                   http: aiohttp.ClientSession, tls: ssl.SSLContext, url: str) -> None:
        bridge = Bridge(url, tokens.mint("s3", 19, "ivan@x", Leg.CLIENT), screen.port, tls)
        client = asyncio.create_task(bridge.run())
        await until(lambda: "s3" in relay.sessions)
        legs = []
        for who in ("anna@x", "vera@x"):
            ws = await http.ws_connect(f"{url}/viewer/{tokens.mint('s3', 19, who, Leg.VIEWER)}",
                                       ssl=tls)
            assert await first_bytes(ws, len(HANDSHAKE)) == HANDSHAKE
            await ws.send_bytes(HANDSHAKE)
            assert await first_bytes(ws, 2) == b"\x01\x02"
            legs.append(ws)
        watching, garbage = legs
        await garbage.send_bytes(b"\xff" * 64)  # no security type of RFB's
        silent = await asyncio.open_connection("127.0.0.1", relay.port)
        quiet = await asyncio.open_connection("127.0.0.1", relay.port, ssl=tls)
        half = await asyncio.open_connection("127.0.0.1", relay.port, ssl=tls)
        half[1].write(b"GET /viewer/made-up HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        for reader, writer in (silent, quiet, half):
            assert await asyncio.wait_for(reader.read(), 5) == b""  # closed by the relay
            writer.close()
        async with asyncio.timeout(5):  # x11vnc ended the garbage leg's connection
            while not garbage.closed:
                await garbage.receive()
        assert not watching.closed
        assert relay.viewers("s3") == ["anna@x"]
        await relay.end("s3")
        await asyncio.gather(client, return_exceptions=True)

    run(tmp_path, body, handshake_s=0.5)


def test_a_wayland_session_is_refused_with_its_reason() -> None:
    assert refusal_of({"XDG_SESSION_TYPE": "wayland", "DISPLAY": ":0"}) is Refusal.WAYLAND
    assert refusal_of({"WAYLAND_DISPLAY": "wayland-0"}) is Refusal.WAYLAND
    assert refusal_of({}) is Refusal.NO_DISPLAY
    assert refusal_of({"XDG_SESSION_TYPE": "x11", "DISPLAY": ":0"}) is None
