"""``unicancer tag``: tag files or standard input, streaming, one record per text."""

from __future__ import annotations

import argparse
import csv
import io
import itertools
import json
import os
import stat
import sys
import time
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from typing import Any, TextIO

import unicancer
from unicancer import render

from ._cli_help import HelpFormatter, examples
from ._cli_io import Output, check_signals
from ._model import Lang
from ._parallel import finish_in_pool

__all__ = ["add_tag"]

_FORMATS = ("jsonl", "csv", "table", "html")
_CSV_FIELDS = ("source", "paragraph", "line", "principles", "slugs", "scores", "terms")
#: Files of fewer bytes in all (standard input of fewer characters) are tagged in this
#: process, whatever ``--processes`` says: starting workers would cost more than they save.
_SERIAL_BYTES = 1 << 20
#: The texts (paragraphs) of a worker's task; `unicancer._parallel` cuts it short at
#: 256 k characters.
_CHUNK = 64


class _Text:
    """One text to tag and where it comes from."""

    __slots__ = ("line", "paragraph", "source", "text")

    def __init__(self, source: str, paragraph: int | None, line: int, text: str) -> None:
        self.source = source
        self.paragraph = paragraph
        self.line = line
        self.text = text


class _Progress:
    """A one-line progress report on a terminal: bytes read and texts tagged."""

    def __init__(self, stream: TextIO, total: int | None) -> None:
        self._stream = stream
        self._total = total
        self._read = 0
        self._texts = 0
        self._shown = 0.0

    def advance(self, size: int) -> None:
        self._read += size

    def tagged(self) -> None:
        self._texts += 1
        now = time.monotonic()
        if now - self._shown >= 0.2:
            self._shown = now
            self._show()

    def _show(self) -> None:
        read = f"{self._read / 1e6:,.1f}"
        if self._total:
            read += f"/{self._total / 1e6:,.1f} MB ({100 * self._read / self._total:.0f}%)"
        else:
            read += " MB"
        self._stream.write(f"\r{read}, {self._texts:,} texts tagged")
        self._stream.flush()

    def close(self) -> None:
        if self._shown:
            self._show()
            self._stream.write("\n")
            self._stream.flush()


def _cannot_read(path: str, reason: str | None) -> unicancer.InvalidValueError:
    name = "standard input" if path == "-" else path or "''"
    return unicancer.InvalidValueError(f"cannot read {name}: {reason}")


def _open(path: str) -> TextIO:
    if path == "-":
        if sys.stdin is None:
            raise _cannot_read(path, "it is closed")
        if not hasattr(sys.stdin, "buffer"):
            return sys.stdin  # a text stream put there by a caller: read as it is
        # UTF-8 and strict, as a file is read, whatever the locale says.
        return io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8")
    try:
        return open(path, encoding="utf-8")
    except OSError as exc:
        raise _cannot_read(path, exc.strerror) from None


def _read(path: str, by: str, progress: _Progress | None) -> Iterator[_Text]:
    """The texts of *path*: the whole file, or its blank-line separated paragraphs; the
    bytes read counted in *progress*, if any."""
    stream = _open(path)
    source = "<stdin>" if path == "-" else path
    try:
        if by == "document":
            text = stream.read()
            if progress is not None:
                progress.advance(len(text.encode("utf-8", "surrogatepass")))
            yield _Text(source, None, 1, text)
            return
        lines: list[str] = []
        first = 0
        paragraph = 0
        for number, line in enumerate(stream, 1):
            if progress is not None:
                progress.advance(len(line.encode("utf-8", "surrogatepass")))
            if not line.isspace():  # a blank line (a line read from a file is never empty)
                if not lines:
                    first = number
                lines.append(line)
            elif lines:
                paragraph += 1
                yield _Text(source, paragraph, first, "".join(lines))
                lines = []
        if lines:
            yield _Text(source, paragraph + 1, first, "".join(lines))
    except UnicodeDecodeError as exc:
        reason = f"not UTF-8 text ({exc.reason} at byte {exc.start})"
        raise _cannot_read(path, reason) from None
    except OSError as exc:  # an error after opening: /proc/self/mem, a device
        raise _cannot_read(path, exc.strerror) from None
    finally:
        if path != "-":
            stream.close()
        elif stream is not sys.stdin and isinstance(stream, io.TextIOWrapper):
            stream.detach()  # standard input stays open


