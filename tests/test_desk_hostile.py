"""The desk under hostile clients (issue 24): stanzas built to hurt it, through the real
desk and Prosody. Each probe is sent as a signed-in account would; the desk must answer
what it can, refuse the rest, and stay joined."""

from __future__ import annotations

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
