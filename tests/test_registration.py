"""PBX registration through the real engine process, pjsua2 and Kamailio."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.bus import Bus, LinkProblem, LinkState, PbxLinkChanged
from desktop.lab.lab import Lab, LabInfo
from desktop.lab.process import free_port
from desktop.lab.tls import make_tls
from desktop.store import Store
from desktop.telephony.keeper import Probe
from desktop.telephony.probe import Prober
from desktop.telephony.protocol import SipAccountConfig
from desktop.telephony.service import CallService


def account(lab: LabInfo, user: str = "anna", password: str | None = None,
            transport: str = "udp", ca_file: str | None = None) -> SipAccountConfig:
    return SipAccountConfig(server="127.0.0.1",
                            port=lab.sip_tls_port if transport == "tls" else lab.sip_port,
                            user=user,
                            password=lab.passwords[user] if password is None else password,
                            transport=transport,
                            ca_file=lab.ca_file if ca_file is None else ca_file)


@pytest.fixture
def bus_events(qapp: object) -> tuple[Bus, list[PbxLinkChanged]]:
    bus = Bus()
    events: list[PbxLinkChanged] = []
    bus.pbx_link.connect(events.append)
    return bus, events


@pytest.fixture
def service(bus_events: tuple[Bus, list[PbxLinkChanged]]) -> Iterator[CallService]:
    calls = CallService(bus_events[0], Store(":memory:"))
    yield calls
    calls.sign_out()


@pytest.mark.parametrize("transport", ["udp", "tcp", "tls"])
def test_registers_with_digest_auth(qtbot: QtBot, lab: LabInfo, service: CallService,
                                    transport: str) -> None:
    service.sign_in(account(lab, transport=transport))
    qtbot.waitUntil(lambda: service.state is LinkState.ONLINE, timeout=5000)
    assert service.problem is None


def test_wrong_password_is_a_clear_failure_without_retry_storm(
        qtbot: QtBot, lab: LabInfo, service: CallService,
        bus_events: tuple[Bus, list[PbxLinkChanged]]) -> None:
    service.sign_in(account(lab, password="wrong"))
    qtbot.waitUntil(lambda: service.state is LinkState.FAILED, timeout=5000)
    assert service.problem is LinkProblem.WRONG_PASSWORD
    seen = len(bus_events[1])
    qtbot.wait(3000)  # every new attempt would show as "connecting" again
    assert len(bus_events[1]) == seen
    assert service.state is LinkState.FAILED


def test_tls_certificate_of_another_ca_is_refused(
        qtbot: QtBot, lab: LabInfo, service: CallService, tmp_path: Path) -> None:
    other_ca = make_tls(tmp_path / "other")  # a CA that did not sign the lab's certificate
    service.sign_in(account(lab, transport="tls", ca_file=str(other_ca)))
    qtbot.waitUntil(lambda: service.state is LinkState.FAILED, timeout=8000)
    assert service.problem is LinkProblem.UNTRUSTED_CERTIFICATE


def test_unreachable_pbx_says_so(qtbot: QtBot, lab: LabInfo, service: CallService) -> None:
    dead = SipAccountConfig(server="127.0.0.1", port=free_port(), user="anna", password="x")
    service.sign_in(dead)
    qtbot.waitUntil(lambda: service.state is LinkState.FAILED, timeout=5000)
    assert service.problem is LinkProblem.NO_ANSWER


def _pbx_knows(info: LabInfo, user: str) -> bool:
    """Asks the PBX the way the app's probe does: OPTIONS to the user, routed to its phone."""
    prober = Prober(account(info, user))
    prober.start()
    while (result := prober.poll()) is None:
        time.sleep(0.01)
    return result is Probe.ALIVE


@pytest.mark.lab  # starts a lab of its own
@pytest.mark.parametrize("downtime_s", [0.0, 3.0], ids=["instant-restart", "3s-outage"])
def test_reregisters_within_5_s_after_the_pbx_restarts(
        qtbot: QtBot, tmp_path: Path, service: CallService,
        bus_events: tuple[Bus, list[PbxLinkChanged]], downtime_s: float) -> None:
    lab = Lab(tmp_path / "lab", free_port(), free_port())
    info = lab.start()
    try:
        service.sign_in(account(info))
        qtbot.waitUntil(lambda: service.state is LinkState.ONLINE, timeout=5000)
        assert _pbx_knows(info, "anna")
        events = bus_events[1]
        mark = len(events)
        lab.restart_pbx(downtime_s)
        restarted = time.monotonic()
        assert not _pbx_knows(info, "anna")  # the restarted PBX lost every registration
        # The app notices and registers again by itself.
        qtbot.waitUntil(lambda: any(e.state is not LinkState.ONLINE for e in events[mark:])
                        and service.state is LinkState.ONLINE, timeout=5000)
        assert time.monotonic() - restarted < 5.0
        assert _pbx_knows(info, "anna")
    finally:
        lab.stop()
