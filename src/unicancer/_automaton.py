"""Finding phrases in folded bytes with a compiled Aho-Corasick automaton.

The fast way of `unicancer._matching` folds a text to bytes, one byte per
character, where every separator is a space, an apostrophe or ``\\x00``
(punctuation). This module finds phrases there with `ahocorasick_rs`, a
Rust automaton that scans all the phrases at once in one pass of C-speed
code, and gives exactly what the regular expressions of `_matching` give:
each phrase whole-word, leftmost-longest, not overlapping.

How. Runs of spaces are first squeezed to one (`squeeze`), so that a
phrase's space is one byte. The automaton's patterns are the phrases, each
after each separator byte: a match starts at a separator, so never inside a
word, and matches that touch share nothing. The automaton does not know
where a word ends: a match followed by a word byte ("patient" in
"patients") is not a whole word. Then the longest phrase at that place that
is a whole word is a prefix of the match ending before one of its
separators (found in a table made once); and where the match held a
separator after that, a phrase starting there may have been skipped by the
automaton, so that stretch is scanned again: at each separator in it, the
stretches up to each following separator are looked up in a table of the
phrases, the longest found winning. Hits stay exactly those of the regular
expressions of `_matching`; the property tests compare both with a
brute-force reference.
"""

from __future__ import annotations

import itertools
import operator
import re
from collections.abc import Sequence

__all__ = ["Automaton", "Squeezed", "available", "squeeze"]

#: The bytes that end a word in folded bytes: a space, an apostrophe, punctuation.
_SEPARATORS = b" '\x00"
_IS_SEPARATOR = tuple(byte in _SEPARATORS for byte in range(256))
_SEPARATOR = re.compile(b"[" + re.escape(_SEPARATORS) + b"]")

try:  # pragma: no branch - both are tested, the fallback by forcing it
    import ahocorasick_rs as _ahocorasick
except ImportError:  # pragma: no cover - the package is a dependency
    _ahocorasick = None  # type: ignore[assignment]


def available() -> bool:
    """Whether the compiled automaton can be used here."""
    return _ahocorasick is not None


class Squeezed:
    """Folded bytes with each run of spaces made one space, and the way back.

    Attributes:
        data: The squeezed bytes.
        at: Where, in *data*, the space of each squeezed run is, in order.
        removed: How many bytes were removed up to and including each run.
    """

    __slots__ = ("at", "data", "removed")

    def __init__(self, data: bytes, at: list[int], removed: list[int]) -> None:
        self.data = data
        self.at = at
        self.removed = removed


_RUNS = re.compile(b"(  +)")  # captured: a split gives the pieces and the runs between


def squeeze(folded: bytes) -> Squeezed:
    """*folded* with every run of spaces squeezed to one.

    >>> s = squeeze(b" a   b  c")
    >>> s.data, s.at, s.removed
    (b' a b c', [2, 4], [2, 3])
    """
    if b"  " not in folded:
        return Squeezed(folded, [], [])
    # Counted by C loops (one split, map, accumulate), not one Python step per run.
    parts = _RUNS.split(folded)
    pieces = parts[0::2]
    lengths = list(map(len, parts[1::2]))
    # Run j's space comes after pieces 0 to j and one space for each run before it.
    at = list(map(operator.add, itertools.accumulate(map(len, pieces[:-1])), range(len(lengths))))
    removed = list(itertools.accumulate(map(operator.sub, lengths, itertools.repeat(1))))
    return Squeezed(b" ".join(pieces), at, removed)


class Automaton:
    """Finds folded phrases, whole words, leftmost-longest, in squeezed folded bytes."""

    __slots__ = ("_automaton", "_fallback", "_ids", "_longest", "phrases")

    def __init__(self, phrases: Sequence[str]) -> None:
        assert _ahocorasick is not None
        #: The phrases, in the order of the ids that `scan` gives them.
        self.phrases = tuple(phrases)
        encoded = [p.encode("latin-1") for p in self.phrases]
        #: Each phrase's bytes -> its id, and the longest phrase's length (for `_rescan`).
        self._ids = {e: i for i, e in enumerate(encoded)}
        self._longest = max(map(len, encoded), default=0)
        # Pattern 3 * i + k: phrase i after separator k.
        patterns = [bytes([sep]) + e for e in encoded for sep in _SEPARATORS]
        self._automaton = _ahocorasick.BytesAhoCorasick(
            # The default implementation: a DFA scans little faster here, costs ten
            # times as long to build and several microseconds more per call.
            patterns,
            matchkind=_ahocorasick.MatchKind.LeftmostLongest,
        )
        index = {e: i for i, e in enumerate(encoded)}
        #: For phrase i: the longest phrase that is a prefix of it ending before one of
        #: its separators (its index, or -1), and whether it holds a separator at all.
        self._fallback: list[tuple[int, bool]] = []
        for e in encoded:
            prefix = -1
            for k in range(len(e) - 1, 0, -1):
                if _IS_SEPARATOR[e[k]] and e[:k] in index:
                    prefix = index[e[:k]]
                    break
            self._fallback.append((prefix, any(_IS_SEPARATOR[b] for b in e)))

    def scan(self, data: bytes) -> list[tuple[int, int, int]]:
        """The ``(start, end, id)`` of each match in *data*, squeezed folded bytes.

        *data* starts with a separator; *start* is that of the separator
        before the phrase, *end* the end of the phrase, *id* the phrase's
        position in `phrases`.
        """
        found: list[tuple[int, int, int]] = []
        fallback, separator = self._fallback, _IS_SEPARATOR
        size = len(data)
        position = 0  # no phrase of the true scan starts before it and after the last found
        for pattern, start, end in self._automaton.find_matches_as_indexes(data):
            if start < position:
                if end > position:  # the automaton skipped [position, end)
                    position = self._rescan(data, position, end, found)
                continue
            phrase = pattern // 3
            if end == size or separator[data[end]]:
                found.append((start, end, phrase))
                position = end
                continue
            prefix, holds_separator = fallback[phrase]
            if prefix >= 0:
                position = start + 1 + len(self.phrases[prefix])
                found.append((start, position, prefix))
            else:
                position = start + 1
            # With no separator in it, no phrase can start inside the match.
            position = self._rescan(data, position, end, found) if holds_separator else end
        return found

    def _rescan(
        self, data: bytes, position: int, limit: int, found: list[tuple[int, int, int]]
    ) -> int:
        """Find the phrases starting in [*position*, *limit*), leftmost-longest.

        Returns where the true scan is after them (at least *limit*).
        """
        ids, longest = self._ids, self._longest
        size = len(data)
        while (separator := _SEPARATOR.search(data, position, limit)) is not None:
            start = separator.start()
            # The longest phrase after this separator that ends at a separator or at the end.
            best, best_end = -1, 0
            stop = min(size, start + 2 + longest)
            for end in (*(m.start() for m in _SEPARATOR.finditer(data, start + 2, stop)), size):
                if end - start - 1 > longest:
                    break
                phrase = ids.get(data[start + 1 : end])
                if phrase is not None:
                    best, best_end = phrase, end
            if best < 0:
                position = start + 1
                continue
            found.append((start, best_end, best))
            if best_end >= limit:
                return best_end
            position = best_end
        return limit
