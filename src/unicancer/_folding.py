"""Folding text to bytes or lowercase, with offsets back to the original: the matcher's tables.

The fast way folds a text to *bytes*, one byte per character, in C: an
encoding to Latin-1 (a codec error handler gives the byte of each character
outside it) and a 256-byte translation table; the few characters folding to
no character or to several (``ß``, ``œ``, combining accents) are folded one
by one and spliced in (`_splice`). The slower way lowercases the text as a
`str` and folds its irregular characters one by one (`_fold_with_offsets`).
Both keep `_Offsets` to map positions back to the original text.
"""

from __future__ import annotations

import bisect
import codecs
import functools
import itertools
import re
from collections.abc import Callable, Iterable

from ._text import fold_char

__all__ = ["fold_bytes", "is_word_char"]


# The slower way, for phrases in other letters: the text lowercased.
#
# Characters that lowercase to one character whose `fold_char` is one
# character: `str.lower` folds them far faster than `fold_char` would, and
# the pattern lists their lowercase forms. Kept to Latin-1, the pattern's
# character classes are bitmaps, the fastest kind.
_COMMON = range(0x100)
# Frequent characters outside Latin-1, replaced by their folded form in a
# pass of `str.replace` each: typographic apostrophes, dashes, thin spaces.
_REPLACED = "\u2019\u2018\u2010\u2011\u2012\u2013\u2014\u2015\u2009\u202f"


class _Tables:
    """The slower way's tables: which characters fold to what, computed once on first use."""

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


# The bytes of folded text. Byte *i* stands for `fold_char` of character *i*:
# a word character of `_Bytes.alphabet` (``a``, ``7``, ``ø``...) for itself,
# as in Latin-1; any whitespace or hyphen for a space, any apostrophe for
# ``'``; and, for characters that no phrase of the fast path can hold:
_SEPARATOR = 0x00  # folds to punctuation or symbols only ("«", "…", "→")
_WORD = 0xB5  # folds to one other word character ("µ" to Greek mu, "中")
_IRREGULAR = 0xDF  # folds to no character or to several ("ß", "œ", "\u0301")
# Each is its own byte's code ("\x00", "µ", "ß"), so translating the codec's
# output again by the table keeps it. Folded text never holds _IRREGULAR:
# each character it stands for is replaced by its folded form.
_ERRORS = "unicancer.fold"  # the codec error handler of the fast path


class _Bytes:
    """The fast path's tables: characters to the bytes standing for their fold."""

    def __init__(self) -> None:
        latin1 = [chr(code) for code in range(0x100)]
        #: The word characters standing for themselves in folded bytes.
        self.alphabet = frozenset(c for c in latin1 if _PIECES[ord(c)] == c and is_word_char(c))
        #: Latin-1 byte -> the byte standing for its character's fold.
        self.table = bytes(self.code(c) for c in latin1)
        #: Character outside Latin-1 -> the byte standing for its fold.
        self.codes = _Computed(lambda char: bytes([self.code(char)]))
        #: Irregular character -> its fold as folded bytes (any length).
        self.irregular = _Computed(lambda char: bytes(map(self.folded_code, _PIECES[ord(char)])))
        #: Folded byte -> itself, every separator made a space.
        self.coarse = bytes.maketrans(bytes([_SEPARATOR, ord("'")]), b"  ")
        #: Matches a run of irregular characters in translated text.
        self.run = re.compile(re.escape(bytes([_IRREGULAR])) + b"+")
        #: Frequent characters outside Latin-1, each with a Latin-1 character of the
        #: same byte: replaced before encoding, they skip the codec error handler.
        self.replaced = tuple((char, chr(self.table.index(self.code(char)))) for char in _FREQUENT)
        codecs.register_error(_ERRORS, _encode_error)

    def folded_code(self, folded: str) -> int:
        """The byte standing for *folded*, one folded character."""
        if folded.isspace():
            return ord(" ")
        if folded == "'":
            return ord("'")
        if is_word_char(folded):
            return ord(folded) if folded in self.alphabet else _WORD
        return _SEPARATOR

    def code(self, char: str) -> int:
        """The byte standing for ``fold_char(char)``, or `_IRREGULAR`."""
        piece = _PIECES[ord(char)]
        if piece and not piece.strip(" "):
            return ord(" ")  # whitespace and hyphens: phrase spaces
        if len(piece) == 1:
            return self.folded_code(piece)
        if piece and not any(is_word_char(c) or c in " '" for c in piece):
            return _SEPARATOR  # inert punctuation, such as "…" folding to "..."
        return _IRREGULAR


