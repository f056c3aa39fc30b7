"""Text folding shared by search and tagging.

One definition of "the same word" for the whole library: insensitive to
case, accents, typographic versus straight apostrophes, hyphens versus
spaces, and French elisions (``l’``, ``d’``, ``qu’`` ...).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["APOSTROPHES", "ELISIONS", "HYPHENS", "fold", "tokens"]

#: Characters read as an apostrophe (the first one is the canonical form).
APOSTROPHES = "'\u2019\u2018\u02bc\u00b4\u0060\u2032\uff07"
#: Characters read as a hyphen, hence as a word separator.
HYPHENS = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
#: French words that elide before a vowel (``l’innovation``), folded.
ELISIONS = ("jusqu", "lorsqu", "puisqu", "quoiqu", "qu", "c", "d", "j", "l", "m", "n", "s", "t")

# Ligatures that Unicode compatibility decomposition keeps as one letter.
_LIGATURES = {"œ": "oe", "æ": "ae"}
_TRANSLATE = str.maketrans(
    {**dict.fromkeys(APOSTROPHES[1:], "'"), **dict.fromkeys(HYPHENS, " "), **_LIGATURES}
)
_ELISION = re.compile(rf"\b(?:{'|'.join(ELISIONS)})'(?=\w)")
_POSSESSIVE = re.compile(r"(?<=\w)'s\b")
_WORD = re.compile(r"[^\W_]+")


def _strip_marks(text: str) -> str:
    """Drop every nonspacing mark (accents) after compatibility decomposition."""
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
    folded = _POSSESSIVE.sub("", _ELISION.sub("", fold(text)))
    return tuple(_WORD.findall(folded))
