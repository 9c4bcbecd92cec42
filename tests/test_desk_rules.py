"""Who may do what to an appeal, and when (supportdesk/access.py), through the real desk and
Prosody: each defect here was reproduced from outside (#23)."""

from __future__ import annotations

import time
from dataclasses import replace

from desktop.lab.lab import LabInfo
from supportdesk.config import DeskConfig, Line, Organisation
from supportdesk.routing import Availability
from supportdesk.store import DeskStore
from tests.desk import eventually
from tests.peers.xmpp_peer import XmppPeer
from tests.supportdesk_rig import (
    RunningDesk,
    action,
    knows,
    number,
    offered,
    said,
    support_line_with,
)

NS = "urn:deskline:desk:1"


def steps_of(url: str, appeal: str) -> list[tuple[str, str]]:
    store = DeskStore(url)
    try:
        return store.steps(number(appeal))
    finally:
        store.close()


def test_an_offer_is_its_offerees_to_accept_or_decline_once_and_nothing_else_before(
        lab: LabInfo, store_url: str) -> None:
    """Offered, not accepted: no finish, transfer, escalation, control question or
    invitation; accepted once; no decline once in work; not to oneself; nobody reports on
    someone else's call."""
    d = lab.domain
    line = f"support@desk.{d}"
    with RunningDesk(support_line_with(lab, store_url)) as desk, \
            XmppPeer(lab, "anna", desk_show="") as anna, \
            XmppPeer(lab, "boris", desk_show="dnd") as boris, \
            XmppPeer(lab, "vera", desk_show="") as vera, XmppPeer(lab, "ivan") as ivan:
        knows(desk, lab, anna=Availability.FREE, boris=Availability.BUSY,
              vera=Availability.FREE)
        ivan.send(line, "Не проходит оплата", "r-1")
        appeal = offered(anna, "Не проходит оплата")
        for n, xml in enumerate((f"<finish xmlns='{NS}'/>",
                                 f"<transfer xmlns='{NS}' to='boris@{d}'/>",
                                 f"<escalate xmlns='{NS}'/>", f"<control xmlns='{NS}'/>",
                                 f"<invite xmlns='{NS}' to='boris@{d}'/>")):
            assert action(anna, appeal, xml, f"early-{n}") == ("error", "not-allowed"), xml
        assert action(boris, appeal, f"<accept xmlns='{NS}'/>", "b-acc") == (
            "error", "forbidden")  # not his offer
        assert action(anna, appeal, f"<accept xmlns='{NS}'/>", "acc-1") == ("result", "")
        assert action(anna, appeal, f"<accept xmlns='{NS}'/>", "acc-2") == (
            "error", "not-allowed")  # once
        assert action(anna, appeal, f"<decline xmlns='{NS}'/>", "dec") == (
            "error", "not-allowed")  # in her work: transfer or finish it
        assert action(anna, appeal, f"<transfer xmlns='{NS}' to='anna@{d}'/>", "self") == (
            "error", "not-acceptable")
        assert action(boris, appeal, f"<call xmlns='{NS}' state='ended'/>", "call") == (
            "error", "forbidden")  # not his call
        assert action(anna, appeal, f"<finish xmlns='{NS}'/>", "fin") == ("result", "")
        del vera  # (online: an escalation was possible, had the appeal been in work)
    steps = steps_of(store_url, appeal)
    assert steps.count(("accepted", f"anna@{d}")) == 1
    assert ("transferred", f"anna@{d}") not in steps
    assert ("finished", f"anna@{d}") in steps


def test_a_missed_offer_back_in_the_queue_is_nobodys(lab: LabInfo, store_url: str) -> None:
    """anna goes away with an offer open: it is missed and waits in the queue (boris is busy
    for new appeals). Her late accept is refused, her place is free for the next appeal, and
    the waiting one goes to boris when he is free."""
    d = lab.domain
    line = f"support@desk.{d}"
    with RunningDesk(support_line_with(lab, store_url, capacity=1)) as desk, \
            XmppPeer(lab, "anna", desk_show="") as anna, \
            XmppPeer(lab, "boris", desk_show="dnd") as boris, \
            XmppPeer(lab, "ivan") as ivan, XmppPeer(lab, "maria") as maria:
        knows(desk, lab, anna=Availability.FREE, boris=Availability.BUSY)
        ivan.send(line, "Касса не печатает чеки", "m-1")
        appeal = offered(anna, "Касса не печатает чеки")
        anna.tell_desk("away")  # auto-away, the offer open
        eventually(lambda: any(e == (appeal, "withdrawn", {}) for e in anna.desk_events))
        assert action(anna, appeal, f"<accept xmlns='{NS}'/>", "late") == (
            "error", "forbidden")
        boris.tell_desk("")  # free: the waiting appeal is his now
        offered(boris, "Касса не печатает чеки")
        anna.tell_desk("")  # back, with room for one appeal (capacity 1): the next is hers
        knows(desk, lab, anna=Availability.FREE)
        maria.send(line, "Не открывается отчёт", "m-2")
        offered(anna, "Не открывается отчёт")
    steps = steps_of(store_url, appeal)
    assert ("offer_missed", f"anna@{d}") in steps
    assert ("accepted", f"anna@{d}") not in steps


