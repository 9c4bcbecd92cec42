"""The support desk for tests: the component running in a thread as `deskline desk` runs
it, the lab's config for it, and the little waits the desk tests share."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable

from desktop.lab.lab import LabInfo
from supportdesk.component import DeskComponent
from supportdesk.config import DeskConfig, Line, Organisation
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

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.component = DeskComponent(self.config)
        self.component.add_event_handler("session_start", lambda _e: self.ready.set())
        self.component.connect()
        self.loop.run_forever()

    def close(self) -> None:
        component = self.component
        end_client(self.loop, self.thread, component, self._forget)
        if component is not None:
            component.service.store.close()

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
        (Organisation("ООО «Ромашка»", (f"ivan@{d}", f"maria@{d}"), ("support",)),
         Organisation("ИП Морозов", (f"oleg@{d}",), ("support",))))


def wait(check: Callable[[], object], timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.02)


def said(peer: XmppPeer, sender: str, text: str) -> bool:
    return any(m["from"] == sender and text in m["body"] for m in peer.messages)


def action(peer: XmppPeer, appeal: str, xml: str, stanza_id: str) -> tuple[str, str]:
    """An action IQ as the app sends it; (type, error condition) of the desk's answer."""
    peer.send_raw(f"<iq type='set' to='{appeal}' id='{stanza_id}'>{xml}</iq>")
    wait(lambda: stanza_id in peer.iq_replies)
    return peer.iq_replies[stanza_id]




def offered(peer: XmppPeer, text: str, timeout: float = 10) -> str:
    """Waits for the desk's offer of an appeal whose conversation has `text`; its address."""
    wait(lambda: any(text in m["body"] and m["from"].startswith("a")
                     and m["from"].endswith(peer.desk) for m in peer.messages), timeout)
    return next(m for m in peer.messages if text in m["body"]
                and m["from"].startswith("a") and m["from"].endswith(peer.desk))["from"]


def number(appeal: str) -> int:
    """The appeal id of its address a<id>@desk.…"""
    return int(appeal.split("@", maxsplit=1)[0][1:])
