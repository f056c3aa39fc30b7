"""Fuzzing the packaged documents: every corrupted charter, lexicon and model is either
refused with a located `CharterDataError` or accepted, and then works; never another
exception, never a hang.

Each document is fuzzed two ways: structurally (a value of its data replaced, deleted,
edited, inserted, copied or swapped; the data validated without being parsed again)
and byte-wise (its file's bytes flipped, cut, inserted or duplicated, then parsed and
validated). With ``HYPOTHESIS_PROFILE=ci``, at least `PER_FILE` documents per file;
every one is loaded, and the first accepted ones (`FULL_CHECKS` per test) go through
every public operation (`tests.corruption.exercise`): tagging a changed lexicon
compiles new matchers, which is what costs.
"""

from __future__ import annotations

import os
import random
from collections import Counter
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.corruption import (
    FILES,
    Name,
    assert_located,
    exercise,
    load_data,
    load_text,
    packaged_data,
)
from unicancer import CharterDataError
from unicancer._checks import are_ascii_phrases
from unicancer._loading import read_data
from unicancer._text import is_phrase

CI = os.environ.get("HYPOTHESIS_PROFILE") == "ci"
#: Fuzzed documents per data file, structural and byte-wise together.
PER_FILE = 10_000 if CI else 300
#: The share of byte-wise documents: parsing the model's 300 kB costs more than validating.
BYTE_SHARE: dict[Name, float] = {"charter": 0.3, "lexicon": 0.3, "model": 0.1}
#: Accepted documents put through every public operation, per test.
FULL_CHECKS = 3 if CI else 1

NAMES: tuple[Name, ...] = ("charter", "lexicon", "model")
DATA = {name: packaged_data(name) for name in NAMES}
BYTES = {name: read_data(FILES[name]) for name in NAMES}

#: What each fuzzed document gave, by (file, way, outcome): the figures of the docs.
OUTCOMES: Counter[tuple[str, str, str]] = Counter()

Path = tuple[str | int, ...]


def _paths(data: Any, prefix: Path = ()) -> list[Path]:
    found: list[Path] = []
    children = (
        data.items()
        if isinstance(data, dict)
        else enumerate(data)
        if isinstance(data, list)
        else ()
    )
    for key, value in children:
        found.append((*prefix, key))
        found += _paths(value, (*prefix, key))
    return found


PATHS = {name: _paths(DATA[name]) for name in NAMES}

#: Characters that loading must refuse or take: controls, surrogates, bidirectional and
#: invisible ones, spaces of all kinds, marks, letters folding to several, punctuation.
TRICKY = (
    "\x00\x01\x1b\x7f\x85\t\n\r \u00a0\u2028\u3000\ud800\udfff\u202e\u2066\u061c\u200b\u200d"
    "\u2060\ufeff\u0301\ufe0f\u00df\u0130\u00e9E'\u2019-_.;,\"\\#*<>&/\U0001f600\u0645\u61b2a1"
)
#: JSON values of every type, and the numbers and texts at the edges of the rules.
LEAVES: tuple[object, ...] = (
    *(None, True, False, 0, -1, 1, 2, 10, 11, 600, 2**63, 10**400, -0.0, 0.5, 1e308, 1000.5),
    *(float("nan"), float("inf"), "", " ", "x", "1.6.0", "care", "a" * 201, [], {}),
)


def _text(rng: random.Random) -> str:
    return "".join(rng.choice(TRICKY) for _ in range(rng.randint(1, 6)))


