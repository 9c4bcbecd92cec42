"""Remote sessions through the real desk, Prosody and relay: the specialist on an appeal asks,
the client allows, the client side's bridge dials the relay with its token and the
specialist's viewer sees the client's x11vnc; the client's Stop, the appeal finished, a
specialist's End (a comment required) each end it, every leg closed, each a step. Someone
else's answer or a phone client's appeal is refused."""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from desktop.lab.lab import LabInfo
from desktop.remote.bridge import Bridge
from desktop.remote.screen import SharedScreen
from supportdesk.routing import Availability
from tests.loop_thread import LoopThread
from tests.peers.xmpp_peer import XmppPeer
from tests.rig import client_screen
from tests.supportdesk_rig import RunningDesk, knows, offered, relay_desk, wait

NS = "urn:deskline:desk:1"
HANDSHAKE = b"RFB 003.008\n"


class ClientSide:
    """The client's x11vnc and bridge (what the client's app runs once they allow)."""

    def __init__(self, display: str, work: Path, ca_file: str) -> None:
        self.screen = SharedScreen(display, work)
        self.screen.start()
        self.tls = ssl.create_default_context(cafile=ca_file)
        self.worker = LoopThread("client-side")
        self.bridge: Any = None

    def dial(self, relay: str, token: str) -> None:
        bridge = Bridge(relay, token, self.screen.port, self.tls)
        self.bridge = self.worker.spawn(bridge.run())

    def first_bytes(self, url: str) -> bytes:
        """A viewer's first bytes through the relay (what noVNC reads first)."""
        async def look() -> bytes:
            async with aiohttp.ClientSession() as http, \
                    http.ws_connect(url, ssl=self.tls) as ws:
                msg = await asyncio.wait_for(ws.receive(), 5)
                return bytes(msg.data)
        return self.worker.call(look())

    def watch(self, url: str, seen: list[bytes]) -> Any:
        """A viewer that stays, keeping what it is shown in `seen`; the future ends when
        the relay closes it."""
        async def stay() -> None:
            async with aiohttp.ClientSession() as http, \
                    http.ws_connect(url, ssl=self.tls) as ws:
                async for msg in ws:
                    seen.append(bytes(msg.data))
        return self.worker.spawn(stay())

    def close(self) -> None:
        self.worker.close()  # the bridge and any viewer, their connections closed first
        self.screen.stop()


@pytest.fixture
def client_display(tmp_path: Path) -> Iterator[str]:
    with client_screen(tmp_path / "client") as name:
        yield name


@pytest.fixture
def desk(lab: LabInfo, tmp_path: Path) -> Iterator[RunningDesk]:
    with relay_desk(lab, tmp_path) as running:
        yield running


def iq(peer: XmppPeer, to: str, payload: str, stanza_id: str) -> tuple[str, str, Any]:
    peer.send_raw(f"<iq type='set' to='{to}' id='{stanza_id}'>{payload}</iq>")
    wait(lambda: stanza_id in peer.iq_replies)
    kind, condition = peer.iq_replies[stanza_id]
    return kind, condition, peer.iq_payloads[stanza_id]


def remote_events(peer: XmppPeer, appeal: str) -> list[dict[str, str]]:
    return [attrs for frm, name, attrs in peer.desk_events if frm == appeal and name == "remote"]


def steps(desk: RunningDesk, appeal: str) -> list[tuple[str, str]]:
    assert desk.component is not None
    return desk.component.service.store.steps(int(appeal.split("@", maxsplit=1)[0][1:]))


def in_work(lab: LabInfo, anna: XmppPeer, client: XmppPeer, text: str, tag: str) -> str:
    """The client writes to the support line, anna accepts: the appeal's address."""
    client.send(f"support@desk.{lab.domain}", text, f"{tag}-1")
    appeal = offered(anna, text)
    assert iq(anna, appeal, f"<accept xmlns='{NS}'/>", f"{tag}-acc")[0] == "result"
    return appeal


def allow(lab: LabInfo, client: XmppPeer, session: str, side: ClientSide, tag: str) -> None:
    """The client allows; their side dials the relay with the token of the answer."""
    kind, _c, allowed = iq(client, f"support@desk.{lab.domain}",
                           f"<remote-answer xmlns='{NS}' session='{session}' allow='true' "
                           f"password='{side.screen.password}'/>", f"{tag}-allow")
    assert kind == "result"
    side.dial(allowed.get("relay"), allowed.get("token"))


