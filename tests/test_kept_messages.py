"""What the server kept for us while we were offline (a XEP-0203 delay with its stamp) is
told apart from what comes live; reading a message never changes it for the next reader."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from slixmpp import ClientXMPP
from slixmpp.xmlstream import ET

from desktop.chat.xmpp.desk import kept_by_server
from desktop.chat.xmpp.messages import Messages, _sent_at, content, corrected


@pytest.fixture
def xmpp() -> Iterator[ClientXMPP]:
    """A client with the messages feature's stanza plugins, on a loop of its own that is
    closed after the test (slixmpp would make one and leave it to the garbage collector)."""
    loop = asyncio.new_event_loop()
    client = ClientXMPP("anna@deskline.lab", "secret", loop=loop)
    for plugin in Messages.plugins:
        name, config = plugin if isinstance(plugin, tuple) else (plugin, {})
        client.register_plugin(name, pconfig=config)
    yield client
    loop.close()


def message(xmpp: ClientXMPP, extra: str = "") -> object:
    xml = ET.fromstring(
        "<message xmlns='jabber:client' from='a1@desk.deskline.lab' to='anna@deskline.lab' "
        f"type='chat' id='iv-2'><body>Договор № 4512</body>{extra}</message>")
    return xmpp.Message(xml=xml)


def test_reading_a_live_message_leaves_it_live_for_the_desk_feature(
        xmpp: ClientXMPP) -> None:
    """The messages feature reads every message before the desk feature sees it: it used to
    add an empty <delay/> (and <reply/>, <replace/>) by asking for them, and the desk feature
    then took the live message for one kept while away."""
    msg = message(xmpp)
    before = ET.tostring(msg.xml)
    _sent_at(msg)
    assert content(msg) == ("", "", "Договор № 4512")
    assert corrected(msg) == ""
    assert ET.tostring(msg.xml) == before
    assert not kept_by_server(msg.xml)
    msg["delay"]  # as any other handler may read it
    assert not kept_by_server(msg.xml)  # a bare <delay/> is no server's


def test_a_message_the_server_kept_is_told_apart(xmpp: ClientXMPP) -> None:
    kept = message(xmpp, "<delay xmlns='urn:xmpp:delay' from='deskline.lab' "
                         "stamp='2026-12-01T09:00:00Z'/>")
    assert kept_by_server(kept.xml)
    assert _sent_at(kept) == 1796115600.0
