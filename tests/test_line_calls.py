"""Calls to a support line through the lab's Kamailio, which asks the real desk whom to
ring (http_client → supportdesk/http.py): pjsua2 specialists and a pjsua2 client, the
specialists' status told to the desk over XMPP as their apps do."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QInputDialog, QLineEdit
from pytestqt.qtbot import QtBot

from desktop.app import Deskline
from desktop.bus import AppealState, LinkState, Status
from desktop.lab.lab import LabInfo
from desktop.lab.process import free_port
from supportdesk.config import Line
from supportdesk.routing import Availability
from supportdesk.store import DeskStore
from tests.apps import answer_input_dialog, popups, when_shown
from tests.peers.client import PeerProcess
from tests.peers.route_only_pbx import RouteOnlyPbx
from tests.peers.xmpp_peer import XmppPeer
from tests.supportdesk_rig import (
    RunningDesk,
    knows,
    lab_config,
    support_line_with,
    wait,
)

LINE = "+74950000100"
BILLING = "+74950000200"  # a second line, boris's only (the `two_lines` desk)
BORIS = "+74950000102"  # boris's work number (the lab's phone book)
RING_S = 3


@pytest.fixture
def desk(lab: LabInfo, store_url: str) -> Iterator[RunningDesk]:
    running = RunningDesk(support_line_with(lab, store_url, ring_seconds=RING_S))
    yield running
    running.close()


@pytest.fixture
def two_lines(lab: LabInfo, store_url: str) -> Iterator[RunningDesk]:
    """Support (anna's) and billing (boris's), both connected for ivan's organisation."""
    base = lab_config(lab, store_url)
    d = lab.domain
    support = replace(base.lines[0], members=(f"anna@{d}",), seniors=(),
                      ring_seconds=RING_S)
    billing = Line("billing", "Бухгалтерия", BILLING, 300, 2, 5, (f"boris@{d}",), (),
                   ring_seconds=RING_S)
    orgs = tuple(replace(org, lines=("support", "billing")) for org in base.organisations)
    running = RunningDesk(replace(base, lines=(support, billing), organisations=orgs))
    yield running
    running.close()


def store_of(desk: RunningDesk) -> DeskStore:
    assert desk.component is not None
    return desk.component.service.store


def steps(desk: RunningDesk, appeal: int) -> list[tuple[str, str]]:
    return store_of(desk).steps(appeal)


def signed_in_as(qtbot: QtBot, app: Deskline, desk: RunningDesk, lab: LabInfo,
                 availability: Availability) -> None:
    """The app (anna) on the PBX and the chat, and the desk knowing her status."""
    qtbot.waitUntil(lambda: app.calls.state is LinkState.ONLINE
                    and app.chat.state is LinkState.ONLINE, timeout=10000)
    assert desk.component is not None
    presence = desk.component.service.router.presence
    qtbot.waitUntil(lambda: presence.get(f"anna@{lab.domain}") is availability,
                    timeout=10000)


def dial(lab: LabInfo, client: PeerProcess) -> None:
    client.send("call", uri=f"sip:{LINE}@127.0.0.1:{lab.sip_port}")


