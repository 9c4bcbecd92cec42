"""The client's side of a line, on DeskService's own rules (fake clock, recording outbox):
what counts as a rating and which appeal it rates, and the language the desk speaks.
The same through the real desk and Prosody: test_line_languages.py."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from supportdesk import texts
from supportdesk.access import ActionError
from supportdesk.protocol.appeals import Offer
from supportdesk.routing import Availability
from supportdesk.service import RATING, DeskService
from supportdesk.store import DeskStore
from tests.test_desk_logic import Clock, Outbox, config, make


def finished_chat(desk: DeskService, client: str = "ivan@x", text: str = "Вопрос") -> int:
    desk.client_message(client, "support", text, f"q-{text}")
    appeal = desk.by_client[(client, "support")]
    holder = desk.open[appeal].specialist
    desk.specialist_message(holder, appeal, "Ответ", f"a-{text}")
    desk.action(holder, appeal, "finish")
    return appeal


@pytest.mark.parametrize(("said", "rating"), [
    ("5", (5, "")), (" 4 ", (4, "")), ("5 — всё решили быстро", (5, "всё решили быстро")),
    ("5 - спасибо", (5, "спасибо")), ("3, долго", (3, "долго")), ("5: ок", (5, "ок")),
    ("5! Спасибо!", (5, "Спасибо!")), ("2\nдолго ждал", (2, "долго ждал")),
    ("3 номера хочу подключить к тарифу", None),
    ("2 сотрудника тоже не могут войти, поможете?", None), ("5 спасибо", None),
    ("5,5 тысяч", None), ("6", None), ("0", None), ("15", None), ("1) касса", None),
    ("Спасибо", None)])
def test_what_a_text_rating_is(said: str, rating: tuple[int, str] | None) -> None:
    match = RATING.match(said)
    found = (int(match.group(1)), (match.group(2) or "").strip()) if match else None
    assert found == rating


def test_a_number_of_things_after_a_finish_is_a_new_appeal_and_the_rating_waits(
        tmp_path: Path) -> None:
    desk, _clock, out = make(tmp_path)
    desk.presence("anna@x", "", True)
    first = finished_chat(desk)
    desk.client_message("ivan@x", "support", "2 сотрудника тоже не могут войти, поможете?",
                        "m2")
    assert desk.store.rating(first) is None
    second = desk.by_client[("ivan@x", "support")]
    assert [m.body for m in desk.store.conversation(second)] == [
        "2 сотрудника тоже не могут войти, поможете?"]
    # Not answered yet: a bare digit still rates the finished one (nothing cancelled it).
    desk.client_message("ivan@x", "support", "4", "m3")
    assert desk.store.rating(first) == (4, "")
    assert out.said[-1][2] == texts.RATED.in_("ru", appeal=first).body
    assert [m.body for m in desk.store.conversation(second)] == [
        "2 сотрудника тоже не могут войти, поможете?"]
    desk.store.close()


def test_a_calls_rating_request_does_not_take_the_open_chats_words(tmp_path: Path) -> None:
    """A call's appeal finishes while the client chats in another, answered one: his
    "3 номера хочу подключить" and even a bare "3" are for the chat's specialist; the call's
    rating request names the call; the form names it too and rates it."""
    desk, _clock, out = make(tmp_path)
    desk.presence("anna@x", "", True)
    desk.presence("boris@x", "", True)
    desk.client_message("ivan@x", "support", "Подключите номера", "c1")
    chat = desk.by_client[("ivan@x", "support")]
    chat_holder = desk.open[chat].specialist
    desk.specialist_message(chat_holder, chat, "Сколько номеров?", "a1")
    call = desk.store.new_appeal("support", "ivan@x", "call", desk.clock())
    desk.open_call(call, "support", "ivan@x", desk.clock(), "+79161234567")
    other = ({"anna@x", "boris@x"} - {chat_holder}).pop()
    desk.call_answered(call, "support", other, 1.0)
    desk.action(other, call, "finish")
    to, said, form = out.told[-1]
    assert (to, said, form) == ("ivan@x", texts.THANKS_CALL.in_("ru", appeal=call), call)
    assert f"№{call}" in said.body
    for n, text in enumerate(("3 номера хочу подключить к тарифу", "3")):
        desk.client_message("ivan@x", "support", text, f"c{n + 2}")
    assert desk.store.rating(call) is None
    assert [m.body for m in desk.store.conversation(chat)][-2:] == [
        "3 номера хочу подключить к тарифу", "3"]
    desk.rate_by_form("ivan@x", "support", 5, "быстро", call)
    assert desk.store.rating(call) == (5, "быстро")
    with pytest.raises(ActionError) as again:  # rated once
        desk.rate_by_form("ivan@x", "support", 1, "", call)
    assert again.value.condition == "item-not-found"
    assert again.value.said == texts.NOTHING_TO_RATE.in_("ru")
    desk.store.close()


def test_the_latest_finish_is_what_a_digit_rates_and_the_form_may_name_another(
        tmp_path: Path) -> None:
    desk, _clock, _out = make(tmp_path)
    desk.presence("anna@x", "", True)
    first = finished_chat(desk, text="Первый")
    desk.client_message("ivan@x", "support", "А ещё вопрос", "m2")  # not a rating
    second = desk.by_client[("ivan@x", "support")]
    holder = desk.open[second].specialist
    desk.specialist_message(holder, second, "Отвечаю", "a2")
    desk.action(holder, second, "finish")
    desk.client_message("ivan@x", "support", "5 — спасибо", "m3")
    assert (desk.store.rating(first), desk.store.rating(second)) == (None, (5, "спасибо"))
    desk.rate_by_form("ivan@x", "support", 3, "", first)
    assert desk.store.rating(first) == (3, "")
    desk.store.close()


def test_a_line_speaks_its_language_with_english_alongside(tmp_path: Path) -> None:
    base = config(tmp_path)
    english = replace(base, lines=(base.lines[0], replace(base.lines[1], language="en")),
                      organisations=(replace(base.organisations[0],
                                             lines=("support", "accounting")),),
                      client_burst=2, client_per_s=0.5)
    clock, out = Clock(), Outbox()
    desk = DeskService(english, DeskStore(english.store_url), out, clock)
    desk.presence("anna@x", "dnd", True)
    desk.presence("boris@x", "dnd", True)
    desk.client_message("ivan@x", "support", "Вопрос", "m1")
    desk.client_message("oleg@x", "accounting", "Question", "m2")
    ivan = next(said for to, said, _ in out.told if to == "ivan@x")
    oleg = next(said for to, said, _ in out.told if to == "oleg@x")
    assert ivan == texts.QUEUED.in_("ru", place=1)
    assert (ivan.lang, ivan.other[0][0]) == ("ru", "en")
    assert "очереди" in ivan.body
    assert "queue" in ivan.other[0][1]
    assert (oleg.lang, oleg.other) == ("en", ())
    assert "queue" in oleg.body
    for where, condition, expected in (  # (no line: the desk's language)
            ("sales", "item-not-found", texts.NO_LINE.in_("ru", line="sales")),
            ("accounting", "forbidden", texts.NOT_CONNECTED.in_("en", line="Бухгалтерия"))):
        with pytest.raises(ActionError) as refused:
            desk.client_message("eve@x", where, "?", "m")
        assert (refused.value.condition, refused.value.said) == (condition, expected)
    # The flood limit (2 at once, then one per 2 s) says how long to wait.
    desk.client_message("ivan@x", "support", "ещё", "m3")
    with pytest.raises(ActionError) as flood:
        desk.client_message("ivan@x", "support", "и ещё", "m4")
    assert flood.value.condition == "resource-constraint"
    assert flood.value.said == texts.TOO_MANY.in_("ru", seconds=2)
    assert "через 2 с" in flood.value.said.body
    clock.now += 2
    desk.client_message("ivan@x", "support", "и ещё", "m4")  # sent again: it goes through
    assert [m.body for m in desk.store.conversation(desk.by_client[("ivan@x", "support")])
            ] == ["Вопрос", "ещё", "и ещё"]
    desk.store.close()


def test_a_specialists_second_session_going_offline_leaves_her_appeals_with_her(
        tmp_path: Path) -> None:
    """Two computers: one closes; she is still online (as her best session is), and her
    offer stays hers. Offline once the last session goes."""
    desk, _clock, out = make(tmp_path)
    desk.presence("anna@x", "", True, "office")
    desk.presence("anna@x", "away", True, "laptop")
    desk.presence("boris@x", "", True, "office")
    desk.client_message("ivan@x", "support", "Вопрос", "m1")
    (appeal,) = desk.open
    holder = desk.open[appeal].specialist
    desk.presence(holder, "", True, "laptop")
    desk.presence(holder, "", False, "laptop")  # the laptop closes
    assert desk.router.presence[holder] is Availability.FREE
    assert desk.open[appeal].specialist == holder
    assert not any(name == "withdrawn" for _to, name, _attrs in out.events)
    desk.presence(holder, "dnd", True, "office")  # the best session left counts
    assert desk.router.presence[holder] is Availability.BUSY
    desk.presence(holder, "", False, "office")  # the last one
    assert desk.router.presence[holder] is Availability.OFFLINE
    assert desk.sessions.get(holder) is None
    desk.store.close()


class OfferOutbox(Outbox):
    """… that keeps the offers' elements too."""

    def __init__(self) -> None:
        super().__init__()
        self.offers: list[Offer] = []

    def message(self, sender: str, to: str, body: str, **extra: Any) -> None:
        super().message(sender, to, body)
        if extra.get("offer"):
            self.offers.append(extra["offer"])


