"""The tagging lexicon: terms that signal each principle, beyond its keywords.

Tagging looks for a principle's keywords (`Principle.keywords`, also used by
`Charter.search`) and for the terms of the lexicon: the many ordinary
phrasings of the principle, with their inflections. The lexicon is packaged
in ``data/lexicon.json``, beside the charter, under the same data version;
it is read on first use only (by tagging), so that ``import unicancer``
does not pay for two thousand terms.
"""

import functools
from collections.abc import Iterator
from types import MappingProxyType

import attrs

from ._checks import is_version, numbering_problems, phrase_problems, register_rules
from ._errors import CharterDataError, InvalidTypeError, NotFoundError
from ._loading import packaged, packaged_document
from ._model import Lang, sha256_digest

__all__ = ["Lexicon", "LexiconEntry", "packaged_lexicon"]


@attrs.frozen(repr=False)
class LexiconEntry:
    """The lexicon's terms for one principle.

    Attributes:
        number: The principle's number, 1 to 10.
        terms: French terms.
        terms_en: English terms.
    """

    number: int
    terms: tuple[str, ...]
    terms_en: tuple[str, ...]

    def __repr__(self) -> str:
        return f"LexiconEntry(number={self.number}, {len(self.terms)}+{len(self.terms_en)} terms)"

    def terms_in(self, lang: Lang) -> tuple[str, ...]:
        """Return the terms in *lang*."""
        return self.terms_en if lang == "en" else self.terms


@attrs.frozen(repr=False)
class Lexicon:
    """Terms that signal each principle, beyond its keywords: what tagging adds.

    Obtain the packaged one with ``from unicancer import lexicon``; it has
    the packaged charter's data version.

    Attributes:
        version: The data version, the same as the charter's.
        principles: One entry per principle, in the charter's order.

    >>> from unicancer import charter, lexicon
    >>> lexicon.version == charter.version
    True
    >>> "patients partenaires" in lexicon.entry(7).terms
    True
    """

    version: str
    principles: tuple[LexiconEntry, ...]

    def __repr__(self) -> str:
        count = sum(len(e.terms) + len(e.terms_en) for e in self.principles)
        return f"<Lexicon version {self.version}: {count} terms>"

    def entry(self, number: int) -> LexiconEntry:
        """Return the entry of the principle numbered *number*."""
        if type(number) is not int:
            raise InvalidTypeError(f"a principle number must be an int, not {number!r}")
        if not 1 <= number <= len(self.principles):  # numbered 1 to 10 in order: validated
            raise NotFoundError(
                "lexicon entry", number, f"a number from 1 to {len(self.principles)}"
            )
        return self.principles[number - 1]

    @functools.cached_property
    def digest(self) -> str:
        """The SHA-256 of the lexicon's canonical JSON serialisation."""
        return sha256_digest(self)


def rule_problems(lexicon: Lexicon) -> Iterator[tuple[str, str]]:
    """The lexicon's own rules, checked once the types are right."""
    if not is_version(lexicon.version):
        yield "version", f"expected a version MAJOR.MINOR.PATCH, found {lexicon.version!r}"
    yield from numbering_problems([e.number for e in lexicon.principles], "entries")
    for index, entry in enumerate(lexicon.principles):
        for field in ("terms", "terms_en"):
            yield from phrase_problems(getattr(entry, field), f"principles[{index}].{field}")


register_rules(Lexicon, rule_problems)


#: The class of each field of the lexicon that is an array of objects.
LEXICON_PARTS = MappingProxyType({"principles": LexiconEntry})


def packaged_lexicon() -> Lexicon:
    """The lexicon packaged with unicancer, loaded and validated once, on first use."""
    lexicon = packaged_document("lexicon.json", Lexicon, LEXICON_PARTS)
    charter = packaged()
    if lexicon.version != charter.version:
        raise CharterDataError(
            [
                (
                    "version",
                    f"expected the charter's version {charter.version}, found {lexicon.version}",
                )
            ],
            "lexicon",
        )
    return lexicon
