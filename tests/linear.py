"""A check that a call takes time linear in its input, robust to a noisy machine.

Sixteen times the input must take less than 128 times as long, on the best of three runs
in processor time. A quadratic path takes 256 times as long; a linear one takes 16 to 35
times as long (memory caches miss more on larger inputs), and up to 88 times on a loaded
machine, where the larger input's memory, mapped afresh at each run, costs a page fault
per 4 kB that the smaller one, reusing the allocator's pages, does not pay (loading a
model of 80,000 weights: 64x and 88x, on 2026-12-04, in CI and in a local run; a bound of
64 failed there, as a bound of 8 on 4 times the input failed at 8.1 and 9.5 before).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

#: How many times larger the second input is.
GROWTH = 16
#: Above this ratio of times, the cost is not linear (quadratic would be ``GROWTH ** 2``).
BOUND = 128
#: Below this many seconds for the larger input, a ratio of times is noise.
NOISE = 0.02


def best_seconds(run: Callable[[], object]) -> float:
    """The best of three runs in processor time (other processes' work is not counted),
    the cyclic garbage collector off: its passes, which depend on all that the test
    process holds, are not the cost of *run*."""
    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(3):
            start = time.process_time()
            run()
            best = min(best, time.process_time() - start)
    finally:
        gc.enable()
    return best


def assert_linear(run: Callable[[int], object], size: int) -> None:
    """``run(GROWTH * size)`` takes less than `BOUND` times as long as ``run(size)``."""
    run(size)  # warm up: caches, compiled patterns
    small = best_seconds(lambda: run(size))
    large = best_seconds(lambda: run(GROWTH * size))
    assert large < NOISE or large / small < BOUND, (small, large)
