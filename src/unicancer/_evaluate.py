"""Measure a tagger against a gold set: passages labelled by hand with principle numbers.

The figures are scikit-learn's (see `unicancer._metrics`): per-principle
precision, recall and F1, their micro, macro, weighted and samples averages,
precision-recall curves over thresholds and a calibration table of the
model's probabilities.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

import attrs

from ._errors import InvalidTypeError, InvalidValueError, NotFoundError
from ._gold import Gold, read_gold
from ._metrics import (
    Average,
    CalibrationBin,
    CurvePoint,
    PrincipleScore,
    calibration,
    curve,
    f1_of,
    ratio,
)
from ._model import Charter, Lang

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ._tagging import Hit, Tagger

__all__ = [
    "Average",
    "CalibrationBin",
    "CurvePoint",
    "Evaluation",
    "Gold",
    "Mistake",
    "PrincipleScore",
    "evaluate",
]

#: The thresholds of `Evaluation.curve` by default: 0.05, 0.10, ... 0.95.
THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(1, 20))


@attrs.frozen
class Mistake:
    """A false positive or a false negative: one passage, one principle.

    Attributes:
        index: The passage's position in the gold set, from 0.
        id: The passage's ``"id"`` in a JSON Lines gold file, else ``None``.
        text: The passage.
        principle: The number of the principle wrongly given or missed.
        score: The model's probability of that principle for the passage.
        hits: The spans that moved that probability, with their weights:
            why it was tagged (false positive), or what there was and was
            not enough (false negative, often empty).
    """

    index: int
    id: str | None
    text: str
    principle: int
    score: float
    hits: tuple[Hit, ...]

    def matched(self) -> tuple[str, ...]:
        """The passage's text under each hit."""
        return tuple(self.text[hit.start : hit.end] for hit in self.hits)


