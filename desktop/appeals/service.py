"""AppealService: the appeals offered to me and in my work, in the GUI thread, on plain
values. The desk feature of the XMPP connection (chat/xmpp/desk.py) reports to it; its
actions go back through that feature; the bus hears every change. The appeal's
conversation is chat with its own address and lives in ChatService like any other."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Protocol

from desktop.appeals.values import DeskEvent, Offer
from desktop.bus import AppealFailed, AppealInfo, AppealProblem, AppealState, Bus, ChatMessage
from desktop.gui_thread import assert_gui_thread
from supportdesk.protocol import appeal_address, appeal_of

log = logging.getLogger(__name__)
# An action's answer -> the state it leaves the appeal in (for me).
AFTER = {"accept": AppealState.IN_WORK, "finish": AppealState.FINISHED,
         "decline": AppealState.GONE, "transfer": AppealState.GONE,
         "escalate": AppealState.GONE}


class DeskActions(Protocol):
    """The desk feature as this service uses it (chat/xmpp/desk.py)."""

    def act(self, appeal: int, action: str, attrs: dict[str, str] | None = None) -> None: ...
    def address(self) -> str: ...
    def owns(self, jid: str) -> bool: ...


class DeskFeature(DeskActions, Protocol):
    def report_to(self, sink: AppealService) -> None: ...


class HasDesk(Protocol):
    @property
    def desk(self) -> DeskFeature: ...


class AppealService:
    def __init__(self, bus: Bus, clock: Callable[[], float] = time.time) -> None:
        self.bus = bus
        self.clock = clock
        self.appeals: dict[int, AppealInfo] = {}
        self.desk: DeskActions | None = None
        bus.message.connect(self._on_message)

    def attach(self, desk: DeskActions | None) -> None:
        """The connection's desk feature (None when signed out: the appeals stay listed)."""
        self.desk = desk

    def use_worker(self, worker: HasDesk | None) -> None:
        """ChatSession's worker_users hook: report to me, act through its desk feature."""
        if worker is not None:
            worker.desk.report_to(self)
        self.attach(worker.desk if worker is not None else None)

    # --- the specialist's actions ---------------------------------------------------------
    def accept(self, appeal: int) -> None:
        self._act(appeal, "accept")

    def decline(self, appeal: int) -> None:
        self._act(appeal, "decline")

    def finish(self, appeal: int) -> None:
        self._act(appeal, "finish")

    def control_question(self, appeal: int) -> None:
        """The message just sent was the control question: the desk finishes the appeal by
        itself after the line's minutes unless the client writes."""
        self._act(appeal, "control")

    def transfer_to_colleague(self, appeal: int, colleague: str, confirm: bool = False) -> None:
        self._act(appeal, "transfer", {"to": colleague, **_confirmed(confirm)})

    def transfer_to_line(self, appeal: int, line: str, confirm: bool = False) -> None:
        self._act(appeal, "transfer", {"line": line, **_confirmed(confirm)})

    def escalate(self, appeal: int) -> None:
        self._act(appeal, "escalate")

    def invite(self, appeal: int, colleague: str) -> None:
        self._act(appeal, "invite", {"to": colleague})

    def mine(self) -> list[AppealInfo]:
        """Offered to me and in my work, the most urgent first (the nearest clock)."""
        return sorted((a for a in self.appeals.values()
                       if a.state in (AppealState.OFFERED, AppealState.IN_WORK)),
                      key=lambda a: (a.state is not AppealState.OFFERED, a.accept_by,
                                     a.offered_at))

    def is_appeal_address(self, jid: str) -> bool:
        """a<id>@desk.<domain>: known or not yet (its first message may come before the
        offer is read)."""
        return self.desk is not None and self.desk.owns(jid)

    def by_address(self, address: str) -> AppealInfo | None:
        """Asked on every chat message: the id in the address, not a search."""
        appeal = appeal_of(address.partition("@")[0])
        found = self.appeals.get(appeal) if appeal is not None else None
        return found if found is not None and found.address == address else None

    # --- from the desk feature ------------------------------------------------------------
    def on_offer(self, offer: Offer) -> None:
        assert_gui_thread()
        address = appeal_address(offer.appeal, self.desk.address()) if self.desk else ""
        self._put(AppealInfo(offer.appeal, offer.line, offer.line_name, offer.client, address,
                             AppealState.OFFERED, self.clock(), offer.accept_by))

    def on_desk_event(self, appeal: int, event: DeskEvent, by: str) -> None:
        assert_gui_thread()
        known = self.appeals.get(appeal)
        if known is None:
            return
        state = AppealState.GONE if event is DeskEvent.WITHDRAWN else AppealState.FINISHED
        self._put(replace(known, state=state))

    def on_action_done(self, appeal: int, action: str, problem: AppealProblem | None,
                       text: str) -> None:
        assert_gui_thread()
        known = self.appeals.get(appeal)
        if problem is not None:
            log.info("desk refused %s of appeal %s: %s", action, appeal, problem.value)
            self.bus.appeal_failed.emit(AppealFailed(appeal, action, problem, text))
            return
        if known is not None and action in AFTER:
            self._put(replace(known, state=AFTER[action], accept_by=0.0
                              if AFTER[action] is AppealState.IN_WORK else known.accept_by))

    # --- inside -------------------------------------------------------------------------------
    def _act(self, appeal: int, action: str, attrs: dict[str, str] | None = None) -> None:
        assert_gui_thread()
        if self.desk is None:
            self.bus.appeal_failed.emit(AppealFailed(appeal, action,
                                                     AppealProblem.UNREACHABLE))
            return
        self.desk.act(appeal, action, attrs)

    def _on_message(self, message: ChatMessage) -> None:
        """My first reply to an offered appeal takes it into work (the desk does the same)."""
        known = self.by_address(message.peer)
        if known is not None and message.outgoing and known.state is AppealState.OFFERED:
            self._put(replace(known, state=AppealState.IN_WORK, accept_by=0.0))

    def _put(self, appeal: AppealInfo) -> None:
        if self.appeals.get(appeal.id) != appeal:
            self.appeals[appeal.id] = appeal
            self.bus.appeal.emit(appeal)


def _confirmed(confirm: bool) -> dict[str, str]:
    return {"confirm": "true"} if confirm else {}
