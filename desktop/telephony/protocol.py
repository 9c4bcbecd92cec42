"""JSON lines between the GUI process and the telephony engine process.

One JSON object per line. Commands (GUI -> engine) carry "op", events (engine -> GUI)
carry "ev". Both sides use only this module, so neither sees the other's types.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

Message = dict[str, Any]

# Every command carries "req", a number the GUI side gave it. A command that could not act
# comes back as {"ev": "failed", "req", "op", "id", "tag", "ids", "on", "why", "detail",
# "status"} (the command's own fields, never its account) with "why" one of these; "detail"
# is for the log, "status" is pjsip's status code.
FAILURES = ("not-registered", "no-call", "sip", "invalid", "unknown-op")


class ProtocolError(ValueError):
    pass


@dataclass(frozen=True)
class SipAccountConfig:
    """One SIP account as Settings -> PBX connection describes it (plus its password)."""

    server: str
    user: str
    password: str
    port: int = 5060
    transport: str = "udp"  # udp | tcp | tls
    auth_user: str = ""
    display_name: str = ""
    outbound_proxy: str = ""
    srtp: str = "off"  # off | optional | mandatory
    ca_file: str = ""
    echo_canceller: bool = False

    @property
    def aor(self) -> str:
        return f"sip:{self.user}@{self.server}"

    def to_json(self) -> Message:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Message) -> SipAccountConfig:
        return cls(**data)


def encode(message: Message) -> bytes:
    return json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


def decode(line: bytes | str) -> Message:
    try:
        message = json.loads(line)
    except ValueError as exc:
        raise ProtocolError(f"not JSON: {line[:80]!r}") from exc
    if not isinstance(message, dict) or not ("op" in message or "ev" in message):
        raise ProtocolError(f"not a message: {line[:80]!r}")
    return message
