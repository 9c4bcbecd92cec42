"""What crosses the desk besides text, on the lab's Prosody with real XMPP clients: receipts,
chat states and quoted replies (XEP-0184, -0085, -0461) both ways; a colleague invited into
an appeal; the history and previous appeals for who may read them; the rating form."""

from __future__ import annotations

import time

from desktop.lab.lab import LabInfo
from supportdesk.routing import Availability
from supportdesk.store import DeskStore
from tests.peers.xmpp_peer import XmppPeer
from tests.supportdesk_rig import RunningDesk, action, knows, number, offered, said, wait

NS = "urn:deskline:desk:1"


def test_receipts_states_and_quotes_cross_the_desk_both_ways(
        lab: LabInfo, desk: RunningDesk) -> None:
    d = lab.domain
    line = f"support@desk.{d}"
    with XmppPeer(lab, "anna", desk_show="") as anna, XmppPeer(lab, "ivan") as ivan:
        knows(desk, lab, anna=Availability.FREE)
        assert desk.component is not None
        wait(lambda: f"anna@{d}" in desk.component.service.names)  # her vCard read
        ivan.send(line, "Здравствуйте, не приходит счёт", "iv-r-1")
        appeal = offered(anna, "не приходит счёт")
        anna.send(appeal, "Проверяю", "an-r-1")  # asks for a receipt, as send() does
        wait(lambda: said(ivan, line, "Проверяю"))
        got = ivan.received("Проверяю")
        assert got is not None
        assert (got["id"], got["nick"]) == ("an-r-1", "Анна")  # her id, her name
        # ivan's client acknowledged it to the line; anna hears that from the appeal.
        wait(lambda: (appeal, "an-r-1") in anna.receipts)
        ivan.send(line, "Жду", "iv-r-2")
        wait(lambda: said(anna, appeal, "Жду"))
        wait(lambda: (line, "iv-r-2") in ivan.receipts)
        ivan.chat_state(line, "composing")
        wait(lambda: "composing" in anna.states)
        anna.chat_state(appeal, "paused")
        wait(lambda: "paused" in ivan.states)
        # Quotes: each side sees the quoted message under the id it knows, by the author
        # it knows (ivan knows the line; anna knows herself).
        ivan.reply(line, "А сколько ждать?", "an-r-1", "Проверяю", "iv-r-3")
        wait(lambda: said(anna, appeal, "А сколько ждать?"))
        quoted = anna.received("А сколько ждать?")
        assert quoted is not None
        assert (quoted["reply_to"], quoted["reply_by"]) == ("an-r-1", f"anna@{d}")
        anna.reply(appeal, "Пять минут", "iv-r-3", "А сколько ждать?", "an-r-4")
        wait(lambda: said(ivan, line, "Пять минут"))
        answer = ivan.received("Пять минут")
        assert answer is not None
        assert (answer["reply_to"], answer["reply_by"]) == ("iv-r-3", f"ivan@{d}")
        # A quote of something this appeal never had goes on as plain text, not a link.
        ivan.reply(line, "Это про что?", "forged-1", "чужое", "iv-r-5")
        wait(lambda: said(anna, appeal, "Это про что?"))
        forged = anna.received("Это про что?")
        assert forged is not None
        assert forged["reply_to"] == ""
        assert "чужое" in forged["body"]


def test_an_invited_colleague_hears_the_client_writes_and_leaves(
        lab: LabInfo, desk: RunningDesk) -> None:
    d = lab.domain
    line = f"support@desk.{d}"
    with XmppPeer(lab, "anna", desk_show="") as anna, \
            XmppPeer(lab, "boris", desk_show="dnd") as boris, XmppPeer(lab, "ivan") as ivan:
        knows(desk, lab, anna=Availability.FREE, boris=Availability.BUSY)
        ivan.send(line, "Нужна консультация юриста", "iv-i-1")
        appeal = offered(anna, "консультация юриста")
        anna.send(appeal, "Сейчас позову коллегу", "an-i-1")
        wait(lambda: said(ivan, line, "Сейчас позову коллегу"))  # accepted by the reply
        invite = f"<invite xmlns='{NS}' to='{{}}'/>"
        assert action(anna, appeal, invite.format(f"vera@{d}"), "i1") == (
            "error", "recipient-unavailable")  # not online
        assert action(anna, appeal, invite.format(f"ivan@{d}"), "i2") == (
            "error", "item-not-found")  # not a specialist
        assert action(anna, appeal, invite.format(f"boris@{d}"), "i3") == ("result", "")
        wait(lambda: said(boris, appeal, "консультация юриста"))  # the conversation so far
        ivan.send(line, "Вопрос про договор", "iv-i-2")
        wait(lambda: said(anna, appeal, "Вопрос про договор"))
        wait(lambda: said(boris, appeal, "Вопрос про договор"))
        boris.send(appeal, "Договор в порядке", "bo-i-1")
        wait(lambda: said(ivan, line, "Договор в порядке"))
        wait(lambda: said(anna, appeal, "Договор в порядке"))
        assert action(boris, appeal, f"<finish xmlns='{NS}'/>", "i4") == ("error", "forbidden")
        assert action(anna, appeal, f"<leave xmlns='{NS}'/>", "i5") == ("error", "not-allowed")
        assert action(boris, appeal, f"<leave xmlns='{NS}'/>", "i6") == ("result", "")
        ivan.send(line, "Спасибо обоим", "iv-i-3")
        wait(lambda: said(anna, appeal, "Спасибо обоим"))
        time.sleep(0.3)  # proving that nothing comes to boris: time for a wrong copy
        assert not said(boris, appeal, "Спасибо обоим")
    store = DeskStore(desk.config.store_url)
    assert ("invited", f"anna@{d}") in store.steps(number(appeal))
    assert ("left", f"boris@{d}") in store.steps(number(appeal))
    store.close()


