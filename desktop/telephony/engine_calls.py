"""Calls inside the engine process: pjsua2 Call objects, their audio wiring, their events."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from typing import Any

import pjsua2 as pj

from desktop.telephony.audio_bridge import CLOCK_RATE, BridgePort, DeviceStreams, FrameQueue
from desktop.telephony.quality import estimate

log = logging.getLogger("deskline.engine.calls")

INV_STATES = {
    pj.PJSIP_INV_STATE_NULL: "calling",
    pj.PJSIP_INV_STATE_CALLING: "calling",
    pj.PJSIP_INV_STATE_INCOMING: "incoming",
    pj.PJSIP_INV_STATE_EARLY: "ringing",
    pj.PJSIP_INV_STATE_CONNECTING: "connecting",
    pj.PJSIP_INV_STATE_CONFIRMED: "active",
    pj.PJSIP_INV_STATE_DISCONNECTED: "ended",
}
QUALITY_S = 3.0  # how often a talking call's line is measured (RTCP comes every ~5 s)
HOLD = {pj.PJSUA_CALL_MEDIA_LOCAL_HOLD: "local", pj.PJSUA_CALL_MEDIA_REMOTE_HOLD: "remote"}
Send = Callable[..., None]


def op(keep_going: bool = True) -> pj.CallOpParam:
    # CallOpParam(True) fills in defaults; a bare one re-INVITEs with m=audio 0 (488).
    return pj.CallOpParam(keep_going)


class EngineCall(pj.Call):  # type: ignore[misc]
    def __init__(self, table: CallTable, account: pj.Account,
                 call_id: int = pj.PJSUA_INVALID_ID, direction: str = "out") -> None:
        super().__init__(account, call_id)
        self.table = table
        self.direction = direction
        self.hold = "none"
        self.media_active = False
        self.last_state = ""
        self.tag = ""
        self.refused = False
        self.appeal = 0  # a call to a support line: its appeal at the desk

    def onCallState(self, prm: pj.OnCallStateParam) -> None:  # noqa: N802 - pjsua2 callback
        self.table.on_state(self)

    def onCallMediaState(self, prm: pj.OnCallMediaStateParam) -> None:  # noqa: N802
        self.table.on_media(self)

    def onDtmfDigit(self, prm: pj.OnDtmfDigitParam) -> None:  # noqa: N802
        self.table.send("dtmf", id=self.getId(), digit=str(prm.digit))

    def onCallTransferRequest(self, prm: pj.OnCallTransferRequestParam) -> None:  # noqa: N802
        # We are being transferred: follow it, with a call object we track.
        prm.statusCode = 202
        new_call = EngineCall(self.table, self.table.account(), direction="out")
        prm.newCall = self.table.adopt(new_call)

    def onCallTransferStatus(self, prm: pj.OnCallTransferStatusParam) -> None:  # noqa: N802
        code, final = int(prm.statusCode), bool(prm.finalNotify)
        self.table.send("transfer", id=self.getId(), code=code, final=final)
        if final and 200 <= code < 300:
            self.table.hangup(self.getId())  # the far party is with the colleague now
        prm.cont = not final

    def onCallReplaceRequest(self, prm: pj.OnCallReplaceRequestParam) -> None:  # noqa: N802
        prm.statusCode = 200

    def onCallReplaced(self, prm: pj.OnCallReplacedParam) -> None:  # noqa: N802
        prm.newCall = self.table.adopt(
            EngineCall(self.table, self.table.account(), int(prm.newCallId), direction="in"))


class CallTable:
    """Every live call by pjsua id, the bridge port they share, and who hears whom."""

    def __init__(self, send: Send, account: Callable[[], pj.Account]) -> None:
        self.send = send
        self.account = account
        self.calls: dict[int, EngineCall] = {}
        self.conference: set[int] = set()
        self.mic = FrameQueue()
        self.speaker = FrameQueue()
        self.port: BridgePort | None = None
        self.devices = DeviceStreams(self.mic, self.speaker)
        self.ringback: pj.ToneGenerator | None = None
        self.to_refuse: list[EngineCall] = []
        self.quality_at = 0.0

    def adopt(self, call: EngineCall) -> EngineCall:
        self.calls[call.getId()] = call
        return call

    # --- commands -------------------------------------------------------------------------
    def make_call(self, uri: str, tag: str) -> None:
        call = EngineCall(self, self.account(), direction="out")
        call.tag = tag  # the first event says which dial it answers
        call.makeCall(uri, op())
        self.adopt(call)
        self.devices.prepare()  # after the INVITE is out: loading competes for the GIL

    def incoming(self, call_id: int, admitted: bool, appeal: int = 0) -> None:
        call = self.adopt(EngineCall(self, self.account(), call_id, direction="in"))
        call.appeal = appeal
        if not admitted:  # not from the PBX, or not to our Contact (admission.py)
            call.refused = True  # never shown: nobody rings for it
            # Not here: hanging up inside onIncomingCall makes pjsua free the request twice
            # (assertion in pjsip_rx_data_free_cloned). The engine loop does it next.
            self.to_refuse.append(call)
            return
        call.last_state = "incoming"
        ring = op()
        ring.statusCode = 180
        call.answer(ring)
        self.send("call", **self._describe(call, "incoming"))
        self.devices.prepare()  # after the window knows: loading competes for the GIL

    def refuse_pending(self) -> None:
        while self.to_refuse:
            call = self.to_refuse.pop()
            if call.isActive():
                refuse = op()
                refuse.statusCode = 403
                call.hangup(refuse)

    def answer(self, call_id: int) -> None:
        prm = op()
        prm.statusCode = 200
        self.calls[call_id].answer(prm)

    def decline(self, call_id: int) -> None:
        prm = op()
        prm.statusCode = 486  # Busy Here: the caller hears "busy", not an error
        self.calls[call_id].hangup(prm)

    def hangup(self, call_id: int) -> None:
        call = self.calls.get(call_id)
        if call is not None and call.isActive():
            call.hangup(op())

    def set_hold(self, call_id: int, on: bool) -> None:
        call = self.calls[call_id]
        if on:
            call.setHold(op())
        else:
            prm = op()
            prm.opt.flag = pj.PJSUA_CALL_UNHOLD
            call.reinvite(prm)

    def set_mute(self, on: bool) -> None:
        if self.port is not None:
            self.port.muted = on
        self.send("mute", on=on)

    def dtmf(self, call_id: int, digits: str) -> None:
        self.calls[call_id].dialDtmf(digits)  # RFC 4733 events in the media stream

    def blind_transfer(self, call_id: int, uri: str) -> None:
        self.calls[call_id].xfer(uri, op())

    def attended_transfer(self, call_id: int, consult_id: int) -> None:
        self.calls[call_id].xferReplaces(self.calls[consult_id], op())

    def join(self, call_ids: list[int]) -> None:
        self.conference = set(call_ids)
        for cid in call_ids:
            if self.calls[cid].hold == "local":
                self.set_hold(cid, False)
        self._rewire()

    def hangup_all(self) -> None:
        for call in list(self.calls.values()):
            if call.isActive():
                call.hangup(op())

    # --- pjsua2 callbacks ------------------------------------------------------------------
    def on_state(self, call: EngineCall) -> None:
        info = call.getInfo()
        state = INV_STATES.get(info.state, "calling")
        if call.refused:
            if state == "ended":
                self.calls.pop(info.id, None)
            return
        if state == "ringing" and call.direction == "in":
            state = "incoming"
        if state == "ringing" and not call.media_active:
            self._ringback(True)
        if state in ("active", "ended"):
            self._ringback(False)
        if state == "ended":
            self.calls.pop(info.id, None)
            self.conference.discard(info.id)
            call.media_active = False
            self._rewire()
        if state != call.last_state:
            call.last_state = state
            self.send("call", **self._describe(call, state, info))

    def on_media(self, call: EngineCall) -> None:
        info = call.getInfo()
        statuses = [m.status for m in info.media if m.type == pj.PJMEDIA_TYPE_AUDIO]
        status = statuses[0] if statuses else pj.PJSUA_CALL_MEDIA_NONE
        call.media_active = status == pj.PJSUA_CALL_MEDIA_ACTIVE
        hold = HOLD.get(status, "none")
        if call.media_active:
            self._ringback(False)  # early media: the far end plays its own
        if hold != call.hold:
            call.hold = hold
            self.send("hold", id=info.id, hold=hold)
        self._rewire()

    # --- audio wiring ------------------------------------------------------------------------
    def _bridge(self) -> BridgePort:
        if self.port is None:
            self.port = BridgePort(self.mic, self.speaker)
        return self.port

    def _rewire(self) -> None:
        """Connects the device port to every call with live audio; conference calls also
        hear each other. Held calls hear nothing and send nothing."""
        port = self._bridge()
        live = {cid: c.getAudioMedia(-1) for cid, c in self.calls.items() if c.media_active}
        for call in self.calls.values():
            if call.hasMedia() and not call.media_active:
                media = call.getAudioMedia(-1)
                port.stopTransmit(media)
                media.stopTransmit(port)
        for cid, media in live.items():
            port.startTransmit(media)
            media.startTransmit(port)
            for other_id, other in live.items():
                if other_id != cid:
                    if cid in self.conference and other_id in self.conference:
                        media.startTransmit(other)
                    else:
                        media.stopTransmit(other)
        if live and not self.devices.running:
            self._start_devices()
        elif not live and self.devices.running and self.ringback is None:
            self.devices.stop()

    def _start_devices(self) -> None:
        try:
            self.devices.start()
        except Exception as exc:  # noqa: BLE001 - the call goes on; the GUI tells the user
            self.send("audio_error", text=str(exc))

    def _ringback(self, on: bool) -> None:
        """The tone the caller hears while the far phone rings (425 Hz, 1 s on, 4 s off)."""
        if on and self.ringback is None:
            tone = pj.ToneGenerator()
            tone.createToneGenerator(CLOCK_RATE, 1)
            desc = pj.ToneDesc()
            desc.freq1, desc.freq2, desc.on_msec, desc.off_msec = 425, 0, 1000, 4000
            descs = pj.ToneDescVector()
            descs.append(desc)
            tone.play(descs, True)
            tone.startTransmit(self._bridge())
            self.ringback = tone
            if not self.devices.running:
                self._start_devices()
        elif not on and self.ringback is not None:
            self.ringback.stopTransmit(self._bridge())
            self.ringback = None
            self._rewire()

    def _describe(self, call: EngineCall, state: str, info: Any = None) -> dict[str, Any]:
        info = info or call.getInfo()
        return {"id": int(info.id), "tag": call.tag, "state": state,
                "direction": call.direction,
                "remote": str(info.remoteUri), "code": int(info.lastStatusCode),
                "reason": str(info.lastReason), "appeal": call.appeal}

    def sample_quality(self, now: float) -> None:
        """Every QUALITY_S of a talking call: its line's figures from RTCP, to the app."""
        if now - self.quality_at < QUALITY_S:
            return
        self.quality_at = now
        for call in list(self.calls.values()):
            with contextlib.suppress(pj.Error):
                info = call.getInfo()
                if info.state != pj.PJSIP_INV_STATE_CONFIRMED or not call.hasMedia():
                    continue
                for i, media in enumerate(info.media):
                    if media.type != pj.PJMEDIA_TYPE_AUDIO:
                        continue
                    rtcp = call.getStreamStat(i).rtcp
                    rx = rtcp.rxStat
                    line = estimate(int(rx.pkt), int(rx.loss), rx.jitterUsec.mean / 1000,
                                    rtcp.rttUsec.mean / 1000)
                    self.send("quality", id=int(info.id), mos=line.mos,
                              loss=line.loss_pct, jitter=line.jitter_ms, rtt=line.rtt_ms)
                    break

    def release(self) -> None:
        """Before libDestroy: every pjsua2 object must go first (else abort at exit)."""
        self.devices.stop()
        self.ringback = None
        self.calls.clear()
        self.port = None