def test_a_restarted_desk_offers_a_callback_as_one_with_its_number(tmp_path: Path) -> None:
    """Nobody free: the caller's number waits to be called back. The desk restarts; the
    offer it makes then is still a callback, with the number to call."""
    base = config(tmp_path)
    settings = replace(base, lines=(replace(base.lines[0], phone="+74950000100"),
                                    base.lines[1]))
    desk = DeskService(settings, DeskStore(settings.store_url), Outbox(), Clock())
    found = desk.calls.route("+74950000100", "+79161234567", "call-1")
    assert (found.ring.value, bool(found.appeal)) == ("nobody", True)  # 480: a callback
    desk.store.close()
    out = OfferOutbox()
    again = DeskService(settings, DeskStore(settings.store_url), out, Clock())
    assert again.open[found.appeal].channel == "callback"
    again.presence("anna@x", "", True)
    (offer,) = out.offers
    assert (offer.appeal, offer.channel, offer.number) == (
        found.appeal, "callback", "+79161234567")
    assert again.by_client == {}  # (a phone appeal is not where chat messages go)
    again.store.close()


def test_another_text_under_a_used_id_is_another_message_and_the_same_is_one(
        tmp_path: Path) -> None:
    """Clients reuse ids: a new text under an id already kept is kept and relayed too; the
    same text again (a resend) is one message."""
    desk, _clock, out = make(tmp_path)
    desk.presence("anna@x", "", True)
    desk.client_message("ivan@x", "support", "Вопрос", "m1")
    (appeal,) = desk.open
    desk.specialist_message("anna@x", appeal, "Слушаю", "a1")
    for text in ("Счёт №15", "Счёт №16", "Счёт №15"):
        desk.client_message("ivan@x", "support", text, "m2")
    assert [(m.body, m.stanza_id) for m in desk.store.conversation(appeal)] == [
        ("Вопрос", "m1"), ("Слушаю", "a1"), ("Счёт №15", "m2"), ("Счёт №16", "m2~2")]
    relayed = [body for _from, to, body in out.said if to == "anna@x"]
    assert relayed[-2:] == ["Счёт №15", "Счёт №16"]
    desk.store.close()


