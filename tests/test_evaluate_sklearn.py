"""Every figure of an `Evaluation` is the one scikit-learn computes from the same labels."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn import metrics

import unicancer
from tests.paths import DATA
from unicancer import Evaluation, charter

NUMBERS = [p.number for p in charter]


@pytest.fixture(scope="module")
def result() -> Evaluation:
    return unicancer.evaluate(DATA / "holdout.jsonl")


def matrices(result: Evaluation) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    y_true = np.array([[n in labels for n in NUMBERS] for labels in result.labels], dtype=int)
    y_pred = np.array([[n in tags for n in NUMBERS] for tags in result.predicted], dtype=int)
    return y_true, y_pred, np.array(result.probabilities)


def test_per_principle_scores(result: Evaluation) -> None:
    y_true, y_pred, _ = matrices(result)
    p, r, f, support = metrics.precision_recall_fscore_support(
        y_true, y_pred, average=None, zero_division=0.0
    )
    for i, s in enumerate(result.scores):
        assert (s.precision, s.recall, s.f1, s.support) == pytest.approx(
            (p[i], r[i], f[i], support[i])
        )


@pytest.mark.parametrize("average", ["micro", "weighted", "samples"])
def test_averages(result: Evaluation, average: str) -> None:
    y_true, y_pred, _ = matrices(result)
    expected = metrics.precision_recall_fscore_support(
        y_true, y_pred, average=average, zero_division=0.0
    )[:3]
    ours = getattr(result, average)
    assert (ours.precision, ours.recall, ours.f1) == pytest.approx(expected)


def test_macro_average_over_the_evaluated_principles(result: Evaluation) -> None:
    y_true, y_pred, _ = matrices(result)
    evaluated = [i for i, s in enumerate(result.scores) if s.evaluated]
    expected = metrics.precision_recall_fscore_support(
        y_true, y_pred, average="macro", labels=evaluated, zero_division=0.0
    )[:3]
    assert (result.macro.precision, result.macro.recall, result.macro.f1) == pytest.approx(expected)


@pytest.mark.parametrize("threshold", [0.1, 0.3, 0.5, 0.7, 0.9])
def test_curves_are_the_scores_at_each_threshold(result: Evaluation, threshold: float) -> None:
    y_true, _, probabilities = matrices(result)
    predicted = (probabilities >= threshold).astype(int)
    (pooled,) = result.curve(thresholds=[threshold])
    assert (pooled.precision, pooled.recall, pooled.f1) == pytest.approx(
        metrics.precision_recall_fscore_support(
            y_true, predicted, average="micro", zero_division=0.0
        )[:3]
    )
    for i, number in enumerate(NUMBERS):
        (point,) = result.curve(number, thresholds=[threshold])
        assert point.precision == pytest.approx(
            metrics.precision_score(y_true[:, i], predicted[:, i], zero_division=0.0)
        )
        assert point.recall == pytest.approx(
            metrics.recall_score(y_true[:, i], predicted[:, i], zero_division=0.0)
        )
        assert point.predicted == predicted[:, i].sum()


def test_the_threshold_for_a_precision_reaches_it_with_the_most_recall(result: Evaluation) -> None:
    y_true, _, probabilities = matrices(result)
    precision, _, thresholds = metrics.precision_recall_curve(y_true.ravel(), probabilities.ravel())
    (at_half,) = result.curve(thresholds=[0.5])
    target = at_half.precision  # reached at 0.5 at least
    chosen = result.threshold_for(precision=target)
    assert chosen is not None
    reaching = [t for p, t in zip(precision, thresholds, strict=False) if p >= target and t > 0]
    assert chosen == pytest.approx(min(reaching))
    assert result.threshold_for(precision=1.01) is None


def test_calibration_bins_are_sklearns(result: Evaluation) -> None:
    y_true, _, probabilities = matrices(result)
    observed, predicted = _calibration_curve(y_true, probabilities)
    bins = result.calibration()
    assert [b.observed for b in bins] == pytest.approx(list(observed))
    assert [b.predicted for b in bins] == pytest.approx(list(predicted))
    assert sum(b.count for b in bins) == probabilities.size


def _calibration_curve(y_true: np.ndarray, probabilities: np.ndarray) -> tuple[list[float], ...]:
    from sklearn.calibration import calibration_curve

    observed, predicted = calibration_curve(
        y_true.ravel(), probabilities.ravel(), n_bins=10, strategy="uniform"
    )
    return list(observed), list(predicted)


def test_to_frame_has_the_scores_and_the_averages(result: Evaluation) -> None:
    frame = result.to_frame()
    assert list(frame.index) == [*NUMBERS, "micro", "macro", "weighted", "samples"]
    assert frame.loc[7, "f1"] == result.score(7).f1
    assert frame.loc["samples", "precision"] == result.samples.precision
    assert list(frame.columns) == ["slug", "precision", "recall", "f1", "support"]
