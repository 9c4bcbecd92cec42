"""A far party for tests and benchmarks: one pjsua2 account driven by JSON lines.

Usage: sip_peer.py PBX_PORT USER PASSWORD [--tone HZ] [--auto-answer]
Commands on stdin (one JSON object a line): call uri, answer, hangup, hold, unhold,
dtmf digits, analyze, quit. Events on stdout: registered, call, dtmf, analysis.
It sends a continuous sine of --tone Hz into every call and keeps the last half second
of what it receives, to tell the frequency and level it hears.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import queue
import re
import sys
import threading
import time
from typing import Any

import numpy as np
import pjsua2 as pj

from desktop.lab.null_endpoint import null_endpoint

RATE = 16000
out = os.fdopen(os.dup(1), "w")
os.dup2(2, 1)  # pjsip's own prints must not mix with our JSON lines


def emit(ev: str, **fields: Any) -> None:
    out.write(json.dumps({"ev": ev, "t": time.monotonic(), **fields}) + "\n")
    out.flush()


APPEAL_HEADER = re.compile(r"^X-Deskline-Appeal:\s*(\d+)", re.M | re.I)


class Ear(pj.AudioMediaPort):  # type: ignore[misc]
    """Keeps what the calls send us; answers with silence."""

    def __init__(self) -> None:
        super().__init__()
        self.samples = np.zeros(RATE // 2, dtype=np.int16)
        self.first_sound_at: float | None = None
        self.onsets: list[float] = []  # when sound started after at least 200 ms of quiet
        self.quiet_since: float | None = time.monotonic()
        fmt = pj.MediaFormatAudio()
        fmt.init(pj.PJMEDIA_FORMAT_PCM, RATE, 1, 20000, 16)
        self.createPort("ear", fmt)

    def onFrameRequested(self, frame: pj.MediaFrame) -> None:  # noqa: N802
        frame.type = pj.PJMEDIA_FRAME_TYPE_AUDIO
        frame.buf = pj.ByteVector(bytes(640))
        frame.size = 640

    def onFrameReceived(self, frame: pj.MediaFrame) -> None:  # noqa: N802
        if frame.type != pj.PJMEDIA_FRAME_TYPE_AUDIO or frame.size == 0:
            return
        block = np.frombuffer(bytes(frame.buf), dtype=np.int16)
        self.samples = np.concatenate([self.samples[len(block):], block])
        now = time.monotonic()
        loud = int(np.abs(block.astype(np.int32)).max()) > 300
        if self.first_sound_at is None and loud:
            self.first_sound_at = now
        if loud:
            if self.quiet_since is not None and now - self.quiet_since >= 0.2:
                self.onsets.append(now)
            self.quiet_since = None
        elif self.quiet_since is None:
            self.quiet_since = now

    def analyze(self) -> dict[str, float]:
        x = self.samples.astype(np.float64)
        rms = float(np.sqrt(np.mean(x ** 2)))
        spectrum = np.abs(np.fft.rfft(x * np.hanning(len(x))))
        peak = int(np.argmax(spectrum[1:]) + 1)
        return {"freq": peak * RATE / len(x), "rms_db": 20 * np.log10(max(rms, 1) / 32768),
                "first_sound_at": self.first_sound_at or 0.0}


class PeerCall(pj.Call):  # type: ignore[misc]
    def __init__(self, peer: Peer, call_id: int = pj.PJSUA_INVALID_ID) -> None:
        super().__init__(peer.acc, call_id)
        self.peer = peer

    def onCallState(self, prm: pj.OnCallStateParam) -> None:  # noqa: N802
        info = self.getInfo()
        emit("call", id=info.id, state=info.stateText, code=info.lastStatusCode,
             reason=info.lastReason,
             remote=info.remoteUri)
        if info.state == pj.PJSIP_INV_STATE_DISCONNECTED:
            self.peer.calls.pop(info.id, None)

    def onCallMediaState(self, prm: pj.OnCallMediaStateParam) -> None:  # noqa: N802
        info = self.getInfo()
        for i, media in enumerate(info.media):
            if media.type == pj.PJMEDIA_TYPE_AUDIO and self.hasMedia():
                with contextlib.suppress(pj.Error):
                    stream = self.getStreamInfo(i)
                    srtp = bool(stream.proto & pj.PJMEDIA_TP_PROFILE_SRTP)
                    emit("stream", id=info.id, srtp=srtp, codec=stream.codecName)
        for i, media in enumerate(info.media):
            if media.type == pj.PJMEDIA_TYPE_AUDIO and media.status in (
                    pj.PJSUA_CALL_MEDIA_ACTIVE, pj.PJSUA_CALL_MEDIA_REMOTE_HOLD):
                aud = self.getAudioMedia(i)
                aud.startTransmit(self.peer.ear)
                if self.peer.tone is not None:
                    self.peer.tone.startTransmit(aud)
        emit("media", id=info.id, status=[int(m.status) for m in info.media])

    def onDtmfDigit(self, prm: pj.OnDtmfDigitParam) -> None:  # noqa: N802
        emit("dtmf", id=self.getId(), digit=prm.digit)

    def onCallTransferRequest(self, prm: pj.OnCallTransferRequestParam) -> None:  # noqa: N802
        prm.statusCode = 202
        call = PeerCall(self.peer)
        prm.newCall = call
        self.peer.pending_new.append(call)

    def onCallReplaced(self, prm: pj.OnCallReplacedParam) -> None:  # noqa: N802
        call = PeerCall(self.peer, prm.newCallId)
        prm.newCall = call
        self.peer.calls[prm.newCallId] = call


class PeerAccount(pj.Account):  # type: ignore[misc]
    def __init__(self, peer: Peer) -> None:
        super().__init__()
        self.peer = peer

    def onRegState(self, prm: pj.OnRegStateParam) -> None:  # noqa: N802
        emit("registered", code=prm.code)

    def onIncomingCall(self, prm: pj.OnIncomingCallParam) -> None:  # noqa: N802
        call = PeerCall(self.peer, prm.callId)
        self.peer.calls[prm.callId] = call
        info = call.getInfo()
        found = APPEAL_HEADER.search(prm.rdata.wholeMsg)  # a call to a support line's
        emit("incoming", id=prm.callId, remote=info.remoteUri,
             appeal=found.group(1) if found else "")
        answer = pj.CallOpParam(True)
        answer.statusCode = 200 if self.peer.auto_answer else 180
        call.answer(answer)


class Peer:
    def __init__(self, args: argparse.Namespace) -> None:
        self.auto_answer = args.auto_answer
        self.ep = null_endpoint(RATE)
        self.ep.codecSetPriority("G722/16000", 255)
        self.ear = Ear()
        self.tone: pj.ToneGenerator | None = None
        if args.tone:
            self.tone = pj.ToneGenerator()
            self.tone.createToneGenerator(RATE, 1)
            desc = pj.ToneDesc()
            desc.freq1, desc.freq2, desc.on_msec, desc.off_msec = args.tone, 0, 30000, 0
            descs = pj.ToneDescVector()
            descs.append(desc)
            self.tone.play(descs, True)
        self.calls: dict[int, PeerCall] = {}
        self.pending_new: list[PeerCall] = []
        self.acc = PeerAccount(self)
        acfg = pj.AccountConfig()
        acfg.idUri = (f'"{args.display}" ' if args.display else "") + \
            f"<sip:{args.user}@127.0.0.1>"
        acfg.regConfig.registrarUri = f"sip:127.0.0.1:{args.port}"
        acfg.sipConfig.proxies.append(f"sip:127.0.0.1:{args.port};lr")
        if args.srtp:
            acfg.mediaConfig.srtpUse = pj.PJMEDIA_SRTP_OPTIONAL
            acfg.mediaConfig.srtpSecureSignaling = 0
        acfg.sipConfig.authCreds.append(pj.AuthCredInfo("digest", "*", args.user, 0,
                                                        args.password))
        self.acc.create(acfg)
        self.commands: queue.Queue[dict[str, Any] | None] = queue.Queue()

    def read(self) -> None:
        for line in sys.stdin:
            self.commands.put(json.loads(line))
        self.commands.put(None)

    def one(self) -> PeerCall:
        return next(iter(self.calls.values()))

    def run(self) -> None:
        threading.Thread(target=self.read, daemon=True).start()
        while True:
            self.ep.libHandleEvents(10)
            for call in list(self.pending_new):
                if call.getId() != pj.PJSUA_INVALID_ID:
                    self.calls[call.getId()] = call
                    self.pending_new.remove(call)
            try:
                cmd = self.commands.get_nowait()
            except queue.Empty:
                continue
            if cmd is None or cmd["op"] == "quit":
                break
            self.handle(cmd)
        self.ep.hangupAllCalls()
        with contextlib.suppress(pj.Error):
            self.acc.setRegistration(False)  # no stale binding for the next test's peer
        for _ in range(30):
            self.ep.libHandleEvents(10)
        self.calls.clear()
        self.tone = None
        self.ear = None  # type: ignore[assignment]
        self.acc.shutdown()
        self.ep.libDestroy()

    def handle(self, cmd: dict[str, Any]) -> None:
        op = cmd["op"]
        if op == "call":
            call = PeerCall(self)
            call.makeCall(cmd["uri"], pj.CallOpParam(True))
            self.calls[call.getId()] = call
        elif op == "answer":
            prm = pj.CallOpParam(True)
            prm.statusCode = 200
            self.calls[cmd.get("id", self.one().getId())].answer(prm)
        elif op == "hangup":
            for call in list(self.calls.values()):
                call.hangup(pj.CallOpParam(True))
        elif op == "dtmf":
            self.one().dialDtmf(cmd["digits"])
        elif op == "analyze":
            emit("analysis", **self.ear.analyze())
        elif op == "reset_ear":
            self.ear.first_sound_at = None
            self.ear.onsets = []
        elif op == "onsets":
            emit("onsets", times=self.ear.onsets)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("user")
    parser.add_argument("password")
    parser.add_argument("--tone", type=int, default=0)
    parser.add_argument("--auto-answer", action="store_true")
    parser.add_argument("--srtp", action="store_true", help="offer and accept SRTP")
    parser.add_argument("--display", default="", help="the display name it calls with")
    Peer(parser.parse_args()).run()


if __name__ == "__main__":
    main()