def test_a_line_call_rings_the_free_specialist_not_the_busy_one_nor_one_on_a_call(
        lab: LabInfo, desk: RunningDesk) -> None:
    with XmppPeer(lab, "anna", desk_show="dnd") as anna_app, \
            XmppPeer(lab, "boris", desk_show=""), \
            PeerProcess(lab, "anna", tone=500) as anna, \
            PeerProcess(lab, "boris", tone=900) as boris, \
            PeerProcess(lab, "ivan", tone=700) as ivan:
        knows(desk, lab, anna=Availability.BUSY, boris=Availability.FREE)
        dial(lab, ivan)
        rung = boris.wait("incoming")
        appeal = int(rung["appeal"])
        assert appeal > 0  # Kamailio names the appeal in X-Deskline-Appeal
        boris.send("answer")
        ivan.wait("call", lambda e: e["state"] == "CONFIRMED")
        wait(lambda: abs(boris.hears()["freq"] - 700) < 40)  # audio both ways
        wait(lambda: abs(ivan.hears()["freq"] - 900) < 40)
        wait(lambda: ("accepted", f"boris@{lab.domain}") in steps(desk, appeal))
        (accepted,) = [step for step in store_of(desk).timeline(appeal)
                       if step.kind == "accepted"]
        kind, rang = accepted.detail.split(" ")  # "call 0.4": it rang boris 0.4 s
        assert kind == "call"
        assert 0 <= float(rang) < RING_S
        row = store_of(desk).appeal(appeal)
        assert row is not None
        assert (row.channel, row.client, row.line, row.state) == (
            "call", f"ivan@{lab.domain}", "support", "in_work")
        assert not any(e["ev"] == "incoming" for e in anna.events)  # busy for new ones

        anna_app.tell_desk("")  # free now; boris is on a call: the next call is hers
        knows(desk, lab, anna=Availability.FREE)
        with PeerProcess(lab, "maria") as maria:
            dial(lab, maria)
            second = anna.wait("incoming")
            assert int(second["appeal"]) != appeal
            assert [e for e in boris.events if e["ev"] == "incoming"] == [rung]
            maria.send("hangup")
            wait(lambda: ("callback", "") in steps(desk, int(second["appeal"])))
        ivan.send("hangup")
        wait(lambda: ("call_ended", f"boris@{lab.domain}") in steps(desk, appeal))


def test_no_answer_in_the_ring_time_rings_the_next_one(lab: LabInfo,
                                                        desk: RunningDesk) -> None:
    with XmppPeer(lab, "anna", desk_show=""), XmppPeer(lab, "boris", desk_show=""), \
            PeerProcess(lab, "anna") as anna, PeerProcess(lab, "boris") as boris, \
            PeerProcess(lab, "ivan") as ivan:
        knows(desk, lab, anna=Availability.FREE, boris=Availability.FREE)
        dial(lab, ivan)
        wait(lambda: any(e["ev"] == "incoming" for e in anna.events + boris.events))
        first, second = (anna, boris) if any(e["ev"] == "incoming"
                                             for e in anna.events) else (boris, anna)
        rung_at = time.monotonic()
        nxt = second.wait("incoming", timeout=RING_S + 3)  # nobody answered the first
        assert time.monotonic() - rung_at >= RING_S - 0.5
        second.send("answer")
        ivan.wait("call", lambda e: e["state"] == "CONFIRMED")
        appeal = int(nxt["appeal"])
        done = steps(desk, appeal)
        assert ("offer_missed", f"{first.user}@{lab.domain}") in done
        wait(lambda: ("accepted", f"{second.user}@{lab.domain}") in steps(desk, appeal))
        ivan.send("hangup")


def test_with_everyone_busy_the_caller_hears_480_and_a_callback_is_queued(
        lab: LabInfo, desk: RunningDesk) -> None:
    with XmppPeer(lab, "anna", desk_show="dnd"), XmppPeer(lab, "boris", desk_show="away"), \
            PeerProcess(lab, "anna") as anna, PeerProcess(lab, "ivan") as ivan:
        knows(desk, lab, anna=Availability.BUSY, boris=Availability.AWAY)
        dial(lab, ivan)
        ended = ivan.wait("call", lambda e: e["state"] == "DISCONNECTED")
        assert ended["code"] == 480
        # The reason the phone shows: the line's language first, English alongside.
        assert ended["reason"] == ("Все заняты: мы вам перезвоним / "
                                   "Nobody free: we will call you back")
        assert not any(e["ev"] == "incoming" for e in anna.events)
        store = store_of(desk)
        (row,) = [a for a in store.open_appeals() if a.channel == "callback"]
        assert (row.client, row.state) == (f"ivan@{lab.domain}", "queued")
        assert ("callback", "") in store.steps(row.id)


