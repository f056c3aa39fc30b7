"""`unicancer.frame.tag_dask` on a real local cluster: the same frames as pandas."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import dask
import dask.dataframe as dd
import pandas as pd
import pytest
from distributed import Client, LocalCluster

import unicancer
from tests.paths import DATA
from unicancer import Hit, InvalidTypeError, NotFoundError, Tag
from unicancer._records import TextHits
from unicancer.frame import tag_dask, tag_frame


@pytest.fixture(scope="module", autouse=True)
def keep_dtypes() -> Iterator[None]:
    """Keep the input's dtypes: by default Dask converts object and ``str`` columns and
    indexes to ``string[pyarrow]`` (even ``3`` to ``"3"``), so the frames it holds differ
    from the pandas ones before unicancer sees them."""
    with dask.config.set({"dataframe.convert-string": False}):
        yield


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with (
        LocalCluster(
            n_workers=2,
            processes=True,
            threads_per_worker=1,
            dashboard_address="127.0.0.1:0",  # any free port: other suites may run beside
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    """The gold passages, with a missing value, under a shuffled string index."""
    lines = (DATA / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    texts: list[str | None] = [json.loads(line)["text"] for line in lines[::5]]
    texts.append(None)
    index = [f"doc-{(i * 37) % 1000:03d}" for i in range(len(texts))]
    # pandas-stubs types the constructor's result as Any: name its type.
    frame: pd.DataFrame = pd.DataFrame({"text": texts, "n": range(len(texts))}, index=index)
    return frame


def test_the_wide_frame_is_the_pandas_one(client: Client, frame: pd.DataFrame) -> None:
    ddf = dd.from_pandas(frame, npartitions=4)
    tagger = unicancer.Tagger()
    lazy = tag_dask(ddf, "text", tagger=tagger)
    assert isinstance(lazy, dd.DataFrame)
    computed = lazy.compute()
    expected, _ = tag_frame(frame, "text", tagger=tagger)
    assert computed.to_numpy().sum() > 10  # the data is tagged, not trivially empty
    pd.testing.assert_frame_equal(computed.loc[expected.index], expected)
    pd.testing.assert_frame_equal(computed.sort_index(), expected.sort_index())


def test_scores_and_hits(client: Client, frame: pd.DataFrame) -> None:
    ddf = dd.from_pandas(frame, npartitions=3)
    wide, hits = tag_dask(ddf, "text", scores=True, hits=True, lang="en")
    expected_wide, expected_hits = tag_frame(frame, "text", scores=True, lang="en")
    pd.testing.assert_frame_equal(wide.compute().sort_index(), expected_wide.sort_index())
    got = hits.compute().sort_values(["document", "start", "principle"]).reset_index(drop=True)
    want = expected_hits.sort_values(["document", "start", "principle"]).reset_index(drop=True)
    assert len(want) > 5
    pd.testing.assert_frame_equal(got, want)


def test_nothing_is_computed_before_asked(frame: pd.DataFrame) -> None:
    bad = frame.astype({"text": object})
    bad.iloc[0, 0] = 3
    lazy = tag_dask(dd.from_pandas(bad, npartitions=2), "text")
    with pytest.raises(InvalidTypeError, match="row 'doc-000' of column 'text'"):
        lazy.compute(scheduler="sync")


def test_errors_before_computing(frame: pd.DataFrame) -> None:
    with pytest.raises(NotFoundError, match="no column 'body'"):
        tag_dask(dd.from_pandas(frame, npartitions=2), "body")
    with pytest.raises(InvalidTypeError, match="expected a Dask DataFrame, found DataFrame"):
        tag_dask(frame, "text")  # type: ignore[call-overload]


def test_with_dasks_string_conversion(client: Client, frame: pd.DataFrame) -> None:
    """Dask's default ``string[pyarrow]`` columns and index are tagged just the same."""
    with dask.config.set({"dataframe.convert-string": True}):
        ddf = dd.from_pandas(frame, npartitions=3)
        wide, hits = tag_dask(ddf, "text", hits=True)
        held = ddf.compute()
        expected_wide, expected_hits = tag_frame(held, "text")
        pd.testing.assert_frame_equal(wide.compute().sort_index(), expected_wide.sort_index())
        got = hits.compute().sort_values(["document", "start", "principle"])
        want = expected_hits.sort_values(["document", "start", "principle"])
        pd.testing.assert_frame_equal(got.reset_index(drop=True), want.reset_index(drop=True))


def test_tag_frame_points_to_tag_dask(frame: pd.DataFrame) -> None:
    with pytest.raises(InvalidTypeError, match="found a dask DataFrame: use tag_dask"):
        tag_frame(dd.from_pandas(frame, npartitions=1), "text")


def test_a_column_of_languages_and_progress(client: Client, frame: pd.DataFrame) -> None:
    """Progress reaches this process from the workers; each row is tagged in its language."""
    frame = frame.assign(lang=["en" if i % 3 else "fr" for i in range(len(frame))])
    done: list[int] = []
    wide, hits = tag_dask(
        dd.from_pandas(frame, npartitions=3), "text", lang="lang", hits=True, progress=done.append
    )
    computed_wide, computed_hits = wide.compute(), hits.compute()
    expected_wide, expected_hits = tag_frame(frame, "text", lang="lang")
    pd.testing.assert_frame_equal(computed_wide.sort_index(), expected_wide.sort_index())
    order = ["document", "start", "principle"]
    got = computed_hits.sort_values(order).reset_index(drop=True)
    pd.testing.assert_frame_equal(got, expected_hits.sort_values(order).reset_index(drop=True))
    deadline = time.monotonic() + 30
    while sum(done) < 2 * len(frame) and time.monotonic() < deadline:
        time.sleep(0.05)  # the events come through the scheduler, after the results
    assert sum(done) == 2 * len(frame)  # every row, for each of the two frames
    assert len(done) == 6  # one report per partition and frame


def test_wide_frames_of_dask_and_lazy_polars_make_no_hits(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The wide frame needs scores only: its partitions (Dask) and batches (a Polars
    LazyFrame) make no hits, and the long frame still has them all."""
    import polars as pl

    calls: list[int] = []
    make = TextHits.__call__  # where a tag's hits are made, in C or in Python

    def counting(self: TextHits, tag: Tag) -> tuple[Hit, ...]:
        calls.append(1)
        return make(self, tag)

    monkeypatch.setattr(TextHits, "__call__", counting)
    lines = (DATA / "test.jsonl").read_text(encoding="utf-8").splitlines()
    texts = [json.loads(line)["text"] for line in lines[:30]]
    expected_wide, expected_long = tag_frame(pd.DataFrame({"text": texts}), "text")
    assert len(expected_long) > 0
    calls.clear()
    ddf = dd.from_pandas(pd.DataFrame({"text": texts}), npartitions=3)
    with dask.config.set(scheduler="sync"):
        wide = tag_dask(ddf, "text").compute()
        assert calls == []
        _, long = tag_dask(ddf, "text", hits=True)
        assert len(long.compute()) == len(expected_long)
    assert wide.reset_index(drop=True).equals(expected_wide.reset_index(drop=True))
    calls.clear()
    lazy_wide, lazy_long = tag_frame(pl.LazyFrame({"text": texts}), "text")
    assert lazy_wide.collect().to_pandas().equals(expected_wide.reset_index(drop=True))
    assert calls == []
    assert len(lazy_long.collect()) == len(expected_long)
    assert calls
