"""Auto-away on the real X server's idle time, seen by a colleague's client."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from desktop.bus import Status
from desktop.chat.auto_away import AutoAway
from desktop.idle import IdleClock
from desktop.lab.lab import LabInfo
from desktop.settings import Settings
from desktop.store import Store
from tests.peers.xmpp_peer import XmppPeer
from tests.test_chat import Side


@pytest.fixture
def away(qtbot: QtBot, lab: LabInfo, display: str) -> Iterator[tuple[Side, AutoAway]]:
    side = Side(lab, Store(":memory:"))
    side.sign_in(qtbot)
    clock = IdleClock()
    assert clock.source == "x11"
    auto = AutoAway(side.bus, Settings(None), side.session, clock, threshold_s=1.5)
    auto.start()
    yield side, auto
    auto.stop()
    clock.close()
    side.session.sign_out()


def touch() -> None:
    subprocess.run(["xdotool", "mousemove_relative", "--", "3", "0"], check=True, timeout=10)
    subprocess.run(["xdotool", "key", "shift"], check=True, timeout=10)


def test_away_after_idle_and_back_on_a_key_press(qtbot: QtBot, lab: LabInfo,
                                                 away: tuple[Side, AutoAway]) -> None:
    side, _auto = away
    anna = f"anna@{lab.domain}"
    with XmppPeer(lab, "boris") as boris:
        side.session.set_status(Status.BUSY)  # busy for new appeals, then leaves the desk
        qtbot.waitUntil(lambda: side.session.status is Status.AWAY, timeout=6000)
        qtbot.waitUntil(lambda: any(p["from"] == anna and p["show"] == "away"
                                    for p in boris.presences), timeout=5000)
        touch()
        qtbot.waitUntil(lambda: side.session.status is Status.BUSY, timeout=4000)
        qtbot.waitUntil(lambda: boris.presences[-1]["from"] == anna
                        and boris.presences[-1]["show"] == "dnd", timeout=5000)


def test_a_status_chosen_by_hand_wins(qtbot: QtBot, away: tuple[Side, AutoAway]) -> None:
    side, _auto = away
    side.session.set_status(Status.ONLINE)
    qtbot.waitUntil(lambda: side.session.status is Status.AWAY, timeout=6000)
    side.session.set_status(Status.OFFLINE)  # by hand, while auto-away was on
    touch()
    qtbot.wait(2500)
    assert side.session.status is Status.OFFLINE  # not switched back to Online
