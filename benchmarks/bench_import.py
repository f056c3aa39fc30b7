"""Cold start: ``from unicancer import charter; charter.principle(1)`` vs ``import attrs, cattrs``.

Each command runs in a fresh interpreter, alternately, many times, so both see the same
machine noise; the script prints the median and minimum wall times and their ratio. The
target is a ratio of at most 1.10: unicancer may add at most 10 % to the cost of
importing its own dependencies.

    python benchmarks/bench_import.py [--runs 40]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

COMMANDS = {
    "attrs + cattrs": "import attrs, cattrs",
    "unicancer": "from unicancer import charter; charter.principle(1)",
}
TARGET = 1.10


def time_once(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=40, help="runs of each command (default 40)")
    runs = parser.parse_args().runs
    for code in COMMANDS.values():  # warm the bytecode caches
        time_once(code)
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(runs):
        for name, code in COMMANDS.items():
            times[name].append(time_once(code))
    print(f"{'command':<16} {'median ms':>10} {'min ms':>8}")
    for name, values in times.items():
        print(f"{name:<16} {1000 * statistics.median(values):>10.1f} {1000 * min(values):>8.1f}")
    base, ours = (statistics.median(times[name]) for name in COMMANDS)
    ratio = ours / base
    best = min(times["unicancer"]) / min(times["attrs + cattrs"])
    print(
        f"ratio unicancer / attrs+cattrs: median {ratio:.3f}, min {best:.3f} (target <= {TARGET})"
    )
    print("OK" if ratio <= TARGET else "ABOVE TARGET")


if __name__ == "__main__":
    main()
