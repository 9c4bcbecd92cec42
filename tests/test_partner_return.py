"""A vendor's specialist returns an appeal to the partner who connected the client, desk to
desk over real XMPP federation: two Prosody servers joined server-to-server on loopback,
each company's desk on its own (DESIGN §10, seed 4.9). Refusals come back with a reason,
and the appeal stays with the vendor's specialist."""

from __future__ import annotations

import itertools
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from desktop.lab.lab import LabInfo
from supportdesk.config import FirstLine
from supportdesk.protocol.handover import HANDOVER_NS
from supportdesk.routing import Availability
from supportdesk.store import DeskStore
from tests.companies import PARTNER, VENDOR_LINE, partner_desk, vendor_desk
from tests.peers.xmpp_peer import XmppPeer
from tests.supportdesk_rig import RunningDesk, action, number, offered, said, wait

NS = "urn:deskline:desk:1"
ids = itertools.count()


def _urls(tmp_path: Path) -> tuple[str, str]:
    return (f"sqlite:///{tmp_path / 'partner.sqlite3'}",
            f"sqlite:///{tmp_path / 'vendor.sqlite3'}")


def _refusal(peer: XmppPeer, stanza_id: str) -> str:
    error: Any = peer.iq_payloads[stanza_id]
    found = error.find(f"{{{HANDOVER_NS}}}refused") if error is not None else None
    return str(found.get("reason")) if found is not None else ""


def _accepted_by_elena(elena: XmppPeer, client: XmppPeer, vendor: LabInfo, text: str) -> str:
    line = f"support@desk.{vendor.domain}"
    client.send(line, text, f"q{next(ids)}")
    appeal = offered(elena, text, timeout=20)  # (the first crossing between servers: TLS)
    assert action(elena, appeal, f"<accept xmlns='{NS}'/>", f"acc{next(ids)}") == ("result", "")
    elena.send(appeal, "Здравствуйте! Смотрю.", f"e{next(ids)}")
    wait(lambda: said(client, line, "Здравствуйте! Смотрю."), 20)
    return appeal


def _knows(desk: RunningDesk, *who: str) -> None:
    assert desk.component is not None
    presence = desk.component.service.router.presence
    wait(lambda: all(presence.get(w) is Availability.FREE for w in who))


def test_a_returned_appeal_goes_on_with_the_partners_specialist(
        two_labs: tuple[LabInfo, LabInfo], tmp_path: Path) -> None:
    partner, vendor = two_labs
    p_url, v_url = _urls(tmp_path)
    p_line, v_line = f"support@desk.{partner.domain}", f"support@desk.{vendor.domain}"
    with RunningDesk(partner_desk(partner, vendor, p_url)) as p_desk, \
            RunningDesk(vendor_desk(vendor, partner, v_url)) as v_desk, \
            XmppPeer(vendor, "elena", desk_show="") as elena, \
            XmppPeer(partner, "anna", desk_show="") as anna, XmppPeer(partner, "ivan") as ivan:
        _knows(v_desk, f"elena@{vendor.domain}")
        _knows(p_desk, f"anna@{partner.domain}")
        theirs = _accepted_by_elena(elena, ivan, vendor, "Не выгружаются счета в 1С")
        asked = f"ret{next(ids)}"
        assert action(elena, theirs, f"<return xmlns='{NS}' note='Настройка обмена — "
                      "это первая линия партнёра'/>", asked) == ("result", "")
        answer = elena.iq_payloads[asked]
        ours = int(answer.get("appeal"))
        assert answer.get("address") == p_line
        # The client hears from both lines, in their language, who answers now.
        wait(lambda: said(ivan, v_line, f"первая линия поддержки {PARTNER}"))
        wait(lambda: said(ivan, p_line, f"обращение №{ours}"))
        told = next(m for m in ivan.messages if m["from"] == p_line)
        assert VENDOR_LINE in told["body"]
        assert "Deskline" in told["body"]
        # The partner's specialist gets it as any appeal, with the vendor's note …
        appeal = offered(anna, "Настройка обмена", timeout=20)
        assert number(appeal) == ours
        assert action(anna, appeal, f"<accept xmlns='{NS}'/>", f"a{next(ids)}") == ("result", "")
        # … and the conversation, in its history.
        history = f"h{next(ids)}"
        anna.send_raw(f"<iq type='get' to='{appeal}' id='{history}'>"
                      f"<history xmlns='{NS}'/></iq>")
        wait(lambda: history in anna.iq_replies)
        page = anna.iq_payloads[history]
        bodies = [m.text for m in page.findall(f"{{{NS}}}message")]
        assert "Не выгружаются счета в 1С" in bodies
        assert "Здравствуйте! Смотрю." in bodies
        senders = {m.text: m.get("from") for m in page.findall(f"{{{NS}}}message")}
        assert senders["Не выгружаются счета в 1С"] == f"ivan@{partner.domain}"
        # The client's conversation goes on with the partner, in the same appeal.
        ivan.send(p_line, "Спасибо, жду", "after-return")
        wait(lambda: any(m["body"] == "Спасибо, жду" and m["from"] == appeal
                         for m in anna.messages))
        anna.send(appeal, "Иван Петрович, настроим обмен сейчас", "anna-1")
        wait(lambda: said(ivan, p_line, "настроим обмен сейчас"))
        # Each desk keeps what happened: returned there, received here.
        vendor_store, partner_store = DeskStore(v_url), DeskStore(p_url)
        try:
            returned = vendor_store.appeal(number(theirs))
            assert returned is not None
            assert returned.state == "finished"
            assert ("returned", f"elena@{vendor.domain}") in vendor_store.steps(number(theirs))
            assert ("received", f"desk.{vendor.domain}") in partner_store.steps(ours)
        finally:
            vendor_store.close()
            partner_store.close()
        # Both desks' reports count it: returned there (by elena), received here.
        assert v_desk.component is not None
        assert p_desk.component is not None
        now = time.time()
        v_report = v_desk.component.service.report(f"gleb@{vendor.domain}", now - 600, now + 60)
        assert dict(v_report.lines)["support"].returned == 1
        assert dict(v_report.specialists)[f"elena@{vendor.domain}"].returned == 1
        p_report = p_desk.component.service.report(f"vera@{partner.domain}", now - 600,
                                                   now + 60)
        assert dict(p_report.lines)["support"].received == 1
        assert dict(p_report.lines)["support"].returned == 0
        # The vendor's specialist's appeal is over: nothing more is taken on it.
        assert action(elena, theirs, f"<finish xmlns='{NS}'/>", f"f{next(ids)}")[0] == "error"
        # Another return of the client while their appeal is open there joins it: its team
        # reads the note; no second appeal.
        again = _accepted_by_elena(elena, ivan, vendor, "И ещё про выгрузку")
        asked = f"ret{next(ids)}"
        assert action(elena, again, f"<return xmlns='{NS}' note='Второй вопрос туда же'/>",
                      asked) == ("result", "")
        assert int(elena.iq_payloads[asked].get("appeal")) == ours
        wait(lambda: any("Второй вопрос туда же" in m["body"] and m["from"] == appeal
                         and "note" in m["desk"] for m in anna.messages))


