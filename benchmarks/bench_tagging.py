"""Benchmark: unicancer's tagger against flashtext and pyahocorasick, side by side.

Not a test: it prints figures and ratios measured in one run, on the same
input (the corpus of `corpus.py`) and the same lexicon (the packaged
charter's terms). flashtext and pyahocorasick get the text and the terms
lower-cased, as they are used in practice, and count their matches;
unicancer finds the same terms insensitive to case, accents, apostrophes,
hyphens and Unicode normal form, on whole words, with offsets into the
original text.

    pip install flashtext pyahocorasick
    python benchmarks/bench_tagging.py [--mb 0] [--repeat 3]

--mb limits the input to its first MB megabytes (0: the whole corpus).
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import build_corpus  # noqa: E402

import unicancer  # noqa: E402


def best(function: Callable[[], object], repeat: int) -> tuple[float, object]:
    """The best time of *repeat* calls of *function*, and its result."""
    times = []
    result: object = None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=0, help="use the first MB megabytes only")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measure (best is kept)")
    args = parser.parse_args()

    import ahocorasick
    from flashtext import KeywordProcessor

    path = build_corpus(HERE / ".cache", min_mb=20)
    text = path.read_text(encoding="utf-8")
    if args.mb:
        text = text[: int(args.mb * 1e6)]
    megabytes = len(text.encode("utf-8")) / 1e6
    print(f"corpus: {path} ({megabytes:.1f} MB, {len(text):,} characters)")

    tagger = unicancer.Tagger()
    terms = sorted({term.text.lower() for term in tagger.terms})
    print(f"lexicon: {len(terms)} terms; Python {sys.version.split()[0]}")

    start = time.perf_counter()
    tagger.hits("x")  # builds the fold tables and compiles the matcher
    print(f"unicancer matcher compiled in {time.perf_counter() - start:.2f} s (once per process)")

    processor = KeywordProcessor()
    for term in terms:
        processor.add_keyword(term)
    automaton = ahocorasick.Automaton()
    for term in terms:
        automaton.add_word(term, term)
    automaton.make_automaton()

    def run_unicancer() -> int:
        return len(tagger.hits(text))

    def run_flashtext() -> int:
        return len(processor.extract_keywords(text.lower()))

    def run_ahocorasick() -> int:
        return sum(1 for _ in automaton.iter(text.lower()))

    results = {}
    for name, function in (
        ("unicancer Tagger.hits", run_unicancer),
        ("flashtext (lower-cased)", run_flashtext),
        ("pyahocorasick (lower-cased)", run_ahocorasick),
    ):
        seconds, found = best(function, args.repeat)
        results[name] = seconds
        print(f"  {name:<30} {megabytes / seconds:8.1f} MB/s  {found:>9,} matches")
    ours = results["unicancer Tagger.hits"]
    print(f"unicancer / flashtext speed:     {results['flashtext (lower-cased)'] / ours:.2f}x")
    print(f"unicancer / pyahocorasick speed: {results['pyahocorasick (lower-cased)'] / ours:.2f}x")

    seconds_tag, _ = best(lambda: tagger.tag(text), args.repeat)
    print(f"  unicancer Tagger.tag (whole text) {megabytes / seconds_tag:8.1f} MB/s")

    larger = text * 4
    seconds_4x, _ = best(lambda: tagger.hits(larger), max(1, args.repeat - 1))
    print(f"scaling, time(4x corpus) / time(1x corpus): {seconds_4x / ours:.2f} (4.00 is linear)")

    documents = [d for d in text.split("\n\n") if d.strip()]
    print(f"tag_many on {len(documents):,} documents:")
    timings = {}
    for processes in (1, 2):
        seconds, _ = best(
            lambda p=processes: sum(1 for _ in tagger.tag_many(documents, processes=p)),
            max(1, args.repeat - 1),
        )
        timings[processes] = seconds
        print(f"  processes={processes}: {megabytes / seconds:8.1f} MB/s")
    print(f"  speed-up with processes=2: {timings[1] / timings[2]:.2f}x")


if __name__ == "__main__":
    main()