#: Characters outside Latin-1 frequent in web text: typographic quotes, dashes,
#: ellipses, thin and zero-width spaces, bullets, arrows, the ligature and the euro.
_FREQUENT = (
    "\u2019\u2018\u201c\u201d\u2013\u2014\u2026\u202f\u2009"
    "\u200b\u2022\u2192\u0153\u0152\u20ac\u2010\u2011"
)


def fold_bytes(text: str) -> tuple[bytes, _Offsets | None]:
    """*text* folded to bytes after a space, and the offsets back if they are not the same.

    Without offsets, byte *i* + 1 stands for character *i*.
    """
    tables = _bytes_tables()
    source = text
    if not text.isascii():
        for char, same in tables.replaced:
            if char in source:  # at once false for a text of Latin-1 only
                source = source.replace(char, same)
    folded = source.encode("latin-1", _ERRORS).translate(tables.table)
    if _IRREGULAR in folded:
        return _splice(text, folded, tables)
    return b" " + folded, None


class _Computed(dict[str, bytes]):
    """Character -> bytes, each computed by a function on first use."""

    def __init__(self, function: Callable[[str], bytes]) -> None:
        super().__init__()
        self._function = function

    def __missing__(self, char: str) -> bytes:
        value = self[char] = self._function(char)
        return value


@functools.lru_cache(maxsize=1)
def _bytes_tables() -> _Bytes:
    return _Bytes()


def _encode_error(error: UnicodeError) -> tuple[bytes, int]:
    """Encode the characters outside Latin-1 as the bytes of their fold."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    codes = _bytes_tables().codes
    return b"".join([codes[c] for c in error.object[error.start : error.end]]), error.end


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


def _splice(text: str, folded: bytes, tables: _Bytes) -> tuple[bytes, _Offsets]:
    """*folded* with a space before it and each irregular character folded."""
    parts: list[bytes | memoryview] = [b" "]
    offsets = _Offsets()
    view = memoryview(folded)
    position = origin = 0
    start = folded.find(_IRREGULAR)
    while start != -1:
        # `bytes.find` skips to a run far faster than a search of `re` would.
        run_match = tables.run.match(folded, start)
        end = start + 1 if run_match is None else run_match.end()
        parts.append(view[origin:start])
        position += start - origin
        run = text[start:end]
        piece = b"".join([tables.irregular[c] for c in run])
        offsets.add(position, position + len(piece), start, run)
        parts.append(piece)
        position += len(piece)
        origin = end
        start = folded.find(_IRREGULAR, end)
    parts.append(view[origin:])
    return b"".join(parts), offsets


class _Pieces(dict[int, str]):
    """Code point -> `_piece` of its character, computed on first use."""

    def __missing__(self, code: int) -> str:
        piece = self[code] = _piece(chr(code))
        return piece


#: The folded form of each character, filled in as needed.
_PIECES = _Pieces()


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

    def walk(self) -> _Walk:
        """A mapping of growing positions, faster than `start` and `end` one by one."""
        return _Walk(self)

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
            lengths = (len(_PIECES[ord(c)]) for c in self._runs[index])
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


class _Walk:
    """Maps positions back through `_Offsets`, each at or after the one before."""

    __slots__ = ("_ends", "_offsets", "_piece", "_pieces", "_shifts", "_starts")

    def __init__(self, offsets: _Offsets) -> None:
        self._offsets = offsets
        self._starts = offsets._folded_starts
        self._ends = offsets._folded_ends
        self._shifts = [
            origin + len(run) - end
            for origin, run, end in zip(offsets._origins, offsets._runs, self._ends, strict=True)
        ]
        self._pieces = len(self._starts)
        self._piece = -1  # the last run starting at or before the last position asked for

    def __call__(self, position: int, *, end: bool) -> int | None:
        """`_Offsets.end` of *position* if *end*, else `_Offsets.start`."""
        while self._piece + 1 < self._pieces and self._starts[self._piece + 1] <= position:
            self._piece += 1
        piece = self._piece
        if piece < 0:
            return position
        if position > self._ends[piece]:
            return position + self._shifts[piece]
        return self._offsets._locate(position, end=end)  # inside a run: rare


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
        folded = run.translate(_PIECES)
        offsets.add(position, position + len(folded), start, run)
        parts.append(folded)
        position += len(folded)
        origin = end
    parts.append(_lower(text[origin:], tables))
    return "".join(parts), offsets
