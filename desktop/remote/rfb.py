"""A small RFB 3.8 client (RFC 6143) for the specialist's viewer, over the relay's WebSocket:
VNC authentication, 32-bit true colour, the encodings x11vnc serves cheaply and we decode
in C (Zlib, Raw, CopyRect, and a new desktop size). No Qt here: it fills a framebuffer and
says which rectangle changed; input goes out only when its owner allows it (view only by
default; x11vnc refuses it anyway unless the client granted it)."""

from __future__ import annotations

import asyncio
import contextlib
import struct
import threading
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

import aiohttp
from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
from cryptography.hazmat.primitives.ciphers import Cipher, modes

RAW, COPY_RECT, ZLIB, DESKTOP_SIZE = 0, 1, 6, -223
MAX_SIDE = 8192  # pixels of a screen's side we take (an 8K screen: 7680 × 4320)
MAX_CUT = 1024 * 1024  # bytes of the client's clipboard we take


class RfbError(Exception):
    """The other side does not speak as it should, or refused us ("refused": password)."""


@dataclass
class Framebuffer:
    """The screen as BGRX bytes (Qt's RGB32 on little-endian machines)."""

    width: int = 0
    height: int = 0
    pixels: bytearray = field(default_factory=bytearray)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def resize(self, width: int, height: int) -> None:
        with self.lock:
            self.width, self.height = width, height
            self.pixels = bytearray(width * height * 4)

    def put(self, x: int, y: int, w: int, h: int, data: bytes) -> None:
        stride = self.width * 4
        with self.lock:
            for row in range(h):
                start = (y + row) * stride + x * 4
                self.pixels[start:start + w * 4] = data[row * w * 4:(row + 1) * w * 4]

    def copy(self, x: int, y: int, w: int, h: int, src_x: int, src_y: int) -> None:
        stride = self.width * 4
        with self.lock:
            rows = [bytes(self.pixels[(src_y + r) * stride + src_x * 4:
                                      (src_y + r) * stride + (src_x + w) * 4])
                    for r in range(h)]
            for r, line in enumerate(rows):
                start = (y + r) * stride + x * 4
                self.pixels[start:start + w * 4] = line


def vnc_response(password: str, challenge: bytes) -> bytes:
    """VNC authentication: the challenge DES-encrypted with the password (8 bytes, each
    byte's bits reversed, as VNC has always done)."""
    key = bytes(int(f"{b:08b}"[::-1], 2) for b in password.encode("latin-1")[:8].ljust(8, b"\0"))
    # (DES is triple DES with one key three times: RFB's own, not our choice)
    encryptor = Cipher(TripleDES(key * 3), modes.ECB()).encryptor()  # noqa: S305
    return encryptor.update(challenge) + encryptor.finalize()


