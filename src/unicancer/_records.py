"""The records of tagging: `Hit` and `Tag`."""

from __future__ import annotations

import functools

import attrs

from ._model import Principle
from ._terms import Term

__all__ = ["Hit", "Tag", "learned_term"]


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


@attrs.frozen
class Tag:
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


@functools.cache
def learned_term(principle: int, phrase: str) -> Term:
    """The `Term` of a learned *phrase* in a tag of *principle*, made once.

    As many as the model has phrases for each principle, at most.
    """
    return Term(principle, phrase, None)
