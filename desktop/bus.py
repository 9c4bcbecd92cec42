"""The central signal bus: every cross-cutting event of the app, typed and listed here.

Only events that several parts care about travel here; parent-child wiring stays direct.
Each signal carries one frozen dataclass. The Bus lives in the GUI thread, so an emit from a
protocol thread reaches GUI-thread receivers queued (Qt.AutoConnection), never directly.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from desktop.values import Profile


class LinkState(enum.Enum):
    """Connection state of the PBX registration or the chat session, as the UI shows it."""

    OFFLINE = "offline"  # not configured, or signed out on purpose
    CONNECTING = "connecting"
    ONLINE = "online"
    FAILED = "failed"  # see the reason; the service retries with backoff where that helps


class LinkProblem(enum.Enum):
    """Why a link is not up, or what it is doing about it; desktop/ui words it."""

    WRONG_PASSWORD = "wrong-password"  # noqa: S105 - a reason, not a password; not retried
    UNKNOWN_USER = "unknown-user"  # the PBX does not know our user
    NO_ANSWER = "no-answer"  # the server does not answer; retrying
    UNREACHABLE = "unreachable"  # the server cannot be reached; retrying
    UNTRUSTED_CERTIFICATE = "untrusted-certificate"  # check the CA file; not retried
    SERVER_ERROR = "server-error"  # the server has a problem (code); retrying
    REFUSED = "refused"  # refused for another reason (code); retrying
    CONNECTION_LOST = "connection-lost"  # reconnecting
    ENGINE_RESTARTING = "engine-restarting"  # the telephony engine stopped; restarting it
    LAB_STARTING = "lab-starting"  # the built-in lab is starting
    LAB_FAILED = "lab-failed"  # the built-in lab did not start (detail)


@dataclass(frozen=True)
class PbxLinkChanged:
    state: LinkState
    account: str  # sip:user@server, for display
    problem: LinkProblem | None = None
    code: int = 0  # the server's answer where the problem has one (SERVER_ERROR, REFUSED)
    detail: str = ""  # the program's own words, for the log; never shown as markup


@dataclass(frozen=True)
class ChatLinkChanged:
    state: LinkState
    account: str  # user@domain
    problem: LinkProblem | None = None
    code: int = 0
    detail: str = ""


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
    transferred_to: str = ""  # the number (extension, SIP address) it is passed on to
    consult_for: int | None = None  # a call to a colleague while the client (this id) waits
    result: str = ""  # once ENDED: answered, missed, declined, busy, cancelled, failed,
    #                   transferred, unreachable
    digits_sent: str = ""  # DTMF we sent in this call (a voice menu's choices)
    digits_received: str = ""  # DTMF the far side sent
    history_id: int = 0  # the row in the call history (store)
    appeal: int = 0  # a call to a support line: its appeal at the desk (the PBX names it)
    # The line, from RTCP (telephony/quality.py): 0 until measured. The worst MOS of the
    # call is kept in its history row.
    mos: float = 0.0
    loss_pct: float = 0.0
    jitter_ms: float = 0.0
    worst_mos: float = 0.0


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
    in_roster: bool = True  # False: a stranger who wrote to us (not in our contacts)


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
    corrects: str = ""  # from the adapter: the id of their message this one corrects
    edited: bool = False  # the sender corrected it (XEP-0308): the body is the last text
    author: str = ""  # who wrote it when not `peer` itself: a colleague in an appeal (name)
    note: bool = False  # an appeal's internal note: the team's words, never the client's


@dataclass(frozen=True)
class OwnStatusChanged:
    status: Status
    automatic: bool = False  # set by auto-away, not by the specialist


class CallAction(enum.Enum):
    """What the specialist asked of a call (the failure of it is reported as CallFailed)."""

    DIAL = "dial"
    ANSWER = "answer"
    DECLINE = "decline"
    HANGUP = "hangup"
    HOLD = "hold"
    RESUME = "resume"
    MUTE = "mute"
    DTMF = "dtmf"
    TRANSFER = "transfer"
    CONFERENCE = "conference"
    AUDIO = "audio"


class CallFailure(enum.Enum):
    """Why a call action failed; desktop/ui words it."""

    NOT_CONNECTED = "not-connected"  # no registration to the PBX at the moment
    CALL_GONE = "call-gone"  # the call ended before the action reached it
    NOT_SENT = "not-sent"  # the phone stack could not send it (e.g. an address it rejects)
    REJECTED = "rejected"  # the PBX or the far party said no (see sip_code)
    ENGINE_STOPPED = "engine-stopped"  # the telephony engine stopped; it is being restarted
    NO_AUDIO_DEVICE = "no-audio-device"  # the call goes on, without the chosen device


@dataclass(frozen=True)
class CallFailed:
    action: CallAction
    reason: CallFailure
    call_id: int | None = None  # None for a dial that never became a call
    target: str = ""  # the number dialled or transferred to, as the specialist gave it
    sip_code: int = 0  # the PBX's or far party's answer, for REJECTED


class NoticeKind(enum.Enum):
    """What happened that the specialist must know, with no dialog open for it."""

    DEVICE_UNPLUGGED = "device-unplugged"  # subject: the device; its role went to the default
    HEADSET_TAKEN = "headset-taken"  # subject: a headset just plugged in, now used for calls
    RINGTONE_UNUSABLE = "ringtone-unusable"  # the chosen ring sound cannot be played
    SETTINGS_SET_ASIDE = "settings-set-aside"  # a setting or the file was damaged
    LAB_FAILED = "lab-failed"  # the built-in lab did not start
    KEYRING_FAILED = "keyring-failed"  # the keyring did not answer; the password is asked
    PASSWORD_NOT_SAVED = "password-not-saved"  # noqa: S105 - subject: the account
    SIP_TOO_LARGE = "sip-too-large"  # the PBX sent more than the engine takes: a call lost


@dataclass(frozen=True)
class ErrorRaised:
    """Something the specialist must know about that no dialog is open for."""

    kind: NoticeKind
    subject: str = ""  # what it is about, as the system names it (a device)
    detail: str = ""  # the program's own words (may be English): shown after the reason


class AppealState(enum.Enum):
    OFFERED = "offered"  # to me, to accept within the line's clock
    IN_WORK = "in-work"  # mine
    TAKING_PART = "taking-part"  # a colleague's, I was invited: I hear the client, may write
    QUEUED = "queued"  # waiting in the queue of a line of mine, nobody's yet: I may take it
    HANDED_ON = "handed-on"  # I transferred or escalated it; it is told to me how it ends
    FINISHED = "finished"  # finished (by me, by a colleague, or by itself)
    GONE = "gone"  # the offer went on, or it left the queue to someone else: forgotten
    READING = "reading"  # a senior reads a colleague's appeal (online monitor); may join


class AppealProblem(enum.Enum):
    """Why the desk refused an action on an appeal; desktop/ui words it."""

    NOT_YOURS = "not-yours"
    OFFLINE = "offline"  # the colleague, or every senior, is offline
    NOT_CONNECTED = "not-connected"  # the line is not connected for this client
    CONFIRM = "confirm"  # transferred once already: a second transfer needs a confirmation
    NOT_FOUND = "not-found"
    UNREACHABLE = "unreachable"  # the desk does not answer
    # Returning it to the partner (the reasons of supportdesk/protocol/handover.py):
    NO_FIRST_LINE = "no-first-line"  # no partner's first line stands before this line for them
    PARTNER_UNREACHABLE = "partner-unreachable"  # the partner's desk did not take it
    PARTNER_DISTRUSTS = "partner-distrusts"  # the partner's desk takes none from ours
    PARTNER_NO_LINE = "partner-no-line"  # the partner's desk has no such first line
    PARTNER_NOT_THEIRS = "partner-not-theirs"  # the client is not connected there
    PARTNER_REFUSED = "partner-refused"  # refused for another reason
    OTHER = "other"


@dataclass(frozen=True)
class AppealInfo:
    """One appeal as the specialist's app knows it."""

    id: int
    line: str  # the line's id
    line_name: str  # as people call it
    client: str  # the client's address
    address: str  # the appeal's own chat address (a<id>@desk.<domain>)
    state: AppealState
    offered_at: float  # offered to me, or (queued) waiting since
    accept_by: float  # Unix time: the clock of an offer or of a queued one; 0 once accepted
    organisation: str = ""
    channel: str = "chat"  # chat | call | callback (a caller nobody took: call them back)
    transfers: int = 0
    control_until: float = 0.0  # the control question was asked: finishes by itself then
    finished_at: float = 0.0
    score: int = 0  # the client's rating, 1..5 (0: none yet)
    comment: str = ""  # the client's words with the rating
    number: str = ""  # a phone appeal's: what calls the client back


@dataclass(frozen=True)
class AppealFailed:
    appeal: int
    action: str  # accept, finish, transfer, …
    problem: AppealProblem
    detail: str = ""  # the desk's own words (the lines connected for the client, …)


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
    # A call action failed (its state is already rolled back); the call UI says why.
    call_failed = Signal(CallFailed)
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
    # An appeal of mine changed: offered, accepted, queued on my line, handed on, finished,
    # rated, or gone elsewhere.
    appeal = Signal(AppealInfo)
    # The desk refused an action on an appeal (its state is unchanged).
    appeal_failed = Signal(AppealFailed)