def test_a_second_call_while_waiting_for_a_callback_is_the_same_appeal_in_its_place(
        lab: LabInfo, desk: RunningDesk) -> None:
    """Everyone busy: maria's callback waits first, ivan's second; ivan rings again and
    hears 480 again: still one appeal of his, still second in the queue."""
    with XmppPeer(lab, "anna", desk_show="dnd"), XmppPeer(lab, "boris", desk_show="away"), \
            PeerProcess(lab, "maria") as maria, PeerProcess(lab, "ivan") as ivan:
        knows(desk, lab, anna=Availability.BUSY, boris=Availability.AWAY)
        for caller in (maria, ivan, ivan):
            mark = len(caller.events)
            dial(lab, caller)
            ended = caller.wait("call", lambda e, c=caller, m=mark: c.events.index(e) >= m
                                and e["state"] == "DISCONNECTED")
            assert ended["code"] == 480
        store = store_of(desk)
        ivans = [a for a in store.open_appeals() if a.client == f"ivan@{lab.domain}"]
        assert len(ivans) == 1
        assert [w.client for w in desk.component.service.queue("support")] == [
            f"maria@{lab.domain}", f"ivan@{lab.domain}"]
        assert ("called_again", f"ivan@{lab.domain}") in store.steps(ivans[0].id)


def test_the_desk_refuses_a_question_without_the_secret(lab: LabInfo,
                                                       desk: RunningDesk) -> None:
    import urllib.error  # noqa: PLC0415
    import urllib.request  # noqa: PLC0415

    url = (f"http://127.0.0.1:{lab.calls_port}/route?secret=wrong&number=%2B74950000100"
           "&caller=eve&call=forged")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(url, timeout=5)
    assert refused.value.code == 403
    refused.value.close()  # its socket
    assert store_of(desk).count() == 0  # nothing opened for it


def test_a_number_an_organisation_names_is_its_person(lab: LabInfo,
                                                      desk: RunningDesk) -> None:
    """A call from outside (the caller a number, as a trunk presents it): the desk's
    organisation `phones` make it ivan's appeal, with his number to call back."""
    import urllib.error  # noqa: PLC0415
    import urllib.request  # noqa: PLC0415

    url = (f"http://127.0.0.1:{lab.calls_port}/route?secret={lab.calls_secret}"
           "&number=%2B74950000100&caller=%2B79161234567&call=from-outside")
    with pytest.raises(urllib.error.HTTPError) as nobody:  # nobody is online: a callback
        urllib.request.urlopen(url, timeout=5)
    assert nobody.value.code == 480
    nobody.value.close()
    (row,) = store_of(desk).open_appeals()
    assert (row.client, row.channel, row.state) == (f"ivan@{lab.domain}", "callback", "queued")
    assert desk.component is not None
    (queued,) = desk.component.service.queue("support")
    assert queued.number == "+79161234567"


