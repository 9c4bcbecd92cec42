"""Two desks on one PostgreSQL store, as `deskline desk` runs in production: one active (it
holds the lease), one standby. kill -9 of the active under traffic: the standby takes over
and routes, nothing kept is lost or doubled; the active paused (SIGSTOP) for 10 s: the
standby takes over, and the paused one, woken, stops without writing a thing; both started
at once: one active."""

from __future__ import annotations

import signal
import time
import uuid
from pathlib import Path

import pytest

from desktop.lab.lab import LabInfo
from supportdesk.run import LEASE_LOST
from supportdesk.store import DeskStore
from tests.desk_traffic import Traffic, nothing_lost_or_doubled, stored
from tests.peers.xmpp_peer import XmppPeer
from tests.postgres import PrivatePostgres
from tests.supportdesk_rig import DeskProcess, desk_knows, desk_toml, offered, wait

PAUSE_S = 10.0


@pytest.fixture
def shared(lab: LabInfo, postgres: PrivatePostgres, tmp_path: Path) -> tuple[Path, str]:
    """One desk config (and so one store) for both desks."""
    url = postgres.database(f"t_{uuid.uuid4().hex[:12]}")
    config = tmp_path / "desk.toml"
    config.write_text(desk_toml(lab, url), encoding="utf-8")
    config.chmod(0o600)
    return config, url


def events(url: str) -> int:
    store = DeskStore(url, migrate=False)
    try:
        return store.count(events=True)
    finally:
        store.close()


def test_the_standby_takes_over_a_killed_active_under_traffic(
        lab: LabInfo, shared: tuple[Path, str]) -> None:
    config, url = shared
    line = f"support@desk.{lab.domain}"
    with DeskProcess(config) as first, XmppPeer(lab, "anna", desk_show="") as anna, \
            XmppPeer(lab, "ivan") as ivan, XmppPeer(lab, "maria") as maria, \
            XmppPeer(lab, "oleg") as oleg:
        first.wait_said("joined as")
        with DeskProcess(config) as second:
            second.wait_said("standby:")
            assert not second.said("joined as")  # (one component on the server: not yet)
            desk_knows(lab, anna="free")
            ivan.send(line, "ivan 0", "ivan-0")
            accepted = offered(anna, "ivan 0")
            anna.send(accepted, "Слушаю вас", "an-s-1")
            maria.send(line, "maria 0", "maria-0")
            waiting = offered(anna, "maria 0")
            sent: dict[str, list[str]] = {"ivan": ["ivan 0"], "maria": ["maria 0"],
                                          "oleg": []}
            peers = {"ivan": ivan, "maria": maria, "oleg": oleg}
            with Traffic(line, peers, sent) as traffic:
                wait(lambda: all(len(bodies) >= 3 for bodies in stored(url).values()))
                before = stored(url)
                offers_before = sum(1 for m in anna.messages if m["from"] == waiting)
                first.kill()
                second.wait_said("desk: active (epoch 2)", timeout=10)
                second.wait_said("joined as", timeout=10)
                joined_at = len(sent["ivan"])
                # The standby routes: maria's waiting appeal is offered to anna again.
                wait(lambda: sum(1 for m in anna.messages if m["from"] == waiting)
                     > offers_before)
                wait(lambda: len(sent["ivan"]) > joined_at + 2)
            wait(lambda: set(sent["ivan"][joined_at:]) <= set(stored(url)["ivan"]))
            nothing_lost_or_doubled(traffic, url, before, joined_at, anna, accepted)


def test_a_paused_active_is_replaced_and_woken_stops_without_writing(
        lab: LabInfo, shared: tuple[Path, str]) -> None:
    config, url = shared
    line = f"support@desk.{lab.domain}"
    with DeskProcess(config) as first, XmppPeer(lab, "anna", desk_show="") as anna, \
            XmppPeer(lab, "ivan") as ivan:
        first.wait_said("joined as")
        with DeskProcess(config) as second:
            second.wait_said("standby:")
            desk_knows(lab, anna="free")
            first.signal(signal.SIGSTOP)  # paused: its connections stay open, it says nothing
            paused_at = time.monotonic()
            second.wait_said("desk: active (epoch 2)", timeout=10)
            second.wait_said("joined as", timeout=10)
            ivan.send(line, "Счёт за ноябрь", "iv-p-1")  # routed by the standby
            offered(anna, "Счёт за ноябрь")
            written = events(url)
            # The paused one wakes 10 s after it was stopped (the scenario's pause), its
            # lease long gone.
            time.sleep(max(0.0, PAUSE_S - (time.monotonic() - paused_at)))
            first.signal(signal.SIGCONT)
            assert first.proc is not None
            assert first.proc.wait(10) == LEASE_LOST
            assert first.said("lost the lease to another desk (epoch 2)")
            assert events(url) == written  # it wrote nothing after it woke
            # The standby routes on.
            ivan.send(line, "И акт сверки", "iv-p-2")
            wait(lambda: any(m["body"] == "И акт сверки" for m in anna.messages))


def test_two_desks_started_at_once_make_one_active(
        lab: LabInfo, shared: tuple[Path, str]) -> None:
    config, _url = shared
    with DeskProcess(config) as first, DeskProcess(config) as second:
        wait(lambda: first.said("joined as") or second.said("joined as"), timeout=20)
        wait(lambda: first.said("standby:") or second.said("standby:"), timeout=20)
        assert [d.said("desk: active (epoch") for d in (first, second)].count(True) == 1
        assert [d.said("joined as") for d in (first, second)].count(True) == 1
