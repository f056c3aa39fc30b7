"""What the model reads in a text: lexicon hits and learned phrases, each a span.

A text's *features* are of three kinds, all found by `PhraseMatcher`, so all
folded the same way (case, accents, apostrophes, hyphens) and all pointing
at a span of the original text:

- ``lexicon`` *q*: how many distinct terms of principle *q* (its keywords and
  lexicon terms, and a tagger's extra terms) the text holds, as
  ``ln(1 + n)``;
- ``term`` *t*: whether the text holds lexicon term *t*, for the terms that
  the model learned a weight of their own for;
- ``phrase`` *g*: whether the text holds the learned phrase *g* (a word or a
  run of two or three words), found by a second matcher of the model's
  phrases, leftmost-longest.

Long texts are read in *windows*: runs of whole sentences of at most
`WINDOW` characters, each scored as a passage (the model learned from
passages of one to three sentences); see `windows`.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ._matching import PairMatcher, PhraseMatcher
from ._model import Lang
from ._terms import TermIndex

if TYPE_CHECKING:
    from ._records import Hit

__all__ = ["WINDOW", "Chosen", "Found", "Parts", "extract", "phrase_matcher", "split", "windows"]

#: The longest window, in characters, that a text is scored in one piece.
WINDOW = 600


#: One span of a text that the model reads: ``(start, end, key, term)``, where it
#: starts and ends in the text, the folded phrase found, and the position of the
#: lexicon term in the tagger's terms, or -1 for a learned phrase. A plain tuple:
#: a text holds thousands, made and read in few Python steps.
Found = tuple[int, int, str, int]

#: A tag as numbers: its principle's index, its score, and the number of its window
#: among the windows of the text holding any span (see `split`).
Chosen = tuple[int, float, int]


@functools.lru_cache(maxsize=8)
def phrase_matcher(phrases: frozenset[str]) -> PhraseMatcher:
    """The matcher of a model's learned phrases, compiled once per process."""
    return PhraseMatcher(sorted(phrases))


def extract(terms: TermIndex, phrases: frozenset[str], text: str, lang: Lang | None) -> list[Found]:
    """The hits of *terms* (of *lang*, or all) and of *phrases* in *text*, by start.

    Both are found in one scan of the text (`PairMatcher`), each set as its
    own matcher finds it.
    """
    index = terms.index[lang]
    if not phrases:
        return [
            (start, end, phrase, position)
            for start, end, phrase in terms.matcher(lang).matches(text)
            for position in index[phrase]
        ]
    pair = terms.pairs.get(lang)
    if pair is None:
        with _compiling:  # once, even when many threads tag at first
            pair = terms.pairs.get(lang)
            if pair is None:
                pair = terms.pairs[lang] = _pair(frozenset(index), phrases)
    by_id = pair.ids(text)
    if by_id is None:
        return [
            found
            for start, end, phrase, which in pair.matches(text)
            for found in (
                [(start, end, phrase, -1)]
                if which
                else [(start, end, phrase, position) for position in index[phrase]]
            )
        ]
    names, learned = pair.phrases
    found = [
        (start, end, key, position)
        for start, end, i in by_id[0]
        for key in (names[i],)
        for position in index[key]
    ]
    found += [(start, end, learned[i], -1) for start, end, i in by_id[1]]
    found.sort(key=_start)  # stable: a lexicon hit before a phrase at the same start
    return found


def _start(found: Found) -> int:
    return found[0]


#: Held while a matcher is compiled: threads first tagging at once compile it once.
_compiling = threading.Lock()


@functools.lru_cache(maxsize=8)
def _pair(terms: frozenset[str], phrases: frozenset[str]) -> PairMatcher:
    return PairMatcher(terms, phrases)


@functools.cache
def _boundary() -> re.Pattern[str]:
    # The end of a sentence (a stop, then space) or of a line.
    return re.compile(r"[.!?;…](?=\s)|\n")


def windows(text: str, size: int = WINDOW) -> list[tuple[int, int]]:
    """Cut *text* into windows of whole sentences, of about *size* characters.

    A text of at most *size* characters is one window. A longer one is cut
    after the first sentence (or line) that ends at or after each multiple
    of *size*, so that the window of any position is found without cutting
    the rest of the text. The windows cover the text, in order.

    >>> windows("Short.")
    [(0, 6)]
    >>> windows("One. Two. Three.", size=6)
    [(0, 9), (9, 16)]
    """
    if len(text) <= size:
        return [(0, len(text))]
    cuts = _Cuts(text, size)
    starts = sorted({cuts.at(k) for k in range(len(text) // size + 1)})
    ends = [*starts[1:], len(text)]
    return [(a, b) for a, b in zip(starts, ends, strict=True) if a < b]


class _Cuts:
    """Where each window of a text starts, found on demand."""

    def __init__(self, text: str, size: int) -> None:
        self.text = text
        self.size = size
        self.cache: dict[int, int] = {0: 0}

    def at(self, k: int) -> int:
        """The start of window *k*: after the first sentence end at or after ``k * size``."""
        cut = self.cache.get(k)
        if cut is None:
            match = _boundary().search(self.text, k * self.size)
            cut = len(self.text) if match is None else match.end()
            # The windows up to the one holding that sentence end start there too:
            # each stretch of text is searched once, whatever the windows asked for.
            last = (len(self.text) if match is None else match.start()) // self.size
            for j in range(k, last + 1):
                self.cache[j] = cut
        return cut


def split(text: str, found: Sequence[Found], size: int) -> list[list[Found]]:
    """*found* (by start) cut into runs, one per window of *text* that holds any.

    Windows that hold nothing are left out: they score the model's bias.

    >>> f = [(0, 3, "a", 0), (12, 14, "b", -1)]
    >>> [len(part) for part in split("One. " * 4, f, 8)]
    [1, 1]
    """
    if len(text) <= size or not found:
        return [list(found)]
    cuts = _Cuts(text, size)
    parts: list[list[Found]] = []
    window, end = 0, cuts.at(1)
    part: list[Found] = []
    for f in found:
        if f[0] >= end:
            # The last window starting at or before f's start: cuts grow with the window's
            # number, and none of the windows before the current one can hold it.
            k = f[0] // size
            while k > window and cuts.at(k) > f[0]:
                k -= 1
            window, end = k, cuts.at(k + 1)
            if part:
                parts.append(part)
            part = []
        part.append(f)
    parts.append(part)
    return parts


class Parts:
    """The spans of each window of a text that holds any (as `split` cuts them), made on
    first need by *make* where not given."""

    __slots__ = ("_make", "_parts")

    def __init__(
        self, make: Callable[[], list[list[Found]]], parts: list[list[Found]] | None = None
    ) -> None:
        # What is given or made is kept, not *make* (nor the text it holds).
        self._make = make if parts is None else None
        self._parts = parts

    def of(self, window: int) -> list[Found]:
        """The spans of window number *window*."""
        if self._parts is None:
            assert self._make is not None  # kept until it makes them, once
            self._parts, self._make = self._make(), None
        return self._parts[window]

    def hits(
        self,
        evidence: Callable[[list[Found], list[int]], list[tuple[Hit, ...]]],
        window: int,
        indices: list[int],
    ) -> list[tuple[Hit, ...]]:
        """The hits of window number *window* for each principle of *indices*, as
        *evidence* makes them of its spans."""
        return evidence(self.of(window), indices)
