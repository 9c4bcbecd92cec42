"""Chat and presence against the real lab Prosody: our services on one side, a slixmpp
client of a demo person on the other."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.bus import Bus, ChatMessage, LinkState, Status
from desktop.chat.account import XmppAccount
from desktop.chat.conversations import MAX_CHARS, ChatService, MessageError, MessageProblem
from desktop.chat.session import ChatSession
from desktop.gui_thread import GuiThread
from desktop.lab.lab import Lab, LabInfo
from desktop.lab.process import free_port
from desktop.store import Store
from tests.peers.cuttable_link import CuttableLink
from tests.peers.gajim import gajim_message
from tests.peers.xmpp_peer import XmppPeer


class Side:
    """The specialist's chat: the services as the app builds them, plus what the bus said."""

    def __init__(self, lab: LabInfo, store: Store, user: str = "anna") -> None:
        self.user = user
        self.bus = Bus()
        self.chats = ChatService(self.bus, store)
        self.session = ChatSession(self.bus, GuiThread(), self.chats)
        self.messages: list[ChatMessage] = []
        self.bus.message.connect(self.messages.append)
        self.lab = lab

    def sign_in(self, qtbot: QtBot, port: int = 0) -> None:
        self.session.sign_in(XmppAccount(f"{self.user}@{self.lab.domain}",
                                         self.lab.passwords[self.user], "127.0.0.1",
                                         port or self.lab.xmpp_port, self.lab.ca_file))
        qtbot.waitUntil(lambda: self.session.state is LinkState.ONLINE, timeout=10000)

    def states(self, stanza_id: str) -> list[str]:
        return [m.state for m in self.messages if m.id == stanza_id]


@pytest.fixture
def anna(qtbot: QtBot, lab: LabInfo) -> Iterator[Side]:
    side = Side(lab, Store(":memory:"))
    side.sign_in(qtbot)
    yield side
    side.session.sign_out()


def test_contacts_and_their_statuses(qtbot: QtBot, lab: LabInfo, anna: Side) -> None:
    ivan_jid = f"ivan@{lab.domain}"
    qtbot.waitUntil(lambda: ivan_jid in anna.session.contacts, timeout=5000)
    assert anna.session.contacts[ivan_jid].name == "Сидоров Иван Петрович"
    assert "Клиенты" in anna.session.contacts[ivan_jid].groups
    with XmppPeer(lab, "ivan") as ivan:
        qtbot.waitUntil(lambda: anna.session.contacts[ivan_jid].status is Status.ONLINE,
                        timeout=5000)
        ivan.presence(show="dnd", status="на совещании")
        qtbot.waitUntil(lambda: anna.session.contacts[ivan_jid].status is Status.BUSY,
                        timeout=5000)
        assert anna.session.contacts[ivan_jid].status_text == "на совещании"
        ivan.presence(show="away")
        qtbot.waitUntil(lambda: anna.session.contacts[ivan_jid].status is Status.AWAY,
                        timeout=5000)
    qtbot.waitUntil(lambda: anna.session.contacts[ivan_jid].status is Status.OFFLINE,
                    timeout=5000)


def test_a_contact_online_at_sign_in_never_shows_as_a_bare_address(
        qtbot: QtBot, lab: LabInfo) -> None:
    """The roster comes before our first presence (RFC 6121 §2.2): ivan, already online,
    arrives with his name, not first as "ivan@deskline.lab" (once seen in CI)."""
    ivan_jid = f"ivan@{lab.domain}"
    with XmppPeer(lab, "ivan"):
        side = Side(lab, Store(":memory:"))
        seen: list[tuple[str, Status]] = []
        side.bus.contact_changed.connect(
            lambda c: seen.append((c.name, c.status)) if c.jid == ivan_jid else None)
        side.sign_in(qtbot)
        try:
            qtbot.waitUntil(lambda: side.session.contacts.get(ivan_jid) is not None
                            and side.session.contacts[ivan_jid].status is Status.ONLINE,
                            timeout=5000)
        finally:
            side.session.sign_out()
    assert seen
    assert all(name == "Сидоров Иван Петрович" for name, _ in seen), seen


