"""Scoring in C: a tagger's terms, the model's phrases and weights, compiled once.

`unicancer._native` (``_native.c``) folds a text, finds the terms and phrases
and sums the model's weights in each window in one pass of C, and gives each
principle's log-odds in its likeliest window: what `unicancer._features` and
`unicancer._scoring` compute in Python, to the last bit (``tests/test_native.py``
compares both on generated and real text), characters folding to several or
to none (``œ``, ``ß``, combining accents) included. The hits of a tag, when
read, are made in C too (``_evidence.c``, `evidence`), with the shares
`unicancer._scoring.contributions` gives them.

Where the extension is not compiled (an install without a C compiler), or
where ``UNICANCER_PURE_PYTHON`` is set in the environment, `scorer` gives
``None`` and everything takes the Python path.
"""

from __future__ import annotations

import itertools
import math
import os
import struct
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Literal, Protocol, cast, overload

from ._folding import _bytes_tables
from ._model import Charter, Lang
from ._records import Hit, Tag, deferred_tags, learned_term

if TYPE_CHECKING:
    from ._features import Chosen, Found
    from ._scoring import Model
    from ._terms import TermIndex

__all__ = [
    "ENABLED",
    "Chooser",
    "Evidence",
    "KeptHits",
    "Scorer",
    "available",
    "compiled",
    "evidence",
    "pack",
    "scorer",
    "tagging",
]

try:  # pragma: no branch - both ways are tested, the Python one by forcing it
    from ._native import Evidence as _NativeEvidence  # type: ignore[import-not-found]
    from ._native import Scorer as _NativeScorer
except ImportError:  # pragma: no cover - compiled on every supported install
    _NativeScorer = _NativeEvidence = None


class Scorer(Protocol):
    """`_native.Scorer`, as the tagger uses it."""

    @overload
    def score(self, text: str, size: int, /) -> tuple[list[float], list[int]]: ...

    @overload
    def score(
        self, text: str, size: int, keep: Literal[True], /
    ) -> tuple[list[float], list[int], bytes]: ...

    def score(
        self, text: str, size: int, keep: bool = False, /
    ) -> tuple[list[float], list[int]] | tuple[list[float], list[int], bytes]:
        """Each principle's best log-odds and its window's number (see `_native`), and
        if *keep* the matches, for `hits`."""

    def choose(self, text: str, size: int, floors: bytes, /) -> tuple[list[Chosen], bytes]:
        """`unicancer._scoring.choose` of ``score(text, size)`` and the matches kept;
        *floors* as `packed` gives them."""

    def choose_many(
        self, texts: tuple[str, ...], start: int, stop: int, window: int, floors: bytes, /
    ) -> list[list[Chosen]]:
        """``choose(text, min(window, len(text) + 1), floors)[0]`` of each text of
        ``texts[start:stop]`` (``[]`` if empty), the texts read where they are."""

    def hits(
        self, spans: bytes, window: int, indices: list[int], evidence: Evidence, /
    ) -> list[tuple[Hit, ...]]:
        """What ``evidence(parts(text, size)[window], indices)`` gives, from the *spans*
        that ``score(text, size, True)`` kept."""

    def found(self, text: str, phrases: bool, /) -> list[Found]:
        """The spans of *text*, the learned phrases' if *phrases*, as `extract` gives them."""

    def parts(self, text: str, size: int, /) -> list[list[Found]]:
        """``found(text, True)`` cut into windows of *size*, as `split` cuts them."""


class Evidence(Protocol):
    """`_native.Evidence`, as the tagger uses it."""

    def __call__(self, found: list[Found], indices: list[int], /) -> list[tuple[Hit, ...]]:
        """The hits of one window's *found* spans that move each principle of *indices*."""


