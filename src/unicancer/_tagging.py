"""Tagging texts with the charter's principles.

The terms looked for are the principles' keywords (`Principle.keywords`
and `Principle.keywords_en`, which `Charter.search` uses too) and the
terms of the `Lexicon` (``data/lexicon.json``), each defined once. A `Tagger`
compiles it, once and on first use, into one matcher that finds every term
in a text whatever its case, accents, apostrophes, hyphens or Unicode
normal form, and scores each principle from what it found.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections import deque
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, get_args

import attrs

from ._errors import InvalidTypeError, InvalidValueError
from ._lexicon import Lexicon
from ._matching import PhraseMatcher
from ._model import Charter, Lang, Principle, check_lang
from ._text import fold, is_phrase

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult

__all__ = ["DEFAULT_THRESHOLD", "Hit", "Tag", "Tagger", "Term", "tag"]

_LANGS: tuple[Lang, ...] = get_args(Lang)

#: The score from which a `Tagger` tags a principle, by default.
DEFAULT_THRESHOLD = 0.5
# The weight of a term of one word; a phrase of several words weighs 1.
_WORD_WEIGHT = 0.5
# Texts up to this many characters are scored on their evidence alone.
_SHORT_TEXT = 2000


@attrs.frozen
class Term:
    """One entry of the lexicon: a word or phrase that signals a principle.

    Attributes:
        principle: The number of the principle it signals, 1 to 10.
        text: The term as written in the data (``"patients partenaires"``):
            words separated by spaces, hyphens or apostrophes.
        lang: Its language, ``"fr"`` or ``"en"``.

    >>> Term(7, "patient-partenaire", "fr").folded
    'patient partenaire'
    """

    principle: int
    text: str
    lang: Lang

    def __attrs_post_init__(self) -> None:
        if type(self.principle) is not int:
            raise InvalidTypeError(
                f"a term's principle must be an int, not {type(self.principle).__name__}"
            )
        if not isinstance(self.text, str):
            raise InvalidTypeError(f"a term's text must be a str, not {type(self.text).__name__}")
        check_lang(self.lang, allow_none=False)
        if not is_phrase(self.folded):
            raise InvalidValueError(
                f"a term must be words separated by spaces, hyphens or apostrophes, "
                f"not {self.text!r}"
            )

    @functools.cached_property
    def folded(self) -> str:
        """The term as the matcher compares it: `unicancer._text.fold` of `text`."""
        return fold(self.text)


@attrs.frozen
class Hit:
    """A term found in a text.

    Attributes:
        start: Where the term starts in the text (an index into the string
            given to `Tagger.hits`, whatever its normal form).
        end: Where it ends: ``text[start:end]`` is what was found.
        term: The lexicon entry found.
    """

    start: int
    end: int
    term: Term


@attrs.frozen
class Tag:
    """A principle a text is about, with the evidence.

    Attributes:
        principle: The principle.
        score: How strongly the text is about it (see `Tagger`).
        hits: The terms of the principle found in the text, in text order.
    """

    principle: Principle
    score: float
    hits: tuple[Hit, ...]


class _Lexicon:
    """A tagger's terms, indexed and compiled (not pickled: rebuilt on use)."""

    def __init__(self, charter: Charter, terms: tuple[Term, ...], langs: tuple[Lang, ...]):
        self.charter = charter
        self.terms = terms
        #: Each term's place in `terms`, to send hits between processes as numbers.
        self.positions = {term: index for index, term in enumerate(terms)}
        # For lang None or each language: folded term -> its terms, one per principle.
        self.index: dict[Lang | None, dict[str, tuple[Term, ...]]] = {}
        for lang in (None, *langs):
            index: dict[str, dict[int, Term]] = {}
            for term in terms:
                if lang is None or term.lang == lang:
                    index.setdefault(term.folded, {}).setdefault(term.principle, term)
            self.index[lang] = {k: tuple(v.values()) for k, v in index.items()}
        self._matchers: dict[Lang | None, PhraseMatcher] = {}

    def matcher(self, lang: Lang | None) -> PhraseMatcher:
        # Kept here: looking it up in `_matcher`'s cache costs more than tagging a short text.
        matcher = self._matchers.get(lang)
        if matcher is None:
            matcher = self._matchers[lang] = _matcher(frozenset(self.index[lang]))
        return matcher


