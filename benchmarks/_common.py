"""Helpers shared by the benchmark scripts: timing in turns, CPU time, parallel capacity."""

from __future__ import annotations

import gc
import multiprocessing
import os
import time
from collections.abc import Callable


def best_of(functions: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """The best time of each function over *repeat* rounds, the functions taking turns.

    Taking turns, all see the same noise from other jobs on the machine.
    """
    times: dict[str, list[float]] = {name: [] for name in functions}
    for _ in range(repeat):
        for name, function in functions.items():
            gc.collect()
            start = time.perf_counter()
            function()
            times[name].append(time.perf_counter() - start)
    return {name: min(values) for name, values in times.items()}


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def spin(n: int) -> int:
    """Pure Python work, to measure how much two processes can run at once."""
    total = 0
    for i in range(n):
        total += i & 7
    return total


def parallel_capacity(n: int = 3_000_000) -> float:
    """How much faster the same pure Python work runs in two processes at once than in one.

    2.00 when two cores are free here and now, less when other jobs use them:
    the ceiling of any speed-up from two worker processes.
    """
    with multiprocessing.get_context().Pool(2) as pool:
        pool.map(spin, [1000, 1000])  # started
        capacity = best_of(
            {
                "one": lambda: pool.map(spin, [n, n], chunksize=2),
                "two": lambda: pool.map(spin, [n, n], chunksize=1),
            },
            3,
        )
    return capacity["one"] / capacity["two"]


def is_word(char: str) -> bool:
    """Whether *char* is part of a word (a match next to it is not a whole word)."""
    return char.isalnum() or char == "_"
