"""`tag_frame` gives the same frames for pandas, Polars and PyArrow."""

from __future__ import annotations

import pandas as pd
import polars as pl
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

import unicancer
from tests.strategies import document_rows
from unicancer.frame import tag_frame

TAGGER = unicancer.Tagger()
Rows = list[tuple[str | None, str | None]]


def _pandas_lists(df: pd.DataFrame) -> dict[str, list[object]]:
    return {name: df[name].tolist() for name in df.columns}


# Each example tags its rows three times, in each library: fewer examples than the profile's.
@settings(max_examples=60)
@given(document_rows, st.booleans())
def test_the_frames_are_the_same_in_every_library(rows: Rows, scores: bool) -> None:
    data = {"text": [text for text, _ in rows], "lang": [lang for _, lang in rows]}
    wide, hits = tag_frame(pd.DataFrame(data), "text", tagger=TAGGER, lang="lang", scores=scores)
    want_wide, want_hits = _pandas_lists(wide), _pandas_lists(hits)
    frame = pl.DataFrame(data, schema={"text": pl.String, "lang": pl.String})
    polars_wide, polars_hits = tag_frame(frame, "text", tagger=TAGGER, lang="lang", scores=scores)
    assert polars_wide.to_dict(as_series=False) == want_wide
    assert polars_hits.to_dict(as_series=False) == want_hits
    table = pa.table(data, schema=pa.schema([("text", pa.string()), ("lang", pa.string())]))
    arrow_wide, arrow_hits = tag_frame(table, "text", tagger=TAGGER, lang="lang", scores=scores)
    assert arrow_wide.to_pydict() == want_wide
    assert arrow_hits.to_pydict() == want_hits


@given(document_rows)
def test_a_series_is_tagged_as_its_texts_are(rows: Rows) -> None:
    texts = [text for text, _ in rows]
    wide, hits = tag_frame(pl.Series("text", texts, dtype=pl.String), tagger=TAGGER)
    assert wide.height == len(texts)
    for position, text in enumerate(texts):
        tags = TAGGER.tag(text) if text is not None else ()
        row = wide.row(position, named=True)
        assert {slug for slug, value in row.items() if value} == {t.principle.slug for t in tags}
        mine = hits.filter(pl.col("document") == position)
        assert mine["start"].to_list() == [h.start for t in tags for h in t.hits]
