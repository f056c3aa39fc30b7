"""The ``unicancer`` command line: a thin front end over the public API.

Exit status: 0 on success; 1 when ``search`` finds nothing (like ``grep``); 2 on bad
input (a usage error, an unknown principle or mission, a file that cannot be read or
written); 130 on Ctrl-C (SIGINT), 143 on SIGTERM; 141 when the output pipe is closed early.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from typing import Any

import unicancer
from unicancer import export

from ._cli_help import HelpFormatter, examples
from ._cli_io import BAD_INPUT, NOTHING_FOUND, Output, OutputError, run
from ._cli_tag import _threshold
from ._cli_tag import add_tag as _add_tag
from ._model import Charter, Lang, Principle

__all__ = ["main"]

_LABELS: dict[str, dict[str, str]] = {
    "fr": {
        "missions": "Missions",
        "keywords": "Mots-clés",
        "none": "Aucun principe ne correspond à",
    },
    "en": {"missions": "Missions", "keywords": "Keywords", "none": "No principle matches"},
}


def _principle_key(text: str) -> int | str:
    """A principle's number when *text* is one, else its slug (so is a number too long)."""
    return int(text) if text.isascii() and text.isdigit() and len(text) < 20 else text


def _format_principle(charter: Charter, p: Principle, lang: Lang) -> str:
    labels = _LABELS[lang]
    missions = ", ".join(m.label_in(lang) for m in map(charter.mission, p.missions))
    return (
        f"{p.number}. {p.title_in(lang)} [{p.slug}]\n"
        f"   {p.text_in(lang)}\n"
        f"   {labels['missions']}: {missions}\n"
        f"   {labels['keywords']}: {', '.join(p.keywords_in(lang))}"
    )


def _format_charter(charter: Charter, lang: Lang) -> str:
    en = lang == "en"
    parts = [charter.title_en if en else charter.title, ""]
    parts += "\n\n".join(charter.preamble_en if en else charter.preamble).split("\n")
    parts += [f"  - {m.label_en if en else m.text}" for m in charter.missions]
    parts += ["", charter.foundations_en if en else charter.foundations, ""]
    parts += [charter.principles_heading_en if en else charter.principles_heading, ""]
    parts += [f"{p.number}. {p.text_in(lang)}" for p in charter.principles]
    if en:
        parts += ["", f"({charter.translation_notice})"]
    return "\n".join(parts)


#: What a subcommand's ``run`` returns: its exit status (``None`` means 0).
_Status = int | None


def _show(args: argparse.Namespace, out: Output) -> _Status:
    charter = unicancer.charter
    if args.key is None:
        if args.json:
            out.write(unicancer.dumps(charter))
        else:
            out.line(_format_charter(charter, args.lang))
        return None
    principle = charter.principle(_principle_key(args.key))
    if args.json:
        out.line(json.dumps(unicancer.unstructure(principle), ensure_ascii=False, indent=2))
    else:
        out.line(_format_principle(charter, principle, args.lang))
    return None


def _search(args: argparse.Namespace, out: Output) -> _Status:
    charter = unicancer.charter
    found = charter.search(args.query, lang=args.only)
    if args.json:
        records = [unicancer.unstructure(p) for p in found]
        out.line(json.dumps(records, ensure_ascii=False, indent=2))
    elif not found:
        out.line(f"{_LABELS[args.lang]['none']} {args.query!r}.")
    else:
        out.line("\n\n".join(_format_principle(charter, p, args.lang) for p in found))
    return None if found else NOTHING_FOUND


def _export(args: argparse.Namespace, out: Output) -> _Status:
    charter = unicancer.charter
    if args.format == "csv":
        text = export.to_csv(charter, bom=args.bom)
    else:
        text = export.dump(charter, args.format, lang=args.lang or "fr")
    data = text.encode("utf-8")  # bytes: CSV's CRLF must reach the file as it is
    if args.output is None or args.output == "-":
        out.write_bytes(data)
        return None
    try:
        with open(args.output, "wb") as f:
            f.write(data)
    except OSError as exc:
        raise OutputError(f"cannot write {args.output!r}: {exc.strerror}") from None
    return None