class _Reader:
    """Bytes from WebSocket binary messages, read as a stream."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.buffer = bytearray()
        self.count = 0  # bytes received (the bench's)

    async def read(self, n: int) -> bytes:
        while len(self.buffer) < n:
            msg = await self.ws.receive()
            if msg.type is not aiohttp.WSMsgType.BINARY:
                raise ConnectionError("the relay closed the screen")
            self.buffer += msg.data
            self.count += len(msg.data)
        out = bytes(self.buffer[:n])
        del self.buffer[:n]
        return out


class RfbClient:
    """One connection. `changed(x, y, w, h)` and `resized(w, h)` are called in this
    client's loop after the framebuffer changed; `clipboard(text)` with the client's."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse, password: str,
                 changed: Callable[[int, int, int, int], None],
                 resized: Callable[[int, int], None],
                 clipboard: Callable[[str], None] = lambda _text: None) -> None:
        self.ws = ws
        self.password = password
        self.reader = _Reader(ws)
        self.screen = Framebuffer()
        self.changed = changed
        self.resized = resized
        self.clipboard = clipboard
        self.view_only = True
        self.inflate = zlib.decompressobj()  # one stream for the connection (Zlib encoding)

    async def run(self) -> None:
        """Handshake, then updates until the connection ends."""
        await self._handshake()
        await self._request(incremental=False)
        while True:
            kind = (await self.reader.read(1))[0]
            if kind == 0:
                await self._update()
                await self._request(incremental=True)
            elif kind == 1:  # colour map: not with true colour
                _pad, _first, count = struct.unpack(">BHH", await self.reader.read(5))
                await self.reader.read(count * 6)
            elif kind == 2:  # bell
                continue
            elif kind == 3:
                await self.reader.read(3)
                (length,) = struct.unpack(">I", await self.reader.read(4))
                if length > MAX_CUT:
                    raise RfbError("the clipboard is too large")
                self.clipboard((await self.reader.read(length)).decode("latin-1"))
            else:
                raise RfbError(f"message type {kind} unknown")

    # --- input (from any thread, through the loop) ------------------------------------------
    async def pointer(self, x: int, y: int, buttons: int) -> None:
        if not self.view_only:
            await self.ws.send_bytes(struct.pack(">BBHH", 5, buttons & 0xFF, x, y))

    async def key(self, keysym: int, down: bool) -> None:
        if not self.view_only:
            await self.ws.send_bytes(struct.pack(">BBxxI", 4, int(down), keysym))

    async def paste(self, text: str) -> None:
        if not self.view_only:
            data = text.encode("latin-1", "replace")[:MAX_CUT]
            await self.ws.send_bytes(struct.pack(">BxxxI", 6, len(data)) + data)

    # --- the protocol -------------------------------------------------------------------
    async def _handshake(self) -> None:
        version = await self.reader.read(12)
        if not version.startswith(b"RFB 003."):
            raise RfbError("not an RFB server")
        await self.ws.send_bytes(b"RFB 003.008\n")
        (count,) = await self.reader.read(1)
        if count == 0:
            raise RfbError("the server refused the connection")
        types = await self.reader.read(count)
        if 2 not in types:
            raise RfbError("no VNC authentication offered")
        await self.ws.send_bytes(b"\x02")
        challenge = await self.reader.read(16)
        await self.ws.send_bytes(vnc_response(self.password, challenge))
        (result,) = struct.unpack(">I", await self.reader.read(4))
        if result != 0:
            raise RfbError("refused")
        await self.ws.send_bytes(b"\x01")  # shared: other viewers stay
        width, height = struct.unpack(">HH", await self.reader.read(4))
        await self.reader.read(16)  # its pixel format: ours replaces it
        (length,) = struct.unpack(">I", await self.reader.read(4))
        await self.reader.read(min(length, 4096))
        self._resize(width, height)
        # 32 bits, depth 24, little-endian, true colour, red at 16, green at 8, blue at 0:
        # each pixel is B, G, R, X in memory, which is what Qt's RGB32 is.
        await self.ws.send_bytes(struct.pack(">BxxxBBBBHHHBBBxxx", 0, 32, 24, 0, 1,
                                             255, 255, 255, 16, 8, 0))
        encodings = [ZLIB, COPY_RECT, RAW, DESKTOP_SIZE]
        await self.ws.send_bytes(struct.pack(f">BxH{len(encodings)}i", 2, len(encodings),
                                             *encodings))

    async def _request(self, incremental: bool) -> None:
        await self.ws.send_bytes(struct.pack(">BBHHHH", 3, int(incremental), 0, 0,
                                             self.screen.width, self.screen.height))

    async def _update(self) -> None:
        _pad, rects = struct.unpack(">BH", await self.reader.read(3))
        for _ in range(rects):
            x, y, w, h, encoding = struct.unpack(">HHHHi", await self.reader.read(12))
            if encoding == DESKTOP_SIZE:
                self._resize(w, h)
                continue
            if x + w > self.screen.width or y + h > self.screen.height:
                raise RfbError("a rectangle outside the screen")
            if encoding == RAW:
                self.screen.put(x, y, w, h, await self.reader.read(w * h * 4))
            elif encoding == ZLIB:
                (length,) = struct.unpack(">I", await self.reader.read(4))
                data = self.inflate.decompress(await self.reader.read(length), w * h * 4)
                if len(data) != w * h * 4:
                    raise RfbError("a zlib rectangle of the wrong size")
                self.screen.put(x, y, w, h, data)
            elif encoding == COPY_RECT:
                src_x, src_y = struct.unpack(">HH", await self.reader.read(4))
                self.screen.copy(x, y, w, h, src_x, src_y)
            else:
                raise RfbError(f"encoding {encoding} not asked for")
            self.changed(x, y, w, h)

    def _resize(self, width: int, height: int) -> None:
        if not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE):
            raise RfbError("a screen of an impossible size")
        self.screen.resize(width, height)
        self.resized(width, height)


async def close_quietly(ws: aiohttp.ClientWebSocketResponse) -> None:
    with contextlib.suppress(Exception):
        await ws.close()


def run_in_thread(coro_factory: Callable[[asyncio.AbstractEventLoop], object],
                  name: str) -> tuple[asyncio.AbstractEventLoop, threading.Thread]:
    """An event loop in a daemon thread of its own (the viewer's connection)."""
    loop = asyncio.new_event_loop()

    def main() -> None:
        asyncio.set_event_loop(loop)
        coro_factory(loop)
        loop.run_forever()
        loop.close()

    thread = threading.Thread(target=main, name=name, daemon=True)
    thread.start()
    return loop, thread
