"""The appeals feed in the real app graph (keys and clicks on the real widgets) against the
lab's Prosody and a real desk; the clock's colours on an injected clock."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.app import Deskline
from desktop.appeals.service import AppealService
from desktop.appeals.values import Mine, Offer
from desktop.bus import AppealState, Bus, LinkState, Status
from desktop.lab.lab import LabInfo
from desktop.ui.appeal_clock import LATE, SOON
from desktop.ui.appeals_feed import AppealsFeed
from supportdesk.routing import Availability
from tests.peers.xmpp_peer import XmppPeer
from tests.supportdesk_rig import RunningDesk, knows, lab_config, said, wait


def test_an_offer_in_the_feed_accepted_with_enter_answered_and_finished(
        qtbot: QtBot, lab: LabInfo, app: Deskline, tmp_path: Path) -> None:
    qtbot.waitUntil(lambda: app.chat.state is LinkState.ONLINE, timeout=10000)
    line = f"support@desk.{lab.domain}"
    window = app.window
    assert window.left_tabs.indexOf(window.feed) < 0  # no appeals: no tab yet
    with RunningDesk(lab_config(lab, f"sqlite:///{tmp_path / 'desk.sqlite3'}")) as desk, \
            XmppPeer(lab, "ivan") as ivan:
        assert desk.component is not None
        presence = desk.component.service.router.presence
        # The desk greets, the app tells it its status (else the appeal waits in the queue).
        qtbot.waitUntil(lambda: presence.get(f"anna@{lab.domain}") is Availability.FREE,
                        timeout=10000)
        ivan.send(line, "Не приходит счёт за ноябрь", "ui-1")
        qtbot.waitUntil(lambda: window.feed.list.count() == 2, timeout=10000)  # heading, row
        assert window.left_tabs.indexOf(window.feed) == 0  # first, once there are appeals
        window.left_tabs.setCurrentWidget(window.feed)
        assert window.feed.list.item(0).text() == "Offered to me (1)"
        row = window.feed.list.item(1).text()
        assert "Сидоров Иван Петрович" in row
        assert "Техподдержка" in row
        assert re.search(r"accept within (5:00|4:5\d)", row)  # the line's five minutes
        window.feed.list.setFocus()
        qtbot.keyClick(window.feed.list, Qt.Key.Key_Return)
        (appeal,) = app.appeals.appeals.values()
        qtbot.waitUntil(lambda: app.appeals.appeals[appeal.id].state is AppealState.IN_WORK,
                        timeout=5000)
        assert window.chat.peer == appeal.address
        assert "Сидоров Иван Петрович" in window.chat.title.text()
        qtbot.waitUntil(lambda: "Не приходит счёт" in window.chat.view.toPlainText(),
                        timeout=5000)
        qtbot.waitUntil(lambda: app.chat.contacts[appeal.client].profile is not None,
                        timeout=5000)  # his card: the name and patronymic to address him by
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=3000)
        qtbot.keyClick(window.chat.input, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier
                       | Qt.KeyboardModifier.ShiftModifier)  # acknowledge, one key
        wait(lambda: said(ivan, line, "Иван Петрович, ваше обращение принято"))
        # Latin: QTest aborts on characters it has no key code for (Russian is typed with
        # xdotool in the end-to-end tests).
        qtbot.keyClicks(window.chat.input, "Good day, Ivan Petrovich!")
        qtbot.keyClick(window.chat.input, Qt.Key.Key_Return)
        wait(lambda: said(ivan, line, "Good day, Ivan Petrovich!"))
        assert window.feed.finish_button.isEnabled()
        qtbot.mouseClick(window.feed.finish_button, Qt.MouseButton.LeftButton)
        wait(lambda: said(ivan, line, "Оцените"))
        qtbot.waitUntil(lambda: window.feed.list.item(0).text() == "Finished today (1)",
                        timeout=5000)
        assert "not rated yet" in window.feed.list.item(1).text()
        ivan.send(line, "5 — спасибо!")
        qtbot.waitUntil(lambda: "★★★★★ 5 «спасибо!»" in window.feed.list.item(1).text(),
                        timeout=5000)


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_the_clock_turns_amber_in_the_last_minute_and_red_when_late(qtbot: QtBot) -> None:
    clock = Clock()
    bus = Bus()
    appeals = AppealService(bus, clock)
    feed = AppealsFeed(appeals, bus, lambda jid: (jid.partition("@")[0], b""), clock=clock)
    qtbot.addWidget(feed)
    appeals.on_offer(Offer(7, "support", "Техподдержка", "ivan@x", clock.now + 300))
    feed.refresh()  # (the feed lays out changes at the next turn of the event loop)
    item = feed.list.item(1)
    calm = feed.palette().text().color()
    assert "5:00" in item.text()
    assert item.foreground().color() == calm
    clock.now += 250
    feed.ticker.timeout.emit()
    assert "0:50" in item.text()
    assert item.foreground().color() == SOON
    clock.now += 55
    feed.ticker.timeout.emit()
    assert "0:05" in item.text()
    assert item.foreground().color() == LATE


class SlowDesk:
    """A desk whose answers have not come yet: what was asked of it is kept."""

    def __init__(self) -> None:
        self.acts: list[tuple[int, str]] = []

    def act(self, appeal: int, action: str, attrs: dict[str, str] | None = None) -> None:
        self.acts.append((appeal, action))

    def card(self, appeal: int) -> None:
        pass

    def history(self, appeal: int) -> None:
        pass

    def address(self) -> str:
        return "desk.x"

    def owns(self, jid: str) -> bool:
        return jid.endswith("@desk.x")


def test_the_next_offer_is_not_the_one_whose_accept_is_on_its_way(display: str,
                                                                  qtbot: QtBot) -> None:
    """Enter accepted ivan's offer; before the desk answers, maria's comes: Ctrl+Shift+P
    chooses hers, not ivan's (the older clock, still "offered" until the desk says so). On
    a busy machine the desk's answer came late and the key chose ivan's again."""
    clock = Clock()
    bus = Bus()
    appeals = AppealService(bus, clock)
    desk = SlowDesk()
    appeals.attach(desk)  # type: ignore[arg-type]
    feed = AppealsFeed(appeals, bus, lambda jid: (jid.partition("@")[0], b""), clock=clock)
    qtbot.addWidget(feed)
    feed.show()
    appeals.on_offer(Offer(1, "support", "Техподдержка", "ivan@x", clock.now + 300))
    feed.refresh()
    feed.choose_most_urgent_offer()
    qtbot.mouseClick(feed.accept_button, Qt.MouseButton.LeftButton)
    assert desk.acts == [(1, "accept")]
    clock.now += 5
    appeals.on_offer(Offer(2, "support", "Техподдержка", "maria@x", clock.now + 300))
    feed.choose_most_urgent_offer()
    chosen = feed.current()
    assert chosen is not None
    assert chosen.id == 2
    appeals.on_action_done(1, "accept", None, "", {})  # the desk's answer, late
    assert appeals.appeals[1].state is AppealState.IN_WORK
    assert appeals.next_offer() is not None
    assert appeals.next_offer().id == 2  # type: ignore[union-attr]


def test_a_desk_that_does_not_answer_is_said_plainly(qtbot: QtBot, lab: LabInfo,
                                                     app: Deskline) -> None:
    """No desk on the server: accepting (a real click, a real IQ, the server's bounce) says
    so in the status bar, and the appeal stays as it was."""
    qtbot.waitUntil(lambda: app.chat.state is LinkState.ONLINE, timeout=10000)
    app.appeals.on_offer(Offer(9001, "support", "Техподдержка", f"ivan@{lab.domain}",
                               1e12))  # as if the desk had offered it, then gone
    window = app.window
    window.left_tabs.setCurrentWidget(window.feed)
    qtbot.waitUntil(window.feed.unreachable.isVisible, timeout=15000)  # said
    assert "does not answer" in window.feed.unreachable.text()
    qtbot.waitUntil(window.feed.accept_button.isEnabled, timeout=5000)
    qtbot.mouseClick(window.feed.accept_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "does not answer" in window.status.currentMessage(),
                    timeout=15000)
    assert "9001" in window.status.currentMessage()
    assert app.appeals.appeals[9001].state is AppealState.OFFERED


def test_busy_for_new_appeals_is_said_in_the_feed_and_nothing_is_offered(
        qtbot: QtBot, lab: LabInfo, app: Deskline, tmp_path: Path) -> None:
    qtbot.waitUntil(lambda: app.chat.state is LinkState.ONLINE, timeout=10000)
    window = app.window
    combo = window.header.status
    with RunningDesk(lab_config(lab, f"sqlite:///{tmp_path / 'desk.sqlite3'}")) as desk, \
            XmppPeer(lab, "maria") as maria:
        combo.activated.emit(combo.findData(Status.BUSY))
        assert not window.feed.busy.isHidden()
        knows(desk, lab, anna=Availability.BUSY)
        maria.send(f"support@desk.{lab.domain}", "Есть кто свободный?")
        wait(lambda: said(maria, f"support@desk.{lab.domain}", "1-й в очереди"))
        assert app.appeals.mine() == []  # (listed in the queue of her line, not offered)
        combo.activated.emit(combo.findData(Status.ONLINE))  # free: the queue comes to her
        assert window.feed.busy.isHidden()
        qtbot.waitUntil(lambda: len(app.appeals.mine()) == 1, timeout=10000)


def test_what_the_feed_no_longer_shows_leaves_memory_in_a_long_run(qtbot: QtBot) -> None:
    """A specialist's run of days: yesterday's finished appeals, a senior's read ones and
    the calls kept for them go at the next change after midnight, not at the next sign-in."""
    clock = Clock()
    bus = Bus()
    appeals = AppealService(bus, clock)
    appeals.on_mine([Mine(1, "support", "Техподдержка", "ivan@x", "finished",
                          finished_at=clock.now - 60)])
    appeals.read(2, "support", "Техподдержка", "maria@x", "chat", 0)  # a colleague's
    appeals._call_rows[41] = 1  # the call of appeal 1 (kept for its comment)
    assert set(appeals.appeals) == {1, 2}
    clock.now += 2 * 24 * 3600  # the app runs on; days later a new offer comes
    appeals.on_offer(Offer(3, "support", "Техподдержка", "oleg@x", clock.now + 300))
    assert set(appeals.appeals) == {3}
    assert appeals._call_rows == {}
