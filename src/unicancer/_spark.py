"""`unicancer.frame.tag_spark`: `tag_frame` on every batch of a Spark DataFrame."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ._errors import InvalidTypeError, NotFoundError
from ._evaluate import charter_of, default_tagger
from ._frames import HIT_COLUMNS, lang_column, tag_native

if TYPE_CHECKING:
    import pandas as pd
    import pyspark.sql
    from pyspark.sql.types import DataType, StructType

    from ._tagging import Tagger

__all__ = ["tag_batches"]


def tag_batches(
    sdf: pyspark.sql.DataFrame,
    column: str,
    key: str,
    tagger: Tagger | None,
    lang: str | None,
    scores: bool,
    hits: bool,
) -> pyspark.sql.DataFrame | tuple[pyspark.sql.DataFrame, pyspark.sql.DataFrame]:
    """The lazy frames of `unicancer.frame.tag_spark`."""
    import pyspark.sql

    if not isinstance(sdf, pyspark.sql.DataFrame):
        raise InvalidTypeError(f"expected a Spark DataFrame, found {type(sdf).__name__}")
    tagger = default_tagger(tagger)
    for name in (column, key):
        if name not in sdf.columns:
            raise NotFoundError("column", name, f"one of {sdf.columns!r}")
    _, by_row = lang_column(lang, sdf.columns)
    selected = sdf.select(key, column, *([] if by_row is None else [by_row]))
    key_type = sdf.schema[key].dataType
    frames = [
        selected.mapInPandas(
            functools.partial(_tag_batches, which, column, key, tagger, lang, scores),
            schema(which, key, key_type, tagger, scores),
        )
        for which in ((0, 1) if hits else (0,))
    ]
    return (frames[0], frames[1]) if hits else frames[0]


def schema(which: int, key: str, key_type: DataType, tagger: Tagger, scores: bool) -> StructType:
    """The schema of the wide frame (*which* 0) or of the long frame of hits (1)."""
    from pyspark.sql.types import DoubleType, LongType, StringType, StructField, StructType

    if which == 0:
        number = DoubleType() if scores else LongType()
        slugs = [p.slug for p in charter_of(tagger)]
        return StructType([StructField(key, key_type), *(StructField(s, number) for s in slugs)])
    types = {"document": key_type, "weight": DoubleType(), "principle": LongType()}
    types |= {"start": LongType(), "end": LongType()}
    return StructType([StructField(name, types.get(name, StringType())) for name in HIT_COLUMNS])


def _tag_batches(
    which: int,
    column: str,
    key: str,
    tagger: Tagger,
    lang: str | None,
    scores: bool,
    batches: Iterator[pd.DataFrame],
) -> Iterator[pd.DataFrame]:
    for batch in batches:
        # The wide frame's batches make no hits (a tag makes them when first read).
        frames = tag_native(batch.set_index(key), column, tagger, lang, scores, None, which == 1)
        frame: pd.DataFrame = frames[which]  # type: ignore[assignment]
        yield frame.reset_index() if which == 0 else frame
