"""The online monitor's desk side on a fake clock: who may watch, what a watcher is told
first and then only what changed, today's counts (also after a restart), and the wire form.
The live monitor in the app against the real desk is tests/test_monitor_ui.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from supportdesk.access import ActionError
from supportdesk.config import DeskConfig, Line, Organisation
from supportdesk.protocol.monitor import (
    AppealNow,
    Board,
    LineNow,
    PersonNow,
    Update,
    from_xml,
    to_xml,
)
from supportdesk.service import DeskService
from supportdesk.store import DeskStore
from tests.test_desk_logic import Clock, Outbox

STAFF = ("anna@x", "boris@x")


def config(tmp_path: Path) -> DeskConfig:
    return DeskConfig("x", "127.0.0.1", 5347, "s", f"sqlite:///{tmp_path / 'd.sqlite3'}",
                      (Line("support", "Техподдержка", "", 300, 1, 5, STAFF, ("vera@x",)),
                       Line("sales", "Продажи", "", 300, 3, 5, ("gleb@x",), ("olga@x",))),
                      (Organisation("Ромашка", ("ivan@x", "oleg@x", "c0@x", "c1@x", "c2@x"),
                                    ("support", "sales")),))


@pytest.fixture
def desk(tmp_path: Path) -> DeskService:
    clock = Clock()
    clock.now = 1_800_000_000.0  # a weekday's afternoon: "today" has room before it
    found = DeskService(config(tmp_path), DeskStore(config(tmp_path).store_url), Outbox(),
                        clock)
    yield found
    found.store.close()


def only(update: Update) -> tuple[dict[str, LineNow], dict[str, PersonNow],
                                  dict[int, AppealNow]]:
    return ({x.id: x for x in update.lines}, {x.jid: x for x in update.people},
            {x.id: x for x in update.appeals})


def news(desk: DeskService) -> Update:
    (who, update), = desk.monitor.changes()
    assert who == "vera@x"
    return update


def test_only_a_lines_senior_watches_and_sees_only_their_lines(desk: DeskService) -> None:
    for who in ("anna@x", "ivan@x", "nobody@x"):
        with pytest.raises(ActionError) as refused:
            desk.watch(who)
        assert refused.value.condition == "forbidden"
    first = desk.watch("vera@x")
    lines, people, appeals = only(first)
    assert first.full
    assert list(lines) == ["support"]
    assert appeals == {}
    assert set(people) == {"anna@x", "boris@x", "vera@x"}  # not sales' gleb and olga
    assert all(p.status == "offline" for p in people.values())
    assert desk.monitor.changes() == []  # nothing new: nothing pushed


def test_a_watcher_hears_what_changed_and_only_that(desk: DeskService) -> None:
    clock = desk.clock
    assert isinstance(clock, Clock)
    desk.watch("vera@x")
    desk.presence("anna@x", "dnd", True)  # busy for new appeals: the appeal waits
    _lines, people, appeals = only(news(desk))
    assert people == {"anna@x": PersonNow("anna@x", "busy", 0, False, 0, 0, 0)}
    arrived = clock.now
    desk.client_message("ivan@x", "support", "Не работает", "m1")
    (appeal,) = desk.open
    update = news(desk)
    lines, people, appeals = only(update)
    assert not update.full
    assert people == {}
    assert appeals == {appeal: AppealNow(appeal, "support", "ivan@x", "chat", "queued", "",
                                         arrived, arrived + 300)}
    assert lines["support"].queued == 1
    assert lines["support"].oldest == arrived
    assert lines["support"].late_at == arrived + 300
    assert lines["support"].busy == 1
    clock.now += 40
    assert desk.monitor.changes() == []  # the clock runs in the app, not by pushes
    desk.presence("boris@x", "", True)  # free: the appeal is offered to him
    lines, people, appeals = only(news(desk))
    assert appeals[appeal].state == "offered"
    assert appeals[appeal].specialist == "boris@x"
    assert appeals[appeal].late_at == clock.now + 300
    assert people["boris@x"].status == "free"
    assert people["boris@x"].open == 1
    assert (lines["support"].queued, lines["support"].oldest,
            lines["support"].offered, lines["support"].online) == (0, 0.0, 1, 1)
    desk.action("boris@x", appeal, "accept")
    lines, _people, appeals = only(news(desk))
    assert appeals[appeal].state == "in_work"
    assert appeals[appeal].late_at == 0.0
    assert (lines["support"].offered, lines["support"].in_work) == (0, 1)
    desk.action("boris@x", appeal, "finish")
    update = news(desk)
    lines, people, _appeals = only(update)
    assert update.gone == (appeal,)
    assert (people["boris@x"].finished, people["boris@x"].open) == (1, 0)
    desk.client_message("ivan@x", "support", "4 — спасибо", "m2")
    _lines, people, _appeals = only(news(desk))
    assert people["boris@x"].rating_avg == 4.0
    assert people["boris@x"].rated == 1


def test_todays_counts_come_from_the_store_after_a_restart(desk: DeskService,
                                                          tmp_path: Path) -> None:
    desk.presence("anna@x", "", True)
    for n, score in enumerate((5, 3, 0)):
        desk.client_message(f"c{n}@x", "support", "?", f"m{n}")
        (appeal,) = desk.open
        desk.action("anna@x", appeal, "accept")
        desk.action("anna@x", appeal, "finish")
        if score:
            desk.client_message(f"c{n}@x", "support", str(score), f"r{n}")
    desk.store.close()
    again = DeskService(config(tmp_path), DeskStore(config(tmp_path).store_url), Outbox(),
                        desk.clock)
    _lines, people, _appeals = only(again.watch("vera@x"))
    assert (people["anna@x"].finished, people["anna@x"].rated,
            people["anna@x"].score_sum) == (3, 2, 8)
    assert people["boris@x"].finished == 0
    again.store.close()


def test_a_watcher_who_goes_offline_stops_watching(desk: DeskService) -> None:
    desk.watch("vera@x")
    desk.presence("vera@x", "", True)
    desk.presence("vera@x", "", False)
    assert desk.monitor.changes() == []
    assert "vera@x" not in desk.monitor.watchers


def test_a_senior_joins_an_appeal_in_work_and_hears_it(desk: DeskService) -> None:
    out = desk.out
    assert isinstance(out, Outbox)
    desk.presence("anna@x", "", True)
    desk.client_message("ivan@x", "support", "Помогите", "m1")
    (appeal,) = desk.open
    with pytest.raises(ActionError):
        desk.action("vera@x", appeal, "join")  # offered, nobody works on it yet
    desk.action("anna@x", appeal, "accept")
    for who in ("boris@x", "olga@x"):  # a member, another line's senior
        with pytest.raises(ActionError):
            desk.action(who, appeal, "join")
    desk.action("vera@x", appeal, "join")
    assert out.said[-1][1] == "vera@x"
    assert "Помогите" in out.said[-1][2]
    desk.client_message("ivan@x", "support", "Жду", "m2")
    assert {said[1:] for said in out.said[-2:]} == {("anna@x", "Жду"), ("vera@x", "Жду")}


def test_an_update_reads_back_from_its_xml_and_a_board_follows() -> None:
    first = Update(10.0, True, (LineNow("support", "Техподдержка", 1, 5.5, 305.5, 0, 2,
                                        1, 1, 0),),
                   (PersonNow("anna@x", "busy", 2, True, 3, 2, 9),),
                   (AppealNow(7, "support", "ivan@x", "chat", "queued", "", 5.5, 305.5, 1),
                    AppealNow(8, "support", "oleg@x", "call", "in_work", "anna@x", 6, 0)))
    assert from_xml(to_xml(first)) == first
    board = Board()
    board.apply(from_xml(to_xml(first)))
    assert set(board.appeals) == {7, 8}
    assert board.people["anna@x"].rating_avg == 4.5
    later = Update(11.0, False, people=(PersonNow("anna@x", "away", 1, False, 3, 2, 9),),
                   gone=(7,))
    board.apply(from_xml(to_xml(later)))
    assert set(board.appeals) == {8}
    assert board.people["anna@x"].status == "away"
    assert board.lines["support"].in_work == 2  # untouched by the update
    with pytest.raises(ValueError, match="soon"):
        from_xml(to_xml(first).__class__("x", {"at": "soon"}))


def test_todays_figures_start_at_the_teams_midnight_not_the_hosts(tmp_path: Path) -> None:
    """A Moscow team on a UTC host: anna finished one at 23:30 Moscow time (20:30 UTC); at
    00:30 Moscow (21:30 UTC, still the host's yesterday evening) a new day has begun."""
    from dataclasses import replace  # noqa: PLC0415

    settings = replace(config(tmp_path), time_zone="Europe/Moscow")
    clock = Clock()
    clock.now = 1_796_675_400.0  # 2026-12-07 20:30 UTC = 23:30 in Moscow
    desk = DeskService(settings, DeskStore(settings.store_url), Outbox(), clock)
    desk.presence("anna@x", "", True)
    desk.client_message("ivan@x", "support", "Вопрос", "m1")
    (appeal,) = desk.open
    desk.action("anna@x", appeal, "accept")
    desk.action("anna@x", appeal, "finish")
    _lines, people, _appeals = only(desk.watch("vera@x"))
    assert people["anna@x"].finished == 1
    desk.monitor.stop("vera@x")
    clock.now += 3600  # 00:30 in Moscow
    _lines, people, _appeals = only(desk.watch("vera@x"))
    assert people["anna@x"].finished == 0
    desk.store.close()