def ready_for(peer: XmppPeer, appeal: str) -> dict[str, str]:
    """The desk's word that the screen may be watched: its url and password."""
    wait(lambda: any(e.get("state") == "ready" for e in remote_events(peer, appeal)))
    return next(e for e in remote_events(peer, appeal) if e.get("state") == "ready")


def test_asked_allowed_watched_and_stopped_by_the_client(
        lab: LabInfo, desk: RunningDesk, client_display: str, tmp_path: Path) -> None:
    line = f"support@desk.{lab.domain}"
    with XmppPeer(lab, "anna", desk_show="") as anna, XmppPeer(lab, "ivan") as ivan, \
            XmppPeer(lab, "maria") as maria:
        knows(desk, lab, anna=Availability.FREE)
        appeal = in_work(lab, anna, ivan, "Не могу найти счёт на экране", "r")
        kind, condition, asked = iq(anna, appeal, f"<remote xmlns='{NS}'/>", "ask-1")
        assert kind == "result", condition
        assert asked.get("state") == "asked"
        session = asked.get("session")
        # The client hears who asks, with the session to answer.
        wait(lambda: any(m["desk"].get("remote-request", {}).get("session") == session
                         for m in ivan.messages))
        request = next(m for m in ivan.messages if "remote-request" in m["desk"])
        assert "Анна" in request["body"] or "anna" in request["body"]
        # Someone else cannot answer for him.
        kind, condition, _p = iq(maria, line, f"<remote-answer xmlns='{NS}' session='{session}'"
                                 " allow='true' password='0123abcd'/>", "steal-1")
        assert (kind, condition) == ("error", "item-not-found")
        client = ClientSide(client_display, tmp_path / "share", lab.ca_file)
        try:
            allow(lab, ivan, str(session), client, "r")
            ready = ready_for(anna, appeal)
            assert ready["password"] == client.screen.password
            seen: list[bytes] = []
            watching = client.watch(ready["url"], seen)
            wait(lambda: seen)  # the client's screen (its first bytes) through the relay
            assert seen[0] == HANDSHAKE
            wait(lambda: ("remote_joined", f"anna@{lab.domain}") in steps(desk, appeal))
            service = desk.component.service  # type: ignore[union-attr]
            assert service.in_remote(f"anna@{lab.domain}")  # the monitor shows her there
            monitor = service.monitor._now()  # (what its next update carries)
            assert monitor[("person", f"anna@{lab.domain}")].remote
            # His Stop: over for everyone at once, the viewer's leg closed.
            kind, _c, _p = iq(ivan, line, f"<remote-stop xmlns='{NS}' session='{session}'/>",
                              "stop-1")
            assert kind == "result"
            watching.result(2)  # its leg closed within 2 s
            wait(lambda: any(e.get("state") == "stopped" for e in remote_events(anna, appeal)))
            assert not service.in_remote(f"anna@{lab.domain}")
            kinds = [k for k, _who in steps(desk, appeal)]
            assert kinds[-4:] == ["remote_asked", "remote_started", "remote_joined",
                                  "remote_ended"] or "remote_left" in kinds
            assert ("remote_ended", f"ivan@{lab.domain}") in steps(desk, appeal)
        finally:
            client.close()


def test_each_viewer_hears_who_else_watches(
        lab: LabInfo, desk: RunningDesk, client_display: str, tmp_path: Path) -> None:
    """anna watches; boris, invited, joins with the same button: each hears the other
    watches; boris leaves: anna hears she watches alone."""
    d = lab.domain
    with XmppPeer(lab, "anna", desk_show="") as anna, \
            XmppPeer(lab, "boris", desk_show="") as boris, XmppPeer(lab, "ivan") as ivan:
        knows(desk, lab, anna=Availability.FREE, boris=Availability.FREE)
        appeal = in_work(lab, anna, ivan, "Покажу экран бухгалтерии", "w")
        assert iq(anna, appeal, f"<invite xmlns='{NS}' to='boris@{d}'/>", "w-inv")[0] == \
            "result"
        _k, _c, asked = iq(anna, appeal, f"<remote xmlns='{NS}'/>", "w-ask")
        client = ClientSide(client_display, tmp_path / "share", lab.ca_file)
        try:
            allow(lab, ivan, str(asked.get("session")), client, "w")
            seen_anna: list[bytes] = []
            client.watch(ready_for(anna, appeal)["url"], seen_anna)
            wait(lambda: seen_anna)
            kind, _c, joined = iq(boris, appeal, f"<remote xmlns='{NS}'/>", "w-join")
            assert kind == "result"
            assert joined.get("state") == "ready"
            seen_boris: list[bytes] = []
            leg = client.watch(joined.get("url"), seen_boris)
            wait(lambda: seen_boris)

            def others(peer: XmppPeer) -> str | None:
                said = [e for e in remote_events(peer, appeal) if e.get("state") == "watching"]
                return said[-1].get("watchers") if said else None

            wait(lambda: others(anna) == f"boris@{d}")
            wait(lambda: others(boris) == f"anna@{d}")
            leg.cancel()  # boris closes his window
            wait(lambda: others(anna) == "")
        finally:
            client.close()


