"""Tag a column of documents in a pandas or Dask DataFrame.

Install with ``pip install "unicancer[pandas]"`` (and ``"unicancer[dask]"`` for
`tag_dask`). pandas and Dask are imported by these functions only:
``import unicancer`` never imports them.

Two frames come out of `tag_frame`:

- the *wide* frame, with the input's index and one column per principle, named
  by slug, in charter order, all ten always present: ``1`` when the tagger gives
  the principle to the row's document and ``0`` otherwise (``int64``), or with
  ``scores=True`` the tag's score, ``0.0`` when not tagged (``float64``);
- the *long* frame of hits, one row per hit of the tags given (the hits that
  explain the wide frame), with the columns ``document`` (the row's index
  label), ``principle`` (its number), ``slug``, ``term`` (the lexicon term or
  learned phrase), ``lang`` (the term's language, ``""`` for a learned
  phrase), ``start`` and ``end`` (offsets of the match in the document),
  ``text`` (the matched text) and ``weight`` (how much the hit moved the
  principle's log-odds: positive for, negative against).

A missing value in the column (``None``, ``NaN``, ``pd.NA``) is a document
without any tag: a row of zeros, no hits. Any other value that is not a
string raises `InvalidTypeError` naming its row.

At scale, the same function runs on each partition of a Dask DataFrame
(`tag_dask`), or of a Spark DataFrame with ``mapInPandas``::

    from unicancer import Tagger, charter
    from unicancer.frame import tag_frame

    tagger = Tagger()  # built once on the driver, shipped to the executors
    schema = "id long, " + ", ".join(f"`{p.slug}` int" for p in charter)

    def tag_batches(batches):
        for batch in batches:  # pandas DataFrames
            wide, _ = tag_frame(batch.set_index("id"), "text", tagger=tagger)
            yield wide.reset_index()

    tagged = spark_df.select("id", "text").mapInPandas(tag_batches, schema)

>>> import pandas as pd
>>> from unicancer.frame import tag_frame
>>> df = pd.DataFrame({"text": ["Les essais cliniques et l'innovation.", None]}, index=[10, 11])
>>> wide, hits = tag_frame(df, "text")
>>> int(wide.loc[10, "continuous-innovation"]), int(wide.loc[11].sum())
(1, 0)
>>> sorted(set(hits["document"]))
[10]
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal, overload

from ._errors import InvalidTypeError, NotFoundError
from ._evaluate import charter_of, default_tagger
from ._model import Lang

if TYPE_CHECKING:
    import dask.dataframe as dd
    import pandas as pd

    from ._tagging import Tag, Tagger

__all__ = ["HIT_COLUMNS", "tag_dask", "tag_frame"]

#: The columns of the long frame of hits, in order.
HIT_COLUMNS = ("document", "principle", "slug", "term", "lang", "start", "end", "text", "weight")
# The dtype of each column but ``document`` (which has the input index's dtype).
_HIT_DTYPES: dict[str, str | type[str]] = {
    "principle": "int64",
    "slug": str,
    "term": str,
    "lang": str,
    "start": "int64",
    "end": "int64",
    "text": str,
    "weight": "float64",
}


def tag_frame(
    df: pd.DataFrame,
    column: str,
    *,
    tagger: Tagger | None = None,
    lang: Lang | None = None,
    scores: bool = False,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Tag the documents in *df[column]*; return the wide frame and the long frame of hits.

    *tagger* defaults to ``Tagger()``; *lang* is passed to it (``None``: both
    languages). See the module's notes for the frames' columns.

    Raises:
        InvalidTypeError: *df* is not a pandas DataFrame, or a value of the
            column is neither a string nor missing (the message names its row).
        NotFoundError: *df* has no column *column*.
    """
    import pandas as pd

    tagger = default_tagger(tagger)
    charter = charter_of(tagger)
    if not isinstance(df, pd.DataFrame):
        raise InvalidTypeError(f"expected a pandas DataFrame, found {type(df).__name__}")
    if column not in df.columns:
        raise NotFoundError("column", column, f"one of {list(df.columns)!r}")
    slugs = [p.slug for p in charter]
    position = {p.number: i for i, p in enumerate(charter)}
    rows: list[list[float]] = []
    hits: dict[str, list[object]] = {name: [] for name in HIT_COLUMNS}
    for label, text, tags in _tag_column(df[column], column, tagger, lang):
        row = [0.0] * len(slugs)
        for t in tags:
            row[position[t.principle.number]] = t.score if scores else 1
            for hit in t.hits:
                values = (label, t.principle.number, t.principle.slug, hit.term.text,
                          hit.term.lang or "", hit.start, hit.end, text[hit.start : hit.end],
                          hit.weight)  # fmt: skip
                for name, value in zip(HIT_COLUMNS, values, strict=True):
                    hits[name].append(value)
        rows.append(row)
    wide = pd.DataFrame(
        rows, index=df.index.copy(), columns=slugs, dtype="float64" if scores else "int64"
    )
    long = pd.DataFrame(
        {
            "document": pd.Index(hits["document"], dtype=df.index.dtype),
            **{name: pd.Series(hits[name], dtype=_HIT_DTYPES[name]) for name in HIT_COLUMNS[1:]},
        }
    )
    return wide, long


