"""Routing on the lab's real Prosody with real XMPP clients (the rules themselves are unit
tested in test_routing.py): away and busy-for-new skipped, capacity, the queue in order with
places told, an offer running out, a specialist going offline, a new appeal after finish."""

from __future__ import annotations

import re
import time
from dataclasses import replace

from desktop.lab.lab import LabInfo
from supportdesk import texts
from supportdesk.routing import Availability
from supportdesk.store import DeskStore
from tests.peers.xmpp_peer import XmppPeer
from tests.supportdesk_rig import (
    RunningDesk,
    action,
    knows,
    lab_config,
    number,
    offered,
    said,
    support_line_with,
    wait,
)

NS = "urn:deskline:desk:1"


def test_away_and_busy_skipped_capacity_kept_and_the_queue_moves_in_order(
        lab: LabInfo, store_url: str) -> None:
    d = lab.domain
    config = support_line_with(lab, store_url, capacity=1)
    line = f"support@desk.{d}"
    with RunningDesk(config) as running, XmppPeer(lab, "anna", desk_show="") as anna, \
            XmppPeer(lab, "boris", desk_show="away") as boris, \
            XmppPeer(lab, "vera", desk_show="dnd") as vera, \
            XmppPeer(lab, "ivan") as ivan, XmppPeer(lab, "maria") as maria, \
            XmppPeer(lab, "oleg") as oleg:
        knows(running, lab, anna=Availability.FREE, boris=Availability.AWAY,
              vera=Availability.BUSY)
        ivan.send(line, "Вопрос Ивана", "q-iv")
        first = offered(anna, "Вопрос Ивана")
        maria.send(line, "Вопрос Марии", "q-ma")
        wait(lambda: said(maria, line, "1-й в очереди"))
        oleg.send(line, "Вопрос Олега", "q-ol")
        wait(lambda: said(oleg, line, "2-й в очереди"))  # anna has her one; nobody else free
        anna.send(first, "Здравствуйте, Иван Петрович", "a-iv")
        wait(lambda: said(ivan, line, "Здравствуйте, Иван Петрович"))  # accepted by it
        assert action(anna, first, f"<finish xmlns='{NS}'/>", "f1") == ("result", "")
        second = offered(anna, "Вопрос Марии")  # first come, first served
        wait(lambda: said(oleg, line, "1-й в очереди"))  # told again: he is next now
        assert not said(maria, line, "2-й")
        time.sleep(0.3)  # proving that no offer comes to boris or vera: time for one
        for busy in (boris, vera):  # away and busy for new appeals: offered nothing
            assert not any(m["from"].startswith("a") for m in busy.messages
                           if m["from"].endswith(busy.desk))
        boris.tell_desk("")  # free again: oleg's appeal goes to him at once
        offered(boris, "Вопрос Олега")
    assert number(second) == number(first) + 1


def test_an_offer_running_out_or_a_specialist_leaving_moves_the_appeal_on(
        lab: LabInfo, store_url: str) -> None:
    d = lab.domain
    config = support_line_with(lab, store_url, accept_seconds=1.5)
    line = f"support@desk.{d}"
    with RunningDesk(config) as running, XmppPeer(lab, "anna", desk_show="") as anna, \
            XmppPeer(lab, "ivan") as ivan:
        boris = XmppPeer(lab, "boris", desk_show="")
        knows(running, lab, anna=Availability.FREE, boris=Availability.FREE)
        ivan.send(line, "Срочно: не работает касса", "q-t")
        appeal = offered(anna, "не работает касса")  # both free: the first of the line
        offered(boris, "не работает касса", timeout=4)  # 1.5 s without accepting: next
        wait(lambda: (appeal, "withdrawn", {}) in anna.desk_events)
        offers = sum(1 for m in anna.messages if m["from"] == appeal)
        boris.close()  # went offline with the offer: back to anna at once, not in 1.5 s
        wait(lambda: sum(1 for m in anna.messages if m["from"] == appeal) > offers,
             timeout=1.2)
        assert action(anna, appeal, f"<decline xmlns='{NS}'/>", "dc") == ("result", "")
        wait(lambda: said(ivan, line, "1-й в очереди"))  # declined, nobody else: queued
    store = DeskStore(config.store_url)
    assert store.steps(number(appeal))[:7] == [
        ("created", f"ivan@{d}"), ("offered", f"anna@{d}"), ("offer_missed", f"anna@{d}"),
        ("offered", f"boris@{d}"), ("offer_missed", f"boris@{d}"), ("offered", f"anna@{d}"),
        ("offer_declined", f"anna@{d}")]
    store.close()