def test_a_client_signed_in_twice_stays_online_when_one_copy_quits(
        qtbot: QtBot, lab: LabInfo, anna: Side) -> None:
    """Presence is per resource: ivan on his phone and his laptop; the laptop goes away and
    closes, the phone is still there, so he is online (not "offline: reach them by phone")."""
    ivan_jid = f"ivan@{lab.domain}"
    qtbot.waitUntil(lambda: ivan_jid in anna.session.contacts, timeout=5000)
    with XmppPeer(lab, "ivan") as phone:
        qtbot.waitUntil(lambda: anna.session.contacts[ivan_jid].status is Status.ONLINE,
                        timeout=5000)
        with XmppPeer(lab, "ivan") as laptop:
            laptop.presence(show="away")
            qtbot.wait(300)
            assert anna.session.contacts[ivan_jid].status is Status.ONLINE  # the phone wins
        qtbot.wait(500)  # the laptop's "unavailable" has arrived by now
        assert anna.session.contacts[ivan_jid].status is Status.ONLINE
        phone.presence(show="dnd")
        qtbot.waitUntil(lambda: anna.session.contacts[ivan_jid].status is Status.BUSY,
                        timeout=5000)
    qtbot.waitUntil(lambda: anna.session.contacts[ivan_jid].status is Status.OFFLINE,
                    timeout=5000)


def test_own_status_reaches_the_other_side(qtbot: QtBot, lab: LabInfo, anna: Side) -> None:
    anna_jid = f"anna@{lab.domain}"
    with XmppPeer(lab, "boris") as boris:
        anna.session.set_status(Status.BUSY, "Занята для новых обращений")
        qtbot.waitUntil(lambda: any(p["from"] == anna_jid and p["show"] == "dnd"
                                    for p in boris.presences), timeout=5000)
        anna.session.set_status(Status.AWAY)
        qtbot.waitUntil(lambda: any(p["from"] == anna_jid and p["show"] == "away"
                                    for p in boris.presences), timeout=5000)
        anna.session.set_status(Status.OFFLINE)
        qtbot.waitUntil(lambda: any(p["from"] == anna_jid and p["type"] == "unavailable"
                                    for p in boris.presences), timeout=5000)
        anna.session.set_status(Status.ONLINE)
        qtbot.waitUntil(lambda: boris.presences[-1]["from"] == anna_jid
                        and boris.presences[-1]["type"] == "available", timeout=5000)


def test_message_round_trip_with_receipt(qtbot: QtBot, lab: LabInfo, anna: Side) -> None:
    ivan_jid = f"ivan@{lab.domain}"
    with XmppPeer(lab, "ivan") as ivan:
        sent = anna.chats.send(ivan_jid, "Здравствуйте, Иван Петрович!\nЧем могу помочь?")
        qtbot.waitUntil(lambda: "delivered" in anna.states(sent.id), timeout=5000)
        qtbot.wait(200)
        states = anna.states(sent.id)
        assert states[0] == "queued"
        assert states[-1] == "delivered"  # the server's ack may come before or after
        assert states in (["queued", "sent", "delivered"], ["queued", "delivered"])
        assert anna.chats.store.outbox(f"anna@{lab.domain}") == []
        assert ivan.messages[-1]["body"] == "Здравствуйте, Иван Петрович!\nЧем могу помочь?"
        assert ivan.messages[-1]["id"] == sent.id
        ivan.send(f"anna@{lab.domain}", "<b>x</b> <img src=http://evil.example/a.png> ok",
                  "from-ivan-1")
        qtbot.waitUntil(lambda: any(m.id == "from-ivan-1" for m in anna.messages),
                        timeout=5000)
        got = next(m for m in anna.messages if m.id == "from-ivan-1")
        assert got.body == "<b>x</b> <img src=http://evil.example/a.png> ok"  # text, as sent
        assert anna.chats.unread[ivan_jid] == 1


def test_the_archive_copy_of_a_corrected_message_is_not_a_second_message(
        qtbot: QtBot, lab: LabInfo, anna: Side) -> None:
    """The server's archive keeps a corrected message with its first text: fetched after
    the correction (opening the conversation asks for it), it is the message we have, not
    a sender reusing an id (that made the wrong text show again beside the right one)."""
    ivan_jid, anna_jid = f"ivan@{lab.domain}", f"anna@{lab.domain}"
    with XmppPeer(lab, "ivan") as ivan:
        ivan.send_raw(gajim_message(anna_jid, "arch-corr-1", "Счёт №78 не пришол"))
        ivan.send_raw(gajim_message(anna_jid, "arch-corr-2", "Счёт №78 не пришёл",
                                    replaces="arch-corr-1"))
        qtbot.waitUntil(lambda: any(m.id == "arch-corr-1" and m.edited
                                    for m in anna.messages), timeout=5000)
    loaded: list[int] = []
    anna.chats.history_loaded.connect(lambda _peer, new: loaded.append(new))
    anna.chats.load_history(ivan_jid)
    qtbot.waitUntil(lambda: bool(loaded), timeout=5000)
    assert [m.body for m in anna.chats.conversation(ivan_jid, 500) if "№78" in m.body] == [
        "Счёт №78 не пришёл"]