def test_the_control_question_clock_stops_when_the_appeal_is_transferred(
        lab: LabInfo, store_url: str) -> None:
    """anna asks the control question, then transfers the appeal to boris: it must not
    finish by itself under him (the clock was hers)."""
    d = lab.domain
    line = f"support@desk.{d}"
    config = support_line_with(lab, store_url, auto_finish_minutes=0.02)  # 1.2 s
    with RunningDesk(config) as desk, XmppPeer(lab, "anna", desk_show="") as anna, \
            XmppPeer(lab, "boris", desk_show="dnd") as boris, XmppPeer(lab, "ivan") as ivan:
        knows(desk, lab, anna=Availability.FREE, boris=Availability.BUSY)
        ivan.send(line, "Нужен акт сверки", "c-1")
        appeal = offered(anna, "Нужен акт сверки")
        anna.send(appeal, "Могу ли я ещё чем-нибудь помочь?", "c-2")
        eventually(lambda: said(ivan, line, "Могу ли я ещё"))
        assert action(anna, appeal, f"<control xmlns='{NS}'/>", "ctl") == ("result", "")
        assert action(anna, appeal, f"<transfer xmlns='{NS}' to='boris@{d}'/>", "tr") == (
            "result", "")
        eventually(lambda: said(boris, appeal, "Нужен акт сверки"))
        time.sleep(2.5)  # proving that nothing comes: twice anna's clock, run out by now
        assert not said(ivan, line, "Оцените")
        assert action(boris, appeal, f"<finish xmlns='{NS}'/>", "fin") == ("result", "")
    assert ("finished", "auto") not in steps_of(store_url, appeal)


def test_the_rating_form_with_nothing_to_rate_is_refused_and_the_desk_stays(
        lab: LabInfo, desk: RunningDesk) -> None:
    """Sent with nothing pending, or to a line that is not the client's: item-not-found
    (it was a KeyError in the desk's handler and no answer)."""
    d = lab.domain
    form = ("<message to='{line}' type='chat' id='{id}'><x xmlns='jabber:x:data' "
            f"type='submit'><field var='FORM_TYPE'><value>{NS}#rating</value></field>"
            "<field var='rating'><value>5</value></field>"
            "<field var='comment'><value>ok</value></field></x></message>")
    with XmppPeer(lab, "ivan") as ivan, XmppPeer(lab, "anna", desk_show="") as anna:
        knows(desk, lab, anna=Availability.FREE)
        ivan.send_raw(form.format(line=f"support@desk.{d}", id="f-1"))
        ivan.send_raw(form.format(line=f"accounting@desk.{d}", id="f-2"))
        eventually(lambda: ivan.errors.count("item-not-found") == 2)
        ivan.send(f"support@desk.{d}", "А теперь вопрос", "f-3")  # the desk is still there
        offered(anna, "А теперь вопрос")


def test_a_colleague_writing_to_a_line_she_works_on_is_not_offered_her_own_appeal(
        lab: LabInfo, store_url: str) -> None:
    """vera is the vendor line's only specialist and, as an employee of the company, also
    its client: her appeal waits for someone else instead of being offered to her."""
    d = lab.domain
    base = support_line_with(lab, store_url)
    vendor = Line("deskline", "Deskline: Техподдержка", "", 300, 3, 5, (f"vera@{d}",), ())
    config = replace(base, lines=(*base.lines, vendor), organisations=(
        *base.organisations, Organisation("Deskline", (f"vera@{d}",), ("deskline",))))
    line = f"deskline@desk.{d}"
    with RunningDesk(config) as desk, XmppPeer(lab, "vera", desk_show="") as vera:
        knows(desk, lab, vera=Availability.FREE)
        vera.send(line, "Не приходит обновление", "v-1")
        eventually(lambda: said(vera, line, "1-й в очереди"))
        assert not any(m["from"].startswith("a") and m["from"].endswith(vera.desk)
                       for m in vera.messages)


