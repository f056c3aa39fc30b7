"""The records of tagging: `Hit` and `Tag`."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import attrs

from ._model import Principle
from ._terms import Term

__all__ = ["Hit", "Tag", "WindowHits", "deferred_tag", "deferred_tags", "learned_term"]


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
                    hits = source()
                    _SET(self, "hits", hits)
                    _SET(self, "_source", None)  # what made them can go
                    return hits
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")


_SET = object.__setattr__
_SOURCE = _Deferred._source  # type: ignore[attr-defined]


def deferred_tag(principle: Principle, score: float, source: Callable[[], tuple[Hit, ...]]) -> Tag:
    """A `Tag` whose hits are made by *source* when first read (by any means).

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


class WindowHits:
    """The hits of the tags chosen in one window, made together when first read.

    *make* gives the hits of the principles of some indices (0-based), in
    their order; it is called once, for all of *indices*.
    """

    __slots__ = ("_hits", "_indices", "_make")

    def __init__(
        self, make: Callable[[list[int]], list[tuple[Hit, ...]]], indices: list[int]
    ) -> None:
        self._make = make
        self._indices = indices
        self._hits: dict[int, tuple[Hit, ...]] | None = None

    def of(self, index: int) -> tuple[Hit, ...]:
        """The hits of the tag of principle *index*."""
        if self._hits is None:
            self._hits = dict(zip(self._indices, self._make(self._indices), strict=True))
        return self._hits[index]


def deferred_tags(
    principles: Sequence[Principle],
    chosen: Sequence[tuple[int, float, int]],
    evidence: Callable[[int, list[int]], list[tuple[Hit, ...]]],
) -> tuple[Tag, ...]:
    """The tags of *chosen* (principle index, score, window), as `deferred_tag` makes them.

    ``evidence(window, indices)`` gives the hits of the principles of *indices* in
    *window*: called once per window, when a tag of it is first read.
    """
    windows: dict[int, WindowHits] = {}
    for _, _, window in chosen:
        if window not in windows:
            indices = [i for i, _, w in chosen if w == window]
            windows[window] = WindowHits(functools.partial(evidence, window), indices)
    return tuple(
        deferred_tag(principles[index], score, functools.partial(windows[window].of, index))
        for index, score, window in chosen
    )


@functools.cache
def learned_term(principle: int, phrase: str) -> Term:
    """The `Term` of a learned *phrase* in a tag of *principle*, made once.

    As many as the model has phrases for each principle, at most.
    """
    return Term(principle, phrase, None)
