"""The rules of the data beyond its types: its vocabularies (languages, missions' ids),
texts, slugs, versions, numbering, phrases.

Plain functions of plain values, so that the charter's and the lexicon's rules share
them. Each returns or yields what is wrong, as a message (or ``(path, message)`` pairs).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Literal, get_args

from ._errors import InvalidValueError
from ._text import MAX_PHRASE_LENGTH, fold_char, is_phrase

if TYPE_CHECKING:
    from ._model import Charter, Principle

__all__ = [
    "MISSION_IDS",
    "PRINCIPLE_COUNT",
    "Lang",
    "MissionId",
    "are_ascii_phrases",
    "charter_problems",
    "check_lang",
    "is_slug",
    "is_version",
    "numbering_problems",
    "phrase_problems",
    "register_rules",
    "rules_of",
    "text_problem",
]

#: The id of a public-service mission.
MissionId = Literal["care", "research", "teaching"]
#: A language of the charter: ``"fr"`` (authoritative) or ``"en"`` (unofficial).
Lang = Literal["fr", "en"]
#: The missions' ids, in the charter's order.
MISSION_IDS: tuple[str, ...] = get_args(MissionId)

#: The number of principles in the charter.
PRINCIPLE_COUNT = 10
_SLUG_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
#: Characters that reorder the text around them when it is displayed.
_BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)


def check_lang(lang: object, *, allow_none: bool) -> None:
    """Raise `InvalidValueError` unless *lang* is ``"fr"`` or ``"en"`` (or ``None``)."""
    if (lang is None and allow_none) or (isinstance(lang, str) and lang in ("fr", "en")):
        return
    expected = "'fr' or 'en'" + (" or None" if allow_none else "")
    raise InvalidValueError(f"lang must be {expected}, not {lang!r}")


# Plain code rather than regular expressions: compiling those costs more than loading.
def is_slug(text: str) -> bool:
    """Whether *text* is lowercase ASCII words and digits joined by single hyphens."""
    return all(word and _SLUG_CHARACTERS.issuperset(word) for word in text.split("-"))


def is_version(text: str) -> bool:
    """Whether *text* is a ``MAJOR.MINOR.PATCH`` version without leading zeros."""
    parts = text.split(".")
    return len(parts) == 3 and all(
        part.isascii() and part.isdigit() and (part == "0" or part[0] != "0") for part in parts
    )


def _unprintable_problem(text: str) -> str | None:
    """What is wrong with the characters of *text*, which is not printable (rare)."""
    import unicodedata

    visible = False
    for index, char in enumerate(text):
        code = ord(char)
        where = f"U+{code:04X} at index {index}"
        category = unicodedata.category(char)
        if category == "Cs":
            return f"expected a text without lone surrogates, found {where}"
        if char in _BIDI_CONTROLS:
            return f"expected a text without bidirectional control characters, found {where}"
        if category == "Cc" and char not in "\n\t":
            return f"expected a text without control characters, found {where}"
        visible = visible or not (category == "Cf" or char.isspace())
    if not visible and text.strip():
        return f"expected a visible text, found only invisible characters {text!r}"
    return None


def text_problem(text: str) -> str | None:
    """What is wrong with *text* as a text of the data: it must be non-empty, visible,
    single-spaced, without control characters, bidirectional controls or lone surrogates."""
    if not text.isprintable():
        problem = _unprintable_problem(text)
        if problem:
            return problem
    if text != " ".join(text.split()) or not text:
        if not text.strip():
            return f"expected a non-empty text, found {text!r}"
        return "expected a single-spaced text (no line breaks, tabs, double or edge spaces)"
    return None


class _FoldTable(dict[int, str]):
    """``str.translate`` table of `fold_char`, filled on first sight of each character."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = fold_char(chr(code))
        return folded


_FOLDED = _FoldTable()


def fold(text: str) -> str:
    """`unicancer._text.fold`, character by character as `fold_char` says it is: each
    character decomposed once per process, not once per phrase (the keywords' checks
    would otherwise cost a tenth of loading the charter)."""
    return " ".join(text.translate(_FOLDED).split())


def _is_phrase(folded: str) -> bool:
    """`unicancer._text.is_phrase`, without compiling its pattern for the common case:
    ASCII words (the folded form of most terms) separated by single spaces or apostrophes."""
    if folded.isascii():
        spaced = folded.replace("' ", "'").replace("'", " ")
        if (
            spaced.replace(" ", "").isalnum()
            and "  " not in spaced
            and spaced[:1] != " " != spaced[-1:]
        ):
            return True
    return is_phrase(folded)


_PHRASE_BYTES = b"abcdefghijklmnopqrstuvwxyz0123456789 '\n"
#: What never occurs in ASCII phrases one a line (`is_phrase` of each): two separators
#: but "' ", a separator at an edge of a line, an empty line.
_NOT_IN_PHRASES = ("  ", "''", " '", "\n ", "\n'", " \n", "'\n", "\n\n")


