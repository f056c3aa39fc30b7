"""The charter's data model: frozen records, no I/O.

A `Charter` holds the whole source document: its title, preamble, the three
public-service `Mission` s, the statement of the model's foundations and
the ten `Principle` s, each French text verbatim with an unofficial English
translation beside it.
"""

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, NoReturn, TypeVar, overload

import attrs

from ._checks import Lang, MissionId, charter_problems, check_lang, register_rules
from ._errors import InvalidTypeError
from ._lookup import Index

__all__ = [
    "Charter",
    "Lang",
    "Mission",
    "MissionId",
    "Principle",
    "canonical_bytes",
    "check_lang",
    "sha256_digest",
]

_T = TypeVar("_T")


def canonical_bytes(document: attrs.AttrsInstance) -> bytes:
    """The canonical serialisation that `Charter.digest` (`Lexicon.digest`) hashes.

    Compact UTF-8 JSON with sorted keys: independent of formatting. It is
    `unicancer.unstructure`'s data: attrs records as objects, tuples as arrays.
    """
    data = attrs.asdict(document)
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def sha256_digest(document: attrs.AttrsInstance) -> str:
    """The SHA-256, in hexadecimal, of `canonical_bytes` of *document*."""
    import hashlib

    return hashlib.sha256(canonical_bytes(document)).hexdigest()


@attrs.frozen(repr=False)
class Mission:
    """One of the three public-service missions of the cancer centres.

    Attributes:
        id: ``"care"``, ``"research"`` or ``"teaching"``.
        label: The French label (``"soins"``).
        label_en: The English label (``"care"``).
        text: The mission's bullet in the source document, verbatim
            (``"de soins"``).
    """

    id: MissionId
    label: str
    label_en: str
    text: str

    def __repr__(self) -> str:
        return f"Mission(id={self.id!r})"

    def label_in(self, lang: Lang) -> str:
        """Return the label in *lang*."""
        return self.label_en if lang == "en" else self.label


@attrs.frozen(repr=False)
class Principle:
    """One of the ten points of UNICANCER's model of cancer care.

    Attributes:
        number: Its place in the charter, 1 to 10.
        slug: A stable, URL-safe name (``"equal-access"``).
        title: A short French title written by the project.
        title_en: A short English title written by the project.
        text: The French text of the charter, verbatim.
        text_en: An unofficial English translation of `text`.
        missions: The ids of the missions the principle serves.
        keywords: French keywords, used by `Charter.search`.
        keywords_en: English keywords, used by `Charter.search`.
    """

    number: int
    slug: str
    title: str
    title_en: str
    text: str
    text_en: str
    missions: tuple[MissionId, ...]
    keywords: tuple[str, ...]
    keywords_en: tuple[str, ...]

    def __repr__(self) -> str:
        return f"Principle(number={self.number}, slug={self.slug!r})"

    def title_in(self, lang: Lang) -> str:
        """Return the short title in *lang*."""
        return self.title_en if lang == "en" else self.title

    def text_in(self, lang: Lang) -> str:
        """Return the text in *lang* (``"fr"`` is the original)."""
        return self.text_en if lang == "en" else self.text

    def keywords_in(self, lang: Lang) -> tuple[str, ...]:
        """Return the keywords in *lang*."""
        return self.keywords_en if lang == "en" else self.keywords


@attrs.frozen(repr=False)
class _CharterFields:
    """The fields of a `Charter` (see there), in a base class of their own so that
    `Charter` adds the slots of its caches: slotted, with no ``__dict__``, yet without
    the code that attrs would generate at import time for cached properties."""

    version: str
    title: str
    title_en: str
    translation_notice: str
    preamble: tuple[str, ...]
    preamble_en: tuple[str, ...]
    missions: tuple[Mission, ...]
    foundations: str
    foundations_en: str
    principles_heading: str
    principles_heading_en: str
    principles: tuple[Principle, ...]


