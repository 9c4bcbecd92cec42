"""Spelling of what the specialist types: Enchant with the system's Hunspell dictionaries,
Russian for Cyrillic words and English for Latin ones, and the specialist's own words (a
personal list in the data dir: product names, surnames). No dictionary, no checking: the
reply box works as before and the settings say why."""

from __future__ import annotations

import enum
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

LANGUAGES = {"ru": "ru_RU", "en": "en_US"}
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")  # letters, with inner ' and -
_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
MAX_SUGGESTIONS = 6


class SpellingProblem(enum.Enum):
    NO_ENCHANT = "no-enchant"  # the Enchant library is not installed
    NO_DICTIONARY = "no-dictionary"  # neither dictionary is


@dataclass(frozen=True)
class Misspelling:
    start: int  # in the text, in characters
    length: int
    word: str


class Speller:
    def __init__(self, words_file: Path) -> None:
        self.words_file = words_file
        self.dicts: dict[str, Any] = {}
        self.problem: SpellingProblem | None = None
        self.known = lru_cache(maxsize=20000)(self._known)
        try:
            import enchant  # noqa: PLC0415 - the C library is looked for on import
        except ImportError as exc:  # (pyenchant raises ImportError without libenchant)
            log.info("spelling off: %s", exc)
            self.problem = SpellingProblem.NO_ENCHANT
            return
        words_file.parent.mkdir(parents=True, exist_ok=True)
        words_file.touch(exist_ok=True)
        for script, tag in LANGUAGES.items():
            if enchant.dict_exists(tag):
                self.dicts[script] = enchant.DictWithPWL(tag, str(words_file))
        if not self.dicts:
            log.info("spelling off: no %s dictionary", " or ".join(LANGUAGES.values()))
            self.problem = SpellingProblem.NO_DICTIONARY

    @property
    def enabled(self) -> bool:
        return bool(self.dicts)

    def misspelled(self, text: str) -> list[Misspelling]:
        """The words of `text` neither dictionary (of the word's script) knows."""
        if not self.dicts:
            return []
        return [Misspelling(m.start(), len(m.group()), m.group())
                for m in _WORD.finditer(text) if not self.known(m.group())]

    def _known(self, word: str) -> bool:
        if len(word) < 2 or word.isupper():  # (abbreviations: ИНН, ООО, VPN)
            return True
        found = self._dict(word)
        return found is None or bool(found.check(word))

    def suggest(self, word: str) -> list[str]:
        found = self._dict(word)
        return list(found.suggest(word))[:MAX_SUGGESTIONS] if found is not None else []

    def learn(self, word: str) -> None:
        """The specialist's word: known from now on (kept in their own list)."""
        found = self._dict(word)
        if found is not None:
            found.add(word)
            self.known.cache_clear()

    def _dict(self, word: str) -> Any:
        return self.dicts.get("ru" if _CYRILLIC.search(word) else "en")