def are_ascii_phrases(lines: str) -> bool:
    """Whether each line of *lines* is a folded ASCII phrase: lowercase ASCII words and
    digits separated by a space, an apostrophe, or both (``"qu' il"``); in a few passes
    in C over the whole text, where `is_phrase` would take each line in turn."""
    if not lines.isascii() or lines.encode().translate(None, _PHRASE_BYTES):
        return False
    if lines[:1] in ("", " ", "'", "\n") or lines[-1:] in (" ", "'", "\n"):
        return False
    return not any(pattern in lines for pattern in _NOT_IN_PHRASES)


def _are_distinct_phrases(phrases: tuple[str, ...]) -> bool:
    """Whether *phrases* are folded ASCII phrases, distinct, once folded: a long list
    (a lexicon entry's terms) checked in a few passes over its text, not term by term."""
    folded = "\n".join(phrases).translate(_FOLDED)
    if not are_ascii_phrases(folded):
        return False
    lines = folded.split("\n")  # single-spaced, each its own `fold`
    longest = max(map(len, lines))
    return len(lines) == len(phrases) == len(set(lines)) and longest <= MAX_PHRASE_LENGTH


def phrase_problems(phrases: Iterable[str], where: str) -> Iterator[tuple[str, str]]:
    """Keywords and terms: each a phrase that tagging can find, none twice once folded."""
    phrases = tuple(phrases)
    if len(phrases) > 32 and _are_distinct_phrases(phrases):
        return
    seen: dict[str, int] = {}
    for index, phrase in enumerate(phrases):
        folded = fold(phrase)
        if not _is_phrase(folded):
            yield (
                f"{where}[{index}]",
                "expected words (letters or digits) separated by spaces, hyphens or "
                f"apostrophes, which tagging can find; found {phrase!r}",
            )
        elif len(folded) > MAX_PHRASE_LENGTH:
            yield (
                f"{where}[{index}]",
                f"expected a phrase of at most {MAX_PHRASE_LENGTH} characters once folded, "
                f"found {len(folded)}",
            )
        elif folded in seen:
            yield (
                f"{where}[{index}]",
                f"duplicate of {where}[{seen[folded]}] once folded ({folded!r})",
            )
        else:
            seen[folded] = index


def numbering_problems(numbers: list[int], what: str) -> Iterator[tuple[str, str]]:
    """``principles`` must hold PRINCIPLE_COUNT *what*, numbered 1 to 10 in order."""
    if len(numbers) != PRINCIPLE_COUNT:
        yield "principles", f"expected {PRINCIPLE_COUNT} {what}, found {len(numbers)}"
    for index, number in enumerate(numbers):
        if number != index + 1:
            yield (
                f"principles[{index}].number",
                f"expected {index + 1} ({what} are numbered 1 to {PRINCIPLE_COUNT} "
                f"in order, without gaps or duplicates), found {number}",
            )


def _principle_problems(
    index: int, p: Principle, seen: dict[str, int]
) -> Iterator[tuple[str, str]]:
    where = f"principles[{index}]"
    if not is_slug(p.slug):
        yield f"{where}.slug", f"expected lowercase words joined by hyphens, found {p.slug!r}"
    elif p.slug in seen:
        first = seen[p.slug]
        yield f"{where}.slug", f"duplicate slug {p.slug!r}, already used by principles[{first}]"
    else:
        seen[p.slug] = index
    if not p.missions:
        yield f"{where}.missions", "expected at least one mission, found none"
    elif len(set(p.missions)) != len(p.missions):
        yield f"{where}.missions", f"expected distinct missions, found {list(p.missions)}"
    for field in ("keywords", "keywords_en"):
        keywords: tuple[str, ...] = getattr(p, field)
        if not keywords:
            yield f"{where}.{field}", "expected at least one keyword, found none"
        yield from phrase_problems(keywords, f"{where}.{field}")


def charter_problems(charter: Charter) -> Iterator[tuple[str, str]]:
    """The charter's own rules, checked once the types are right."""
    if not is_version(charter.version):
        yield "version", f"expected a version MAJOR.MINOR.PATCH, found {charter.version!r}"
    ids = tuple(m.id for m in charter.missions)
    if ids != MISSION_IDS:
        yield "missions", f"expected the missions {list(MISSION_IDS)} in order, found {list(ids)}"
    if not charter.preamble:
        yield "preamble", "expected at least one paragraph, found none"
    if len(charter.preamble_en) != len(charter.preamble):
        yield (
            "preamble_en",
            f"expected {len(charter.preamble)} paragraphs (as in preamble), "
            f"found {len(charter.preamble_en)}",
        )
    yield from numbering_problems([p.number for p in charter.principles], "principles")
    seen: dict[str, int] = {}
    for index, principle in enumerate(charter.principles):
        yield from _principle_problems(index, principle, seen)


#: Each document class's own rules, checked once its types are right.
_RULES: dict[type, Callable[[Any], Iterable[tuple[str, str]]]] = {}


def register_rules(cls: type, rules: Callable[[Any], Iterable[tuple[str, str]]]) -> None:
    """Check *rules* on every *cls* that `unicancer._convert.structure` makes: each document
    class's module registers its own (importing no converter)."""
    _RULES[cls] = rules


def rules_of(cls: type) -> Callable[[Any], Iterable[tuple[str, str]]]:
    """The rules registered for *cls*."""
    return _RULES[cls]
