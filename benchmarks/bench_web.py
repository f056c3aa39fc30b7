"""Benchmark: unicancer on web-like text against three automata, side by side, in one run.

Not a test: it prints figures, ratios and the targets of issue 8 (met / not met),
measured in one run on the same input (the corpus of `web_corpus.py`: French and
English documents of 200 to 5,000 characters with web typography, half about
cancer care) and the same terms for all: the learned model's features in the
matcher, i.e. the tagger's lexicon terms lower-cased and the model's learned
phrases (folded: ``Tagger()._model.phrases``, a private attribute, read here
because no public API gives them). The three shapes users have: `Tagger.tag`
one document at a time; a batch (`Tagger.tag_many`, `unicancer.frame.tag_frame`);
one large string (`Tagger.tag`, `Tagger.hits`). Then scaling (the corpus 4 times
over), first-call latency, processes=1 against 2, and with ``--memory`` the
peak memory of ``unicancer tag FILE --by paragraph`` on 250 MB and 1 GB.

The peers get the text lower-cased, and lower-casing is part of their time, as
is keeping the whole words of the two automata's leftmost-longest matches
(both counts are printed). Dependencies, for benchmarks only (or the ``bench``
extra)::

    pip install flashtext pyahocorasick ahocorasick_rs pandas
    python benchmarks/bench_web.py [--mb 20] [--repeat 3] [--quick] [--memory | --memory-only]
"""

from __future__ import annotations

import argparse
import compileall
import gc
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
sys.path.insert(0, str(HERE))

from _common import best_of, cpu_seconds, is_word, parallel_capacity  # noqa: E402
from web_corpus import build_web_corpus  # noqa: E402

import unicancer  # noqa: E402

TYPOGRAPHY = "’«»\u00a0\u202f–—…œ“"
# A fresh process: import, a first tag() of a short text, a second one of another.
LATENCY = """
import json, time
start = time.perf_counter()
import unicancer
imported = time.perf_counter()
unicancer.tag("Le centre accueille chaque patient sans dépassement d’honoraires.")
first = time.perf_counter()
unicancer.tag("Patients sit on the committee that reviews our information leaflets.")
second = time.perf_counter()
print(json.dumps([imported - start, first - imported, second - first]))
"""
# The same with 100 kB of the corpus (argv[1]): dense text reaches every part of matching.
LATENCY_DENSE = """
import json, sys, time
import unicancer
text = open(sys.argv[1], encoding="utf-8").read(200_000)
start = time.perf_counter()
unicancer.tag(text[:100_000])
first = time.perf_counter()
unicancer.tag(text[100_000:])
second = time.perf_counter()
print(json.dumps([first - start, second - first]))
"""


def target(label: str, met: bool | None, detail: str = "") -> None:
    verdict = "not measurable here" if met is None else ("met" if met else "NOT MET")
    print(f"  target {label}: {verdict}{f' ({detail})' if detail else ''}")


class Peers:
    """flashtext, pyahocorasick and ahocorasick_rs, with the same terms, lower-casing the text."""

    def __init__(self, terms: Sequence[str], lexicon: set[str]) -> None:
        self.lexical = [term in lexicon for term in terms]
        import ahocorasick  # type: ignore[import-not-found]
        import ahocorasick_rs
        from flashtext import KeywordProcessor  # type: ignore[import-untyped]

        self.flashtext = KeywordProcessor()
        for term in terms:
            self.flashtext.add_keyword(term)
        self.pyahocorasick = ahocorasick.Automaton()
        for term in terms:
            self.pyahocorasick.add_word(term, len(term))
        self.pyahocorasick.make_automaton()
        self.rust = ahocorasick_rs.AhoCorasick(
            terms, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest
        )

    def run_flashtext(self, texts: Sequence[str]) -> int:
        extract = self.flashtext.extract_keywords
        return sum(len(extract(text.lower())) for text in texts)

    def run_pyahocorasick(self, texts: Sequence[str]) -> tuple[int, int]:
        """Substrings found (leftmost-longest, not overlapping) and those that are whole words."""
        substrings = words = 0
        for text in texts:
            lower = text.lower()
            size = len(lower)
            for last, length in self.pyahocorasick.iter_long(lower):
                substrings += 1
                start, end = last + 1 - length, last + 1
                if (start == 0 or not is_word(lower[start - 1])) and (
                    end == size or not is_word(lower[end])
                ):
                    words += 1
        return substrings, words

    def run_rust(self, texts: Sequence[str]) -> tuple[int, int]:
        substrings = words = 0
        find = self.rust.find_matches_as_indexes
        for text in texts:
            lower = text.lower()
            size = len(lower)
            for _, start, end in find(lower):
                substrings += 1
                if (start == 0 or not is_word(lower[start - 1])) and (
                    end == size or not is_word(lower[end])
                ):
                    words += 1
        return substrings, words

    def functions(self, texts: Sequence[str]) -> dict[str, Callable[[], object]]:
        return {
            "pyahocorasick": lambda: self.run_pyahocorasick(texts),
            "ahocorasick_rs": lambda: self.run_rust(texts),
            "flashtext": lambda: self.run_flashtext(texts),
        }

    def lexicon_words(self, texts: Sequence[str]) -> int:
        """The whole words ahocorasick_rs finds that are lexicon terms, not learned phrases."""
        words = 0
        for text in texts:
            lower = text.lower()
            size = len(lower)
            for index, start, end in self.rust.find_matches_as_indexes(lower):
                if (
                    self.lexical[index]
                    and (start == 0 or not is_word(lower[start - 1]))
                    and (end == size or not is_word(lower[end]))
                ):
                    words += 1
        return words

    def counts(self, texts: Sequence[str]) -> dict[str, str]:
        found = {"pyahocorasick": self.run_pyahocorasick(texts), "rust": self.run_rust(texts)}
        print(
            f"  ahocorasick_rs's whole words that are lexicon terms: {self.lexicon_words(texts):,}"
        )
        return {
            "flashtext": f"{self.run_flashtext(texts):,} matches",
            **{
                name: f"{found[key][1]:,} matches as whole words ({found[key][0]:,} substrings)"
                for name, key in (("pyahocorasick", "pyahocorasick"), ("ahocorasick_rs", "rust"))
            },
        }