def test_a_correction_that_comes_before_its_message_is_that_message(
        qtbot: QtBot, lab: LabInfo, anna: Side) -> None:
    """A correction of a message not read yet (an appeal's offer reads the conversation
    while the client corrects): it is shown once as that message, edited; the first text
    read later is the same message, not a second one with the wrong text."""
    ivan_jid, anna_jid = f"ivan@{lab.domain}", f"anna@{lab.domain}"
    with XmppPeer(lab, "ivan") as ivan:
        ivan.send_raw(gajim_message(anna_jid, "early-2", "Акт сверки за ноябрь",
                                    replaces="early-1"))
        qtbot.waitUntil(lambda: any(m.id == "early-1" and m.edited
                                    for m in anna.messages), timeout=5000)
        ivan.send_raw(gajim_message(anna_jid, "early-1", "Акт сверки за октябрь"))
        ivan.send_raw(gajim_message(anna_jid, "early-3", "Спасибо"))
        qtbot.waitUntil(lambda: any(m.id == "early-3" for m in anna.messages), timeout=5000)
    assert [m.body for m in anna.chats.conversation(ivan_jid, 500)
            if "Акт" in m.body] == ["Акт сверки за ноябрь"]


def test_bad_outgoing_text_is_cleaned_or_refused(anna: Side, lab: LabInfo) -> None:
    with pytest.raises(MessageError) as too_long:
        anna.chats.send(f"ivan@{lab.domain}", "я" * (MAX_CHARS + 1))
    assert (too_long.value.problem, too_long.value.length) == (MessageProblem.TOO_LONG,
                                                               MAX_CHARS + 1)
    with pytest.raises(MessageError) as empty:
        anna.chats.send(f"ivan@{lab.domain}", " \x00\x1b ")
    assert empty.value.problem is MessageProblem.EMPTY
    sent = anna.chats.send(f"ivan@{lab.domain}", "счёт\x00 №\x0b15\r\nготов")
    assert sent.body == "счёт №15\nготов"


@pytest.mark.lab  # starts a lab of its own
def test_messages_written_while_the_server_is_down_arrive_once(
        qtbot: QtBot, tmp_path: Path) -> None:
    lab = Lab(tmp_path / "lab", free_port(), free_port())
    info = lab.start()
    store = Store(tmp_path / "d.sqlite3")
    side = Side(info, store)
    try:
        side.sign_in(qtbot)
        ivan_jid = f"ivan@{info.domain}"
        with XmppPeer(info, "ivan", reconnect=True) as ivan:
            before = side.chats.send(ivan_jid, "первое, до сбоя")
            qtbot.waitUntil(lambda: "delivered" in side.states(before.id), timeout=5000)
            lab.restart_chat(downtime_s=2.0)  # killed; back after 2 s
            written = [side.chats.send(ivan_jid, f"во время сбоя {i}") for i in range(5)]
            qtbot.waitUntil(lambda: side.session.state is LinkState.ONLINE, timeout=20000)
            qtbot.waitUntil(lambda: all({"sent", "delivered"} & set(side.states(m.id))
                                        for m in written), timeout=20000)
            qtbot.waitUntil(lambda: len(ivan.messages) >= 6, timeout=20000)
            qtbot.wait(1500)  # anything duplicated would have arrived by now
            # Each message went out under one id, once. (XMPP delivers at least once: a
            # stanza the server had not seen acked by the receiver may come to it again with
            # the same id after the crash; receivers drop it by id, as ChatService does.)
            got = [(m["id"], m["body"]) for m in ivan.messages]
            bodies = [body for _id, body in dict(got).items()]
            assert bodies == ["первое, до сбоя"] + [f"во время сбоя {i}" for i in range(5)], got
            assert store.outbox(f"anna@{info.domain}") == []
    finally:
        side.session.sign_out()
        lab.stop()


