"""Lookups over a `Charter`: by number, slug, mission and free-text search.

An `Index` is built once per charter, on first use, and is read-only after.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._checks import check_lang
from ._errors import InvalidTypeError, InvalidValueError, NotFoundError
from ._text import fold, tokens

if TYPE_CHECKING:
    from ._checks import Lang
    from ._model import Charter, Mission, Principle

__all__ = ["Index"]

# Weights of a phrase found in each kind of field (see `Charter.search`).
_KEYWORD, _TITLE, _TEXT = 3.0, 2.0, 1.0
# Score of a multi-word query whose words are all present, but not as a phrase.
_ALL_WORDS = 0.5


def _joined(words: tuple[str, ...]) -> str:
    return f" {' '.join(words)} "


class Index:
    """Read-only lookup tables of one charter."""

    __slots__ = ("_by_number", "_by_slug", "_charter", "_fields", "_missions", "_words")

    def __init__(self, charter: Charter) -> None:
        self._charter = charter
        self._by_number = {p.number: p for p in charter.principles}
        self._by_slug = {p.slug: p for p in charter.principles}
        self._missions: dict[str, Mission] = {}
        # Search tables, built by the first search: most programs never search.
        self._fields: dict[tuple[int, Lang], tuple[tuple[float, str], ...]] = {}
        self._words: dict[tuple[int, Lang], frozenset[str]] = {}

    def _build_search_tables(self) -> None:
        """Per principle and language: (weight, " folded words ") of each field.

        The tables are filled aside and published by one assignment each, so
        a concurrent search never sees them half-built.
        """
        all_fields: dict[tuple[int, Lang], tuple[tuple[float, str], ...]] = {}
        all_words: dict[tuple[int, Lang], frozenset[str]] = {}
        langs: tuple[Lang, ...] = ("fr", "en")
        for p in self._charter.principles:
            for lang in langs:
                fields = [(_KEYWORD, tokens(k)) for k in p.keywords_in(lang)]
                fields += [(_TITLE, tokens(p.title_in(lang))), (_TEXT, tokens(p.text_in(lang)))]
                all_words[p.number, lang] = frozenset(x for _, t in fields for x in t)
                all_fields[p.number, lang] = tuple((w, _joined(t)) for w, t in fields)
        self._words = all_words
        self._fields = all_fields

    def _valid_principles(self) -> str:
        numbers = sorted(self._by_number)
        return f"a number from {numbers[0]} to {numbers[-1]} or one of the slugs " + ", ".join(
            self._by_slug
        )

    @staticmethod
    def check_principle_key(key: object) -> int | str:
        if type(key) is int or isinstance(key, str):
            return key
        raise InvalidTypeError(
            "a principle key must be an int (its number) or a str (its slug), "
            f"not {type(key).__name__} {key!r}"
        )

    def find_principle(self, key: object) -> Principle | None:
        if type(key) is int:
            return self._by_number.get(key)
        if isinstance(key, str):
            return self._by_slug.get(key)
        return None

    def principle(self, key: object) -> Principle:
        found = self.find_principle(self.check_principle_key(key))
        if found is None:
            raise NotFoundError("principle", key, self._valid_principles())
        return found

    def mission(self, key: object) -> Mission:
        if not isinstance(key, str):
            raise InvalidTypeError(
                f"a mission key must be a str (an id or a label), not {type(key).__name__} {key!r}"
            )
        if not self._missions:  # built on first use, published whole
            self._missions = {
                fold(name): m
                for m in self._charter.missions
                for name in (m.id, m.label, m.label_en)
            }
        found = self._missions.get(fold(key))
        if found is None:
            valid = ", ".join(f"{m.id} ({m.label}, {m.label_en})" for m in self._charter.missions)
            raise NotFoundError("mission", key, f"one of {valid}")
        return found

    def search(self, query: object, lang: Lang | None) -> tuple[Principle, ...]:
        if not isinstance(query, str):
            raise InvalidTypeError(f"a search query must be a str, not {type(query).__name__}")
        check_lang(lang, allow_none=True)
        words = tokens(query)
        if not words:
            raise InvalidValueError(f"the search query {query!r} has no words to search for")
        if not self._fields:
            self._build_search_tables()
        phrase = _joined(words)
        langs: tuple[Lang, ...] = ("fr", "en") if lang is None else (lang,)
        scored: list[tuple[float, int, Principle]] = []
        for p in self._charter.principles:
            score = sum(
                weight
                for one in langs
                for weight, field in self._fields[p.number, one]
                if phrase in field
            )
            if (
                not score
                and len(words) > 1
                and any(self._words[p.number, one].issuperset(words) for one in langs)
            ):
                score = _ALL_WORDS
            if score:
                scored.append((-score, p.number, p))
        scored.sort(key=lambda item: item[:2])
        return tuple(p for _, _, p in scored)
