"""The plots' figures agree with scikit-learn and with the evaluation's own counts."""

from __future__ import annotations

import pytest
from hypothesis import given
from sklearn import metrics

from tests.fakes import fixed_tagger
from tests.strategies import labelled_predictions, scored_pairs
from unicancer import evaluate
from unicancer._plot import label_matrix, precision_recall


@given(scored_pairs)
def test_the_curve_and_average_precision_are_scikit_learns(
    pairs: list[tuple[float, bool]],
) -> None:
    precisions, recalls, average = precision_recall(pairs)
    truth = [labelled for _, labelled in pairs]
    if not any(truth):
        assert (precisions, recalls, average) == ([], [], 0.0)
        return
    scores = [p for p, _ in pairs]
    precision, recall, _ = metrics.precision_recall_curve(truth, scores)
    assert precisions == pytest.approx(list(precision))
    assert recalls == pytest.approx(list(recall))
    assert average == pytest.approx(metrics.average_precision_score(truth, scores))


@given(labelled_predictions)
def test_the_matrix_diagonal_and_margins_are_the_evaluation_s_counts(
    case: list[tuple[frozenset[int], frozenset[int]]],
) -> None:
    texts = [f"passage {i}" for i in range(len(case))]
    gold = [(text, sorted(labels)) for text, (labels, _) in zip(texts, case, strict=True)]
    answers = {text: predicted for text, (_, predicted) in zip(texts, case, strict=True)}
    result = evaluate(gold, fixed_tagger(answers))
    counts = label_matrix(result)
    for i, score in enumerate(result.scores):
        assert counts[i][i] == score.true_positives
        n = score.number
        # A passage labelled n counts once per principle it is tagged with (or once, as none).
        assert sum(counts[i]) == sum(max(len(p), 1) for labels, p in case if n in labels)
        assert sum(row[i] for row in counts) == sum(
            max(len(labels), 1) for labels, p in case if n in p
        )
    unlabelled = [predicted for labels, predicted in case if not labels]
    assert sum(counts[10]) == sum(max(len(p), 1) for p in unlabelled)
    assert counts[10][10] == sum(1 for labels, predicted in case if not labels and not predicted)
