"""The C core of tagging: compiled where it must be, the same tags as the Python path."""

from __future__ import annotations

import contextlib
import gc
import json
import os
import pickle
import struct
import subprocess
import sys

import attrs
import pytest

from tests.native import python_path
from tests.paths import ROOT
from unicancer import Lang, Tagger, Term, _compiled, _parallel
from unicancer._scoring import choose
from unicancer._terms import TermIndex

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
        tagged = [tagger.tag(text, lang=lang) for text in texts]
        for tags in tagged:  # their hits made in Python too
            for tag in tags:
                tag.hits  # noqa: B018
        return list(tagged)


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
def test_hits_made_in_c_are_hits_in_all_things_but_cost_the_collector_nothing() -> None:
    tagger = Tagger()
    texts = pages(passages()[:300], 3)
    in_c = [hit for text in texts for tag in tagger.tag(text) for hit in tag.hits]
    with python_path():
        in_python = [hit for text in texts for tag in tagger.tag(text) for hit in tag.hits]
    assert len(in_c) > len(texts)
    assert in_c == in_python
    assert [hash(h) for h in in_c] == [hash(h) for h in in_python]
    assert [repr(h) for h in in_c] == [repr(h) for h in in_python]
    assert pickle.loads(pickle.dumps(in_c)) == in_python
    assert attrs.evolve(in_c[0], weight=1.0) == attrs.evolve(in_python[0], weight=1.0)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        in_c[0].weight = 1.0  # type: ignore[misc]
    # Kept by the million, they cost the garbage collector nothing: it need not read them.
    assert not any(gc.is_tracked(h) for h in in_c)


@needs_native
@pytest.mark.parametrize(
    ("found", "indices", "error"),
    [
        ([(0, 3, "soins")], [0], TypeError),  # not (start, end, key, position)
        ([(0, 3, 7, 0)], [0], TypeError),  # a key that is not a str
        ([("0", 3, "soins", 0)], [0], TypeError),
        ([(0, 3, "soins", 10**6)], [0], ValueError),  # no such term
        ([(0, 3, "soins", -2)], [0], ValueError),
        ([(0, 3, "soins", 0)], [10], IndexError),  # no such principle
        ([(0, 3, "soins", 0)], [-1], IndexError),
        ((), [0], TypeError),  # not a list
    ],
)
def test_the_c_maker_of_hits_refuses_malformed_spans(
    found: object, indices: list[int], error: type[Exception]
) -> None:
    tagger = Tagger()
    native = _compiled.evidence(tagger._terms, tagger._model)
    assert native is not None
    with pytest.raises(error):
        native(found, indices)  # type: ignore[arg-type]
    assert native([(0, 5, "soins", 0)], []) == []


@attrs.frozen(slots=False)
class DictHit:
    """A `Hit` whose fields are not slots: set as attrs' own __init__ sets them."""

    start: int
    end: int
    term: Term
    weight: float = 0.0


@needs_native
def test_hits_of_a_class_without_slots_are_the_hits_of_the_slotted_one() -> None:
    tagger = Tagger()
    native = _compiled.evidence(tagger._terms, tagger._model)
    made = _compiled._make_evidence(tagger._terms, tagger._model, DictHit)
    assert native is not None
    assert made is not None
    indices = list(range(10))
    for text in passages()[:200]:
        found = tagger._found(text, None)
        expected = [
            [attrs.astuple(h, recurse=False) for h in hits] for hits in native(found, indices)
        ]
        got = made(found, indices)  # of DictHit, though typed as Hit
        assert [[attrs.astuple(h, recurse=False) for h in hits] for hits in got] == expected
        assert all(type(h).__name__ == "DictHit" and vars(h) for hits in got for h in hits)