def test_the_clients_card_shows_the_appeals_of_the_askers_lines_only(
        lab: LabInfo, store_url: str) -> None:
    """ivan's accounting appeal, with boris's comment on it, is accounting's business: anna
    (support only) sees his support appeals on the card, not that one."""
    d = lab.domain
    base = support_line_with(lab, store_url)
    accounting = Line("accounting", "Бухгалтерия", "", 300, 3, 5, (f"boris@{d}",), ())
    romashka = replace(base.organisations[0], lines=("support", "accounting"))
    config = replace(base, lines=(*base.lines, accounting),
                     organisations=(romashka, *base.organisations[1:]))
    with RunningDesk(config) as desk, XmppPeer(lab, "anna", desk_show="") as anna, \
            XmppPeer(lab, "boris", desk_show="") as boris, XmppPeer(lab, "ivan") as ivan:
        knows(desk, lab, anna=Availability.FREE, boris=Availability.FREE)
        ivan.send(f"accounting@desk.{d}", "Нужна скидка по договору", "k-1")
        billing = offered(boris, "Нужна скидка по договору")
        assert action(boris, billing, f"<accept xmlns='{NS}'/>", "k-a") == ("result", "")
        assert action(boris, billing, f"<comment xmlns='{NS}' text='Скидка 10%, особый "
                                      "договор'/>", "k-c") == ("result", "")
        assert action(boris, billing, f"<finish xmlns='{NS}'/>", "k-f") == ("result", "")
        boris.tell_desk("dnd")
        knows(desk, lab, boris=Availability.BUSY)
        ivan.send(f"support@desk.{d}", "Не приходит счёт", "k-2")
        support = offered(anna, "Не приходит счёт")
        anna.send_raw(f"<iq type='get' to='{support}' id='k-q'><appeals xmlns='{NS}'/></iq>")
        eventually(lambda: "k-q" in anna.iq_replies)
        assert anna.iq_replies["k-q"] == ("result", "")
        card = anna.iq_payloads["k-q"]
        assert card is not None
        assert {int(a.get("id")) for a in card.findall(f"{{{NS}}}appeal")} == {
            number(support)}


def test_a_line_is_an_entity_a_client_can_add(lab: LabInfo, desk: RunningDesk) -> None:
    """What Gajim does on adding a contact: disco#info (it said "No query '' here"), a
    subscription (unanswered: the line stayed offline, so no receipts or chat states), and
    the presence that follows; a line's queue shows in its status."""
    d = lab.domain
    line = f"support@desk.{d}"
    with XmppPeer(lab, "ivan") as ivan, XmppPeer(lab, "maria") as maria:
        ivan.send_raw(f"<iq type='get' to='{line}' id='disco-1'>"
                      "<query xmlns='http://jabber.org/protocol/disco#info'/></iq>")
        eventually(lambda: "disco-1" in ivan.iq_replies)
        assert ivan.iq_replies["disco-1"] == ("result", "")
        info = ivan.iq_payloads["disco-1"]
        assert info is not None
        identity = info.find("{http://jabber.org/protocol/disco#info}identity")
        assert identity is not None
        assert identity.get("name") == "Техподдержка"
        features = {f.get("var") for f in
                    info.findall("{http://jabber.org/protocol/disco#info}feature")}
        assert {"urn:xmpp:receipts", "http://jabber.org/protocol/chatstates"} <= features
        maria.send(line, "Есть кто?", "q-1")  # nobody online: she waits in the queue
        eventually(lambda: said(maria, line, "1-й в очереди"))
        ivan.send_raw(f"<presence to='{line}' type='subscribe'/>")
        eventually(lambda: any(p["from"] == line and p["type"] == "subscribed"
                               for p in ivan.presences))
        eventually(lambda: any(p["from"] == line and p["type"] == "available"
                               and p["status"] == "В очереди: 1" for p in ivan.presences))
        ivan.send_raw(f"<iq type='get' to='{line}' id='odd-1'><query xmlns='jabber:iq:version'/>"
                      "</iq>")
        eventually(lambda: ivan.iq_replies.get("odd-1") == ("error", "feature-not-implemented"))


