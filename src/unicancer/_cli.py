"""The ``unicancer`` command line: a thin front end over the public API."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any, TextIO

import unicancer

from ._cli_tag import _threshold
from ._cli_tag import add_tag as _add_tag
from ._errors import UnicancerError
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
    """A principle's number when *text* is one, else its slug."""
    return int(text) if text.isascii() and text.isdigit() else text


def _format_principle(charter: Charter, p: Principle, lang: Lang) -> str:
    labels = _LABELS[lang]
    missions = ", ".join(
        charter.mission(m).label_en if lang == "en" else charter.mission(m).label
        for m in p.missions
    )
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


def _show(args: argparse.Namespace, out: TextIO) -> None:
    charter = unicancer.charter
    if args.key is None:
        if args.json:
            out.write(unicancer.dumps(charter))
        else:
            print(_format_charter(charter, args.lang), file=out)
        return
    principle = charter.principle(_principle_key(args.key))
    if args.json:
        print(json.dumps(unicancer.unstructure(principle), ensure_ascii=False, indent=2), file=out)
    else:
        print(_format_principle(charter, principle, args.lang), file=out)


def _search(args: argparse.Namespace, out: TextIO) -> None:
    charter = unicancer.charter
    found = charter.search(args.query, lang=args.only)
    if args.json:
        records: list[Any] = [unicancer.unstructure(p) for p in found]
        print(json.dumps(records, ensure_ascii=False, indent=2), file=out)
    elif not found:
        print(f"{_LABELS[args.lang]['none']} {args.query!r}.", file=out)
    else:
        print("\n\n".join(_format_principle(charter, p, args.lang) for p in found), file=out)


def _evaluate(args: argparse.Namespace, out: TextIO) -> None:
    tagger = (
        unicancer.Tagger() if args.threshold is None else unicancer.Tagger(threshold=args.threshold)
    )
    try:
        result = unicancer.evaluate(args.gold, tagger)
    except OSError as exc:
        raise unicancer.InvalidValueError(f"cannot read {args.gold}: {exc.strerror}") from None
    if args.json:
        print(result.to_json(), file=out)
    else:
        print(result.to_text(lang=args.lang, mistakes=args.mistakes), file=out)


def _add_show(commands: Any, common: argparse.ArgumentParser) -> None:
    show = commands.add_parser(
        "show",
        parents=[common],
        help="print the charter, or one principle",
        description="Print the whole charter, or the principle KEY.",
    )
    show.add_argument("key", nargs="?", metavar="KEY", help="a principle's number (1-10) or slug")
    show.set_defaults(run=_show)


def _add_search(commands: Any, common: argparse.ArgumentParser) -> None:
    search = commands.add_parser(
        "search",
        parents=[common],
        help="find the principles matching a query",
        description="Print the principles matching QUERY, best first (insensitive to case, "
        "accents and apostrophe style).",
    )
    search.add_argument("query", metavar="QUERY", help="words to look for, in French or English")
    search.add_argument(
        "--only", choices=("fr", "en"), help="search the texts of one language only"
    )
    search.set_defaults(run=_search)


def _add_evaluate(commands: Any, common: argparse.ArgumentParser) -> None:
    evaluate = commands.add_parser(
        "evaluate",
        parents=[common],
        help="measure the tagger against labelled passages",
        description='Tag every passage of GOLD (JSON Lines: one {"text": ..., "labels": '
        "[numbers]} object a line) and print precision, recall and F1 per principle, with "
        "their micro and macro averages.",
    )
    evaluate.add_argument("gold", metavar="GOLD", help="the gold set, a .jsonl file")
    evaluate.add_argument(
        "--threshold", type=_threshold, metavar="X", help="the tagger's score threshold"
    )
    evaluate.add_argument(
        "--mistakes", action="store_true", help="also list false positives and negatives"
    )
    evaluate.set_defaults(run=_evaluate)


#: The subcommands, in the order `unicancer --help` lists them.
_COMMANDS = (_add_show, _add_search, _add_tag, _add_evaluate)


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--lang",
        choices=("fr", "en"),
        default="fr",
        help="language of the output (default: fr, the authoritative text; en is unofficial)",
    )
    common.add_argument(
        "--json", action="store_true", help="print JSON records (both languages) for machines"
    )
    parser = argparse.ArgumentParser(
        prog="unicancer",
        description="The UNICANCER charter: its ten principles and three missions.",
        epilog="Examples: 'unicancer show 7', 'unicancer search innovation --lang en'.",
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


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with *argv*; return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    run: Callable[[argparse.Namespace, TextIO], None] = args.run
    try:
        run(args, sys.stdout)
        sys.stdout.flush()
    except UnicancerError as exc:
        parser.exit(2, f"{parser.prog}: error: {exc}\n")
    except BrokenPipeError:  # e.g. `unicancer show | head -1`
        sys.stderr.close()
        return 1
    return 0
