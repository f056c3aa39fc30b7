"""The packaged model: its data, its validation, and its rebuild from the repository."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tools import train

import unicancer
from tests.paths import ROOT
from unicancer import CharterDataError, charter
from unicancer._scoring import from_data, packaged_model, prior_model, to_data

MODEL = ROOT / "src" / "unicancer" / "data" / "model.json"


def test_the_packaged_model_has_the_charters_version_and_principles() -> None:
    model = packaged_model()
    assert model.version == charter.version
    assert [w.number for w in model.principles] == [p.number for p in charter]
    assert all(len(w.lexicon) == len(charter.principles) for w in model.principles)
    # A principle's own terms are evidence for it.
    assert all(w.lexicon[w.number - 1] > 0 for w in model.principles)


def test_the_model_has_learned_phrases_and_negative_weights() -> None:
    model = packaged_model()
    assert len(model.phrases) >= 50
    weights = [w for p in model.principles for _, w in (*p.terms, *p.phrases)]
    assert any(w < 0 for w in weights)
    assert any(w > 0 for w in weights)


def test_the_model_file_is_what_the_training_script_writes() -> None:
    assert MODEL.read_text(encoding="utf-8") == train.dumps(packaged_model())


def test_to_data_and_from_data_round_trip() -> None:
    model = packaged_model()
    assert from_data(json.loads(json.dumps(to_data(model)))) == model


def data() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(MODEL.read_text(encoding="utf-8"))
    return loaded


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d.pop("version"), "version"),
        (lambda d: d.update(window=0), "window"),
        (lambda d: d.update(extra=1), "extra"),
        (lambda d: d.update(principles=[]), "principles"),
        (lambda d: d["principles"][2].update(number=9), "principles[2].number"),
        (lambda d: d["principles"][0].update(bias="high"), "principles[0].bias"),
        (lambda d: d["principles"][0].update(bias=float("nan")), "principles[0].bias"),
        (lambda d: d["principles"][1]["lexicon"].pop(), "principles[1].lexicon"),
        (lambda d: d["principles"][1].update(phrases={"x": "y"}), "principles[1].phrases"),
        (lambda d: d["principles"][1].update(terms=[]), "principles[1].terms"),
        (lambda d: d["principles"][4].update(other=1), "principles[4].other"),
        (lambda d: d["principles"].__setitem__(3, "x"), "principles[3]"),
    ],
)
def test_malformed_model_data_is_refused_where_it_is(change: Any, where: str) -> None:
    d = data()
    change(d)
    with pytest.raises(CharterDataError) as info:
        from_data(d)
    assert where in [path for path, _ in info.value.problems]


def test_a_model_must_be_an_object() -> None:
    with pytest.raises(CharterDataError, match="expected a model object"):
        from_data([])


def test_the_prior_model_tags_on_one_term() -> None:
    model = prior_model([1, 2], "1.0.0")
    assert [w.bias for w in model.principles] == [-2.0, -2.0]
    assert [w.lexicon for w in model.principles] == [(3.0, 0.0), (0.0, 3.0)]


def test_the_packaged_model_is_rebuilt_from_the_repository_byte_for_byte(tmp_path: Path) -> None:
    """`python tools/train.py` on the committed corpus gives the committed model, twice."""
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    assert train.main(["--out", str(first), "--quiet"]) == 0
    assert train.main(["--out", str(second), "--quiet"]) == 0
    assert first.read_bytes() == second.read_bytes() == MODEL.read_bytes()
    assert unicancer.Tagger()._model == packaged_model()
