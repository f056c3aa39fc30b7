"""Tag a column of documents in a pandas, Polars, PyArrow, Dask or Spark DataFrame.

Install with ``pip install "unicancer[pandas]"`` (or ``[polars]``, ``[arrow]``;
``[dask]`` for `tag_dask`, ``[spark]`` for `tag_spark`). These libraries, and
narwhals, which reads and builds the frames of every eager library through one
implementation, are imported by these functions only: ``import unicancer`` and
``import unicancer.frame`` never import them.

Two frames come out of `tag_frame`, of the input's library (the wide one alone with
``hits=False``, which saves making the hits):

- the *wide* frame, one row per input row, in order, with one column per principle, named
  by slug, in charter order, all ten always present: ``1`` when the tagger gives
  the principle to the row's document and ``0`` otherwise (``int64``), or with
  ``scores=True`` the tag's score, ``0.0`` when not tagged (``float64``); a
  pandas wide frame has the input's index;
- the *long* frame of hits, one row per hit of the tags given (the hits that
  explain the wide frame), with the columns ``document`` (the row's index
  label in pandas, its position from 0 elsewhere), ``principle`` (its number),
  ``slug``, ``term`` (the lexicon term or
  learned phrase), ``lang`` (the term's language, ``""`` for a learned
  phrase), ``start`` and ``end`` (offsets of the match in the document),
  ``text`` (the matched text) and ``weight`` (how much the hit moved the
  principle's log-odds: positive for, negative against).

A missing value in the column (``None``, ``NaN``, ``pd.NA``, a null) is a
document without any tag: a row of zeros, no hits. Any other value that is not
a string raises `InvalidTypeError` naming its row.

At scale, the same function runs on each partition of a Dask DataFrame
(`tag_dask`), or on each batch of a Spark DataFrame (`tag_spark`).

>>> import pandas as pd
>>> from unicancer.frame import tag_frame
>>> texts = ["Nos essais cliniques font bénéficier les patients des innovations.", None]
>>> df = pd.DataFrame({"text": texts}, index=[10, 11])
>>> wide, hits = tag_frame(df, "text")
>>> int(wide.loc[10, "continuous-innovation"]), int(wide.loc[11].sum())
(1, 0)
>>> sorted(set(hits["document"]))
[10]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, overload

from ._errors import InvalidTypeError
from ._frames import HIT_COLUMNS, tag_native
from ._progress import Progress

if TYPE_CHECKING:
    import dask.dataframe as dd
    import pandas as pd
    import polars as pl
    import pyarrow as pa
    import pyspark.sql

    from ._tagging import Tagger

    #: A pandas Series of documents (a name for type checkers only).
    PandasSeries = pd.Series[str]

__all__ = ["HIT_COLUMNS", "tag_dask", "tag_frame", "tag_spark"]


@overload
def tag_frame(
    df: pd.DataFrame | PandasSeries,
    column: str | None = ...,
    *,
    tagger: Tagger | None = ...,
    lang: str | None = ...,
    scores: bool = ...,
    hits: Literal[True] = ...,
    progress: Progress = ...,
) -> tuple[pd.DataFrame, pd.DataFrame]: ...
@overload
def tag_frame(
    df: pd.DataFrame | PandasSeries,
    column: str | None = ...,
    *,
    tagger: Tagger | None = ...,
    lang: str | None = ...,
    scores: bool = ...,
    hits: Literal[False],
    progress: Progress = ...,
) -> pd.DataFrame: ...
@overload
def tag_frame(
    df: pl.DataFrame | pl.Series,
    column: str | None = ...,
    *,
    tagger: Tagger | None = ...,
    lang: str | None = ...,
    scores: bool = ...,
    hits: Literal[True] = ...,
    progress: Progress = ...,
) -> tuple[pl.DataFrame, pl.DataFrame]: ...
@overload
def tag_frame(
    df: pl.DataFrame | pl.Series,
    column: str | None = ...,
    *,
    tagger: Tagger | None = ...,
    lang: str | None = ...,
    scores: bool = ...,
    hits: Literal[False],
    progress: Progress = ...,
) -> pl.DataFrame: ...
@overload
def tag_frame(
    df: pl.LazyFrame,
    column: str,
    *,
    tagger: Tagger | None = ...,
    lang: str | None = ...,
    scores: bool = ...,
    hits: Literal[True] = ...,
    progress: Progress = ...,
) -> tuple[pl.LazyFrame, pl.LazyFrame]: ...
@overload
def tag_frame(
    df: pl.LazyFrame,
    column: str,
    *,
    tagger: Tagger | None = ...,
    lang: str | None = ...,
    scores: bool = ...,
    hits: Literal[False],
    progress: Progress = ...,
) -> pl.LazyFrame: ...
@overload
def tag_frame(
    df: pa.Table,
    column: str,
    *,
    tagger: Tagger | None = ...,
    lang: str | None = ...,
    scores: bool = ...,
    hits: Literal[True] = ...,
    progress: Progress = ...,
) -> tuple[pa.Table, pa.Table]: ...
@overload
def tag_frame(
    df: pa.Table,
    column: str,
    *,
    tagger: Tagger | None = ...,
    lang: str | None = ...,
    scores: bool = ...,
    hits: Literal[False],
    progress: Progress = ...,
) -> pa.Table: ...
def tag_frame(
    df: pd.DataFrame | PandasSeries | pl.DataFrame | pl.Series | pl.LazyFrame | pa.Table,
    column: str | None = None,
    *,
    tagger: Tagger | None = None,
    lang: str | None = None,
    scores: bool = False,
    hits: bool = True,
    progress: Progress = None,
) -> object:
    """Tag the documents in *df[column]*; return the wide frame and the long frame of hits.

    *df* is a pandas or Polars DataFrame, a PyArrow Table, or a pandas or
    Polars Series of documents (then pass no *column*), and the frames are of
    its library. A Polars LazyFrame gives two LazyFrames, tagged when
    collected (each of them: collecting both tags the documents twice).

    *tagger* defaults to ``Tagger()``. *lang* is the documents' language,
    ``"fr"`` or ``"en"``, or ``None`` for both, or the name of a column of
    *df* giving each row's language (``"fr"``, ``"en"``, or missing for both).
    *progress* reports the rows tagged: ``True`` shows a tqdm bar, a callable
    is called with the number of rows tagged since its previous call; off by
    default. See the module's notes for the frames' columns.

    With ``hits=False``, return the wide frame only: no tag's hits are made
    (a tag makes them when first read), which saves most of the work of the
    long frame.

    Raises:
        InvalidTypeError: *df* is not a frame of those libraries, or a value
            of the column is neither a string nor missing (the message names
            its row), or *lang* is neither a string nor ``None``, or *hits* is
            not a bool.
        InvalidValueError: a value of the language column is not one of the
            tagger's languages, or *column* is missing (a frame) or given (a
            Series).
        NotFoundError: *df* has no column *column*, or *lang* names no column.
    """
    if type(hits) is not bool:
        raise InvalidTypeError(f"hits must be True or False, not {hits!r:.40}")
    wide, long = tag_native(df, column, tagger, lang, scores, progress, hits)
    return (wide, long) if hits else wide


@overload
def tag_dask(
    ddf: dd.DataFrame,
    column: str,
    *,
    tagger: Tagger | None = ...,
    lang: str | None = ...,
    scores: bool = ...,
    hits: Literal[False] = ...,
    progress: Progress = ...,
) -> dd.DataFrame: ...
@overload
def tag_dask(
    ddf: dd.DataFrame,
    column: str,
    *,
    tagger: Tagger | None = ...,
    lang: str | None = ...,
    scores: bool = ...,
    hits: Literal[True],
    progress: Progress = ...,
) -> tuple[dd.DataFrame, dd.DataFrame]: ...
def tag_dask(
    ddf: dd.DataFrame,
    column: str,
    *,
    tagger: Tagger | None = None,
    lang: str | None = None,
    scores: bool = False,
    hits: bool = False,
    progress: Progress = None,
) -> dd.DataFrame | tuple[dd.DataFrame, dd.DataFrame]:
    """Tag *ddf[column]* partition by partition: the lazy wide frame of `tag_frame`.

    Each partition is tagged by `tag_frame` with the same *tagger* (built
    once, pickled to the workers), through ``map_partitions`` with an explicit
    ``meta``, so nothing is computed until you ask. With ``hits=True``, also
    return the lazy long frame of hits (which tags every partition a second
    time when both frames are computed separately). The long frame's index
    restarts at 0 in each partition: use its ``document`` column. *lang* may
    name a column of *ddf*, as in `tag_frame`.

    *progress* (as in `tag_frame`) is told of each partition tagged, with its
    number of rows, in this process, as the frames are computed: on a
    ``dask.distributed`` cluster, through the client current when `tag_dask`
    is called.

    Raises:
        InvalidTypeError: *ddf* is not a Dask DataFrame.
        NotFoundError: *ddf* has no column *column*.
    """
    from ._dask import tag_partitions

    return tag_partitions(ddf, column, tagger, lang, scores, hits, progress)


@overload
def tag_spark(
    sdf: pyspark.sql.DataFrame,
    column: str,
    *,
    key: str,
    tagger: Tagger | None = ...,
    lang: str | None = ...,
    scores: bool = ...,
    hits: Literal[False] = ...,
) -> pyspark.sql.DataFrame: ...
@overload
def tag_spark(
    sdf: pyspark.sql.DataFrame,
    column: str,
    *,
    key: str,
    tagger: Tagger | None = ...,
    lang: str | None = ...,
    scores: bool = ...,
    hits: Literal[True],
) -> tuple[pyspark.sql.DataFrame, pyspark.sql.DataFrame]: ...
def tag_spark(
    sdf: pyspark.sql.DataFrame,
    column: str,
    *,
    key: str,
    tagger: Tagger | None = None,
    lang: str | None = None,
    scores: bool = False,
    hits: bool = False,
) -> pyspark.sql.DataFrame | tuple[pyspark.sql.DataFrame, pyspark.sql.DataFrame]:
    """Tag *sdf[column]* batch by batch on the executors: the lazy wide frame of `tag_frame`.

    Spark rows have no order nor index: the *key* column identifies them.
    The wide frame has the columns *key* (of *sdf*'s type) and the ten slugs
    (``bigint``, or ``double`` with ``scores=True``); with ``hits=True``, the
    long frame of hits comes too, whose ``document`` column holds the key.
    Each batch is tagged by `tag_frame` through ``mapInPandas``, with *tagger*
    pickled to the executors, which must have unicancer installed.

    Raises:
        InvalidTypeError: *sdf* is not a Spark DataFrame.
        NotFoundError: *sdf* has no column *column* or *key*.
    """
    from ._spark import tag_batches

    return tag_batches(sdf, column, key, tagger, lang, scores, hits)
