"""Our RFB client's own rules against a stream a client's side could send (the real x11vnc
is in test_remote_view.py): a scripted WebSocket stands in for the relay."""

from __future__ import annotations

import asyncio
import contextlib
import struct
import zlib
from typing import Any

import aiohttp
import pytest

from desktop.remote.rfb import RfbClient, RfbError, vnc_response


class Msg:
    def __init__(self, data: bytes) -> None:
        self.type = aiohttp.WSMsgType.BINARY
        self.data = data


class Scripted:
    """What the server says, in pieces; what the client sends, kept."""

    def __init__(self, *said: bytes) -> None:
        self.said = list(said)
        self.sent: list[bytes] = []

    async def receive(self) -> Any:
        if not self.said:
            raise ConnectionError("over")
        return Msg(self.said.pop(0))

    async def send_bytes(self, data: bytes) -> None:
        self.sent.append(data)


def server_init(width: int, height: int) -> bytes:
    return (b"RFB 003.008\n" + b"\x01\x02" + b"C" * 16 + struct.pack(">I", 0)
            + struct.pack(">HH", width, height) + b"\0" * 16 + struct.pack(">I", 3) + b"x11")


def run(ws: Scripted) -> tuple[RfbClient, list[tuple[int, ...]]]:
    """Until the script ends (a ConnectionError, as when the relay closes) or RfbError."""
    changed: list[tuple[int, ...]] = []
    client = RfbClient(ws, "0123abcd", lambda *r: changed.append(r),  # type: ignore[arg-type]
                       lambda *s: changed.append((0, *s)))
    with contextlib.suppress(ConnectionError):
        asyncio.run(client.run())
    return client, changed


def test_a_zlib_rectangle_and_a_copy_land_in_the_framebuffer() -> None:
    pixels = bytes([1, 2, 3, 0]) * 4
    deflate = zlib.compressobj()
    packed = deflate.compress(pixels) + deflate.flush(zlib.Z_SYNC_FLUSH)
    update = (b"\x00\x00" + struct.pack(">H", 2)
              + struct.pack(">HHHHi", 0, 0, 2, 2, 6) + struct.pack(">I", len(packed)) + packed
              + struct.pack(">HHHHi", 2, 2, 2, 2, 1) + struct.pack(">HH", 0, 0))
    ws = Scripted(server_init(4, 4), update[:7], update[7:])  # (split across messages)
    client, changed = run(ws)
    assert changed == [(0, 4, 4), (0, 0, 2, 2), (2, 2, 2, 2)]
    row = 4 * 4
    fb = client.screen.pixels
    assert fb[0:8] == fb[row:row + 8] == bytes([1, 2, 3, 0]) * 2  # the zlib rectangle
    assert fb[2 * row + 8:2 * row + 16] == bytes([1, 2, 3, 0]) * 2  # copied to (2, 2)
    assert fb[2 * row:2 * row + 8] == bytes(8)  # (untouched)
    # The password's answer is DES of the challenge, VNC's way.
    assert vnc_response("0123abcd", b"C" * 16) in ws.sent


def test_what_a_hostile_stream_says_is_refused_not_believed() -> None:
    for bad in (server_init(70000 % 65536 or 1, 9000),  # a screen of an impossible size
                server_init(4, 4) + b"\x00\x00\x00\x01" + struct.pack(">HHHHi", 3, 3, 9, 9, 0),
                server_init(4, 4) + b"\x09",  # a message type nobody knows
                server_init(4, 4) + b"\x00\x00\x00\x01" + struct.pack(">HHHHi", 0, 0, 2, 2, 7),
                server_init(4, 4) + b"\x03\0\0\0" + struct.pack(">I", 50 * 1024 * 1024)):
        with pytest.raises(RfbError):
            run(Scripted(bad))
    refused = b"RFB 003.008\n\x01\x02" + b"C" * 16 + struct.pack(">I", 1)
    with pytest.raises(RfbError, match="refused"):
        run(Scripted(refused))