def _add_lang_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang",
        choices=("fr", "en"),
        default="fr",
        help="language of the output (default: fr, the authoritative text; en is unofficial)",
    )


def _evaluate(args: argparse.Namespace, out: Output) -> None:
    if args.plot_kind is not None and args.plot is None:
        raise unicancer.InvalidValueError("--plot-kind applies with --plot only")
    tagger = (
        unicancer.Tagger() if args.threshold is None else unicancer.Tagger(threshold=args.threshold)
    )
    if not args.gold:  # not "." (the current folder), as Path("") would read
        raise unicancer.InvalidValueError("cannot read '': No such file or directory")
    try:
        result = unicancer.evaluate(args.gold, tagger)
    except OSError as exc:
        raise unicancer.InvalidValueError(f"cannot read {args.gold}: {exc.strerror}") from None
    if args.plot is not None:
        result.plot(args.plot, kind=args.plot_kind or "curves", lang=args.lang)
    if args.json:
        out.line(result.to_json())
    elif args.curve:
        from ._report import curve_text

        out.line(f"{result.to_text(lang=args.lang)}\n\n{curve_text(result, lang=args.lang)}")
    else:
        out.line(result.to_text(lang=args.lang, mistakes=args.mistakes))


def _add_show(commands: Any, common: argparse.ArgumentParser) -> None:
    show = commands.add_parser(
        "show",
        parents=[common],
        help="print the charter, or one principle",
        description="Print the whole charter, or the principle KEY.",
        formatter_class=HelpFormatter,
        epilog=examples(
            "unicancer show                       # the whole charter, in French",
            "unicancer show 7 --lang en           # principle 7, in English",
            "unicancer show patient-partnership   # the same principle, by slug",
            "unicancer show 7 --json              # as a JSON record",
        ),
    )
    show.add_argument("key", nargs="?", metavar="KEY", help="a principle's number (1-10) or slug")
    show.set_defaults(run=_show)


def _add_search(commands: Any, common: argparse.ArgumentParser) -> None:
    search = commands.add_parser(
        "search",
        parents=[common],
        help="find the principles matching a query",
        description="Print the principles matching QUERY, best first (insensitive to case, "
        "accents and apostrophe style). Exit status 1 when nothing matches.",
        formatter_class=HelpFormatter,
        epilog=examples(
            "unicancer search qualité              # in French and English texts",
            "unicancer search innovation --only en # in the English texts only",
            "unicancer search 'patient partenaire' --json",
        ),
    )
    search.add_argument("query", metavar="QUERY", help="words to look for, in French or English")
    search.add_argument(
        "--only", choices=("fr", "en"), help="search the texts of one language only"
    )
    search.set_defaults(run=_search)


def _add_export(commands: Any, common: argparse.ArgumentParser) -> None:
    del common  # --json makes no sense here: --format json does it
    command = commands.add_parser(
        "export",
        help="write the charter as JSON, JSON Schema, CSV, Markdown or SKOS",
        description="Write the charter in FORMAT, to standard output or to FILE:\n"
        "  json      the canonical data, as `unicancer show --json`\n"
        "  schema    a JSON Schema (draft 2020-12) of the data\n"
        "  csv       one row per principle, both languages (RFC 4180, UTF-8)\n"
        "  markdown  the charter as a document, in --lang\n"
        "  skos      a SKOS concept scheme, in Turtle",
        formatter_class=HelpFormatter,
        epilog=examples(
            "unicancer export --format markdown --lang en",
            "unicancer export --format csv --bom -o charter.csv   # for Excel",
            "unicancer export --format skos -o charter.ttl",
            "unicancer export --format schema -o charter.schema.json",
        ),
    )
    command.add_argument(
        "-f",
        "--format",
        required=True,
        choices=export.FORMATS,
        metavar="FORMAT",
        help=f"the format to write: {', '.join(export.FORMATS)}",
    )
    command.add_argument(
        "--lang",
        choices=("fr", "en"),
        help="with --format markdown: the language of the document (default: fr); "
        "the other formats hold both languages",
    )
    command.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE (default: standard output)"
    )
    command.add_argument(
        "--bom",
        action="store_true",
        help="with --format csv: start with a UTF-8 byte order mark, for spreadsheets",
    )
    command.set_defaults(run=_export)