class KeptHits:
    """The hits of each window of one text (a `WindowHits`), made in C from the spans
    that `Scorer.score` kept of it; where not given, kept by scoring the text again
    when first asked.

    What it holds: *spans* (bytes, a few per match), or the text until then.
    """

    __slots__ = ("_evidence", "_scorer", "_size", "_spans", "_text")

    def __init__(
        self, scorer: Scorer, evidence: Evidence, text: str, size: int, spans: bytes | None
    ) -> None:
        self._scorer, self._evidence, self._size = scorer, evidence, size
        self._spans, self._text = spans, text if spans is None else ""

    def __call__(self, window: int, indices: list[int]) -> list[tuple[Hit, ...]]:
        if self._spans is None:
            self._spans = self._scorer.score(self._text, self._size, True)[2]
            self._text = ""
        return self._scorer.hits(self._spans, window, indices, self._evidence)


def pack(floors: Sequence[tuple[float, float]]) -> bytes:
    """*floors* (`unicancer._settings.floors`) as `Scorer.choose` reads them: doubles."""
    return struct.pack(f"{2 * len(floors)}d", *itertools.chain.from_iterable(floors))


class Chooser:
    """A text's tags as numbers (index, score, window), chosen in C: what worker processes
    send back (`Tagger._choosing`; *window* the model's, *floors* the tagger's)."""

    __slots__ = ("_choose", "_many", "_packed", "_window")

    def __init__(self, native: Scorer, window: int, floors: Sequence[tuple[float, float]]):
        self._choose, self._many = native.choose, native.choose_many
        self._window, self._packed = window, pack(floors)

    def __call__(self, text: str) -> list[Chosen]:
        return self._choose(text, min(self._window, len(text) + 1), self._packed)[0] if text else []

    def many(self, texts: tuple[str, ...], start: int, stop: int) -> list[list[Chosen]]:
        """Those of ``texts[start:stop]``, read where they are: a forked worker copies no
        page of its parent's texts (a reference to each text would)."""
        return self._many(texts, start, stop, self._window, self._packed)


def tagging(
    native: Scorer,
    made: Evidence,
    window: int,
    floors: Sequence[tuple[float, float]],
    charter: Charter,
) -> Callable[[str], tuple[Tag, ...]]:
    """`Tagger._tag` in C of texts in one language (*native*'s), with what it looks up
    for each text looked up once: the same tags, a few µs sooner a text, for those who
    tag many (`Tagger.tag_many`, `unicancer.frame.tag_frame`).

    *window* is the model's, *floors* and *charter* the tagger's.
    """
    choose, packed, principles = native.choose, pack(floors), charter.principles

    def tag(text: str) -> tuple[Tag, ...]:
        if not text:
            return ()
        size = min(window, len(text) + 1)  # as `Tagger._size`
        chosen, spans = choose(text, size, packed)
        if not chosen:
            return ()
        return deferred_tags(principles, chosen, KeptHits(native, made, text, size, spans))

    return tag


#: Whether tagging scores in C: compiled, and not turned off (read once, at import).
ENABLED = _NativeScorer is not None and not os.environ.get("UNICANCER_PURE_PYTHON")


def available() -> bool:
    """Whether tagging can score in C here: compiled, and not turned off."""
    return ENABLED


def compiled() -> bool:
    """Whether the C core is compiled here (turned off or not)."""
    return _NativeScorer is not None


def scorer(terms: TermIndex, model: Model, lang: Lang | None) -> Scorer | None:
    """The C scorer of *terms* (of *lang*) and *model*, made once per index and language.

    *model* is that of the tagger whose index *terms* is: one model per index.
    ``None`` where the C path cannot be used: not available, or a term or
    phrase holds a character that folded bytes cannot (a Greek letter).
    """
    if not ENABLED:
        return None
    cache = terms.scorers
    if lang not in cache:
        with _compiling:
            if lang not in cache:
                cache[lang] = _make(terms, model, lang)
    return cast("Scorer | None", cache[lang])