@attrs.frozen
class Evaluation:
    """The result of `evaluate`: per-principle scores, averages, mistakes and curves.

    Attributes:
        documents: The number of passages in the gold set.
        scores: One `PrincipleScore` per principle of the charter, in order.
        false_positives: Every principle given to a passage not labelled with
            it, in gold-set order.
        false_negatives: Every label the tagger missed, in gold-set order.
        labels: Each passage's labels, in gold-set order.
        predicted: Each passage's tagged principles.
        probabilities: Each passage's probabilities, one per principle in
            charter order.
    """

    documents: int
    scores: tuple[PrincipleScore, ...]
    false_positives: tuple[Mistake, ...]
    false_negatives: tuple[Mistake, ...]
    labels: tuple[frozenset[int], ...] = attrs.field(default=(), repr=False)
    predicted: tuple[frozenset[int], ...] = attrs.field(default=(), repr=False)
    probabilities: tuple[tuple[float, ...], ...] = attrs.field(default=(), repr=False)

    @property
    def micro(self) -> Average:
        """Scores of the pooled counts of every principle."""
        tp = sum(s.true_positives for s in self.scores)
        fp = sum(s.false_positives for s in self.scores)
        fn = sum(s.false_negatives for s in self.scores)
        return Average(ratio(tp, tp + fp), ratio(tp, tp + fn), f1_of(tp, fp, fn))

    @property
    def macro(self) -> Average:
        """Unweighted means over the evaluated principles (see `unicancer._metrics`)."""
        scores = [s for s in self.scores if s.evaluated]
        return Average(
            ratio(sum(s.precision for s in scores), len(scores)),
            ratio(sum(s.recall for s in scores), len(scores)),
            ratio(sum(s.f1 for s in scores), len(scores)),
        )

    @property
    def weighted(self) -> Average:
        """Means over the principles weighted by their support (scikit-learn's ``weighted``)."""
        total = sum(s.support for s in self.scores)
        return Average(
            ratio(sum(s.precision * s.support for s in self.scores), total),
            ratio(sum(s.recall * s.support for s in self.scores), total),
            ratio(sum(s.f1 * s.support for s in self.scores), total),
        )

    @property
    def samples(self) -> Average:
        """Means over the passages of each passage's scores (scikit-learn's ``samples``).

        A passage with no label and no tag scores 0, as with ``zero_division=0``.
        """
        rows = []
        for labels, predicted in zip(self.labels, self.predicted, strict=True):
            tp = len(labels & predicted)
            fp, fn = len(predicted) - tp, len(labels) - tp
            rows.append((ratio(tp, tp + fp), ratio(tp, tp + fn), f1_of(tp, fp, fn)))
        n = len(rows)
        return Average(*(ratio(sum(r[i] for r in rows), n) for i in range(3)))

    def score(self, key: int | str) -> PrincipleScore:
        """Return the score of the principle numbered or slugged *key*.

        Raises:
            NotFoundError: No principle has that number or slug.
        """
        for s in self.scores:
            if key in (s.number, s.slug) and not isinstance(key, bool):
                return s
        raise NotFoundError("principle", key, "one of " + ", ".join(s.slug for s in self.scores))

    def _pairs(self, key: int | str | None) -> list[tuple[float, bool]]:
        if not self.probabilities:
            raise InvalidValueError("this evaluation holds no probabilities")
        numbers = [s.number for s in self.scores]
        columns = range(len(numbers)) if key is None else [numbers.index(self.score(key).number)]
        return [
            (row[i], numbers[i] in labels)
            for row, labels in zip(self.probabilities, self.labels, strict=True)
            for i in columns
        ]

    def curve(
        self, key: int | str | None = None, *, thresholds: Sequence[float] = THRESHOLDS
    ) -> tuple[CurvePoint, ...]:
        """Precision and recall at each of *thresholds*, of one principle or of all pooled.

        *key* is a principle's number or slug; ``None`` pools every
        (passage, principle) pair, as the micro average does.

        >>> from unicancer import evaluate
        >>> result = evaluate([("Un comité de patients relit nos brochures.", [7])])
        >>> [(p.threshold, p.recall) for p in result.curve(7, thresholds=[0.5])]
        [(0.5, 1.0)]
        """
        for t in thresholds:
            if isinstance(t, bool) or not isinstance(t, (int, float)) or not 0 <= t <= 1:
                raise InvalidValueError(f"thresholds must be probabilities, found {t!r}")
        return curve(self._pairs(key), thresholds)

    def threshold_for(self, key: int | str | None = None, *, precision: float) -> float | None:
        """The lowest threshold whose precision reaches *precision*, or ``None``.

        The candidates are the probabilities the model gave; the one chosen
        keeps the most recall among those reaching the target.
        """
        if isinstance(precision, bool) or not isinstance(precision, (int, float)):
            raise InvalidTypeError(f"precision must be a number, not {precision!r}")
        pairs = self._pairs(key)
        candidates = sorted({p for p, _ in pairs if p > 0})
        for point in curve(pairs, candidates):
            if point.predicted and point.precision >= precision:
                return point.threshold
        return None

    def calibration(
        self, key: int | str | None = None, *, bins: int = 10
    ) -> tuple[CalibrationBin, ...]:
        """Mean probability against observed frequency, in *bins* bins of equal width.

        A calibrated model has ``observed`` close to ``predicted`` in every
        bin that holds enough pairs.
        """
        if type(bins) is not int or bins < 1:
            raise InvalidValueError(f"bins must be a positive int, not {bins!r}")
        return calibration(self._pairs(key), bins)

    def to_frame(self) -> pd.DataFrame:
        """The per-principle scores and averages as a pandas DataFrame (``unicancer[pandas]``).

        One row per principle (indexed by number) then ``micro``, ``macro``,
        ``weighted`` and ``samples``; columns ``slug``, ``precision``,
        ``recall``, ``f1``, ``support``.
        """
        from ._report import to_frame

        return to_frame(self)

    def plot(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        kind: Literal["curves", "matrix"] = "curves",
        lang: Lang = "fr",
        ax: Axes | None = None,
    ) -> Figure:
        """Draw the evaluation with matplotlib (``unicancer[plot]``); save it to *path* if given.

        *kind* ``"curves"``: each labelled principle's precision-recall curve over every
        threshold, with its average precision (AP) and a dot at the tagger's own threshold,
        and the pooled (micro) curve. ``"matrix"``: the passages counted by gold principle
        (rows) and predicted principle (columns), with a row and a column for none.

        Returns the matplotlib `Figure` (that of *ax* when given, drawn into). *path* ending
        in ``.png`` or ``.svg`` is written in that format; nothing is ever shown on screen.

        Raises:
            MissingDependencyError: matplotlib is not installed.
            InvalidValueError: *kind*, *lang* or *path*'s suffix is invalid, the file cannot
                be written, or the evaluation holds no probabilities (curves).
        """
        from ._plot import plot

        return plot(self, path, kind=kind, lang=lang, ax=ax)

    def to_text(self, *, lang: Lang = "fr", mistakes: bool = False) -> str:
        """Return a report table in *lang*; with *mistakes*, list them and their hits.

        A principle that is not evaluated (no label, no prediction) shows ``-``.
        """
        from ._report import to_text

        return to_text(self, lang=lang, mistakes=mistakes)

    def __str__(self) -> str:
        return self.to_text()

    def to_json(self, *, indent: int | None = 2) -> str:
        """Return the evaluation as JSON, for machines.

        The object has ``documents``, ``principles`` (one object per
        principle with its counts and scores), ``micro``, ``macro``,
        ``weighted``, ``samples``, ``false_positives`` and
        ``false_negatives`` (with their hits).
        """
        from ._report import to_json

        return to_json(self, indent=indent)