def test_the_app_names_the_line_answers_and_finishes_the_calls_appeal(
        qtbot: QtBot, lab: LabInfo, app: Deskline, desk: RunningDesk) -> None:
    """The real app as anna: the popup names the line and the appeal, Enter answers, the
    feed has the phone appeal in work; hung up, it is finished (the default setting)."""
    signed_in_as(qtbot, app, desk, lab, Availability.FREE)
    with PeerProcess(lab, "ivan", tone=700) as ivan:
        dial(lab, ivan)
        qtbot.waitUntil(lambda: len(popups()) == 1, timeout=10000)
        popup = popups()[0]
        qtbot.waitUntil(lambda: "Техподдержка" in popup.line.text(), timeout=5000)
        appeal = popup.call.appeal
        assert f"№{appeal}" in popup.line.text()
        assert popup.ring_clock.isVisible()
        assert "answer within 5 s" in popup.ring_clock.text()
        assert app.appeals.appeals[appeal].channel == "call"
        qtbot.keyClick(popup, Qt.Key.Key_Return)  # answered
        ivan.wait("call", lambda e: e["state"] == "CONFIRMED")
        qtbot.waitUntil(lambda: app.appeals.appeals[appeal].state is AppealState.IN_WORK,
                        timeout=5000)
        wait(lambda: ("accepted", f"anna@{lab.domain}") in steps(desk, appeal))
        assert desk.component is not None  # (a restarted app sees it as a call too)
        assert [m.channel for m in desk.component.service.mine(f"anna@{lab.domain}", 0)
                if m.id == appeal] == ["call"]
        qtbot.waitUntil(lambda: f"Техподдержка · appeal №{appeal}"
                        in app.window.call_panel.status.text(), timeout=3000)  # the panel
        qtbot.waitUntil(lambda: app.window.feed.row_of(appeal) is not None, timeout=3000)
        row = app.window.feed.row_of(appeal)
        assert row is not None
        assert "phone" in row.text()
        comment = app.window.call_panel.findChild(QLineEdit, "callComment")
        comment.setFocus()
        comment.insert("Invoice for November sent again")  # QTest types no Cyrillic
        qtbot.keyClick(comment, Qt.Key.Key_Return)
        wait(lambda: ("commented", f"anna@{lab.domain}") in steps(desk, appeal))  # the call's
        ivan.send("hangup")
        qtbot.waitUntil(lambda: app.appeals.appeals[appeal].state is AppealState.FINISHED,
                        timeout=10000)
        wait(lambda: ("finished", f"anna@{lab.domain}") in steps(desk, appeal))


def test_with_a_pbx_that_only_asks_whom_to_ring_the_app_tells_answer_and_hang_up(
        qtbot: QtBot, lab: LabInfo, app: Deskline, store_url: str) -> None:
    """A PBX like the README's Asterisk dialplan asks /route and /next only: the lab's
    Kamailio, with its /answered and /ended stopped on the way (RouteOnlyPbx). The desk
    hears the answer and the hang-up from the app."""
    desk_port = free_port()
    config = replace(support_line_with(lab, store_url, ring_seconds=RING_S),
                     calls_port=desk_port)
    with RouteOnlyPbx(lab.calls_port, desk_port) as pbx, PeerProcess(lab, "ivan") as ivan:
        desk = RunningDesk(config)
        try:
            signed_in_as(qtbot, app, desk, lab, Availability.FREE)
            dial(lab, ivan)
            qtbot.waitUntil(lambda: len(popups()) == 1, timeout=10000)
            appeal = popups()[0].call.appeal
            assert appeal > 0
            qtbot.keyClick(popups()[0], Qt.Key.Key_Return)
            ivan.wait("call", lambda e: e["state"] == "CONFIRMED")
            qtbot.waitUntil(lambda: ("accepted", f"anna@{lab.domain}") in steps(desk, appeal),
                            timeout=5000)
            ivan.send("hangup")
            qtbot.waitUntil(lambda: ("call_ended", f"anna@{lab.domain}")
                            in steps(desk, appeal), timeout=5000)
            qtbot.waitUntil(lambda: ("finished", f"anna@{lab.domain}")
                            in steps(desk, appeal), timeout=5000)
            assert "/answered" in pbx.swallowed  # the PBX's own word never reached the desk
            assert "/ended" in pbx.swallowed
            assert desk.component is not None
            assert not desk.component.service.calls.busy  # anna is free for the next call
        finally:
            desk.close()