def test_calls_the_pbx_stopped_telling_about_end_and_an_unknown_call_is_no_callback(
        tmp_path: Path) -> None:
    """No /next after a phone rang out (the PBX lost the call): past the ring time and its
    grace the number waits to be called back and anna is free to be rung again. An
    answered call with no /ended is over after MAX_CALL_S. /next about a call that is not
    ours answers 404, not "480 callback 0"."""
    from supportdesk.calls import MAX_CALL_S, RING_GRACE_S, Ring  # noqa: PLC0415
    from supportdesk.http import CallQuestions  # noqa: PLC0415

    base = config(tmp_path)
    settings = replace(base, lines=(replace(base.lines[0], phone="+74950000100"),
                                    base.lines[1]))
    clock = Clock()
    desk = DeskService(settings, DeskStore(settings.store_url), Outbox(), clock)
    desk.presence("anna@x", "", True)
    rung = desk.calls.route("+74950000100", "+79161234567", "call-1")
    assert (rung.ring, rung.user) == (Ring.RING, "anna")
    assert desk.on_call("anna@x")
    clock.now += settings.lines[0].ring_seconds + RING_GRACE_S + 1
    desk.tick()
    assert not desk.on_call("anna@x")
    assert desk.open[rung.appeal].channel == "callback"
    assert ("offer_missed", "anna@x") in desk.store.steps(rung.appeal)
    questions = CallQuestions(lambda: desk.calls, "s" * 16)
    assert questions.ask(f"/next?secret={'s' * 16}&call=call-1&status=408") == (
        404, "no such call")
    desk.presence("boris@x", "", True)  # (anna has the callback offered, at capacity)
    again = desk.calls.route("+74950000100", "+79035556677", "call-2")
    assert again.ring is Ring.RING
    desk.calls.answered("call-2")
    assert desk.on_call(f"{again.user}@x")
    clock.now += MAX_CALL_S + 1
    desk.tick()
    assert not desk.on_call(f"{again.user}@x")
    desk.store.close()


