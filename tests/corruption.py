"""Corrupting the packaged documents, and what must follow: a located refusal, or a
document on which every public operation works.

The corruption catalogue (``tests/data/corruptions.json``) is data: each kind names its
document (``charter``, ``lexicon`` or ``model``), an operation (`apply` reads it) and its
expected outcome. The fuzz tests (``tests/property/test_fuzz_documents.py``) draw their
own corruptions and hold every document to the same two outcomes.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from collections.abc import Iterator
from typing import Any, Literal, TypeAlias

import attrs

import unicancer
from tests.paths import DATA
from unicancer import Charter, CharterDataError, Lexicon, Tagger, _loading, _scoring, export
from unicancer._cli import main
from unicancer._convert import structure
from unicancer._loading import read_data
from unicancer._scoring import Model, from_data, loads_model

Name: TypeAlias = Literal["charter", "lexicon", "model"]
Document: TypeAlias = Charter | Lexicon | Model
Step: TypeAlias = str | int

#: The packaged file of each document.
FILES: dict[Name, str] = {
    "charter": "charter.json",
    "lexicon": "lexicon.json",
    "model": "model.json",
}
CATALOGUE_PATH = DATA / "corruptions.json"


def catalogue() -> list[dict[str, Any]]:
    """The corruption kinds, as the catalogue file lists them."""
    kinds: list[dict[str, Any]] = json.loads(CATALOGUE_PATH.read_text(encoding="utf-8"))["kinds"]
    return kinds


# --- loading ------------------------------------------------------------------------------


def load_text(name: Name, text: bytes) -> Document:
    """The document *name* of JSON *text*, as its public loader reads it."""
    if name == "charter":
        return unicancer.loads(text)
    if name == "lexicon":
        return unicancer.loads(text, Lexicon)
    return loads_model(text)


def load_data(name: Name, data: object) -> Document:
    """The document *name* of JSON-compatible *data*: validation without parsing."""
    if name == "charter":
        return structure(data, Charter)
    if name == "lexicon":
        return structure(data, Lexicon)
    return from_data(data)


def packaged_data(name: Name) -> Any:
    """The packaged document *name* as JSON-compatible data (a fresh copy)."""
    return json.loads(read_data(FILES[name]))


# --- the catalogue's operations -----------------------------------------------------------

_STEP = re.compile(r"\.?([A-Za-z_]+)|\[(\d+)\]")
_RAW = "@@raw value@@"


def steps(path: str) -> list[Step]:
    """``"principles[3].number"`` -> ``["principles", 3, "number"]``."""
    found: list[Step] = [
        match[1] if match[1] is not None else int(match[2]) for match in _STEP.finditer(path)
    ]
    assert "".join(m.group() for m in _STEP.finditer(path)) == path, path
    return found


def _at(data: Any, path: list[Step]) -> Any:
    for step in path:
        data = data[step]
    return data


def _with_raw(data: Any, path: list[Step], raw: str) -> bytes:
    """*data* as JSON text, the value at *path* written as the JSON text *raw*."""
    _at(data, path[:-1])[path[-1]] = _RAW
    text = json.dumps(data, indent=1)
    assert text.count(json.dumps(_RAW)) == 1
    return text.replace(json.dumps(_RAW), raw).encode()


def apply(name: Name, operation: dict[str, Any]) -> bytes:
    """The packaged document *name*'s JSON text, with *operation* done to it."""
    op = operation["op"]
    original = read_data(FILES[name])
    if op in _BYTE_OPERATIONS:
        changed: bytes = _BYTE_OPERATIONS[op](original, operation)
        return changed
    data = json.loads(original)
    path = steps(operation.get("path", ""))
    parent: Any = _at(data, path[:-1]) if path else None
    if op == "set":
        parent[path[-1]] = operation["value"]
    elif op == "set-raw":
        return _with_raw(data, path, operation["json"] * operation.get("times", 1))
    elif op == "nest":
        depth = operation["depth"]
        return _with_raw(data, path, "[" * depth + "]" * depth)
    elif op == "duplicate-key":
        value = json.dumps(parent[path[-1]])
        return _with_raw(data, path, f"{value}, {json.dumps(path[-1])}: {value}")
    elif op == "delete":
        del parent[path[-1]]
    elif op == "add":
        _at(data, path)[operation["key"]] = operation["value"]
    elif op == "insert":
        target, index = _at(data, path), operation["index"]
        value = (
            _at(data, steps(operation["copy_of"])) if "copy_of" in operation else operation["value"]
        )
        target.insert(len(target) if index == -1 else index, value)
    elif op == "copy":
        value = _at(data, steps(operation["from"]))
        parent[path[-1]] = value.upper() if operation.get("upper") else value
    elif op == "swap":
        other = steps(operation["with"])
        first, second = _at(data, path), _at(data, other)
        parent[path[-1]], _at(data, other[:-1])[other[-1]] = second, first
    elif op == "affix":
        parent[path[-1]] = (
            operation.get("prefix", "") + parent[path[-1]] + operation.get("suffix", "")
        )
    elif op == "repeat":
        parent[path[-1]] = parent[path[-1]] * operation["times"]
    elif op == "truncate-list":
        del _at(data, path)[operation["keep"] :]
    elif op == "reformat":
        return _reformat(data, operation).encode(operation.get("encoding", "utf-8"))
    else:
        raise AssertionError(f"unknown operation {op!r}")
    return json.dumps(data, indent=1).encode()


