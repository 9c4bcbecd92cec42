"""Raw UDP datagrams with whatever source address we say (the tests run as root): what an
attacker on the network can send, since UDP proves nothing about where a packet came from."""

from __future__ import annotations

import socket
import struct


def _checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    total = (total >> 16) + (total & 0xFFFF)
    total += total >> 16
    return ~total & 0xFFFF


def send_forged(payload: bytes, source: tuple[str, int], target: tuple[str, int]) -> None:
    """A UDP datagram whose IP source is whatever we say: UDP proves nothing about it."""
    src, dst = socket.inet_aton(source[0]), socket.inet_aton(target[0])
    length = 8 + len(payload)
    pseudo = src + dst + struct.pack("!BBH", 0, socket.IPPROTO_UDP, length)
    udp = struct.pack("!HHHH", source[1], target[1], length, 0)
    udp = udp[:6] + struct.pack("!H", _checksum(pseudo + udp + payload)) + payload
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 54321, 0, 64,
                     socket.IPPROTO_UDP, 0, src, dst)
    ip = ip[:10] + struct.pack("!H", _checksum(ip)) + ip[12:]
    with socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW) as raw:
        raw.sendto(ip + udp, target)
