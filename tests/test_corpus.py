"""Rules on the project's training corpus (``corpus/parts``) and its test set.

The corpus trains the packaged model (``tools/train.py``); ``tests/data/test.jsonl`` measures it
and is never trained or tuned on. See ``docs/labelling.md`` for the labelling rules.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from tools import corpus

from tests.paths import DATA
from unicancer._text import fold

REGISTERS = {
    "values-page",
    "annual-report",
    "news",
    "history",
    "hr-page",
    "job-offer",
    "training-catalogue",
    "research-abstract",
    "testimony",
    "patient-association",
    "practical-info",
    "health-policy",
    "quality-report",
    "off-topic",
}
KEYS = {"id", "doc", "lang", "register", "text", "labels"}
TEST_SET = DATA / "test.jsonl"
FILES = [*sorted(corpus.CORPUS.glob("*.jsonl")), TEST_SET]


def records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def normal(text: str) -> str:
    """The text with case, accents, punctuation and spacing ignored."""
    return re.sub(r"[\W_]+", "", fold(text))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_line_is_a_labelled_passage(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.endswith("\n")
    for number, line in enumerate(text.splitlines(), 1):
        r = json.loads(line)
        where = f"{path.name}:{number}"
        assert set(r) == KEYS, where
        assert r["lang"] in ("fr", "en", "mixed"), where
        assert r["register"] in REGISTERS, where
        assert r["text"] == " ".join(r["text"].split()), f"{where}: spacing"
        assert 30 <= len(r["text"]) <= 450, where
        labels = r["labels"]
        assert all(type(n) is int and 1 <= n <= 10 for n in labels), where
        assert labels == sorted(set(labels)), where
        assert len(labels) <= 2, where


def test_ids_are_unique_and_name_the_part_and_language() -> None:
    ids: Counter[str] = Counter()
    for path in FILES:
        prefix = "test" if path == TEST_SET else path.stem
        for r in records(path):
            assert r["id"].startswith(f"{prefix}-{r['lang']}-"), r["id"]
            assert r["doc"].startswith(f"{prefix}-d"), r["doc"]
            ids[r["id"]] += 1
    assert [i for i, n in ids.items() if n > 1] == []


def test_no_passage_twice_after_normalisation_across_every_set() -> None:
    texts: Counter[str] = Counter()
    for path in [*FILES, DATA / "gold.jsonl", DATA / "holdout.jsonl"]:
        texts.update(normal(r["text"]) for r in records(path))
    assert [t for t, n in texts.items() if n > 1] == []


def test_a_document_is_one_run_of_lines_of_one_register() -> None:
    for path in FILES:
        seen: dict[str, str] = {}
        previous = None
        for r in records(path):
            if r["doc"] != previous:
                assert r["doc"] not in seen, f"{r['doc']} comes back in {path.name}"
            assert seen.setdefault(r["doc"], r["register"]) == r["register"], r["id"]
            previous = r["doc"]


def test_size_languages_and_share_of_passages_with_no_principle() -> None:
    passages = corpus.read()
    assert len(passages) >= 3000
    langs = Counter(p.lang for p in passages)
    assert abs(langs["fr"] - langs["en"]) <= 0.05 * len(passages)
    assert langs["mixed"] >= 0.02 * len(passages)
    assert sum(not p.labels for p in passages) >= 0.45 * len(passages)
    assert len({p.register for p in passages}) == len(REGISTERS)


def test_the_split_is_by_document_about_one_in_five_to_dev() -> None:
    passages = corpus.read()
    train, dev = corpus.split(passages, "train"), corpus.split(passages, "dev")
    assert len(train) + len(dev) == len(passages)
    assert {p.doc for p in train}.isdisjoint({p.doc for p in dev})
    assert 0.12 <= len(dev) / len(passages) <= 0.28


def test_at_least_sixty_positives_per_principle_in_train() -> None:
    train = corpus.split(corpus.read(), "train")
    counts = Counter(n for p in train for n in p.labels)
    assert {n: counts[n] for n in range(1, 11) if counts[n] < 60} == {}


def test_the_test_set_is_large_balanced_and_covers_every_principle() -> None:
    rs = records(TEST_SET)
    assert len(rs) >= 400
    assert sum(not r["labels"] for r in rs) >= 0.45 * len(rs)
    for lang in ("fr", "en"):
        counts = Counter(n for r in rs if r["lang"] == lang for n in r["labels"])
        assert {n: counts[n] for n in range(1, 11) if counts[n] < 8} == {}, lang