def _add_evaluate(commands: Any, common: argparse.ArgumentParser) -> None:
    evaluate = commands.add_parser(
        "evaluate",
        parents=[common],
        help="measure the tagger against labelled passages",
        description='Tag every passage of GOLD (JSON Lines: one {"text": ..., "labels": '
        "[numbers]} object a line) and print precision, recall and F1 per principle, with "
        "their micro, macro, weighted and samples averages.",
        formatter_class=HelpFormatter,
        epilog=examples(
            "unicancer evaluate gold.jsonl                  # the report table",
            "unicancer evaluate gold.jsonl --mistakes --lang en",
            "unicancer evaluate gold.jsonl --threshold 0.7 --json",
            "unicancer evaluate gold.jsonl --curve          # precision-recall, calibration",
            "unicancer evaluate gold.jsonl --plot curves.svg  # needs unicancer[plot]",
            "unicancer evaluate gold.jsonl --plot matrix.png --plot-kind matrix",
        ),
    )
    evaluate.add_argument("gold", metavar="GOLD", help="the gold set, a .jsonl file")
    evaluate.add_argument(
        "--threshold", type=_threshold, metavar="X", help="the tagger's probability threshold"
    )
    evaluate.add_argument(
        "--mistakes", action="store_true", help="also list false positives and negatives"
    )
    evaluate.add_argument(
        "--curve",
        action="store_true",
        help="also print precision and recall at several thresholds, and the calibration",
    )
    evaluate.add_argument(
        "--plot",
        metavar="FILE",
        help="also draw the evaluation to FILE, a .png or .svg image (needs matplotlib: "
        "pip install 'unicancer[plot]')",
    )
    evaluate.add_argument(
        "--plot-kind",
        choices=("curves", "matrix"),
        help="with --plot: precision-recall curves (default) or the matrix of passages by "
        "gold and predicted principle",
    )
    evaluate.set_defaults(run=_evaluate)


#: The subcommands, in the order `unicancer --help` lists them.
_COMMANDS = (_add_show, _add_search, _add_tag, _add_evaluate, _add_export)


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    _add_lang_option(common)
    common.add_argument(
        "--json", action="store_true", help="print JSON records (both languages) for machines"
    )
    parser = argparse.ArgumentParser(
        prog="unicancer",
        description="The UNICANCER charter: its ten principles and three missions.\n"
        "Run 'unicancer COMMAND --help' for the options of a command.",
        formatter_class=HelpFormatter,
        epilog=examples(
            "unicancer show 7",
            "unicancer search innovation --lang en",
            "unicancer export --format csv -o charter.csv",
        )
        + "\n\nexit status: 0 ok, 1 nothing found (search), 2 bad input, 130 interrupted "
        "(143 on SIGTERM), 141 output pipe closed.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"unicancer {unicancer.__version__} (charter data {unicancer.charter.version})",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add_command in _COMMANDS:
        add_command(commands, common)
    return parser


def _check_export_options(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Refuse the options that the chosen format would ignore."""
    if args.bom and args.format != "csv":
        parser.exit(BAD_INPUT, f"{parser.prog}: error: --bom applies to --format csv only\n")
    if args.lang is not None and args.format != "markdown":
        parser.exit(
            BAD_INPUT,
            f"{parser.prog}: error: --lang applies to --format markdown only; "
            f"--format {args.format} holds both languages\n",
        )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with *argv*; return the exit status."""
    parser = _parser()

    def command(out: Output) -> _Status:
        args = parser.parse_args(argv)
        subcommand: Callable[[argparse.Namespace, Output], _Status] = args.run
        if subcommand is _export:
            _check_export_options(parser, args)
        return subcommand(args, out)

    return run(parser.prog, command)
