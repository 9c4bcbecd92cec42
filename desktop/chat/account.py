"""The chat account to sign in with (plain data; the password comes from the keyring)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class XmppAccount:
    jid: str
    password: str
    host: str = ""  # empty: from the JID's domain
    port: int = 5222
    ca_file: str = ""  # empty: the system's trust store
