"""Rules on the gold set, ``tests/data/gold.jsonl``: the passages the tagger is measured on.

The passages are written by the project (not copied from anywhere) and labelled by meaning:
a passage has a principle's number when it *expresses* that principle, whether or not it uses
one of the principle's keywords.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest

from tests.paths import DATA

GOLD = DATA / "gold.jsonl"


def records() -> list[dict[str, Any]]:
    lines = GOLD.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_every_line_is_one_json_record_with_the_expected_keys() -> None:
    text = GOLD.read_text(encoding="utf-8")
    assert text.endswith("\n")
    for number, line in enumerate(text.splitlines(), 1):
        record = json.loads(line)
        assert set(record) == {"id", "lang", "text", "labels"}, f"line {number}"
        assert isinstance(record["id"], str), f"line {number}"
        assert record["lang"] in ("fr", "en"), f"line {number}"
        assert isinstance(record["text"], str), f"line {number}"
        assert record["text"] == " ".join(record["text"].split()), f"line {number}: spacing"


def test_ids_are_unique_and_name_the_language() -> None:
    ids = [r["id"] for r in records()]
    assert len(set(ids)) == len(ids), [i for i, n in Counter(ids).items() if n > 1]
    for r in records():
        assert r["id"].startswith(f"{r['lang']}-"), r["id"]


def test_texts_are_unique() -> None:
    texts = Counter(r["text"] for r in records())
    assert [t for t, n in texts.items() if n > 1] == []


def test_labels_are_sorted_distinct_principle_numbers() -> None:
    for r in records():
        labels = r["labels"]
        assert all(type(n) is int and 1 <= n <= 10 for n in labels), r["id"]
        assert labels == sorted(set(labels)), r["id"]
        assert len(labels) <= 2, f"{r['id']}: a passage expresses at most two principles"


def test_passages_are_one_to_four_sentences() -> None:
    for r in records():
        ends = sum(r["text"].count(mark) for mark in (". ", "? ", "! ")) + 1
        assert 1 <= ends <= 4, r["id"]
        assert 20 <= len(r["text"]) <= 400, r["id"]


def test_size_and_balance_of_languages() -> None:
    rs = records()
    assert len(rs) >= 240
    french = sum(r["lang"] == "fr" for r in rs)
    assert 0.45 <= french / len(rs) <= 0.55


def test_at_least_a_third_of_passages_have_no_principle() -> None:
    for lang in ("fr", "en"):
        rs = [r for r in records() if r["lang"] == lang]
        assert sum(not r["labels"] for r in rs) >= len(rs) / 3, lang


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_principle_is_covered_several_times_in_each_language(lang: str) -> None:
    counts = Counter(n for r in records() if r["lang"] == lang for n in r["labels"])
    assert {n: counts[n] for n in range(1, 11) if counts[n] < 5} == {}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_some_passages_express_two_principles(lang: str) -> None:
    assert sum(len(r["labels"]) == 2 for r in records() if r["lang"] == lang) >= 4
