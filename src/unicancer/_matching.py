"""Finding folded phrases in unfolded text: the matcher of tagging.

It uses the folding of `unicancer._text` (`fold_char`, hence `fold`): a
phrase is found wherever the text, folded, reads it. Imported on first use
of tagging only.

Two ways, one result. When every phrase is written in ASCII letters, digits,
``_``, ``ð``, ``ø``, ``þ``, spaces and apostrophes (the charter's terms are),
the text is folded to *bytes*, one byte per character, in C: an encoding to
Latin-1 (a codec error handler gives the byte of each character outside it)
and a 256-byte translation table; the few characters folding to no character
or to several (``ß``, ``œ``, combining accents) are folded one by one and
spliced in. Regular expressions of bytes made of literals, compiled from a
trie of the phrases, then find them: one in a copy whose separators are all
spaces (`re` scans for a literal far faster than for a class), one to check
each of its matches. Other phrases are looked for in the text lowercased,
as a `str`, by a pattern whose letters are character classes (every
character folding to that letter).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

from ._automaton import Automaton, Squeezed, available, squeeze
from ._folding import (
    _SEPARATOR,
    _WORD,
    _Bytes,
    _bytes_tables,
    _char_class,
    _fold_with_offsets,
    _lower,
    _Offsets,
    _tables,
    fold_bytes,
    is_word_char,
)
from ._text import fold, is_phrase

__all__ = ["PairMatcher", "PhraseMatcher", "is_word_char"]


_Trie = dict[str, "_Trie"]
_ACCEPT = ""  # the trie key marking the end of a phrase


class PhraseMatcher:
    """Finds folded phrases in unfolded text, with offsets in that text.

    A phrase matches a run of whole words of the text whose `fold` is the
    phrase, a space in the phrase standing for any run of spaces and
    hyphens: case, accents, ligatures, apostrophe style and Unicode normal
    form do not matter. Matches are leftmost-longest and do not overlap.

    Precisely: the text is folded character by character (`fold_char`);
    a match is a run of characters whose folded forms, joined, read as the
    phrase (a phrase's space reading one or more folded spaces), preceded
    and followed by no folded word character; it takes in the characters
    folding to nothing (combining accents) at both its ends.

    >>> matcher = PhraseMatcher(["patient partenaire", "strasse"])
    >>> text = "PATIENTS-partenaires, patient–partenaire, Straße"
    >>> [text[start:end] for start, end in matcher.spans(text)]
    ['patient–partenaire', 'Straße']
    """

    __slots__ = ("_automaton", "_bytes_pattern", "_pattern", "phrases")

    def __init__(self, phrases: Iterable[str], *, automaton: bool | None = None) -> None:
        phrases = sorted(set(phrases))
        for phrase in phrases:
            if not is_phrase(phrase):
                raise ValueError(f"expected a folded phrase, found {phrase!r}")
        #: The phrases, sorted.
        self.phrases = tuple(phrases)
        tables = _bytes_tables()
        self._pattern: re.Pattern[str] | None = None
        self._bytes_pattern: _BytesPatterns | None = None
        self._automaton: Automaton | None = None
        if not set("".join(phrases)) <= tables.alphabet | {" ", "'"}:
            self._pattern = _str_pattern(_trie(phrases))
        elif phrases and (available() if automaton is None else automaton):
            self._automaton = Automaton(phrases)
        else:
            self._bytes_pattern = _bytes_pattern(_trie(phrases), tables)

    @property
    def fast(self) -> bool:
        """Whether the phrases are found in text folded to bytes (the fast way)."""
        return self._pattern is None

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        """Yield the ``(start, end)`` of every match in *text*, in order."""
        return ((start, end) for start, end, _ in self.matches(text))

    def matches(self, text: str) -> Iterator[tuple[int, int, str]]:
        """Yield the ``(start, end, phrase)`` of every match in *text*, in order.

        >>> list(PhraseMatcher(["soins de support"]).matches("Soins-de-Support"))
        [(0, 16, 'soins de support')]
        """
        if self._automaton is not None:
            return iter(_automaton_matches(self._automaton, text))
        if self._bytes_pattern is not None:
            return _bytes_matches(self._bytes_pattern, text)
        assert self._pattern is not None
        return _str_matches(self._pattern, text)


def _trie(phrases: Iterable[str]) -> _Trie:
    """The phrases as a tree of their characters, `_ACCEPT` marking their ends."""
    trie: _Trie = {}
    for phrase in phrases:
        if not is_phrase(phrase):
            raise ValueError(f"expected a folded phrase, found {phrase!r}")
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[_ACCEPT] = {}
    return trie


def _emit(node: _Trie, literal: Callable[[str], str], end: str) -> str:
    """The pattern of a trie: each phrase as *literal* characters, then *end*.

    A node's children come before its end of phrase, so that the longest
    phrase wins.
    """
    parts = [literal(char) + _emit(child, literal, end) for char, child in node.items() if char]
    if _ACCEPT in node:
        parts.append(end)
    return parts[0] if len(parts) == 1 else f"(?:{'|'.join(parts)})"


class _BytesPatterns(NamedTuple):
    """The patterns of the fast way: one to find candidates quickly, one to check them."""

    #: Finds the phrases in folded bytes whose separators are all made spaces (by
    #: `_Bytes.coarse`), with the space before each: a superset of the matches.
    coarse: re.Pattern[bytes]
    #: Matches a phrase, with the separator before it, in folded bytes.
    exact: re.Pattern[bytes]


def _bytes_pattern(trie: _Trie, tables: _Bytes) -> _BytesPatterns:
    """The patterns finding the phrases of *trie* in folded bytes.

    Both are made of literals: a separator first (folded bytes start with
    a space), then the trie, every branch of which starts with a literal
    that `re` checks before entering it. The coarse pattern starts with one
    literal, the space, that `re` scans for in a tight loop (a class of
    separators takes it twice as long), and tries the trie there only.
    """
    if not trie:
        nothing = re.compile(b"(?!)")
        return _BytesPatterns(nothing, nothing)

    def coarse(char: str) -> str:
        return " +" if char in " '" else re.escape(char)

    return _BytesPatterns(
        re.compile((" " + _emit(trie, coarse, _end(tables))).encode("latin-1")),
        _exact_pattern(trie, tables),
    )


def _end(tables: _Bytes) -> str:
    """No folded word character follows."""
    return f"(?!{_char_class([*tables.alphabet, chr(_WORD)])})"


def _exact_pattern(trie: _Trie, tables: _Bytes) -> re.Pattern[bytes]:
    """Matches a phrase of *trie*, with the separator before it, in folded bytes."""

    def exact(char: str) -> str:
        return " +" if char == " " else re.escape(char)

    separator = _char_class([" ", "'", chr(_SEPARATOR)])
    return re.compile((separator + _emit(trie, exact, _end(tables))).encode("latin-1"))


def _bytes_matches(patterns: _BytesPatterns, text: str) -> Iterator[tuple[int, int, str]]:
    tables = _bytes_tables()
    folded, offsets = fold_bytes(text)
    # Where the exact pattern matches, the coarse one does, at the same place:
    # each of its matches is checked, from the left, by the exact pattern.
    coarse = folded.translate(tables.coarse)
    position = 0
    while (candidate := patterns.coarse.search(coarse, position)) is not None:
        match = patterns.exact.match(folded, candidate.start())
        if match is None:
            position = candidate.start() + 1
            continue
        position = match.end()
        if offsets is None:
            yield match.start(), match.end() - 1, _phrase(match)
            continue
        start, end = offsets.start(match.start()), offsets.end(match.end() - 1)
        if start is not None and end is not None:
            yield start, end, _phrase(match)


def _automaton_matches(automaton: Automaton, text: str) -> list[tuple[int, int, str]]:
    folded, offsets = fold_bytes(text)
    squeezed = squeeze(folded)
    phrases = automaton.phrases
    found = _back(automaton.scan(squeezed.data), squeezed, offsets)
    return [(start, end, phrases[i]) for start, end, i in found]


def _back(
    found: list[tuple[int, int, int]], squeezed: Squeezed, offsets: _Offsets | None
) -> list[tuple[int, int, int]]:
    """The matches of `Automaton.scan` with offsets into the original text.

    The positions asked for only grow (the matches of one set do not
    overlap), so one walk through the squeezed runs, and one through the
    folded irregular characters, maps them all.
    """
    at, removed = squeezed.at, squeezed.removed
    if not at and offsets is None:
        return [(start, end - 1, i) for start, end, i in found]
    result = []
    runs, run, shift = len(at), 0, 0
    walk = None if offsets is None else offsets.walk()
    for start, end, i in found:
        # The first and last byte of the phrase, in the bytes before squeezing.
        while run < runs and at[run] <= start:
            shift = removed[run]
            run += 1
        first = start + shift
        while run < runs and at[run] < end - 1:
            shift = removed[run]
            run += 1
        last = end - 1 + shift
        if walk is None:
            result.append((first, last, i))
            continue
        # Then in the original text, past the characters folded one by one.
        origin, stop = walk(first, end=False), walk(last, end=True)
        if origin is not None and stop is not None:
            result.append((origin, stop, i))
    return result


def _phrase(match: re.Match[bytes]) -> str:
    """The phrase a match of `_bytes_pattern` found: its folded bytes, spaces collapsed."""
    found = match.group()
    phrase = _PHRASES.get(found)
    if phrase is None:
        phrase = b" ".join(found[1:].split()).decode("latin-1")
        if len(_PHRASES) < 1 << 16:
            _PHRASES[found] = phrase
    return phrase


#: The phrase of each match already seen, by its folded bytes (bounded in size).
_PHRASES: dict[bytes, str] = {}


def _str_pattern(trie: _Trie) -> re.Pattern[str]:
    """Finds the phrases of *trie* in text lowercased by `_lower`."""
    if not trie:
        return re.compile(r"(?!)")
    variants = _tables().variants
    classes: dict[str, str] = {}

    def literal(char: str) -> str:
        if char not in classes:
            chars = {char, *variants.get(char, ())}
            classes[char] = re.escape(char) if len(chars) == 1 else _char_class(chars)
            if char == " ":
                classes[char] += "+"
        return classes[char]

    return re.compile(r"(?<!\w)" + _emit(trie, literal, r"(?!\w)"))


def _str_matches(pattern: re.Pattern[str], text: str) -> Iterator[tuple[int, int, str]]:
    tables = _tables()
    if tables.irregular.search(text) is None and tables.astral.search(text) is None:
        for match in pattern.finditer(_lower(text, tables)):
            start, end = match.span()
            yield start, end, fold(text[start:end])
        return
    folded, offsets = _fold_with_offsets(text, tables)
    for match in pattern.finditer(folded):
        first, last = offsets.start(match.start()), offsets.end(match.end())
        if first is not None and last is not None:
            yield first, last, fold(text[first:last])


class PairMatcher:
    """Finds two sets of phrases in one scan, each as its own `PhraseMatcher` would.

    Within each set, matches are leftmost-longest and do not overlap, exactly
    as `PhraseMatcher` finds them; a match of one set may overlap a match of
    the other. Where both sets are on the fast way, one pattern of their
    union finds the candidates of both in one pass over the text; otherwise
    each set is looked for in its own pass.

    >>> pair = PairMatcher(["patients partenaires"], ["patients", "partenaires"])
    >>> list(pair.matches("Des patients partenaires"))
    [(4, 24, 'patients partenaires', 0), (4, 12, 'patients', 1), (13, 24, 'partenaires', 1)]
    """

    __slots__ = ("_coarse", "_first", "_second")

    def __init__(
        self, first: Iterable[str], second: Iterable[str], *, automaton: bool | None = None
    ) -> None:
        self._first = PhraseMatcher(first := sorted(set(first)), automaton=automaton)
        self._second = PhraseMatcher(second := sorted(set(second)), automaton=automaton)
        self._coarse: re.Pattern[bytes] | None = None
        if self._first._bytes_pattern is not None and self._second._bytes_pattern is not None:
            self._coarse = _bytes_pattern(_trie([*first, *second]), _bytes_tables()).coarse

    def matches(self, text: str) -> list[tuple[int, int, str, int]]:
        """The ``(start, end, phrase, set)`` of every match, *set* 0 or 1, by start."""
        by_id = self.ids(text)
        if by_id is not None:
            names = self.phrases
            found = [(s, e, p, w) for w in (0, 1) for s, e, i in by_id[w] for p in (names[w][i],)]
            found.sort(key=_start)
            return found
        first, second = self._first._bytes_pattern, self._second._bytes_pattern
        if self._coarse is None or first is None or second is None:
            found = [(s, e, p, 0) for s, e, p in self._first.matches(text)]
            found += [(s, e, p, 1) for s, e, p in self._second.matches(text)]
            found.sort(key=_start)
            return found
        return _pair_matches(self._coarse, (first.exact, second.exact), text)

    @property
    def phrases(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Each set's phrases, in the order of their ids in `ids` (sorted)."""
        return self._first.phrases, self._second.phrases

    def ids(
        self, text: str
    ) -> tuple[list[tuple[int, int, int]], list[tuple[int, int, int]]] | None:
        """Each set's ``(start, end, id)`` matches, where both sets use the automaton.

        The text is folded once for both. ``None`` where a set is found another way.
        """
        one, two = self._first._automaton, self._second._automaton
        if one is None or two is None:
            return None
        folded, offsets = fold_bytes(text)
        squeezed = squeeze(folded)
        return (
            _back(one.scan(squeezed.data), squeezed, offsets),
            _back(two.scan(squeezed.data), squeezed, offsets),
        )


def _start(match: tuple[int, int, str, int]) -> int:
    return match[0]


def _pair_matches(
    coarse_pattern: re.Pattern[bytes], exact: tuple[re.Pattern[bytes], re.Pattern[bytes]], text: str
) -> list[tuple[int, int, str, int]]:
    tables = _bytes_tables()
    folded, offsets = fold_bytes(text)
    coarse = folded.translate(tables.coarse)
    # Each set's exact pattern is tried at every candidate of the union at or after
    # the end of that set's last match: the candidates its own scan would try, and more.
    reached = [0, 0]
    found: list[tuple[int, int, str, int]] = []
    search = coarse_pattern.search
    position = 0
    while (candidate := search(coarse, position)) is not None:
        at = candidate.start()
        for which in (0, 1):
            if at < reached[which]:
                continue
            match = exact[which].match(folded, at)
            if match is None:
                continue
            reached[which] = match.end()
            if offsets is None:
                found.append((at, match.end() - 1, _phrase(match), which))
                continue
            start, end = offsets.start(at), offsets.end(match.end() - 1)
            if start is not None and end is not None:
                found.append((start, end, _phrase(match), which))
        # Neither set can match before the end of its last match.
        position = max(at + 1, min(reached))
    return found