def _tag_column(
    values: pd.Series, column: str, tagger: Tagger, lang: Lang | None
) -> Iterator[tuple[object, str, tuple[Tag, ...]]]:
    """``(index label, text, tags)`` for each row of *values*; missing values have no tags."""
    for label, value in values.items():
        if isinstance(value, str):
            yield label, value, tagger.tag(value, lang=lang)
        elif _missing(value):
            yield label, "", ()
        else:
            raise InvalidTypeError(
                f"row {label!r} of column {column!r}: expected a string or a missing value, "
                f"found {type(value).__name__} {value!r:.40}"
            )


def _missing(value: object) -> bool:
    import pandas as pd

    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


@overload
def tag_dask(
    ddf: dd.DataFrame,
    column: str,
    *,
    tagger: Tagger | None = ...,
    lang: Lang | None = ...,
    scores: bool = ...,
    hits: Literal[False] = ...,
) -> dd.DataFrame: ...
@overload
def tag_dask(
    ddf: dd.DataFrame,
    column: str,
    *,
    tagger: Tagger | None = ...,
    lang: Lang | None = ...,
    scores: bool = ...,
    hits: Literal[True],
) -> tuple[dd.DataFrame, dd.DataFrame]: ...
def tag_dask(
    ddf: dd.DataFrame,
    column: str,
    *,
    tagger: Tagger | None = None,
    lang: Lang | None = None,
    scores: bool = False,
    hits: bool = False,
) -> dd.DataFrame | tuple[dd.DataFrame, dd.DataFrame]:
    """Tag *ddf[column]* partition by partition: the lazy wide frame of `tag_frame`.

    Each partition is tagged by `tag_frame` with the same *tagger* (built
    once, pickled to the workers), through ``map_partitions`` with an explicit
    ``meta``, so nothing is computed until you ask. With ``hits=True``, also
    return the lazy long frame of hits (which tags every partition a second
    time when both frames are computed separately). The long frame's index
    restarts at 0 in each partition: use its ``document`` column.

    Raises:
        InvalidTypeError: *ddf* is not a Dask DataFrame.
        NotFoundError: *ddf* has no column *column*.
    """
    import dask.dataframe as dd

    if not isinstance(ddf, dd.DataFrame):
        raise InvalidTypeError(f"expected a Dask DataFrame, found {type(ddf).__name__}")
    tagger = default_tagger(tagger)
    if column not in ddf.columns:
        raise NotFoundError("column", column, f"one of {list(ddf.columns)!r}")
    empty = ddf._meta[[column]]
    wide_meta, hits_meta = tag_frame(empty, column, tagger=tagger, lang=lang, scores=scores)
    wide: dd.DataFrame = ddf[[column]].map_partitions(
        _wide_partition, column, tagger, lang, scores, meta=wide_meta
    )
    if not hits:
        return wide
    long: dd.DataFrame = ddf[[column]].map_partitions(
        _hits_partition, column, tagger, lang, meta=hits_meta, align_dataframes=False
    )
    return wide, long


def _wide_partition(
    part: pd.DataFrame, column: str, tagger: Tagger, lang: Lang | None, scores: bool
) -> pd.DataFrame:
    return tag_frame(part, column, tagger=tagger, lang=lang, scores=scores)[0]


def _hits_partition(
    part: pd.DataFrame, column: str, tagger: Tagger, lang: Lang | None
) -> pd.DataFrame:
    return tag_frame(part, column, tagger=tagger, lang=lang)[1]
