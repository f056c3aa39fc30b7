"""No cost cliff: what is compiled is compiled once per process, even from many threads,
and every loader and evaluation path takes time linear in its input.

Linear time is checked by `tests.linear.assert_linear`.
"""

from __future__ import annotations

import functools
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import unicancer
from tests.linear import assert_linear
from unicancer import CharterDataError, GoldDataError, Lexicon, _compiled
from unicancer._scoring import loads_model

_FIRST_TOUCH = """
import json, threading
import unicancer
from unicancer import _compiled, _matching, _scoring, _terms

compiled, loads, indexes, scorers = [], [], [], []
make_scorer = _compiled._make
def counting_make(*args):
    scorers.append(1)
    return make_scorer(*args)
_compiled._make = counting_make
phrase_init, index_init, loads_model = (
    _matching.PhraseMatcher.__init__, _terms.TermIndex.__init__, _scoring.loads_model
)
def counting_phrase(self, *args, **kwargs):
    compiled.append(1)
    phrase_init(self, *args, **kwargs)
def counting_index(self, *args):
    indexes.append(1)
    index_init(self, *args)
def counting_loads(text):
    loads.append(1)
    return loads_model(text)
_matching.PhraseMatcher.__init__ = counting_phrase
_terms.TermIndex.__init__ = counting_index
_scoring.loads_model = counting_loads

barrier = threading.Barrier(16)
results = []
def first_tag():
    barrier.wait()
    results.append(unicancer.tag("Nos patients partenaires siègent au comité de patients."))
threads = [threading.Thread(target=first_tag) for _ in range(16)]
for thread in threads: thread.start()
for thread in threads: thread.join()
print(json.dumps({
    "results": len(results),
    "distinct": len({repr(r) for r in results}),
    "matchers": len(compiled),
    "indexes": len(indexes),
    "model loads": len(loads),
    "scorers": len(scorers),
}))
"""


def test_sixteen_threads_first_tagging_at_once_compile_the_matcher_once() -> None:
    """It was compiled 16 times (19 s against 0.8 s for one thread)."""
    done = subprocess.run(
        [sys.executable, "-c", _FIRST_TOUCH], capture_output=True, text=True, check=True
    )
    counts = json.loads(done.stdout)
    # One tagger (one term index), one model loaded, and one C scorer or, in Python,
    # one pair of matchers (terms, phrases).
    native = _compiled.available()
    assert counts == {
        "results": 16,
        "distinct": 1,
        "matchers": 0 if native else 2,
        "indexes": 1,
        "model loads": 1,
        "scorers": 1 if native else 0,
    }


def _refused(error: type[Exception], call: Callable[[], object]) -> None:
    with pytest.raises(error):
        call()


def test_evaluating_many_repeated_labels_takes_linear_time() -> None:
    """Each label was compared with all those before it: quadratic."""
    assert_linear(
        lambda n: _refused(GoldDataError, lambda: unicancer.evaluate([("x", [1] * n)])), 4000
    )


def test_reading_a_gold_file_of_many_repeated_labels_takes_linear_time(tmp_path: Path) -> None:
    def run(n: int) -> None:
        path = tmp_path / f"gold-{n}.jsonl"
        path.write_text(json.dumps({"text": "x", "labels": [2] * n}) + "\n", encoding="utf-8")
        _refused(GoldDataError, lambda: unicancer.evaluate(path))

    assert_linear(run, 4000)


def test_evaluating_many_passages_takes_linear_time() -> None:
    texts = ["Le comité de patients relit les protocoles.", "Rien à signaler ici."]
    tagger = unicancer.Tagger()
    assert_linear(
        lambda n: unicancer.evaluate(
            [(texts[i % 2], [7] if i % 2 == 0 else []) for i in range(n)], tagger
        ),
        200,
    )


def _small_lexicon(terms: list[str]) -> str:
    """A lexicon of the charter's version, one term an entry but *terms* in the first."""
    entries = [
        {"number": n, "terms": terms if n == 1 else ["mot"], "terms_en": ["word"]}
        for n in range(1, 11)
    ]
    return json.dumps({"version": unicancer.charter.version, "principles": entries})


def test_loading_a_lexicon_of_many_duplicate_terms_takes_linear_time() -> None:
    def run(n: int) -> None:
        text = _small_lexicon(["qualité"] * n)
        _refused(CharterDataError, lambda: unicancer.loads(text, Lexicon))

    assert_linear(run, 4000)


def test_loading_a_lexicon_of_many_terms_takes_linear_time() -> None:
    assert_linear(
        lambda n: unicancer.loads(_small_lexicon([f"mot{i}" for i in range(n)]), Lexicon), 4000
    )


def test_loading_a_charter_of_many_keywords_takes_linear_time() -> None:
    def run(n: int) -> None:
        data = unicancer.unstructure(unicancer.charter)
        data["principles"][0]["keywords"] = [f"mot{i}" for i in range(n)]  # type: ignore[index]
        unicancer.loads(json.dumps(data))

    assert_linear(run, 2000)


@functools.cache
def _small_model(count: int, weight: object = 0.5, key: str = "mot{}") -> str:
    """A model of ten principles without terms, the first with *count* phrases (made
    once: only loading it is timed, at its best of three)."""
    phrases = {key.format(i): weight for i in range(count)}
    entries = [
        {
            "number": n,
            "bias": -1.0,
            "lexicon": [1.0] * 10,
            "terms": {},
            "phrases": phrases if n == 1 else {},
        }
        for n in range(1, 11)
    ]
    return json.dumps({"version": "1.0.0", "window": 600, "principles": entries})


@pytest.mark.parametrize("weight", [0.5, float("nan"), "x"])
def test_loading_a_model_of_many_weights_takes_linear_time(weight: object) -> None:
    def run(n: int) -> None:
        text = _small_model(n, weight)
        if weight == 0.5:
            loads_model(text)
        else:
            _refused(CharterDataError, lambda: loads_model(text))

    assert_linear(run, 5_000)


def test_loading_a_model_of_many_bad_keys_takes_linear_time() -> None:
    def run(n: int) -> None:
        text = _small_model(n, key="Mot {}.")
        _refused(CharterDataError, lambda: loads_model(text))

    assert_linear(run, 5_000)


def test_many_problems_take_linear_time_to_report() -> None:
    def run(n: int) -> None:
        data = unicancer.unstructure(unicancer.charter)
        data["preamble"] = [""] * n
        _refused(CharterDataError, lambda: unicancer.loads(json.dumps(data)))

    assert_linear(run, 2000)


def test_the_check_of_linear_time_fails_a_quadratic_cost() -> None:
    def quadratic(n: int) -> None:
        total = 0
        for i in range(n):
            for j in range(n):
                total += i ^ j

    with pytest.raises(AssertionError):
        assert_linear(quadratic, 200)