def _record(item: _Text, tags: tuple[unicancer.Tag, ...], lang: Lang) -> dict[str, Any]:
    return {
        "source": item.source,
        **({} if item.paragraph is None else {"paragraph": item.paragraph, "line": item.line}),
        "tags": [
            {
                "principle": t.principle.number,
                "slug": t.principle.slug,
                "title": t.principle.title_in(lang),
                "score": t.score,
                "terms": sorted({h.term.text for h in t.hits if h.weight > 0}),
                "hits": [
                    {
                        "start": h.start,
                        "end": h.end,
                        "text": item.text[h.start : h.end],
                        "term": h.term.text,
                        "weight": h.weight,
                    }
                    for h in t.hits
                ],
            }
            for t in tags
        ],
    }


class _Lines:
    """The lines of each text's record in an output *format*: made where the text is
    tagged, in a worker process with ``--processes N`` (pickled as its format and lang)."""

    def __init__(self, format: str, lang: Lang) -> None:
        self._format = format
        self._lang = lang
        self._buffer = io.StringIO()
        self._csv = csv.writer(self._buffer, lineterminator="\n")

    def __reduce__(self) -> tuple[type[_Lines], tuple[str, Lang]]:
        return type(self), (self._format, self._lang)

    def head(self) -> str:
        if self._format == "csv":
            return self._row(_CSV_FIELDS)
        if self._format == "html":
            return render.page_head(title="unicancer tag", lang=self._lang)
        return ""

    def foot(self) -> str:
        return render.page_foot() if self._format == "html" else ""

    def _row(self, fields: Iterable[object]) -> str:
        self._buffer.seek(0)
        self._buffer.truncate()
        self._csv.writerow(fields)
        return self._buffer.getvalue()

    def __call__(self, item: _Text, tags: tuple[unicancer.Tag, ...]) -> str:
        where = item.source if item.paragraph is None else f"{item.source}:{item.line}"
        if self._format == "html":
            return render.render_tags(item.text, tags, lang=self._lang, label=where)
        record = _record(item, tags, self._lang)
        if self._format == "jsonl":
            return json.dumps(record, ensure_ascii=False) + "\n"
        if self._format == "csv":
            return self._row(
                [
                    item.source,
                    "" if item.paragraph is None else item.paragraph,
                    "" if item.paragraph is None else item.line,
                    " ".join(str(t["principle"]) for t in record["tags"]),
                    " ".join(t["slug"] for t in record["tags"]),
                    " ".join(str(t["score"]) for t in record["tags"]),
                    " | ".join("; ".join(t["terms"]) for t in record["tags"]),
                ]
            )
        found = ", ".join(
            f"{t['principle']} {t['title']} ({t['score']:.2f})" for t in record["tags"]
        )
        return f"{where}\t{found or '-'}\n"


def _size(path: str) -> int | None:
    """The size of the file *path*; ``None`` for a pipe or a device. Refuses what is not read."""
    if path == "-":
        return None
    try:
        status = os.stat(path)
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        reason = getattr(exc, "strerror", None) or "No such file or directory"
        raise _cannot_read(path, reason) from None
    if stat.S_ISDIR(status.st_mode):
        raise _cannot_read(path, "Is a directory")
    if not os.access(path, os.R_OK):
        raise _cannot_read(path, "Permission denied")
    return status.st_size if stat.S_ISREG(status.st_mode) else None


def _first(items: Iterator[_Text], characters: int) -> tuple[list[_Text], bool]:
    """The first of *items*, up to *characters* in all, and whether they were all."""
    head: list[_Text] = []
    size = 0
    for item in items:
        head.append(item)
        size += len(item.text)
        if size >= characters:
            return head, False
    return head, True


