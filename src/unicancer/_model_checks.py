"""The rules of the model file (``data/model.json``), as strict as the charter's.

`checked_model` validates the file's JSON-compatible data and returns its plain values;
`unicancer._scoring` makes the `Model` of them. Every problem is a located
`CharterDataError` of the ``"model"`` document: a wrong type, a missing or unknown key,
a version that is not one, principles not numbered 1 to 10, a weight that is not a
number within `MAX_WEIGHT` (NaN, infinity and overflowing integers are not), a key that
tagging could never find (not a folded phrase).
"""

from __future__ import annotations

import math
from typing import TypeAlias, cast

from ._checks import PRINCIPLE_COUNT, are_ascii_phrases, is_version, numbering_problems
from ._errors import CharterDataError
from ._text import MAX_PHRASE_LENGTH, is_phrase

__all__ = ["MAX_WEIGHT", "checked_model"]

#: The largest weight (or bias), in absolute value, that a model file may hold: a
#: window's log-odds, a sum of a few thousand weights, then stays far from overflowing
#: to infinity (which would make its probability NaN).
MAX_WEIGHT = 1000.0

_MODEL_KEYS = ("version", "window", "principles")
_PRINCIPLE_KEYS = ("number", "bias", "lexicon", "terms", "phrases")

#: A principle's weights as plain values: number, bias, lexicon weights, the sorted
#: ``(term, weight)`` and ``(phrase, weight)`` pairs.
Fields: TypeAlias = tuple[
    int, float, tuple[float, ...], tuple[tuple[str, float], ...], tuple[tuple[str, float], ...]
]
_Problems: TypeAlias = list[tuple[str, str]]


def _found(value: object) -> str:
    import reprlib

    return f"{type(value).__name__} {reprlib.repr(value)}"


def _bad_weight(value: object) -> bool:
    """Whether *value* is not a number from -MAX_WEIGHT to MAX_WEIGHT (NaN is not one)."""
    if type(value) is int or type(value) is float:
        return not -MAX_WEIGHT <= value <= MAX_WEIGHT
    return True


def _are_weights(values: list[object]) -> bool:
    """Whether no value is a `_bad_weight`: checked in a few passes in C when it holds."""
    if values and set(map(type, values)) <= {int, float}:
        numbers = cast("list[float]", values)
        # A NaN may hide from min and max, not from the sum of bounded numbers.
        if min(numbers) >= -MAX_WEIGHT and max(numbers) <= MAX_WEIGHT:
            return math.isfinite(sum(numbers))
    return not any(map(_bad_weight, values))


def _weight_problem(value: object) -> str:
    return f"expected a number from {-MAX_WEIGHT:g} to {MAX_WEIGHT:g}, found {_found(value)}"


def _keys_problems(data: dict[str, object], keys: tuple[str, ...], where: str) -> _Problems:
    """Missing and unknown keys of the object *data* at *where*."""
    problems = [(f"{where}{key}", "required key is missing") for key in keys if key not in data]
    unknown = sorted(key for key in data if key not in keys)
    return problems + [(f"{where}{key}", "unexpected key") for key in unknown]


def checked_model(data: object) -> tuple[str, int, list[Fields]]:
    """The version, window and principles' fields of the model file's *data*.

    Raises:
        CharterDataError: *data* breaks a rule of the model file (every problem
            located); its `document` is ``"model"``.
    """
    if not isinstance(data, dict):
        raise CharterDataError([("", f"expected a model object, found {_found(data)}")], "model")
    problems = _keys_problems(data, _MODEL_KEYS, "")
    version, window, principles = data.get("version"), data.get("window"), data.get("principles")
    if "version" in data and not (isinstance(version, str) and is_version(version)):
        problems.append(
            ("version", f"expected a version MAJOR.MINOR.PATCH, found {_found(version)}")
        )
    if "window" in data and (type(window) is not int or window < 1):
        problems.append(("window", f"expected a positive integer, found {_found(window)}"))
    parsed: list[Fields] = []
    if isinstance(principles, list):
        for index, entry in enumerate(principles):
            fields = _principle(entry, f"principles[{index}]", problems)
            if fields is not None:
                parsed.append(fields)
        if len(parsed) == len(principles):
            problems += numbering_problems([fields[0] for fields in parsed], "principles")
    elif "principles" in data:
        problems.append(("principles", f"expected an array, found {_found(principles)}"))
    if problems:
        raise CharterDataError(problems, "model")
    assert isinstance(version, str)
    assert isinstance(window, int)
    return version, window, parsed


def _principle(entry: object, where: str, problems: _Problems) -> Fields | None:
    if not isinstance(entry, dict):
        problems.append((where, f"expected an object, found {_found(entry)}"))
        return None
    before = len(problems)
    problems += _keys_problems(entry, _PRINCIPLE_KEYS, f"{where}.")
    number, bias, lexicon = entry.get("number"), entry.get("bias"), entry.get("lexicon")
    if "number" in entry and type(number) is not int:
        problems.append((f"{where}.number", f"expected an integer, found {_found(number)}"))
    if "bias" in entry and _bad_weight(bias):
        problems.append((f"{where}.bias", _weight_problem(bias)))
    if "lexicon" in entry:
        if not isinstance(lexicon, list) or len(lexicon) != PRINCIPLE_COUNT:
            problems.append(
                (f"{where}.lexicon", f"expected {PRINCIPLE_COUNT} weights, found {_found(lexicon)}")
            )
        elif any(map(_bad_weight, lexicon)):
            index = next(i for i, value in enumerate(lexicon) if _bad_weight(value))
            problems.append((f"{where}.lexicon[{index}]", _weight_problem(lexicon[index])))
    terms = _table(entry["terms"], f"{where}.terms", problems) if "terms" in entry else ()
    phrases = _table(entry["phrases"], f"{where}.phrases", problems) if "phrases" in entry else ()
    if len(problems) > before:
        return None
    assert isinstance(number, int)
    assert isinstance(bias, (int, float))
    assert isinstance(lexicon, list)
    return number, float(bias), tuple(map(float, lexicon)), terms, phrases


def _table(table: object, where: str, problems: _Problems) -> tuple[tuple[str, float], ...]:
    """A ``{folded phrase: weight}`` object as sorted pairs; its problems go to *problems*."""
    if not isinstance(table, dict):
        problems.append((where, f"expected an object of phrase: weight, found {_found(table)}"))
        return ()
    before = len(problems)
    if not _are_weights(list(table.values())):
        key = next(k for k, value in table.items() if _bad_weight(value))
        problems.append((where, f"at {key!r}: {_weight_problem(table[key])}"))
    if not _are_phrases(list(table)):
        key = next(k for k in table if not is_phrase(k) or len(k) > MAX_PHRASE_LENGTH)
        problems.append(
            (
                where,
                f"expected folded phrases (what tagging finds) of at most {MAX_PHRASE_LENGTH} "
                f"characters as keys, found {key!r:.80}",
            )
        )
    if len(problems) > before:
        return ()
    keys = sorted(table)  # strings only: fast, above all when sorted already (as written)
    return tuple(zip(keys, map(float, map(table.__getitem__, keys)), strict=True))


def _are_phrases(keys: list[str]) -> bool:
    """Whether every key is a folded phrase, checked in one match when all are ASCII."""
    if keys and max(map(len, keys)) > MAX_PHRASE_LENGTH:
        return False
    if are_ascii_phrases("\n".join(keys)):
        return True
    return all(map(is_phrase, keys))