def report(results: dict[str, float], megabytes: float, found: dict[str, str]) -> None:
    for name, seconds in results.items():
        print(f"  {name:<32} {megabytes / seconds:8.2f} MB/s  {found.get(name, '')}")
    for ours in (name for name in results if name.startswith("unicancer")):
        ratios = ", ".join(
            f"{results[peer] / results[ours]:.2f}x {peer}"
            for peer in results
            if not peer.startswith("unicancer")
        )
        print(f"  {ours}: {ratios}")


def per_document(
    tagger: unicancer.Tagger, peers: Peers, documents: list[str], mb: float, repeat: int
) -> None:
    print(f"\n1. One document at a time: {len(documents):,} documents")
    hits = sum(len(tagger.hits(d)) for d in documents)
    tag_hits = sum(len(t.hits) for d in documents for t in tagger.tag(d))
    found = {
        "unicancer Tagger.tag": f"{sum(len(tagger.tag(d)) for d in documents):,} tags",
        # A tag's hits are made when first read: this line reads them all.
        "unicancer tag, hits read": f"{tag_hits:,} hits in the tags",
        "unicancer Tagger.hits": f"{hits:,} lexicon hits ({hits / mb:,.0f} per MB)",
        **peers.counts(documents),
    }
    functions: dict[str, Callable[[], object]] = {
        "unicancer Tagger.tag": lambda: [tagger.tag(d) for d in documents],
        "unicancer tag, hits read": lambda: [[t.hits for t in tagger.tag(d)] for d in documents],
        "unicancer Tagger.hits": lambda: [tagger.hits(d) for d in documents],
        **peers.functions(documents),
    }
    results = best_of(functions, repeat)
    report(results, mb, found)
    for ours in ("unicancer Tagger.tag", "unicancer tag, hits read"):
        for peer, floor in (("pyahocorasick", 1.0), ("flashtext", 5.0)):
            ratio = results[peer] / results[ours]
            target(f"{ours[10:]} >= {floor:g}x {peer}", ratio >= floor, f"{ratio:.2f}x")


def batch(
    tagger: unicancer.Tagger, peers: Peers, documents: list[str], mb: float, repeat: int
) -> None:
    import pandas as pd

    from unicancer.frame import tag_frame

    print(f"\n2. A batch of the same {len(documents):,} documents")
    frame = pd.DataFrame({"text": documents})
    functions: dict[str, Callable[[], object]] = {
        "unicancer tag_many": lambda: sum(1 for _ in tagger.tag_many(documents)),
        "unicancer tag_frame": lambda: tag_frame(frame, "text", tagger=tagger),
        "unicancer tag_frame, no hits": lambda: tag_frame(frame, "text", tagger=tagger, hits=False),
        "pyahocorasick": lambda: peers.run_pyahocorasick(documents),
    }
    results = best_of(functions, repeat)
    report(results, mb, {})
    for ours in ("unicancer tag_many", "unicancer tag_frame", "unicancer tag_frame, no hits"):
        ratio = results["pyahocorasick"] / results[ours]
        target(f"batch ({ours[10:]}) >= 2x pyahocorasick", ratio >= 2, f"{ratio:.2f}x")