def _tag(args: argparse.Namespace, out: Output) -> None:
    tagger = unicancer.Tagger(
        threshold=args.threshold,
        languages=("fr", "en") if args.lang is None else (args.lang,),
    )
    sizes = [_size(path) for path in args.files]  # all checked before anything is tagged
    total = None if None in sizes else sum(s or 0 for s in sizes)
    show = sys.stderr is not None and sys.stderr.isatty()
    progress = _Progress(sys.stderr, total) if show else None
    items: deque[_Text] = deque()

    def read() -> Iterator[_Text]:
        for path in args.files:
            yield from _read(path, args.by, progress)

    source = read()
    # A few paragraphs are tagged here, whatever --processes says: starting the workers
    # would cost more than they save. Where the work is worth sharing, the workers write
    # each record too: the hits, which every format reads, cost more than the tags.
    processes = args.processes
    if processes > 1:
        if total is None:  # a pipe or a device: how much there is shows as it is read
            head, ended = _first(source, _SERIAL_BYTES)
            source = itertools.chain(head, source)
        else:
            ended = total < _SERIAL_BYTES
        processes = 1 if ended else processes
    lines = _Lines(args.format, args.lang or "fr")
    if processes == 1:

        def texts() -> Iterator[str]:
            for item in source:
                items.append(item)
                yield item.text

        results: Iterator[str] = (lines(items.popleft(), tags) for tags in tagger.tag_many(texts()))
    else:
        results = finish_in_pool(tagger, source, None, processes, _CHUNK, lines, check_signals)
    try:
        out.write(lines.head())
        for record in results:
            out.write(record)
            if progress is not None:
                progress.tagged()
        out.write(lines.foot())
    except BrokenPipeError:
        raise
    except OSError as exc:  # reading and writing say what failed: this is the pool
        if processes == 1:
            raise
        raise unicancer.InvalidValueError(
            f"cannot tag in {processes} processes: {exc.strerror or exc}"
        ) from None
    finally:
        if isinstance(results, Generator):
            results.close()  # at once, on an error or an interrupt: the workers stop with it
        if progress is not None:
            progress.close()


def _threshold(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, found {text!r}") from None
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"expected a probability from 0 to 1, found {text!r}")
    return value


def _processes(text: str) -> int:
    if not (text.isascii() and text.isdigit() and int(text) >= 1):
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, found {text!r}")
    return int(text)


def add_tag(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``tag`` subcommand."""
    from ._tagging import DEFAULT_THRESHOLD

    tag = commands.add_parser(
        "tag",
        help="tag files with the principles they are about",
        description="Tag each FILE (or standard input, '-') with the charter's principles, "
        "one record per document or per paragraph (blank-line separated), as they are read. "
        "With --by document a whole file is held in memory at once; with --by paragraph "
        "only one paragraph is.",
        formatter_class=HelpFormatter,
        epilog=examples(
            "unicancer tag report.txt notes.txt             # one JSON line per file",
            "unicancer tag - --by paragraph --format csv < report.txt",
            "unicancer tag corpus.txt --by paragraph --format table --lang en",
            "unicancer tag report.txt --by paragraph --format html   # a page, hits in colour",
        ),
    )
    tag.add_argument("files", nargs="+", metavar="FILE", help="a UTF-8 text file, or - for stdin")
    tag.add_argument(
        "--by",
        choices=("document", "paragraph"),
        default="document",
        help="tag each whole file (default) or each paragraph",
    )
    tag.add_argument(
        "--format",
        choices=_FORMATS,
        default="jsonl",
        help="output format (default: jsonl); html: one page for all the texts, each hit "
        "in its principle's colour",
    )
    tag.add_argument(
        "--lang",
        choices=("fr", "en"),
        help="the language of the texts: look for its terms only, and print titles in it "
        "(default: look for both, print French titles)",
    )
    tag.add_argument(
        "--threshold",
        type=_threshold,
        default=DEFAULT_THRESHOLD,
        metavar="X",
        help="the probability from which a principle is tagged (default: %(default)s)",
    )
    tag.add_argument(
        "--processes",
        type=_processes,
        default=1,
        metavar="N",
        help="tag in N worker processes (default: 1)",
    )
    tag.set_defaults(run=_tag)