def test_a_network_drop_resumes_the_session_and_loses_nothing(
        qtbot: QtBot, lab: LabInfo) -> None:
    """The path to the server breaks (the server stays up and holds the session): the app
    reconnects with backoff and resumes the stream (XEP-0198), so colleagues never see it go
    offline, what was sent to it meanwhile arrives once, and what it wrote goes out once."""
    side = Side(lab, Store(":memory:"))
    anna_jid, ivan_jid = f"anna@{lab.domain}", f"ivan@{lab.domain}"
    with CuttableLink(lab.xmpp_port) as link, XmppPeer(lab, "ivan") as ivan:
        side.sign_in(qtbot, port=link.port)
        try:
            qtbot.waitUntil(lambda: any(p["from"] == anna_jid and p["type"] == "available"
                                        for p in ivan.presences), timeout=5000)
            online_at = len(ivan.presences)
            first = side.chats.send(ivan_jid, "до обрыва")
            qtbot.waitUntil(lambda: "delivered" in side.states(first.id), timeout=5000)
            link.cut(block=True)
            qtbot.waitUntil(lambda: side.session.state is not LinkState.ONLINE, timeout=5000)
            for i in range(3):
                ivan.send(anna_jid, f"клиент пишет {i}", f"drop-{i}")
            written = [side.chats.send(ivan_jid, f"пишу без связи {i}") for i in range(3)]
            side.session.set_status(Status.BUSY)
            qtbot.wait(500)
            link.restore()
            qtbot.waitUntil(lambda: side.session.state is LinkState.ONLINE, timeout=15000)
            qtbot.waitUntil(lambda: any(p["from"] == anna_jid and p["show"] == "dnd"
                                        for p in ivan.presences), timeout=5000)
            expected = ["до обрыва"] + [f"пишу без связи {i}" for i in range(3)]

            def received() -> list[str]:  # offline messages of earlier tests may come too
                return [m["body"] for m in ivan.messages if m["body"] in expected]
            qtbot.waitUntil(lambda: len(received()) == 4, timeout=10000)
            qtbot.waitUntil(lambda: all("delivered" in side.states(m.id) for m in written),
                            timeout=10000)
            qtbot.wait(1500)  # anything duplicated would have arrived by now
            assert received() == expected
            got = [m.body for m in side.messages if not m.outgoing]
            assert got == [f"клиент пишет {i}" for i in range(3)]
            assert link.accepted == 2  # one reconnection
            assert not any(p["from"] == anna_jid and p["type"] == "unavailable"
                           for p in ivan.presences[online_at:])  # resumed: never offline
        finally:
            side.session.sign_out()


def test_hostile_message_details_from_a_real_client(qtbot: QtBot, lab: LabInfo,
                                                    anna: Side, tmp_path: Path) -> None:
    """A reused stanza id keeps both messages (also when the archive is read again on a
    fresh install); a malformed <delay> stamp does not lose the message, one from 2099 does
    not pin it below every later one; bidi overrides are taken out of the text."""
    anna_jid, ivan_jid = f"anna@{lab.domain}", f"ivan@{lab.domain}"
    before = time.time()
    with XmppPeer(lab, "ivan") as ivan:
        ivan.send(anna_jid, "Первое сообщение", "dup-1")
        ivan.send(anna_jid, "Второе, тот же id", "dup-1")
        for stanza_id, stamp, body in (("bad-stamp", "not-a-date", "со сломанной датой"),
                                       ("future", "2099-01-01T00:00:00Z", "из будущего")):
            ivan.send_raw(f'<message to="{anna_jid}" type="chat" id="{stanza_id}">'
                          f"<body>{body}</body>"
                          f'<delay xmlns="urn:xmpp:delay" stamp="{stamp}"/></message>')
        ivan.send(anna_jid, "счёт\u202egnp.exe", "bidi")
        qtbot.waitUntil(lambda: len([m for m in anna.messages if m.peer == ivan_jid]) >= 5,
                        timeout=5000)
    got = {m.id: m for m in anna.messages if m.peer == ivan_jid}
    assert got["dup-1"].body == "Первое сообщение"
    assert got["dup-1~2"].body == "Второе, тот же id"
    assert before - 1 <= got["bad-stamp"].sent_at <= time.time()
    assert got["future"].sent_at <= time.time()
    assert got["bidi"].body == "счётgnp.exe"
    fresh = Side(lab, Store(tmp_path / "fresh.sqlite3"))  # a new install reads the archive
    fresh.sign_in(qtbot)
    try:
        with qtbot.waitSignal(fresh.chats.history_loaded, timeout=10000):
            fresh.chats.load_history(ivan_jid)
        bodies = [m.body for m in fresh.chats.conversation(ivan_jid, 50)]
        assert "Первое сообщение" in bodies
        assert "Второе, тот же id" in bodies
    finally:
        fresh.session.sign_out()
