"""Finding folded phrases in unfolded text: the matcher of tagging.

It uses the folding of `unicancer._text` (`fold_char`, hence `fold`): a
phrase is found wherever the text, folded, reads it. Imported on first use
of tagging only.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Iterable, Iterator

from ._text import fold_char, is_phrase

__all__ = ["PhraseMatcher", "is_word_char"]


# Characters that lowercase to one character whose `fold_char` is one
# character: `str.lower` folds them far faster than `fold_char` would, and
# the pattern lists their lowercase forms. Kept to Latin-1, the pattern's
# character classes are bitmaps, the fastest kind.
_COMMON = range(0x100)
# Frequent characters outside Latin-1, replaced by their folded form in a
# pass of `str.replace` each: typographic apostrophes, dashes, thin spaces.
_REPLACED = "\u2019\u2018\u2010\u2011\u2012\u2013\u2014\u2015\u2009\u202f"


class _Tables:
    """Which characters fold to what, computed once on first use."""

    def __init__(self) -> None:
        #: For each folded character, the lowercase forms of common characters folding to it.
        self.variants: dict[str, set[str]] = {}
        irregular: list[str] = []
        #: Frequent characters to replace with their folded form, and that form.
        self.replaced = tuple((c, _piece(c)) for c in _REPLACED)
        for code in range(0x10000):
            if 0xD800 <= code < 0xE000:
                continue
            char = chr(code)
            folded, lower = _piece(char), char.lower()
            if folded == char == lower:
                continue
            if len(folded) == 1 and len(lower) == 1 and _piece(lower) == folded and code in _COMMON:
                self.variants.setdefault(folded, set()).add(lower)
            elif char not in _REPLACED and not _inert(char, folded):
                irregular.append(char)
        #: Finds the characters that must be folded one by one: some letters of
        #: the Basic Multilingual Plane, and for speed every character above it.
        self.irregular = re.compile(_char_class(c for c in irregular if c <= "\uffff"))
        self.astral = re.compile("[\U00010000-\U0010ffff]")
        #: Finds runs of characters to fold one by one.
        self.irregular_runs = re.compile(f"(?:{self.irregular.pattern}|{self.astral.pattern})+")
        #: The folded form of each character, filled in as needed.
        self.pieces = _Pieces()


def _piece(char: str) -> str:
    """`fold_char` of *char*, every whitespace character made a space."""
    return "".join(" " if c.isspace() else c for c in fold_char(char))


def _inert(char: str, folded: str) -> bool:
    """Whether *char* is punctuation folding to punctuation (``…`` to ``...``).

    Such a character, left as it is, separates words as its folded form
    does, and no phrase contains either.
    """
    return (
        bool(folded)
        and char.lower() == char
        and not is_word_char(char)
        and not char.isspace()
        and not any(is_word_char(c) or c.isspace() or c == "'" for c in folded)
    )


def is_word_char(char: str) -> bool:
    """Whether *char* is a letter, digit or ``_``: a phrase never touches one.

    >>> is_word_char("ç"), is_word_char("’"), is_word_char("-")
    (True, False, False)
    """
    return char.isalnum() or char == "_"


@functools.lru_cache(maxsize=1)
def _tables() -> _Tables:
    return _Tables()


def _char_class(chars: Iterable[str]) -> str:
    """A regular-expression class matching exactly *chars*, as ranges."""
    codes = sorted(set(map(ord, chars)))
    parts: list[str] = []
    start = 0
    while start < len(codes):
        end = start
        while end + 1 < len(codes) and codes[end + 1] == codes[end] + 1:
            end += 1
        first, last = re.escape(chr(codes[start])), re.escape(chr(codes[end]))
        if end == start:
            parts.append(first)
        elif end == start + 1:
            parts.append(first + last)
        else:
            parts.append(f"{first}-{last}")
        start = end + 1
    return f"[{''.join(parts)}]"


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

    __slots__ = ("_pattern",)

    def __init__(self, phrases: Iterable[str]) -> None:
        trie: _Trie = {}
        for phrase in phrases:
            if not is_phrase(phrase):
                raise ValueError(f"expected a folded phrase, found {phrase!r}")
            node = trie
            for char in phrase:
                node = node.setdefault(char, {})
            node[_ACCEPT] = {}
        variants = _tables().variants
        classes: dict[str, str] = {}

        def char_class(char: str) -> str:
            if char not in classes:
                chars = {char, *variants.get(char, ())}
                classes[char] = re.escape(char) if len(chars) == 1 else _char_class(chars)
                if char == " ":
                    classes[char] += "+"
            return classes[char]

        def emit(node: _Trie) -> str:
            parts = [char_class(char) + emit(child) for char, child in node.items() if char]
            if _ACCEPT in node:
                parts.append(r"(?!\w)")
            return parts[0] if len(parts) == 1 else f"(?:{'|'.join(parts)})"

        self._pattern = re.compile(rf"(?<!\w){emit(trie)}" if trie else r"(?!)")

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        """Yield the ``(start, end)`` of every match in *text*, in order."""
        tables = _tables()
        if tables.irregular.search(text) is None and tables.astral.search(text) is None:
            for match in self._pattern.finditer(_lower(text, tables)):
                yield match.span()
            return
        folded, offsets = _fold_with_offsets(text, tables)
        for match in self._pattern.finditer(folded):
            start, end = offsets.start(match.start()), offsets.end(match.end())
            if start is not None and end is not None:
                yield start, end


class _Pieces(dict[int, str]):
    """Code point -> `_piece` of its character, computed on first use."""

    def __missing__(self, code: int) -> str:
        piece = self[code] = _piece(chr(code))
        return piece


class _Offsets:
    """Maps offsets in a partly folded text back to the original text.

    Between runs of irregular characters, the folded text is the original
    lowercased, one character for one; each irregular run is folded
    character by character, to any length.
    """

    __slots__ = ("_cumulative", "_folded_ends", "_folded_starts", "_origins", "_runs")

    def __init__(self) -> None:
        self._folded_starts: list[int] = []
        self._folded_ends: list[int] = []
        self._origins: list[int] = []
        self._runs: list[str] = []
        self._cumulative: dict[int, list[int]] = {}

    def add(self, folded_start: int, folded_end: int, origin: int, run: str) -> None:
        self._folded_starts.append(folded_start)
        self._folded_ends.append(folded_end)
        self._origins.append(origin)
        self._runs.append(run)

    def _locate(self, position: int, *, end: bool) -> int | None:
        index = bisect.bisect_right(self._folded_starts, position) - 1
        if index < 0:
            return position
        folded_end = self._folded_ends[index]
        origin = self._origins[index]
        if position > folded_end:
            return origin + len(self._runs[index]) + position - folded_end
        # Inside irregular run *index*: its folded lengths so far, per character.
        cumulative = self._cumulative.get(index)
        if cumulative is None:
            pieces = _tables().pieces
            lengths = (len(pieces[ord(c)]) for c in self._runs[index])
            cumulative = self._cumulative[index] = [0, *itertools.accumulate(lengths)]
        relative = position - self._folded_starts[index]
        if end:
            found = bisect.bisect_right(cumulative, relative) - 1
        else:
            found = bisect.bisect_left(cumulative, relative)
        return origin + found if cumulative[found] == relative else None

    def start(self, position: int) -> int | None:
        """The original offset of folded *position* as a start (the earliest)."""
        return self._locate(position, end=False)

    def end(self, position: int) -> int | None:
        """The original offset of folded *position* as an end (the latest)."""
        return self._locate(position, end=True)


def _lower(text: str, tables: _Tables) -> str:
    """*text* lowercased, frequent characters folded: one character for one."""
    text = text.lower()
    for char, folded in tables.replaced:
        if char in text:
            text = text.replace(char, folded)
    return text


def _fold_with_offsets(text: str, tables: _Tables) -> tuple[str, _Offsets]:
    parts: list[str] = []
    offsets = _Offsets()
    position = origin = 0
    for match in tables.irregular_runs.finditer(text):
        start, end = match.span()
        regular = _lower(text[origin:start], tables)
        parts.append(regular)
        position += len(regular)
        run = match.group()
        folded = run.translate(tables.pieces)
        offsets.add(position, position + len(folded), start, run)
        parts.append(folded)
        position += len(folded)
        origin = end
    parts.append(_lower(text[origin:], tables))
    return "".join(parts), offsets