def test_after_finish_a_rating_or_else_a_new_appeal(lab: LabInfo, desk: RunningDesk) -> None:
    d = lab.domain
    line = f"support@desk.{d}"
    with XmppPeer(lab, "anna", desk_show="") as anna, XmppPeer(lab, "maria") as maria:
        knows(desk, lab, anna=Availability.FREE)
        maria.send(line, "Где акт за март?", "r-1")
        first = offered(anna, "Где акт за март?")
        anna.send(first, "Отправила на почту", "r-2")
        wait(lambda: said(maria, line, "Отправила на почту"))  # accepted by the reply
        assert action(anna, first, f"<finish xmlns='{NS}'/>", "rf") == ("result", "")
        wait(lambda: said(maria, line, "Оцените"))
        maria.send(line, "А ещё акт за апрель?", "r-3")  # not a rating: a new appeal
        second = offered(anna, "акт за апрель")
        assert number(second) != number(first)
        assert not said(maria, line, "Спасибо за оценку")
    store = DeskStore(desk.config.store_url)
    assert store.rating(number(first)) is None
    store.close()


def test_a_number_of_things_is_no_rating_and_the_desk_speaks_the_lines_language(
        lab: LabInfo, store_url: str) -> None:
    """Through Prosody: the rating request names its appeal, in Russian with English
    alongside (one message, a body per xml:lang) and with a form that names the appeal;
    "2 сотрудника …" is a new appeal, and the rating still waits for a digit; refusals
    come in both languages, the flood's saying when to send again."""
    d = lab.domain
    line = f"support@desk.{d}"
    config = replace(lab_config(lab, store_url), client_burst=3, client_per_s=0.01)
    with RunningDesk(config) as running, XmppPeer(lab, "anna", desk_show="") as anna, \
            XmppPeer(lab, "maria") as maria:
        knows(running, lab, anna=Availability.FREE)
        maria.send(line, "Где акт за май?", "l-1")
        first = offered(anna, "Где акт за май?")
        anna.send(first, "Отправила", "l-2")
        wait(lambda: said(maria, line, "Отправила"))
        assert action(anna, first, f"<finish xmlns='{NS}'/>", "lf") == ("result", "")
        wait(lambda: said(maria, line, f"Спасибо за обращение №{number(first)}"))
        thanks = next(m for m in maria.messages if f"№{number(first)}!" in m["body"])
        assert thanks["lang"] == "ru"
        assert thanks["bodies"] == {
            "ru": texts.THANKS.in_("ru", appeal=number(first)).body,
            "en": texts.THANKS.in_("en", appeal=number(first)).body}
        assert thanks["form"]
        assert f"<value>{number(first)}</value>" in thanks["xml"]
        maria.send(line, "2 сотрудника тоже не могут войти, поможете?", "l-3")
        second = offered(anna, "2 сотрудника")
        assert number(second) != number(first)
        maria.send(line, "5 — спасибо за акт", "l-4")  # not answered yet: rates the first
        wait(lambda: said(maria, line, f"Спасибо за оценку обращения №{number(first)}"))
        maria.send(f"sales@desk.{d}", "Есть кто?", "l-5")  # no such line
        wait(lambda: len(maria.error_texts) == 1)
        assert maria.error_texts[0] == {"ru": "Здесь нет линии «sales».",
                                        "en": "There is no line 'sales' here."}
        maria.send(line, "И ещё вопрос", "l-6")  # the fourth in a burst of three: refused
        wait(lambda: len(maria.error_texts) == 2)
        assert maria.errors[-1] == "resource-constraint"
        assert re.search(r"через \d+ с", maria.error_texts[1]["ru"])
        assert re.search(r"in \d+ s", maria.error_texts[1]["en"])
    store = DeskStore(config.store_url)
    assert store.rating(number(first)) == (5, "спасибо за акт")
    assert [m.body for m in store.conversation(number(second))] == [
        "2 сотрудника тоже не могут войти, поможете?"]
    store.close()


