"""The matcher of tagging: its two ways of matching, and when each is used.

Phrases written in the letters of `_Bytes.alphabet` are found in text folded
to bytes (the fast way); other phrases in text lowercased (the slower way).
The property tests check both against a brute-force reference matcher; here,
that the fast way is taken when it should be, and that it agrees with the
slower one next to every character.
"""

from __future__ import annotations

import codecs
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unicancer import Tagger, Term
from unicancer._folding import _ERRORS, _bytes_tables
from unicancer._matching import (
    PairMatcher,
    PhraseMatcher,
    _bytes_matches,
    _bytes_pattern,
    _str_matches,
    _str_pattern,
    _trie,
)
from unicancer._text import fold_char

PHRASES = frozenset({"ab e", "ab", "e", "ab'e", "ss", "ð"})


def characters() -> list[str]:
    """Every character of the Basic Multilingual Plane, and a sample of the others."""
    astral = [*range(0x10000, 0x110000, 0x101), *range(0x1D400, 0x1D800)]
    return [chr(code) for code in [*range(0x10000), *astral]]


def test_the_fast_way_agrees_with_the_slower_one_next_to_every_character() -> None:
    trie = _trie(PHRASES)
    fast, slow = _bytes_pattern(trie, _bytes_tables()), _str_pattern(trie)
    texts = [
        text
        for char in characters()
        for text in (f"{char}ab{char}e{char}ss{char}ð{char}", f"ab{char}{char}e {char}ss")
    ]
    disagree = [t for t in texts if list(_bytes_matches(fast, t)) != list(_str_matches(slow, t))]
    assert disagree == []
    automaton = PhraseMatcher(PHRASES, automaton=True)
    regex = PhraseMatcher(PHRASES, automaton=False)
    assert automaton._automaton is not None
    disagree = [t for t in texts if list(automaton.matches(t)) != list(regex.matches(t))]
    assert disagree == []


def test_each_latin1_character_is_translated_to_its_fold() -> None:
    tables = _bytes_tables()
    for code, byte in enumerate(tables.table):
        folded = "".join(" " if c.isspace() else c for c in fold_char(chr(code)))
        if byte == 0xDF:  # folded one by one
            assert len(folded) != 1, repr(chr(code))
            assert folded.strip(), repr(chr(code))
        elif chr(byte) in tables.alphabet or chr(byte) in " '":
            assert set(folded) == {chr(byte)}, repr(chr(code))
        elif byte == 0xB5:  # another word character
            assert len(folded) == 1, repr(chr(code))
            assert folded.isalnum(), repr(chr(code))
        else:  # punctuation or symbols
            assert byte == 0, repr(chr(code))
            assert not any(c.isalnum() or c in " '_" for c in folded), repr(chr(code))
    # What the codec error handler gives is translated to itself.
    for byte in (0x00, 0xB5, 0xDF, *map(ord, tables.alphabet), ord(" "), ord("'")):
        assert tables.table[byte] == byte


@pytest.mark.parametrize(
    ("terms", "fast"),
    [
        ((), True),  # the charter's terms
        ((Term(1, "fjörður", "fr"), Term(1, "Dürer", "en")), True),
        ((Term(1, "Łódź", "fr"),), False),  # ł: outside Latin-1
        ((Term(1, "µg", "fr"),), False),  # folds to Greek mu
    ],
)
def test_the_fast_way_is_taken_when_the_phrases_allow_it(
    terms: tuple[Term, ...], fast: bool
) -> None:
    tagger = Tagger(extra_terms=terms)
    phrases = [term.folded for term in tagger.terms]
    matcher = PhraseMatcher(phrases)
    assert matcher.fast is fast
    text = "l’innovation, " + ", ".join(t.text.upper() for t in terms)
    assert [text[h.start : h.end] for h in tagger.hits(text)] == [
        "innovation",
        *(t.text.upper() for t in terms),
    ]


def test_no_phrases_match_nothing() -> None:
    assert list(PhraseMatcher([]).spans("ab e ss")) == []


def test_the_codec_error_handler_only_encodes() -> None:
    Tagger().hits("x")  # registers it
    assert "à’b".encode("latin-1", _ERRORS) == b"\xe0'b"
    with pytest.raises(UnicodeDecodeError):
        b"\xff".decode("utf-8", _ERRORS)
    assert codecs.lookup_error(_ERRORS) is not codecs.strict_errors


def test_importing_unicancer_builds_no_tables_and_registers_no_handler() -> None:
    code = (
        "import codecs, sys, unicancer; unicancer.charter.principle(1)\n"
        "try:\n    codecs.lookup_error('unicancer.fold')\nexcept LookupError:\n    print('none')\n"
        "print('unicancer._matching' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["none", "False"]


_WORDS = ["ab", "e", "ab e", "ss", "ab'e", "patient", "patient partenaire", "partenaire"]


@given(
    st.lists(st.sampled_from(_WORDS), min_size=1, max_size=4),
    st.lists(st.sampled_from(_WORDS), min_size=1, max_size=4),
    st.lists(
        st.sampled_from(["ab", "e", "ß", "Patient", "partenaire", " ", "-", "’", ".", "é", "x"]),
        max_size=30,
    ),
    st.booleans(),
)
def test_a_pair_finds_what_each_of_its_matchers_finds(
    first: list[str], second: list[str], pieces: list[str], automaton: bool
) -> None:
    """One scan for two sets gives, for each, exactly its own matcher's matches."""
    text = "".join(pieces)
    found = PairMatcher(first, second, automaton=automaton).matches(text)
    for which, phrases in enumerate((first, second)):
        own = list(PhraseMatcher(sorted(set(phrases)), automaton=False).matches(text))
        assert [(s, e, p) for s, e, p, w in found if w == which] == own
    assert [m[0] for m in found] == sorted(m[0] for m in found)


_NESTED = ["a", "b", "c", "a b", "a b c", "b c d", "a'b", "b'c d", "c d", "a b c d e"]


@given(
    st.lists(st.sampled_from(_NESTED), min_size=1, max_size=6),
    st.lists(
        st.sampled_from(["a", "b", "c", "d", "e", "x", " ", "  ", "'", ",", "-", "ß"]), max_size=40
    ),
)
def test_the_automaton_finds_what_the_regular_expressions_find(
    phrases: list[str], pieces: list[str]
) -> None:
    """Phrases that are prefixes of others, followed by a letter: the automaton's hard cases."""
    text = "".join(pieces)
    automaton = PhraseMatcher(phrases, automaton=True)
    assert automaton._automaton is not None
    assert list(automaton.matches(text)) == list(
        PhraseMatcher(phrases, automaton=False).matches(text)
    )
