"""`unicancer.evaluate` agrees with a plain reference computation of the metrics."""

from __future__ import annotations

import pytest
from hypothesis import given

from tests.fakes import fixed_tagger
from tests.strategies import labelled_predictions
from unicancer import Evaluation, evaluate

Case = list[tuple[frozenset[int], frozenset[int]]]


def run(case: Case) -> Evaluation:
    texts = [f"passage {i}" for i in range(len(case))]
    gold = [(text, sorted(labels)) for text, (labels, _) in zip(texts, case, strict=True)]
    answers = {text: predicted for text, (_, predicted) in zip(texts, case, strict=True)}
    return evaluate(gold, fixed_tagger(answers))


def safe(a: float, b: float) -> float:
    return 0.0 if b == 0 else a / b


def reference(case: Case) -> dict[str, object]:
    """Indicator vectors per principle, counted one passage at a time."""
    per: dict[int, tuple[float, float, float]] = {}
    pooled = [0, 0, 0]
    for n in range(1, 11):
        truth = [n in labels for labels, _ in case]
        guess = [n in predicted for _, predicted in case]
        tp = sum(t and g for t, g in zip(truth, guess, strict=True))
        fp = sum(g and not t for t, g in zip(truth, guess, strict=True))
        fn = sum(t and not g for t, g in zip(truth, guess, strict=True))
        pooled = [pooled[0] + tp, pooled[1] + fp, pooled[2] + fn]
        p, r = safe(tp, tp + fp), safe(tp, tp + fn)
        if tp + fp + fn:
            per[n] = (p, r, safe(2 * p * r, p + r))
    tp, fp, fn = pooled
    p, r = safe(tp, tp + fp), safe(tp, tp + fn)
    k = len(per)
    return {
        "per": per,
        "micro": (p, r, safe(2 * p * r, p + r)),
        "macro": tuple(safe(sum(v[i] for v in per.values()), k) for i in range(3)),
        "fp": sorted((i, n) for i, (lab, pred) in enumerate(case) for n in pred - lab),
        "fn": sorted((i, n) for i, (lab, pred) in enumerate(case) for n in lab - pred),
    }


@given(labelled_predictions)
def test_metrics_match_the_reference(case: Case) -> None:
    result = run(case)
    expected = reference(case)
    per = expected["per"]
    assert isinstance(per, dict)
    for score in result.scores:
        assert score.evaluated == (score.number in per)
        if score.number in per:
            assert (score.precision, score.recall, score.f1) == pytest.approx(per[score.number])
    micro, macro = result.micro, result.macro
    assert (micro.precision, micro.recall, micro.f1) == pytest.approx(expected["micro"])
    assert (macro.precision, macro.recall, macro.f1) == pytest.approx(expected["macro"])
    assert [(m.index, m.principle) for m in result.false_positives] == expected["fp"]
    assert [(m.index, m.principle) for m in result.false_negatives] == expected["fn"]


@given(labelled_predictions)
def test_scores_are_bounded_and_counts_add_up(case: Case) -> None:
    result = run(case)
    for s in result.scores:
        assert 0.0 <= s.precision <= 1.0
        assert 0.0 <= s.recall <= 1.0
        assert min(s.precision, s.recall) <= s.f1 <= max(s.precision, s.recall)
    assert sum(s.support for s in result.scores) == sum(len(labels) for labels, _ in case)
    assert sum(s.predicted for s in result.scores) == sum(len(p) for _, p in case)
    assert len(result.false_positives) == sum(s.false_positives for s in result.scores)
    assert len(result.false_negatives) == sum(s.false_negatives for s in result.scores)
