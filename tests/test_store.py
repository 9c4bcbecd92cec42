"""The SQLite store: schema, history with comments, crash safety, refusing bad files."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.store import MIGRATIONS, SCHEMA_VERSION, Store, StoreError

WRITER = """
import sys, time
from desktop.store import Store
store = Store(sys.argv[1])
n = 0
while True:
    with store.transaction():
        for _ in range(20):
            store.add_call("in", "+79161234567", "Иван Петрович", started_at=time.time())
        store.outbox_add("anna@deskline.lab", "ivan@deskline.lab", f"id-{n}", "x" * 500)
    n += 1
    print(n, flush=True)  # this transaction is committed
"""


def test_new_store_is_wal_and_versioned(tmp_path: Path) -> None:
    store = Store(tmp_path / "d.sqlite3")
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    store.close()


def test_call_history_with_comment(tmp_path: Path) -> None:
    store = Store(tmp_path / "d.sqlite3")
    call = store.add_call("out", "+79161234567", "Сидоров Иван Петрович", started_at=100.0)
    store.call_answered(call, at=103.0)
    store.set_call_comment(call, "Договорились о замене картриджа до пятницы")
    store.call_ended(call, "answered", at=160.0)
    store.add_call("in", "+79035556677", started_at=200.0)
    store.close()
    reopened = Store(tmp_path / "d.sqlite3")
    newest, oldest = reopened.calls()
    assert newest.number == "+79035556677"
    assert (oldest.answered_at, oldest.ended_at, oldest.result) == (103.0, 160.0, "answered")
    assert oldest.comment == "Договорились о замене картриджа до пятницы"
    assert [c.id for c in reopened.calls(number="+79161234567")] == [call]


def test_outbox_keeps_order_and_removes_by_id(tmp_path: Path) -> None:
    store = Store(tmp_path / "d.sqlite3")
    for i in range(3):
        store.outbox_add("anna@deskline.lab", "ivan@deskline.lab", f"m{i}", f"text {i}")
    store.outbox_remove("m1")
    assert [m.body for m in store.outbox("anna@deskline.lab")] == ["text 0", "text 2"]
    with pytest.raises(sqlite3.IntegrityError):
        store.outbox_add("anna@deskline.lab", "ivan@deskline.lab", "m0", "same id twice")


def test_store_survives_kill_9_mid_write(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite3"
    committed = 0
    with subprocess.Popen([sys.executable, "-c", WRITER, str(path)],
                          stdout=subprocess.PIPE, text=True) as writer:
        assert writer.stdout is not None
        for line in writer.stdout:
            committed = int(line)
            if committed >= 150:
                break
        os.kill(writer.pid, signal.SIGKILL)  # in the middle of the next transaction
    store = Store(path)  # runs quick_check: a damaged file would raise here
    assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    calls = len(store.calls(limit=1_000_000))
    outbox = len(store.outbox("anna@deskline.lab"))
    # Every reported commit is there; a cut transaction is all or nothing.
    assert outbox >= committed
    assert calls == outbox * 20


def test_damaged_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite3"
    Store(path).close()
    data = bytearray(path.read_bytes())
    data[100:4000] = os.urandom(3900)  # smash the header page past the magic string
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match="damaged") as error:
        Store(path)
    assert "left as it is" in str(error.value)
    assert path.read_bytes() == bytes(data)


def test_not_a_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite3"
    path.write_bytes(b"this is a text file, not a database\n" * 100)
    with pytest.raises(StoreError, match="damaged or not a Deskline database"):
        Store(path)
    assert path.read_bytes() == b"this is a text file, not a database\n" * 100


def test_newer_version_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite3"
    Store(path).close()
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer Deskline"):
        Store(path)
    assert path.read_bytes() == before


def test_foreign_database_is_not_adopted(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE something_else (x)")
    with pytest.raises(StoreError, match="no Deskline schema version"):
        Store(path)


def test_a_version_1_database_is_migrated_with_its_data(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite3"
    with sqlite3.connect(path) as db:  # what Deskline's first release wrote
        MIGRATIONS[0](db)
        db.execute("PRAGMA user_version=1")
        db.execute("INSERT INTO messages (account, peer, stanza_id, outgoing, body, sent_at) "
                   "VALUES ('a', 'p', 'm1', 0, 'старое сообщение', 1.0)")
    store = Store(path)
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert store.messages("a", "p") == [("m1", False, "старое сообщение", 1.0, 0, "", "",
                                         False, "", False)]
    store.cache_message("a", "p", "m2", True, "ответ", 2.0, "m1", "старое сообщение")
    assert store.messages("a", "p")[-1][6] == "старое сообщение"
    store.cache_message("a", "p", "m3", False, "проверю", 3.0, author="Борис")
    assert store.messages("a", "p")[-1][8] == "Борис"  # a colleague's, in an appeal
    assert store.correct_message("a", "p", "m1", "исправлено")  # theirs: corrected
    assert not store.correct_message("a", "p", "m2", "подмена")  # ours: nobody corrects it
    assert [(m[2], m[7]) for m in store.messages("a", "p")] == [
        ("исправлено", True), ("ответ", False), ("проверю", False)]
    store.cache_message("a", "p", "m4", True, "перезвонить после 15:00", 4.0, note=True)
    assert [m[9] for m in store.messages("a", "p")] == [False, False, False, True]
    assert store.is_note("a", "p", "m4")


def test_another_desk_store_drops_only_its_cached_appeals(tmp_path: Path) -> None:
    store = Store(tmp_path / "d.sqlite3")
    for peer in ("a1@desk.x", "a17@desk.x", "a1@desk.other", "ivan@x", "anna@desk.x"):
        store.cache_message("me", peer, "m1", False, "текст", 1.0)
    assert store.desk_identity("me", "desk.x") == ""
    assert store.new_desk_identity("me", "desk.x", "b7e1") == 2  # a1 and a17 of desk.x
    assert store.desk_identity("me", "desk.x") == "b7e1"
    kept = {peer for (peer,) in store.db.execute("SELECT peer FROM messages")}
    assert kept == {"a1@desk.other", "ivan@x", "anna@desk.x"}


def test_the_database_is_the_owners_alone(tmp_path: Path) -> None:
    """It holds clients' conversations: 0600, and its WAL files follow."""
    path = tmp_path / "data" / "deskline.sqlite3"
    store = Store(path)
    store.add_call("in", "+79161234567", "", 1.0)
    try:
        for file in (path, path.with_name(path.name + "-wal")):
            assert file.stat().st_mode & 0o777 == 0o600, file
    finally:
        store.close()
