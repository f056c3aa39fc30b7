"""The C path of scoring gives, to the last bit, what the Python path gives."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.native import python_path
from tests.strategies import (
    any_text,
    found_spans,
    long_texts_with_terms,
    shares,
    texts_with_terms,
    tricky_phrases_and_texts,
)
from unicancer import Tagger, Term, _compiled
from unicancer._features import Found, split
from unicancer._scoring import choose
from unicancer._settings import floors
from unicancer._text import is_phrase

pytestmark = pytest.mark.skipif(not _compiled.available(), reason="the C core is not compiled")

TAGGER = Tagger()


def both_ways(tagger: Tagger, text: str, lang: str | None = None) -> tuple[object, object]:
    """`Tagger._scores` in C and in Python."""
    in_c = tagger._scores(text, lang)  # type: ignore[arg-type]
    assert in_c[2] is None, "the C path scored it"
    with python_path():
        in_python = tagger._scores(text, lang)  # type: ignore[arg-type]
    return in_c[:2], in_python[:2]


@given(texts_with_terms)
def test_scores_of_texts_with_terms_are_the_python_ones(text: str) -> None:
    c, python = both_ways(TAGGER, text)
    assert c == python


@given(long_texts_with_terms)
def test_scores_of_long_texts_are_the_python_ones_window_by_window(text: str) -> None:
    c, python = both_ways(TAGGER, text)
    assert c == python


@given(any_text, st.sampled_from([None, "fr", "en"]))
def test_scores_of_any_text_are_the_python_ones(text: str, lang: str | None) -> None:
    c, python = both_ways(TAGGER, text, lang)
    assert c == python


def tricky_tagger(phrases: frozenset[str]) -> Tagger | None:
    """A tagger with *phrases* as extra terms; ``None`` where a letter folded bytes cannot
    hold keeps it on the Python path only."""
    extra = tuple(Term(1 + i % 10, p, "fr") for i, p in enumerate(sorted(phrases)) if is_phrase(p))
    tagger = Tagger(extra_terms=extra)
    return tagger if _compiled.scorer(tagger._terms, tagger._model, None) is not None else None


@given(tricky_phrases_and_texts())
def test_scores_with_tricky_terms_are_the_python_ones(case: tuple[frozenset[str], str]) -> None:
    phrases, text = case
    tagger = tricky_tagger(phrases)
    if tagger is not None:
        c, python = both_ways(tagger, text * 40)  # several windows
        assert c == python


def spans_both_ways(tagger: Tagger, text: str, lang: str | None = None) -> None:
    """`Tagger._found` in C and in Python, with and without the phrases, are equal."""
    for phrases in (False, True):
        in_c = tagger._found(text, lang, phrases=phrases)  # type: ignore[arg-type]
        with python_path():
            in_python = tagger._found(text, lang, phrases=phrases)  # type: ignore[arg-type]
        assert in_c == in_python


def parts_both_ways(tagger: Tagger, text: str, lang: str | None = None) -> None:
    """`Tagger._parts` (the spans of each window) in C and in Python are equal."""
    in_c = tagger._parts(text, lang)  # type: ignore[arg-type]
    with python_path():
        in_python = tagger._parts(text, lang)  # type: ignore[arg-type]
    assert in_c == in_python
    assert in_c == split(text, tagger._found(text, lang), tagger._model.window)  # type: ignore[arg-type]


@given(long_texts_with_terms, st.sampled_from([None, "fr", "en"]))
def test_windows_spans_of_long_texts_are_the_python_ones(text: str, lang: str | None) -> None:
    parts_both_ways(TAGGER, text, lang)


@given(any_text, st.integers(1, 40))
def test_windows_spans_of_any_text_and_window_are_splits(text: str, size: int) -> None:
    native = _compiled.scorer(TAGGER._terms, TAGGER._model, None)
    assert native is not None
    found = native.found(text, True)
    assert native.parts(text, size) == split(text, found, size)


@given(tricky_phrases_and_texts())
def test_windows_spans_with_tricky_terms_are_the_python_ones(
    case: tuple[frozenset[str], str],
) -> None:
    phrases, text = case
    tagger = tricky_tagger(phrases)
    if tagger is not None:
        parts_both_ways(tagger, text * 40)  # several windows


@given(texts_with_terms)
def test_spans_of_texts_with_terms_are_the_python_ones(text: str) -> None:
    spans_both_ways(TAGGER, text)


@given(any_text, st.sampled_from([None, "fr", "en"]))
def test_spans_of_any_text_are_the_python_ones(text: str, lang: str | None) -> None:
    spans_both_ways(TAGGER, text, lang)


@given(tricky_phrases_and_texts())
def test_spans_with_tricky_terms_are_the_python_ones(case: tuple[frozenset[str], str]) -> None:
    phrases, text = case
    tagger = tricky_tagger(phrases)
    if tagger is not None:
        spans_both_ways(tagger, text * 3)


def evidence_both_ways(tagger: Tagger, found: list[Found]) -> None:
    """The hits and shares of *found* (one window's spans), for every principle, in C and
    in Python, are equal."""
    indices = list(range(len(tagger._terms.charter.principles)))
    in_c = tagger._evidence(found, indices)
    with python_path():
        in_python = tagger._evidence(found, indices)
    assert in_c == in_python
    assert [[h.weight for h in hits] for hits in in_c] == [
        [h.weight for h in hits] for hits in in_python
    ]  # the same floats (equality of -0.0 and 0.0 aside: no hit weighs 0)


@given(long_texts_with_terms)
def test_hits_of_each_window_of_long_texts_are_the_python_ones(text: str) -> None:
    for part in split(text, TAGGER._found(text, None), TAGGER._model.window):
        evidence_both_ways(TAGGER, part)


@given(tricky_phrases_and_texts())
def test_hits_with_tricky_terms_are_the_python_ones(case: tuple[frozenset[str], str]) -> None:
    phrases, text = case
    tagger = tricky_tagger(phrases)
    if tagger is not None:
        evidence_both_ways(tagger, tagger._found(text * 3, None))


def kept_both_ways(tagger: Tagger, text: str, size: int, lang: str | None = None) -> None:
    """The hits that `Scorer.hits` makes of the spans `Scorer.score` kept of *text* are,
    window by window, those the evidence gives of its parts; keeping changes no score."""
    native = _compiled.scorer(tagger._terms, tagger._model, lang)  # type: ignore[arg-type]
    made = _compiled.evidence(tagger._terms, tagger._model)
    assert native is not None
    assert made is not None
    logits, where, kept = native.score(text, size, True)
    assert (logits, where) == native.score(text, size)
    parts = native.parts(text, size)
    indices = list(range(len(tagger._terms.charter.principles)))
    assert isinstance(kept, bytes)
    if not kept:
        assert parts == [[]]
    for window, part in enumerate(parts):
        assert native.hits(kept, window, indices, made) == made(part, indices)
    assert native.hits(kept, len(parts), indices, made) == [()] * len(indices)


@given(long_texts_with_terms, st.sampled_from([None, "fr", "en"]))
def test_kept_spans_of_long_texts_give_the_hits_of_their_windows(
    text: str, lang: str | None
) -> None:
    kept_both_ways(TAGGER, text, TAGGER._model.window, lang)


@given(any_text, st.integers(1, 40))
def test_kept_spans_of_any_text_and_window_give_the_hits_of_their_windows(
    text: str, size: int
) -> None:
    kept_both_ways(TAGGER, text, size)


#: A tagger where many keys are the terms of two principles: a span for each.
DOUBLED = Tagger(
    extra_terms=tuple(Term(t.principle % 10 + 1, t.text, t.lang) for t in TAGGER.terms[::5])
)


@given(long_texts_with_terms)
def test_kept_spans_of_the_terms_of_two_principles_give_the_hits_of_their_windows(
    text: str,
) -> None:
    assert any(len(positions) > 1 for positions in DOUBLED._terms.index[None].values())
    kept_both_ways(DOUBLED, text, DOUBLED._model.window)


@given(tricky_phrases_and_texts())
def test_kept_spans_with_tricky_terms_give_the_hits_of_their_windows(
    case: tuple[frozenset[str], str],
) -> None:
    phrases, text = case
    tagger = tricky_tagger(phrases)
    if tagger is not None:
        kept_both_ways(tagger, text * 40, tagger._model.window)


#: Keys of terms and of learned phrases (some both), and keys neither weighs.
KEYS = sorted(
    {*TAGGER._terms.index[None]}
    | set(TAGGER._model.phrases)
    | {"patients", "soins", "une cle que rien ne pese"}
)[::23]


@given(found_spans(KEYS, len(TAGGER.terms)))
def test_hits_of_any_spans_are_the_python_ones(found: list[Found]) -> None:
    # Spans in any order, repeated, at one start several times: as `contributions`.
    evidence_both_ways(TAGGER, found)


@given(shares)
def test_shares_are_rounded_in_c_as_round_does(x: float) -> None:
    from unicancer._native import round6  # type: ignore[import-not-found]

    assert round6(x).hex() == round(x, 6).hex()  # the same double, its sign included


@given(
    st.one_of(texts_with_terms, long_texts_with_terms, any_text),
    st.integers(1, 2000),
    st.lists(st.sampled_from([0.0, 1e-6, 0.5, 1.0]) | st.floats(0, 1), min_size=10, max_size=10),
)
def test_choosing_in_c_is_choosing_in_python(text: str, size: int, cuts: list[float]) -> None:
    native = _compiled.scorer(TAGGER._terms, TAGGER._model, None)
    assert native is not None
    limits = floors(cuts)
    best, where, kept = native.score(text, size, True)
    assert native.choose(text, size, _compiled.pack(limits)) == (choose(best, where, limits), kept)
