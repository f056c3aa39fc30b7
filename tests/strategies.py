"""Shared hypothesis strategies.

Each strategy is a function named after what it draws; keep them independent, so that
helpers adding strategies for other features do not step on each other.
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import strategies as st

# --- Corrupted charter documents (exports: JSON Schema and loading) -----------------------------

#: A JSON value of each type, keyed by the JSON type name.
_JSON_SAMPLES: dict[str, st.SearchStrategy[Any]] = {
    "string": st.text(min_size=1, max_size=5).filter(str.strip),
    "integer": st.integers(-5, 50),
    "number": st.floats(allow_nan=False, allow_infinity=False).filter(lambda x: x != int(x)),
    "boolean": st.booleans(),
    "null": st.none(),
    "array": st.lists(st.integers(), max_size=2),
    "object": st.dictionaries(st.sampled_from(["a", "b"]), st.integers(), max_size=2),
}


def _json_type(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if value is None:
        return "null"
    return "array" if isinstance(value, list) else "object"


def _locations(value: object, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Every location in a JSON document, its root included."""
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _locations(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _locations(item, (*path, index))
    return found


def _at(document: Any, path: tuple[str | int, ...]) -> Any:
    for step in path:
        document = document[step]
    return document


@st.composite
def corrupted_charter_documents(draw: st.DrawFn, valid: dict[str, Any]) -> tuple[str, Any]:
    """A copy of the *valid* charter document broken in one place.

    Returns ``(what was done, the broken document)``: a value replaced by one
    of another JSON type, a key removed from an object, or an unknown key
    added to an object. Every such document breaks the data format.
    """
    document = copy.deepcopy(valid)
    locations = _locations(document)
    objects = [p for p in locations if isinstance(_at(document, p), dict)]
    kind = draw(st.sampled_from(["type", "missing", "unknown"]))
    if kind == "type":
        path = draw(st.sampled_from(locations))
        old = _at(document, path)
        new_type = draw(st.sampled_from(sorted(set(_JSON_SAMPLES) - {_json_type(old)})))
        new = draw(_JSON_SAMPLES[new_type])
        if not path:
            return f"document replaced by {new!r}", new
        _at(document, path[:-1])[path[-1]] = new
        return f"{path} changed from {_json_type(old)} to {new!r}", document
    path = draw(st.sampled_from(objects))
    target = _at(document, path)
    if kind == "missing":
        key = draw(st.sampled_from(sorted(target)))
        del target[key]
        return f"{path} lost key {key!r}", document
    key = draw(st.text(min_size=1, max_size=8).filter(lambda k: k not in target))
    target[key] = draw(st.one_of(*_JSON_SAMPLES.values()))
    return f"{path} got unknown key {key!r}", document
