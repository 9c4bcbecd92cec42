"""Clients writing to a line while a desk is killed, and what must hold after: every
message a client saw acknowledged is kept, none twice, and what came after the desk was
back reached the specialist (test_desk_faults, test_desk_standby)."""

from __future__ import annotations

import threading
from collections import Counter
from types import TracebackType

from supportdesk.store import DeskStore
from tests.peers.xmpp_peer import XmppPeer


def stored(url: str) -> dict[str, list[str]]:
    """client -> the bodies the desk has kept from them, in order (several appeals too)."""
    store = DeskStore(url)
    try:
        found: dict[str, list[str]] = {}
        for client in ("ivan", "maria", "oleg"):
            rows = store.client_appeals(f"{client}@deskline.lab")
            found[client] = [m.body for a in sorted(rows, key=lambda r: r.id)
                             for m in store.conversation(a.id) if m.sender.startswith(client)]
        return found
    finally:
        store.close()


class Traffic:
    """ivan, maria and oleg each write to `line` once a second (under the flood limit)."""

    def __init__(self, line: str, peers: dict[str, XmppPeer],
                 sent: dict[str, list[str]]) -> None:
        self.line, self.peers, self.sent = line, peers, sent
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._write)

    def __enter__(self) -> Traffic:
        self.thread.start()
        return self

    def __exit__(self, *exc: object | TracebackType) -> None:
        self.stop.set()
        self.thread.join()

    def _write(self) -> None:
        n = 1
        while not self.stop.is_set():
            for name, peer in self.peers.items():
                body = f"{name} {n}"
                peer.send(self.line, body, f"{name}-{n}")
                self.sent[name].append(body)
            n += 1
            self.stop.wait(1.1)


def nothing_lost_or_doubled(traffic: Traffic, url: str, before: dict[str, list[str]],
                            joined_at: int, specialist: XmppPeer, accepted: str) -> None:
    """What each client saw acknowledged is kept, nothing twice, nothing kept before the
    fault lost; ivan's messages since the desk was back reached the specialist, once."""
    after = stored(url)
    for name, peer in traffic.peers.items():
        acked = {stanza_id.replace("-", " ", 1) for frm, stanza_id in peer.receipts
                 if frm == traffic.line}
        assert acked, name
        assert acked <= set(after[name]), (name, acked - set(after[name]))
        assert [b for b, n in Counter(after[name]).items() if n > 1] == []  # no doubles
        assert set(before[name]) <= set(after[name])  # nothing kept was lost
        assert set(after[name]) <= set(traffic.sent[name])
    late = traffic.sent["ivan"][joined_at:]
    assert late
    assert set(late) <= set(after["ivan"])
    relayed = [m["body"] for m in specialist.messages if m["from"] == accepted]
    assert [b for b, n in Counter(relayed).items() if n > 1] == []
    assert set(late) <= set(relayed)  # ivan's appeal relayed to the specialist after it