def _reformat(data: Any, operation: dict[str, Any]) -> str:
    if operation.get("reverse_keys"):
        data = _reversed_keys(data)
    return json.dumps(
        data,
        indent=operation.get("indent"),
        ensure_ascii=operation.get("ensure_ascii", True),
        sort_keys=operation.get("sort_keys", False),
    )


def _reversed_keys(data: Any) -> Any:
    if isinstance(data, dict):
        return {key: _reversed_keys(data[key]) for key in reversed(list(data))}
    if isinstance(data, list):
        return [_reversed_keys(item) for item in data]
    return data


def _bytes_of(operation: dict[str, Any]) -> bytes:
    if "hex" in operation:
        return bytes.fromhex(operation["hex"])
    text: str = operation["text"]
    return text.encode("utf-8", "surrogatepass")


def _offset(original: bytes, operation: dict[str, Any]) -> int:
    """Where an operation acts: after the first occurrence of ``after``, or at ``at``
    (a fraction of the length, or a count of bytes from the end when negative)."""
    if "after" in operation:
        found = original.index(operation["after"].encode())
        return found + len(operation["after"].encode())
    at = operation["at"]
    return int(len(original) * at) if isinstance(at, float) else at % len(original)


_BYTE_OPERATIONS = {
    "truncate": lambda b, o: b[: _offset(b, o)],
    "prepend": lambda b, o: _bytes_of(o) + b,
    "append": lambda b, o: b + _bytes_of(o),
    "insert-bytes": lambda b, o: b[: _offset(b, o)] + _bytes_of(o) + b[_offset(b, o) :],
    "replace-bytes": lambda b, o: b.replace(o["old"].encode(), _bytes_of(o), o.get("count", -1)),
    "encode": lambda b, o: b.decode("utf-8").encode(o["encoding"], o.get("errors", "strict")),
    "whole": lambda b, o: _bytes_of(o) * o.get("times", 1),
}


# --- the outcomes -------------------------------------------------------------------------

_TEXT_LOCATION = re.compile(r"line \d+, column \d+")


def assert_located(error: CharterDataError, name: Name) -> None:
    """*error* is one of document *name*, every problem located: at a path in the data
    (``""`` is the document itself), and a problem of the JSON text at a line and column."""
    assert error.document == name, error
    assert error.problems, error
    for path, message in error.problems:
        assert message, error
        assert f"{path or '<document>'}: {message}" in str(error)
        if message.startswith(("not valid JSON", "not a valid document")):
            assert path == "", error
            assert _TEXT_LOCATION.search(message), error


