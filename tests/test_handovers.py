"""The desk's own rules of a return to the partner (supportdesk/handovers.py), on a fake
clock and a recording outbox: both halves, the vendor's and the partner's, with their
refusals (the real federation is tests/test_partner_return.py's)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from supportdesk import texts
from supportdesk.access import ActionError
from supportdesk.config import FirstLine
from supportdesk.handovers import DESK_BURST
from supportdesk.protocol.handover import Accepted, HandOver, Spoken
from supportdesk.service import DeskService
from supportdesk.store import DeskStore
from tests.test_desk_logic import Clock, Outbox, config

VENDOR = "desk.vendor.example"
FIRST = FirstLine("support@desk.partner.example", "ООО «Партнёр»")
H = HandOver(17, "ivan@x", "Поддержка вендора", "Deskline", "Елена", "en", "Обмен с 1С",
             (Spoken("client", 10.0, "Не выгружаются счета"),
              Spoken("desk", 11.0, "Смотрю", "Елена")), 2)


def _desk(tmp_path: Path, **changes: object) -> tuple[DeskService, Clock, Outbox]:
    settings = replace(config(tmp_path), **changes)  # type: ignore[arg-type]
    clock, out = Clock(), Outbox()
    return DeskService(settings, DeskStore(settings.store_url), out, clock), clock, out


def _refused(reason: str, call: object, *args: object) -> None:
    with pytest.raises(ActionError) as caught:
        call(*args)  # type: ignore[operator]
    assert caught.value.reason == reason


def test_the_partner_takes_it_from_a_trusted_desk_for_a_client_of_its_line(
        tmp_path: Path) -> None:
    desk, _clock, out = _desk(tmp_path, accept_from=(VENDOR,))
    desk.presence("anna@x", "", True)
    take = desk.handovers.receive
    _refused("not-trusted", take, "desk.other.example", "support", H)
    _refused("not-trusted", take, "eve@desk.vendor.example", "support", H)
    _refused("line-unknown", take, VENDOR, "sales", H)
    _refused("not-theirs", take, VENDOR, "support", replace(H, client="eve@x"))
    _refused("not-theirs", take, VENDOR, "support", replace(H, client="ivan@x/phone"))
    _refused("not-theirs", take, VENDOR, "accounting", H)  # (not his line here)
    assert desk.open == {}
    accepted = take(VENDOR, "support", H)
    assert accepted == Accepted(accepted.appeal, "Техподдержка")
    said = [(m.sender, m.body, m.note) for m in desk.store.conversation(accepted.appeal)]
    assert said[:2] == [("ivan@x", "Не выгружаются счета", False),
                        (VENDOR, "Смотрю", False)]
    assert said[2][0] == VENDOR
    assert said[2][2]  # the vendor's note: the team's, never the client's
    assert "Deskline" in said[2][1]
    assert "Обмен с 1С" in said[2][1]
    assert "Ранние сообщения не переданы: 2" in said[2][1]
    assert ("received", VENDOR) in desk.store.steps(accepted.appeal)
    assert desk.router.offers[accepted.appeal].to == "anna@x"  # routed as any appeal
    told = [s for to, s, _r in out.told if to == "ivan@x"]
    assert told == [texts.CONTINUED.in_("en", appeal=accepted.appeal, line="Техподдержка",
                                        vendor="Deskline", vendor_line="Поддержка вендора",
                                        theirs=17)]
    # Another of his, while that one is open, joins it; the same sent again (the vendor's
    # desk got no answer the first time) keeps no copies.
    later = replace(H, appeal=18, note="Ещё вопрос", messages=(Spoken("client", 20.0, "И ещё"),))
    again = take(VENDOR, "support", later)
    assert again.appeal == accepted.appeal
    take(VENDOR, "support", later)
    bodies = [m.body for m in desk.store.conversation(accepted.appeal)]
    assert bodies.count("И ещё") == 1
    assert sum("Ещё вопрос" in body for body in bodies) == 1
    assert desk.store.steps(accepted.appeal).count(("received", VENDOR)) == 2  # 17 and 18
    assert len([to for to, _s, _r in out.told if to == "ivan@x"]) == 2
    assert len(desk.open) == 1
    desk.store.close()


def test_a_desk_that_floods_the_partner_is_refused_after_its_burst(tmp_path: Path) -> None:
    desk, clock, _out = _desk(tmp_path, accept_from=(VENDOR,))
    for n in range(int(DESK_BURST)):
        desk.handovers.receive(VENDOR, "support", replace(H, appeal=n + 1))
    _refused("busy", desk.handovers.receive, VENDOR, "support", replace(H, appeal=999))
    clock.now += 1
    desk.handovers.receive(VENDOR, "support", replace(H, appeal=1000))
    desk.store.close()


def test_the_vendor_holds_it_while_the_partner_answers_and_then_lets_it_go(
        tmp_path: Path) -> None:
    base = config(tmp_path)
    desk, _clock, out = _desk(tmp_path, organisations=(
        replace(base.organisations[0], people=("ivan@x",), first_line=FIRST),
        replace(base.organisations[0], name="Своя", people=("oleg@x",))))
    desk.presence("anna@x", "", True)
    desk.client_message("oleg@x", "support", "Вопрос Олега", "o1")
    (olegs,) = desk.open
    desk.action("anna@x", olegs, "accept")
    _refused("no-first-line", desk.handovers.ask, "anna@x", olegs, "")
    desk.action("anna@x", olegs, "finish")
    desk.client_message("ivan@x", "support", "Не выгружаются счета", "i1")
    (ivans,) = desk.open
    with pytest.raises(ActionError):  # only who has it in work returns it
        desk.handovers.ask("boris@x", ivans, "")
    desk.action("anna@x", ivans, "accept")
    desk.specialist_message("anna@x", ivans, "Смотрю", "a1")
    desk.specialist_note("anna@x", ivans, "только для своих", "n1")
    asked = desk.handovers.ask("anna@x", ivans, "  Обмен с 1С  ")
    assert asked.first_line == FIRST
    assert asked.handover.note == "Обмен с 1С"
    assert [(m.who, m.body) for m in asked.handover.messages] == [
        ("client", "Не выгружаются счета"), ("desk", "Смотрю")]  # (no internal note)
    with pytest.raises(ActionError) as caught:  # held: nothing else meanwhile
        desk.action("anna@x", ivans, "finish")
    assert caught.value.condition == "conflict"
    with pytest.raises(ActionError):
        desk.handovers.ask("anna@x", ivans, "")
    desk.handovers.settled(asked, None, "unreachable")  # refused: it stays hers
    assert ivans in desk.open
    assert ("return_refused", "anna@x") in desk.store.steps(ivans)
    asked = desk.handovers.ask("anna@x", ivans, "")
    desk.handovers.settled(asked, Accepted(42, "Техподдержка"))
    assert ivans not in desk.open
    assert ("returned", "anna@x") in desk.store.steps(ivans)
    row = desk.store.appeal(ivans)
    assert row is not None
    assert row.state == "finished"
    assert out.told[-1] == ("ivan@x", texts.RETURNED.in_(
        "ru", appeal=ivans, partner=FIRST.partner, line="Техподдержка",
        address=FIRST.address), 0)  # no rating asked: that is the partner's now
    assert ("ivan@x", "support") not in desk.finished
    desk.store.close()
