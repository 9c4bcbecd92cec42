"""CallService: the GUI-thread side of telephony. Plain state, typed signals, no SIP codes out."""

from __future__ import annotations

import dataclasses
import itertools
import logging
import re
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.bus import (
    Bus,
    CallAction,
    CallFailed,
    CallFailure,
    CallInfo,
    CallState,
    ErrorRaised,
    LinkProblem,
    LinkState,
    NoticeKind,
    PbxLinkChanged,
)
from desktop.gui_thread import assert_gui_thread
from desktop.store import Store
from desktop.telephony.engine_client import EngineClient, EngineLink, EngineSink
from desktop.telephony.numbers import Dialable, display_of
from desktop.telephony.protocol import Message, SipAccountConfig
from desktop.values import CallRecord

log = logging.getLogger(__name__)

RESTART_DELAY_MS = 1000
# A blind transfer the far end accepted (202) is over when its final NOTIFY says so, when it
# leaves our call, or after this long: a transferee whose NOTIFY never comes or cannot be
# parsed (Linphone's "reason=reason=noresource") must not keep the specialist's line.
BLIND_TRANSFER_RELEASE_S = 8.0
ACTIONS = {"answer": CallAction.ANSWER, "decline": CallAction.DECLINE,
           "hangup": CallAction.HANGUP, "hold": CallAction.HOLD, "mute": CallAction.MUTE,
           "dtmf": CallAction.DTMF, "audio": CallAction.AUDIO}
STATES = {"calling": CallState.DIALING, "ringing": CallState.RINGING,
          "incoming": CallState.INCOMING, "connecting": CallState.CONNECTING,
          "active": CallState.ACTIVE, "ended": CallState.ENDED}
_REMOTE = re.compile(r"^sips?:[^\s<>]+$")


def registration_problem(code: int, detail: str) -> LinkProblem:
    """A failed registration's SIP result as a reason the UI words."""
    if "CERTVERIF" in detail or "certificate" in detail.lower():
        return LinkProblem.UNTRUSTED_CERTIFICATE
    if detail == "no-answer" or code == 408:
        return LinkProblem.NO_ANSWER
    if code in (401, 403, 407):
        return LinkProblem.WRONG_PASSWORD
    if code == 404:
        return LinkProblem.UNKNOWN_USER
    if code in (502, 503):
        return LinkProblem.UNREACHABLE
    return LinkProblem.SERVER_ERROR if code >= 500 else LinkProblem.REFUSED


def parse_remote(remote: str) -> tuple[str, str]:
    """'"Иван" <sip:+7916@pbx>' -> ("Иван", "+7916"). The address is the last <sip:…>; the
    display name is whatever comes before it, quotes and all (a caller may put "<" in it)."""
    text = remote.strip()
    start = max(text.rfind("<sip:"), text.rfind("<sips:"))
    if start >= 0 and text.endswith(">"):
        name, uri = text[:start].strip(), text[start + 1:-1]
        if len(name) >= 2 and name[0] == name[-1] == '"':
            name = name[1:-1].replace('\\"', '"')
    elif _REMOTE.match(text):
        name, uri = "", text
    else:
        return "", remote
    user = uri.split(":", 1)[1].split("@", 1)[0].split(";", 1)[0]
    return name.strip(), user


LINES_BUSY = "lines busy"  # refused by the engine: every line was taken


def call_result(call: CallInfo, code: int) -> str:
    if call.transfer in ("done", "pending"):  # the far party left us for the colleague
        return "transferred"
    if call.answered_at is not None:
        return "answered"
    if call.direction == "in":
        return "declined" if code == 486 else "missed"
    return {486: "busy", 600: "busy", 603: "declined", 487: "cancelled", 404: "not found",
            408: "unreachable", 480: "unreachable", 503: "unreachable"}.get(code, "failed")


