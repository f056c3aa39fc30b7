"""`unicancer.frame.tag_frame`: the wide and long frames of a pandas column."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

import unicancer
from tests.fakes import WEIGHT, fixed_tagger
from tests.native import count_hits_made
from unicancer import InvalidTypeError, InvalidValueError, NotFoundError
from unicancer.frame import HIT_COLUMNS, tag_frame

SLUGS = [p.slug for p in unicancer.charter]
TEXTS = {"first text": {1, 7}, "second text": set(), "third text": {10}}


def test_importing_unicancer_does_not_import_pandas() -> None:
    code = (
        "import sys, unicancer; a = set(sys.modules); import unicancer.frame; "
        "print('pandas' in a, 'unicancer._evaluate' in a, 'pandas' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False", "False"]


def test_wide_frame_by_hand() -> None:
    df = pd.DataFrame({"text": list(TEXTS), "other": [1, 2, 3]}, index=["z", "x", "y"])
    wide, _ = tag_frame(df, "text", tagger=fixed_tagger(TEXTS))
    expected = pd.DataFrame(0, index=["z", "x", "y"], columns=SLUGS, dtype="int64")
    expected.loc["z", ["equal-access", "patient-partnership"]] = 1
    expected.loc["y", "continuous-benchmarking"] = 1
    pd.testing.assert_frame_equal(wide, expected)


def test_long_frame_by_hand() -> None:
    df = pd.DataFrame({"text": list(TEXTS)}, index=[30, 10, 20])
    _, hits = tag_frame(df, "text", tagger=fixed_tagger(TEXTS))
    # The fixed tagger's hit of principle n spans the first n characters.
    expected = pd.DataFrame(
        {
            "document": [30, 30, 20],
            "principle": [1, 7, 10],
            "slug": ["equal-access", "patient-partnership", "continuous-benchmarking"],
            "term": ["f", "first t", "third text"],
            "lang": ["en", "en", "en"],
            "start": [0, 0, 0],
            "end": [1, 7, 10],
            "text": ["f", "first t", "third text"],
            "weight": [WEIGHT] * 3,
        }
    )
    pd.testing.assert_frame_equal(hits, expected)
    assert tuple(hits.columns) == HIT_COLUMNS


def test_scores_are_the_tags_scores() -> None:
    df = pd.DataFrame({"text": list(TEXTS)})
    wide, _ = tag_frame(df, "text", tagger=fixed_tagger(TEXTS), scores=True)
    assert wide.dtypes.eq("float64").all()
    assert wide.loc[0, "equal-access"] == 1.0  # the fixed tagger scores every tag 1.0
    assert wide.loc[1].sum() == 0.0


def test_missing_values_are_documents_without_tags() -> None:
    df = pd.DataFrame({"text": ["first text", None, float("nan"), pd.NA]}, dtype=object)
    wide, hits = tag_frame(df, "text", tagger=fixed_tagger(TEXTS))
    assert wide.sum(axis=1).tolist() == [2, 0, 0, 0]
    assert hits["document"].tolist() == [0, 0]


def test_string_dtype_columns_with_missing_values() -> None:
    df = pd.DataFrame({"text": pd.array(["third text", None], dtype="string")})
    wide, _ = tag_frame(df, "text", tagger=fixed_tagger(TEXTS))
    assert wide.sum(axis=1).tolist() == [1, 0]


def test_duplicate_index_labels_are_kept() -> None:
    df = pd.DataFrame({"text": ["first text", "third text"]}, index=[5, 5])
    wide, hits = tag_frame(df, "text", tagger=fixed_tagger(TEXTS))
    assert wide.index.tolist() == [5, 5]
    assert wide["continuous-benchmarking"].tolist() == [0, 1]
    assert hits["text"].tolist() == ["f", "first t", "third text"]


def test_an_empty_frame_gives_empty_frames_of_the_same_shape() -> None:
    df = pd.DataFrame({"text": pd.Series([], dtype=object)}, index=pd.Index([], dtype="int64"))
    wide, hits = tag_frame(df, "text", tagger=fixed_tagger({}))
    assert list(wide.columns) == SLUGS
    assert len(wide) == 0
    assert wide.dtypes.eq("int64").all()
    assert tuple(hits.columns) == HIT_COLUMNS
    assert len(hits) == 0
    assert hits["start"].dtype == "int64"


def test_a_value_that_is_not_a_string_names_its_row() -> None:
    df = pd.DataFrame({"text": ["first text", 42]}, index=["a", "b"])
    with pytest.raises(InvalidTypeError, match="row 'b' of column 'text': expected a string"):
        tag_frame(df, "text", tagger=fixed_tagger(TEXTS))


def test_a_missing_column_is_not_found() -> None:
    df = pd.DataFrame({"body": ["x"]})
    with pytest.raises(NotFoundError, match="no column 'text'; expected one of \\['body'\\]"):
        tag_frame(df, "text", tagger=fixed_tagger(TEXTS))


def test_not_a_dataframe() -> None:
    with pytest.raises(InvalidTypeError, match="expected a pandas DataFrame, found list"):
        tag_frame(["first text"], "text", tagger=fixed_tagger(TEXTS))  # type: ignore[call-overload]


def test_lang_is_passed_to_the_tagger() -> None:
    text = "Les essais cliniques, clinical trials."
    df = pd.DataFrame({"text": [text]})
    tagger = unicancer.Tagger()
    for lang in ("fr", "en", None):
        _, hits = tag_frame(df, "text", tagger=tagger, lang=lang)
        expected = [h.term.lang or "" for t in tagger.tag(text, lang=lang) for h in t.hits]
        assert hits["lang"].tolist() == expected


@pytest.mark.parametrize("texts", [["Les essais cliniques."], []], ids=["rows", "no rows"])
def test_a_lang_that_is_not_the_taggers_is_refused(texts: list[str]) -> None:
    english = unicancer.Tagger(languages=("en",))
    with pytest.raises(InvalidValueError, match="lang 'fr' is not one of this tagger's"):
        tag_frame(pd.DataFrame({"text": texts}, dtype=object), "text", tagger=english, lang="fr")


class _NothingTagger(unicancer.Tagger):
    """A subclass with a `tag` of its own: no tags, whatever the text."""

    def tag(self, text: str, *, lang: unicancer.Lang | None = None) -> tuple[unicancer.Tag, ...]:
        return ()


def test_a_taggers_own_tag_method_is_the_one_called() -> None:
    df = pd.DataFrame({"text": ["Le comité de patients relit nos brochures."]})
    assert tag_frame(df, "text", hits=False).sum().sum() == 1
    wide, hits = tag_frame(df, "text", tagger=_NothingTagger())
    assert wide.sum().sum() == 0
    assert hits.empty


def test_the_default_tagger_agrees_with_tag() -> None:
    texts = [
        "Le centre forme les internes et développe la recherche clinique.",
        "Patient partners sit on our committees; no extra billing.",
        "Preheat the oven.",
    ]
    wide, hits = tag_frame(pd.DataFrame({"text": texts}), "text")
    for i, text in enumerate(texts):
        tags = unicancer.Tagger().tag(text)
        assert set(wide.columns[wide.loc[i] == 1]) == {t.principle.slug for t in tags}
        mine = hits[hits["document"] == i]
        assert list(zip(mine["start"], mine["end"], strict=True)) == [
            (h.start, h.end) for t in tags for h in t.hits
        ]
        assert mine["text"].tolist() == [text[h.start : h.end] for t in tags for h in t.hits]


def test_without_hits_the_wide_frame_alone_comes_and_no_hits_are_made(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    texts = [
        "Le comité de patients relit nos brochures.",
        None,
        "Formation continue des médecins généralistes en cancérologie.",
    ]
    df = pd.DataFrame({"text": texts}, index=[5, 6, 7])
    wide, long = tag_frame(df, "text", scores=True)
    assert len(long) > 0
    made = count_hits_made(monkeypatch)
    tag_frame(df, "text", scores=True)
    assert made  # the long frame's hits are made, and counted
    made.clear()
    alone = tag_frame(df, "text", scores=True, hits=False)
    pd.testing.assert_frame_equal(alone, wide)
    assert made == []


@pytest.mark.parametrize("hits", [1, "yes", None])
def test_hits_must_be_a_bool(hits: object) -> None:
    with pytest.raises(InvalidTypeError, match="hits must be True or False"):
        tag_frame(pd.DataFrame({"text": ["x"]}), "text", hits=hits)  # type: ignore[call-overload]