@needs_native
def test_hits_of_kept_spans_are_right_whatever_the_numbers_of_their_scorers_phrases() -> None:
    # One Evidence, two scorers that number the phrases otherwise: the Terms it keeps by
    # number (numbered as the first) are not those of the second's numbers.
    tagger = Tagger()
    native = _compiled.scorer(tagger._terms, tagger._model, None)
    made = _compiled.evidence(tagger._terms, tagger._model)
    first = min(tagger._model.phrases)
    fewer = attrs.evolve(
        tagger._model,
        principles=tuple(
            attrs.evolve(w, phrases=tuple(p for p in w.phrases if p[0] != first))
            for w in tagger._model.principles
        ),
    )
    shifted = _compiled._make(tagger._terms, fewer, None)
    assert native is not None
    assert made is not None
    assert shifted is not None
    indices, size = list(range(10)), tagger._model.window
    for text in pages(passages()[:120], 3):
        for scorer in (native, shifted, native):
            kept = scorer.score(text, size, True)[2]
            assert kept  # bytes, one item per match
            for window, part in enumerate(scorer.parts(text, size)):
                assert scorer.hits(kept, window, indices, made) == made(part, indices)


@needs_native
@pytest.mark.parametrize(
    ("spans", "evidence", "error"),
    [
        # A kept span: start and end (Py_ssize_t), key and window (int32).
        (struct.pack("nnii", 0, 3, 0, 0)[1:], True, ValueError),  # not whole kept spans
        (struct.pack("nnii", 0, 3, 2**31 - 1, 0), True, ValueError),  # no such term
        (struct.pack("nnii", 0, 3, -(2**31), 0), True, ValueError),  # no such phrase
        (b"", False, TypeError),  # not an Evidence
        ("", True, TypeError),  # not bytes
    ],
)
def test_the_c_maker_of_hits_refuses_malformed_kept_spans(
    spans: object, evidence: bool, error: type[Exception]
) -> None:
    tagger = Tagger()
    native = _compiled.scorer(tagger._terms, tagger._model, None)
    made = _compiled.evidence(tagger._terms, tagger._model)
    assert native is not None
    assert made is not None
    with pytest.raises(error):
        native.hits(spans, 0, [0], made if evidence else object())  # type: ignore[arg-type]
    _, _, kept = native.score("Le comité de patients relit nos brochures.", 600, True)
    assert kept  # bytes, one item per match
    assert len(native.hits(kept, 0, [6], made)[0]) > 0
    assert len(kept) % struct.calcsize("nnii") == 0


@needs_native
def test_a_charter_numbered_otherwise_makes_its_hits_in_python() -> None:
    tagger = Tagger()
    terms = tagger._terms
    renumbered = TermIndex(terms.charter, (Term(11, "soins", "fr"),), ("fr",))
    assert _compiled.evidence(renumbered, tagger._model) is None
    assert _compiled.evidence(terms, tagger._model) is not None


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


@needs_native
@pytest.mark.parametrize("in_python", [False, True])
def test_tag_many_and_tag_frame_tag_each_text_as_tag_does(in_python: bool) -> None:
    # Both look up once per language what `tag` looks up for each text (in C), or call it.
    pd = pytest.importorskip("pandas")
    from unicancer.frame import tag_frame

    texts = [*pages(passages()[:240], 3), "", "comité de patients", "rien"]
    langs: list[Lang | None] = [("fr", "en", None)[i % 3] for i in range(len(texts))]
    with python_path() if in_python else contextlib.nullcontext():
        tagger = Tagger(thresholds={7: 0.9})
        assert (_compiled.scorer(tagger._terms, tagger._model, None) is None) == in_python
        expected = [tagger.tag(text, lang=lang) for text, lang in zip(texts, langs, strict=True)]
        for lang in ("fr", None):
            many = list(tagger.tag_many(texts, lang=lang, chunksize=5))
            assert many == [tagger.tag(text, lang=lang) for text in texts]
        frame = pd.DataFrame({"text": texts, "lang": langs}, dtype=object)
        wide, hits = tag_frame(frame, "text", tagger=tagger, lang="lang", scores=True)
    assert sum(map(len, expected)) > len(texts) / 3
    for row, tags in enumerate(expected):
        scores = {tag.principle.slug: tag.score for tag in tags}
        assert {slug: value for slug, value in wide.iloc[row].items() if value} == scores
    rows = [
        (row, tag.principle.number, hit.start, hit.end, hit.weight)
        for row, tags in enumerate(expected)
        for tag in tags
        for hit in tag.hits
    ]
    columns = ["document", "principle", "start", "end", "weight"]
    assert list(hits[columns].itertuples(index=False, name=None)) == rows