@functools.lru_cache(maxsize=16)
def _matcher(phrases: frozenset[str]) -> PhraseMatcher:
    return PhraseMatcher(sorted(phrases))


def _charter_terms(charter: Charter, lexicon: Lexicon | None) -> Iterator[Term]:
    """The principles' keywords, each followed by its lexicon terms."""
    entries = {} if lexicon is None else {e.number: e for e in lexicon.principles}
    for p in charter.principles:
        entry = entries.get(p.number)
        for lang in _LANGS:
            for keyword in p.keywords_in(lang):
                yield Term(p.number, keyword, lang)
            for text in () if entry is None else entry.terms_in(lang):
                yield Term(p.number, text, lang)


def _check_tuple(name: str, value: object, item: type) -> None:
    if not isinstance(value, tuple) or not all(isinstance(x, item) for x in value):
        raise InvalidTypeError(
            f"{name} must be a tuple of {item.__name__}, not {type(value).__name__} {value!r}"
        )


@attrs.frozen
class Tagger:
    """Tags texts with the principles they are about.

    A principle's score sums, over its distinct terms found in the text, the
    term's weight (1 for a phrase of several words, 0.5 for a single word,
    which is more often used in passing) times ``1 + ln(n)`` for a term found
    *n* times; a text longer than 2,000 characters has that sum divided by
    ``sqrt(len(text) / 2000)``, so that a long document needs proportionally
    more evidence and does not end up tagged with everything. A principle is
    tagged when its score reaches *threshold*: by default (0.5), any of its
    terms in a text of a page or less; ``threshold=1`` asks for a phrase or
    two distinct words, for fewer false positives and more misses.

    A Tagger is immutable, hashable and cheap to pickle (to worker
    processes): it holds its settings only, and compiles its matcher on first
    use, once per process.

    Attributes:
        charter: The charter whose principles' keywords are looked for (the
            packaged one when ``None``).
        lexicon: The terms looked for besides the keywords. ``None`` (the
            default) means the packaged `Lexicon` when it has the charter's
            data version (always so for the packaged charter), and no more
            terms than the keywords otherwise.
        threshold: The score from which a principle is tagged.
        languages: The languages of the terms to look for.
        extra_terms: Terms to look for besides the charter's keywords.
        exclude_terms: Terms not to look for, compared folded (``"Équité"``
            excludes ``"équité"``); each must be a term of the lexicon.

    >>> tagger = Tagger(threshold=1)
    >>> [(t.principle.number, t.score) for t in tagger.tag("Un comité de patients, un audit.")]
    [(7, 1.0)]
    """

    charter: Charter | None = attrs.field(default=None, kw_only=True)
    lexicon: Lexicon | None = attrs.field(default=None, kw_only=True)
    threshold: float = attrs.field(default=DEFAULT_THRESHOLD, kw_only=True)
    languages: tuple[Lang, ...] = attrs.field(default=_LANGS, kw_only=True)
    extra_terms: tuple[Term, ...] = attrs.field(default=(), kw_only=True)
    exclude_terms: tuple[str, ...] = attrs.field(default=(), kw_only=True)

    def __attrs_post_init__(self) -> None:
        if self.charter is not None and not isinstance(self.charter, Charter):
            raise InvalidTypeError(
                f"charter must be a Charter or None, not {type(self.charter).__name__}"
            )
        if self.lexicon is not None and not isinstance(self.lexicon, Lexicon):
            raise InvalidTypeError(
                f"lexicon must be a Lexicon or None, not {type(self.lexicon).__name__}"
            )
        if isinstance(self.threshold, bool) or not isinstance(self.threshold, (int, float)):
            raise InvalidTypeError(
                f"threshold must be a number, not {type(self.threshold).__name__}"
            )
        if not (self.threshold >= 0 and math.isfinite(self.threshold)):
            raise InvalidValueError(
                f"threshold must be a finite number >= 0, not {self.threshold!r}"
            )
        _check_tuple("languages", self.languages, str)
        for lang in self.languages:
            check_lang(lang, allow_none=False)
        if not self.languages or len(set(self.languages)) != len(self.languages):
            raise InvalidValueError(
                f"languages must be distinct languages, at least one, not {self.languages!r}"
            )
        _check_tuple("extra_terms", self.extra_terms, Term)
        _check_tuple("exclude_terms", self.exclude_terms, str)
        self._lexicon  # noqa: B018 - validates the terms now, not on first use

    @functools.cached_property
    def _lexicon(self) -> _Lexicon:
        from ._lexicon import packaged_lexicon
        from ._loading import packaged

        charter = packaged() if self.charter is None else self.charter
        lexicon = self.lexicon
        if lexicon is None and packaged_lexicon().version == charter.version:
            lexicon = packaged_lexicon()
        numbers = {p.number for p in charter.principles}
        for term in self.extra_terms:
            if term.principle not in numbers:
                raise InvalidValueError(
                    f"extra term {term.text!r} is for principle {term.principle}, "
                    f"which is not in the charter (expected one of {sorted(numbers)})"
                )
        candidates = [*_charter_terms(charter, lexicon), *self.extra_terms]
        excluded = {fold(text): text for text in self.exclude_terms}
        unknown = set(excluded) - {t.folded for t in candidates}
        if unknown:
            names = ", ".join(repr(excluded[k]) for k in sorted(unknown))
            raise InvalidValueError(f"cannot exclude {names}: not a term of the lexicon")
        seen: set[tuple[int, str, Lang]] = set()
        terms: list[Term] = []
        for term in candidates:
            key = (term.principle, term.folded, term.lang)
            if term.lang in self.languages and term.folded not in excluded and key not in seen:
                seen.add(key)
                terms.append(term)
        return _Lexicon(charter, tuple(terms), self.languages)

    @property
    def terms(self) -> tuple[Term, ...]:
        """Every term this tagger looks for: the charter's, then the extra ones.

        >>> len(Tagger(languages=("fr",)).terms) < len(Tagger().terms)
        True
        """
        return self._lexicon.terms

    def _check(self, text: object, lang: object) -> Lang | None:
        if not isinstance(text, str):
            raise InvalidTypeError(f"can only tag a str, not {type(text).__name__}")
        check_lang(lang, allow_none=True)
        if lang is not None and lang not in self.languages:
            raise InvalidValueError(
                f"lang {lang!r} is not one of this tagger's languages {self.languages!r}"
            )
        return lang

    def hits(self, text: str, *, lang: Lang | None = None) -> tuple[Hit, ...]:
        """Return every term found in *text*, in text order.

        The terms of *lang* only, if given. A span found by terms of several
        principles gives one hit for each; found by the same term in both
        languages (``innovation``), one hit.

        Raises:
            InvalidTypeError: *text* is not a `str`.
            InvalidValueError: *lang* is not ``"fr"``, ``"en"`` or ``None``,
                or not one of the tagger's languages.

        >>> text = "L’ÉGALITÉ d'accès et les Soins-de-Support"
        >>> [(text[h.start:h.end], h.term.text) for h in Tagger().hits(text)]
        [("ÉGALITÉ d'accès", 'égalité d’accès'), ('Soins-de-Support', 'soins de support')]
        """
        lang = self._check(text, lang)
        return tuple(self._hits(text, lang))

    def _hits(self, text: str, lang: Lang | None) -> Iterator[Hit]:
        lexicon = self._lexicon
        index = lexicon.index[lang]
        for start, end, phrase in lexicon.matcher(lang).matches(text):
            for term in index[phrase]:
                yield Hit(start, end, term)

    def tag(self, text: str, *, lang: Lang | None = None) -> tuple[Tag, ...]:
        """Return the principles *text* is about, best first.

        Ties are in charter order. An empty text has no tags.

        Raises:
            InvalidTypeError: *text* is not a `str`.
            InvalidValueError: *lang* is not ``"fr"``, ``"en"`` or ``None``,
                or not one of the tagger's languages.

        >>> tagger = Tagger()
        >>> tags = tagger.tag("Nos patients partenaires siègent au comité de patients.")
        >>> [(t.principle.slug, t.score, len(t.hits)) for t in tags]
        [('patient-partnership', 2.0, 2)]
        """
        lang = self._check(text, lang)
        return self._tag(text, lang)

    def _tag(self, text: str, lang: Lang | None) -> tuple[Tag, ...]:
        found: dict[int, list[Hit]] = {}
        for hit in self._hits(text, lang):
            found.setdefault(hit.term.principle, []).append(hit)
        if not found:
            return ()
        scale = max(1.0, math.sqrt(len(text) / _SHORT_TEXT))
        tags: list[Tag] = []
        charter = self._lexicon.charter
        for number, hits in found.items():
            counts: dict[str, int] = {}
            for hit in hits:
                counts[hit.term.folded] = counts.get(hit.term.folded, 0) + 1
            evidence = sum(
                (1.0 if " " in key or "'" in key else _WORD_WEIGHT) * (1 + math.log(n))
                for key, n in counts.items()
            )
            score = round(evidence / scale, 6)
            if score >= self.threshold:
                tags.append(Tag(charter.principle(number), score, tuple(hits)))
        tags.sort(key=lambda t: (-t.score, t.principle.number))
        return tuple(tags)

    def tag_many(
        self,
        texts: Iterable[str],
        *,
        lang: Lang | None = None,
        processes: int = 1,
        chunksize: int = 64,
    ) -> Iterator[tuple[Tag, ...]]:
        """Tag each of *texts*, yielding results in input order as they come.

        Streams: *texts* is read lazily and only a few chunks of *chunksize*
        texts per process are in flight, so memory stays bounded whatever
        the number of texts. With *processes* > 1, chunks are tagged in that
        many worker processes; results are the same as `tag`'s. A list or
        tuple of texts is then read as it is when the first result is asked
        for and, where worker processes are forked (the default on Linux),
        not sent to them: they read it in the memory they share with this
        process.

        Raises:
            InvalidTypeError: an item of *texts* is not a `str` (raised when
                it is reached), or *processes* / *chunksize* is not an int.
            InvalidValueError: *processes* or *chunksize* is below 1, or
                *lang* is invalid (raised at once).

        >>> results = Tagger().tag_many(["comité de patients", "rien"])
        >>> [[t.principle.number for t in tags] for tags in results]
        [[7], []]
        """
        for name, value in (("processes", processes), ("chunksize", chunksize)):
            if type(value) is not int:
                raise InvalidTypeError(f"{name} must be an int, not {type(value).__name__}")
            if value < 1:
                raise InvalidValueError(f"{name} must be at least 1, not {value}")
        self._check("", lang)
        iterator = iter(texts)
        if processes == 1:
            return (
                self._tag(text, lang) for chunk in _chunks(iterator, chunksize) for text in chunk
            )
        if not isinstance(texts, (list, tuple)):
            texts = iterator
        return self._tag_in_pool(texts, lang, processes, chunksize)

    def _tag_in_pool(
        self, texts: Iterable[str], lang: Lang | None, processes: int, chunksize: int
    ) -> Iterator[tuple[Tag, ...]]:
        import multiprocessing

        self._lexicon.matcher(lang)  # compiled once here, inherited by forked workers
        context = multiprocessing.get_context()
        # Forked workers read a list or tuple in memory they share with this process, as
        # its place in `_shared` and a range of it: far cheaper than through pipes.
        token = next(_tokens)
        if isinstance(texts, (list, tuple)):
            texts = tuple(texts)
            if context.get_start_method() == "fork":
                _shared[token] = texts
        try:
            with context.Pool(processes, initializer=_start_worker, initargs=(self,)) as pool:
                pending: deque[AsyncResult[list[_Packed]]] = deque()
                start = 0
                for chunk in _chunks(iter(texts), chunksize):
                    if token in _shared:
                        stop = start + len(chunk)
                        task = pool.apply_async(_tag_shared, (token, lang, start, stop))
                        start = stop
                    else:
                        task = pool.apply_async(_tag_chunk, (lang, chunk))
                    pending.append(task)
                    if len(pending) > 2 * processes:
                        yield from map(self._unpack, pending.popleft().get())
                while pending:
                    yield from map(self._unpack, pending.popleft().get())
        finally:
            _shared.pop(token, None)

    def _pack(self, tags: tuple[Tag, ...]) -> _Packed:
        """*tags* as numbers: far cheaper to pickle than principles and terms."""
        positions = self._lexicon.positions
        return tuple(
            (
                t.principle.number,
                t.score,
                tuple((h.start, h.end, positions[h.term]) for h in t.hits),
            )
            for t in tags
        )

    def _unpack(self, packed: _Packed) -> tuple[Tag, ...]:
        lexicon = self._lexicon
        return tuple(
            Tag(
                lexicon.charter.principle(number),
                score,
                tuple(Hit(start, end, lexicon.terms[term]) for start, end, term in hits),
            )
            for number, score, hits in packed
        )


