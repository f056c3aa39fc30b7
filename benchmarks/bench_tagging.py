"""Benchmark: unicancer's tagger against flashtext and pyahocorasick, side by side.

Not a test: it prints figures and ratios measured in one run, on the same
input (the corpus of `corpus.py`) and the same lexicon (the packaged
charter's terms). flashtext and pyahocorasick get the text and the terms
lower-cased, as they are used in practice, and count their matches;
unicancer finds the same terms insensitive to case, accents, apostrophes,
hyphens and Unicode normal form, on whole words, with offsets into the
original text.

    pip install flashtext pyahocorasick
    python benchmarks/bench_tagging.py [--mb 0] [--repeat 5]

--mb limits the input to its first MB megabytes (0: the whole corpus).
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _common import best_of, cpu_seconds, is_word, parallel_capacity  # noqa: E402
from corpus import build_corpus  # noqa: E402

import unicancer  # noqa: E402


def scaling_times(tagger: unicancer.Tagger, text: str, repeat: int) -> dict[str, float]:
    """Best times of `Tagger.tag` on *text*, and of `Tagger.hits` on it and on it 4 times."""
    larger = text * 4
    return best_of(
        {
            "tag": lambda: tagger.tag(text),
            "1x": lambda: tagger.hits(text),
            "4x": lambda: tagger.hits(larger),
        },
        repeat,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=0, help="use the first MB megabytes only")
    parser.add_argument("--repeat", type=int, default=5, help="rounds per measure (best is kept)")
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
        automaton.add_word(term, len(term))
    automaton.make_automaton()

    def run_unicancer() -> int:
        return len(tagger.hits(text))

    def run_flashtext() -> int:
        return len(processor.extract_keywords(text.lower()))

    def run_ahocorasick() -> tuple[int, int]:
        """Every term found as a substring, then as a user needs them: whole words,
        leftmost-longest, not overlapping (as unicancer and flashtext give them)."""
        lower = text.lower()
        substrings = 0
        words = []
        for last, length in automaton.iter(lower):
            substrings += 1
            start, end = last + 1 - length, last + 1
            if (start == 0 or not is_word(lower[start - 1])) and (
                end == len(lower) or not is_word(lower[end])
            ):
                words.append((start, -end))
        words.sort()
        count, reached = 0, 0
        for start, negative_end in words:
            if start >= reached:
                count, reached = count + 1, -negative_end
        return substrings, count

    found_ahocorasick = run_ahocorasick()
    found = {
        "unicancer Tagger.hits": f"{run_unicancer():>9,} matches",
        "flashtext (lower-cased)": f"{run_flashtext():>9,} matches",
        "pyahocorasick (lower-cased)": f"{found_ahocorasick[1]:>9,} matches as whole words "
        f"({found_ahocorasick[0]:,} as substrings)",
    }
    functions = dict(zip(found, (run_unicancer, run_flashtext, run_ahocorasick), strict=True))
    results = best_of(functions, args.repeat)
    for name, seconds in results.items():
        print(f"  {name:<30} {megabytes / seconds:8.1f} MB/s  {found[name]}")
    ours = results["unicancer Tagger.hits"]
    print(f"unicancer / flashtext speed:     {results['flashtext (lower-cased)'] / ours:.2f}x")
    print(f"unicancer / pyahocorasick speed: {results['pyahocorasick (lower-cased)'] / ours:.2f}x")

    scaling = scaling_times(tagger, text, max(1, args.repeat - 2))
    print(f"  unicancer Tagger.tag (whole text) {megabytes / scaling['tag']:8.1f} MB/s")
    print(
        f"scaling, time(4x corpus) / time(1x corpus): {scaling['4x'] / scaling['1x']:.2f} "
        "(4.00 is linear)"
    )

    documents = [d for d in text.split("\n\n") if d.strip()]
    print(f"tag_many on {len(documents):,} documents (processes=1 and 2 taking turns):")
    walls: dict[int, list[float]] = {1: [], 2: []}
    cpus: dict[int, list[float]] = {1: [], 2: []}
    for _ in range(max(1, args.repeat - 2)):
        for processes in (1, 2):
            gc.collect()
            cpu, start = cpu_seconds(), time.perf_counter()
            sum(1 for _ in tagger.tag_many(documents, processes=processes))
            walls[processes].append(time.perf_counter() - start)
            cpus[processes].append(cpu_seconds() - cpu)
    for processes in (1, 2):
        print(
            f"  processes={processes}: {megabytes / min(walls[processes]):8.1f} MB/s, "
            f"CPU time {min(cpus[processes]):.2f} s in all"
        )
    print(f"  speed-up with processes=2: {min(walls[1]) / min(walls[2]):.2f}x")

    # The ceiling of that speed-up here and now (other jobs on the machine lower it).
    capacity = parallel_capacity()
    print(
        f"  the same Python work in 2 processes at once, here and now: "
        f"{capacity:.2f}x faster than in one (2.00 is two free cores)"
    )


if __name__ == "__main__":
    main()
