"""Tagging texts with the charter's principles: the public API.

A `Tagger` finds its terms (`unicancer._terms`) and the model's learned
phrases in a text (`unicancer._features`), and the packaged model
(`unicancer._scoring`) turns what it found into one calibrated probability
per principle. Every `Hit` of a `Tag` says how much it weighed.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sized
from types import MappingProxyType

import attrs

from ._compiled import Chooser, KeptHits, evidence, scorer, tagging
from ._errors import InvalidTypeError, InvalidValueError
from ._features import Chosen, Found, Parts, extract, split
from ._lexicon import Lexicon
from ._model import Charter, Lang, check_lang
from ._progress import Progress, track
from ._records import Hit, Tag, WindowHits, deferred_tags
from ._scoring import Model, choose, hits_of, logits, sigmoid
from ._settings import Thresholds as Thresholds  # named by the __init__ attrs writes
from ._settings import check_threshold, check_tuple, floors, thresholds_of
from ._terms import LANGS, Term, TermIndex, tagger_terms

__all__ = ["DEFAULT_THRESHOLD", "Hit", "Tag", "Tagger", "Term", "tag"]

#: The probability from which a `Tagger` tags a principle, by default.
DEFAULT_THRESHOLD = 0.5

#: A text's windows' spans from `Tagger._scores`: lists (Python), bytes (C), None (not kept).
Spans = list[list[Found]] | bytes | None


@attrs.frozen
class Tagger:
    """Tags texts with the principles they are about, with calibrated probabilities.

    The packaged model gives each principle a probability from the terms
    and learned phrases found in the text (see `Tag` and `Hit` for the
    evidence); a principle is tagged when its probability reaches its
    threshold: *threshold* (0.5 by default), or the one *thresholds* sets
    for it. A text longer than 600 characters is scored in windows of whole
    sentences, and a principle's probability is that of its likeliest window
    among those holding any evidence.

    Extra terms count as lexicon terms of their principle (the weight of
    the model's lexicon feature); excluded terms are not looked for. With a
    charter whose data version has no trained model, each principle is
    scored from its own terms only: one term gives 0.52, two 0.79.

    A Tagger is immutable, hashable and cheap to pickle (to worker
    processes): it holds its settings only, and compiles its matchers on
    first use, once per process.

    Attributes:
        charter: The charter whose principles' keywords are looked for (the
            packaged one when ``None``).
        lexicon: The terms looked for besides the keywords. ``None`` (the
            default) means the packaged `Lexicon` when it has the charter's
            data version (always so for the packaged charter), and no more
            terms than the keywords otherwise. A lexicon must have the
            charter's data version.
        threshold: The probability from which a principle is tagged.
        thresholds: Per-principle thresholds, overriding *threshold*:
            ``{7: 0.7}``, stored as sorted pairs.
        languages: The languages of the terms to look for.
        extra_terms: Terms to look for besides the charter's keywords.
        exclude_terms: Terms not to look for, compared folded (``"Équité"``
            excludes ``"équité"``); each must be a term of the lexicon.

    >>> tagger = Tagger(thresholds={7: 0.9})
    >>> [t.principle.number for t in tagger.tag("Un comité de patients relit nos brochures.")]
    []
    """

    charter: Charter | None = attrs.field(default=None, kw_only=True)
    lexicon: Lexicon | None = attrs.field(default=None, kw_only=True)
    threshold: float = attrs.field(default=DEFAULT_THRESHOLD, kw_only=True)
    thresholds: tuple[tuple[int, float], ...] = attrs.field(
        default=(), kw_only=True, converter=thresholds_of
    )
    languages: tuple[Lang, ...] = attrs.field(default=LANGS, kw_only=True)
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
        check_threshold("threshold", self.threshold)
        check_tuple("languages", self.languages, str)
        for lang in self.languages:
            check_lang(lang, allow_none=False)
        if not self.languages or len(set(self.languages)) != len(self.languages):
            raise InvalidValueError(
                f"languages must be distinct languages, at least one, not {self.languages!r}"
            )
        check_tuple("extra_terms", self.extra_terms, Term)
        for term in self.extra_terms:
            if term.lang is None:
                raise InvalidValueError(f"extra term {term.text!r} needs a language, 'fr' or 'en'")
        check_tuple("exclude_terms", self.exclude_terms, str)
        self._terms  # noqa: B018 - validates the terms now, not on first use
        numbers = {p.number for p in self._terms.charter.principles}
        for number, _ in self.thresholds:
            if number not in numbers:
                raise InvalidValueError(
                    f"thresholds: no principle {number} (expected one of {sorted(numbers)})"
                )

    @functools.cached_property
    def _terms(self) -> TermIndex:
        return tagger_terms(
            self.charter, self.lexicon, self.languages, self.extra_terms, self.exclude_terms
        )

    @functools.cached_property
    def _model(self) -> Model:
        from ._scoring import packaged_model, prior_model

        charter = self._terms.charter
        model = packaged_model()
        numbers = [p.number for p in charter.principles]
        if model.version != charter.version or len(model.principles) != len(numbers):
            model = prior_model(numbers, charter.version)
        return model

    @functools.cached_property
    def _cut(self) -> tuple[float, ...]:
        """The threshold of each principle, in charter order."""
        overrides = dict(self.thresholds)
        return tuple(
            overrides.get(p.number, float(self.threshold)) for p in self._terms.charter.principles
        )

    @functools.cached_property
    def _floors(self) -> tuple[tuple[float, float], ...]:
        return floors(self._cut)

    @property
    def terms(self) -> tuple[Term, ...]:
        """Every term this tagger looks for, the charter's then the extra ones.

        >>> len(Tagger(languages=("fr",)).terms) < len(Tagger().terms)
        True
        """
        return self._terms.terms

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
        terms = self._terms.terms
        found = self._found(text, lang, phrases=False)
        return tuple(Hit(start, end, terms[term]) for start, end, _, term in found)

    def _found(self, text: str, lang: Lang | None, *, phrases: bool = True) -> list[Found]:
        """The lexicon hits in *text*, and the learned phrases if *phrases*, in text order:
        in C where it can (`unicancer._compiled`), in Python otherwise, the same spans."""
        native = scorer(self._terms, self._model, lang)
        if native is not None:
            return native.found(text, phrases)
        return extract(self._terms, self._model.phrases if phrases else frozenset(), text, lang)

    def _size(self, text: str) -> int:
        """The C scorer's window size for *text*: the whole text at most (any int: the model's)."""
        return min(self._model.window, len(text) + 1)

    def _parts(self, text: str, lang: Lang | None) -> list[list[Found]]:
        """The spans of each window of *text* that holds any (as `split` cuts them)."""
        native = scorer(self._terms, self._model, lang)
        if native is not None:
            return native.parts(text, self._size(text))
        return split(text, self._found(text, lang), self._model.window)

    def _windows(self, text: str, lang: Lang | None) -> list[tuple[list[float], list[Found]]]:
        """Each window's log-odds per principle and the spans found in it."""
        compiled, principles = self._model.compiled, self._terms.principles
        return [(logits(compiled, part, principles), part) for part in self._parts(text, lang)]

    def _scores(
        self, text: str, lang: Lang | None, *, keep: bool = False
    ) -> tuple[list[float], list[int], Spans]:
        """Each principle's log-odds in its likeliest window (the first of the best), the
        window's number among those holding any span, and, where the Python path scored
        the text, those windows' spans; where C did, what it kept of them if *keep*.

        In C (`unicancer._compiled`) where it can, in Python otherwise: the same numbers.
        """
        native = scorer(self._terms, self._model, lang)
        if native is not None:
            if keep:
                return native.score(text, self._size(text), True)
            return (*native.score(text, self._size(text)), None)
        scored = self._windows(text, lang)
        best: list[float] = []
        where: list[int] = []
        for column in zip(*(values for values, _ in scored), strict=True):
            value = max(column)
            best.append(value)
            where.append(column.index(value))
        return best, where, [part for _, part in scored]

    def probabilities(self, text: str, *, lang: Lang | None = None) -> Mapping[int, float]:
        """Return the probability of every principle for *text*, by number.

        Unlike `tag`, nothing is left out: the mapping has every principle,
        in charter order, whatever the thresholds.

        Raises:
            InvalidTypeError: *text* is not a `str`.
            InvalidValueError: *lang* is invalid.

        >>> probabilities = Tagger().probabilities("Le comité de patients relit nos brochures.")
        >>> max(probabilities, key=probabilities.__getitem__)
        7
        """
        lang = self._check(text, lang)
        best, _, _ = self._scores(text, lang)
        numbers = [p.number for p in self._terms.charter.principles]
        return MappingProxyType(
            {n: round(sigmoid(x), 6) for n, x in zip(numbers, best, strict=True)}
        )

    def tag(self, text: str, *, lang: Lang | None = None) -> tuple[Tag, ...]:
        """Return the principles *text* is about, best first.

        Ties are in charter order. An empty text has no tags.

        Raises:
            InvalidTypeError: *text* is not a `str`.
            InvalidValueError: *lang* is not ``"fr"``, ``"en"`` or ``None``,
                or not one of the tagger's languages.

        >>> tags = Tagger().tag("Nos patients partenaires siègent au comité de patients.")
        >>> [(t.principle.slug, t.score > 0.9) for t in tags]
        [('patient-partnership', True)]
        """
        lang = self._check(text, lang)
        return self._tag(text, lang)

    def _tag(self, text: str, lang: Lang | None) -> tuple[Tag, ...]:
        if not text:
            return ()
        best, where, spans = self._scores(text, lang, keep=True)
        return self._tags(text, lang, choose(best, where, self._floors), spans)

    def _tagging(self, lang: Lang | None) -> Callable[[str], tuple[Tag, ...]]:
        """`_tag` of texts in *lang* (checked), looking up once what it looks up each call."""
        native, made = scorer(self._terms, self._model, lang), evidence(self._terms, self._model)
        if native is None or made is None:
            return functools.partial(self._tag, lang=lang)
        return tagging(native, made, self._model.window, self._floors, self._terms.charter)

    def _choosing(self, lang: Lang | None) -> Callable[[str], list[Chosen]]:
        """The tags of a text in *lang* as numbers: what worker processes send back."""
        native, floors, scores = scorer(self._terms, self._model, lang), self._floors, self._scores
        if native is not None:
            return Chooser(native, self._model.window, floors)
        return lambda text: choose(*scores(text, lang)[:2], floors) if text else []

    def _tags(
        self, text: str, lang: Lang | None, chosen: list[Chosen], spans: Spans = None
    ) -> tuple[Tag, ...]:
        """The `Tag` of each of *chosen*, its hits made when first read (those of one
        window together) from *spans* if known (else found): in C from what it kept."""
        if not chosen:
            return ()
        native, made = scorer(self._terms, self._model, lang), evidence(self._terms, self._model)
        hits: WindowHits
        if native is not None and made is not None and not isinstance(spans, list):
            hits = KeptHits(native, made, text, self._size(text), spans)
        else:
            given = spans if isinstance(spans, list) else None
            parts = Parts(functools.partial(self._parts, text, lang), given)
            hits = functools.partial(parts.hits, self._evidence)
        return deferred_tags(self._terms.charter.principles, chosen, hits)

    def explain(self, text: str, principle: int | str, *, lang: Lang | None = None) -> Tag:
        """Return the tag *text* would get for *principle*, whatever the threshold.

        Its score may be below the threshold, and its hits say why: what
        pushed the probability up, and what pushed it down.

        Raises:
            InvalidTypeError: *text* is not a `str`.
            InvalidValueError: *lang* is invalid.
            NotFoundError: No principle has that number or slug.

        >>> tag = Tagger().explain("Les soins, la recherche et l'enseignement.", 6)
        >>> tag.score < 0.5
        True
        """
        lang = self._check(text, lang)
        charter = self._terms.charter
        chosen = charter.principle(principle)
        index = charter.principles.index(chosen)
        values, found = max(self._windows(text, lang), key=lambda window: window[0][index])
        (hits,) = self._evidence(found, [index])
        return Tag(chosen, round(sigmoid(values[index]), 6), hits)

    def _evidence(self, found: list[Found], indices: list[int]) -> list[tuple[Hit, ...]]:
        """The hits of *found* that move each principle of *indices*, with their shares:
        in C where it can (`unicancer._compiled.evidence`), in Python otherwise."""
        native = evidence(self._terms, self._model)
        if native is not None:
            return native(found, indices)
        return hits_of(self._model.compiled, self._terms, found, indices)

    def tag_many(
        self,
        texts: Iterable[str],
        *,
        lang: Lang | None = None,
        processes: int = 1,
        chunksize: int = 64,
        progress: Progress = None,
    ) -> Iterator[tuple[Tag, ...]]:
        """Tag each of *texts*, yielding results in input order as they come.

        Streams: *texts* is read lazily and only a few chunks of *chunksize*
        texts per process are in flight, so memory stays bounded whatever
        the number of texts. With *processes* > 1, chunks are tagged in that
        many worker processes; results are the same as `tag`'s. A list or
        tuple of texts is then read as it is when the first result is asked
        for and, where worker processes are forked (the default on Linux),
        not sent to them: they read it in the memory they share with this
        process. Fewer than four million characters in a list or tuple are
        tagged here: starting workers would cost more than they save.

        *progress* reports the texts tagged: ``True`` shows a tqdm bar
        (``pip install "unicancer[progress]"``), a callable is called with
        the number of texts tagged since its previous call; off by default.

        Raises:
            InvalidTypeError: an item of *texts* is not a `str` (raised when
                it is reached), or *processes* / *chunksize* is not an int,
                or *progress* is neither a bool, ``None`` nor callable.
            InvalidValueError: *processes* or *chunksize* is below 1, or
                *lang* is invalid, or *progress* is ``True`` without tqdm
                (raised at once).

        >>> results = Tagger().tag_many(["comité de patients", "rien"])
        >>> [[t.principle.number for t in tags] for tags in results]
        [[7], []]
        """
        from ._parallel import check_pool, chunks, small, tag_in_pool

        check_pool(processes=processes, chunksize=chunksize)
        self._check("", lang)
        total = len(texts) if isinstance(texts, Sized) else None
        iterator = iter(texts)
        if processes == 1 or (isinstance(texts, (list, tuple)) and small(texts)):
            tag = self._tagging(lang)
            tagged = (tag(text) for chunk in chunks(iterator, chunksize) for text in chunk)
            return track(tagged, progress, total)
        if not isinstance(texts, (list, tuple)):
            texts = iterator
        return track(tag_in_pool(self, texts, lang, processes, chunksize), progress, total)


#: The default Tagger, once made; and the lock held while it is, so that threads first
#: tagging at once make one.
_defaults: list[Tagger] = []
_default_lock = threading.Lock()


def _default() -> Tagger:
    if not _defaults:
        with _default_lock:
            if not _defaults:
                _defaults.append(Tagger())
    return _defaults[0]


def tag(text: str, *, lang: Lang | None = None) -> tuple[Tag, ...]:
    """Return the principles *text* is about, best first, with a default `Tagger`.

    >>> from unicancer import tag
    >>> [t.principle.number for t in tag("Le benchmarking des indicateurs de qualité")]
    [10]
    """
    return _default().tag(text, lang=lang)
