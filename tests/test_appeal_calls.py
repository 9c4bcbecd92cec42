"""AppealService's own rules for the phone appeals (its logic alone, on a recording desk;
the real PBX, desk and app are in test_line_calls.py)."""

from __future__ import annotations

import time

from pytestqt.qtbot import QtBot

from desktop.appeals.service import AppealService
from desktop.appeals.values import Offer
from desktop.bus import AppealState, Bus, CallInfo, CallState


class RecordingDesk:
    def __init__(self) -> None:
        self.acts: list[tuple[int, str, dict[str, str]]] = []

    def act(self, appeal: int, action: str, attrs: dict[str, str] | None = None) -> None:
        self.acts.append((appeal, action, attrs or {}))

    def card(self, appeal: int) -> None:
        pass

    def history(self, appeal: int) -> None:
        pass

    def report(self, *_args: object) -> None:
        pass

    def address(self) -> str:
        return "desk.x"

    def owns(self, jid: str) -> bool:
        return jid.endswith("@desk.x")


def service() -> tuple[AppealService, RecordingDesk, Bus]:
    bus = Bus()
    appeals = AppealService(bus, colleague_of={"+74950000102": "boris@x"}.get)  # type: ignore[arg-type]
    desk = RecordingDesk()
    appeals.attach(desk)
    return appeals, desk, bus


def call(state: CallState, **changes: object) -> CallInfo:
    fields: dict[str, object] = {"answered_at": 1.0, "appeal": 7, "history_id": 3,
                                 "started_at": 0.0}
    fields.update(changes)
    return CallInfo(1, "in", "ivan", "", state, **fields)  # type: ignore[arg-type]


def offer() -> Offer:
    return Offer(7, "support", "Техподдержка", "ivan@x", 5.0, channel="call")


def test_a_call_answered_before_its_offer_arrives_is_in_work(qtbot: QtBot) -> None:
    appeals, _desk, bus = service()
    bus.call_changed.emit(call(CallState.ACTIVE))
    appeals.on_offer(offer())
    assert appeals.appeals[7].state is AppealState.IN_WORK
    assert appeals.appeals[7].accept_by == 0.0


def test_a_transferred_call_is_not_finished_and_a_colleagues_number_is_recorded(
        qtbot: QtBot) -> None:
    appeals, desk, bus = service()
    appeals.on_offer(offer())
    bus.call_changed.emit(call(CallState.ACTIVE))
    bus.call_changed.emit(call(CallState.ENDED, result="transferred",
                               transferred_to="+74950000102"))
    assert desk.acts[-1] == (7, "transfer", {"to": "boris@x", "confirm": "true"})


def test_a_call_transferred_elsewhere_stays_in_work(qtbot: QtBot) -> None:
    """A line's number (the desk hears it from the PBX) or an outside one: no action."""
    appeals, desk, bus = service()
    appeals.on_offer(offer())
    bus.call_changed.emit(call(CallState.ACTIVE))
    bus.call_changed.emit(call(CallState.ENDED, result="transferred",
                               transferred_to="+74950000200"))
    assert [name for _a, name, _attrs in desk.acts] == ["call", "call"]  # reports only
    assert appeals.appeals[7].state is AppealState.IN_WORK


def test_a_hung_up_call_finishes_its_appeal(qtbot: QtBot) -> None:
    appeals, desk, bus = service()
    appeals.on_offer(offer())
    bus.call_changed.emit(call(CallState.ACTIVE))
    bus.call_changed.emit(call(CallState.ACTIVE, muted=True))  # (once only)
    bus.call_changed.emit(call(CallState.ENDED, result="answered", worst_mos=3.12))
    assert desk.acts == [(7, "call", {"state": "answered"}),
                         (7, "call", {"state": "ended", "mos": "3.12"}),  # (the line, too)
                         (7, "finish", {})]


def test_the_appeal_header_is_read_wherever_the_pbx_puts_it() -> None:
    """Kamailio appends it last; another PBX puts it among the others (CRLF lines); a body
    line that looks like it does not count, nor does a malformed value."""
    from desktop.telephony.engine import appeal_of_invite  # noqa: PLC0415 (pjsua2 import)

    assert appeal_of_invite("INVITE sip:a SIP/2.0\r\nX-Deskline-Appeal: 17\r\n\r\n") == 17
    assert appeal_of_invite("INVITE sip:a SIP/2.0\r\nx-deskline-appeal:5 \r\n"
                            "To: <sip:a@b>\r\n\r\n") == 5
    assert appeal_of_invite("INVITE sip:a SIP/2.0\r\nTo: <sip:a@b>\r\n\r\n"
                            "X-Deskline-Appeal: 9") == 0
    assert appeal_of_invite("INVITE sip:a SIP/2.0\r\nX-Deskline-Appeal: 5x\r\n\r\n") == 0


def test_the_popup_counts_the_ringing_against_five_seconds(qtbot: QtBot) -> None:
    from desktop.ui.appeal_clock import LATE  # noqa: PLC0415
    from desktop.ui.incoming_popup import IncomingCallPopup  # noqa: PLC0415

    fresh = IncomingCallPopup(call(CallState.INCOMING, started_at=time.time()), None)  # type: ignore[arg-type]
    qtbot.addWidget(fresh)
    assert fresh.ring_clock.text().startswith("ringing 0 s")
    assert LATE.name() not in fresh.ring_clock.styleSheet()
    late = IncomingCallPopup(call(CallState.INCOMING, started_at=time.time() - 6), None)  # type: ignore[arg-type]
    qtbot.addWidget(late)
    assert late.ring_clock.text().startswith("ringing 6 s")
    assert LATE.name() in late.ring_clock.styleSheet()
    plain = IncomingCallPopup(call(CallState.INCOMING, appeal=0), None)  # type: ignore[arg-type]
    qtbot.addWidget(plain)
    assert plain.ring_clock.isHidden()