def large_string(tagger: unicancer.Tagger, peers: Peers, text: str, mb: float, repeat: int) -> None:
    print(f"\n3. One large string: the documents joined ({mb:.1f} MB)")
    found = {
        "unicancer Tagger.tag": f"{len(tagger.tag(text))} tags",
        "unicancer Tagger.hits": f"{len(tagger.hits(text)):,} lexicon hits",
        **peers.counts([text]),
    }
    functions: dict[str, Callable[[], object]] = {
        "unicancer Tagger.tag": lambda: tagger.tag(text),
        "unicancer Tagger.hits": lambda: tagger.hits(text),
        **peers.functions([text]),
    }
    results = best_of(functions, repeat)
    report(results, mb, found)
    for ours in ("unicancer Tagger.tag", "unicancer Tagger.hits"):
        ratio = results["pyahocorasick"] / results[ours]
        target(f"{ours[10:]} on one string >= 2x pyahocorasick", ratio >= 2, f"{ratio:.2f}x")

    print("\n4. Scaling: the large string, and it 4 times over")
    larger = text * 4
    scaling = best_of(
        {
            "hits 1x": lambda: tagger.hits(text),
            "hits 4x": lambda: tagger.hits(larger),
            "tag 1x": lambda: tagger.tag(text),
            "tag 4x": lambda: tagger.tag(larger),
        },
        max(1, repeat - 2),
    )
    for name in ("hits", "tag"):
        ratio = scaling[f"{name} 4x"] / scaling[f"{name} 1x"]
        print(f"  {name}: {scaling[f'{name} 1x']:.2f} s, 4x: {scaling[f'{name} 4x']:.2f} s")
        target(f"time(4x) <= 4.2 time(1x), {name}", ratio <= 4.2, f"{ratio:.2f}")


def latency(tagger: unicancer.Tagger, shorts: list[str], path: Path, repeat: int) -> None:
    print("\n5. Latency (fresh processes, best of each)")
    runs = []
    for _ in range(max(3, repeat)):
        out = subprocess.run(
            [sys.executable, "-c", LATENCY], capture_output=True, text=True, check=True
        )
        runs.append(json.loads(out.stdout))
    imported, first, second = (min(run[i] for run in runs) for i in range(3))
    print(f"  import unicancer {imported:.3f} s, first tag() {first:.3f} s, second {second:.4f} s")
    target("first tag() <= 0.1 s more than a later one", first - second <= 0.1)
    dense = []
    for _ in range(max(3, repeat)):
        command = [sys.executable, "-c", LATENCY_DENSE, str(path)]
        out = subprocess.run(command, capture_output=True, text=True, check=True)
        dense.append(json.loads(out.stdout))
    first, second = (min(run[i] for run in dense) for i in range(2))
    print(f"  100 kB of the corpus: first tag() {first:.3f} s, second {second:.3f} s")
    target("first tag() of 100 kB <= 0.1 s more than a later one", first - second <= 0.1)
    seconds = best_of({"tag": lambda: [tagger.tag(s) for s in shorts]}, repeat)["tag"]
    size = sum(len(s) for s in shorts) / len(shorts)
    print(f"  steady state: {1e6 * seconds / len(shorts):.0f} µs per short text ", end="")
    print(f"({len(shorts):,} texts of {size:.0f} characters on average)")


def processes(
    tagger: unicancer.Tagger, documents: list[str], path: Path, mb: float, repeat: int
) -> None:
    print("\n6. processes=1 against processes=2 (taking turns)")
    walls: dict[str, list[float]] = {}
    cpus: dict[str, list[float]] = {}

    def timed(name: str, n: int) -> None:
        gc.collect()
        cpu, start = cpu_seconds(), time.perf_counter()
        if name == "CLI":
            command = ["unicancer", "tag", str(path), "--by", "paragraph", "--processes", str(n)]
            subprocess.run([sys.executable, "-m", *command], stdout=subprocess.DEVNULL, check=True)
        else:
            sum(1 for _ in tagger.tag_many(documents, processes=n))
        walls.setdefault(f"{name} {n}", []).append(time.perf_counter() - start)
        cpus.setdefault(f"{name} {n}", []).append(cpu_seconds() - cpu)

    for _ in range(max(1, repeat - 2)):
        for name in ("tag_many", "CLI"):
            for n in (1, 2):
                timed(name, n)
    capacity = parallel_capacity()
    print(f"  the machine's capacity here and now: {capacity:.2f}x (2.00 is two free cores)")
    for way in ("tag_many", "CLI"):
        for n in (1, 2):
            seconds = min(walls[f"{way} {n}"])
            cpu = min(cpus[f"{way} {n}"])
            print(f"  {way} processes={n}: {mb / seconds:6.2f} MB/s, CPU {cpu:.1f} s in all")
        speedup = min(walls[f"{way} 1"]) / min(walls[f"{way} 2"])
        free = capacity >= 1.8
        target(f"{way} processes=2 >= 1.6x", speedup >= 1.6 if free else None, f"{speedup:.2f}x")
        target(f"{way} processes=2 not >5% slower", speedup >= 1 / 1.05, f"{speedup:.2f}x")