class Charter(_CharterFields):
    """The UNICANCER charter: the whole document, with lookups.

    Obtain the packaged one with ``from unicancer import charter``.

    Attributes:
        version: The version of the charter *data* (see `digest`).
        title: The document's title (``"La Charte UNICANCER"``).
        title_en: Its English title.
        translation_notice: Says that the English texts are unofficial.
        preamble: The introductory paragraphs, verbatim.
        preamble_en: Their English translation.
        missions: The public-service missions: care, research, teaching.
        foundations: The statement of the model's foundations, verbatim.
        foundations_en: Its English translation.
        principles_heading: The heading of the ten points, verbatim.
        principles_heading_en: Its English translation.
        principles: The ten principles, in order.

    >>> from unicancer import charter
    >>> len(charter), charter.principle(6).slug
    (10, 'continuous-innovation')
    """

    __slots__ = ("_digest", "_lookup")
    _digest: str
    _lookup: Index

    def __repr__(self) -> str:
        return (
            f"<Charter {self.title!r} version {self.version}: "
            f"{len(self.principles)} principles, {len(self.missions)} missions>"
        )

    def __len__(self) -> int:
        return len(self.principles)

    def __iter__(self) -> Iterator[Principle]:
        return iter(self.principles)

    if not TYPE_CHECKING:  # not indexable, for type checkers too: `charter[6]` is an error

        def __getitem__(self, key: object) -> NoReturn:
            """Refuse indexing: principles are numbered from 1, positions from 0."""
            hint = (
                f"charter.principle({key!r})"
                if isinstance(key, (int, str))
                else "charter.principle(n)"
            )
            raise InvalidTypeError(
                f"a charter is not indexed by position; look a principle up with {hint} "
                "(by number, 1 to 10, or slug), or use charter.principles"
            )

    def __contains__(self, key: object) -> bool:
        """Whether *key*, a number, a slug or a `Principle`, is in the charter."""
        if isinstance(key, Principle):
            return key in self.principles
        return self._index.find_principle(key) is not None

    @property
    def _index(self) -> Index:
        """The lookup tables, built on first use (two threads may build two equal ones)."""
        try:
            return self._lookup
        except AttributeError:
            object.__setattr__(self, "_lookup", Index(self))  # frozen: set once, here only
            return self._lookup

    @property
    def digest(self) -> str:
        """The SHA-256 of the charter's canonical JSON serialisation.

        Two charters have the same digest if and only if they hold the same
        data; the packaged data's digest is bound to its `version`.
        """
        try:
            return self._digest
        except AttributeError:
            object.__setattr__(self, "_digest", sha256_digest(self))
            return self._digest

    def principle(self, key: int | str) -> Principle:
        """Return the principle numbered *key* (1-10) or with the slug *key*.

        Raises:
            NotFoundError: No principle has that number or slug (also a
                `LookupError`).
            InvalidTypeError: *key* is neither an `int` nor a `str` (also a
                `TypeError`); ``True`` and ``3.0`` are refused.

        >>> from unicancer import charter
        >>> charter.principle(7).slug
        'patient-partnership'
        >>> charter.principle("equal-access").number
        1
        >>> charter.principle(11)
        Traceback (most recent call last):
        ...
        unicancer.NotFoundError: no principle 11; expected a number from 1 to 10 or ...
        """
        return self._index.principle(key)

    @overload
    def get(self, key: int | str) -> Principle | None: ...
    @overload
    def get(self, key: int | str, default: _T) -> Principle | _T: ...
    def get(self, key: int | str, default: object = None) -> object:
        """Like `principle`, but return *default* when nothing matches.

        A key of the wrong type still raises `InvalidTypeError`: a bug is not
        a miss.

        >>> from unicancer import charter
        >>> charter.get(42) is None
        True
        """
        found = self._index.find_principle(self._index.check_principle_key(key))
        return default if found is None else found

    def mission(self, key: str) -> Mission:
        """Return the mission with the id or the French or English label *key*.

        The label is matched insensitive to case and accents.

        >>> from unicancer import charter
        >>> charter.mission("Enseignement").id
        'teaching'
        """
        return self._index.mission(key)

    def principles_for(self, mission: Mission | str) -> tuple[Principle, ...]:
        """Return the principles serving *mission* (a `Mission`, id or label).

        >>> from unicancer import charter
        >>> [p.number for p in charter.principles_for("teaching")]
        [8, 9]
        """
        found = self.mission(mission.id if isinstance(mission, Mission) else mission)
        return tuple(p for p in self.principles if found.id in p.missions)

    def search(self, query: str, *, lang: Lang | None = None) -> tuple[Principle, ...]:
        """Return the principles matching *query*, best first.

        The query is matched, as a phrase of whole words, against the
        principles' keywords, titles and texts, in French and English (or in
        *lang* only), insensitive to case, accents, apostrophe style, hyphens,
        French elisions and extra spaces. A keyword match weighs 3, a title
        match 2, a text match 1; ties keep charter order. A query of several
        words that is not found as a phrase still matches, with a lower
        score, a principle that contains all its words.

        Raises:
            InvalidValueError: *query* is blank, or *lang* is not ``"fr"``,
                ``"en"`` or ``None`` (also a `ValueError`).
            InvalidTypeError: *query* is not a `str`.

        >>> from unicancer import charter
        >>> [p.number for p in charter.search("L'INNOVATION")]
        [6]
        >>> charter.search("ethique")[0].slug
        'equity-and-ethics'
        """
        return self._index.search(query, lang)


register_rules(Charter, charter_problems)