def test_a_specialist_gone_without_a_word_is_found_out_by_a_ping(
        lab: LabInfo, store_url: str) -> None:
    """Killed with stream management, anna stays "available" on the server for minutes;
    the desk pings a silent specialist when it offers, and moves on without an answer."""
    line = f"support@desk.{lab.domain}"
    with RunningDesk(lab_config(lab, store_url)) as running, \
            XmppPeer(lab, "anna", desk_show="") as anna, \
            XmppPeer(lab, "boris", desk_show="") as boris, XmppPeer(lab, "ivan") as ivan:
        assert running.component is not None
        running.component.silent_s = 0  # every offer is checked (30 s of silence in use)
        knows(running, lab, anna=Availability.FREE, boris=Availability.FREE)
        assert anna.client is not None
        resource = anna.client.boundjid.resource
        anna.vanish()
        ivan.send(line, "Есть кто живой?", "gone-1")
        offered(boris, "Есть кто живой?", timeout=8)  # after a 3 s ping, not the 5 min clock
    # No anna left hibernating on the lab's server for ten minutes (a later test would see
    # her "available" and her messages go there): her resource takes it over and leaves.
    with XmppPeer(lab, "anna", resource=resource):
        pass
    store = DeskStore(running.config.store_url)
    appeals = store.client_appeals(f"ivan@{lab.domain}")
    assert [kind for kind, _ in store.steps(appeals[0].id)][:4] == [
        "created", "offered", "offer_missed", "offered"]
    store.close()


def test_one_of_two_sessions_signing_out_leaves_the_offer_with_her(
        lab: LabInfo, desk: RunningDesk) -> None:
    """anna works on two computers; an appeal is offered to her; the laptop signs out: the
    offer stays hers (boris, free too, does not get it), she accepts from the office."""
    d = lab.domain
    line = f"support@desk.{d}"
    assert desk.component is not None
    sessions = desk.component.service.sessions
    with XmppPeer(lab, "anna", desk_show="", resource="office") as office, \
            XmppPeer(lab, "ivan") as ivan:
        with XmppPeer(lab, "anna", desk_show="", resource="laptop"):
            wait(lambda: set(sessions.get(f"anna@{d}", {})) == {"office", "laptop"})
            knows(desk, lab, anna=Availability.FREE)
            ivan.send(line, "Не открывается отчёт", "s-1")
            appeal = offered(office, "Не открывается отчёт")
        wait(lambda: set(sessions.get(f"anna@{d}", {})) == {"office"})  # the laptop is gone
        with XmppPeer(lab, "boris", desk_show="") as boris:
            knows(desk, lab, anna=Availability.FREE, boris=Availability.FREE)
            assert action(office, appeal, f"<accept xmlns='{NS}'/>", "s-acc") == ("result", "")
            assert not any("Не открывается отчёт" in m["body"] for m in boris.messages)
    store = DeskStore(desk.config.store_url)
    assert [kind for kind, _ in store.steps(number(appeal))][:3] == [
        "created", "offered", "accepted"]
    store.close()