def test_a_flood_of_chat_states_and_receipts_is_bounded(tmp_path: Path) -> None:
    """2,000 chat states and 2,000 receipts at once: the specialist hears a burst of them,
    not all (each receipt is a store lookup); the same state twice is told once; a message
    still goes through, and states flow again a moment later."""
    from supportdesk.service import SIGNAL_BURST  # noqa: PLC0415

    desk, clock, out = make(tmp_path)
    desk.presence("anna@x", "", True)
    desk.client_message("ivan@x", "support", "Вопрос", "m1")
    (appeal,) = desk.open
    desk.specialist_message("anna@x", appeal, "Слушаю", "a1")
    desk.client_signal("ivan@x", "support", state="composing")
    desk.client_signal("ivan@x", "support", state="composing")  # no news: not told
    assert out.signals == [("anna@x", "composing", "")]
    for n in range(2000):
        desk.client_signal("ivan@x", "support", state=("paused", "composing")[n % 2])
        desk.client_signal("ivan@x", "support", received="a1")
    assert len(out.signals) <= SIGNAL_BURST + 1
    desk.client_message("ivan@x", "support", "Ещё вопрос", "m2")  # words are not states
    assert out.said[-1][2] == "Ещё вопрос"
    clock.now += 1.0
    told = len(out.signals)
    desk.client_signal("ivan@x", "support", state="composing")  # typing the next one: news
    assert out.signals[told:] == [("anna@x", "composing", "")]
    clock.now += 1.0  # (SIGNAL_PER_S more)
    told = len(out.signals)
    desk.client_signal("ivan@x", "support", received="a1")
    assert out.signals[told:] == [("anna@x", "", "a1")]
    desk.store.close()


def test_while_off_the_chat_server_no_clock_runs_and_nothing_is_blamed(
        tmp_path: Path) -> None:
    """The desk's link goes down for 30 s with an offer on a 300 s clock… and for 400 s:
    no offer runs out while nobody could see it, nothing is said meanwhile, and on return
    the offer has the time it had left."""
    desk, clock, out = make(tmp_path)
    desk.presence("anna@x", "", True)
    desk.client_message("ivan@x", "support", "Вопрос", "m1")
    (appeal,) = desk.open
    desk.action("anna@x", appeal, "accept")
    desk.action("anna@x", appeal, "control")  # its clock: 5 minutes
    desk.presence("boris@x", "", True)
    desk.client_message("oleg@x", "support", "Другой вопрос", "o1")
    other = desk.by_client[("oleg@x", "support")]
    deadline = desk.router.offers[other].deadline  # offered to boris
    said = len(out.said) + len(out.events)
    desk.pause()
    clock.now += 400  # past the offer's clock and the control question's
    for _ in range(5):
        desk.tick()
    assert len(out.said) + len(out.events) == said  # nothing stale queued to be sent
    desk.resume()
    desk.tick()
    kinds = [kind for kind, _ in desk.store.steps(other)]
    assert "offer_missed" not in kinds
    assert appeal in desk.open  # the control question's clock stopped too
    assert desk.router.offers[other].deadline == deadline + 400
    desk.store.close()


