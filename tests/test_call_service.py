"""CallService's own logic against a fake engine: what it assumes before the engine acts is
undone when the engine says it could not, and the failure is reported with its reason."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from desktop.bus import Bus, CallAction, CallFailed, CallFailure, CallInfo, LinkState
from desktop.store import Store
from desktop.telephony.numbers import parse
from desktop.telephony.protocol import SipAccountConfig
from desktop.telephony.service import CallService, parse_remote
from tests.fakes import FakeEngine


class Phone:
    def __init__(self) -> None:
        self.bus = Bus()
        self.store = Store(":memory:")
        self.service = CallService(self.bus, self.store, engine=self._engine)
        self.failures: list[CallFailed] = []
        self.changes: list[CallInfo] = []
        self.bus.call_failed.connect(self.failures.append)
        self.bus.call_changed.connect(self.changes.append)
        self.service.sign_in(SipAccountConfig(server="pbx.example", user="101", password="x"))
        self.engine.event("reg", state="online", code=200, detail="OK", local="")

    def _engine(self, sink: object) -> FakeEngine:
        self.engine = FakeEngine(sink)  # type: ignore[arg-type]
        return self.engine

    def answered_call(self, cid: int = 0) -> CallInfo:
        self.engine.event("call", id=cid, state="incoming", direction="in",
                          remote='"Ivan" <sip:+79161234567@pbx.example>', code=0, reason="")
        self.engine.event("call", id=cid, state="active", direction="in", remote="", code=200,
                          reason="")
        return self.service.calls[cid]


@pytest.fixture
def phone(qapp: QApplication) -> Iterator[Phone]:
    made = Phone()
    yield made
    made.store.close()


def test_a_transfer_the_engine_cannot_send_is_undone_and_reported(phone: Phone) -> None:
    call = phone.answered_call()
    phone.service.transfer(call.id, parse("+7 916 000-00-00"))
    assert phone.service.calls[call.id].transfer == "pending"
    phone.engine.failed(phone.engine.last("transfer"), "sip")
    assert phone.service.calls[call.id].transfer == ""
    assert phone.failures == [CallFailed(CallAction.TRANSFER, CallFailure.NOT_SENT, call.id,
                                         "+7 916 000-00-00")]
    phone.engine.event("call", id=call.id, state="ended", code=200, reason="", remote="")
    assert phone.store.calls()[0].result == "answered"  # not "transferred"


def test_a_transfer_the_far_end_rejects_is_failed_with_the_sip_answer(phone: Phone) -> None:
    call = phone.answered_call()
    phone.service.transfer(call.id, parse("+7 916 000-00-00"))
    phone.engine.event("transfer", id=call.id, code=404, final=True)
    assert phone.service.calls[call.id].transfer == "failed"
    assert phone.failures[-1].sip_code == 404
    assert phone.failures[-1].reason is CallFailure.REJECTED


def test_a_dial_the_engine_refuses_leaves_nothing_pending(phone: Phone) -> None:
    tag = phone.service.dial(parse("+7 916 123-45-67"))
    assert tag is not None
    phone.engine.failed(phone.engine.last("call"), "not-registered")
    assert not phone.service._dialing
    assert not phone.service.calls
    assert phone.store.calls() == []
    assert phone.failures == [CallFailed(CallAction.DIAL, CallFailure.NOT_CONNECTED,
                                         target="+7 916 123-45-67")]


def test_a_dial_while_not_registered_is_not_sent(phone: Phone) -> None:
    phone.engine.event("reg", state="failed", code=503, detail="Service Unavailable", local="")
    assert phone.service.state is LinkState.FAILED
    assert phone.service.dial(parse("101")) is None
    assert not any(m["op"] == "call" for m in phone.engine.sent)
    assert phone.failures[-1].reason is CallFailure.NOT_CONNECTED


def test_a_consult_that_cannot_start_takes_the_client_off_hold(phone: Phone) -> None:
    client = phone.answered_call()
    phone.service.consult(client.id, parse("102"))
    assert phone.engine.last("hold")["on"] is True
    phone.engine.failed(phone.engine.last("call"), "sip")
    assert phone.engine.last("hold") == {**phone.engine.last("hold"), "id": client.id,
                                         "on": False}


def test_a_conference_the_engine_cannot_make_is_undone(phone: Phone) -> None:
    first, second = phone.answered_call(0), phone.answered_call(1)
    phone.service.conference([first.id, second.id])
    assert all(c.conference for c in phone.service.calls.values())
    phone.engine.failed(phone.engine.last("conference"), "no-call")
    assert not any(c.conference for c in phone.service.calls.values())
    assert phone.failures[-1] == CallFailed(CallAction.CONFERENCE, CallFailure.CALL_GONE)


def test_an_unanswered_outgoing_call_says_why_it_ended(phone: Phone) -> None:
    tag = phone.service.dial(parse("+7 999 000-00-00"))
    phone.engine.event("call", id=3, tag=tag, state="calling", direction="out", remote="",
                       code=0, reason="")
    phone.engine.event("call", id=3, state="ended", direction="out", remote="", code=404,
                       reason="Not Found")
    assert phone.failures[-1] == CallFailed(CallAction.DIAL, CallFailure.REJECTED, 3,
                                            "+7 999 000-00-00", 404)
    assert phone.store.calls()[0].result == "not found"


@pytest.mark.parametrize(("remote", "name", "number"), [
    ('"Иван" <sip:+79161234567@pbx>', "Иван", "+79161234567"),
    ("sip:ivan@pbx", "", "ivan"),
    ('"Ив<ан" <sip:ivan@pbx>', "Ив<ан", "ivan"),  # a "<" in the name broke the parsing
    ('"a <b> c" <sip:ivan@pbx;transport=tcp>', "a <b> c", "ivan"),
    ("Bob <sip:bob@pbx>", "Bob", "bob"),
    ("<sips:bob@pbx>", "", "bob"),
])
def test_the_caller_is_parsed_whatever_the_display_name_holds(remote: str, name: str,
                                                              number: str) -> None:
    assert parse_remote(remote) == (name, number)


def test_a_caller_with_a_bracket_in_the_name_is_still_the_card_number(phone: Phone) -> None:
    phone.engine.event("call", id=0, state="incoming", direction="in",
                       remote='"<b>Служба</b>" <sip:+79161234567@pbx.example>', code=0,
                       reason="")
    assert phone.service.calls[0].number == "+79161234567"
    assert phone.store.calls()[0].number == "+79161234567"  # not the raw header
