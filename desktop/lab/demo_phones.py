"""The demo clients' phones: ivan, maria and oleg registered to the lab's PBX, so dialing a
client's number (a click on it on their card) rings that client; each answers after two
rings and "speaks" (a tone, some seconds on, some off) until the specialist hangs up, or a
minute has passed. pjsua2 with no sound device; a process of its own beside the demo.

    python -m desktop.lab.demo_phones <lab run dir>
"""

from __future__ import annotations

import logging
import signal
import sys
import time
from pathlib import Path

import pjsua2 as pj

from desktop.lab.accounts import PEOPLE
from desktop.lab.lab import LabInfo
from desktop.lab.null_endpoint import null_endpoint

log = logging.getLogger("desktop.lab.demo_phones")
RATE = 16000
ANSWER_AFTER_S = 4.0  # two rings
LONGEST_S = 60.0
CLIENTS = tuple(p.username for p in PEOPLE if p.role == "client")


class DemoCall(pj.Call):  # type: ignore[misc]
    def __init__(self, phones: DemoPhones, account: pj.Account, call_id: int) -> None:
        super().__init__(account, call_id)
        self.phones = phones
        self.rang_at = time.monotonic()
        self.answered_at = 0.0

    def onCallState(self, prm: pj.OnCallStateParam) -> None:  # noqa: N802 - pjsua2's
        if self.getInfo().state == pj.PJSIP_INV_STATE_DISCONNECTED:
            self.phones.ended.append(self)

    def onCallMediaState(self, prm: pj.OnCallMediaStateParam) -> None:  # noqa: N802
        for i, media in enumerate(self.getInfo().media):
            if media.type == pj.PJMEDIA_TYPE_AUDIO and \
                    media.status == pj.PJSUA_CALL_MEDIA_ACTIVE:
                self.phones.voice.startTransmit(self.getAudioMedia(i))


class DemoAccount(pj.Account):  # type: ignore[misc]
    def __init__(self, phones: DemoPhones) -> None:
        super().__init__()
        self.phones = phones

    def onRegState(self, prm: pj.OnRegStateParam) -> None:  # noqa: N802 - pjsua2's
        if prm.code == 200 and prm.expiration > 0:
            self.phones.registered.add(id(self))

    def onIncomingCall(self, prm: pj.OnIncomingCallParam) -> None:  # noqa: N802
        call = DemoCall(self.phones, self, prm.callId)
        ringing = pj.CallOpParam(True)
        ringing.statusCode = 180
        call.answer(ringing)
        self.phones.calls.append(call)


class DemoPhones:
    def __init__(self, info: LabInfo) -> None:
        self.ep = null_endpoint(RATE, console_level=0)  # (its log: the demo's file)
        # A voice of sorts: 2 s of a low tone, 1 s of silence, over and over.
        self.voice = pj.ToneGenerator()
        self.voice.createToneGenerator(RATE, 1)
        tone = pj.ToneDesc()
        tone.freq1, tone.freq2, tone.on_msec, tone.off_msec = 330, 0, 2000, 1000
        tones = pj.ToneDescVector()
        tones.append(tone)
        self.voice.play(tones, True)
        self.calls: list[DemoCall] = []
        self.ended: list[DemoCall] = []
        self.registered: set[int] = set()
        self.accounts = []
        for user in CLIENTS:
            account = DemoAccount(self)
            acfg = pj.AccountConfig()
            acfg.idUri = f"<sip:{user}@127.0.0.1>"
            acfg.regConfig.registrarUri = f"sip:127.0.0.1:{info.sip_port}"
            acfg.sipConfig.proxies.append(f"sip:127.0.0.1:{info.sip_port};lr")
            acfg.sipConfig.authCreds.append(
                pj.AuthCredInfo("digest", "*", user, 0, info.passwords[user]))
            account.create(acfg)
            self.accounts.append(account)

    def run(self, stop: list[bool]) -> None:
        told = False
        while not stop:
            self.ep.libHandleEvents(50)
            if not told and len(self.registered) == len(self.accounts):
                told = True
                log.info("demo phones registered: %s", ", ".join(CLIENTS))
            now = time.monotonic()
            for call in list(self.calls):
                if call in self.ended:
                    self.calls.remove(call)
                elif not call.answered_at and now - call.rang_at >= ANSWER_AFTER_S:
                    call.answered_at = now
                    answer = pj.CallOpParam(True)
                    answer.statusCode = 200
                    call.answer(answer)
                elif call.answered_at and now - call.answered_at >= LONGEST_S:
                    call.hangup(pj.CallOpParam(True))
            self.ended = [c for c in self.ended if c in self.calls]

    def close(self) -> None:
        self.ep.hangupAllCalls()
        for account in self.accounts:
            account.shutdown()  # (unregisters)
        self.calls.clear()
        self.ended.clear()
        self.accounts.clear()
        # pjsua2's objects go before the library (a tone port left after it aborts).
        del self.voice
        self.ep.libDestroy()


def main() -> int:
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="demo phones: %(message)s")
    info = LabInfo.load_running(Path(sys.argv[1]))
    if info is None:
        log.warning("no lab runs at %s", sys.argv[1])
        return 1
    stop: list[bool] = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(True))
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    phones = DemoPhones(info)
    try:
        phones.run(stop)
    finally:
        phones.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
