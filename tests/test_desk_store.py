"""The desk's store on SQLite and on PostgreSQL (supportdesk/store): made by its migrations,
every step a row, messages kept once, ratings once, nothing lost when opened again."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import inspect

from supportdesk.lease import Lease, LeaseLostError
from supportdesk.store import DeskStore, Kept
from supportdesk.store.schema import metadata
from tests.postgres import PrivatePostgres


def test_the_migrations_make_the_schema_the_code_uses(store_url: str) -> None:
    store = DeskStore(store_url)
    found = inspect(store.engine)
    for table in metadata.sorted_tables:
        columns = {c["name"] for c in found.get_columns(table.name)}
        assert columns == {c.name for c in table.columns}, table.name
    assert found.has_table("alembic_version")
    store.close()


def test_an_appeal_step_by_step_survives_reopening(store_url: str) -> None:
    url = store_url
    store = DeskStore(url)
    appeal = store.new_appeal("support", "ivan@example.com", "chat", 100.0)
    assert store.add_message(appeal, "ivan@example.com", "Счёт не пришёл", "m-1", 100.0)
    assert not store.add_message(appeal, "ivan@example.com", "Счёт не пришёл", "m-1", 100.5)
    store.step(appeal, "offered", 101.0, "anna@example.com", state="offered",
               specialist="anna@example.com")
    store.step(appeal, "accepted", 102.0, "anna@example.com", state="in_work")
    store.step(appeal, "transferred", 103.0, "anna@example.com", "boris@example.com",
               specialist="boris@example.com", transferred=True)
    assert [a.id for a in store.open_appeals()] == [appeal]
    store.close()

    again = DeskStore(url)  # a restarted desk: the same appeal, conversation and steps
    row = again.appeal(appeal)
    assert row is not None
    assert (row.state, row.specialist, row.transfers) == ("in_work", "boris@example.com", 1)
    assert [m.body for m in again.conversation(appeal)] == ["Счёт не пришёл"]
    assert [kind for kind, _ in again.steps(appeal)] == [
        "created", "offered", "accepted", "transferred"]
    again.step(appeal, "finished", 104.0, "boris@example.com", state="finished")
    assert again.rate(appeal, 5, "Спасибо!", 105.0)
    assert not again.rate(appeal, 1, "передумал", 106.0)  # once
    assert again.rating(appeal) == (5, "Спасибо!")
    assert again.open_appeals() == []
    again.close()


def test_migration_0005_counts_an_accept_from_the_offer_still_open(store_url: str) -> None:
    """Written before 0005: anna missed the offer and later took the appeal from the queue;
    0003 counted the accept from the missed offer. Reopened, the store counts no offer."""
    from sqlalchemy import text, update  # noqa: PLC0415

    from supportdesk.store.schema import appeals  # noqa: PLC0415

    store = DeskStore(store_url)
    appeal = store.new_appeal("support", "ivan@example.com", "chat", 100.0)
    store.step(appeal, "offered", 101.0, "anna@example.com")
    store.step(appeal, "offer_missed", 401.0, "anna@example.com")
    store.step(appeal, "accepted", 4000.0, "anna@example.com", "queue")
    with store.engine.begin() as db:  # as 0003's rule left it
        db.execute(update(appeals).where(appeals.c.id == appeal).values(offer_at=101.0))
        db.execute(text("ALTER TABLE appeals DROP COLUMN number"))  # (0006's)
        db.execute(text("DROP TABLE desk"))  # (0007's)
        db.execute(text("ALTER TABLE messages DROP COLUMN note"))  # (0008's)
        db.execute(text("DROP TABLE desk_lease"))  # (0009's)
        db.execute(text("UPDATE alembic_version SET version_num = '0004'"))
    store.close()
    store = DeskStore(store_url)
    with store.engine.connect() as db:
        assert db.execute(text("SELECT offer_at, accepted_at FROM appeals WHERE id = :id"),
                          {"id": appeal}).one() == (None, 4000.0)
    store.close()


def test_migration_0006_keeps_a_callbacks_number_and_channel(store_url: str) -> None:
    """Written before 0006: a caller known only by number waits to be called back."""
    from sqlalchemy import text  # noqa: PLC0415

    store = DeskStore(store_url)
    appeal = store.new_appeal("support", "+79161234567", "call", 100.0)
    store.step(appeal, "callback", 130.0, state="queued")
    with store.engine.begin() as db:  # as the store was before 0006
        db.execute(text("ALTER TABLE appeals DROP COLUMN number"))
        db.execute(text("DROP TABLE desk"))  # (0007's)
        db.execute(text("ALTER TABLE messages DROP COLUMN note"))  # (0008's)
        db.execute(text("DROP TABLE desk_lease"))  # (0009's)
        db.execute(text("UPDATE alembic_version SET version_num = '0005'"))
    store.close()
    store = DeskStore(store_url)
    (row,) = store.open_appeals()
    assert (row.id, row.channel, row.number) == (appeal, "callback", "+79161234567")
    store.close()


def test_a_sqlite_store_is_the_owners_alone_and_errors_name_no_values(tmp_path: Path) -> None:
    """Conversations are in it: 0600, its -wal and -shm too, also for a file made 0644
    before; an error's text (what a log would keep) carries no message body."""
    import stat  # noqa: PLC0415

    from sqlalchemy.exc import IntegrityError  # noqa: PLC0415

    old = tmp_path / "old.sqlite3"
    old.touch(mode=0o644)
    old.chmod(0o644)
    for name in ("new.sqlite3", "old.sqlite3"):
        store = DeskStore(f"sqlite:///{tmp_path / name}")
        store.new_appeal("support", "ivan@example.com", "chat", 1.0, ("Вопрос", "m-1"))
        modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in tmp_path.glob(f"{name}*")}
        assert modes == {name: 0o600, f"{name}-wal": 0o600, f"{name}-shm": 0o600}, modes
        with pytest.raises(IntegrityError) as refused:  # no appeal 424242
            store.add_message(424242, "ivan@example.com", "карта 4111 1111 1111 1111", "m-2",
                              2.0)
        assert "4111" not in str(refused.value)
        store.close()


