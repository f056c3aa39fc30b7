"""Quality floors: the default tagger on the project's labelled sets must not get worse.

With charter data 1.7.0 (the learned model, not trained on the gold set): micro precision
0.957, recall 0.887, F1 0.920, macro F1 0.920 on the gold set (data 1.6.0: 0.935, 0.867,
0.900, 0.896).

Measured with charter data 1.4.0 (lexicon of about 2,540 terms, default threshold 0.5): micro
precision 0.928, recall 0.940, F1 0.934; macro F1 0.936; 11 false positives (9 passages
without a principle tagged), 9 false negatives on 150 labels (data 1.2.0: micro F1 0.863,
macro 0.857, 20 false positives, 21 false negatives). The floors sit a little below, so that
improving the lexicon never fails here but a regression does. Raise them when the tagger
improves.

Caution: the lexicon was written after this gold set, and holds many of its distinctive
phrases; these figures overestimate how the tagger does on unseen text.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.paths import DATA
from unicancer import Evaluation, evaluate

GOLD = DATA / "gold.jsonl"


@pytest.fixture(scope="module")
def result() -> Evaluation:
    return evaluate(GOLD)


def test_micro_averages_hold_their_floor(result: Evaluation) -> None:
    assert result.documents == 245
    assert result.micro.f1 >= 0.88, result.to_text(lang="en")
    assert result.micro.precision >= 0.90, result.to_text(lang="en", mistakes=True)
    assert result.micro.recall >= 0.84, result.to_text(lang="en", mistakes=True)


def test_macro_f1_holds_its_floor(result: Evaluation) -> None:
    assert result.macro.f1 >= 0.88, result.to_text(lang="en")


def test_every_principle_is_found_at_least_sometimes(result: Evaluation) -> None:
    assert [s.slug for s in result.scores if s.true_positives == 0] == []


def test_few_passages_without_a_principle_get_a_tag(result: Evaluation) -> None:
    """Unrelated topics and hard negatives: 105 passages, 9 tagged when measured."""
    unlabelled = {
        json.loads(line)["id"]
        for line in GOLD.read_text().splitlines()
        if not json.loads(line)["labels"]
    }
    assert len(unlabelled) == 105
    tagged = {str(m.id) for m in result.false_positives} & unlabelled
    assert len(tagged) <= 11, sorted(tagged)


@pytest.fixture(scope="module")
def holdout() -> Evaluation:
    return evaluate(DATA / "holdout.jsonl")


def test_the_held_out_set_holds_its_floor(holdout: Evaluation) -> None:
    """104 passages written after lexicon 1.2.0, never to be used to choose terms.

    Measured with charter data 1.4.0: micro precision 0.591, recall 0.351, F1 0.441; macro F1
    0.425; 18 false positives, 48 false negatives on 74 labels (data 1.2.0: precision 0.586,
    recall 0.230, F1 0.330, macro F1 0.309). This, not the gold set, is the better estimate
    of how the tagger does on new text. Its aggregate scores were looked at after each of the
    three rounds of terms that made data 1.4.0, never its passages or mistakes. With data 1.6.0
    (the learned model, which never trained on it): precision 0.830, recall 0.527, F1 0.645;
    with data 1.7.0: 0.880, 0.595, 0.710. The floors are the learned-tagging issue's targets.
    """
    assert holdout.documents == 104
    assert holdout.micro.f1 >= 0.70, holdout.to_text(lang="en")
    assert holdout.micro.precision >= 0.75, holdout.to_text(lang="en")
    assert holdout.micro.recall >= 0.55, holdout.to_text(lang="en")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_held_out_set_holds_its_floor_in_each_language(lang: str, tmp_path: Path) -> None:
    """With data 1.7.0: French F1 0.667 (52 passages), English 0.750 (data 1.6.0: 0.545 and
    0.727); the floor is the learned-tagging issue's target for each language."""
    lines = (DATA / "holdout.jsonl").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "holdout.jsonl"
    path.write_text("".join(line + "\n" for line in lines if json.loads(line)["lang"] == lang))
    result = evaluate(path)
    assert result.documents == 52
    assert result.micro.f1 >= 0.65, result.to_text(lang="en")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_test_set_holds_its_floor_in_each_language(lang: str, tmp_path: Path) -> None:
    """440 passages written after the model's features were fixed, never trained or tuned on.

    With data 1.7.0: micro precision 0.868, recall 0.766, F1 0.814 (French 0.832, English
    0.790); data 1.6.0: 0.833, 0.736, 0.782 (0.797, 0.755); the hand-weighted lexicon of data
    1.5.0, F1 0.565.
    """
    lines = (DATA / "test.jsonl").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "test.jsonl"
    path.write_text("".join(line + "\n" for line in lines if json.loads(line)["lang"] == lang))
    result = evaluate(path)
    assert result.micro.f1 >= 0.72, result.to_text(lang="en")
    assert result.micro.precision >= 0.75, result.to_text(lang="en")
