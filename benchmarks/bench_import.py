"""Cold start: ``from unicancer import charter; charter.principle(1)`` vs ``import attrs, cattrs``.

Each command runs in a fresh interpreter, alternately, many times, so both see the same
machine noise; the script prints the median and minimum wall times and their ratio. The
target (the speed issue's) is a ratio of at most 1.05: unicancer may add at most 5 % to the
cost of importing its own dependencies. Bytecode is compiled first for both (as ``pip
install`` does), even where ``PYTHONDONTWRITEBYTECODE`` is set.

With ``--instructions``, it also counts the instructions each command executes under
valgrind's callgrind: a figure that machine noise does not move.

    python benchmarks/bench_import.py [--runs 40] [--instructions]
"""

from __future__ import annotations

import argparse
import compileall
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

COMMANDS = {
    "attrs + cattrs": "import attrs, cattrs",
    "unicancer": "from unicancer import charter; charter.principle(1)",
}
TARGET = 1.05
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def time_once(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=ENV)
    return time.perf_counter() - start


def instructions(code: str) -> int:
    result = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            "-c",
            code,
        ],
        capture_output=True,
        text=True,
        check=True,
        env=ENV,
    )
    return int(re.search(r"Collected : (\d+)", result.stderr).group(1))  # type: ignore[union-attr]


def report(name: str, base: float, ours: float) -> None:
    ratio = ours / base
    verdict = "OK" if ratio <= TARGET else "ABOVE TARGET"
    print(f"ratio unicancer / attrs+cattrs ({name}): {ratio:.3f} (target <= {TARGET}) {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=40, help="runs of each command (default 40)")
    parser.add_argument(
        "--instructions", action="store_true", help="also count instructions with callgrind"
    )
    args = parser.parse_args()
    import unicancer

    compileall.compile_dir(Path(unicancer.__file__).parent, quiet=1)
    for code in COMMANDS.values():  # warm the file system caches
        time_once(code)
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(args.runs):
        for name, code in COMMANDS.items():
            times[name].append(time_once(code))
    print(f"python {sys.version.split()[0]}, {args.runs} runs of each, alternating")
    print(f"{'command':<16} {'median ms':>10} {'min ms':>8}")
    for name, values in times.items():
        print(f"{name:<16} {1000 * statistics.median(values):>10.1f} {1000 * min(values):>8.1f}")
    base, ours = (statistics.median(times[name]) for name in COMMANDS)
    report("median wall time", base, ours)
    report("min wall time", *(min(times[name]) for name in COMMANDS))
    if args.instructions:
        if shutil.which("valgrind") is None:
            print("valgrind is not installed: no instruction counts")
            return
        counts = {name: instructions(code) for name, code in COMMANDS.items()}
        for name, count in counts.items():
            print(f"{name:<16} {count / 1e6:>10.1f} M instructions")
        report("instructions", *counts.values())


if __name__ == "__main__":
    main()
