"""A tagger with fixed answers, to check the metrics by hand without the lexicon."""

from __future__ import annotations

from collections.abc import Mapping, Set
from typing import cast

import attrs

from unicancer import Hit, Lang, Tag, Tagger, Term, charter

#: The weight of every hit of a `FixedTagger`'s tags.
WEIGHT = 1.5


class FixedTagger:
    """Tags each text with the principles *answers* gives it, one hit per principle.

    The hit of principle *n* spans the first *n* characters of the text (any span will do).
    """

    def __init__(self, answers: Mapping[str, Set[int]]) -> None:
        self.answers = answers
        self.charter = charter

    def hits(self, text: str, *, lang: Lang | None = None) -> tuple[Hit, ...]:
        return tuple(Hit(0, n, Term(n, text[:n], "en")) for n in sorted(self.answers[text]))

    def tag(self, text: str, *, lang: Lang | None = None) -> tuple[Tag, ...]:
        return tuple(
            Tag(charter.principle(h.term.principle), 1.0, (attrs.evolve(h, weight=WEIGHT),))
            for h in self.hits(text)
        )

    def probabilities(self, text: str, *, lang: Lang | None = None) -> Mapping[int, float]:
        """1.0 for the principles of the answer, 0.0 for the others."""
        return {p.number: float(p.number in self.answers[text]) for p in charter.principles}

    def explain(self, text: str, principle: int | str, *, lang: Lang | None = None) -> Tag:
        """A missed principle: probability 0, no hits."""
        return Tag(charter.principle(principle), 0.0, ())


def fixed_tagger(answers: Mapping[str, Set[int]]) -> Tagger:
    """A `FixedTagger`, typed as the `Tagger` it stands in for."""
    return cast(Tagger, FixedTagger(answers))
