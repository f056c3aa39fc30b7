"""`unicancer.frame.tag_dask`: `tag_frame` on every partition, with progress reports."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

from ._errors import InvalidTypeError, NotFoundError
from ._evaluate import default_tagger
from ._frames import lang_column, tag_native
from ._progress import Progress, reporter

if TYPE_CHECKING:
    import dask.dataframe as dd
    import pandas as pd

    from ._tagging import Tagger

__all__ = ["tag_partitions"]

Report = Callable[[int], object]


def tag_partitions(
    ddf: dd.DataFrame,
    column: str,
    tagger: Tagger | None,
    lang: str | None,
    scores: bool,
    hits: bool,
    progress: Progress,
) -> dd.DataFrame | tuple[dd.DataFrame, dd.DataFrame]:
    """The lazy frames of `unicancer.frame.tag_dask`."""
    import dask.dataframe as dd

    if not isinstance(ddf, dd.DataFrame):
        raise InvalidTypeError(f"expected a Dask DataFrame, found {type(ddf).__name__}")
    tagger = default_tagger(tagger)
    if column not in ddf.columns:
        raise NotFoundError("column", column, f"one of {list(ddf.columns)!r}")
    _, by_row = lang_column(lang, list(ddf.columns))
    selected = ddf[[column] if by_row is None else [column, by_row]]
    empty = selected._meta
    wide_meta, hits_meta = tag_native(empty, column, tagger, lang, scores, None)
    report = _partition_reporter(reporter(progress, None))
    wide: dd.DataFrame = selected.map_partitions(
        _tag_partition, 0, column, tagger, lang, scores, report, meta=wide_meta
    )
    if not hits:
        return wide
    long: dd.DataFrame = selected.map_partitions(
        _tag_partition, 1, column, tagger, lang, scores, report, meta=hits_meta,
        align_dataframes=False,
    )  # fmt: skip
    return wide, long


def _partition_reporter(report: Report | None) -> Report | None:
    """What the partitions call: *report* itself, or, when a ``dask.distributed``
    client is current, an event forwarded by the scheduler to *report* in this process."""
    if report is None:
        return None
    topic = f"unicancer-progress-{uuid.uuid4().hex}"
    try:
        from distributed import default_client
    except ImportError:
        return _Local(topic, report)
    try:
        client = default_client()  # type: ignore[no-untyped-call]
    except ValueError:  # no client: a local scheduler, in this process
        return _Local(topic, report)
    client.subscribe_topic(topic, lambda event: report(event[1]))
    return _Event(topic)


class _Local:
    """*report*, called in this process, with a token for Dask's graph (a tqdm bar has none)."""

    def __init__(self, topic: str, report: Report) -> None:
        self.topic = topic
        self.report = report

    def __call__(self, done: int) -> None:
        self.report(done)

    def __dask_tokenize__(self) -> str:
        return self.topic


class _Event:
    """A progress report sent from a worker as a ``dask.distributed`` event."""

    def __init__(self, topic: str) -> None:
        self.topic = topic

    def __dask_tokenize__(self) -> str:
        return self.topic

    def __call__(self, done: int) -> None:
        from distributed import get_client, get_worker

        try:
            get_worker().log_event(self.topic, done)
        except ValueError:  # computed outside the workers (scheduler="sync")
            get_client().log_event(self.topic, done)


def _tag_partition(
    part: pd.DataFrame,
    which: int,
    column: str,
    tagger: Tagger,
    lang: str | None,
    scores: bool,
    report: Report | None,
) -> object:
    # The wide frame's partitions make no hits (a tag makes them when first read).
    frames = tag_native(part, column, tagger, lang, scores, None, hits=which == 1)
    if report is not None and len(part):
        report(len(part))
    return frames[which]
