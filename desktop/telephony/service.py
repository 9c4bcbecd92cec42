"""CallService: the GUI-thread side of telephony. Plain state, typed signals, no SIP codes out."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer

from desktop.bus import Bus, LinkState, PbxLinkChanged
from desktop.gui_thread import assert_gui_thread
from desktop.telephony.engine_client import EngineClient
from desktop.telephony.protocol import Message, SipAccountConfig

log = logging.getLogger(__name__)

RESTART_DELAY_MS = 1000


def registration_reason(code: int, detail: str) -> str:
    """A SIP result in words a specialist understands."""
    if code in (401, 403, 407):
        return "Wrong user name or password."
    if code == 404:
        return "The PBX does not know this user."
    if code == 408 or detail == "no-answer":
        return "The PBX does not answer; retrying."
    if code in (502, 503):
        return "The PBX cannot be reached; retrying."
    if code >= 500:
        return f"The PBX has a problem ({detail or code}); retrying."
    return f"The PBX refused the registration ({detail or code}); retrying."


class CallService(QObject):
    """Registration to the PBX (and the calls, as they are added)."""

    def __init__(self, bus: Bus, engine_env: dict[str, str] | None = None) -> None:
        super().__init__()
        self.bus = bus
        self.engine = EngineClient(self, engine_env)
        self.account: SipAccountConfig | None = None
        self.state = LinkState.OFFLINE
        self.reason = ""

    def sign_in(self, account: SipAccountConfig) -> None:
        assert_gui_thread()
        self.account = account
        self._set(LinkState.CONNECTING, "")
        self.engine.send("register", account=account.to_json())

    def sign_out(self) -> None:
        assert_gui_thread()
        self.account = None
        self.engine.stop()
        self._set(LinkState.OFFLINE, "")

    # --- EngineSink -------------------------------------------------------------------------
    def on_engine_event(self, event: Message) -> None:
        assert_gui_thread()
        kind = event["ev"]
        if kind == "reg":
            state = {"online": LinkState.ONLINE, "connecting": LinkState.CONNECTING,
                     "failed": LinkState.FAILED, "offline": LinkState.OFFLINE}[event["state"]]
            reason = (registration_reason(int(event["code"]), str(event["detail"]))
                      if state is LinkState.FAILED else "")
            self._set(state, reason)
        elif kind == "error":
            log.warning("telephony engine: %s", event.get("text"))
        elif kind == "ready":
            log.info("telephony engine ready, pjsip %s", event.get("pjsip"))

    def on_engine_lost(self, reason: str) -> None:
        assert_gui_thread()
        log.warning("%s; restarting it", reason)
        self._set(LinkState.FAILED, "The telephony engine stopped; restarting it.")
        QTimer.singleShot(RESTART_DELAY_MS, self._restart)

    def _restart(self) -> None:
        if self.account is not None:
            self.sign_in(self.account)

    def _set(self, state: LinkState, reason: str) -> None:
        if (state, reason) == (self.state, self.reason):
            return
        self.state, self.reason = state, reason
        aor = self.account.aor if self.account else ""
        log.info("pbx %s: %s %s", aor, state.value, reason)
        self.bus.pbx_link.emit(PbxLinkChanged(state, aor, reason))
