"""Precision, recall and F1 as scikit-learn defines them, and curves of them.

Zero division: a ratio whose denominator is zero is ``0.0``, as scikit-learn
does with ``zero_division=0.0``: the precision of a principle the tagger never
predicts, the recall of a principle no passage is labelled with, and the F1
when both precision and recall are zero. Macro averages are taken over the
principles that are *evaluated*, those that the gold set or the tagger gives
to at least one passage (like scikit-learn's default ``labels``).
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

__all__ = [
    "Average",
    "CalibrationBin",
    "CurvePoint",
    "PrincipleScore",
    "calibration",
    "curve",
    "f1_of",
    "ratio",
]


def ratio(numerator: int | float, denominator: int | float) -> float:
    """*numerator* / *denominator*, ``0.0`` when the denominator is zero."""
    return numerator / denominator if denominator else 0.0


def f1_of(true_positives: int, false_positives: int, false_negatives: int) -> float:
    """The harmonic mean of precision and recall, from the counts (exact when it is 0.4)."""
    return ratio(2 * true_positives, 2 * true_positives + false_positives + false_negatives)


@attrs.frozen
class PrincipleScore:
    """How well the tagger finds one principle.

    Attributes:
        number: The principle's number.
        slug: The principle's slug.
        true_positives: Passages labelled with the principle and tagged with it.
        false_positives: Passages tagged with the principle but not labelled with it.
        false_negatives: Passages labelled with the principle but not tagged with it.

    >>> s = PrincipleScore(7, "patient-partnership", 3, 1, 2)
    >>> s.precision, s.recall, s.support
    (0.75, 0.6, 5)
    >>> round(s.f1, 4)
    0.6667
    """

    number: int
    slug: str
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def support(self) -> int:
        """The number of passages labelled with the principle."""
        return self.true_positives + self.false_negatives

    @property
    def predicted(self) -> int:
        """The number of passages the tagger tagged with the principle."""
        return self.true_positives + self.false_positives

    @property
    def evaluated(self) -> bool:
        """Whether the principle counts in the macro average (support or predictions)."""
        return self.support + self.predicted > 0

    @property
    def precision(self) -> float:
        """``TP / (TP + FP)``; ``0.0`` when the principle is never predicted."""
        return ratio(self.true_positives, self.predicted)

    @property
    def recall(self) -> float:
        """``TP / (TP + FN)``; ``0.0`` when no passage is labelled with it."""
        return ratio(self.true_positives, self.support)

    @property
    def f1(self) -> float:
        """The harmonic mean of precision and recall; ``0.0`` when both are zero."""
        return f1_of(self.true_positives, self.false_positives, self.false_negatives)


@attrs.frozen
class Average:
    """Precision, recall and F1 averaged over the principles.

    Attributes:
        precision: The averaged precision.
        recall: The averaged recall.
        f1: The averaged F1 (for the macro average, the mean of the
            principles' F1, not the F1 of the mean precision and recall).
    """

    precision: float
    recall: float
    f1: float


@attrs.frozen
class CurvePoint:
    """Precision and recall when tagging from one threshold.

    Attributes:
        threshold: The probability from which a principle is tagged.
        precision: The precision at that threshold.
        recall: The recall at that threshold.
        f1: The F1 at that threshold.
        predicted: How many (passage, principle) pairs are tagged.
    """

    threshold: float
    precision: float
    recall: float
    f1: float
    predicted: int


@attrs.frozen
class CalibrationBin:
    """Predicted probabilities against observed frequencies, in one bin.

    Attributes:
        lower: The bin's lowest probability (included).
        upper: The bin's highest probability (excluded, but for 1.0).
        count: How many (passage, principle) pairs have a probability in it.
        predicted: Their mean probability.
        observed: The share of them whose passage is labelled with the principle.
    """

    lower: float
    upper: float
    count: int
    predicted: float
    observed: float


def curve(
    pairs: Sequence[tuple[float, bool]], thresholds: Sequence[float]
) -> tuple[CurvePoint, ...]:
    """Precision and recall of *pairs* (probability, labelled) at each threshold."""
    positives = sum(labelled for _, labelled in pairs)
    points = []
    for threshold in thresholds:
        tp = sum(1 for p, labelled in pairs if labelled and p >= threshold)
        predicted = sum(1 for p, _ in pairs if p >= threshold)
        fp, fn = predicted - tp, positives - tp
        points.append(
            CurvePoint(
                threshold, ratio(tp, predicted), ratio(tp, positives), f1_of(tp, fp, fn), predicted
            )
        )
    return tuple(points)


def calibration(pairs: Sequence[tuple[float, bool]], bins: int) -> tuple[CalibrationBin, ...]:
    """*pairs* (probability, labelled) in *bins* bins of equal width; empty bins left out."""
    grouped: list[list[tuple[float, bool]]] = [[] for _ in range(bins)]
    for p, labelled in pairs:
        grouped[min(int(p * bins), bins - 1)].append((p, labelled))
    return tuple(
        CalibrationBin(
            i / bins,
            (i + 1) / bins,
            len(group),
            sum(p for p, _ in group) / len(group),
            sum(labelled for _, labelled in group) / len(group),
        )
        for i, group in enumerate(grouped)
        if group
    )
