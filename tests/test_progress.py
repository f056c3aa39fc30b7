"""``progress=``: off by default, a callback, or a tqdm bar, for tag_many, tag_frame, tag_dask."""

from __future__ import annotations

import sys

import dask.dataframe as dd
import pandas as pd
import pytest

import unicancer
from unicancer import InvalidTypeError, InvalidValueError
from unicancer.frame import tag_dask, tag_frame

TEXTS = ["Un comité de patients.", "Preheat the oven.", "Clinical trials.", "Rien."]


@pytest.mark.parametrize("processes", [1, 2])
def test_tag_many_reports_each_text_once(processes: int) -> None:
    done: list[int] = []
    results = unicancer.Tagger().tag_many(TEXTS * 5, processes=processes, progress=done.append)
    assert done == []  # nothing is tagged before the results are asked for
    first = next(results)
    assert sum(done) >= 1
    assert [first, *results] == [unicancer.tag(t) for t in TEXTS * 5]
    assert sum(done) == 20


def test_progress_is_off_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    list(unicancer.Tagger().tag_many(TEXTS))
    tag_frame(pd.DataFrame({"text": TEXTS}), "text")
    assert capsys.readouterr().err == ""


def test_true_shows_a_tqdm_bar_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    list(unicancer.Tagger().tag_many(TEXTS, progress=True))
    err = capsys.readouterr().err
    assert "4/4" in err
    tag_frame(pd.DataFrame({"text": TEXTS[:3]}), "text", progress=True)
    assert "3/3" in capsys.readouterr().err


def test_true_without_tqdm_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "tqdm", None)
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    with pytest.raises(InvalidValueError, match=r"progress=True needs tqdm \(pip install"):
        unicancer.Tagger().tag_many(TEXTS, progress=True)


def test_a_progress_that_is_neither_bool_nor_callable() -> None:
    with pytest.raises(InvalidTypeError, match="progress must be a bool, None or a callable"):
        unicancer.Tagger().tag_many(TEXTS, progress="yes")  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match="not int"):
        tag_frame(pd.DataFrame({"text": TEXTS}), "text", progress=1)  # type: ignore[call-overload]


def test_dask_with_a_local_scheduler_reports_each_partition() -> None:
    done: list[int] = []
    ddf = dd.from_pandas(pd.DataFrame({"text": TEXTS * 3}), npartitions=3)
    lazy = tag_dask(ddf, "text", progress=done.append)
    assert done == []
    lazy.compute(scheduler="sync")
    assert sorted(done) == [4, 4, 4]


def test_dask_with_a_tqdm_bar(capsys: pytest.CaptureFixture[str]) -> None:
    ddf = dd.from_pandas(pd.DataFrame({"text": TEXTS * 2}), npartitions=2)
    tag_dask(ddf, "text", progress=True).compute(scheduler="threads")
    assert "8 texts" in capsys.readouterr().err
