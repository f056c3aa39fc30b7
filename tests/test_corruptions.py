"""The corruption catalogue: each named way of breaking a packaged document has the
outcome it lists, a located `CharterDataError` or a document on which every public
operation works; never another exception."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from tests.corruption import apply, assert_located, catalogue, exercise, load_text
from unicancer import CharterDataError

KINDS = catalogue()


def test_the_catalogue_names_at_least_150_kinds_of_every_document_and_outcome() -> None:
    names = [kind["name"] for kind in KINDS]
    assert len(names) == len(set(names)) >= 150
    documents = Counter(kind["document"] for kind in KINDS)
    assert set(documents) == {"charter", "lexicon", "model"}
    assert min(documents.values()) >= 30
    outcomes = Counter((kind["document"], kind["expected"]) for kind in KINDS)
    assert all(outcomes[doc, outcome] for doc in documents for outcome in ("refused", "accepted"))
    assert all(("at" in kind) == (kind["expected"] == "refused") for kind in KINDS)


@pytest.mark.parametrize("kind", KINDS, ids=[kind["name"] for kind in KINDS])
def test_each_corruption_has_its_outcome(kind: dict[str, Any]) -> None:
    name = kind["document"]
    text = apply(name, kind["operation"])
    if kind["expected"] == "accepted":
        exercise(name, load_text(name, text))
        return
    with pytest.raises(CharterDataError) as info:
        load_text(name, text)
    error = info.value
    assert_located(error, name)
    paths = [path for path, _ in error.problems]
    if kind["at"] == "text":
        assert paths == [""], error
        assert error.problems[0][1].startswith(("not valid JSON", "not a valid document")), error
    else:
        assert kind["at"] in paths, error
