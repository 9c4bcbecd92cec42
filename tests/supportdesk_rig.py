"""The support desk for tests: the component running in a thread as `deskline desk` runs
it, the lab's config for it, and the little waits the desk tests share."""

from __future__ import annotations

import asyncio
import itertools
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from desktop.lab.lab import LabInfo
from desktop.lab.process import tcp_ready
from supportdesk.component import DeskComponent
from supportdesk.config import DeskConfig, Line, Organisation
from supportdesk.protocol import NS
from supportdesk.protocol import monitor as monitor_xml
from supportdesk.routing import Availability
from tests.peers.loops import end_client
from tests.peers.xmpp_peer import XmppPeer


class RunningDesk:
    """The desk component in a thread of its own, as `deskline desk` runs it."""

    def __init__(self, config: DeskConfig) -> None:
        self.config = config
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.component: DeskComponent | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        if not self.ready.wait(10):
            raise AssertionError("the desk did not join the chat server")
        if config.calls_port:  # it answers the PBX's questions a moment after joining
            wait(tcp_ready(config.calls_port))

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.component = DeskComponent(self.config)
        self.component.add_event_handler("session_start", lambda _e: self.ready.set())
        self.component.connect()
        self.loop.run_forever()

    def close(self) -> None:
        component = self.component
        if component is not None and self.loop.is_running():
            asyncio.run_coroutine_threadsafe(component.close_relay(), self.loop).result(5)
        end_client(self.loop, self.thread, component, self._forget)
        if component is not None:
            component.release()

    def _forget(self) -> None:
        self.component = None

    def __enter__(self) -> RunningDesk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def lab_config(lab: LabInfo, store_url: str) -> DeskConfig:
    d = lab.domain
    return DeskConfig(
        lab.domain, "127.0.0.1", lab.desk_port, lab.desk_secret, store_url,
        (Line("support", "Техподдержка", "+74950000100", 300, 2, 5,
              (f"anna@{d}", f"boris@{d}"), (f"vera@{d}",)),),
        (Organisation("ООО «Ромашка»", (f"ivan@{d}", f"maria@{d}"), ("support",),
                      (("+79161234567", f"ivan@{d}"),)),
         Organisation("ИП Морозов", (f"oleg@{d}",), ("support",))),
        calls_port=lab.calls_port, calls_secret=lab.calls_secret)


def with_relay(config: DeskConfig, lab: LabInfo) -> DeskConfig:
    """The desk with remote sessions: its relay on a free port of 127.0.0.1, TLS with the
    lab's certificate."""
    from desktop.lab.process import free_port  # noqa: PLC0415
    from supportdesk.config import Remote  # noqa: PLC0415

    tls, port = Path(lab.ca_file).parent, free_port()
    return replace(config, remote=Remote(port, f"wss://127.0.0.1:{port}",
                                         str(tls / "server.crt"), str(tls / "server.key"),
                                         3, "127.0.0.1"))


def relay_desk(lab: LabInfo, tmp_path: Path) -> RunningDesk:
    """The lab's desk on a store of this test's own, with remote sessions (with_relay)."""
    return RunningDesk(with_relay(lab_config(lab, f"sqlite:///{tmp_path / 'desk.sqlite3'}"),
                                  lab))


def wait(check: Callable[[], object], timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.02)


def knows(desk: RunningDesk, lab: LabInfo, **statuses: Availability) -> None:
    """The specialists' statuses have reached a test's own desk (else it finds nobody)."""
    assert desk.component is not None
    presence = desk.component.service.router.presence
    wait(lambda: all(presence.get(f"{who}@{lab.domain}") is status
                     for who, status in statuses.items()))


def server_has_handled(desk: RunningDesk) -> None:
    """Prosody has handled every stanza the desk sent so far: it handles a component's
    stanzas in order, so the answer to one more IQ comes after them."""
    assert desk.component is not None
    component = desk.component

    async def ask() -> None:
        iq = component.make_iq_get(queryxmlns="http://jabber.org/protocol/disco#info",
                                   ito=component.config.domain,
                                   ifrom=component.boundjid.bare)
        await iq.send(timeout=10)
    asyncio.run_coroutine_threadsafe(ask(), desk.loop).result(15)


