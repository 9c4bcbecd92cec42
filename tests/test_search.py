"""Search over the store's messages, people and appeals: word forms in Russian and English,
ё as е, an index that follows corrections and deletions, and a migration that indexes what
was kept before it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desktop.bus import AppealInfo, AppealState, ContactInfo, Status
from desktop.chat.search import FoundKind, Search, match_query, stems
from desktop.store import MIGRATIONS, Store
from desktop.values import PhoneNumber, Profile

ME = "anna@x"
IVAN = "ivan@x"
APPEAL = "a12@desk.x"


def kept(store: Store, peer: str, body: str, at: float, stanza: str = "",
         outgoing: bool = False, account: str = ME) -> None:
    store.cache_message(account, peer, stanza or f"s{at}", outgoing, body, at)


def search_in(store: Store) -> Search:
    ivan = ContactInfo(IVAN, "Сидоров Иван Петрович", Status.ONLINE, profile=Profile(
        phones=(PhoneNumber("mobile", "+7 916 123-45-67"),)))
    maria = ContactInfo("maria@x", "Кузнецова Мария Александровна", Status.OFFLINE)
    appeal = AppealInfo(12, "support", "Техподдержка", IVAN, APPEAL, AppealState.IN_WORK,
                        1000.0, 0.0, organisation="ООО «Ромашка»")
    names = {IVAN: ivan.name, "maria@x": maria.name}
    return Search(store, lambda: ME, lambda: [ivan, maria], lambda: [appeal],
                  lambda jid: names.get(jid, jid))


def bodies(found: list) -> list[str]:
    return [f.body for f in found if f.kind is FoundKind.MESSAGE]


def test_word_forms_in_russian_and_english_and_yo_as_ye() -> None:
    store = Store(":memory:")
    kept(store, IVAN, "Пришлите, пожалуйста, акт сверки за ноябрь", 1)
    kept(store, IVAN, "Счёт №4471 не пришёл на почту", 2)
    kept(store, "maria@x", "The invoice was paid on Monday", 3)
    kept(store, "maria@x", "Актуальные новости", 4)
    search = search_in(store)
    assert bodies(search.messages("актов сверке")) == [
        "Пришлите, пожалуйста, акт сверки за ноябрь"]
    assert bodies(search.messages("счет")) == ["Счёт №4471 не пришёл на почту"]
    assert bodies(search.messages("ПРИШЕЛ счета")) == ["Счёт №4471 не пришёл на почту"]
    assert bodies(search.messages("invoices")) == ["The invoice was paid on Monday"]
    assert bodies(search.messages("4471")) == ["Счёт №4471 не пришёл на почту"]
    assert bodies(search.messages("акт")) == [  # a prefix: newest first
        "Актуальные новости", "Пришлите, пожалуйста, акт сверки за ноябрь"]
    assert bodies(search.messages("invoice march")) == []  # every word must be there


def test_what_is_typed_never_breaks_the_query() -> None:
    store = Store(":memory:")
    kept(store, IVAN, 'He said "NEAR" AND OR NOT * ( ) ^ : -', 1)
    search = search_in(store)
    for typed in ('"', "*", "NEAR(", "AND", "a OR", "^x", "col:umn", "-", "' ; DROP"):
        search.messages(typed)  # no sqlite3 error escapes
    assert bodies(search.messages('"near" and')) == ['He said "NEAR" AND OR NOT * ( ) ^ : -']
    assert match_query("  ,.;  ") == ""
    assert stems("Сверки ИНВОЙСОВ") == ["сверк", "инвойс"]


def test_the_index_follows_corrections_and_other_accounts_stay_apart() -> None:
    store = Store(":memory:")
    kept(store, IVAN, "Не работает принтер", 1, "m1")
    kept(store, IVAN, "Не работает сканер", 2, "m2", account="boris@x")
    search = search_in(store)
    assert bodies(search.messages("принтер")) == ["Не работает принтер"]
    assert store.correct_message(ME, IVAN, "m1", "Не работает касса")
    assert bodies(search.messages("принтер")) == []
    assert bodies(search.messages("касса")) == ["Не работает касса"]
    assert bodies(search.messages("сканер")) == []  # boris's, not mine
    assert store.new_desk_identity(ME, "desk.x", "other") == 0
    kept(store, APPEAL, "Касса не печатает чек", 3, "m3")
    assert len(search.messages("касс")) == 2
    store.new_desk_identity(ME, "desk.x", "another")  # that desk's appeals go
    assert bodies(search.messages("касс")) == ["Не работает касса"]


def test_people_and_appeals_by_name_organisation_number_and_phone() -> None:
    store = Store(":memory:")
    kept(store, APPEAL, "Иван Петрович, ваше обращение принято", 5, "r1", outgoing=True)
    search = search_in(store)
    found = search.find("иван")
    assert [(f.kind, f.name) for f in found] == [
        (FoundKind.PERSON, "Сидоров Иван Петрович"),
        (FoundKind.APPEAL, "Сидоров Иван Петрович"),
        (FoundKind.MESSAGE, "Сидоров Иван Петрович")]
    message = found[-1]
    assert (message.address, message.appeal, message.outgoing) == (APPEAL, 12, True)
    assert [f.kind for f in search.find("ромашк")] == [FoundKind.APPEAL]
    assert [(f.kind, f.appeal) for f in search.find("№12")] == [(FoundKind.APPEAL, 12)]
    assert [f.name for f in search.find("123-45")] == ["Сидоров Иван Петрович"]
    assert [f.name for f in search.find("марии")] == ["Кузнецова Мария Александровна"]
    assert search.find("   ") == []


def test_the_migration_indexes_what_was_kept_before_it(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    for version in range(5):
        MIGRATIONS[version](db)
    db.execute("PRAGMA user_version=5")
    db.execute("INSERT INTO messages (account, peer, stanza_id, outgoing, body, sent_at) "
               "VALUES (?, ?, 'old1', 0, 'Ещё не пришёл акт', 1)", (ME, IVAN))
    db.close()
    store = Store(path)
    assert bodies(search_in(store).messages("еще акта")) == ["Ещё не пришёл акт"]
