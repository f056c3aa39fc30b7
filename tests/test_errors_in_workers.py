"""Errors raised in a worker process reach the caller intact, through every kind of pool.

Each wait has a time limit: an error that could not be pickled used to hang
`multiprocessing.Pool` forever; here it fails the test instead.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from distributed import Client, LocalCluster

from tests import workers
from tests.paths import ROOT
from unicancer import CharterDataError, NotFoundError, UnicancerError


def _check(found: dict[str, Any]) -> None:
    """*found*: the type name, message and attributes of an error that crossed."""
    if found["type"] == "NotFoundError":
        assert found["what"] == "principle"
        assert found["key"] == 11
        assert found["str"].startswith("no principle 11; expected a number from 1 to 10")
    else:
        assert found["type"] == "CharterDataError"
        assert found["document"] == "charter"
        assert ["title", "required key is missing"] in map(list, found["problems"])
        assert found["str"].startswith("invalid charter data (11 problems)")


@pytest.mark.parametrize("call", sorted(workers.FAILING_CALLS))
@pytest.mark.parametrize("pool", sorted(workers.POOLS))
def test_pool_in_a_fresh_process(pool: str, call: str) -> None:
    """`multiprocessing.Pool` and `concurrent.futures.ProcessPoolExecutor`."""
    done = subprocess.run(
        [sys.executable, "-m", "tests.workers", pool, call],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=2 * workers.TIMEOUT,
        check=True,
    )
    found = json.loads(done.stdout)
    assert found["type"] == call
    _check(found)


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with (
        LocalCluster(
            n_workers=1, processes=True, threads_per_worker=1, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


@pytest.mark.parametrize("call", sorted(workers.FAILING_CALLS))
def test_dask_local_cluster(client: Client, call: str) -> None:
    function, argument = workers.FAILING_CALLS[call]
    future = client.submit(function, argument, pure=False)
    with pytest.raises(UnicancerError) as info:
        future.result(timeout=workers.TIMEOUT)
    error = info.value
    assert type(error).__name__ == call
    assert isinstance(error, (NotFoundError, CharterDataError))
    _check({"type": call, "str": str(error), **vars(error)})