def test_a_callback_is_taken_from_the_queue_and_calls_the_client_with_one_click(
        qtbot: QtBot, lab: LabInfo, app: Deskline, desk: RunningDesk) -> None:
    app.chat.set_status(Status.BUSY)  # busy for new appeals: the call finds nobody
    signed_in_as(qtbot, app, desk, lab, Availability.BUSY)
    with PeerProcess(lab, "ivan", auto_answer=True) as ivan:
        dial(lab, ivan)
        assert ivan.wait("call", lambda e: e["state"] == "DISCONNECTED")["code"] == 480
        feed = app.window.feed
        qtbot.waitUntil(lambda: any(a.channel == "callback" for a in app.appeals.queued()),
                        timeout=5000)  # (the queue is told at the desk's next tick)
        (callback,) = app.appeals.queued()
        app.window.left_tabs.setCurrentWidget(feed)
        qtbot.waitUntil(lambda: feed.row_of(callback.id) is not None, timeout=3000)
        item = feed.row_of(callback.id)
        assert item is not None
        assert "call back" in item.text()
        qtbot.mouseClick(feed.list.viewport(), Qt.MouseButton.LeftButton,
                         pos=feed.list.visualItemRect(item).center())
        qtbot.mouseClick(feed.take_button, Qt.MouseButton.LeftButton)  # the one action
        ivan.wait("incoming")  # called back through the PBX
        ivan.wait("call", lambda e: e["state"] == "CONFIRMED")
        qtbot.waitUntil(lambda: app.appeals.appeals[callback.id].state is AppealState.IN_WORK,
                        timeout=5000)
        wait(lambda: ("accepted", f"anna@{lab.domain}") in steps(desk, callback.id))
        ivan.send("hangup")  # the call back is the appeal's call: hung up, it is finished
        qtbot.waitUntil(lambda: ("finished", f"anna@{lab.domain}")
                        in steps(desk, callback.id), timeout=5000)
        qtbot.waitUntil(lambda: app.appeals.appeals[callback.id].state
                        is AppealState.FINISHED, timeout=5000)


def test_with_the_setting_off_a_hung_up_calls_appeal_stays_in_work(
        qtbot: QtBot, lab: LabInfo, app: Deskline, desk: RunningDesk) -> None:
    app.settings.set("appeals.finish_calls_on_hangup", False)
    signed_in_as(qtbot, app, desk, lab, Availability.FREE)
    with PeerProcess(lab, "ivan") as ivan:
        dial(lab, ivan)
        qtbot.waitUntil(lambda: len(popups()) == 1, timeout=10000)
        popup = popups()[0]
        appeal = popup.call.appeal
        qtbot.keyClick(popup, Qt.Key.Key_Return)
        ivan.wait("call", lambda e: e["state"] == "CONFIRMED")
        ivan.send("hangup")
        wait(lambda: ("call_ended", f"anna@{lab.domain}") in steps(desk, appeal))
        qtbot.wait(1000)  # proving it is not finished: time for a wrong finish to arrive
        assert app.appeals.appeals[appeal].state is AppealState.IN_WORK  # until Finish work
        assert ("finished", f"anna@{lab.domain}") not in steps(desk, appeal)


def answered_by_the_app(qtbot: QtBot, app: Deskline, lab: LabInfo,
                        ivan: PeerProcess) -> int:
    """ivan calls the support line, the app (anna) answers its popup with Enter: the
    appeal, in her work."""
    dial(lab, ivan)
    qtbot.waitUntil(lambda: len(popups()) == 1, timeout=10000)
    popup = popups()[0]
    appeal = popup.call.appeal
    qtbot.keyClick(popup, Qt.Key.Key_Return)  # (maybe before the desk's offer arrives)
    ivan.wait("call", lambda e: e["state"] == "CONFIRMED")
    qtbot.waitUntil(lambda: getattr(app.appeals.appeals.get(appeal), "state", None)
                    is AppealState.IN_WORK, timeout=5000)
    return appeal


