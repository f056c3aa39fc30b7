"""`tag_frame` on Polars and PyArrow frames, on Series, with a column of languages."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import unicancer
from tests.fakes import WEIGHT, fixed_tagger
from unicancer import InvalidTypeError, InvalidValueError, Lang, NotFoundError
from unicancer.frame import HIT_COLUMNS, tag_frame

SLUGS = [p.slug for p in unicancer.charter]
TEXTS = {"first text": {1, 7}, "second text": set(), "third text": {10}}
#: Documents in both languages: "essais cliniques" is French, "clinical trials" English.
BILINGUAL = [
    "Les essais cliniques, clinical trials.",
    "Les essais cliniques, clinical trials.",
    "Les essais cliniques, clinical trials.",
    None,
]


def test_polars_frames_by_hand() -> None:
    df = pl.DataFrame({"text": ["first text", None, "third text"], "other": [1, 2, 3]})
    wide, hits = tag_frame(df, "text", tagger=fixed_tagger(TEXTS))
    assert isinstance(wide, pl.DataFrame)
    assert wide.columns == SLUGS
    assert set(wide.schema.values()) == {pl.Int64}
    assert wide["equal-access"].to_list() == [1, 0, 0]
    assert wide["continuous-benchmarking"].to_list() == [0, 0, 1]
    assert tuple(hits.columns) == HIT_COLUMNS
    assert hits["document"].to_list() == [0, 0, 2]  # the rows' positions
    assert hits["text"].to_list() == ["f", "first t", "third text"]
    assert hits["weight"].to_list() == [WEIGHT] * 3
    assert hits.schema["start"] == pl.Int64
    assert hits.schema["slug"] == pl.String


def test_arrow_tables_by_hand() -> None:
    table = pa.table({"text": ["third text", None]})
    wide, hits = tag_frame(table, "text", tagger=fixed_tagger(TEXTS), scores=True)
    assert isinstance(wide, pa.Table)
    assert wide.schema.field("continuous-benchmarking").type == pa.float64()
    assert wide.column("continuous-benchmarking").to_pylist() == [1.0, 0.0]
    assert hits.column_names == list(HIT_COLUMNS)
    assert hits.column("document").to_pylist() == [0]
    assert hits.schema.field("document").type == pa.int64()


def test_empty_frames_keep_their_columns_and_types() -> None:
    wide, hits = tag_frame(pl.DataFrame({"text": []}, schema={"text": pl.String}), "text")
    assert wide.columns == SLUGS
    assert wide.height == 0
    assert hits.schema == pl.Schema(
        {"document": pl.Int64, "principle": pl.Int64, "slug": pl.String, "term": pl.String,
         "lang": pl.String, "start": pl.Int64, "end": pl.Int64, "text": pl.String,
         "weight": pl.Float64}
    )  # fmt: skip


def test_a_pandas_series_keeps_its_index() -> None:
    series = pd.Series(["third text", "first text"], index=["b", "a"], name="body")
    wide, hits = tag_frame(series, tagger=fixed_tagger(TEXTS))
    frame_wide, frame_hits = tag_frame(series.to_frame(), "body", tagger=fixed_tagger(TEXTS))
    pd.testing.assert_frame_equal(wide, frame_wide)
    pd.testing.assert_frame_equal(hits, frame_hits)
    assert hits["document"].tolist() == ["b", "a", "a"]


def test_a_polars_series() -> None:
    wide, hits = tag_frame(pl.Series(["second text", "third text"]), tagger=fixed_tagger(TEXTS))
    assert wide["continuous-benchmarking"].to_list() == [0, 1]
    assert hits["document"].to_list() == [1]


def test_a_polars_lazy_frame_is_tagged_when_collected() -> None:
    calls: list[int] = []
    lazy = pl.LazyFrame({"text": ["first text", "third text"]})
    wide, hits = tag_frame(lazy, "text", tagger=fixed_tagger(TEXTS), progress=calls.append)
    assert isinstance(wide, pl.LazyFrame)
    assert isinstance(hits, pl.LazyFrame)
    assert calls == []
    eager_wide, eager_hits = tag_frame(lazy.collect(), "text", tagger=fixed_tagger(TEXTS))
    assert wide.collect().equals(eager_wide)
    assert hits.collect().equals(eager_hits)
    assert sum(calls) == 4  # two rows, tagged once for each frame
    assert wide.collect_schema() == eager_wide.schema


@pytest.mark.parametrize(
    "make", [pd.DataFrame, pl.DataFrame, pa.table], ids=["pandas", "polars", "arrow"]
)
def test_a_column_of_languages(make: type) -> None:
    tagger = unicancer.Tagger()
    df = make({"text": BILINGUAL, "lang": ["fr", "en", None, "fr"]})
    _, hits = tag_frame(df, "text", tagger=tagger, lang="lang")
    got = pd.DataFrame(hits.to_pydict() if isinstance(hits, pa.Table) else hits.to_dict())
    langs: list[Lang | None] = ["fr", "en", None]
    for row, lang in enumerate(langs):
        text = BILINGUAL[row]
        assert text is not None
        expected = [h.term.lang or "" for t in tagger.tag(text, lang=lang) for h in t.hits]
        assert got[got["document"] == row]["lang"].tolist() == expected
    assert set(got["lang"][got["document"] == 0]) <= {"fr", ""}
    assert "en" in set(got["lang"][got["document"] == 2])


def test_a_language_that_is_not_the_taggers_names_its_row() -> None:
    df = pd.DataFrame({"text": ["x", "y"], "lang": ["fr", "de"]}, index=["a", "b"])
    with pytest.raises(InvalidValueError, match="row 'b' of column 'lang': expected one of"):
        tag_frame(df, "text", lang="lang")
    english = unicancer.Tagger(languages=("en",))
    with pytest.raises(InvalidValueError, match=r"row 'a' of column 'lang'.*found 'fr'"):
        tag_frame(df, "text", lang="lang", tagger=english)


def test_a_series_as_lang_gets_a_short_message() -> None:
    df = pd.DataFrame({"text": ["a text"] * 500, "lang": ["fr"] * 500})
    with pytest.raises(InvalidTypeError) as raised:
        tag_frame(df, "text", lang=df["lang"])
    message = str(raised.value)
    assert message == (
        "lang must be 'fr', 'en', None or the name of a column of languages, not Series"
    )


def test_a_lang_that_names_no_column() -> None:
    df = pl.DataFrame({"text": ["x"]})
    with pytest.raises(NotFoundError, match="no language column 'de'; expected 'fr', 'en'"):
        tag_frame(df, "text", lang="de")


def test_polars_values_that_are_not_strings_name_their_row() -> None:
    df = pl.DataFrame({"text": [1, 2]})
    with pytest.raises(InvalidTypeError, match="row 0 of column 'text': expected a string"):
        tag_frame(df, "text", tagger=fixed_tagger(TEXTS))


def test_the_column_is_required_for_a_frame_and_refused_for_a_series() -> None:
    with pytest.raises(InvalidValueError, match="pass the column of documents"):
        tag_frame(pl.DataFrame({"text": ["x"]}))
    with pytest.raises(InvalidValueError, match="a Series is tagged whole"):
        tag_frame(pl.Series(["x"]), "text")
    with pytest.raises(NotFoundError, match="no column 'body'; expected one of \\['text'\\]"):
        tag_frame(pa.table({"text": ["x"]}), "body")


def test_progress_counts_the_rows() -> None:
    calls: list[int] = []
    df = pl.DataFrame({"text": ["first text", None, "third text"]})
    tag_frame(df, "text", tagger=fixed_tagger(TEXTS), progress=calls.append)
    assert calls == [1, 1, 1]


def test_importing_unicancer_frame_imports_no_frame_library() -> None:
    code = (
        "import sys, unicancer.frame; "
        "print(*(name in sys.modules for name in ('narwhals', 'polars', 'pyarrow', 'pyspark')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False"] * 4
