"""The accounts configured in Settings, and the keyring names of their passwords."""

from __future__ import annotations

from desktop.chat.account import XmppAccount
from desktop.settings import Settings
from desktop.telephony.protocol import SipAccountConfig


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