def test_a_line_call_transferred_to_a_colleague_is_his_appeal(
        qtbot: QtBot, lab: LabInfo, app: Deskline, desk: RunningDesk) -> None:
    """Transfer… on the call panel to boris's number: the SIP transfer takes ivan to
    boris's phone, and the desk records the transfer, so the appeal is boris's."""
    with XmppPeer(lab, "boris", desk_show="") as boris_app, \
            PeerProcess(lab, "boris", auto_answer=True) as boris, \
            PeerProcess(lab, "ivan", tone=700) as ivan:
        signed_in_as(qtbot, app, desk, lab, Availability.FREE)
        knows(desk, lab, boris=Availability.FREE)
        qtbot.waitUntil(lambda: getattr(app.chat.phone_book.find(BORIS), "jid", "")
                        == f"boris@{lab.domain}", timeout=10000)  # his card has come
        appeal = answered_by_the_app(qtbot, app, lab, ivan)
        answer_input_dialog(qtbot, BORIS)
        qtbot.mouseClick(app.window.call_panel.buttons["transfer"], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: any(e["ev"] == "incoming" for e in boris.events),
                        timeout=10000)
        qtbot.waitUntil(lambda: ("transferred", f"anna@{lab.domain}") in steps(desk, appeal),
                        timeout=10000)  # the app tells the desk: its event loop runs
        row = store_of(desk).appeal(appeal)
        assert row is not None
        assert (row.specialist, row.transfers, row.state) == (
            f"boris@{lab.domain}", 1, "in_work")
        qtbot.waitUntil(lambda: any(m["from"].startswith(f"a{appeal}@")
                                    for m in boris_app.messages), timeout=5000)
        qtbot.waitUntil(lambda: app.appeals.appeals[appeal].state is AppealState.HANDED_ON,
                        timeout=5000)
        assert ("finished", f"anna@{lab.domain}") not in steps(desk, appeal)
        ivan.send("hangup")