def test_the_line_acknowledges_what_it_kept_and_only_that(tmp_path: Path) -> None:
    """A client's message and a text rating, asked for a receipt, are acknowledged by the
    line once kept; a refused one (the flood limit) is not; a specialist's receipt of the
    client's message is not passed on (one receipt, one meaning)."""
    from supportdesk.outbox import Extras  # noqa: PLC0415

    asked = Extras(receipt=True)
    base = config(tmp_path)
    settings = replace(base, client_burst=2, client_per_s=0.01)
    clock, out = Clock(), Outbox()
    desk = DeskService(settings, DeskStore(settings.store_url), out, clock)
    desk.presence("anna@x", "", True)
    desk.client_message("ivan@x", "support", "Вопрос", "m1", asked)
    (appeal,) = desk.open
    desk.specialist_message("anna@x", appeal, "Ответ", "a1")
    desk.client_message("ivan@x", "support", "Ещё", "m2", asked)
    with pytest.raises(ActionError):
        desk.client_message("ivan@x", "support", "И ещё", "m3", asked)  # refused: not kept
    desk.specialist_signal("anna@x", appeal, received="m2")
    acks = [received for to, _state, received in out.signals if to == "ivan@x"]
    assert acks == ["m1", "m2"]
    desk.action("anna@x", appeal, "finish")
    clock.now += 1000  # (the flood limit has room again)
    desk.client_message("ivan@x", "support", "5", "r1", asked)
    assert desk.store.rating(appeal) == (5, "")
    assert [r for to, _s, r in out.signals if to == "ivan@x"] == ["m1", "m2", "r1"]
    desk.store.close()


def test_a_caller_waiting_for_a_callback_is_found_again_after_a_restart(
        tmp_path: Path) -> None:
    """Nobody free: the number waits to be called back. The desk restarts; the same caller
    rings again: the same appeal, not a second one."""
    from supportdesk.calls import Ring  # noqa: PLC0415

    base = config(tmp_path)
    settings = replace(base, lines=(replace(base.lines[0], phone="+74950000100"),
                                    base.lines[1]))
    desk = DeskService(settings, DeskStore(settings.store_url), Outbox(), Clock())
    first = desk.calls.route("+74950000100", "+79161234567", "call-1")
    assert first.ring is Ring.NOBODY
    desk.store.close()
    again = DeskService(settings, DeskStore(settings.store_url), Outbox(), Clock())
    second = again.calls.route("+74950000100", "+79161234567", "call-2")
    assert second.appeal == first.appeal
    assert ("called_again", "+79161234567") in again.store.steps(first.appeal)
    assert len(again.open) == 1
    again.store.close()


def test_a_calls_line_quality_is_kept_with_its_end_and_nonsense_refused(
        tmp_path: Path) -> None:
    desk, _clock, _out = make(tmp_path)
    desk.presence("anna@x", "", True)
    call = desk.store.new_appeal("support", "ivan@x", "call", desk.clock())
    desk.open_call(call, "support", "ivan@x", desk.clock(), "+79161234567")
    desk.call_answered(call, "support", "anna@x", 1.0)
    for bad in ("9.5", "-1", "много", "nan"):
        with pytest.raises(ActionError) as refused:
            desk.action("anna@x", call, "call", {"state": "ended", "mos": bad})
        assert refused.value.condition == "bad-request"
    desk.action("anna@x", call, "call", {"state": "ended", "mos": "2.9"})
    assert [(s.kind, s.detail) for s in desk.store.timeline(call)
            if s.kind == "call_quality"] == [("call_quality", "2.90")]
    desk.store.close()
