"""Rules on the labelled passages the tagger is measured on.

``tests/data/gold.jsonl`` is the gold set; ``tests/data/holdout.jsonl`` is a held-out set,
written after lexicon 1.2.0, that must never be used to choose lexicon terms: it measures how
the tagger does on text its authors have not seen. The passages are written by the project
(not copied from anywhere) and labelled by meaning: a passage has a principle's number when
it *expresses* that principle, whether or not it uses one of the principle's keywords.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from tests.paths import DATA


class LabelledSet(NamedTuple):
    path: Path
    prefix: str  # of every id, before the language
    size: int  # passages, at least
    per_principle: int  # passages per principle and language, at least
    pairs: int  # passages with two principles, per language, at least


SETS = [
    LabelledSet(DATA / "gold.jsonl", "", 240, 5, 4),
    LabelledSet(DATA / "holdout.jsonl", "holdout-", 100, 3, 3),
]
each_set = pytest.mark.parametrize("labelled", SETS, ids=lambda s: s.path.name)


def records(labelled: LabelledSet) -> list[dict[str, Any]]:
    lines = labelled.path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


@each_set
def test_every_line_is_one_json_record_with_the_expected_keys(labelled: LabelledSet) -> None:
    text = labelled.path.read_text(encoding="utf-8")
    assert text.endswith("\n")
    for number, line in enumerate(text.splitlines(), 1):
        record = json.loads(line)
        assert set(record) == {"id", "lang", "text", "labels"}, f"line {number}"
        assert isinstance(record["id"], str), f"line {number}"
        assert record["lang"] in ("fr", "en"), f"line {number}"
        assert isinstance(record["text"], str), f"line {number}"
        assert record["text"] == " ".join(record["text"].split()), f"line {number}: spacing"


@each_set
def test_ids_are_unique_and_name_the_language(labelled: LabelledSet) -> None:
    ids = [r["id"] for r in records(labelled)]
    assert len(set(ids)) == len(ids), [i for i, n in Counter(ids).items() if n > 1]
    for r in records(labelled):
        assert r["id"].startswith(f"{labelled.prefix}{r['lang']}-"), r["id"]


def test_texts_are_unique_across_sets() -> None:
    texts = Counter(r["text"] for labelled in SETS for r in records(labelled))
    assert [t for t, n in texts.items() if n > 1] == []


@each_set
def test_labels_are_sorted_distinct_principle_numbers(labelled: LabelledSet) -> None:
    for r in records(labelled):
        labels = r["labels"]
        assert all(type(n) is int and 1 <= n <= 10 for n in labels), r["id"]
        assert labels == sorted(set(labels)), r["id"]
        assert len(labels) <= 2, f"{r['id']}: a passage expresses at most two principles"


@each_set
def test_passages_are_one_to_four_sentences(labelled: LabelledSet) -> None:
    for r in records(labelled):
        ends = sum(r["text"].count(mark) for mark in (". ", "? ", "! ")) + 1
        assert 1 <= ends <= 4, r["id"]
        assert 20 <= len(r["text"]) <= 400, r["id"]


@each_set
def test_size_and_balance_of_languages(labelled: LabelledSet) -> None:
    rs = records(labelled)
    assert len(rs) >= labelled.size
    french = sum(r["lang"] == "fr" for r in rs)
    assert 0.45 <= french / len(rs) <= 0.55


@each_set
def test_at_least_a_third_of_passages_have_no_principle(labelled: LabelledSet) -> None:
    for lang in ("fr", "en"):
        rs = [r for r in records(labelled) if r["lang"] == lang]
        assert sum(not r["labels"] for r in rs) >= len(rs) / 3, lang


@each_set
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_principle_is_covered_several_times_in_each_language(
    labelled: LabelledSet, lang: str
) -> None:
    counts = Counter(n for r in records(labelled) if r["lang"] == lang for n in r["labels"])
    assert {n: counts[n] for n in range(1, 11) if counts[n] < labelled.per_principle} == {}


@each_set
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_some_passages_express_two_principles(labelled: LabelledSet, lang: str) -> None:
    rs = records(labelled)
    assert sum(len(r["labels"]) == 2 for r in rs if r["lang"] == lang) >= labelled.pairs
