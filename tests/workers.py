"""Functions that process pools run in their workers (importable by name, so picklable),
and ``python -m tests.workers POOL CALL``, which runs one failing call in a *POOL* of a
fresh interpreter and prints, as JSON, the error that reached the caller.

A fresh interpreter, because importing `distributed` (as the Dask tests do) changes how
`multiprocessing` rebuilds exceptions, which would hide an error that cannot be pickled.
"""

from __future__ import annotations

import concurrent.futures
import json
import multiprocessing
import sys
from collections.abc import Callable
from typing import Any

import unicancer

#: Time limit of every wait: an error that cannot cross used to hang the pool forever.
TIMEOUT = 60


def principle_slug(number: int) -> str:
    """The slug of principle *number*: `unicancer.NotFoundError` for 11."""
    return unicancer.charter.principle(number).slug


def load_version(text: str) -> str:
    """The version of the charter in JSON *text*: `unicancer.CharterDataError` if invalid."""
    return unicancer.loads(text).version


def slow_text(item: Any, tags: object) -> str:
    """*item*'s text, a second later: a task that is still running when a test stops it."""
    import time

    time.sleep(1)
    return str(item.text)


#: Name -> (function, argument): each raises the error it is named after.
FAILING_CALLS: dict[str, tuple[Callable[[Any], str], object]] = {
    "NotFoundError": (principle_slug, 11),
    "CharterDataError": (load_version, '{"version": "1.0.0"}'),
}


def _pool(function: Callable[[Any], str], argument: object) -> None:
    with multiprocessing.Pool(2) as pool:
        try:
            pool.map_async(function, [argument, argument]).get(timeout=TIMEOUT)
        finally:  # the pool survives the error: its workers still answer
            assert pool.apply_async(principle_slug, (7,)).get(TIMEOUT) == "patient-partnership"


def _executor(function: Callable[[Any], str], argument: object) -> None:
    with concurrent.futures.ProcessPoolExecutor(max_workers=1) as executor:
        executor.submit(function, argument).result(timeout=TIMEOUT)


POOLS = {"pool": _pool, "executor": _executor}


def main(pool: str, call: str) -> None:
    assert "distributed" not in sys.modules
    try:
        POOLS[pool](*FAILING_CALLS[call])
    except unicancer.UnicancerError as error:
        attributes = {
            name: getattr(error, name)
            for name in ("what", "key", "valid", "problems", "document")
            if hasattr(error, name)
        }
        print(json.dumps({"type": type(error).__name__, "str": str(error), **attributes}))


if __name__ == "__main__":
    main(*sys.argv[1:])
