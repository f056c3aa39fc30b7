"""Properties of tagging, against a brute-force reference matcher."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from tests.strategies import (
    KEYWORDS,
    TRICKY_CHARS,
    any_text,
    latin1_texts_with_terms,
    texts_with_terms,
    tricky_phrases_and_texts,
    written,
)
from unicancer import Tagger, Term
from unicancer._folding import _bytes_tables
from unicancer._matching import (
    PhraseMatcher,
    _bytes_matches,
    _bytes_pattern,
    _str_matches,
    _str_pattern,
    _trie,
)
from unicancer._text import fold, fold_char

TAGGER = Tagger()
PHRASES = frozenset(term.folded for term in TAGGER.terms)


def is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def reference_spans(text: str, phrases: frozenset[str]) -> list[tuple[int, int]]:
    """Leftmost-longest matches, found by folding every window of *text*.

    A window matches when its characters, folded one by one and joined, read
    as a phrase (runs of whitespace as one space) and no folded word
    character touches it on either side.
    """
    pieces = [fold_char(char) for char in text]
    # No phrase is longer than this, written with the widest separators and marks.
    longest_window = 4 * max(map(len, phrases))

    def word_before(i: int) -> bool:
        before = "".join(pieces[:i])
        return bool(before) and is_word(before[-1])

    def word_after(j: int) -> bool:
        after = "".join(pieces[j:])
        return bool(after) and is_word(after[0])

    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(text):
        longest = None
        if not word_before(i):
            window = ""
            for j in range(i + 1, min(len(text), i + longest_window) + 1):
                window += pieces[j - 1]
                if (
                    window
                    and not window[0].isspace()
                    and not window[-1].isspace()
                    and " ".join(window.split()) in phrases
                    and not word_after(j)
                ):
                    longest = j
        if longest is None:
            i += 1
        else:
            spans.append((i, longest))
            i = longest
    return spans


def spans(text: str) -> list[tuple[int, int]]:
    return sorted({(hit.start, hit.end) for hit in TAGGER.hits(text)})


@given(texts_with_terms)
def test_hits_are_those_of_the_reference_matcher(text: str) -> None:
    assert spans(text) == reference_spans(text, PHRASES)


@given(any_text)
def test_hits_in_arbitrary_text_are_those_of_the_reference_matcher(text: str) -> None:
    assert spans(text) == reference_spans(text, PHRASES)


@given(latin1_texts_with_terms)
def test_hits_in_latin1_text_are_those_of_the_reference_matcher(text: str) -> None:
    assert spans(text) == reference_spans(text, PHRASES)


@given(tricky_phrases_and_texts())
def test_both_ways_of_matching_are_the_reference_matcher(
    phrases_and_text: tuple[frozenset[str], str],
) -> None:
    """Folded bytes, where the phrases allow it (with the automaton or regular
    expressions), and lowercased text, always."""
    phrases, text = phrases_and_text
    trie = _trie(phrases)
    expected = [
        (start, end, fold(text[start:end])) for start, end in reference_spans(text, phrases)
    ]
    assert list(_str_matches(_str_pattern(trie), text)) == expected
    tables = _bytes_tables()
    if all(c in tables.alphabet or c in " '" for c in "".join(phrases)):
        assert list(_bytes_matches(_bytes_pattern(trie, tables), text)) == expected
    for automaton in (True, False):
        assert list(PhraseMatcher(phrases, automaton=automaton).matches(text)) == expected


#: Terms in letters of no Latin-1 text; tagged with the charter's, by the slower way.
OTHER_TERMS = (Term(1, "Łódź", "fr"), Term(2, "µg", "fr"), Term(3, "ðøþ æ", "fr"))
OTHER_TAGGER = Tagger(extra_terms=OTHER_TERMS)
OTHER_PHRASES = frozenset(term.folded for term in OTHER_TAGGER.terms)
other_texts = st.lists(
    st.one_of(
        st.sampled_from([*KEYWORDS, *(t.text for t in OTHER_TERMS)]).flatmap(written),
        st.text(alphabet=TRICKY_CHARS, max_size=6),
    ),
    max_size=8,
).map("".join)


@given(other_texts)
def test_hits_of_terms_in_other_letters_are_those_of_the_reference_matcher(text: str) -> None:
    found = sorted({(hit.start, hit.end) for hit in OTHER_TAGGER.hits(text)})
    assert found == reference_spans(text, OTHER_PHRASES)


@given(any_text)
def test_arbitrary_text_tags_without_error_and_spans_map_back(text: str) -> None:
    tags = TAGGER.tag(text)
    hits = TAGGER.hits(text)
    assert [t.score for t in tags] == sorted((t.score for t in tags), reverse=True)
    for hit in hits:
        assert 0 <= hit.start < hit.end <= len(text)
        assert fold(text[hit.start : hit.end]) == hit.term.folded
    for first, second in itertools.pairwise(hits):
        assert first.end <= second.start or (first.start, first.end) == (
            second.start,
            second.end,
        )


@st.composite
def one_text_written_twice(draw: st.DrawFn) -> tuple[str, str]:
    keywords = draw(st.lists(st.sampled_from(KEYWORDS), min_size=1, max_size=5))
    filler = draw(st.sampled_from([". ", " et ", ", and ", " ; "]))
    first = filler.join(draw(written(k)) for k in keywords)
    second = filler.join(draw(written(k)) for k in keywords)
    return first, second


def summary(text: str) -> list[tuple[int, float, list[str]]]:
    return [
        (t.principle.number, t.score, [h.term.folded for h in t.hits]) for t in TAGGER.tag(text)
    ]


@given(one_text_written_twice())
def test_tags_ignore_case_accents_apostrophes_and_hyphens(texts: tuple[str, str]) -> None:
    first, second = texts
    assert summary(first) == summary(second)
    assert TAGGER.hits(first)  # every keyword is found


@given(st.lists(texts_with_terms, max_size=10), st.sampled_from([None, "fr", "en"]))
def test_tag_many_is_tag_in_order(texts: list[str], lang: str | None) -> None:
    assert list(TAGGER.tag_many(iter(texts), lang=lang, chunksize=3)) == [  # type: ignore[arg-type]
        TAGGER.tag(text, lang=lang)  # type: ignore[arg-type]
        for text in texts
    ]


@given(any_text)
def test_fold_is_fold_char_per_character_then_spaces_collapsed(text: str) -> None:
    assert fold(text) == " ".join("".join(map(fold_char, text)).split())