def _value(rng: random.Random, depth: int = 0) -> object:
    """A JSON-compatible value: a leaf of `LEAVES`, a tricky text, or a small container."""
    kind = rng.randrange(8 if depth < 2 else 5)
    if kind < 3:
        return rng.choice(LEAVES)
    if kind == 3:
        return _text(rng)
    if kind == 4:
        return rng.choice([rng.randint(-(2**70), 2**70), rng.uniform(-1e6, 1e6)])
    if kind < 7:
        return [_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    return {_text(rng): _value(rng, depth + 1) for _ in range(rng.randint(0, 3))}


def _edit_text(rng: random.Random, text: str) -> str:
    at = rng.randint(0, len(text))
    edit = rng.randrange(5)
    if edit == 0:
        return text[:at] + _text(rng) + text[at:]
    if edit == 1:
        return text[:at] + text[at + rng.randint(1, 3) :]
    if edit == 2:
        return text.upper()
    if edit == 3:
        return text + " " + text
    return _text(rng)


def structural(name: Name, rng: random.Random) -> Any:
    """The packaged data of *name*, changed at one place (copied along its path only)."""
    data = DATA[name]
    path = rng.choice(PATHS[name])
    copy = _copy_along(data, path)
    parent = _at(copy, path[:-1])
    key, value = path[-1], parent[path[-1]]
    kinds = ["replace", "delete", "copy", "insert" if isinstance(parent, list) else "add key"]
    kind = "edit" if isinstance(value, str) and rng.random() < 0.5 else rng.choice(kinds)
    if kind == "replace":
        parent[key] = _value(rng)
    elif kind == "delete":
        del parent[key]
    elif kind == "edit":
        parent[key] = _edit_text(rng, value)
    elif kind == "copy":
        # The value at the same place of another item of the nearest array (a slug, a
        # number, a term of another principle), or else another item of that array.
        steps = [i for i, step in enumerate(path) if isinstance(step, int)]
        if steps:
            i = steps[-1]
            siblings = _at(data, path[:i])
            other = rng.randrange(len(siblings))
            try:
                parent[key] = _at(data, (*path[:i], other, *path[i + 1 :]))
            except (KeyError, IndexError, TypeError):
                parent[key] = siblings[other]
    elif kind == "insert":
        item = rng.choice(parent) if parent and rng.random() < 0.5 else _value(rng)
        parent.insert(rng.randint(0, len(parent)), item)
    else:
        parent[rng.choice([*parent, _text(rng)])] = _value(rng)
    return copy


def _at(data: Any, path: Path) -> Any:
    for step in path:
        data = data[step]
    return data


def _copy_along(data: Any, path: Path) -> Any:
    """*data*, its containers along *path* copied: the rest is shared, never changed."""
    root = copy = data.copy()
    for step in path[:-1]:
        copy[step] = copy[step].copy()
        copy = copy[step]
    return root


def bytewise(name: Name, rng: random.Random) -> bytes:
    """The packaged file of *name*, its bytes changed at one place."""
    original = BYTES[name]
    at = rng.randrange(len(original))
    kind = rng.randrange(6)
    if kind == 0:
        return original[:at] + bytes([rng.randrange(256)]) + original[at + 1 :]
    if kind == 1:
        return original[:at] + original[at + rng.randint(1, 16) :]
    if kind == 2:
        return original[:at] + rng.randbytes(rng.randint(1, 4)) + original[at:]
    if kind == 3:
        end = at + rng.randint(1, 64)
        return original[:end] + original[at:end] + original[end:]
    if kind == 4:
        return original[:at]
    return original[:at] + original[at + 1 : at + 2] + original[at : at + 1] + original[at + 2 :]


def _outcome(name: Name, way: str, load: Any) -> None:
    """Load a fuzzed document: refused and located, or accepted and (a sample) working."""
    try:
        document = load()
    except CharterDataError as error:
        assert_located(error, name)
        OUTCOMES[name, way, "refused"] += 1
        return
    OUTCOMES[name, way, "accepted"] += 1
    if OUTCOMES[name, way, "accepted"] <= FULL_CHECKS:
        exercise(name, document)
        OUTCOMES[name, way, "fully checked"] += 1


def _run(name: Name, way: str, examples: int) -> int:
    """Fuzz *examples* documents of *name* one *way*; return how many were loaded.

    Hypothesis draws a seed per document, from which the change is made: cheap, and
    a failure is reported with its seed, which makes the document again.
    """
    change = structural if way == "structural" else bytewise
    load = load_data if way == "structural" else load_text
    tried = [0]

    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.integers(0, 2**64 - 1))
    def fuzz(seed: int) -> None:
        changed = change(name, random.Random(f"{name} {way} {seed}"))
        tried[0] += 1
        _outcome(name, way, lambda: load(name, changed))

    fuzz()
    return tried[0]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("way", ["structural", "bytewise"])
def test_fuzzed_documents_are_refused_where_broken_or_work(name: Name, way: str) -> None:
    share = BYTE_SHARE[name] if way == "bytewise" else 1 - BYTE_SHARE[name]
    examples = round(PER_FILE * share)
    assert _run(name, way, examples) >= examples
    outcomes = {key[2]: count for key, count in OUTCOMES.items() if key[:2] == (name, way)}
    print(f"{name} {way}: {outcomes}")


@given(st.lists(st.text(alphabet="ab1 '\n\u00e9", max_size=6), min_size=1, max_size=4))
def test_the_fast_check_of_phrases_agrees_with_is_phrase(lines: list[str]) -> None:
    """`are_ascii_phrases`, which the loaders use on long lists, says what `is_phrase`
    says of each line (and no more: a non-ASCII line is left to `is_phrase`)."""
    joined = "\n".join(lines)
    expected = joined.isascii() and all(map(is_phrase, joined.split("\n")))
    assert are_ascii_phrases(joined) == expected
