"""The terms a tagger looks for, indexed and compiled into one matcher.

The terms are the principles' keywords (`Principle.keywords` and
`Principle.keywords_en`, which `Charter.search` uses too), the terms of the
`Lexicon` (``data/lexicon.json``) and a tagger's extra terms, each defined
once.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from typing import get_args

import attrs

from ._errors import InvalidTypeError, InvalidValueError
from ._lexicon import Lexicon
from ._matching import PairMatcher, PhraseMatcher
from ._model import Charter, Lang, check_lang
from ._text import MAX_PHRASE_LENGTH, fold, is_phrase

__all__ = ["LANGS", "Term", "TermIndex", "charter_terms", "tagger_terms"]

LANGS: tuple[Lang, ...] = get_args(Lang)


@attrs.frozen
class Term:
    """A word or phrase that tagging looks for, or a phrase the model learned.

    Attributes:
        principle: The number of the principle it signals, 1 to 10 (for a
            learned phrase in a `Tag`'s hits, the tag's principle).
        text: The term as written in the data (``"patients partenaires"``):
            words separated by spaces, hyphens or apostrophes.
        lang: Its language, ``"fr"`` or ``"en"``; ``None`` for a phrase the
            model learned, which counts in every language.

    >>> Term(7, "patient-partenaire", "fr").folded
    'patient partenaire'
    """

    principle: int
    text: str
    lang: Lang | None

    def __attrs_post_init__(self) -> None:
        if type(self.principle) is not int:
            raise InvalidTypeError(
                f"a term's principle must be an int, not {type(self.principle).__name__}"
            )
        if not isinstance(self.text, str):
            raise InvalidTypeError(f"a term's text must be a str, not {type(self.text).__name__}")
        check_lang(self.lang, allow_none=True)
        if not is_phrase(self.folded):
            raise InvalidValueError(
                f"a term must be words separated by spaces, hyphens or apostrophes, "
                f"not {self.text!r}"
            )
        if len(self.folded) > MAX_PHRASE_LENGTH:
            raise InvalidValueError(
                f"a term must have at most {MAX_PHRASE_LENGTH} characters once folded, "
                f"not {len(self.folded)}: {self.text!r:.60}"
            )

    @functools.cached_property
    def folded(self) -> str:
        """The term as the matcher compares it: `unicancer._text.fold` of `text`."""
        return fold(self.text)

    @property
    def learned(self) -> bool:
        """Whether this is a phrase of the model rather than a lexicon term."""
        return self.lang is None


class TermIndex:
    """A tagger's terms, indexed and compiled (not pickled: rebuilt on use)."""

    def __init__(self, charter: Charter, terms: tuple[Term, ...], langs: tuple[Lang, ...]):
        self.charter = charter
        self.terms = terms
        #: Each term's place in `terms`, to send hits between processes as numbers.
        self.positions = {term: index for index, term in enumerate(terms)}
        #: Each term's principle number, by place.
        self.principles = [term.principle for term in terms]
        # For lang None or each language: folded term -> its places, one per principle.
        self.index: dict[Lang | None, dict[str, tuple[int, ...]]] = {}
        for lang in (None, *langs):
            index: dict[str, dict[int, int]] = {}
            for position, term in enumerate(terms):
                if lang is None or term.lang == lang:
                    index.setdefault(term.folded, {}).setdefault(term.principle, position)
            self.index[lang] = {k: tuple(v.values()) for k, v in index.items()}
        self._matchers: dict[Lang | None, PhraseMatcher] = {}
        #: The terms of each language with a model's phrases (`unicancer._features.extract`).
        self.pairs: dict[Lang | None, PairMatcher] = {}
        #: The C scorer of each language, or None (`unicancer._compiled.scorer`).
        self.scorers: dict[Lang | None, object] = {}
        #: Once made, the C maker of a tag's hits, or None (`unicancer._compiled.evidence`).
        self.evidence: list[object] = []

    def matcher(self, lang: Lang | None) -> PhraseMatcher:
        # Kept here: looking it up in `_matcher`'s cache costs more than tagging a short text.
        matcher = self._matchers.get(lang)
        if matcher is None:
            with _compiling:  # once, even when many threads tag at first
                matcher = self._matchers.get(lang)
                if matcher is None:
                    matcher = self._matchers[lang] = _matcher(frozenset(self.index[lang]))
        return matcher


#: Held while a matcher is compiled: threads first tagging at once compile it once.
_compiling = threading.Lock()


@functools.lru_cache(maxsize=16)
def _matcher(phrases: frozenset[str]) -> PhraseMatcher:
    return PhraseMatcher(sorted(phrases))


def charter_terms(charter: Charter, lexicon: Lexicon | None) -> Iterator[Term]:
    """The principles' keywords, each followed by its lexicon terms."""
    entries = {} if lexicon is None else {e.number: e for e in lexicon.principles}
    for p in charter.principles:
        entry = entries.get(p.number)
        for lang in LANGS:
            for keyword in p.keywords_in(lang):
                yield Term(p.number, keyword, lang)
            for text in () if entry is None else entry.terms_in(lang):
                yield Term(p.number, text, lang)


def tagger_terms(
    charter: Charter | None,
    lexicon: Lexicon | None,
    languages: tuple[Lang, ...],
    extra_terms: tuple[Term, ...],
    exclude_terms: tuple[str, ...],
) -> TermIndex:
    """The terms of a `Tagger` of these settings, checked and indexed (see `Tagger`)."""
    from ._lexicon import packaged_lexicon
    from ._loading import packaged

    if charter is None:
        charter = packaged()
    if lexicon is None and packaged_lexicon().version == charter.version:
        lexicon = packaged_lexicon()
    if lexicon is not None and lexicon.version != charter.version:
        raise InvalidValueError(
            f"the lexicon has data version {lexicon.version}, the charter "
            f"{charter.version}: a tagger needs both of one version"
        )
    numbers = {p.number for p in charter.principles}
    for term in extra_terms:
        if term.principle not in numbers:
            raise InvalidValueError(
                f"extra term {term.text!r} is for principle {term.principle}, "
                f"which is not in the charter (expected one of {sorted(numbers)})"
            )
    candidates = [*charter_terms(charter, lexicon), *extra_terms]
    excluded = {fold(text): text for text in exclude_terms}
    unknown = set(excluded) - {t.folded for t in candidates}
    if unknown:
        names = ", ".join(repr(excluded[k]) for k in sorted(unknown))
        raise InvalidValueError(f"cannot exclude {names}: not a term of the lexicon")
    seen: set[tuple[int, str, Lang | None]] = set()
    terms: list[Term] = []
    for term in candidates:
        key = (term.principle, term.folded, term.lang)
        if term.lang in languages and term.folded not in excluded and key not in seen:
            seen.add(key)
            terms.append(term)
    return TermIndex(charter, tuple(terms), languages)
