"""Reading gold sets: labelled passages, from a JSON Lines file or from pairs."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import attrs

from ._errors import GoldDataError, InvalidTypeError
from ._model import Lang

__all__ = ["Gold", "Passage", "read_gold"]

#: A gold set: the path of a JSON Lines file, or ``(text, labels)`` pairs.
Gold = str | os.PathLike[str] | Iterable[tuple[str, Iterable[int]]]


@attrs.frozen
class Passage:
    """One labelled passage; *lang* ``None`` for a passage of mixed or unknown language."""

    id: str | None
    lang: Lang | None
    text: str
    labels: frozenset[int]


def read_gold(gold: Gold, numbers: frozenset[int]) -> tuple[Passage, ...]:
    if isinstance(gold, (str, os.PathLike)):
        passages, problems = _read_jsonl(Path(gold), numbers)
    elif isinstance(gold, Iterable) and not isinstance(gold, (bytes, dict)):
        passages, problems = _read_pairs(gold, numbers)
    else:
        raise InvalidTypeError(
            f"gold must be the path of a JSON Lines file or an iterable of (text, labels) "
            f"pairs, not {type(gold).__name__}"
        )
    if not passages and not problems:
        problems.append(("", "no passages to evaluate"))
    if problems:
        raise GoldDataError(problems)
    return tuple(passages)


_Problems = list[tuple[str, str]]


def _read_jsonl(path: Path, numbers: frozenset[int]) -> tuple[list[Passage], _Problems]:
    passages: list[Passage] = []
    problems: _Problems = []
    try:
        # Lines end at "\n" only: JSON strings may hold U+2028 and other line breaks.
        lines = path.read_bytes().decode("utf-8-sig").split("\n")
    except UnicodeDecodeError as exc:
        return [], [("", f"{path} is not UTF-8 text ({exc.reason} at byte {exc.start})")]
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"line {number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append((where, f"not valid JSON ({exc.msg}, column {exc.colno})"))
            continue
        except ValueError:  # Python's limit on the digits of an int
            problems.append((where, "a number too long to read (over 4300 digits)"))
            continue
        except RecursionError:
            problems.append((where, "JSON nested too deep to read"))
            continue
        if not isinstance(record, dict):
            problems.append((where, f"expected a JSON object, found {_json_type(record)}"))
            continue
        found = list(_record_problems(record, where, numbers))
        if isinstance(record.get("id"), str):
            if record["id"] in seen:
                found.append(
                    (f"{where}: id", f"{record['id']!r} is also on line {seen[record['id']]}")
                )
            seen.setdefault(record["id"], number)
        if found:
            problems += found
            continue
        passages.append(
            Passage(
                record.get("id"),
                None if record.get("lang") == "mixed" else record.get("lang"),
                record["text"],
                frozenset(record["labels"]),
            )
        )
    return passages, problems


def _record_problems(
    record: dict[str, object], where: str, numbers: frozenset[int]
) -> Iterator[tuple[str, str]]:
    for key in ("text", "labels"):
        if key not in record:
            yield f"{where}: {key}", "missing"
    text = record.get("text")
    if "text" in record and not isinstance(text, str):
        yield f"{where}: text", f"expected a string, found {_json_type(text)}"
    labels = record.get("labels")
    if "labels" in record:
        if isinstance(labels, list):
            yield from _label_problems(labels, f"{where}: labels", numbers)
        else:
            yield (
                f"{where}: labels",
                f"expected a list of principle numbers, found {_json_type(labels)}",
            )
    if record.get("id") is not None and not isinstance(record["id"], str):
        yield f"{where}: id", f"expected a string, found {_json_type(record['id'])}"
    if record.get("lang") not in (None, "fr", "en", "mixed"):
        yield f"{where}: lang", f"expected 'fr', 'en', 'mixed' or null, found {record['lang']!r}"


def _label_problems(
    labels: Sequence[object], where: str, numbers: frozenset[int], *, json: bool = True
) -> Iterator[tuple[str, str]]:
    expected = f"a principle number {min(numbers)}-{max(numbers)}"
    seen: set[int] = set()  # not `labels[:i]`: many labels would take quadratic time
    for i, label in enumerate(labels):
        if type(label) is not int:
            kind = f"{_json_type(label)} " if json else ""
            yield f"{where}[{i}]", f"expected {expected}, found {kind}{label!r}"
        elif label not in numbers:
            yield f"{where}[{i}]", f"expected {expected}, found {label}"
        elif label in seen:
            yield f"{where}[{i}]", f"{label} is repeated"
        else:
            seen.add(label)


def _read_pairs(gold: Iterable[object], numbers: frozenset[int]) -> tuple[list[Passage], _Problems]:
    passages: list[Passage] = []
    problems: _Problems = []
    for index, item in enumerate(gold):
        where = f"gold[{index}]"
        if not (isinstance(item, tuple) and len(item) == 2):
            problems.append((where, f"expected a (text, labels) pair, found {item!r:.60}"))
            continue
        text, labels = item
        found: _Problems = []
        if not isinstance(text, str):
            found.append((f"{where}: text", f"expected a string, found {type(text).__name__}"))
        if isinstance(labels, Iterable) and not isinstance(labels, (str, bytes, dict)):
            labels = list(labels)
            found += _label_problems(labels, f"{where}: labels", numbers, json=False)
        else:
            found.append(
                (
                    f"{where}: labels",
                    f"expected an iterable of principle numbers, found {type(labels).__name__}",
                )
            )
        if found:
            problems += found
            continue
        passages.append(Passage(None, None, text, frozenset(labels)))
    return passages, problems


def _json_type(value: object) -> str:
    names = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}
    return names.get(type(value), type(value).__name__)