def charter_of_version(version: str) -> Charter:
    """The packaged charter, with data version *version* (to pair with a document)."""
    charter = unicancer.charter
    return charter if charter.version == version else attrs.evolve(charter, version=version)


#: A text to tag: terms of several principles, in both languages, longer than a window.
SAMPLE = (
    "Nos patients partenaires siègent au comité de patients. L'égalité d'accès aux soins "
    "et l'innovation en recherche clinique guident l'enseignement. "
    "Patient partnership, equal access to care and continuing education for professionals. "
) * 4


def _sample(document: Document) -> str:
    """`SAMPLE`, and words of *document* itself (its first keyword or term of each entry)."""
    words: list[str] = []
    if isinstance(document, Charter):
        words = [p.keywords[0] for p in document.principles]
    elif isinstance(document, Lexicon):
        words = [e.terms[0] for e in document.principles if e.terms]
    else:
        words = [w.phrases[0][0] for w in document.principles if w.phrases]
    return SAMPLE + " ; ".join(words) + "."


def _tag_everything(tagger: Tagger, text: str) -> None:
    tags = tagger.tag(text)
    for tag in tags:
        assert 0 <= tag.score <= 1
        assert all(h.weight == h.weight for h in tag.hits)  # no NaN
    probabilities = tagger.probabilities(text, lang="fr")
    assert all(0 <= p <= 1 for p in probabilities.values())
    assert tagger.hits(text) is not None
    explained = tagger.explain(text, tagger.terms[0].principle)
    assert 0 <= explained.score <= 1
    assert list(tagger.tag_many([text[:200], ""])) is not None


@contextlib.contextmanager
def packaged_as(name: Name, document: Document) -> Iterator[None]:
    """The packaged document *name* is *document* for a while (what the CLI reads)."""
    if name == "model":
        original = _scoring.packaged_model
        _scoring.packaged_model = lambda: document  # type: ignore[assignment, return-value]
        try:
            yield
        finally:
            _scoring.packaged_model = original
        return
    key = FILES[name]
    previous = _loading._packaged.get(key)
    _loading._packaged[key] = document
    try:
        yield
    finally:
        if previous is None:
            del _loading._packaged[key]
        else:
            _loading._packaged[key] = previous


def _show(*argv: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["show", *argv]) == 0
    return out.getvalue()


def exercise(name: Name, document: Document) -> None:
    """Every public operation on an accepted *document*: none may raise."""
    assert len(document.digest) == 64
    text = _sample(document)
    if isinstance(document, Charter):
        assert unicancer.loads(unicancer.dumps(document)) == document
        for p in document.principles:
            assert document.principle(p.number) == document.principle(p.slug) == p
            assert p in document
            assert document.get(p.slug) == p
        for m in document.missions:
            assert document.mission(m.id) == m
            assert document.principles_for(m) is not None
        for fmt in export.FORMATS:
            assert export.dump(document, fmt)
        assert export.to_markdown(document, lang="en")
        assert export.to_csv(document, bom=True)
        assert document.search(document.principles[0].keywords[0])
        _tag_everything(Tagger(charter=document), text)
        with packaged_as("charter", document):
            assert document.title in _show()
            assert document.title_en in _show("--lang", "en")
            assert json.loads(_show("--json")) == unicancer.unstructure(document)
            assert document.principles[0].slug in _show("1")
    elif isinstance(document, Lexicon):
        assert unicancer.loads(unicancer.dumps(document), Lexicon) == document
        assert [document.entry(n).number for n in range(1, 11)] == list(range(1, 11))
        charter = charter_of_version(document.version)
        _tag_everything(Tagger(charter=charter, lexicon=document), text)
    else:
        charter = charter_of_version(document.version)
        with packaged_as("model", document):
            _tag_everything(Tagger(charter=charter), text)