def query(peer: XmppPeer, appeal: str, name: str, stanza_id: str) -> tuple[str, str, object]:
    peer.send_raw(f"<iq type='get' to='{appeal}' id='{stanza_id}'><{name} xmlns='{NS}'/></iq>")
    wait(lambda: stanza_id in peer.iq_replies)
    kind, condition = peer.iq_replies[stanza_id]
    return kind, condition, peer.iq_payloads.get(stanza_id)


def submitted_form(line: str, rating: str, comment: str, stanza_id: str) -> str:
    return (f"<message to='{line}' type='chat' id='{stanza_id}'>"
            "<x xmlns='jabber:x:data' type='submit'>"
            f"<field var='FORM_TYPE'><value>{NS}#rating</value></field>"
            f"<field var='rating'><value>{rating}</value></field>"
            f"<field var='comment'><value>{comment}</value></field></x></message>")


def test_rating_by_form_history_and_previous_appeals_for_who_may_read_them(
        lab: LabInfo, desk: RunningDesk) -> None:
    d = lab.domain
    line = f"support@desk.{d}"
    with XmppPeer(lab, "anna", desk_show="") as anna, XmppPeer(lab, "ivan") as ivan, \
            XmppPeer(lab, "boris", desk_show="dnd") as boris, \
            XmppPeer(lab, "vera", desk_show="away") as vera:
        knows(desk, lab, anna=Availability.FREE, boris=Availability.BUSY,
              vera=Availability.AWAY)
        ivan.send(line, "Первый вопрос", "iv-h-1")
        first = offered(anna, "Первый вопрос")
        anna.send(first, "Первый ответ", "an-h-1")
        wait(lambda: said(ivan, line, "Первый ответ"))
        assert action(anna, first, f"<finish xmlns='{NS}'/>", "h1") == ("result", "")
        wait(lambda: any(m["form"] and "Оцените" in m["body"] for m in ivan.messages))
        ivan.send_raw(submitted_form(line, "9", "", "form-bad"))
        wait(lambda: "bad-request" in ivan.errors)
        ivan.send_raw(submitted_form(line, "4", "быстро, но со второго раза", "form-1"))
        wait(lambda: said(ivan, line, "Спасибо за оценку"))
        ivan.send(line, "Второй вопрос", "iv-h-2")  # after the rating: a new appeal
        second = offered(anna, "Второй вопрос")
        assert second != first
        kind, _, history = query(anna, second, "history", "q1")
        assert kind == "result"
        assert history is not None
        bodies = [m.text for m in history.findall(f"{{{NS}}}message")]  # type: ignore[attr-defined]
        assert bodies == ["Второй вопрос"]
        kind, _, past = query(anna, second, "appeals", "q2")
        assert kind == "result"
        rows = {int(a.get("id")): a for a in past.findall(f"{{{NS}}}appeal")}  # type: ignore[attr-defined]
        assert set(rows) == {number(first), number(second)}
        assert (rows[number(first)].get("score"), rows[number(first)].text) == (
            "4", "быстро, но со второго раза")
        # The line's senior may read; a colleague of the line too once it is finished (the
        # card lists it: its number opens it), not while it is open; the client may not.
        assert query(vera, first, "history", "q3")[0] == "result"
        assert query(boris, first, "history", "q4")[0] == "result"
        assert query(boris, second, "history", "q4b")[:2] == ("error", "forbidden")
        assert query(ivan, first, "history", "q5")[:2] == ("error", "forbidden")
        assert query(ivan, second, "appeals", "q6")[:2] == ("error", "forbidden")
    store = DeskStore(desk.config.store_url)
    assert store.rating(number(first)) == (4, "быстро, но со второго раза")
    store.close()
