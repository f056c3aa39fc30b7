"""`unicancer.evaluate`: metrics checked by hand, gold-set reading and its errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import unicancer
from tests.fakes import fixed_tagger
from unicancer import Evaluation, GoldDataError, InvalidTypeError, NotFoundError, evaluate

#: Five passages, their labels and what the fixed tagger answers.
GOLD = [("A", [1, 2]), ("B", [1]), ("C", []), ("D", [2]), ("E", [])]
ANSWERS = {"A": {1}, "B": {1, 3}, "C": {3}, "D": set(), "E": set()}


@pytest.fixture
def result() -> Evaluation:
    return evaluate(GOLD, fixed_tagger(ANSWERS))


def test_per_principle_counts_and_scores_by_hand(result: Evaluation) -> None:
    # 1: found in A and B, never wrongly: perfect.
    one = result.score(1)
    assert (one.true_positives, one.false_positives, one.false_negatives) == (2, 0, 0)
    assert (one.precision, one.recall, one.f1, one.support) == (1.0, 1.0, 1.0, 2)
    # 2: labelled on A and D, never predicted: precision 0/0 is 0.0.
    two = result.score("equity-and-ethics")
    assert (two.true_positives, two.false_positives, two.false_negatives) == (0, 0, 2)
    assert (two.precision, two.recall, two.f1, two.support) == (0.0, 0.0, 0.0, 2)
    # 3: predicted on B and C, never labelled: recall 0/0 is 0.0.
    three = result.score(3)
    assert (three.true_positives, three.false_positives, three.false_negatives) == (0, 2, 0)
    assert (three.precision, three.recall, three.f1, three.support) == (0.0, 0.0, 0.0, 0)


def test_every_principle_has_a_score_in_charter_order(result: Evaluation) -> None:
    assert [s.number for s in result.scores] == list(range(1, 11))
    assert [s.slug for s in result.scores] == [p.slug for p in unicancer.charter]
    assert [s.evaluated for s in result.scores] == [True] * 3 + [False] * 7
    assert result.documents == 5


def test_micro_pools_the_counts(result: Evaluation) -> None:
    # TP = 2, predicted = 4 (1 in A, 1 and 3 in B, 3 in C), labels = 4.
    assert result.micro == unicancer.Average(0.5, 0.5, 0.5)


def test_macro_averages_only_the_evaluated_principles(result: Evaluation) -> None:
    assert result.macro.precision == pytest.approx(1 / 3)
    assert result.macro.recall == pytest.approx(1 / 3)
    assert result.macro.f1 == pytest.approx(1 / 3)


def test_mistakes_name_the_document_the_principle_and_the_hits(result: Evaluation) -> None:
    assert [(m.index, m.text, m.principle) for m in result.false_positives] == [
        (1, "B", 3),
        (2, "C", 3),
    ]
    assert [(m.index, m.text, m.principle) for m in result.false_negatives] == [
        (0, "A", 2),
        (3, "D", 2),
    ]
    fp = result.false_positives[0]
    assert [h.term.principle for h in fp.hits] == [3]
    assert all(m.hits == () for m in result.false_negatives)
    assert all(m.id is None for m in result.false_positives)


def test_harmonic_mean_by_hand() -> None:
    # Principle 5: TP 3 (a, b, c), FP 1 (d), FN 2 (e, f): P = 3/4, R = 3/5, F1 = 2/3.
    gold = [("a", [5]), ("b", [5]), ("c", [5]), ("d", []), ("e", [5]), ("f", [5])]
    answers = {"a": {5}, "b": {5}, "c": {5}, "d": {5}, "e": set(), "f": set()}
    score = evaluate(gold, fixed_tagger(answers)).score(5)
    assert (score.precision, score.recall) == (0.75, 0.6)
    assert score.f1 == pytest.approx(2 / 3)


def test_a_perfect_tagger_scores_one() -> None:
    gold = [("a", [1, 10]), ("b", [4]), ("c", [])]
    result = evaluate(gold, fixed_tagger({"a": {1, 10}, "b": {4}, "c": set()}))
    assert result.micro == result.macro == unicancer.Average(1.0, 1.0, 1.0)
    assert result.false_positives == result.false_negatives == ()


def test_nothing_to_find_and_nothing_found_is_zero_not_an_error() -> None:
    result = evaluate([("a", []), ("b", [])], fixed_tagger({"a": set(), "b": set()}))
    assert result.micro == result.macro == unicancer.Average(0.0, 0.0, 0.0)
    assert not any(s.evaluated for s in result.scores)


def test_unknown_principle_key_is_not_found(result: Evaluation) -> None:
    with pytest.raises(NotFoundError, match="no principle 11"):
        result.score(11)
    with pytest.raises(NotFoundError):
        result.score(True)


def test_report_table(result: Evaluation) -> None:
    lines = result.to_text(lang="en").splitlines()
    assert lines[0].split() == ["principle", "precision", "recall", "F1", "support"]
    assert lines[1].split() == ["1", "equal-access", "1.000", "1.000", "1.000", "2"]
    assert lines[3].split() == ["3", "patient-centred-care", "0.000", "0.000", "0.000", "0"]
    assert lines[4].split() == ["4", "shared-project", "-", "-", "-", "0"]
    assert len({len(line) for line in lines[:12]}) == 1  # columns aligned
    assert lines[11].split() == ["micro", "0.500", "0.500", "0.500", "4"]
    assert lines[12].split() == ["macro", "0.333", "0.333", "0.333"]
    assert lines[13].split()[0] == "weighted"
    assert lines[14].split()[0] == "samples"
    assert lines[15] == "5 documents, 2 false positives, 2 false negatives"
    assert str(result).splitlines()[0].split()[:2] == ["principe", "précision"]


def test_report_lists_the_mistakes_and_their_matched_text(result: Evaluation) -> None:
    text = result.to_text(lang="en", mistakes=True)
    fp = text[text.index("false positives:") : text.index("false negatives:")]
    assert "#1 (3, p=1.00): B" in fp
    assert "hits: 'B' [0:3] +1.50" in fp


def test_json_output_is_complete(result: Evaluation) -> None:
    record = json.loads(result.to_json())
    assert record["documents"] == 5
    assert record["micro"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5}
    assert record["principles"][0] == {
        "number": 1,
        "slug": "equal-access",
        "true_positives": 2,
        "false_positives": 0,
        "false_negatives": 0,
        "support": 2,
        "precision": 1.0,
        "recall": 1.0,
        "f1": 1.0,
    }
    assert [(m["index"], m["principle"]) for m in record["false_negatives"]] == [(0, 2), (3, 2)]
    assert record["false_positives"][0]["hits"] == [
        {"start": 0, "end": 3, "text": "B", "term": "B", "lang": "en", "weight": 1.5}
    ]
    assert record["false_positives"][0]["score"] == 1.0


def test_results_are_frozen(result: Evaluation) -> None:
    with pytest.raises(AttributeError):
        result.documents = 3  # type: ignore[misc]
    assert isinstance(result.scores, tuple)
    assert isinstance(result.false_positives, tuple)


# Reading gold sets.


def write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_a_jsonl_file_with_ids_langs_extra_keys_and_blank_lines(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '{"id": "x1", "lang": "fr", "text": "A", "labels": [1, 2], "note": "extra"}',
        "",
        '{"text": "B", "labels": [1]}',
        '{"id": "x3", "lang": null, "text": "C", "labels": []}',
    )
    result = evaluate(path, fixed_tagger({"A": {1}, "B": {1, 3}, "C": {3}}))
    assert result.documents == 3
    assert [(m.id, m.index, m.principle) for m in result.false_negatives] == [("x1", 0, 2)]
    assert [(m.id, m.principle) for m in result.false_positives] == [(None, 3), ("x3", 3)]
    assert evaluate(str(path), fixed_tagger({"A": {1}, "B": {1, 3}, "C": {3}})) == result


def test_only_newlines_end_lines(tmp_path: Path) -> None:
    """U+2028, form feeds and CRLF are not line breaks of JSON Lines; a BOM is allowed."""
    texts = ["A\u2028B", "C\x0cD", "E"]
    body = "".join(
        json.dumps({"text": t, "labels": [1]}, ensure_ascii=False) + "\r\n" for t in texts
    )
    path = tmp_path / "gold.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))
    result = evaluate(path, fixed_tagger(dict.fromkeys(texts, frozenset({1}))))
    assert result.documents == 3
    assert result.score(1).true_positives == 3


def test_the_tagger_gets_each_passage_language(tmp_path: Path) -> None:
    seen: list[object] = []

    class Recording:
        charter = unicancer.charter

        def tag(self, text: str, *, lang: unicancer.Lang | None = None) -> tuple[()]:
            seen.append(lang)
            return ()

        def hits(self, text: str, *, lang: unicancer.Lang | None = None) -> tuple[()]:
            return ()

        def probabilities(
            self, text: str, *, lang: unicancer.Lang | None = None
        ) -> dict[int, float]:
            return dict.fromkeys(range(1, 11), 0.0)

    path = write(
        tmp_path,
        '{"lang": "fr", "text": "A", "labels": []}',
        '{"lang": "en", "text": "B", "labels": []}',
        '{"text": "C", "labels": []}',
    )
    evaluate(path, Recording())  # type: ignore[arg-type]
    assert seen == ["fr", "en", None]


def test_labels_may_be_any_iterable_of_numbers() -> None:
    gold = [("a", (1,)), ("b", {2, 3}), ("c", frozenset()), ("d", range(4, 6))]
    answers = {"a": {1}, "b": {2, 3}, "c": set(), "d": {4, 5}}
    assert evaluate(gold, fixed_tagger(answers)).micro.f1 == 1.0


NUMBER = "expected a principle number 1-10, found"
LIST = "expected a list of principle numbers, found"


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("{not json", "line 2: not valid JSON"),
        ("[1, 2]", "line 2: expected a JSON object, found array"),
        ('{"labels": []}', "line 2: text: missing"),
        ('{"text": "B"}', "line 2: labels: missing"),
        ('{"text": 3, "labels": []}', "line 2: text: expected a string, found int"),
        ('{"text": "B", "labels": 3}', f"line 2: labels: {LIST} int"),
        ('{"text": "B", "labels": [1, 11]}', f"line 2: labels[1]: {NUMBER} 11"),
        ('{"text": "B", "labels": [0]}', f"line 2: labels[0]: {NUMBER} 0"),
        ('{"text": "B", "labels": ["3"]}', f"line 2: labels[0]: {NUMBER} string '3'"),
        ('{"text": "B", "labels": [true]}', f"line 2: labels[0]: {NUMBER} boolean True"),
        ('{"text": "B", "labels": [2.0]}', f"line 2: labels[0]: {NUMBER} float 2.0"),
        ('{"text": "B", "labels": [4, 4]}', "line 2: labels[1]: 4 is repeated"),
        (
            '{"text": "B", "labels": [], "lang": "de"}',
            "line 2: lang: expected 'fr', 'en', 'mixed' or null, found 'de'",
        ),
        ('{"text": "B", "labels": [], "id": 7}', "line 2: id: expected a string, found int"),
        ('{"text": "B", "labels": [], "id": "a"}', "line 2: id: 'a' is also on line 1"),
    ],
)
def test_each_problem_of_a_jsonl_file_is_located(tmp_path: Path, line: str, problem: str) -> None:
    path = write(tmp_path, '{"id": "a", "text": "A", "labels": [1]}', line)
    with pytest.raises(GoldDataError) as caught:
        evaluate(path, fixed_tagger({"A": {1}, "B": set()}))
    assert str(caught.value).startswith(f"invalid gold data at {problem}")
    assert len(caught.value.problems) == 1
    assert isinstance(caught.value, ValueError)


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '{"text": "A", "labels": [12]}',
        '{"text": "B", "labels": [1]}',
        '{"text": null, "labels": [1, 1]}',
    )
    with pytest.raises(GoldDataError) as caught:
        evaluate(path, fixed_tagger({}))
    assert caught.value.problems == (
        ("line 1: labels[0]", "expected a principle number 1-10, found 12"),
        ("line 3: text", "expected a string, found null"),
        ("line 3: labels[1]", "1 is repeated"),
    )
    assert str(caught.value).startswith("invalid gold data (3 problems):\n  line 1: labels[0]")


def test_an_empty_gold_set_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(GoldDataError, match="no passages to evaluate"):
        evaluate(write(tmp_path, "", "  "), fixed_tagger({}))
    with pytest.raises(GoldDataError, match="no passages to evaluate"):
        evaluate([], fixed_tagger({}))


def test_a_file_that_is_not_utf8_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_bytes('{"text": "é", "labels": []}\n'.encode("latin-1"))
    with pytest.raises(GoldDataError, match="is not UTF-8 text"):
        evaluate(path, fixed_tagger({}))


def test_a_missing_file_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        evaluate(tmp_path / "nowhere.jsonl", fixed_tagger({}))


@pytest.mark.parametrize(
    ("item", "problem"),
    [
        ("A", "gold[1]: expected a (text, labels) pair, found 'A'"),
        (("A", [1], "x"), "gold[1]: expected a (text, labels) pair"),
        ((3, [1]), "gold[1]: text: expected a string, found int"),
        (("B", 1), "gold[1]: labels: expected an iterable of principle numbers, found int"),
        (("B", "12"), "gold[1]: labels: expected an iterable of principle numbers, found str"),
        (("B", [11]), "gold[1]: labels[0]: expected a principle number 1-10, found 11"),
        (("B", [None]), "gold[1]: labels[0]: expected a principle number 1-10, found None"),
    ],
)
def test_each_problem_of_python_pairs_is_located(item: object, problem: str) -> None:
    with pytest.raises(GoldDataError) as caught:
        evaluate([("A", [1]), item], fixed_tagger({"A": {1}, "B": set()}))  # type: ignore[list-item]
    assert str(caught.value).startswith(f"invalid gold data at {problem}")


@pytest.mark.parametrize("gold", [3, None, b"gold.jsonl", {"A": [1]}])
def test_gold_of_the_wrong_type(gold: object) -> None:
    with pytest.raises(InvalidTypeError, match="gold must be the path of a JSON Lines file"):
        evaluate(gold, fixed_tagger({}))  # type: ignore[arg-type]
