"""The records of tagging: `Hit` and `Tag`."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import attrs

from ._model import Principle
from ._terms import Term

if TYPE_CHECKING:
    from ._features import Chosen

__all__ = [
    "Hit",
    "Tag",
    "TextHits",
    "WindowHits",
    "deferred_tag",
    "deferred_tags",
    "learned_term",
]


@attrs.frozen
class Hit:
    """A span of a text that tagging read.

    Attributes:
        start: Where it starts in the text (an index into the string
            given to `Tagger.hits` or `Tagger.tag`, whatever its normal form).
        end: Where it ends: ``text[start:end]`` is what was found.
        term: What was found: a lexicon term (of ``term.principle``), or a
            phrase the model learned (``term.lang`` is ``None``).
        weight: In a `Tag`'s hits, how much the span moved the tag's
            log-odds: positive for evidence for the principle, negative
            against it. ``0.0`` from `Tagger.hits`, which scores nothing.
    """

    start: int
    end: int
    term: Term
    weight: float = 0.0


class _Deferred:
    """The slot where a `Tag` made by `deferred_tag` keeps how to make its hits."""

    __slots__ = ("_source",)


@attrs.frozen
class Tag(_Deferred):
    """A principle a text is about, with the evidence.

    Attributes:
        principle: The principle.
        score: The model's probability that the text expresses the
            principle, from 0 to 1 (a long text: that of its likeliest window).
        hits: The spans that moved the score (of that window), in text order,
            each with its `Hit.weight`: those for the principle and those
            against it.
    """

    principle: Principle
    score: float
    hits: tuple[Hit, ...]

    @property
    def evidence(self) -> tuple[Hit, ...]:
        """The hits that pushed the score up, strongest first."""
        return tuple(sorted((h for h in self.hits if h.weight > 0), key=lambda h: -h.weight))

    if not TYPE_CHECKING:  # to type checkers, Tag has no attribute but its own

        def __getattr__(self, name: str) -> object:
            # Called only where the attribute is not set: the hits of a deferred tag.
            if name == "hits":
                try:
                    source = _SOURCE.__get__(self)
                except AttributeError:  # not made by deferred_tag
                    source = None
                if source is not None:
                    hits = source(self)
                    _SET(self, "hits", hits)
                    _SET(self, "_source", None)  # what made them can go
                    return hits
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")


_SET = object.__setattr__
_SOURCE = _Deferred._source  # type: ignore[attr-defined]


def deferred_tag(
    principle: Principle, score: float, source: Callable[[Tag], tuple[Hit, ...]]
) -> Tag:
    """A `Tag` whose hits are made by ``source(tag)`` when first read (by any means).

    Tagging many texts, most callers read the principles and scores only:
    the hits of their tags, which cost more to make than the rest of
    tagging, are made only for those who read them. Equality, hashing,
    ``repr``, pickling and `attrs.asdict` read them as any attribute: a
    deferred tag is in all things the tag that *source* describes.
    """
    tag: Tag = Tag.__new__(Tag)
    _SET(tag, "principle", principle)
    _SET(tag, "score", score)
    _SET(tag, "_source", source)
    return tag


#: ``hits(window, indices)``: the hits of window number *window* of a text for each
#: principle of *indices* (`Tagger._evidence` of that window's spans).
WindowHits = Callable[[int, list[int]], list[tuple[Hit, ...]]]


class TextHits:
    """The hits of one text's tags, made when one of them is first read: those of the
    tags of one window together, by ``hits(window, indices)``.

    One object for all the tags of a text, and what it holds: results kept by the
    million cost the garbage collector what they hold.
    """

    __slots__ = ("_chosen", "_hits", "_made", "_principles")

    def __init__(
        self, hits: WindowHits, principles: Sequence[Principle], chosen: Sequence[Chosen]
    ) -> None:
        self._hits = hits
        self._principles, self._chosen = principles, chosen
        self._made: dict[int, tuple[Hit, ...]] = {}

    def __call__(self, tag: Tag) -> tuple[Hit, ...]:
        (index, window) = next(
            (i, w) for i, _, w in self._chosen if self._principles[i] is tag.principle
        )
        made = self._made
        if index not in made:
            indices = [i for i, _, w in self._chosen if w == window]
            hits = self._hits(window, indices)
            made.update(zip(indices, hits, strict=True))
        return made[index]


def deferred_tags(
    principles: Sequence[Principle], chosen: Sequence[Chosen], hits: WindowHits
) -> tuple[Tag, ...]:
    """The tags of *chosen* (principle index, score, window), as `deferred_tag` makes them,
    their hits by one `TextHits`."""
    source = TextHits(hits, principles, chosen)
    return tuple(deferred_tag(principles[index], score, source) for index, score, _ in chosen)


@functools.cache
def learned_term(principle: int, phrase: str) -> Term:
    """The `Term` of a learned *phrase* in a tag of *principle*, made once.

    As many as the model has phrases for each principle, at most.
    """
    return Term(principle, phrase, None)
