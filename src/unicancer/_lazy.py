"""`unicancer.frame.tag_frame` on a Polars LazyFrame: two LazyFrames, tagged when collected."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl

__all__ = ["tag_lazy"]

#: `tag_frame` on an eager Polars frame, with or without progress reports, with or
#: without the long frame's hits.
TagEager = Callable[["pl.DataFrame", bool, bool], "tuple[pl.DataFrame, pl.DataFrame]"]


def tag_lazy(lazy: pl.LazyFrame, tag: TagEager) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """The lazy wide and long frames of *lazy*, each computed by one ``map_batches``.

    *tag* runs on the whole frame (it is not streamable: a row's position
    counts from the frame's first row) when a result is collected.
    """
    import polars as pl

    wide, hits = tag(pl.DataFrame(schema=lazy.collect_schema()), False, True)

    def tag_wide(df: pl.DataFrame) -> pl.DataFrame:
        return tag(df, True, False)[0]  # no hits made: a tag makes them when first read

    def tag_hits(df: pl.DataFrame) -> pl.DataFrame:
        return tag(df, True, True)[1]

    return lazy.map_batches(tag_wide, schema=wide.schema), lazy.map_batches(
        tag_hits, schema=hits.schema
    )
