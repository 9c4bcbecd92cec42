"""DeskService's own rules on a fake clock and a recording outbox (the XMPP side is tested
against the real servers elsewhere): the rating window, and what the desk forgets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from supportdesk import texts
from supportdesk.config import DeskConfig, Line, Organisation
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

    def message(self, sender: str, to: str, body: str, **_extra: Any) -> None:
        self.said.append((sender, to, body))

    def signal(self, sender: str, to: str, **_extra: Any) -> None:
        pass

    def event(self, sender: str, to: str, name: str, attrs: dict[str, str]) -> None:
        pass

    def hello(self, to: str) -> None:
        pass


def make(tmp_path: Path) -> tuple[DeskService, Clock, Outbox]:
    config = DeskConfig("x", "127.0.0.1", 5347, "s", f"sqlite:///{tmp_path / 'd.sqlite3'}",
                        (Line("support", "Техподдержка", "", 300, 3, 5, ("anna@x",), ()),),
                        (Organisation("Ромашка", ("ivan@x",), ("support",)),))
    clock, out = Clock(), Outbox()
    return DeskService(config, DeskStore(config.store_url), out, clock), clock, out


def test_a_rating_a_day_late_is_a_new_appeal_and_the_wait_for_it_is_forgotten(
        tmp_path: Path) -> None:
    desk, clock, out = make(tmp_path)
    desk.presence("anna@x", "", True)
    desk.client_message("ivan@x", "support", "Вопрос", "m1")
    (appeal,) = desk.open
    desk.specialist_message("anna@x", appeal, "Ответ", "a1")
    desk.action("anna@x", appeal, "finish")
    assert out.said[-1] == ("support@desk.x", "ivan@x", texts.THANKS)
    assert ("ivan@x", "support") in desk.finished
    clock.now += RATING_WINDOW_S + 61
    desk.tick()  # quiet counters and ratings no longer taken are dropped
    assert desk.finished == {}
    desk.client_message("ivan@x", "support", "5 спасибо", "m2")
    assert desk.store.rating(appeal) is None
    assert len(desk.open) == 1  # a new appeal, not a rating
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
    desk.client_message("ivan@x", "support", "4 долго, но помогли", "m2")
    assert desk.store.rating(appeal) == (4, "долго, но помогли")
    assert out.said[-1] == ("support@desk.x", "ivan@x", texts.RATED)
    assert desk.open == {}
    desk.store.close()
