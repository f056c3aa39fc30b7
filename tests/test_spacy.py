"""The spaCy component in real pipelines, French and English, with no model to download."""

from __future__ import annotations

import pickle
import subprocess
import sys
from collections.abc import Mapping
from importlib.metadata import entry_points
from pathlib import Path

import pytest

pytest.importorskip("spacy", reason="the spaCy component needs spaCy: pip install unicancer[spacy]")

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

import unicancer
from tests.paths import ROOT
from unicancer import InvalidTypeError, InvalidValueError, NotFoundError, Tagger
from unicancer.spacy import SPANS_KEY, UnicancerComponent

SLUGS = [p.slug for p in unicancer.charter]
FRENCH = "Un comité de patients relit nos brochures, et nos patients partenaires siègent au CA."
ENGLISH = "Patients are partners here: a patient committee reviews what we write for them."
#: A few documents of both languages, one of them empty.
TEXTS = [FRENCH, ENGLISH, "", "Equal access to care, wherever patients live.", "Rien à signaler."]


def pipeline(lang: str = "fr", **config: object) -> Language:
    nlp = spacy.blank(lang)
    nlp.add_pipe("unicancer", config=config)
    return nlp


def spans(doc: Doc, key: str = SPANS_KEY) -> list[tuple[int, int, str, str]]:
    """Each span of the group: its characters, its text and its label."""
    return [(s.start_char, s.end_char, s.text, s.label_) for s in doc.spans[key]]


def summary(doc: Doc) -> tuple[str, dict[str, float], list[tuple[int, int, str, str]], object]:
    return doc.text, dict(doc.cats), spans(doc), doc.spans[SPANS_KEY].attrs["weights"]


def by_slug(probabilities: Mapping[int, float]) -> dict[str, float]:
    return {unicancer.charter.principle(n).slug: p for n, p in probabilities.items()}


def test_the_factory_is_advertised_by_an_entry_point() -> None:
    (point,) = entry_points(group="spacy_factories", name="unicancer")
    assert point.value == "unicancer.spacy:make_component"


def test_spacy_finds_the_factory_and_unicancer_does_not_import_spacy() -> None:
    code = (
        "import sys, unicancer; a = 'spacy' in sys.modules; "
        "import spacy; b = 'unicancer.spacy' in sys.modules; "
        "nlp = spacy.blank('en'); nlp.add_pipe('unicancer'); "
        "print(a, b, 'unicancer.spacy' in sys.modules, nlp.pipe_names)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300
    )
    assert out.stdout.split() == ["False", "False", "True", "['unicancer']"]


@pytest.mark.parametrize(("lang", "text"), [("fr", FRENCH), ("en", ENGLISH)])
def test_cats_hold_every_principle_the_likeliest_first(lang: str, text: str) -> None:
    doc = pipeline(lang)(text)
    assert list(doc.cats) == SLUGS
    assert all(0 <= p <= 1 for p in doc.cats.values())
    assert max(doc.cats, key=doc.cats.__getitem__) == "patient-partnership"
    assert doc.cats == by_slug(Tagger().probabilities(text))


@pytest.mark.parametrize(("lang", "text"), [("fr", FRENCH), ("en", ENGLISH)])
def test_spans_are_the_evidence_of_the_tags(lang: str, text: str) -> None:
    doc = pipeline(lang)(text)
    expected = sorted(
        (h.start, h.end, text[h.start : h.end], t.principle.slug, h.weight)
        for t in Tagger().tag(text)
        for h in t.evidence
    )
    weights = doc.spans[SPANS_KEY].attrs["weights"]
    got = [(*span, weight) for span, weight in zip(spans(doc), weights, strict=True)]
    assert got == expected
    assert {label for *_, label in spans(doc)} == {"patient-partnership"}
    assert all(w > 0 for w in weights)


def test_the_spans_by_hand() -> None:
    doc = pipeline("fr")(FRENCH)
    found = spans(doc)
    assert (3, 21, "comité de patients", "patient-partnership") in found
    assert (50, 70, "patients partenaires", "patient-partnership") in found
    starts = [start for start, *_ in found]
    assert starts == sorted(starts)


def test_a_hit_inside_a_token_widens_to_the_whole_token() -> None:
    # The English tokenizer keeps "l'innovation" whole; the hit is "innovation".
    text = "Our research centre runs clinical trials to speed up l'innovation."
    nlp = pipeline("en", thresholds={"continuous-innovation": 0.01})
    doc = nlp(text)
    assert "l'innovation" in [t.text for t in doc]
    assert (53, 65, "l'innovation", "continuous-innovation") in spans(doc)
    (hit,) = [h for h in Tagger().hits(text) if text[h.start : h.end] == "innovation"]
    assert (hit.start, hit.end) == (55, 65)


def test_a_hit_that_is_evidence_for_two_principles_gives_a_span_for_each() -> None:
    doc = pipeline("fr", threshold=0.0)("Un accès équitable aux soins pour tous les patients.")
    labels = [label for *_, text, label in spans(doc) if text == "patients"]
    assert len(labels) == len(set(labels)) >= 2
    assert {"equal-access", "patient-partnership"} <= set(labels)


def test_an_empty_document_has_every_cat_and_no_spans() -> None:
    doc = pipeline("en")("")
    assert list(doc.cats) == SLUGS
    assert spans(doc) == []


def test_the_threshold_chooses_the_spans_not_the_cats() -> None:
    everything, nothing = (
        pipeline("fr", threshold=0.0)(FRENCH),
        pipeline("fr", threshold=1.0)(FRENCH),
    )
    assert everything.cats == nothing.cats
    assert len({label for *_, label in spans(everything)}) > 1
    assert spans(nothing) == []


