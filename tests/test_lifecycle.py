"""lifecycle.move, the one way an appeal changes state: from a state the step is not for it
writes nothing and changes nothing; otherwise the store and the memory agree after it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from supportdesk import lifecycle
from supportdesk.lifecycle import MoveError, State
from supportdesk.store import DeskStore


@dataclass
class Memory:
    line: str = "support"
    specialist: str = ""
    accepted: bool = False
    channel: str = "chat"
    transfers: int = 0


def test_a_step_from_the_wrong_state_writes_and_changes_nothing(tmp_path: Path) -> None:
    store = DeskStore(f"sqlite:///{tmp_path / 'd.sqlite3'}")
    appeal = store.new_appeal("support", "ivan@x", "chat", 1.0)
    memory = Memory()
    for kind in ("finished", "escalated", "offer_missed", "offer_declined"):  # queued yet
        with pytest.raises(MoveError):
            lifecycle.move(store, appeal, memory, kind, 2.0, "anna@x")
    assert store.steps(appeal) == [("created", "ivan@x")]
    assert memory == Memory()
    assert lifecycle.move(store, appeal, memory, "offered", 3.0, "anna@x") is State.OFFERED
    assert lifecycle.move(store, appeal, memory, "accepted", 4.0, "anna@x") is State.IN_WORK
    with pytest.raises(MoveError):  # accepted twice
        lifecycle.move(store, appeal, memory, "accepted", 5.0, "anna@x")
    lifecycle.move(store, appeal, memory, "transferred", 6.0, "anna@x", "line:accounting")
    row = store.appeal(appeal)
    assert row is not None
    assert (row.state, row.specialist, row.line, row.transfers) == (
        "queued", None, "accounting", 1)
    assert memory == Memory("accounting", "", False, "chat", 1)
    store.close()