def desk_knows(lab: LabInfo, timeout: float = 10, **statuses: str) -> None:
    """The desk has the specialists' statuses (free, busy, away, offline), asked as its
    senior vera asks: through the online monitor. For a desk in another process (the app's
    embedded lab); a test's own desk is read directly."""
    ids = itertools.count()
    with XmppPeer(lab, "vera") as vera:
        def known() -> bool:
            asked = f"knows-{next(ids)}"
            vera.send_raw(f"<iq type='set' to='desk.{lab.domain}' id='{asked}'>"
                          f"<monitor xmlns='{NS}'/></iq>")
            wait(lambda: asked in vera.iq_payloads)
            vera.send_raw(f"<iq type='set' to='desk.{lab.domain}' id='{asked}-stop'>"
                          f"<monitor xmlns='{NS}' stop='true'/></iq>")
            kind, condition = vera.iq_replies[asked]
            assert kind == "result", f"the desk refused vera its monitor: {condition}"
            payload = vera.iq_payloads[asked]
            people = {p.jid: p.status for p in monitor_xml.from_xml(payload).people}
            return all(people.get(f"{who}@{lab.domain}") == status
                       for who, status in statuses.items())
        wait(known, timeout)


OFFLINE = "urn:xmpp:delay"  # the stamp Prosody puts on what it kept for an offline user


def said(peer: XmppPeer, sender: str, text: str) -> bool:
    """`sender` told the peer `text` while it was online: not a message the server kept for
    it while it was away (an earlier test's desk telling maria her place in its queue made
    this test's "1-й в очереди" come true before its own desk had queued her)."""
    return any(m["from"] == sender and text in m["body"] and OFFLINE not in m["xml"]
               for m in peer.messages)


def action(peer: XmppPeer, appeal: str, xml: str, stanza_id: str) -> tuple[str, str]:
    """An action IQ as the app sends it; (type, error condition) of the desk's answer."""
    peer.send_raw(f"<iq type='set' to='{appeal}' id='{stanza_id}'>{xml}</iq>")
    wait(lambda: stanza_id in peer.iq_replies)
    return peer.iq_replies[stanza_id]




def support_line_with(lab: LabInfo, store_url: str, **changes: float) -> DeskConfig:
    """The lab's desk with its support line's settings changed (shorter clocks, capacity)."""
    base = lab_config(lab, store_url)
    return replace(base, lines=(replace(base.lines[0], **changes),))


def offered(peer: XmppPeer, text: str, timeout: float = 10) -> str:
    """Waits for the desk's offer of an appeal whose conversation has `text`; its address."""
    wait(lambda: any(text in m["body"] and m["from"].startswith("a")
                     and m["from"].endswith(peer.desk) for m in peer.messages), timeout)
    return next(m for m in peer.messages if text in m["body"]
                and m["from"].startswith("a") and m["from"].endswith(peer.desk))["from"]


def number(appeal: str) -> int:
    """The appeal id of its address a<id>@desk.…"""
    return int(appeal.split("@", maxsplit=1)[0][1:])


def desk_toml(lab: LabInfo, store_url: str, capacity: int = 3, extra: str = "",
              connected: tuple[str, ...] = ("support",)) -> str:
    """The lab's desk as `deskline desk --config` reads it (lab_config as TOML); `extra`
    adds [[line]] tables, `connected` the lines of the clients' organisation."""
    d = lab.domain
    lines = ", ".join(f'"{line}"' for line in connected)
    return (f'domain = "{d}"\n[component]\nport = {lab.desk_port}\n'
            f'secret = "{lab.desk_secret}"\n[store]\nurl = "{store_url}"\n'
            f'[[line]]\nid = "support"\nname = "Техподдержка"\nphone = "+74950000100"\n'
            f'capacity = {capacity}\nmembers = ["anna@{d}", "boris@{d}"]\n'
            f'seniors = ["vera@{d}"]\n{extra}'
            f'[[organisation]]\nname = "ООО «Ромашка»"\n'
            f'people = ["ivan@{d}", "maria@{d}", "oleg@{d}"]\n'
            f'lines = [{lines}]\n')


class DeskProcess:
    """`deskline desk --config FILE` as an administrator runs it; what it prints is kept."""

    def __init__(self, config: Path) -> None:
        self.config = config
        self.lines: list[str] = []
        self.proc: subprocess.Popen[str] | None = None
        self.start()

    def start(self) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "desktop.cli", "desk", "--config",
                                      str(self.config)], stdout=subprocess.PIPE, text=True)
        threading.Thread(target=self._read, args=(self.proc,), daemon=True).start()

    def _read(self, proc: subprocess.Popen[str]) -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            self.lines.append(line.rstrip("\n"))
        proc.stdout.close()

    def said(self, text: str, after: int = 0) -> bool:
        return any(text in line for line in self.lines[after:])

    def wait_said(self, text: str, after: int = 0, timeout: float = 15) -> None:
        wait(lambda: self.said(text, after), timeout)

    def signal(self, sig: int) -> None:
        assert self.proc is not None
        self.proc.send_signal(sig)

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.kill()  # SIGKILL: no goodbye, no flush
        self.proc.wait(10)

    def stop(self) -> int:
        assert self.proc is not None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(15)

    def __enter__(self) -> DeskProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