def test_the_client_sees_the_specialists_name_not_her_login(lab: LabInfo,
                                                            desk: RunningDesk) -> None:
    """The nick of a specialist's message to the client is her first name from her vCard
    (the lab publishes Анна Петрова's), as PROTOCOL.md says: it was the login, "anna"."""
    d = lab.domain
    line = f"support@desk.{d}"
    with XmppPeer(lab, "anna", desk_show="") as anna, XmppPeer(lab, "ivan") as ivan:
        knows(desk, lab, anna=Availability.FREE)
        assert desk.component is not None
        service = desk.component.service
        eventually(lambda: f"anna@{d}" in service.names)  # read from her vCard
        ivan.send(line, "Здравствуйте", "n-1")
        appeal = offered(anna, "Здравствуйте")
        anna.send(appeal, "Добрый день! Слушаю вас.", "n-2")
        eventually(lambda: said(ivan, line, "Слушаю вас"))
        (answer,) = [m for m in ivan.messages if "Слушаю вас" in m["body"]]
        assert answer["nick"] == "Анна"


def two_lines(lab: LabInfo, store_url: str) -> DeskConfig:
    """Support (anna, boris; vera its senior) and accounting (boris), both ivan's."""
    d = lab.domain
    base = support_line_with(lab, store_url)
    accounting = Line("accounting", "Бухгалтерия", "", 300, 3, 5, (f"boris@{d}",), ())
    romashka = replace(base.organisations[0], lines=("support", "accounting"))
    return replace(base, lines=(*base.lines, accounting),
                   organisations=(romashka, *base.organisations[1:]))


def test_a_line_transfer_keeps_the_appeal_whole_and_one_per_client_and_line(
        lab: LabInfo, store_url: str) -> None:
    """anna's appeal, vera invited, goes to the accounting line: vera still hears ivan (she
    vanished from it until a restart). While ivan has an accounting appeal open, another of
    his cannot go there (it overwrote that one)."""
    d = lab.domain
    support, accounting = f"support@desk.{d}", f"accounting@desk.{d}"
    with RunningDesk(two_lines(lab, store_url)) as desk, \
            XmppPeer(lab, "anna", desk_show="") as anna, \
            XmppPeer(lab, "boris", desk_show="away") as boris, \
            XmppPeer(lab, "vera", desk_show="dnd") as vera, XmppPeer(lab, "ivan") as ivan:
        knows(desk, lab, anna=Availability.FREE, boris=Availability.AWAY,
              vera=Availability.BUSY)
        ivan.send(support, "Вопрос по договору", "t-1")
        appeal = offered(anna, "Вопрос по договору")
        assert action(anna, appeal, f"<accept xmlns='{NS}'/>", "t-a") == ("result", "")
        assert action(anna, appeal, f"<invite xmlns='{NS}' to='vera@{d}'/>", "t-i") == (
            "result", "")
        assert action(anna, appeal, f"<transfer xmlns='{NS}' line='accounting'/>",
                      "t-t") == ("result", "")
        ivan.send(accounting, "Жду ответа", "t-2")  # his appeal, on its new line
        eventually(lambda: said(vera, appeal, "Жду ответа"))
        ivan.send(support, "И ещё вопрос", "t-3")  # a second appeal, on support
        second = offered(anna, "И ещё вопрос")
        assert action(anna, second, f"<accept xmlns='{NS}'/>", "t-a2") == ("result", "")
        assert action(anna, second, f"<transfer xmlns='{NS}' line='accounting'/>",
                      "t-t2") == ("error", "conflict")  # the first is open there
        del boris


def test_the_client_hears_the_appeal_was_received_and_then_who_answers(
        lab: LabInfo, desk: RunningDesk) -> None:
    """While the offer waits (up to the line's accept time) the client heard nothing; now
    the desk says it has the appeal at once, and who answers when it is accepted."""
    d = lab.domain
    line = f"support@desk.{d}"
    with XmppPeer(lab, "anna", desk_show="") as anna, XmppPeer(lab, "ivan") as ivan:
        knows(desk, lab, anna=Availability.FREE)
        assert desk.component is not None
        service = desk.component.service
        eventually(lambda: f"anna@{d}" in service.names)  # (her name from her vCard)
        ivan.send(line, "Не приходит счёт", "h-1")
        appeal = offered(anna, "Не приходит счёт")
        eventually(lambda: said(ivan, line, f"Ваше обращение №{number(appeal)} получено"))
        assert action(anna, appeal, f"<accept xmlns='{NS}'/>", "h-a") == ("result", "")
        eventually(lambda: said(ivan, line, "Вам отвечает Анна."))