@needs_native
def test_choosing_in_c_is_choosing_in_python_ties_included() -> None:
    # Threshold 0: every principle whose probability rounds above 0, ties among them.
    tagger = Tagger(threshold=0.0)
    native = _compiled.scorer(tagger._terms, tagger._model, None)
    assert native is not None
    packed = _compiled.pack(tagger._floors)
    ties = 0
    for text in pages(passages()[:600], 3):
        size = min(tagger._model.window, len(text) + 1)
        best, where, kept = native.score(text, size, True)
        chosen = choose(best, where, tagger._floors)
        assert native.choose(text, size, packed) == (chosen, kept)
        scores = [score for _, score, _ in chosen]
        ties += len(scores) - len(set(scores))
    assert ties > 0  # equal scores, in charter order


@needs_native
@pytest.mark.parametrize(
    ("args", "error"),
    [
        (("texte", 600, b"\0" * 8), ValueError),  # one double, not two per principle
        (("texte", 0, None), ValueError),
        ((b"texte", 600, None), TypeError),
        (("texte", 600, "floors"), TypeError),
    ],
)
def test_the_c_chooser_refuses_bad_arguments(args: tuple[object, ...], error: type) -> None:
    tagger = Tagger()
    native = _compiled.scorer(tagger._terms, tagger._model, None)
    assert native is not None
    packed = _compiled.pack(tagger._floors)
    with pytest.raises(error):
        native.choose(*(packed if a is None else a for a in args))  # type: ignore[arg-type]
    assert native.choose("comité de patients", 600, packed)[0][0][0] == 6  # principle 7


@needs_native
@pytest.mark.parametrize("in_python", [False, True])
@pytest.mark.parametrize("shared", [False, True])
def test_worker_processes_choose_the_tags_one_process_does(
    in_python: bool, shared: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An iterator goes to the workers through pipes; a list, read in shared memory by
    # forked workers, once it holds `SERIAL_CHARACTERS`. They choose in C, or in Python.
    monkeypatch.setattr(_parallel, "SERIAL_CHARACTERS", 1000)
    texts = [*pages(passages()[:240], 3), "", "comité de patients"]
    with python_path() if in_python else contextlib.nullcontext():
        tagger = Tagger(thresholds={7: 0.9})
        serial = [tagger.tag(text, lang="fr") for text in texts]
        given = texts if shared else iter(texts)
        parallel = list(tagger.tag_many(given, lang="fr", processes=2, chunksize=7))
    assert parallel == serial  # hits included
    assert sum(map(len, serial)) > len(texts) / 3


@needs_native
def test_choosing_many_shared_texts_is_choosing_each() -> None:
    tagger = Tagger(threshold=0.0)  # an empty text too would have tags, were it scored
    native = _compiled.scorer(tagger._terms, tagger._model, None)
    assert native is not None
    chooser = tagger._choosing(None)
    assert isinstance(chooser, _compiled.Chooser)
    texts = (*pages(passages()[:90], 3), "", "comité de patients")
    assert chooser.many(texts, 0, len(texts)) == [chooser(text) for text in texts]
    assert chooser.many(texts, 5, 9) == [chooser(text) for text in texts[5:9]]
    assert chooser.many(texts, 3, 3) == []
    packed = _compiled.pack(tagger._floors)
    for args, error in [
        ((list(texts), 0, 1, 600, packed), TypeError),  # a tuple only: it holds the texts
        (((*texts[:2], 3), 0, 3, 600, packed), TypeError),
        ((texts, 2, 1, 600, packed), ValueError),
        ((texts, 0, len(texts) + 1, 600, packed), ValueError),
        ((texts, 0, 1, 0, packed), ValueError),
        ((texts, 0, 1, 600, packed[:8]), ValueError),
    ]:
        with pytest.raises(error):
            native.choose_many(*args)  # type: ignore[arg-type]