def _big_file(corpus: Path, size: int) -> Path:
    """*corpus* repeated to at least *size* bytes, in the cache (reused when there)."""
    text = corpus.read_bytes()
    copies = -(-size // len(text))
    path = CACHE / f"{corpus.stem}-x{copies}.txt"
    if not path.exists() or path.stat().st_size != copies * len(text):
        with open(path.with_suffix(".tmp"), "wb") as out:
            for _ in range(copies):
                out.write(text)
        os.replace(path.with_suffix(".tmp"), path)
    return path


def memory(path: Path, sizes: list[int]) -> None:
    print("\n7. Peak memory of `unicancer tag FILE --by paragraph` (max RSS of the process)")
    peaks = {}
    for size in (0, *sizes):
        label = f"{size:,} MB" if size else "corpus"
        file = _big_file(path, size * 1_000_000) if size else path
        command = [sys.executable, "-m", "unicancer", "tag", str(file), "--by", "paragraph"]
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - start
        peaks[label] = usage.ru_maxrss / 1024  # kB on Linux
        megabytes = file.stat().st_size / 1e6
        print(f"  {label:>9} ({megabytes:,.0f} MB): {peaks[label]:6.0f} MB max RSS, ", end="")
        print(f"{seconds:.0f} s ({megabytes / seconds:.2f} MB/s)")
    small, large = (f"{size:,} MB" for size in (sizes[0], sizes[-1]))
    ratio = peaks[large] / peaks[small]
    target(f"flat memory: RSS({large}) <= 1.1 RSS({small})", ratio <= 1.1, f"{ratio:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=20, help="corpus size in MB (default 20)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds per measure (best kept)")
    parser.add_argument("--quick", action="store_true", help="a 2 MB corpus, 1 round: a smoke run")
    parser.add_argument("--memory", action="store_true", help="peak memory on 250 MB and 1 GB")
    parser.add_argument(
        "--memory-mb",
        default="250,1000",
        help="the file sizes of --memory, in MB, comma-separated (default 250,1000)",
    )
    parser.add_argument("--memory-only", action="store_true", help="measure --memory only")
    args = parser.parse_args()
    mb, repeat = (2.0, 1) if args.quick else (args.mb, args.repeat)

    start = time.perf_counter()
    path, sha256 = build_web_corpus(CACHE, mb)
    text = path.read_text(encoding="utf-8")
    documents = text.rstrip("\n").split("\n\n")
    megabytes = len(text.encode("utf-8")) / 1e6
    print(f"corpus: {path} ({megabytes:.1f} MB, {len(documents):,} documents), sha256 {sha256}")
    typography = ", ".join(f"{c!r} {text.count(c) / megabytes:,.0f}" for c in TYPOGRAPHY)
    print(f"  typography per MB: {typography}")
    print(f"Python {sys.version.split()[0]}, unicancer data {unicancer.charter.version}")
    # The package's bytecode, as `pip install` compiles it, for the fresh processes of the
    # latency and the CLI (even where PYTHONDONTWRITEBYTECODE is set, as on this machine).
    compileall.compile_dir(Path(unicancer.__file__).parent, quiet=1)
    if not args.memory_only:
        timings(documents, path, megabytes, repeat)
    if args.memory or args.memory_only:
        memory(path, [int(size) for size in args.memory_mb.split(",")])
    print(f"\ntotal time {time.perf_counter() - start:.0f} s")


def timings(documents: list[str], path: Path, megabytes: float, repeat: int) -> None:
    """Every measure but the memory's."""
    tagger = unicancer.Tagger()
    lexicon = {term.text.lower() for term in tagger.terms}
    phrases: frozenset[str] = tagger._model.phrases  # private: no public API gives them
    terms = sorted(lexicon | phrases)
    print(f"terms: {len(lexicon):,} lexicon terms + {len(phrases):,} learned phrases ", end="")
    print(f"= {len(terms):,} for every peer")
    compile_start = time.perf_counter()
    tagger.tag("x")
    print(f"unicancer matcher compiled in {time.perf_counter() - compile_start:.2f} s")
    peers = Peers(terms, lexicon)

    per_document(tagger, peers, documents, megabytes, repeat)
    batch(tagger, peers, documents, megabytes, repeat)
    large_string(tagger, peers, "\n\n".join(documents), megabytes, repeat)
    shorts = [s for d in documents[:2000] for s in d.split("\n") if 20 <= len(s) <= 300][:2000]
    latency(tagger, shorts, path, repeat)
    processes(tagger, documents, path, megabytes, repeat)


if __name__ == "__main__":
    main()
