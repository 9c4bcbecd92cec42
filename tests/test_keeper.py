"""Unit tests of the registration keeper's decisions (pure logic, no SIP)."""

from __future__ import annotations

from desktop.telephony.keeper import BACKOFF_S, KeeperState, Probe, RegistrationKeeper


def started() -> RegistrationKeeper:
    keeper = RegistrationKeeper()
    keeper.start(0.0)
    assert keeper.due(0.0) == ["probe"]  # asks before it registers
    keeper.on_probe_result(Probe.ALIVE, 0.0)
    assert keeper.due(0.0) == ["register"]
    return keeper


def test_nothing_is_registered_while_the_pbx_does_not_answer() -> None:
    keeper = RegistrationKeeper()
    keeper.start(0.0)
    for t in range(10):
        assert keeper.due(float(t)) == ["probe"]
        keeper.on_probe_result(Probe.NO_ANSWER, float(t))


def test_success_goes_online_and_keeps_probing() -> None:
    keeper = started()
    keeper.on_register_result(200, 0.1)
    assert keeper.state is KeeperState.ONLINE
    assert keeper.due(1.0) == []
    assert keeper.due(2.2) == ["probe"]


def test_wrong_password_stops_without_retrying() -> None:
    keeper = started()
    keeper.on_register_result(401, 0.1)
    assert keeper.state is KeeperState.STOPPED
    assert [keeper.due(t) for t in (1.0, 10.0, 100.0, 1000.0)] == [[], [], [], []]


def test_failures_back_off() -> None:
    keeper = started()
    now, waits = 0.0, []
    for _ in range(len(BACKOFF_S) + 2):
        keeper.on_register_result(500, now)
        due_at = keeper.next_register
        assert due_at is not None
        waits.append(due_at - now)
        now = due_at
        assert "register" in keeper.due(now)
    assert waits == [*BACKOFF_S, BACKOFF_S[-1], BACKOFF_S[-1]]


def test_no_register_into_an_outage_and_at_once_when_the_pbx_answers() -> None:
    keeper = started()
    keeper.on_register_result(200, 0.0)
    keeper.on_probe_result(Probe.NO_ANSWER, 2.0)
    assert keeper.state is KeeperState.WAITING
    for t in (3.0, 4.0, 5.0):
        assert keeper.due(t) == ["probe"]
        keeper.on_probe_result(Probe.NO_ANSWER, t)
    assert keeper.due(6.0) == ["probe"]
    keeper.on_probe_result(Probe.ALIVE, 6.05)
    assert keeper.due(6.05) == ["register"]


def test_a_pbx_that_forgot_us_gets_a_new_registration() -> None:
    keeper = started()
    keeper.on_register_result(200, 0.0)
    keeper.on_probe_result(Probe.UNKNOWN_TO_PBX, 2.0)
    assert keeper.due(2.0) == ["register"]


def test_a_pbx_that_always_says_unknown_is_not_flooded() -> None:
    keeper = started()
    registrations = 0
    now = 0.0
    for _ in range(20):
        keeper.on_register_result(200, now)
        now += 2.0
        keeper.on_probe_result(Probe.UNKNOWN_TO_PBX, now)
        registrations += keeper.due(now).count("register")
    assert registrations <= 2


def test_transport_loss_probes_at_once() -> None:
    keeper = started()
    keeper.on_register_result(200, 0.0)
    keeper.on_transport_lost(0.5)
    assert keeper.due(0.5) == ["probe"]
