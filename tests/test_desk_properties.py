"""The desk's state under any sequence of what happens in a day (#23): clients write and
rate, specialists come, go, accept, decline, reply, transfer, escalate, ask the control
question and finish, offers run out, the desk restarts. After every step the router, the
desk's memory and its store agree, and every open appeal is in exactly one state."""

from __future__ import annotations

import contextlib
import itertools
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from supportdesk.access import ActionError
from supportdesk.service import DeskService
from supportdesk.store import DeskStore
from tests.test_desk_logic import Clock, Outbox, config

CLIENTS = ("ivan@x", "oleg@x", "maria@x")
LINES = ("support", "accounting")
SPECIALISTS = ("anna@x", "boris@x")
SHOWS = ("", "dnd", "away", None)  # None: offline
ACTIONS = ("accept", "decline", "finish", "escalate", "control", "take")
SHM = Path("/dev/shm")
SAYS = ("Не приходит счёт", "5", "2 сотрудника не могут войти", "Спасибо", "3 спасибо",
        "4 — долго")


class DeskDay(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        # On tmpfs where there is one: thousands of small transactions, no disk to wait for.
        self.dir = Path(tempfile.mkdtemp(prefix="dl-desk-day-", dir=SHM if SHM.is_dir() else None))
        self.clock, self.out = Clock(), Outbox()
        self.desk = self._desk()
        self.ids = itertools.count()
        self.shows: dict[str, str | None] = {}  # each app's status, told again at a restart

    def _desk(self) -> DeskService:
        base = config(self.dir)  # support (anna, boris; capacity 1), accounting (boris)
        firm = replace(base.organisations[0], lines=("support", "accounting"))
        settings_ = replace(base, organisations=(firm,))
        return DeskService(settings_, DeskStore(settings_.store_url), self.out, self.clock)

    def _appeal(self, pick: int) -> int | None:
        appeals = sorted(self.desk.open)
        return appeals[pick % len(appeals)] if appeals else None

    # --- what happens -------------------------------------------------------------------
    @rule(client=st.sampled_from(CLIENTS), line=st.sampled_from(LINES),
          text=st.sampled_from(SAYS))
    def client_writes(self, client: str, line: str, text: str) -> None:
        with contextlib.suppress(ActionError):  # (the flood limit)
            self.desk.client_message(client, line, text, f"c{next(self.ids)}")

    @rule(who=st.sampled_from(SPECIALISTS), show=st.sampled_from(SHOWS))
    def status(self, who: str, show: str | None) -> None:
        self.shows[who] = show
        self.desk.presence(who, show or "", show is not None)

    @rule(seconds=st.sampled_from((1.0, 61.0, 301.0, 3601.0)))
    def time_passes(self, seconds: float) -> None:
        self.clock.now += seconds
        self.desk.tick()

    @rule(who=st.sampled_from(SPECIALISTS), name=st.sampled_from(ACTIONS),
          pick=st.integers(0, 7))
    def act(self, who: str, name: str, pick: int) -> None:
        appeal = self._appeal(pick)
        if appeal is not None:
            with contextlib.suppress(ActionError):
                self.desk.action(who, appeal, name)

    @rule(who=st.sampled_from(SPECIALISTS), to=st.sampled_from(SPECIALISTS),
          pick=st.integers(0, 7))
    def transfer(self, who: str, to: str, pick: int) -> None:
        appeal = self._appeal(pick)
        if appeal is not None:
            with contextlib.suppress(ActionError):
                self.desk.action(who, appeal, "transfer", {"to": to, "confirm": "true"})

    @rule(who=st.sampled_from(SPECIALISTS), line=st.sampled_from(LINES),
          pick=st.integers(0, 7))
    def transfer_to_line(self, who: str, line: str, pick: int) -> None:
        appeal = self._appeal(pick)
        if appeal is not None:
            with contextlib.suppress(ActionError):
                self.desk.action(who, appeal, "transfer", {"line": line, "confirm": "true"})

    @rule(who=st.sampled_from(SPECIALISTS), to=st.sampled_from(SPECIALISTS),
          pick=st.integers(0, 7), leave=st.booleans())
    def invite_or_leave(self, who: str, to: str, pick: int, leave: bool) -> None:
        appeal = self._appeal(pick)
        if appeal is not None:
            with contextlib.suppress(ActionError):
                if leave:
                    self.desk.action(who, appeal, "leave")
                else:
                    self.desk.action(who, appeal, "invite", {"to": to})

    @rule(who=st.sampled_from(SPECIALISTS), pick=st.integers(0, 7))
    def reply(self, who: str, pick: int) -> None:
        appeal = self._appeal(pick)
        if appeal is not None:
            with contextlib.suppress(ActionError):
                self.desk.specialist_message(who, appeal, "Ответ", f"s{next(self.ids)}")

    @rule()
    def restart(self) -> None:
        """kill and start again: the apps tell the new desk their statuses (its hello)."""
        self.desk.store.close()
        self.desk = self._desk()
        for who, show in self.shows.items():
            if show is not None:
                self.desk.presence(who, show, True)

    # --- what must hold -----------------------------------------------------------------
    @invariant()
    def router_memory_and_store_agree(self) -> None:
        desk, router = self.desk, self.desk.router
        rows = {row.id: row for row in desk.store.open_appeals()}
        assert set(rows) == set(desk.open), "open in memory and in the store"
        assert desk.by_client == {(state.client, state.line): appeal  # one per client, line
                                  for appeal, state in desk.open.items()}
        for appeal, state in desk.open.items():
            row = rows[appeal]
            offer = router.offers.get(appeal)
            queued = appeal in router.queued(state.line)
            states = [offer is not None, queued, state.accepted]
            assert sum(states) == 1, (appeal, offer, queued, state)
            assert row.line == state.line
            if state.accepted:
                assert (row.state, row.specialist) == ("in_work", state.specialist)
                assert appeal in router.open.get(state.specialist, set())
            elif offer is not None:
                assert (row.state, row.specialist) == ("offered", offer.to)
                assert state.specialist == offer.to
            else:
                assert row.state == "queued", (appeal, row)
                assert not row.specialist, (appeal, row)
                assert not state.specialist, (appeal, state)
        for member, appeals in router.open.items():  # what counts against capacity
            for appeal in appeals:
                state = desk.open.get(appeal)
                offer = router.offers.get(appeal)
                assert state is not None, (member, appeal)
                assert (state.accepted and state.specialist == member) or (
                    offer is not None and offer.to == member), (member, appeal, state)

    def teardown(self) -> None:
        self.desk.store.close()
        shutil.rmtree(self.dir, ignore_errors=True)


DeskDay.TestCase.settings = settings(max_examples=500, stateful_step_count=30,
                                     deadline=None,
                                     suppress_health_check=[HealthCheck.too_slow])
test_a_desk_day = DeskDay.TestCase
