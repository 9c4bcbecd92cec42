"""The desk under hostile clients (issue 24): stanzas built to hurt it, through the real
desk and Prosody. Each probe is sent as a signed-in account would; the desk must answer
what it can, refuse the rest, and stay joined."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.lab.lab import LabInfo
from supportdesk.protocol import NS
from supportdesk.routing import Availability
from tests.peers.xmpp_peer import XmppPeer
from tests.supportdesk_rig import RunningDesk, knows, server_has_handled, wait

DEEP = 600  # nested elements: 4.2 KB, past Python's recursion limit in a recursive walk


def deep(levels: int = DEEP) -> str:
    return "<x xmlns='urn:example:deep'>" * levels + "</x>" * levels


def still_answers(desk: RunningDesk, peer: XmppPeer, stanza_id: str) -> None:
    """The desk is joined and answers a specialist's query (its feed) as before."""
    peer.send_raw(f"<iq type='get' to='desk.{peer.lab.domain}' id='{stanza_id}'>"
                  f"<mine xmlns='{NS}' since='0'/></iq>")
    wait(lambda: stanza_id in peer.iq_replies)
    assert peer.iq_replies[stanza_id] == ("result", "")
    assert desk.component is not None
    assert desk.component.is_connected()


@pytest.mark.parametrize("to", ["a1", "support", "nosuchline", ""])
def test_a_deeply_nested_stanza_is_refused_and_the_desk_stays(
        lab: LabInfo, desk: RunningDesk, to: str) -> None:
    address = f"{to}@desk.{lab.domain}" if to else f"desk.{lab.domain}"
    with XmppPeer(lab, "anna", desk_show="") as anna, XmppPeer(lab, "ivan") as ivan:
        knows(desk, lab, anna=Availability.FREE)
        joined = desk.component.sessions_started if desk.component is not None else 0
        for n, kind in enumerate(("get", "set")):
            ivan.send_raw(f"<iq type='{kind}' to='{address}' id='deep-{n}'>{deep()}</iq>")
        ivan.send_raw(f"<message type='chat' to='{address}' id='deep-m'>"
                      f"<body>hi</body>{deep()}</message>")
        wait(lambda: "deep-0" in ivan.iq_replies and "deep-1" in ivan.iq_replies)
        assert ivan.iq_replies["deep-0"] == ("error", "not-acceptable")
        assert ivan.iq_replies["deep-1"] == ("error", "not-acceptable")
        wait(lambda: "not-acceptable" in ivan.errors)  # the message, refused too
        server_has_handled(desk)
        still_answers(desk, anna, "after-deep")
        assert desk.component is not None
        assert desk.component.sessions_started == joined  # never dropped and joined again


@pytest.mark.parametrize(("to", "payload", "condition"), [
    ("a99999999999999999999", f"<history xmlns='{NS}'/>", "feature-not-implemented"),
    ("a\u1369", f"<history xmlns='{NS}'/>", "feature-not-implemented"),  # an Ethiopic digit
    ("a007", f"<appeals xmlns='{NS}'/>", "feature-not-implemented"),
    ("", "<mine xmlns='urn:example:other' since='0'/>", "feature-not-implemented"),
    ("", "<query xmlns='jabber:iq:version'/>", "feature-not-implemented"),
    ("", f"<history xmlns='{NS}'/>", "feature-not-implemented"),
    ("", f"<mine xmlns='{NS}' since='soon'/>", "bad-request"),
])
def test_every_iq_gets_an_answer_and_a_bad_id_is_no_appeal(
        lab: LabInfo, desk: RunningDesk, to: str, payload: str, condition: str) -> None:
    address = f"{to}@desk.{lab.domain}" if to else f"desk.{lab.domain}"
    with XmppPeer(lab, "anna", desk_show="") as anna:
        knows(desk, lab, anna=Availability.FREE)
        anna.send_raw(f"<iq type='get' to='{address}' id='odd'>{payload}</iq>")
        wait(lambda: "odd" in anna.iq_replies)
        assert anna.iq_replies["odd"] == ("error", condition)
        still_answers(desk, anna, "after-odd")