def test_an_offline_colleague_gets_no_appeals_call(
        qtbot: QtBot, lab: LabInfo, app: Deskline, desk: RunningDesk) -> None:
    """boris's phone is on but his chat is not: the appeal cannot go to him, so neither
    does its call; the panel says why and the call stays."""
    with PeerProcess(lab, "boris", auto_answer=True) as boris, \
            PeerProcess(lab, "ivan") as ivan:
        signed_in_as(qtbot, app, desk, lab, Availability.FREE)
        qtbot.waitUntil(lambda: getattr(app.chat.phone_book.find(BORIS), "jid", "")
                        == f"boris@{lab.domain}", timeout=10000)
        appeal = answered_by_the_app(qtbot, app, lab, ivan)
        panel = app.window.call_panel
        answer_input_dialog(qtbot, BORIS)
        qtbot.mouseClick(panel.buttons["transfer"], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(panel.problem.isVisible, timeout=3000)
        assert "offline" in panel.problem.text()
        qtbot.wait(500)  # proving boris is not rung: time for a wrong call to arrive
        assert not any(e["ev"] == "incoming" for e in boris.events)
        assert app.appeals.appeals[appeal].state is AppealState.IN_WORK
        ivan.send("hangup")


def test_a_line_call_transferred_to_another_line_rings_there_as_the_same_appeal(
        qtbot: QtBot, lab: LabInfo, app: Deskline, two_lines: RunningDesk) -> None:
    """Transfer… to the billing line's number: ivan's phone calls it (Referred-By anna),
    the desk goes on with the same appeal on billing, and boris's phone rings for it."""
    desk = two_lines
    with XmppPeer(lab, "boris", desk_show=""), PeerProcess(lab, "boris") as boris, \
            PeerProcess(lab, "ivan", tone=700) as ivan:
        signed_in_as(qtbot, app, desk, lab, Availability.FREE)
        knows(desk, lab, boris=Availability.FREE)
        appeal = answered_by_the_app(qtbot, app, lab, ivan)
        app.appeals.ask_card(appeal)  # (the dialog offers the lines from the card)
        qtbot.waitUntil(lambda: appeal in app.appeals.cards, timeout=5000)
        offered: list[str] = []

        def pick_billing(dialog: QDialog) -> None:  # the line, as offered by the dialog
            assert isinstance(dialog, QInputDialog)
            offered.extend(dialog.comboBoxItems())
            label = next(item for item in offered if "Бухгалтерия" in item)
            dialog.setTextValue(label)
            field = dialog.findChild(QLineEdit)
            assert field is not None
            qtbot.keyClick(field, Qt.Key.Key_Return)

        when_shown(QInputDialog, pick_billing)
        qtbot.mouseClick(app.window.call_panel.buttons["transfer"], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: any(e["ev"] == "incoming" for e in boris.events),
                        timeout=10000)  # (the app's event loop runs the transfer)
        assert not any("Техподдержка" in item for item in offered)  # the line it is on
        rung = boris.wait("incoming")
        assert int(rung["appeal"]) == appeal  # the same appeal, not a new one
        boris.send("answer")
        qtbot.waitUntil(lambda: ("accepted", f"boris@{lab.domain}") in steps(desk, appeal),
                        timeout=10000)
        row = store_of(desk).appeal(appeal)
        assert row is not None
        assert (row.line, row.specialist, row.transfers, row.state) == (
            "billing", f"boris@{lab.domain}", 1, "in_work")
        assert ("transferred", f"anna@{lab.domain}") in steps(desk, appeal)
        assert store_of(desk).count() == 1
        qtbot.waitUntil(lambda: app.appeals.appeals[appeal].state is AppealState.HANDED_ON,
                        timeout=5000)
        qtbot.waitUntil(lambda: abs(boris.hears()["freq"] - 700) < 40,
                        timeout=10000)  # ivan talks to boris now
        ivan.send("hangup")


def test_a_long_queue_lists_its_oldest_and_says_how_many_more_wait(
        qtbot: QtBot, lab: LabInfo, app: Deskline, desk: RunningDesk) -> None:
    """55 callers find nobody (the PBX asks the desk, as Kamailio does): the staff hear the
    oldest 50 of the queue and a count of the rest, and the feed says "and 5 more"."""
    from urllib.error import HTTPError  # noqa: PLC0415
    from urllib.parse import quote  # noqa: PLC0415
    from urllib.request import urlopen  # noqa: PLC0415

    from supportdesk.protocol.appeals import QUEUE_ITEMS  # noqa: PLC0415

    app.chat.set_status(Status.BUSY)
    signed_in_as(qtbot, app, desk, lab, Availability.BUSY)
    config = desk.config
    for n in range(QUEUE_ITEMS + 5):
        caller = quote(f"+7916{n:07d}")
        with pytest.raises(HTTPError) as nobody:  # 480: nobody, a callback queued
            urlopen(f"http://127.0.0.1:{config.calls_port}/route?number={quote(LINE)}"
                    f"&caller={caller}&call=q{n}&secret={config.calls_secret}", timeout=10)
        assert nobody.value.code == 480
        nobody.value.close()
    feed = app.window.feed
    app.window.left_tabs.setCurrentWidget(feed)
    qtbot.waitUntil(lambda: len(app.appeals.queued()) == QUEUE_ITEMS, timeout=10000)
    qtbot.waitUntil(lambda: app.appeals.more_queued() == 5, timeout=10000)

    def shown() -> list[str]:
        return [feed.list.item(row).text() for row in range(feed.list.count())]

    # The feed lays a change out at its next turn (many at once are one layout): waited
    # for, not read at once (under load it still said 51).
    qtbot.waitUntil(lambda: f"Queue of my lines ({QUEUE_ITEMS + 5})" in shown(),
                    timeout=5000)
    texts = shown()
    assert texts[texts.index(f"Queue of my lines ({QUEUE_ITEMS + 5})") + QUEUE_ITEMS + 1] == (
        "… and 5 more waiting")
