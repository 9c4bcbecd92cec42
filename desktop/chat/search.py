"""Search: people, appeals and every kept message, by the words a specialist types.

Word forms: each typed word is cut to its Snowball stem (Russian for Cyrillic, English for
Latin) and matched as a prefix, so "акт сверки" finds "акта сверки" and "invoices" finds
"invoice"; ё is read as е on both sides. Messages go through the store's FTS5 index; people
and appeals are the few the app holds and are matched here.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from desktop.bus import AppealInfo, ContactInfo
from desktop.store import Store

_WORD = re.compile(r"\w+")
_CYRILLIC = re.compile(r"[а-я]")
LIMIT = 50


class FoundKind(enum.Enum):
    PERSON = "person"
    APPEAL = "appeal"
    MESSAGE = "message"


@dataclass(frozen=True)
class Found:
    """One result. `address` is the conversation it opens; a message's `stanza_id` is the
    message to show there."""
    kind: FoundKind
    address: str
    name: str  # the person's, or the appeal's client's, or who wrote the message
    at: float = 0.0  # a message's time, an appeal's offer
    appeal: int = 0
    organisation: str = ""
    line_name: str = ""
    body: str = ""
    stanza_id: str = ""
    outgoing: bool = False


def fold(text: str) -> str:
    return text.casefold().replace("ё", "е")


@lru_cache(maxsize=2)
def _stemmer(language: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer(language)


def stems(text: str) -> list[str]:
    """The typed words as the prefixes to look for."""
    out = []
    for word in _WORD.findall(fold(text)):
        if word.isdigit():
            out.append(word)
            continue
        language = "russian" if _CYRILLIC.search(word) else "english"
        stem = _stemmer(language).stemWord(word)
        out.append(stem if len(stem) >= 2 else word)
    return out


def match_query(text: str) -> str:
    """An FTS5 query for the typed words (all of them, each as a prefix); "" for none."""
    return " AND ".join(f'"{s}"*' for s in stems(text))


def words_match(wanted: list[str], text: str) -> bool:
    """Each wanted stem begins some word of `text`."""
    words = _WORD.findall(fold(text))
    return all(any(w.startswith(s) for w in words) for s in wanted)


class Search:
    """Answers from what the app holds: the store's messages, the contacts, the appeals."""

    def __init__(self, store: Store, account: Callable[[], str],
                 contacts: Callable[[], Iterable[ContactInfo]],
                 appeals: Callable[[], Iterable[AppealInfo]],
                 name: Callable[[str], str]) -> None:
        self.store = store
        self.account = account
        self.contacts = contacts
        self.appeals = appeals
        self.name = name

    def find(self, text: str) -> list[Found]:
        """People first, then appeals, then messages (newest first)."""
        wanted = stems(text)
        if not wanted:
            return []
        return [*self.people(text, wanted), *self.appeals_of(text, wanted),
                *self.messages(text)]

    def people(self, text: str, wanted: list[str]) -> list[Found]:
        digits = re.sub(r"\D", "", text)
        found = []
        for c in self.contacts():
            phones = c.profile.phones if c.profile else ()
            if (words_match(wanted, f"{c.name} {c.jid}")
                    or (len(digits) >= 3 and any(digits in re.sub(r"\D", "", p.number)
                                                  for p in phones))):
                found.append(Found(FoundKind.PERSON, c.jid, c.name))
        return sorted(found, key=lambda f: fold(f.name))[:LIMIT]

    def appeals_of(self, text: str, wanted: list[str]) -> list[Found]:
        number = text.strip().lstrip("№#").strip()
        found = []
        for a in self.appeals():
            client = self.name(a.client)
            if (number.isdigit() and int(number) == a.id) or words_match(
                    wanted, f"{client} {a.organisation} {a.line_name}"):
                found.append(Found(FoundKind.APPEAL, a.address, client, a.offered_at, a.id,
                                   a.organisation, a.line_name))
        return sorted(found, key=lambda f: -f.at)[:LIMIT]

    def messages(self, text: str, peer: str | None = None) -> list[Found]:
        account = self.account()
        query = match_query(text)
        if not account or not query:
            return []
        appeals = {a.address: a for a in self.appeals()}
        found = []
        for m in self.store.find_messages(account, query, LIMIT, peer):
            appeal = appeals.get(m.peer)
            writer = m.author or (appeal.client if appeal else m.peer)
            found.append(Found(FoundKind.MESSAGE, m.peer, self.name(writer), m.sent_at,
                               appeal.id if appeal else 0,
                               appeal.organisation if appeal else "", body=m.body,
                               stanza_id=m.stanza_id, outgoing=m.outgoing))
        return found