def test_the_appeal_finished_ends_it_and_an_end_needs_a_comment(
        lab: LabInfo, desk: RunningDesk, client_display: str, tmp_path: Path) -> None:
    with XmppPeer(lab, "anna", desk_show="") as anna, XmppPeer(lab, "ivan") as ivan:
        knows(desk, lab, anna=Availability.FREE)
        appeal = in_work(lab, anna, ivan, "Помогите с настройкой", "f")
        _k, _c, asked = iq(anna, appeal, f"<remote xmlns='{NS}'/>", "ask-2")
        client = ClientSide(client_display, tmp_path / "share", lab.ca_file)
        try:
            allow(lab, ivan, str(asked.get("session")), client, "f")
            ready = ready_for(anna, appeal)
            assert client.first_bytes(ready["url"]) == HANDSHAKE
            kind, condition, _p = iq(anna, appeal, f"<remote-end xmlns='{NS}'/>", "end-0")
            assert (kind, condition) == ("error", "bad-request")  # a comment is required
            seen: list[bytes] = []
            watching = client.watch(_join(anna, appeal), seen)
            wait(lambda: seen)
            kind, _c, _p = iq(anna, appeal, f"<finish xmlns='{NS}'/>", "fin-1")
            assert kind == "result"
            watching.result(2)  # … and its leg closed with it, within 2 s
            wait(lambda: any(e.get("state") == "finished"
                             for e in remote_events(anna, appeal)))
            assert any(k == "remote_ended" for k, _w in steps(desk, appeal))
        finally:
            client.close()


def _join(peer: XmppPeer, appeal: str) -> str:
    """A running session joined again (a viewer's token of one's own)."""
    kind, _c, joined = iq(peer, appeal, f"<remote xmlns='{NS}'/>", "join-1")
    assert kind == "result"
    assert joined.get("state") == "ready"
    return str(joined.get("url"))


def test_a_thousand_bogus_legs_are_refused_and_nothing_else_is_disturbed(
        lab: LabInfo, desk: RunningDesk, client_display: str, tmp_path: Path) -> None:
    """A stranger opens 1,000 legs with made-up tokens (and one sends text instead of the
    screen's bytes): each is refused; the session being watched goes on, and a client's
    chat is routed to a specialist meanwhile."""
    line = f"support@desk.{lab.domain}"
    with XmppPeer(lab, "anna", desk_show="") as anna, XmppPeer(lab, "ivan") as ivan, \
            XmppPeer(lab, "maria") as maria:
        knows(desk, lab, anna=Availability.FREE)
        appeal = in_work(lab, anna, ivan, "Экран, пожалуйста", "h")
        _k, _c, asked = iq(anna, appeal, f"<remote xmlns='{NS}'/>", "h-ask")
        client = ClientSide(client_display, tmp_path / "share", lab.ca_file)
        try:
            allow(lab, ivan, str(asked.get("session")), client, "h")
            ready = ready_for(anna, appeal)
            seen: list[bytes] = []
            watching = client.watch(ready["url"], seen)
            wait(lambda: seen)
            relay = ready["url"].split("/viewer/")[0]

            async def bogus() -> list[int]:
                async def one(n: int) -> int:
                    try:
                        async with aiohttp.ClientSession() as http, http.ws_connect(
                                f"{relay}/{('viewer', 'screen', 'client')[n % 3]}/bogus{n}",
                                ssl=client.tls):
                            return 101
                    except aiohttp.WSServerHandshakeError as exc:
                        return exc.status
                return list(await asyncio.gather(*(one(n) for n in range(1000))))

            attack = client.worker.spawn(bogus())
            maria.send(line, "Вопрос во время атаки", "h-2")  # routed meanwhile
            offered(anna, "Вопрос во время атаки", timeout=30)
            statuses = attack.result(120)
            assert set(statuses) == {403}, set(statuses)
            assert not watching.done()  # her view goes on
            assert client.bridge is not None
            assert not client.bridge.done()
        finally:
            client.close()