def _chunks(texts: Iterator[object], size: int) -> Iterator[list[str]]:
    """Lists of *size* texts, each checked to be a `str`.

    A list is cut short once it holds `_CHUNK_CHARACTERS`, so that worker
    processes get similar amounts of work: a long document does not hold
    back a chunk of many others.
    """
    chunk: list[str] = []
    characters = 0
    for position, text in enumerate(texts):
        if not isinstance(text, str):
            raise InvalidTypeError(
                f"can only tag a str, not {type(text).__name__} (item {position})"
            )
        chunk.append(text)
        characters += len(text)
        if len(chunk) == size or characters >= _CHUNK_CHARACTERS:
            yield chunk
            chunk, characters = [], 0
    if chunk:
        yield chunk


#: The characters from which `_chunks` cuts a chunk short.
_CHUNK_CHARACTERS = 1 << 18


# Tags as plain numbers: (principle, score, ((start, end, term position), ...)).
_Packed = tuple[tuple[int, float, tuple[tuple[int, int, int], ...]], ...]


# The tagger of a worker process, sent once when the process starts.
_worker: list[Tagger] = []


def _start_worker(tagger: Tagger) -> None:
    _worker.append(tagger)


def _tag_chunk(lang: Lang | None, texts: Iterable[str]) -> list[_Packed]:
    tagger = _worker[-1]
    return [tagger._pack(tagger._tag(text, lang)) for text in texts]


# Texts that forked workers read in memory, by token; each lives while its `tag_many` runs.
_shared: dict[int, tuple[str, ...]] = {}
_tokens = itertools.count()


def _tag_shared(token: int, lang: Lang | None, start: int, stop: int) -> list[_Packed]:
    return _tag_chunk(lang, _shared[token][start:stop])


@functools.lru_cache(maxsize=1)
def _default() -> Tagger:
    return Tagger()


def tag(text: str, *, lang: Lang | None = None) -> tuple[Tag, ...]:
    """Return the principles *text* is about, best first, with a default `Tagger`.

    >>> from unicancer import tag
    >>> [t.principle.number for t in tag("Le benchmarking des indicateurs de qualité")]
    [10]
    """
    return _default().tag(text, lang=lang)
