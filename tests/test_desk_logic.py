"""DeskService's own rules on a fake clock and a recording outbox (the XMPP side is tested
against the real servers elsewhere): the rating window, and what the desk forgets."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from supportdesk import texts
from supportdesk.access import ActionError
from supportdesk.config import DeskConfig, Line, Organisation
from supportdesk.outbox import Extras
from supportdesk.protocol.appeals import Waiting
from supportdesk.service import RATING_WINDOW_S, DeskService
from supportdesk.store import DeskStore


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


class Outbox:
    def __init__(self) -> None:
        self.said: list[tuple[str, str, str]] = []  # (from, to, body)
        self.told: list[tuple[str, texts.Said, int]] = []  # the desk's words: (to, …, rating)
        self.events: list[tuple[str, str, dict[str, str]]] = []  # (to, name, attrs)
        self.queues: list[tuple[str, str, list[int]]] = []  # (to, line, appeals)
        self.signals: list[tuple[str, str, str]] = []  # (to, state, received)
        self.relays_ended: list[str] = []  # remote sessions whose legs the relay closed
        self.to_codes: list[tuple[str, str, dict[str, str]]] = []  # over the code channel
        self.relayed: list[tuple[str, str, str]] = []  # a client's words: (to, body, replaces)

    def message(self, sender: str, to: str, body: str, **_extra: Any) -> None:
        self.said.append((sender, to, body))
        if "extras" in _extra:
            self.relayed.append((to, body, _extra["extras"].replaces))

    def tell(self, sender: str, to: str, said: texts.Said, **extra: Any) -> None:
        self.said.append((sender, to, said.body))
        self.told.append((to, said, extra.get("rating_for", 0)))

    def signal(self, sender: str, to: str, **extra: Any) -> None:
        self.signals.append((to, extra.get("state", ""), extra.get("received", "")))

    def event(self, sender: str, to: str, name: str, attrs: dict[str, str]) -> None:
        self.events.append((to, name, attrs))

    def queue(self, staff: list[str], line: str, name: str, items: list[Waiting],
              more: int) -> None:
        self.queues += [(to, line, [item.appeal for item in items]) for to in staff]

    def end_remote(self, session: str) -> None:
        self.relays_ended.append(session)

    def to_code(self, session: str, name: str, attrs: dict[str, str]) -> None:
        self.to_codes.append((session, name, attrs))

    def hello(self, to: str) -> None:
        pass


def config(tmp_path: Path) -> DeskConfig:
    return DeskConfig("x", "127.0.0.1", 5347, "s", f"sqlite:///{tmp_path / 'd.sqlite3'}",
                        (Line("support", "Техподдержка", "", 300, 1, 5,
                              ("anna@x", "boris@x"), ()),
                         Line("accounting", "Бухгалтерия", "", 300, 3, 5, ("boris@x",), ())),
                        (Organisation("Ромашка", ("ivan@x", "oleg@x", "maria@x"),
                                      ("support",)),))


def make(tmp_path: Path) -> tuple[DeskService, Clock, Outbox]:
    settings = config(tmp_path)
    clock, out = Clock(), Outbox()
    return DeskService(settings, DeskStore(settings.store_url), out, clock), clock, out


def test_a_rating_a_day_late_is_a_new_appeal_and_the_wait_for_it_is_forgotten(
        tmp_path: Path) -> None:
    desk, clock, out = make(tmp_path)
    desk.presence("anna@x", "", True)
    desk.client_message("ivan@x", "support", "Вопрос", "m1")
    (appeal,) = desk.open
    desk.specialist_message("anna@x", appeal, "Ответ", "a1")
    desk.action("anna@x", appeal, "finish")
    assert out.told[-1] == ("ivan@x", texts.THANKS.in_("ru", appeal=appeal), appeal)
    assert ("ivan@x", "support") in desk.finished
    clock.now += RATING_WINDOW_S + 61
    desk.tick()  # quiet counters and ratings no longer taken are dropped
    assert desk.finished == {}
    desk.client_message("ivan@x", "support", "5 — спасибо", "m2")
    assert desk.store.rating(appeal) is None
    assert len(desk.open) == 1  # a new appeal, not a rating
    desk.store.close()


def test_what_the_client_adds_while_offered_reaches_the_one_it_is_offered_to(
        tmp_path: Path) -> None:
    """The app reads the conversation when the offer comes; what the client writes or
    corrects after that (before the accept) reached nobody: it is relayed to the offeree,
    corrections as corrections, and their typing too."""
    desk, _clock, out = make(tmp_path)
    desk.presence("anna@x", "", True)
    desk.client_message("ivan@x", "support", "Модем мигает", "m1")
    (appeal,) = desk.open
    assert desk.router.offers[appeal].to == "anna@x"
    desk.client_message("ivan@x", "support", "Модем мигает, модель ZTE", "m2",
                        Extras(replaces="m1"))
    desk.client_message("ivan@x", "support", "И интернет пропал", "m3")
    desk.client_signal("ivan@x", "support", state="composing")
    assert out.relayed == [("anna@x", "Модем мигает, модель ZTE", "m1"),
                           ("anna@x", "И интернет пропал", "")]
    assert ("anna@x", "composing", "") in out.signals
    desk.store.close()


def test_an_internal_note_reaches_the_team_and_the_next_one_never_the_client(
        tmp_path: Path) -> None:
    desk, _clock, out = make(tmp_path)
    for who in ("anna@x", "boris@x", "maria@x"):
        desk.presence(who, "", True)
    desk.client_message("ivan@x", "support", "Нужен акт сверки", "m1")
    (appeal,) = desk.open
    holder = desk.router.offers[appeal].to
    other = ({"anna@x", "boris@x"} - {holder}).pop()
    desk.action(holder, appeal, "accept")
    desk.action(holder, appeal, "invite", {"to": other})
    out.said.clear()
    desk.specialist_note(holder, appeal, "Клиент просил звонить после 15:00", "n1")
    assert [(to, body) for _f, to, body in out.said] == [
        (other, "Клиент просил звонить после 15:00")]
    with pytest.raises(ActionError) as refused:  # not on the appeal: not theirs to note
        desk.specialist_note("maria@x", appeal, "Чужая заметка", "n2")
    assert refused.value.condition == "forbidden"
    with pytest.raises(ActionError):
        desk.specialist_note(holder, appeal, "   ", "n3")
    desk.action(other, appeal, "leave")
    out.said.clear()
    desk.action(holder, appeal, "transfer",
                {"to": other, "note": "Клиенту нужен акт сверки за ноябрь"})
    assert all(to != "ivan@x" or "акт сверки за ноябрь" not in body
               for _f, to, body in out.said)
    history = desk.history(other, appeal)
    assert [(m.body, m.note) for m in history.messages] == [
        ("Нужен акт сверки", False), ("Клиент просил звонить после 15:00", True),
        ("Клиенту нужен акт сверки за ноябрь", True)]
    handed = next(body for _f, to, body in out.said if to == other)
    assert f"{holder.partition('@')[0]} (note): Клиенту нужен акт сверки" in handed
    # The card's comment: the note is the appeal's comment, for seniors and reports too.
    assert [s.detail for s in desk.store.timeline(appeal) if s.kind == "commented"] == [
        "Клиент просил звонить после 15:00", "Клиенту нужен акт сверки за ноябрь"]
    assert not any(to == "ivan@x" and "15:00" in body for _f, to, body in out.said)
    desk.store.close()


def test_the_lines_staff_read_its_finished_appeals_not_a_colleagues_open_one(
        tmp_path: Path) -> None:
    """The card lists a client's appeals on the asker's lines; a finished one opens for
    reading to anyone of that line, an open one stays its specialist's (and the seniors')."""
    desk, _clock, _out = make(tmp_path)
    desk.presence("anna@x", "", True)
    desk.client_message("ivan@x", "support", "Вопрос", "m1")
    (appeal,) = desk.open
    desk.action("anna@x", appeal, "accept")
    with pytest.raises(ActionError):
        desk.history("boris@x", appeal)  # anna's, still open
    desk.action("anna@x", appeal, "finish")
    assert [m.body for m in desk.history("boris@x", appeal).messages] == ["Вопрос"]
    assert desk.client_card("boris@x", appeal).client == "ivan@x"
    with pytest.raises(ActionError):
        desk.history("maria@x", appeal)  # no one of the line
    desk.store.close()


def test_a_busy_phone_in_any_session_is_on_a_call_until_that_session_says_or_goes(
        tmp_path: Path) -> None:
    desk, _clock, _out = make(tmp_path)
    desk.presence("anna@x", "", True, "desk1")
    desk.presence("anna@x", "", True, "laptop")
    assert not desk.on_call("anna@x")
    desk.presence("anna@x", "", True, "desk1", on_phone=True)
    assert desk.on_call("anna@x")
    desk.presence("anna@x", "", True, "laptop")  # the other computer: its phone is free
    assert desk.on_call("anna@x")
    desk.presence("anna@x", "", False, "desk1")  # the one on the phone went away
    assert not desk.on_call("anna@x")
    desk.presence("anna@x", "", True, "desk1", on_phone=True)
    desk.presence("anna@x", "", False)  # every session gone
    assert not desk.on_call("anna@x")
    desk.store.close()


def test_a_rating_within_the_day_is_kept(tmp_path: Path) -> None:
    desk, clock, out = make(tmp_path)
    desk.presence("anna@x", "", True)
    desk.client_message("ivan@x", "support", "Вопрос", "m1")
    (appeal,) = desk.open
    desk.action("anna@x", appeal, "accept")
    desk.action("anna@x", appeal, "finish")
    clock.now += RATING_WINDOW_S - 60
    desk.tick()
    desk.client_message("ivan@x", "support", "4 — долго, но помогли", "m2")
    assert desk.store.rating(appeal) == (4, "долго, но помогли")
    assert out.said[-1] == ("support@desk.x", "ivan@x",
                            texts.RATED.in_("ru", appeal=appeal).body)
    assert desk.open == {}
    desk.store.close()


def test_a_queued_appeal_is_told_to_the_lines_staff_once_per_change_and_taken(
        tmp_path: Path) -> None:
    desk, _clock, out = make(tmp_path)
    desk.presence("anna@x", "dnd", True)  # busy for new appeals: nothing offered …
    desk.client_message("ivan@x", "support", "Вопрос", "m1")
    desk.client_message("oleg@x", "support", "Ещё вопрос", "o1")
    desk.tick()
    desk.tick()  # no change: not told again
    first, second = sorted(desk.open)
    assert out.queues == [("anna@x", "support", [first, second])]
    desk.presence("boris@x", "dnd", True)  # came online: hears the queue at the next tick
    desk.tick()  # every line of his, the empty one too (the app clears what it showed)
    assert out.queues[-2:] == [("boris@x", "support", [first, second]),
                               ("boris@x", "accounting", [])]
    desk.action("anna@x", second, "take")  # … but she may take one herself
    assert desk.open[second].specialist == "anna@x"
    assert desk.open[second].accepted
    assert out.said[-1][1] == "anna@x"
    assert "Ещё вопрос" in out.said[-1][2]
    desk.tick()
    assert out.queues[-2:] == [("anna@x", "support", [first]), ("boris@x", "support", [first])]
    for who, appeal, condition in (("anna@x", second, "conflict"),
                                   ("vera@x", first, "forbidden")):
        with pytest.raises(ActionError) as refused:
            desk.action(who, appeal, "take")
        assert refused.value.condition == condition
    mine = desk.mine("anna@x", 0)
    assert [(m.id, m.state) for m in mine] == [(second, "in_work")]


def test_the_feed_query_and_the_rating_reach_everyone_who_had_the_appeal(
        tmp_path: Path) -> None:
    desk, clock, out = make(tmp_path)
    desk.presence("anna@x", "", True)
    desk.presence("boris@x", "dnd", True)
    desk.client_message("ivan@x", "support", "Вопрос", "m1")
    (appeal,) = desk.open
    assert [(m.state, m.accept_by) for m in desk.mine("anna@x", 0)] == [
        ("offered", clock.now + 300)]
    desk.specialist_message("anna@x", appeal, "Ответ", "a1")
    desk.action("anna@x", appeal, "comment", {"text": "просил счёт"})
    desk.action("anna@x", appeal, "transfer", {"to": "boris@x"})
    assert [(m.state, m.transfers) for m in desk.mine("anna@x", 0)] == [("handed_on", 1)]
    assert desk.action("boris@x", appeal, "control") == {"finish-at": f"{clock.now + 300:.0f}"}
    assert desk.mine("boris@x", 0)[0].control_until == clock.now + 300
    clock.now += 10
    desk.action("boris@x", appeal, "finish")
    assert ("anna@x", "finished", {"by": "boris@x"}) in out.events
    desk.client_message("ivan@x", "support", "5, спасибо", "m2")
    rated = sorted((to, attrs["score"], attrs["comment"]) for to, name, attrs in out.events
                   if name == "rated")
    assert rated == [("anna@x", "5", "спасибо"), ("boris@x", "5", "спасибо")]
    (anna,) = desk.mine("anna@x", clock.now - 60)
    assert (anna.state, anna.score, anna.comment, anna.finished_at) == (
        "rated", 5, "спасибо", clock.now)
    assert desk.mine("anna@x", clock.now + 1) == []  # not worked on that day
    card = desk.client_card("anna@x", appeal)
    assert (card.organisation, [line.id for line in card.lines]) == ("Ромашка", ["support"])
    assert (card.appeals[0].note, card.appeals[0].score) == ("просил счёт", 5)
    with pytest.raises(ActionError) as refused:
        desk.mine("ivan@x", 0)
    assert refused.value.condition == "forbidden"


def test_the_control_question_asked_again_while_its_clock_runs_is_one_question(
        tmp_path: Path) -> None:
    desk, clock, _out = make(tmp_path)
    desk.presence("anna@x", "", True)
    desk.client_message("ivan@x", "support", "Вопрос", "m1")
    (appeal,) = desk.open
    desk.action("anna@x", appeal, "accept")
    first = desk.action("anna@x", appeal, "control")
    clock.now += 0.055  # the app's second report of the same message
    assert desk.action("anna@x", appeal, "control") == first
    assert [s.kind for s in desk.store.timeline(appeal)].count("control_question") == 1
    desk.store.close()


def failing(store: DeskStore, table: str) -> Callable[[], None]:
    """The store's writes to `table` fail (a full disk) until the returned undo is called."""
    def fail(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith(f"INSERT INTO {table.upper()}"):
            raise OSError("disk full")
    event.listen(store.engine, "before_cursor_execute", fail)
    return lambda: event.remove(store.engine, "before_cursor_execute", fail)


def test_a_new_appeal_and_its_first_message_are_kept_together_or_not_at_all(
        tmp_path: Path) -> None:
    desk, _clock, _out = make(tmp_path)
    desk.presence("anna@x", "", True)
    undo = failing(desk.store, "messages")
    with pytest.raises(OSError, match="disk full"):
        desk.client_message("ivan@x", "support", "Вопрос", "m1")
    undo()
    assert desk.store.open_appeals() == []  # no appeal without its message
    assert desk.open == {}
    desk.client_message("ivan@x", "support", "Вопрос", "m1")  # sent again: kept whole
    (appeal,) = desk.open
    assert [m.body for m in desk.store.conversation(appeal)] == ["Вопрос"]
    desk.store.close()


def test_a_finish_the_store_did_not_keep_leaves_the_appeal_open(tmp_path: Path) -> None:
    desk, _clock, _out = make(tmp_path)
    desk.presence("anna@x", "", True)
    desk.client_message("ivan@x", "support", "Вопрос", "m1")
    (appeal,) = desk.open
    desk.action("anna@x", appeal, "accept")
    undo = failing(desk.store, "events")
    with pytest.raises(OSError, match="disk full"):
        desk.action("anna@x", appeal, "finish")
    undo()
    row = desk.store.appeal(appeal)
    assert row is not None
    assert row.state == "in_work"
    assert appeal in desk.open  # memory agrees with the store: try again
    desk.action("anna@x", appeal, "finish")
    assert appeal not in desk.open
    desk.store.close()


def test_a_long_queue_whose_oldest_stay_tells_its_count_every_few_seconds(
        tmp_path: Path) -> None:
    """A storm: the listed oldest stay, only the count behind them grows; the staff hear
    the count every QUEUE_COUNT_S, not at every tick; a change among the listed at once."""
    from dataclasses import replace  # noqa: PLC0415

    from supportdesk.protocol.appeals import QUEUE_ITEMS  # noqa: PLC0415
    from supportdesk.service import QUEUE_COUNT_S  # noqa: PLC0415

    settings = config(tmp_path)
    settings = replace(settings, lines=(replace(settings.lines[0], public=True),))
    clock, out = Clock(), Outbox()
    desk = DeskService(settings, DeskStore(settings.store_url), out, clock)
    desk.presence("anna@x", "dnd", True)
    for n in range(QUEUE_ITEMS + 1):
        desk.client_message(f"c{n}@y", "support", "Вопрос", f"m{n}")
    desk.tick()
    told = len(out.queues)
    assert told == 1
    desk.client_message("late@y", "support", "Вопрос", "late")  # behind the listed
    clock.now += 1
    desk.tick()
    assert len(out.queues) == told  # only the count changed: not yet
    clock.now += QUEUE_COUNT_S
    desk.tick()
    assert len(out.queues) == told + 1  # the count, a few seconds on
    oldest = min(desk.open)
    desk.action("anna@x", oldest, "take")  # the listed changed: told at the next tick
    clock.now += 1
    desk.tick()
    assert len(out.queues) == told + 2
    assert oldest not in out.queues[-1][2]
    desk.store.close()


def test_a_remote_session_nobody_answers_is_over_in_a_minute(tmp_path: Path) -> None:
    """The client says nothing for ASK_S: the specialist hears "no answer", the step says
    so; a late answer finds no session; a phone client has no screen to ask for."""
    from dataclasses import replace  # noqa: PLC0415

    from supportdesk.access import ActionError  # noqa: PLC0415
    from supportdesk.config import Remote  # noqa: PLC0415
    from supportdesk.remote.sessions import ASK_S  # noqa: PLC0415

    settings = replace(config(tmp_path), remote=Remote(5281, "wss://desk.x:5281", "c", "k"))
    clock, out = Clock(), Outbox()
    desk = DeskService(settings, DeskStore(settings.store_url), out, clock)
    desk.presence("anna@x", "", True)
    desk.client_message("ivan@x", "support", "Вопрос", "m1")
    (appeal,) = desk.open
    desk.action("anna@x", appeal, "accept")
    asked = desk.action("anna@x", appeal, "remote")
    assert asked["state"] == "asked"
    assert out.told[-1][0] == "ivan@x"  # the request, in his line's language
    clock.now += ASK_S + 1
    desk.tick()
    assert out.events[-1] == ("anna@x", "remote", {"session": asked["session"],
                                                   "state": "no-answer", "reason": ""})
    assert ("remote_ended", "") in desk.store.steps(appeal)
    with pytest.raises(ActionError) as late:
        desk.remote_answer("ivan@x", asked["session"], True, "0123abcd")
    assert late.value.condition == "item-not-found"
    assert out.relays_ended == []  # never opened: no relay legs to close
    desk.store.close()
