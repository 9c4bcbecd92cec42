"""The support desk on the lab's real Prosody (XEP-0114), real XMPP clients as clients and
specialists, on SQLite and PostgreSQL: an appeal's life from the first message to the
rating, the queue while nobody is free for new appeals, transfers, escalation, bad input."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

from desktop.lab.lab import LabInfo
from supportdesk.config import Line, Organisation
from supportdesk.routing import Availability
from supportdesk.store import DeskStore
from tests.peers.xmpp_peer import XmppPeer
from tests.supportdesk_rig import (
    RunningDesk,
    action,
    desk_knows,
    knows,
    lab_config,
    said,
    support_line_with,
    wait,
)


def test_an_appeal_from_first_message_to_rating(lab: LabInfo, desk: RunningDesk) -> None:
    component = f"desk.{lab.domain}"
    line = f"support@{component}"
    with XmppPeer(lab, "anna") as anna, XmppPeer(lab, "ivan") as ivan:
        anna.send_raw(f"<presence to='{component}'/>")  # the app tells the desk each change
        knows(desk, lab, anna=Availability.FREE)
        ivan.send(line, "Счёт №15 не пришёл", "iv-1")
        wait(lambda: any(m["from"].startswith("a") and m["from"].endswith(component)
                         for m in anna.messages))
        offer = next(m for m in anna.messages if m["from"].endswith(component))
        appeal = offer["from"]
        assert "Счёт №15 не пришёл" in offer["body"]
        assert "Техподдержка" in offer["body"]
        anna.send(appeal, "Здравствуйте, Иван Петрович! Проверяю.", "an-1")
        wait(lambda: said(ivan, line, "Здравствуйте, Иван Петрович!"))  # from the line
        ivan.send(line, "Спасибо, жду", "iv-2")
        wait(lambda: said(anna, appeal, "Спасибо, жду"))  # relayed to her, from the appeal
        asked = len(ivan.messages)  # (a rating request an earlier test's desk sent ivan
        # while he was offline may come from the server's store at his sign-in)
        anna.send_raw(f"<iq type='set' to='{appeal}' id='fin-1'>"
                      "<finish xmlns='urn:deskline:desk:1'/></iq>")
        wait(lambda: any(m["from"] == line and "Оцените" in m["body"]
                         for m in ivan.messages[asked:]))
        ivan.send(line, "5 — всё быстро", "iv-3")
        wait(lambda: said(ivan, line, "Спасибо за оценку"))
    store = DeskStore(desk.config.store_url)
    appeal_id = int(appeal.split("@")[0][1:])
    assert store.rating(appeal_id) == (5, "всё быстро")
    assert [kind for kind, _ in store.steps(appeal_id)] == [
        "created", "offered", "accepted", "first_response", "finished", "rated"]
    assert [m.body for m in store.conversation(appeal_id)] == [
        "Счёт №15 не пришёл", "Здравствуйте, Иван Петрович! Проверяю.", "Спасибо, жду"]
    store.close()


def test_busy_for_new_appeals_means_the_queue_until_someone_is_free(
        lab: LabInfo, desk: RunningDesk) -> None:
    component = f"desk.{lab.domain}"
    line = f"support@{component}"
    with XmppPeer(lab, "boris") as boris, XmppPeer(lab, "maria") as maria:
        boris.send_raw(f"<presence to='{component}'><show>dnd</show></presence>")
        knows(desk, lab, boris=Availability.BUSY)
        maria.send(line, "Как сменить тариф?", "ma-1")
        wait(lambda: said(maria, line, "1-й в очереди"))
        assert not any(m["from"].endswith(component) for m in boris.messages)
        boris.send_raw(f"<presence to='{component}'/>")  # free for new appeals again
        wait(lambda: any(m["from"].endswith(component) and "Как сменить тариф?" in m["body"]
                         for m in boris.messages))


def test_the_deskline_desk_command_joins_routes_and_stops_on_sigterm(
        lab: LabInfo, tmp_path: Path) -> None:
    d = lab.domain
    config = tmp_path / "desk.toml"
    config.write_text(
        f'domain = "{d}"\n[component]\nport = {lab.desk_port}\nsecret = "{lab.desk_secret}"\n'
        f'[[line]]\nid = "accounting"\nname = "Бухгалтерия"\nmembers = ["boris@{d}"]\n'
        f'seniors = ["vera@{d}"]\n'  # (the test asks, as she may, whom the desk sees)
        f'[[organisation]]\nname = "ООО «Ромашка»"\npeople = ["ivan@{d}"]\n'
        'lines = ["accounting"]\n', encoding="utf-8")
    config.chmod(0o600)  # (it holds the component secret)
    proc = subprocess.Popen([sys.executable, "-m", "desktop.cli", "desk", "--config",
                             str(config)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        assert "desk: joined as desk." in proc.stdout.readline()
        component = f"desk.{d}"
        with XmppPeer(lab, "boris") as boris, XmppPeer(lab, "ivan") as ivan:
            boris.send_raw(f"<presence to='{component}'/>")
            desk_knows(lab, boris="free")
            ivan.send(f"accounting@{component}", "Нужен акт сверки", "iv-acc-1")
            wait(lambda: any(m["from"].endswith(component) and "акт сверки" in m["body"]
                             for m in boris.messages))
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(10) == 0
        if proc.stdout is not None:
            proc.stdout.close()


def test_transfers_to_a_colleague_online_and_to_a_line_the_client_has(
        lab: LabInfo, store_url: str) -> None:
    d = lab.domain
    config = lab_config(lab, store_url)
    config = replace(config, lines=(
        *config.lines,
        Line("accounting", "Бухгалтерия", "", 300, 2, 5, (f"boris@{d}",), ()),
        Line("sales", "Продажи", "", 300, 2, 5, (f"boris@{d}",), ())),
        organisations=(Organisation("ООО «Ромашка»", (f"ivan@{d}",),
                                    ("support", "accounting")),))
    component = f"desk.{d}"
    line = f"support@{component}"
    with RunningDesk(config) as running, XmppPeer(lab, "anna") as anna, \
            XmppPeer(lab, "boris") as boris, XmppPeer(lab, "ivan") as ivan:
        boris.send_raw(f"<presence to='{component}'><show>dnd</show></presence>")
        anna.send_raw(f"<presence to='{component}'/>")
        knows(running, lab, anna=Availability.FREE, boris=Availability.BUSY)
        ivan.send(line, "Верните деньги за май", "iv-t-1")
        wait(lambda: any(m["from"].endswith(component) for m in anna.messages))
        appeal = next(m for m in anna.messages if m["from"].endswith(component))["from"]
        anna.send(appeal, "Сейчас передам коллеге", "an-t-1")
        wait(lambda: said(ivan, line, "Сейчас передам коллеге"))
        # vera is not online: refused, saying so; a line ivan's firm lacks: refused.
        assert action(anna, appeal, "<transfer xmlns='urn:deskline:desk:1' "
                      f"to='vera@{d}'/>", "t1") == ("error", "recipient-unavailable")
        assert action(anna, appeal, "<transfer xmlns='urn:deskline:desk:1' "
                      "line='sales'/>", "t2") == ("error", "not-allowed")
        # boris is online (busy for NEW appeals, but a colleague can hand him one).
        assert action(anna, appeal, "<transfer xmlns='urn:deskline:desk:1' "
                      f"to='boris@{d}'/>", "t3") == ("result", "")
        wait(lambda: any(m["from"] == appeal and "Верните деньги за май" in m["body"]
                         for m in boris.messages))  # the whole conversation
        boris.send(appeal, "Оформляю возврат", "bo-t-1")
        wait(lambda: said(ivan, line, "Оформляю возврат"))
        # anna has no say any more; a second transfer needs a confirmation.
        assert action(anna, appeal, "<finish xmlns='urn:deskline:desk:1'/>",
                      "t4") == ("error", "forbidden")
        assert action(boris, appeal, "<transfer xmlns='urn:deskline:desk:1' "
                      "line='accounting'/>", "t5") == ("error", "conflict")
        assert action(boris, appeal, "<transfer xmlns='urn:deskline:desk:1' "
                      "line='accounting' confirm='true'/>", "t6") == ("result", "")
    store = DeskStore(config.store_url)
    row = store.appeal(int(appeal.split("@")[0][1:]))
    assert row is not None
    assert (row.line, row.transfers) == ("accounting", 2)
    store.close()


def test_a_control_question_unanswered_finishes_the_appeal_by_itself(
        lab: LabInfo, store_url: str) -> None:
    """The line's auto-finish time (1.2 s here, 5 min in the lab) after the control
    question; a client who answers it keeps the appeal open."""
    d = lab.domain
    config = support_line_with(lab, store_url, auto_finish_minutes=0.02)
    component = f"desk.{d}"
    line = f"support@{component}"
    with RunningDesk(config) as running, XmppPeer(lab, "anna") as anna, \
            XmppPeer(lab, "ivan") as ivan, XmppPeer(lab, "maria") as maria:
        anna.send_raw(f"<presence to='{component}'/>")
        knows(running, lab, anna=Availability.FREE)
        appeals = []
        for client, text in ((ivan, "Вопрос про счёт"), (maria, "Вопрос про акт")):
            client.send(line, text, f"cq-{text}")
            wait(lambda t=text: any(t in m["body"] for m in anna.messages))
            appeals.append(next(m for m in anna.messages if text in m["body"])["from"])
        for n, (client, appeal) in enumerate(zip((ivan, maria), appeals, strict=True)):
            anna.send(appeal, "Могу ли я ещё чем-нибудь помочь?", f"cq-a-{n}")
            wait(lambda c=client: said(c, line, "Могу ли я ещё"))  # asked, then marked
            assert action(anna, appeal, "<control xmlns='urn:deskline:desk:1'/>",
                          f"cq-{n}") == ("result", "")
        maria.send(line, "Да, ещё вопрос", "cq-m-2")  # she answers: it stays open
        wait(lambda: said(ivan, line, "Оцените"), timeout=5)
        # Proving that nothing comes: her clock (1.2 s, started just after his, which has
        # run out) would have run out by now too.
        time.sleep(1.5)
        assert not said(maria, line, "Оцените")
    store = DeskStore(config.store_url)
    ivan_appeal, maria_appeal = (int(a.split("@")[0][1:]) for a in appeals)
    assert store.steps(ivan_appeal)[-2:] == [("control_question", f"anna@{d}"),
                                             ("finished", "auto")]
    assert ("control_answered", f"maria@{d}") in store.steps(maria_appeal)
    maria_row = store.appeal(maria_appeal)
    assert maria_row is not None
    assert maria_row.state == "in_work"
    store.close()


def test_escalation_goes_to_an_online_senior_of_the_line(lab: LabInfo,
                                                         desk: RunningDesk) -> None:
    d = lab.domain
    component = f"desk.{d}"
    line = f"support@{component}"
    with XmppPeer(lab, "anna") as anna, XmppPeer(lab, "oleg") as oleg:
        anna.send_raw(f"<presence to='{component}'/>")
        knows(desk, lab, anna=Availability.FREE)
        oleg.send(line, "Хочу поговорить с руководителем", "ol-e-1")
        wait(lambda: any("руководителем" in m["body"] for m in anna.messages))
        appeal = next(m for m in anna.messages if "руководителем" in m["body"])["from"]
        assert action(anna, appeal, "<accept xmlns='urn:deskline:desk:1'/>",
                      "e0") == ("result", "")  # (an offer is accepted before anything)
        assert action(anna, appeal, "<escalate xmlns='urn:deskline:desk:1'/>",
                      "e1") == ("error", "recipient-unavailable")  # vera is not online
        with XmppPeer(lab, "vera") as vera:
            vera.send_raw(f"<presence to='{component}'><show>away</show></presence>")
            knows(desk, lab, vera=Availability.AWAY)
            assert action(anna, appeal, "<escalate xmlns='urn:deskline:desk:1'/>",
                          "e2") == ("result", "")
            wait(lambda: any(m["from"] == appeal and "руководителем" in m["body"]
                             for m in vera.messages))
            vera.send(appeal, "Здравствуйте, я старший специалист", "ve-e-1")
            wait(lambda: said(oleg, line, "старший специалист"))


def test_bad_input_gets_a_typed_error_and_nothing_is_stored_wrongly(
        lab: LabInfo, desk: RunningDesk) -> None:
    """A flood from one client, an unknown line, an oversized message, a client acting as
    a specialist on their own appeal."""
    component = f"desk.{lab.domain}"
    line = f"support@{component}"
    with XmppPeer(lab, "anna") as anna, XmppPeer(lab, "oleg") as oleg:
        anna.send_raw(f"<presence to='{component}'/>")
        knows(desk, lab, anna=Availability.FREE)
        for n in range(40):
            oleg.send(line, f"спам {n}", f"fl-{n}")
        wait(lambda: "resource-constraint" in oleg.errors)
        oleg.send(f"nosuchline@{component}", "есть кто?", "nl-1")
        wait(lambda: "item-not-found" in oleg.errors)
        oleg.send(line, "x" * 10_001, "big-1")
        wait(lambda: "not-acceptable" in oleg.errors)
        wait(lambda: any(m["from"].endswith(component) for m in anna.messages))
        appeal = next(m for m in anna.messages if m["from"].endswith(component))["from"]
        assert action(oleg, appeal, "<finish xmlns='urn:deskline:desk:1'/>",
                      "own-1") == ("error", "forbidden")
        with XmppPeer(lab, "vera") as vera:  # a colleague acting on anna's appeal
            assert action(vera, appeal, "<finish xmlns='urn:deskline:desk:1'/>",
                          "other-1") == ("error", "forbidden")
        # Malformed actions: an unknown element, none at all, an action sent to a line.
        assert action(anna, appeal, "<bogus xmlns='urn:deskline:desk:1'/>",
                      "bad-1") == ("error", "feature-not-implemented")
        assert action(anna, appeal, "", "bad-2") == ("error", "bad-request")  # the server's
        assert action(anna, line, "<finish xmlns='urn:deskline:desk:1'/>",
                      "bad-3") == ("error", "feature-not-implemented")
    store = DeskStore(desk.config.store_url)
    appeal_id = int(appeal.split("@")[0][1:])
    kept = [m.body for m in store.conversation(appeal_id)]
    assert 10 <= len(kept) < 20  # the burst and what a second or two let through
    assert all(body.startswith("спам ") for body in kept)
    assert store.appeal(appeal_id) is not None
    # Not finished by the client; back in the queue once anna left (her offer returned).
    assert "finished" not in [kind for kind, _ in store.steps(appeal_id)]
    store.close()
