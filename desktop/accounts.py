"""The accounts configured in Settings, and the keyring names of their passwords."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.chat.account import XmppAccount
from desktop.settings import Settings
from desktop.telephony.protocol import SipAccountConfig

PBX_KEYS = frozenset({"pbx.server", "pbx.port", "pbx.transport", "pbx.user", "pbx.auth_user",
                      "pbx.display_name", "pbx.outbound_proxy", "pbx.srtp", "pbx.ca_file"})
CHAT_KEYS = frozenset({"chat.jid", "chat.server", "chat.port", "chat.ca_file"})


@dataclass(frozen=True)
class SavedSettings:
    """What Settings → Save changed: the keys, which passwords were typed ("sip", "xmpp")
    and the passwords by their keyring names."""

    changed: frozenset[str]
    typed: frozenset[str]
    passwords: dict[str, str] = field(repr=False)  # never in a log

    @property
    def pbx_changed(self) -> bool:
        return bool(self.changed & (PBX_KEYS | {"lab.embedded"})) or "sip" in self.typed

    @property
    def chat_changed(self) -> bool:
        return bool(self.changed & (CHAT_KEYS | {"lab.embedded"})) or "xmpp" in self.typed


def sip_secret_name(settings: Settings) -> str:
    return f"sip:{settings.get_str('pbx.user')}@{settings.get_str('pbx.server')}"


def xmpp_secret_name(settings: Settings) -> str:
    return f"xmpp:{settings.get_str('chat.jid')}"


def sip_account(settings: Settings, password: str) -> SipAccountConfig | None:
    if not settings.get_str("pbx.server") or not settings.get_str("pbx.user"):
        return None
    return SipAccountConfig(
        server=settings.get_str("pbx.server"), user=settings.get_str("pbx.user"),
        password=password, port=settings.get_int("pbx.port"),
        transport=settings.get_str("pbx.transport"),
        auth_user=settings.get_str("pbx.auth_user"),
        display_name=settings.get_str("pbx.display_name"),
        outbound_proxy=settings.get_str("pbx.outbound_proxy"),
        srtp=settings.get_str("pbx.srtp"), ca_file=settings.get_str("pbx.ca_file"),
        echo_canceller=settings.get_bool("pbx.echo_canceller"))


def xmpp_account(settings: Settings, password: str) -> XmppAccount | None:
    if not settings.get_str("chat.jid"):
        return None
    return XmppAccount(settings.get_str("chat.jid"), password,
                       settings.get_str("chat.server"), settings.get_int("chat.port"),
                       settings.get_str("chat.ca_file"))