def evaluate(gold: Gold, tagger: Tagger | None = None) -> Evaluation:
    """Tag every passage of *gold* with *tagger* and compare with its labels.

    *gold* is either the path of a JSON Lines file, one object a line with
    ``"text"`` (a string) and ``"labels"`` (a list of principle numbers,
    possibly empty), and optionally ``"id"`` (a string, unique) and
    ``"lang"`` (``"fr"``, ``"en"``, ``"mixed"`` or ``null``, passed to the
    tagger, ``"mixed"`` as ``None``); other keys are ignored, and so are
    blank lines. Or it is an iterable of ``(text, labels)`` pairs. *tagger*
    defaults to ``Tagger()``.

    A ratio whose denominator is zero (the precision of a principle never
    predicted, the recall of a principle never labelled) is ``0.0``; the
    macro averages cover the principles labelled or predicted at least once.

    Raises:
        GoldDataError: The gold set is empty or malformed; every problem is
            reported, located by line (``"line 12: labels[1]"``) or by item
            (``"gold[11]: labels"``).
        InvalidTypeError: *gold* is neither a path nor an iterable.
        OSError: The file cannot be read.

    >>> from unicancer import evaluate
    >>> result = evaluate([
    ...     ("Le comité de patients partenaires a relu le protocole.", [7]),
    ...     ("Preheat the oven to 180°C.", []),
    ... ])
    >>> result.score(7).recall, result.micro.precision
    (1.0, 1.0)
    """
    tagger = default_tagger(tagger)
    charter = charter_of(tagger)
    numbers = frozenset(p.number for p in charter)
    passages = read_gold(gold, numbers)
    counts = {n: [0, 0, 0] for n in numbers}  # true positives, false positives, false negatives
    false_positives: list[Mistake] = []
    false_negatives: list[Mistake] = []
    predicted: list[frozenset[int]] = []
    probabilities: list[tuple[float, ...]] = []
    for index, passage in enumerate(passages):
        tags = {t.principle.number: t for t in tagger.tag(passage.text, lang=passage.lang)}
        probabilities.append(tuple(tagger.probabilities(passage.text, lang=passage.lang).values()))
        predicted.append(frozenset(tags))
        for n in sorted(tags.keys() - passage.labels):
            counts[n][1] += 1
            t = tags[n]
            false_positives.append(Mistake(index, passage.id, passage.text, n, t.score, t.hits))
        for n in sorted(passage.labels - tags.keys()):
            counts[n][2] += 1
            t = tagger.explain(passage.text, n, lang=passage.lang)
            false_negatives.append(Mistake(index, passage.id, passage.text, n, t.score, t.hits))
        for n in passage.labels & tags.keys():
            counts[n][0] += 1
    return Evaluation(
        documents=len(passages),
        scores=tuple(PrincipleScore(p.number, p.slug, *counts[p.number]) for p in charter),
        false_positives=tuple(false_positives),
        false_negatives=tuple(false_negatives),
        labels=tuple(p.labels for p in passages),
        predicted=tuple(predicted),
        probabilities=tuple(probabilities),
    )


def default_tagger(tagger: Tagger | None) -> Tagger:
    """*tagger*, or ``Tagger()`` when it is ``None``."""
    if tagger is None:
        from ._tagging import Tagger

        return Tagger()
    return tagger


def charter_of(tagger: Tagger) -> Charter:
    """The charter whose principles *tagger* tags with."""
    if tagger.charter is not None:
        return tagger.charter
    from ._loading import packaged

    return packaged()
