"""``python -m tests.interrupted MODE FILE ROUNDS``: tag *FILE* in 2 worker processes,
*ROUNDS* times, each until a signal from the test stops it.

*MODE* ``cli`` runs ``unicancer tag FILE --by paragraph --processes 2`` in this process,
through `unicancer._cli.main`; ``api`` runs `Tagger.tag_many` on FILE's paragraphs (a list
in even rounds, an iterator in odd ones), catching `KeyboardInterrupt` and the
`SystemExit` of a SIGTERM handler, as an application would. After each round, a JSON
line on standard output says how it ended: ``{"round": R, "status": S, "children": [...]}``,
the children being the processes this one has left (there should be none). One
process for every round, because loading the tagger costs more than a round.
"""

from __future__ import annotations

import faulthandler
import json
import os
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType

import unicancer
from unicancer._cli import main
from unicancer._features import Chosen, Found

#: The arguments of the ``unicancer`` command that each ``cli`` round runs, FILE apart.
TAG = ("--by", "paragraph", "--processes", "2")


def _live_processes() -> Iterator[tuple[int, list[str]]]:
    """Each live process and the fields of its /proc stat after its name (state, ppid, pgrp...)."""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rpartition(")")[2].split()
            except OSError:
                continue  # it ended meanwhile
            if fields[0] != "Z":
                yield int(entry.name), fields


def children() -> list[int]:
    """The processes whose parent is this one (from /proc: not multiprocessing's books)."""
    return [pid for pid, fields in _live_processes() if int(fields[1]) == os.getpid()]


def group(pgid: int) -> list[int]:
    """The live processes of the process group *pgid*."""
    return [pid for pid, fields in _live_processes() if int(fields[2]) == pgid]


class FailingTagger(unicancer.Tagger):
    """A tagger that fails on the text `FAILING`, wherever it runs: in a worker process too."""

    def _scores(
        self, text: str, lang: unicancer.Lang | None, *, keep: bool = False
    ) -> tuple[list[float], list[int], list[list[Found]] | bytes | None]:
        # What `tag` and the Python path go through.
        _fail_on(text)
        return super()._scores(text, lang, keep=keep)

    def _tagging(self, lang: unicancer.Lang | None) -> Callable[[str], tuple[unicancer.Tag, ...]]:
        # What `tag_many` and `tag_frame` call for each text instead, in C.
        tag = super()._tagging(lang)

        def failing(text: str) -> tuple[unicancer.Tag, ...]:
            _fail_on(text)
            return tag(text)

        return failing

    def _choosing(self, lang: unicancer.Lang | None) -> Callable[[str], list[Chosen]]:
        # What worker processes call for each text, in C.
        chosen = super()._choosing(lang)

        def failing(text: str) -> list[Chosen]:
            _fail_on(text)
            return chosen(text)

        return failing


#: The text on which `FailingTagger` fails.
FAILING = "the text on which the tagger fails"


def _fail_on(text: str) -> None:
    if text == FAILING:
        raise unicancer.NotFoundError("principle", 11, "a number from 1 to 10")


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


def _paragraphs(path: str) -> Iterator[str]:
    with open(path, encoding="utf-8") as f:
        yield from f.read().split("\n\n")


def _api(path: str, round: int) -> int:
    texts = _paragraphs(path) if round % 2 else list(_paragraphs(path))
    try:
        for tags in unicancer.Tagger().tag_many(texts, processes=2):
            line = json.dumps([t.principle.number for t in tags]) + "\n"
            os.write(sys.stdout.fileno(), line.encode())  # at once: no partial line
    except KeyboardInterrupt:
        return 128 + signal.SIGINT
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def run(mode: str, path: str, rounds: int) -> None:
    if mode == "api":
        signal.signal(signal.SIGTERM, _terminate)
    # Loaded in full here, once, rather than in the workers of every round: `tag_many`
    # prepares only part of it before it forks them.
    unicancer.Tagger().tag("comité de patients")
    for round in range(rounds):
        status = main(["tag", path, *TAG]) if mode == "cli" else _api(path, round)
        sys.stdout.write(json.dumps({"round": round, "status": status, "children": children()}))
        sys.stdout.write("\n")
        sys.stdout.flush()


if __name__ == "__main__":
    faulthandler.register(signal.SIGUSR1, all_threads=True)  # where it waits, should it hang
    run(sys.argv[1], sys.argv[2], int(sys.argv[3]))