def evidence(terms: TermIndex, model: Model) -> Evidence | None:
    """The C maker of the hits of the tags of *terms* and *model*, made once per index.

    It gives what `Tagger._evidence` gives in Python: the same hits, the same
    shares. ``None`` where the C path cannot be used: not available, or a
    charter numbered otherwise than 1 to its size.
    """
    if not ENABLED:
        return None
    made = terms.evidence
    if not made:
        with _compiling:
            if not made:
                made.append(_make_evidence(terms, model))
    return cast("Evidence | None", made[0])


def _make_evidence(
    terms: TermIndex, model: Model, hit: type = Hit, phrases: tuple[str, ...] | None = None
) -> Evidence | None:
    compiled = model.compiled
    size = compiled.size
    lexicons = [w.lexicon for w in model.principles]
    if any(not 1 <= n <= size for n in terms.principles) or any(
        len(lexicon) != size for lexicon in lexicons
    ):
        return None  # numbered otherwise: the Python path says what it does
    vectors: tuple[dict[str, tuple[float, ...]], dict[str, tuple[float, ...]]] = ({}, {})
    for (key, is_phrase), vector in compiled.vectors.items():
        vectors[is_phrase][key] = tuple(map(float, vector))
    return _NativeEvidence(  # type: ignore[no-any-return]
        principles=terms.principles,
        lexicon=[float(w) for lexicon in lexicons for w in lexicon],
        terms=terms.terms,
        term_vectors=vectors[0],
        phrase_vectors=vectors[1],
        numbers=tuple(p.number for p in terms.charter.principles),
        learned=learned_term,
        hit=hit,
        # Numbered as the scorers number them (any other order is checked, and not used).
        phrases=tuple(sorted(model.phrases)) if phrases is None else phrases,
    )


#: Held while a scorer is compiled: threads first tagging at once compile it once.
_compiling = threading.Lock()


def _make(terms: TermIndex, model: Model, lang: Lang | None) -> Scorer | None:
    tables = _bytes_tables()
    index = terms.index[lang]
    keys = sorted(index)
    phrases = sorted(model.phrases)
    allowed = tables.alphabet | {" ", "'"}
    if not set("".join(keys)) <= allowed or not set("".join(phrases)) <= allowed:
        return None
    compiled = model.compiled
    size = compiled.size
    # Each key's lexicon features: its principles' numbers - 1, once each (as `features`).
    pstart, principles = [0], []
    for key in keys:
        numbers = sorted({terms.principles[position] for position in index[key]})
        if any(not 1 <= n <= size for n in numbers):
            return None  # a charter numbered otherwise: the Python path says what it does
        principles += [n - 1 for n in numbers]
        pstart.append(len(principles))
    rows: list[tuple[float, ...]] = []
    row_of: dict[tuple[str, bool], int] = {}

    def row(feature: tuple[str, bool]) -> int:
        vector = compiled.vectors.get(feature)
        if vector is None:
            return -1
        if feature not in row_of:
            row_of[feature] = len(rows)
            rows.append(vector)
        return row_of[feature]

    term_rows = [row((key, False)) for key in keys]
    phrase_rows = [row((phrase, True)) for phrase in phrases]
    code = tables.codes
    return _NativeScorer(  # type: ignore[no-any-return]
        terms=[k.encode("latin-1") for k in keys],
        phrases=[p.encode("latin-1") for p in phrases],
        pstart=pstart,
        principles=principles,
        term_rows=term_rows,
        phrase_rows=phrase_rows,
        weights=[w for vector in rows for w in vector],
        bias=list(compiled.bias),
        lexicon=[w for q in range(size) for w in compiled.lexicon[q]],
        log1p=[math.log1p(n) for n in range(len(keys) + 1)],
        table=tables.table,
        code=lambda char: code[char][0],
        piece=tables.irregular.__getitem__,
        term_keys=tuple(keys),
        term_positions=tuple(tuple(index[key]) for key in keys),
        phrase_keys=tuple(phrases),
    )