def test_refusals_come_back_with_a_reason_and_the_appeal_stays(
        two_labs: tuple[LabInfo, LabInfo], tmp_path: Path) -> None:
    partner, vendor = two_labs
    p_url, v_url = _urls(tmp_path)
    v_line = f"support@desk.{vendor.domain}"
    with RunningDesk(vendor_desk(vendor, partner, v_url)) as v_desk, \
            XmppPeer(vendor, "elena", desk_show="") as elena, \
            XmppPeer(partner, "ivan") as ivan, XmppPeer(partner, "oleg") as oleg:
        _knows(v_desk, f"elena@{vendor.domain}")
        # The vendor's own client: no partner's first line stands before the line.
        olegs = _accepted_by_elena(elena, oleg, vendor, "Вопрос Олега вендору")
        asked = f"ret{next(ids)}"
        assert action(elena, olegs, f"<return xmlns='{NS}'/>", asked) == ("error",
                                                                        "not-allowed")
        assert _refusal(elena, asked) == "no-first-line"
        # The partner's desk is down: the partner's server says its desk is not there.
        ivans = _accepted_by_elena(elena, ivan, vendor, "Вопрос Ивана вендору")
        asked = f"ret{next(ids)}"
        assert action(elena, ivans, f"<return xmlns='{NS}'/>", asked)[0] == "error"
        assert _refusal(elena, asked) == "unreachable"
        # A partner's desk that does not name this desk refuses it.
        with RunningDesk(partner_desk(partner, vendor, p_url, trusted=False)):
            asked = f"ret{next(ids)}"
            assert action(elena, ivans, f"<return xmlns='{NS}'/>", asked) == ("error",
                                                                            "not-allowed")
            assert _refusal(elena, asked) == "not-trusted"
        # The appeal stayed: elena still writes to ivan and finishes it herself.
        elena.send(ivans, "Всё ещё с вами", "still")
        wait(lambda: said(ivan, v_line, "Всё ещё с вами"))
        assert action(elena, ivans, f"<finish xmlns='{NS}'/>", f"f{next(ids)}") == ("result", "")
        store = DeskStore(v_url)
        try:
            steps = store.timeline(number(ivans))
        finally:
            store.close()
        refused = [s.detail for s in steps if s.kind == "return_refused"]
        assert refused == [f"support@desk.{partner.domain} unreachable",
                           f"support@desk.{partner.domain} not-trusted"]


def test_a_line_the_partner_has_not_or_a_client_not_theirs_is_refused(
        two_labs: tuple[LabInfo, LabInfo], tmp_path: Path) -> None:
    partner, vendor = two_labs
    p_url, v_url = _urls(tmp_path)
    p = partner.domain
    ours = partner_desk(partner, vendor, p_url)
    ours = replace(ours, organisations=ours.organisations[:1])  # oleg is nobody's there
    theirs = vendor_desk(vendor, partner, v_url, first_line="nosuch")
    theirs = replace(theirs, organisations=(
        theirs.organisations[0],
        replace(theirs.organisations[1], first_line=FirstLine(f"support@desk.{p}", PARTNER))))
    with RunningDesk(ours), RunningDesk(theirs) as v_desk, \
            XmppPeer(vendor, "elena", desk_show="") as elena, XmppPeer(partner, "ivan") as ivan, \
            XmppPeer(partner, "oleg") as oleg:
        _knows(v_desk, f"elena@{vendor.domain}")
        appeal = _accepted_by_elena(elena, ivan, vendor, "Вопрос на несуществующую линию")
        asked = f"ret{next(ids)}"
        assert action(elena, appeal, f"<return xmlns='{NS}'/>", asked)[0] == "error"
        assert _refusal(elena, asked) == "line-unknown"
        appeal = _accepted_by_elena(elena, oleg, vendor, "Вопрос клиента не того партнёра")
        asked = f"ret{next(ids)}"
        assert action(elena, appeal, f"<return xmlns='{NS}'/>", asked)[0] == "error"
        assert _refusal(elena, asked) == "not-theirs"
