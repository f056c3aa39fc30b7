"""The C core of tagging: compiled where it must be, the same tags as the Python path."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.native import python_path
from tests.paths import ROOT
from unicancer import Lang, Tagger, _compiled

#: Set by CI (`.ci/run`): the C core must have been compiled, not silently left out.
REQUIRED = bool(os.environ.get("UNICANCER_REQUIRE_NATIVE"))

needs_native = pytest.mark.skipif(
    not _compiled.available() and not REQUIRED, reason="the C core is not compiled"
)


def passages() -> list[str]:
    """The training corpus's passages (French and English text about cancer care)."""
    texts = []
    for path in sorted((ROOT / "corpus" / "parts").glob("*.jsonl")):
        with path.open(encoding="utf-8") as lines:
            texts += [json.loads(line)["text"] for line in lines if line.strip()]
    return texts


def pages(texts: list[str], size: int) -> list[str]:
    """*texts* joined *size* at a time, with web typography: several windows each."""
    joined = [" ".join(texts[i : i + size]) for i in range(0, len(texts), size)]
    return [
        page.replace("'", "\u2019").replace(" - ", " \u2013 ").replace("oe", "\u0153")
        for page in joined
    ]


@needs_native
def test_the_c_core_is_compiled_and_used() -> None:
    assert _compiled.available()
    tagger = Tagger()
    assert _compiled.scorer(tagger._terms, tagger._model, None) is not None
    *_, parts = tagger._scores("Le comité de patients relit nos brochures.", None)
    assert parts is None  # scored in C


def tags_in_python(tagger: Tagger, texts: list[str], lang: Lang | None = None) -> list[object]:
    with python_path():
        return [tagger.tag(text, lang=lang) for text in texts]


@needs_native
@pytest.mark.parametrize("size", [1, 7])
def test_tags_and_hits_of_real_text_are_those_of_the_python_path(size: int) -> None:
    texts = passages()[:: 3 if size == 1 else 1]
    texts = texts if size == 1 else pages(texts, size)
    tagger = Tagger()
    in_c = [tagger.tag(text) for text in texts]
    # Equality reads the hits: those made on demand from the C path's window numbers.
    assert in_c == tags_in_python(tagger, texts)
    assert sum(map(len, in_c)) > len(texts) / 3  # real text is tagged


@needs_native
@pytest.mark.parametrize("lang", [None, "fr", "en"])
def test_hits_and_spans_of_real_text_are_those_of_the_python_path(lang: Lang | None) -> None:
    texts = pages(passages()[::2], 4)
    tagger = Tagger()
    in_c = [(tagger.hits(text, lang=lang), tagger._found(text, lang)) for text in texts]
    with python_path():
        in_python = [(tagger.hits(text, lang=lang), tagger._found(text, lang)) for text in texts]
    assert in_c == in_python
    assert sum(len(hits) for hits, _ in in_c) > len(texts)  # real text has hits


@needs_native
def test_a_tagger_of_one_language_scores_as_the_python_path() -> None:
    tagger = Tagger(languages=("fr",), thresholds={7: 0.9}, exclude_terms=("comité de patients",))
    texts = pages(passages()[:600], 5)
    in_c = [tagger.tag(text, lang="fr") for text in texts]
    assert in_c == tags_in_python(tagger, texts, "fr")


def test_unicancer_pure_python_turns_the_c_core_off() -> None:
    code = (
        "import unicancer; from unicancer import _compiled; "
        "print(_compiled.available()); "
        "print([(t.principle.number, t.score) for t in unicancer.tag('comité de patients')])"
    )
    outputs = []
    for value in ("1", ""):
        env = {**os.environ, "UNICANCER_PURE_PYTHON": value}
        result = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        outputs.append(result.stdout.split("\n"))
    assert outputs[0][0] == "False"
    assert outputs[1][0] == str(_compiled.compiled())
    assert outputs[0][1] == outputs[1][1]