def test_a_page_of_a_conversation_is_read_alone(store_url: str) -> None:
    store = DeskStore(store_url)
    appeal = store.new_appeal("support", "ivan@example.com", "chat", 1.0, ("m0", "s0"))
    for n in range(1, 10):
        store.add_message(appeal, "ivan@example.com", f"m{n}", f"s{n}", 1.0 + n)
    assert store.message_count(appeal) == 10
    assert [m.body for m in store.conversation(appeal, None, 3)] == ["m7", "m8", "m9"]
    assert [m.body for m in store.conversation(appeal, 7, 3)] == ["m4", "m5", "m6"]
    assert [m.body for m in store.conversation(appeal, 2, 3)] == ["m0", "m1"]
    assert store.conversation(appeal, 0, 3) == []
    store.close()


def test_a_store_has_an_identity_of_its_own_kept_across_reopening(
        store_url: str, tmp_path: Path) -> None:
    store = DeskStore(store_url)
    first = store.identity()
    store.close()
    again = DeskStore(store_url)
    assert again.identity() == first  # (a restarted desk is the same desk)
    again.close()
    other = DeskStore(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    assert other.identity() != first  # a fresh store is another
    other.close()


def test_a_remote_session_left_running_by_a_stopped_desk_is_ended_at_its_last_step(
        store_url: str) -> None:
    store = DeskStore(store_url)
    cut = store.new_appeal("support", "ivan@x", "chat", 10.0)
    store.step(cut, "remote_started", 20.0, "ivan@x")
    store.step(cut, "remote_joined", 21.0, "anna@x")
    over = store.new_appeal("support", "petr@x", "chat", 11.0)
    store.step(over, "remote_started", 22.0, "petr@x")
    store.step(over, "remote_ended", 30.0, "anna@x", "ended: the invoice explained")
    finished = store.new_appeal("support", "olga@x", "chat", 12.0)
    store.step(finished, "remote_started", 23.0, "olga@x")
    store.step(finished, "finished", 40.0, "anna@x", state="finished")
    again = store.new_appeal("support", "oleg@x", "chat", 13.0)
    store.step(again, "remote_started", 24.0, "oleg@x")
    store.step(again, "remote_ended", 25.0, "oleg@x", "stopped")
    store.step(again, "remote_started", 26.0, "oleg@x")
    store.step(cut, "message", 41.0, "ivan@x")  # the desk's last sign of life
    assert sorted(store.end_cut_remote_sessions("desk-restart")) == [cut, again]
    for appeal in (cut, again):
        last = store.timeline(appeal)[-1]
        assert (last.kind, last.actor, last.detail) == ("remote_ended", "", "desk-restart")
        assert last.at == 41.0
    assert [s.kind for s in store.timeline(over)][-1] == "remote_ended"
    assert store.end_cut_remote_sessions("desk-restart") == []  # (once)
    store.close()


def test_a_desk_that_lost_its_lease_writes_nothing(postgres: PrivatePostgres) -> None:
    """Fencing: the epoch is checked in every write's own transaction; a desk whose lease
    another took (it was paused past it) is stopped at its first write, which is undone."""
    url = postgres.database(f"t_{uuid.uuid4().hex[:12]}")
    DeskStore(url).close()  # (the schema, with the lease's row)
    first, second = Lease(url, seconds=0.0), Lease(url)  # the first's lapses at once
    assert first.take()
    assert first.epoch == 1
    told: list[int] = []
    store = DeskStore(url, fence=first.fence(told.append))
    appeal = store.new_appeal("support", "ivan@x", "chat", 1.0)  # still its own: written
    assert second.take()
    assert second.epoch == 2
    assert not first.renew()
    with pytest.raises(LeaseLostError):
        store.step(appeal, "accepted", 2.0, "anna@x", state="in_work", specialist="anna@x")
    assert told == [2]
    assert [s.kind for s in store.timeline(appeal)] == ["created"]  # nothing of it kept
    assert store.appeal(appeal).state == "queued"  # type: ignore[union-attr]
    second_store = DeskStore(url, fence=second.fence(told.append))
    second_store.step(appeal, "accepted", 3.0, "boris@x", state="in_work",
                      specialist="boris@x")  # the new active writes
    assert told == [2]
    for each in (store, second_store, first, second):
        each.close()


def test_a_hand_over_is_kept_in_one_go_and_once(store_url: str) -> None:
    """What a vendor's desk returned: the appeal, its step and its messages together; the
    same hand-over again adds no message, another adds its own."""
    store = DeskStore(store_url)
    try:
        said = [Kept("ivan@x", "Вопрос", "r17.0", 10.0),
                Kept("desk.v", "Ответ", "r17.1", 11.0),
                Kept("desk.v", "Заметка", "r17.note", 12.0, note=True)]
        appeal = store.received(None, "support", "ivan@x", 12.0, "desk.v", "17", said)
        assert store.received(appeal, "support", "ivan@x", 13.0, "desk.v", "17", said) == appeal
        store.received(appeal, "support", "ivan@x", 14.0, "desk.v", "18",
                       [Kept("ivan@x", "Ещё", "r18.0", 14.0)])
        kept = [(m.sender, m.body, m.note) for m in store.conversation(appeal)]
        assert kept == [("ivan@x", "Вопрос", False), ("desk.v", "Ответ", False),
                        ("desk.v", "Заметка", True), ("ivan@x", "Ещё", False)]
        assert store.steps(appeal) == [("created", "ivan@x"), ("received", "desk.v"),
                                       ("received", "desk.v"), ("received", "desk.v")]
        row = store.appeal(appeal)
        assert row is not None
        assert (row.line, row.client, row.state, row.channel) == ("support", "ivan@x",
                                                                 "queued", "chat")
    finally:
        store.close()