def test_thresholds_are_keyed_by_slug_or_by_number() -> None:
    by_slug, by_number = (
        pipeline("fr", thresholds={key: 1.0}) for key in ("patient-partnership", "7")
    )
    for nlp in (by_slug, by_number):
        component = nlp.get_pipe("unicancer")
        assert isinstance(component, UnicancerComponent)
        assert component.tagger == Tagger(thresholds={7: 1.0})
        assert spans(nlp(FRENCH)) == []


def test_languages_chooses_the_terms_looked_for() -> None:
    french_only, english_only = pipeline("fr", languages=["fr"]), pipeline("fr", languages=["en"])
    assert spans(english_only(FRENCH)) == [] != spans(french_only(FRENCH))
    assert english_only(FRENCH).cats == by_slug(Tagger(languages=("en",)).probabilities(FRENCH))


def test_the_group_key_can_be_chosen() -> None:
    doc = pipeline("fr", spans_key="principles")(FRENCH)
    assert SPANS_KEY not in doc.spans
    assert spans(doc, "principles") == spans(pipeline("fr")(FRENCH))


@pytest.mark.parametrize(
    ("config", "error", "message"),
    [
        ({"threshold": 1.5}, InvalidValueError, "threshold must be a probability"),
        ({"thresholds": {"7": -0.1}}, InvalidValueError, "threshold of principle 7"),
        ({"thresholds": {"patient-power": 0.5}}, NotFoundError, "no principle 'patient-power'"),
        ({"thresholds": {"11": 0.5}}, NotFoundError, "no principle 11"),
        ({"thresholds": {"7": 0.5, "patient-partnership": 0.6}}, InvalidValueError, "twice"),
        ({"languages": ["de"]}, InvalidValueError, "'de'"),
        ({"languages": []}, InvalidValueError, "at least one"),
        ({"languages": ["fr", "fr"]}, InvalidValueError, "distinct"),
        ({"spans_key": ""}, InvalidValueError, "spans_key"),
    ],
)
def test_a_bad_setting_raises_a_unicancer_error_naming_it(
    config: dict[str, object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        pipeline("fr", **config)


def test_spacy_rejects_a_setting_of_the_wrong_type() -> None:
    with pytest.raises(ValueError, match="threshold"):  # spaCy's ConfigValidationError
        pipeline("fr", threshold="high")


def test_spacy_may_rename_the_component_but_its_settings_are_frozen() -> None:
    nlp = pipeline("fr")
    nlp.rename_pipe("unicancer", "principles")
    component = nlp.get_pipe("principles")
    assert isinstance(component, UnicancerComponent)
    assert component.name == "principles"
    with pytest.raises(AttributeError):
        component.tagger = Tagger(threshold=0.1)


def test_the_component_checks_its_tagger() -> None:
    with pytest.raises(InvalidTypeError, match="tagger must be a Tagger"):
        UnicancerComponent("Tagger()")  # type: ignore[arg-type]


def test_docs_round_trip_through_a_docbin() -> None:
    nlp = pipeline("fr", threshold=0.2)
    docs = list(nlp.pipe(TEXTS))
    data = DocBin(docs=docs).to_bytes()
    back = list(DocBin().from_bytes(data).get_docs(spacy.blank("fr").vocab))
    assert [summary(d) for d in back] == [summary(d) for d in docs]
    assert any(spans(d) for d in back)


def test_the_pipeline_is_saved_and_loaded(tmp_path: Path) -> None:
    nlp = pipeline("en", threshold=0.3, thresholds={"equal-access": 0.9}, languages=["en"])
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.pipe_names == ["unicancer"]
    component = loaded.get_pipe("unicancer")
    assert isinstance(component, UnicancerComponent)
    assert component.tagger == Tagger(threshold=0.3, thresholds={1: 0.9}, languages=("en",))
    assert [summary(loaded(t)) for t in TEXTS] == [summary(nlp(t)) for t in TEXTS]


def test_the_component_and_the_pipeline_pickle() -> None:
    nlp = pipeline("fr", thresholds={"7": 0.9})
    component = nlp.get_pipe("unicancer")
    assert isinstance(component, UnicancerComponent)
    assert pickle.loads(pickle.dumps(component)) == component
    again = pickle.loads(pickle.dumps(nlp))
    assert [summary(again(t)) for t in TEXTS] == [summary(nlp(t)) for t in TEXTS]


_IN_TWO_PROCESSES = """
import sys, spacy
from spacy.tokens import DocBin
nlp = spacy.blank("fr")
nlp.add_pipe("unicancer", config={"threshold": 0.2})
texts = sys.argv[2:]
DocBin(docs=nlp.pipe(texts, n_process=2, batch_size=2)).to_disk(sys.argv[1])
"""


def test_nlp_pipe_in_two_processes_gives_the_same_docs(tmp_path: Path) -> None:
    """In a fresh process, with a time limit: a worker that hangs fails the test."""
    out = tmp_path / "docs.spacy"
    subprocess.run(
        [sys.executable, "-c", _IN_TWO_PROCESSES, str(out), *TEXTS],
        cwd=ROOT,
        capture_output=True,
        check=True,
        timeout=300,
    )
    nlp = pipeline("fr", threshold=0.2)
    got = list(DocBin().from_disk(out).get_docs(nlp.vocab))
    assert [summary(d) for d in got] == [summary(nlp(t)) for t in TEXTS]
