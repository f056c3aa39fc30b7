"""Text folding shared by search and tagging.

One definition of "the same word" for the whole library: insensitive to
case, accents, typographic versus straight apostrophes, hyphens versus
spaces, and French elisions (``l’``, ``d’``, ``qu’`` ...).
"""

from __future__ import annotations

import functools
import re
import unicodedata

__all__ = [
    "APOSTROPHES",
    "ELISIONS",
    "HYPHENS",
    "MAX_PHRASE_LENGTH",
    "fold",
    "fold_char",
    "is_phrase",
    "tokens",
]

#: Characters read as an apostrophe (the first one is the canonical form).
APOSTROPHES = "'\u2019\u2018\u02bc\u00b4\u0060\u2032\uff07"
#: Characters read as a hyphen, hence as a word separator.
HYPHENS = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
#: The longest phrase (folded, in characters) that tagging looks for: the longest term
#: of the data has 53; the matcher's patterns are compiled by recursion over a phrase's
#: characters, which a phrase of a thousand would exhaust.
MAX_PHRASE_LENGTH = 200
#: French words that elide before a vowel (``l’innovation``), folded.
ELISIONS = ("jusqu", "lorsqu", "puisqu", "quoiqu", "qu", "c", "d", "j", "l", "m", "n", "s", "t")

# Ligatures that Unicode compatibility decomposition keeps as one letter.
_LIGATURES = {"œ": "oe", "æ": "ae"}
_TRANSLATE = str.maketrans(
    {**dict.fromkeys(APOSTROPHES[1:], "'"), **dict.fromkeys(HYPHENS, " "), **_LIGATURES}
)


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Elided articles, English possessives, words; compiled on first use."""
    return (
        re.compile(rf"\b(?:{'|'.join(ELISIONS)})'(?=\w)"),
        re.compile(r"(?<=\w)'s\b"),
        re.compile(r"[^\W_]+"),
    )


def _strip_marks(text: str) -> str:
    """Drop every nonspacing mark (accents) after compatibility decomposition."""
    if text.isascii():  # decomposes to itself, without marks
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def fold(text: str) -> str:
    """Return the case-, accent-, apostrophe- and hyphen-folded form of *text*.

    Letters are case-folded and stripped of their diacritics (every
    nonspacing mark, category ``Mn``, after compatibility decomposition), every
    apostrophe becomes ``'``, every hyphen a space, and runs of whitespace
    one space. The result may be shorter or longer than *text*.

    >>> fold("L’Intégration  permanente")
    "l'integration permanente"
    >>> fold("continuum recherche-soins")
    'continuum recherche soins'
    """
    # Marks go before and after case folding: folding can make a mark a letter
    # (U+0345 becomes iota) and a letter a letter plus a mark ("İ" becomes "i̇").
    stripped = _strip_marks(_strip_marks(text).casefold()).translate(_TRANSLATE)
    return " ".join(stripped.split())


def tokens(text: str) -> tuple[str, ...]:
    """Return the folded words of *text*, without elided articles.

    >>> tokens("L’intégration de l'INNOVATION")
    ('integration', 'de', 'innovation')
    >>> tokens("the patient's body")
    ('the', 'patient', 'body')
    """
    elision, possessive, word = _patterns()
    return tuple(word.findall(possessive.sub("", elision.sub("", fold(text)))))


def fold_char(char: str) -> str:
    """Return the folded form of the single character *char*, spaces kept.

    `fold` is this, character by character, with runs of whitespace then
    collapsed to one space and stripped at both ends. The result may be
    empty (a combining accent), one character or several (``ß`` folds to
    ``ss``).

    >>> fold_char("É"), fold_char("ß"), fold_char("\u0301"), fold_char("’")
    ('e', 'ss', '', "'")
    """
    return _strip_marks(_strip_marks(char).casefold()).translate(_TRANSLATE)


@functools.cache
def _phrase() -> re.Pattern[str]:
    return re.compile(r"[^\W_]+(?:(?:[ ']|' )[^\W_]+)*\Z")


def is_phrase(folded: str) -> bool:
    """Whether *folded* is a phrase that tagging can look for.

    A phrase is folded (its own `fold`) and made of words (letters and
    digits) separated by single spaces or apostrophes.

    >>> is_phrase("egalite d'acces"), is_phrase("Égalité"), is_phrase("a.b")
    (True, False, False)
    """
    return bool(_phrase().match(folded)) and fold(folded) == folded