class CallService(QObject):
    """Registration to the PBX and every call; the call history is written here."""

    # A history row changed (a comment was saved); ended calls come as bus.call_changed.
    history_changed = Signal(CallRecord)

    def __init__(self, bus: Bus, store: Store, engine_env: dict[str, str] | None = None,
                 engine: Callable[[EngineSink], EngineLink] | None = None) -> None:
        """`engine` makes the link to the engine (tests give a fake of the same interface);
        by default the engine process itself."""
        super().__init__()
        self.bus = bus
        self.store = store
        self.engine: EngineLink = (engine(self) if engine is not None
                                   else EngineClient(self, engine_env))
        self.account: SipAccountConfig | None = None
        self.state = LinkState.OFFLINE
        self.problem: LinkProblem | None = None
        self.problem_code = 0
        self.local_address = ""  # where our SIP transport listens, "host:port"
        self.calls: dict[int, CallInfo] = {}
        self.muted = False
        self.audio: dict[str, object] = {}
        self._tags = itertools.count(1)
        self._dialing: dict[str, tuple[Dialable, int | None]] = {}
        self._transfer_targets: dict[int, str] = {}  # call id -> where it is being passed on
        self._releasing: set[int] = set()  # transfers under way, the release clock running
        self._refused_ids = 0  # bus ids of callers refused with every line taken: -1, -2, …

    # --- registration -----------------------------------------------------------------------
    def sign_in(self, account: SipAccountConfig) -> None:
        assert_gui_thread()
        self.account = account
        self._set_link(LinkState.CONNECTING)
        if self.audio:
            self.engine.send("audio", **self.audio)
        self.engine.send("register", account=account.to_json())

    def sign_out(self) -> None:
        assert_gui_thread()
        self.account = None
        self.engine.stop()
        self._set_link(LinkState.OFFLINE)

    def set_audio(self, mic: str, speaker: str, echo_canceller: bool = False) -> None:
        """Call audio devices by PulseAudio name ("" = the system default)."""
        assert_gui_thread()
        self.audio = {"mic": mic, "speaker": speaker, "echo_canceller": echo_canceller}
        if self.account is not None:
            self.engine.send("audio", **self.audio)

    # --- calls ------------------------------------------------------------------------------
    def dial(self, target: Dialable, consult_for: int | None = None) -> str | None:
        """Calls a number; returns a tag that the new call's first event carries, or None
        when it cannot be tried now (call_failed says why)."""
        assert_gui_thread()
        if self.account is None or self.state is not LinkState.ONLINE:
            self._fail(CallAction.DIAL, CallFailure.NOT_CONNECTED, target=target.display)
            return None
        tag = f"d{next(self._tags)}"
        self._dialing[tag] = (target, consult_for)
        self.engine.send("call", uri=target.uri(self.account.server), tag=tag)
        return tag

    def answer(self, call_id: int) -> None:
        """Answers; a call already in progress goes on hold first (call waiting)."""
        assert_gui_thread()
        for other in self.calls.values():
            if other.id != call_id and other.state is CallState.ACTIVE:
                self.hold(other.id)
        self.engine.send("answer", id=call_id)

    def decline(self, call_id: int) -> None:
        assert_gui_thread()
        self.engine.send("decline", id=call_id)

    def hangup(self, call_id: int) -> None:
        assert_gui_thread()
        self.engine.send("hangup", id=call_id)

    def hold(self, call_id: int) -> None:
        assert_gui_thread()
        self.engine.send("hold", id=call_id, on=True)

    def resume(self, call_id: int) -> None:
        """Takes a call off hold; any other active call goes on hold instead."""
        assert_gui_thread()
        for other in self.calls.values():
            if other.id != call_id and other.state is CallState.ACTIVE and not other.conference:
                self.hold(other.id)
        self.engine.send("hold", id=call_id, on=False)

    def set_mute(self, on: bool) -> None:
        assert_gui_thread()
        self.muted = on
        self.engine.send("mute", on=on)
        for cid in list(self.calls):
            self._update(cid, muted=on)

    def send_dtmf(self, call_id: int, digits: str) -> None:
        assert_gui_thread()
        digits = "".join(d for d in digits if d in "0123456789*#ABCD")
        if digits:
            self.engine.send("dtmf", id=call_id, digits=digits)
            call = self.calls.get(call_id)
            if call is not None:
                self._update(call_id, digits_sent=call.digits_sent + digits)

    def transfer(self, call_id: int, target: Dialable) -> None:
        """Blind transfer: the far party is passed on at once."""
        assert_gui_thread()
        if self.account is None:
            self._fail(CallAction.TRANSFER, CallFailure.NOT_CONNECTED, call_id, target.display)
            return
        self._update(call_id, transfer="pending", transferred_to=target.target)
        self._transfer_targets[call_id] = target.display
        self.engine.send("transfer", id=call_id, uri=target.uri(self.account.server))

    def consult(self, client_id: int, colleague: Dialable) -> str | None:
        """Attended transfer, step one: the client waits on hold while we call a colleague."""
        assert_gui_thread()
        self.hold(client_id)
        tag = self.dial(colleague, consult_for=client_id)
        if tag is None:
            self.resume(client_id)
        return tag

    def complete_transfer(self, call_id: int, consult_id: int) -> None:
        """Attended transfer: after agreeing with the colleague on `consult_id`."""
        assert_gui_thread()
        self._update(call_id, transfer="pending")
        if consult_id in self.calls:
            self._transfer_targets[call_id] = display_of(self.calls[consult_id].number)
            self._update(call_id, transferred_to=self.calls[consult_id].number)
        self.engine.send("attended_transfer", id=call_id, consult_id=consult_id)

    def conference(self, call_ids: list[int]) -> None:
        assert_gui_thread()
        for cid in call_ids:
            self._update(cid, conference=True)
        self.engine.send("conference", ids=call_ids)

    def set_comment(self, history_id: int, comment: str) -> None:
        """The specialist's note on a call, during or after it (CallInfo.history_id)."""
        assert_gui_thread()
        self.store.set_call_comment(history_id, comment.strip())
        record = self.store.call(history_id)
        if record is not None:
            self.history_changed.emit(record)

    def history(self, limit: int = 500, number: str | None = None) -> list[CallRecord]:
        """The call history, newest first; `number`: only the calls with that number."""
        return self.store.calls(limit=limit, number=number)

    def history_record(self, history_id: int) -> CallRecord | None:
        return self.store.call(history_id)

    # --- EngineSink -------------------------------------------------------------------------
    def on_engine_event(self, event: Message) -> None:
        assert_gui_thread()
        log.debug("engine: %s", event)
        handlers: dict[str, Callable[[Message], object]] = {
            "reg": self._on_reg, "call": self._on_call, "failed": self._on_failed,
            "hold": lambda e: self._on_hold(int(e["id"]), str(e["hold"])),
            "transfer": lambda e: self._on_transfer(int(e["id"]), int(e["code"]),
                                                    bool(e["final"])),
            "dtmf": self._on_dtmf,
            "quality": self._on_quality,
            "rejected": lambda e: self._on_lines_busy(str(e.get("remote", ""))),
            "too_large": lambda e: self.bus.error.emit(
                ErrorRaised(NoticeKind.SIP_TOO_LARGE, str(e.get("source", "")))),
            "audio_error": self._on_audio_error,
            "ready": lambda e: log.info("telephony engine ready, pjsip %s", e.get("pjsip")),
        }
        handler = handlers.get(str(event["ev"]))
        if handler is not None:
            handler(event)

    def _on_reg(self, event: Message) -> None:
        state = {"online": LinkState.ONLINE, "connecting": LinkState.CONNECTING,
                 "failed": LinkState.FAILED, "offline": LinkState.OFFLINE}[event["state"]]
        code, detail = int(event["code"]), str(event["detail"])
        self.local_address = str(event.get("local", "")) or self.local_address
        if state is LinkState.FAILED:
            self._set_link(state, registration_problem(code, detail), code, detail)
        else:
            self._set_link(state)

    def _on_dtmf(self, event: Message) -> None:
        call = self.calls.get(int(event["id"]))
        digit = str(event.get("digit", ""))[:1]
        if call is not None and digit in tuple("0123456789*#ABCD"):
            self._update(call.id, digits_received=call.digits_received + digit)

    def _on_quality(self, event: Message) -> None:
        call = self.calls.get(int(event["id"]))
        if call is None:
            return
        try:
            mos, loss, jitter = (float(event["mos"]), float(event["loss"]),
                                 float(event["jitter"]))
        except (KeyError, TypeError, ValueError):
            return
        worst = min(call.worst_mos, mos) if call.worst_mos else mos
        self._update(call.id, mos=mos, loss_pct=loss, jitter_ms=jitter, worst_mos=worst)

    def _on_audio_error(self, event: Message) -> None:
        log.warning("call audio device: %s", event.get("text"))
        self._fail(CallAction.AUDIO, CallFailure.NO_AUDIO_DEVICE)

    def on_engine_lost(self, reason: str) -> None:
        assert_gui_thread()
        log.warning("%s; restarting it", reason)
        for call in list(self.calls.values()):
            self._end(call, 0)
        self._set_link(LinkState.FAILED, LinkProblem.ENGINE_RESTARTING, detail=reason)
        QTimer.singleShot(RESTART_DELAY_MS, self._restart)

    def _restart(self) -> None:
        if self.account is not None:
            self.sign_in(self.account)

    # --- failures ---------------------------------------------------------------------------
    def _on_failed(self, event: Message) -> None:
        """A command the engine could not carry out: undo what we assumed, then say so."""
        op, why = str(event.get("op", "")), str(event.get("why", ""))
        cid = event.get("id")
        call_id = int(cid) if isinstance(cid, int) else None
        reason = {"not-registered": CallFailure.NOT_CONNECTED,
                  "no-call": CallFailure.CALL_GONE}.get(why, CallFailure.NOT_SENT)
        log.warning("engine could not %s (call %s): %s %s", op, call_id, why,
                    event.get("detail", ""))
        if op == "call":
            dialed, consult_for = self._dialing.pop(str(event.get("tag", "")), (None, None))
            if consult_for is not None and consult_for in self.calls:
                self.resume(consult_for)  # the client waited for a consult that never began
            self._fail(CallAction.DIAL, reason, target=dialed.display if dialed else "")
        elif op in ("transfer", "attended_transfer") and call_id is not None:
            self._update(call_id, transfer="", transferred_to="")
            self._fail(CallAction.TRANSFER, reason, call_id,
                       self._transfer_targets.pop(call_id, ""))
        elif op == "conference":
            for each in event.get("ids") or []:
                self._update(int(each), conference=False)
            self._fail(CallAction.CONFERENCE, reason)
        elif op in ACTIONS:
            action = ACTIONS[op]
            if op == "hold" and not event.get("on"):
                action = CallAction.RESUME
            elif op == "mute":
                self.muted = not bool(event.get("on"))
                for each in list(self.calls):
                    self._update(each, muted=self.muted)
            self._fail(action, reason, call_id)

    def _on_transfer(self, call_id: int, code: int, final: bool) -> None:
        """The transferee's progress (NOTIFY): a final 2xx is done, any failure undone."""
        if not final and code < 300:
            if call_id not in self._releasing:  # accepted or under way: the clock starts
                self._releasing.add(call_id)
                QTimer.singleShot(round(BLIND_TRANSFER_RELEASE_S * 1000),
                                  lambda: self._release_transferred(call_id))
            return
        if 200 <= code < 300:
            self._transfer_targets.pop(call_id, None)
            self._update(call_id, transfer="done")
            return
        self._update(call_id, transfer="failed", transferred_to="")
        self._fail(CallAction.TRANSFER, CallFailure.REJECTED, call_id,
                   self._transfer_targets.pop(call_id, ""), sip_code=code)

    def _release_transferred(self, call_id: int) -> None:
        self._releasing.discard(call_id)
        call = self.calls.get(call_id)
        if call is not None and call.transfer == "pending":
            log.info("transfer of call %s accepted, no final word: releasing our leg", call_id)
            self._transfer_targets.pop(call_id, None)
            self._update(call_id, transfer="done")
            self.hangup(call_id)

    def _fail(self, action: CallAction, reason: CallFailure, call_id: int | None = None,
              target: str = "", sip_code: int = 0) -> None:
        self.bus.call_failed.emit(CallFailed(action, reason, call_id, target, sip_code))

    # --- call events ------------------------------------------------------------------------
    def _on_call(self, event: Message) -> None:
        cid = int(event["id"])
        state = STATES.get(str(event["state"]), CallState.DIALING)
        call = self.calls.get(cid)
        if call is None:
            call = self._new_call(cid, event, state)
            if call is None:
                return
        if state is CallState.ENDED:
            self._end(call, int(event["code"]))
            return
        if state is CallState.ACTIVE and call.state is CallState.HELD:
            return  # the held state comes from the media event
        answered = call.answered_at
        if state is CallState.ACTIVE and answered is None:
            answered = time.time()
            self.store.call_answered(call.history_id, answered)
        self._update(cid, state=state, answered_at=answered)

    def _on_lines_busy(self, remote: str) -> None:
        """A caller the engine had to refuse, every line taken: never rang, but kept in the
        history and told (bus: an ENDED call with result "lines busy", never in `calls`)."""
        name, number = parse_remote(remote)
        now = time.time()
        history_id = self.store.add_call("in", number, name, now)
        self.store.call_ended(history_id, LINES_BUSY)
        self._refused_ids -= 1  # engine call ids are >= 0: these never collide
        self.bus.call_changed.emit(CallInfo(self._refused_ids, "in", number, name,
                                            CallState.ENDED, now, result=LINES_BUSY,
                                            history_id=history_id))

    def _new_call(self, cid: int, event: Message, state: CallState) -> CallInfo | None:
        if state is CallState.ENDED:
            return None
        name, number = parse_remote(str(event.get("remote", "")))
        dialed, consult_for = self._dialing.pop(str(event.get("tag", "")), (None, None))
        if dialed is not None:
            number = dialed.target
        direction = str(event.get("direction", "in"))
        now = time.time()
        history_id = self.store.add_call(direction, number, name, now)
        appeal = event.get("appeal", 0)
        call = CallInfo(cid, direction, number, name, state, now, history_id=history_id,
                        consult_for=consult_for, muted=self.muted,
                        appeal=appeal if isinstance(appeal, int) else 0)
        self.calls[cid] = call
        if state is CallState.INCOMING:
            self.bus.incoming_call.emit(call)
        return call

    def _on_hold(self, cid: int, hold: str) -> None:
        call = self.calls.get(cid)
        if call is None:
            return
        if hold == "local":
            self._update(cid, state=CallState.HELD, remote_hold=False)
        elif hold == "remote":
            self._update(cid, state=CallState.ACTIVE, remote_hold=True)
        else:
            self._update(cid, state=CallState.ACTIVE, remote_hold=False)

    def _end(self, call: CallInfo, code: int) -> None:
        result = call_result(call, code)
        if (call.direction == "out" and call.answered_at is None and code >= 300
                and code != 487):  # 487: we cancelled it ourselves
            self._fail(CallAction.DIAL, CallFailure.REJECTED, call.id,
                       display_of(call.number), sip_code=code)
        self.store.call_ended(call.history_id, result)
        if call.worst_mos:
            self.store.set_call_quality(call.history_id, call.worst_mos)
        ended = dataclasses.replace(call, state=CallState.ENDED, result=result)
        del self.calls[call.id]
        self._transfer_targets.pop(call.id, None)
        if not self.calls and self.muted:
            self.set_mute(False)  # a new call starts unmuted
        self.bus.call_changed.emit(ended)

    def _update(self, cid: int, **changes: object) -> None:
        call = self.calls.get(cid)
        if call is None:
            return
        new = dataclasses.replace(call, **changes)  # type: ignore[arg-type]
        if new != call:
            self.calls[cid] = new
            self.bus.call_changed.emit(new)

    def _set_link(self, state: LinkState, problem: LinkProblem | None = None, code: int = 0,
                  detail: str = "") -> None:
        if (state, problem, code) == (self.state, self.problem, self.problem_code):
            return
        self.state, self.problem, self.problem_code = state, problem, code
        aor = self.account.aor if self.account else ""
        log.info("pbx %s: %s %s %s %s", aor, state.value, problem, code or "", detail)
        self.bus.pbx_link.emit(PbxLinkChanged(state, aor, problem, code, detail))
