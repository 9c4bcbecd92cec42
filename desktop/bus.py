"""The central signal bus: every cross-cutting event of the app, typed and listed here.

Only events that several parts care about travel here; parent-child wiring stays direct.
Each signal carries one frozen dataclass. The Bus lives in the GUI thread, so an emit from a
protocol thread reaches GUI-thread receivers queued (Qt.AutoConnection), never directly.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from desktop.chat.models import Profile


class LinkState(enum.Enum):
    """Connection state of the PBX registration or the chat session, as the UI shows it."""

    OFFLINE = "offline"  # not configured, or signed out on purpose
    CONNECTING = "connecting"
    ONLINE = "online"
    FAILED = "failed"  # see the reason; the service retries with backoff where that helps


@dataclass(frozen=True)
class PbxLinkChanged:
    state: LinkState
    account: str  # sip:user@server, for display
    reason: str = ""  # words for the specialist, e.g. "Wrong password"


@dataclass(frozen=True)
class ChatLinkChanged:
    state: LinkState
    account: str  # user@domain
    reason: str = ""


@dataclass(frozen=True)
class SettingChanged:
    key: str  # a key of desktop.settings.SCHEMA
    value: object


@dataclass(frozen=True)
class OwnProfileChanged:
    full_name: str
    position: str
    avatar_png: bytes = b""  # square PNG, empty when there is no photo


class CallState(enum.Enum):
    """A call as the specialist sees it; SIP codes stay in desktop/telephony."""

    DIALING = "dialing"  # our call is on its way
    RINGING = "ringing"  # the far phone rings; we hear the ringback tone
    INCOMING = "incoming"  # someone calls us; we ring
    CONNECTING = "connecting"
    ACTIVE = "active"
    HELD = "held"  # put on hold by us
    ENDED = "ended"


@dataclass(frozen=True)
class CallInfo:
    id: int
    direction: str  # "in" | "out"
    number: str  # the far party's number, extension or SIP user
    name: str  # their display name, "" when the PBX sent none
    state: CallState
    started_at: float
    answered_at: float | None = None
    remote_hold: bool = False  # the far party put us on hold
    muted: bool = False  # our microphone is off (mute holds for every call at once)
    conference: bool = False
    transfer: str = ""  # "" | "pending" | "done" | "failed"
    consult_for: int | None = None  # a call to a colleague while the client (this id) waits
    result: str = ""  # once ENDED: answered, missed, declined, busy, cancelled, failed,
    #                   transferred, unreachable
    history_id: int = 0  # the row in the call history (store)


class Status(enum.Enum):
    """Presence as the specialist chooses it (XMPP show values stay in desktop/chat)."""

    ONLINE = "online"
    BUSY = "busy"  # busy for new appeals
    AWAY = "away"
    OFFLINE = "offline"


@dataclass(frozen=True)
class ContactInfo:
    jid: str  # bare JID
    name: str
    status: Status
    status_text: str = ""
    groups: tuple[str, ...] = ()
    profile: Profile | None = None  # their vCard, once fetched


@dataclass(frozen=True)
class ChatMessage:
    id: str  # the stanza id we or the sender gave it
    peer: str  # bare JID of the other side
    outgoing: bool
    body: str  # plain text, never markup
    sent_at: float
    state: str = ""  # outgoing: queued | sent (on the server) | delivered (receipt)
    reply_to: str = ""  # id of the quoted message, "" when none
    quote: str = ""  # the quoted text (shown as a quote; the body is the reply alone)


@dataclass(frozen=True)
class OwnStatusChanged:
    status: Status
    automatic: bool = False  # set by auto-away, not by the specialist


@dataclass(frozen=True)
class ErrorRaised:
    """Something the specialist must know about that no dialog is open for."""

    title: str
    text: str


class Bus(QObject):
    # PBX registration state changed (registered, failed with reason, connecting).
    pbx_link = Signal(PbxLinkChanged)
    # Chat server session state changed.
    chat_link = Signal(ChatLinkChanged)
    # A setting got a new value (already stored).
    setting_changed = Signal(SettingChanged)
    # A call rings for us (the popup and the ringer start on it).
    incoming_call = Signal(CallInfo)
    # Any change of any call: state, hold, conference, transfer, the end with its result.
    call_changed = Signal(CallInfo)
    # A contact appeared or changed name, groups or presence.
    contact_changed = Signal(ContactInfo)
    # A chat message arrived, was sent, or changed state (sent, delivered).
    message = Signal(ChatMessage)
    # The specialist's own status changed (by hand or by auto-away).
    own_status = Signal(OwnStatusChanged)
    # The specialist's own name, position or photo changed.
    own_profile = Signal(OwnProfileChanged)
    # A problem to show the specialist in the status bar or a message box.
    error = Signal(ErrorRaised)