def test_a_long_conversation_is_offered_and_read_in_pieces_the_server_takes(
        lab: LabInfo, store_url: str) -> None:
    """16 messages of 10,000 Cyrillic characters (320 KB) while nobody is online: the offer
    still reaches anna (its text the start and the end, saying what it left out), the desk
    stays joined, and the history comes in pages under the budget that add up to all."""
    from dataclasses import replace  # noqa: PLC0415
    from xml.etree import ElementTree as ET  # noqa: PLC0415

    from supportdesk.protocol import appeals as wire  # noqa: PLC0415
    from tests.supportdesk_rig import lab_config, number, offered  # noqa: PLC0415

    line = f"support@desk.{lab.domain}"
    config = replace(lab_config(lab, store_url), client_burst=20)
    with RunningDesk(config) as desk, XmppPeer(lab, "ivan") as ivan:
        long = ["Ж" * 9_990 + f" #{n:02d}" for n in range(16)]
        for n, text in enumerate(long):
            ivan.send(line, text, f"long-{n}")
        assert desk.component is not None
        store = desk.component.service.store
        wait(lambda: any(len(store.conversation(a)) == 16 for a in desk.component.service.open))
        with XmppPeer(lab, "anna", desk_show="") as anna:
            appeal = offered(anna, "#00", timeout=20)
            offer = next(m for m in anna.messages if m["from"] == appeal and "#00" in m["body"])
            assert "#15" in offer["body"]
            assert "characters left out" in offer["body"]
            assert len(offer["xml"].encode()) < 100 * 1024
            pages, before = [], None
            while True:
                attrs = f" before='{before}'" if before is not None else ""
                stanza_id = f"page-{len(pages)}"
                anna.send_raw(f"<iq type='get' to='{appeal}' id='{stanza_id}'>"
                              f"<history xmlns='{NS}'{attrs}/></iq>")
                wait(lambda s=stanza_id: s in anna.iq_replies)
                assert anna.iq_replies[stanza_id] == ("result", "")
                payload = anna.iq_payloads[stanza_id]
                assert len(ET.tostring(payload, encoding="utf-8")) < wire.PAGE_BYTES + 4096
                page = wire.read_history(payload)
                pages.append(page)
                if not page.left_out:
                    break
                before = page.first
            bodies = [m.body for page in reversed(pages) for m in page.messages]
            assert bodies == long
            assert len(pages) > 1
            still_answers(desk, anna, "after-long")
            assert desk.component.sessions_started == 1
            assert number(appeal) in desk.component.service.open


def test_a_store_locked_by_someone_else_tells_the_client_and_stalls_nothing(
        lab: LabInfo, tmp_path: Path) -> None:
    """Another process holds the SQLite store's write lock: a client's message is refused
    with a word in their language (resend it), after the store's short wait, not lost
    with a traceback; once the lock goes, the same message is kept."""
    import sqlite3  # noqa: PLC0415

    from tests.supportdesk_rig import lab_config  # noqa: PLC0415

    path = tmp_path / "locked.sqlite3"
    line = f"support@desk.{lab.domain}"
    with RunningDesk(lab_config(lab, f"sqlite:///{path}")) as desk, \
            XmppPeer(lab, "ivan") as ivan:
        other = sqlite3.connect(path, timeout=0)
        other.execute("BEGIN IMMEDIATE")  # someone else's write lock
        try:
            ivan.send(line, "Пока база занята", "busy-1")
            wait(lambda: "resource-constraint" in ivan.errors)
            assert "Отправьте его снова" in ivan.error_texts[-1]["ru"]
            assert "send it again" in ivan.error_texts[-1]["en"].lower()
        finally:
            other.rollback()
            other.close()
        ivan.send(line, "Пока база занята", "busy-1")  # sent again: kept
        assert desk.component is not None
        store = desk.component.service.store
        wait(lambda: any(m.body == "Пока база занята" for a in desk.component.service.open
                         for m in store.conversation(a)))
        assert desk.component.sessions_started == 1
