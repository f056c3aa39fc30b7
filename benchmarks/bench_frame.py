"""Throughput of tag_frame and tag_dask against a plain loop over Tagger.tag, in one run.

Run with ``python benchmarks/bench_frame.py [copies]``: the gold set's 245 passages, repeated
*copies* times (default 40), tagged by one warmed-up tagger. Prints documents per second and
each way's time relative to the plain loop (1.00 = no overhead).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

import dask
import dask.dataframe as dd
import pandas as pd

from unicancer import Tagger
from unicancer.frame import tag_dask, tag_frame

GOLD = Path(__file__).resolve().parent.parent / "tests" / "data" / "gold.jsonl"


def best_of(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    copies = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    lines = GOLD.read_text(encoding="utf-8").splitlines()
    texts = [json.loads(line)["text"] for line in lines] * copies
    df = pd.DataFrame({"text": texts})
    tagger = Tagger()
    tagger.tag("warm up: compile the lexicon")
    with dask.config.set({"dataframe.convert-string": False}):
        ddf = dd.from_pandas(df, npartitions=4)
    ways: dict[str, Callable[[], object]] = {
        "loop over Tagger.tag": lambda: [tagger.tag(t) for t in texts],
        "tag_frame": lambda: tag_frame(df, "text", tagger=tagger),
        "tag_dask (sync)": lambda: tag_dask(ddf, "text", tagger=tagger).compute(scheduler="sync"),
    }
    base = None
    print(f"{len(texts)} documents")
    for name, work in ways.items():
        seconds = best_of(3, work)
        base = base or seconds
        print(f"{name:<22} {len(texts) / seconds:>10,.0f} docs/s   x{seconds / base:.2f}")


if __name__ == "__main__":
    main()
