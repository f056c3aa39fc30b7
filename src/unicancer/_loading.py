"""Reading and writing charter documents as JSON text, and the packaged data.

`loads` parses strictly (no ``NaN``, no duplicate keys, no number beyond Python's
limit), locating every problem of the JSON text by line and column, then
`unicancer._convert.structure` validates the data against the model.

The packaged documents are loaded without that converter when their bytes are those
that the tests validate (`PACKAGED_SHA256`): importing cattrs would cost more than the
rest of ``from unicancer import charter``. Any other bytes are validated.
"""

from __future__ import annotations

import _thread  # `threading` would cost more to import than loading the charter
import json
import os
import sys
from types import MappingProxyType
from typing import IO, TYPE_CHECKING, Any, TypeVar, overload

from ._errors import CharterDataError, InvalidTypeError
from ._model import Charter, Mission, Principle, canonical_bytes

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from typing import TypeAlias

    from ._convert import Document
    from ._lexicon import Lexicon

    Source: TypeAlias = str | os.PathLike[str] | IO[str] | IO[bytes]

_D = TypeVar("_D", "Charter", "Lexicon")
_T = TypeVar("_T")

__all__ = [
    "CHARTER_PARTS",
    "PACKAGED_SHA256",
    "canonical_bytes",
    "document_of",
    "dumps",
    "forget_packaged",
    "load",
    "loads",
    "packaged",
    "packaged_data",
    "packaged_document",
    "parse_json",
    "unstructure",
]


class _JSONRuleError(ValueError):
    """Raised by the parser's hooks; `_locate` then finds where, and says what."""


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _JSONRuleError("duplicate key")
    return result


def _reject_constant(name: str) -> object:
    raise _JSONRuleError(f"{name} is not valid JSON")


def _locate(text: str) -> tuple[int, str] | None:
    """The offset in *text* of its first number, constant or key that strict JSON
    refuses, and what is wrong there; in one pass (for the error message only)."""
    import re

    limit = getattr(sys, "get_int_max_str_digits", lambda: 0)()
    tokens = re.compile(
        r'(?P<string>"(?:[^"\\]|\\.)*")\s*(?P<colon>:)?'
        r"|(?P<constant>-?Infinity|NaN)"
        r"|(?P<int>-?[0-9]+)(?P<fraction>(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)"
        r"|(?P<open>\{)|(?P<close>\})",
        re.DOTALL,
    )
    objects: list[set[str]] = []
    for token in tokens.finditer(text):
        if token["open"]:
            objects.append(set())
        elif token["close"] and objects:
            objects.pop()
        elif token["constant"]:
            return token.start(), f"{token['constant']} is not valid JSON"
        elif token["int"] and not token["fraction"] and limit:
            digits = len(token["int"].lstrip("-"))
            if digits > limit:
                return token.start(), f"an integer of {digits} digits (the limit is {limit})"
        elif token["colon"] and objects:
            key = json.loads(token["string"])
            if key in objects[-1]:
                return token.start(), f"duplicate key {key!r} in a JSON object"
            objects[-1].add(key)
    return None


def _position(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    return f"line {line}, column {offset - text.rfind(chr(10), 0, offset)}"


def _decoded(text: str | bytes) -> str:
    """*text* as `json.loads` decodes it (the text of its problems' positions)."""
    if isinstance(text, str):
        return text
    return text.decode(json.detect_encoding(text), "surrogatepass")


def _deepest(text: str) -> tuple[int, int]:
    """How deep *text*'s arrays and objects nest, and where they first do (for an error)."""
    import re

    depth, deepest, offset = 0, 0, 0
    for token in re.finditer(r'"(?:[^"\\]|\\.)*"|[\[{]|[\]}]', text):
        char = token.group()
        if char in "[{":
            depth += 1
            if depth > deepest:
                deepest, offset = depth, token.start()
        elif char in "]}":
            depth -= 1
    return deepest, offset


def parse_json(text: str | bytes, document: str) -> object:
    """*text* parsed as strict JSON; its problems as a `CharterDataError` of *document*."""
    try:
        return json.loads(
            text, object_pairs_hook=_no_duplicate_keys, parse_constant=_reject_constant
        )
    except json.JSONDecodeError as exc:
        problem = f"not valid JSON: {exc.msg} ({_position(exc.doc, exc.pos)})"
        raise CharterDataError([("", problem)], document) from exc
    except RecursionError as exc:
        decoded = _decoded(text)
        depth, offset = _deepest(decoded)
        problem = (
            "not a valid document: arrays or objects nested too deeply "
            f"({depth} levels at {_position(decoded, offset)})"
        )
        raise CharterDataError([("", problem)], document) from exc
    except UnicodeDecodeError as exc:
        assert isinstance(text, bytes)
        line = text.count(b"\n", 0, exc.start) + 1
        column = exc.start - text.rfind(b"\n", 0, exc.start)
        where = f"byte {exc.start}, line {line}, column {column}"
        problem = f"not valid JSON: not {exc.encoding} text: {exc.reason} ({where})"
        raise CharterDataError([("", problem)], document) from exc
    except ValueError as exc:  # a hook's, or an integer beyond the limit
        decoded = _decoded(text)
        found = _locate(decoded)
        problem = f"{found[1]} ({_position(decoded, found[0])})" if found else str(exc)
        raise CharterDataError([("", f"not valid JSON: {problem}")], document) from exc


@overload
def loads(text: str | bytes) -> Charter: ...
@overload
def loads(text: str | bytes, cls: type[_D]) -> _D: ...
def loads(text: str | bytes, cls: Any = Charter) -> Any:  # the overloads type it
    """Parse and validate a charter (or, with *cls*, a `Lexicon`) from JSON *text*.

    The counterpart of `json.loads`; the same rules apply as for the
    packaged data.

    Raises:
        CharterDataError: *text* is not JSON, or not a valid charter (lexicon);
            a problem of the JSON text gives its line and column.
        InvalidTypeError: *text* is neither a `str` nor `bytes`.

    >>> import unicancer
    >>> unicancer.loads('{"version": "1.0.0"}')
    Traceback (most recent call last):
    ...
    unicancer.CharterDataError: invalid charter data (11 problems):
      title: required key is missing
    ...
    """
    if not isinstance(text, (str, bytes)):
        raise InvalidTypeError(f"expected JSON text as str or bytes, not {type(text).__name__}")
    from ._convert import structure

    return structure(parse_json(text, cls.__name__.lower()), cls)


@overload
def load(source: Source) -> Charter: ...
@overload
def load(source: Source, cls: type[_D]) -> _D: ...
def load(source: Source, cls: Any = Charter) -> Any:  # the overloads type it
    """Read and validate a charter (or a `Lexicon`) from a path or an open file.

    The counterpart of `json.load`, for users who keep a pinned copy of
    the data; the same rules apply as for the packaged data.

    Raises:
        CharterDataError: The file is not JSON, or not a valid charter (lexicon).
        InvalidTypeError: *source* is neither a path nor an open file.
        OSError: The file cannot be read.
    """
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as f:
            return loads(f.read(), cls)
    read = getattr(source, "read", None)
    if not callable(read):
        raise InvalidTypeError(
            "expected a path (str or os.PathLike) or an open file, "
            f"not {type(source).__name__} {source!r:.60}"
        )
    return loads(read(), cls)


def unstructure(obj: Charter | Principle | Mission | Lexicon) -> dict[str, object]:
    """Return a charter, principle, mission or lexicon as JSON-compatible data.

    The result holds only dicts, lists, str and int; `loads` reads a
    charter's back equal.

    >>> from unicancer import charter, unstructure
    >>> unstructure(charter.mission("care"))
    {'id': 'care', 'label': 'soins', 'label_en': 'care', 'text': 'de soins'}
    """
    from ._convert import unstructure

    return unstructure(obj)


def dumps(document: Document, *, indent: int | None = 2) -> str:
    """Serialise a charter (or lexicon) to JSON text that `loads` reads back equal."""
    return json.dumps(unstructure(document), ensure_ascii=False, indent=indent) + "\n"


_lock = _thread.allocate_lock()
_packaged: dict[str, Any] = {}


def read_data(name: str) -> bytes:
    """The bytes of the packaged ``unicancer/data/NAME``, wherever the package lives.

    The package's loader reads it (`importlib.abc.ResourceLoader.get_data`, what
    a directory, a wheel's installation or a zip file all provide); only a loader
    without ``get_data`` costs the import of `importlib.resources`, which on its
    own takes longer than loading the charter.
    """
    package = sys.modules[__package__]
    get_data = getattr(getattr(package.__spec__, "loader", None), "get_data", None)
    if get_data is not None and package.__file__ is not None:
        path = os.path.join(os.path.dirname(package.__file__), "data", name)
        data: bytes = get_data(path)
        return data
    from importlib.resources import files  # pragma: no cover - exotic loaders

    return files(__package__).joinpath(f"data/{name}").read_bytes()


def packaged_data(name: str, load: Callable[[bytes], _T]) -> _T:
    """Return the packaged ``data/NAME`` as *load* makes it of its bytes, loaded once
    per process, even when many threads ask for it first."""
    if name not in _packaged:
        with _lock:
            if name not in _packaged:
                _packaged[name] = load(read_data(name))
    loaded: _T = _packaged[name]
    return loaded


def forget_packaged(name: str) -> None:
    """Load ``data/NAME`` anew when next asked for (``tools/train.py`` rewrites one)."""
    with _lock:
        _packaged.pop(name, None)


#: The SHA-256 of each packaged document whose data `loads` validates
#: (``tests/test_loading.py`` checks both): `packaged_document` builds the model from
#: those bytes directly. Edit a file, and its digest changes with its version.
PACKAGED_SHA256 = MappingProxyType(
    {
        "charter.json": "517151e935b00d47de01545bb0e6d718c067eb8c605c7ff8dc2ff880b7698d42",
        "lexicon.json": "629bf1b41d15d10324ae9825abb2b2321d765eb33e25c5c28aa0a9786d69d634",
    }
)


def packaged_document(name: str, cls: type[_D], parts: Mapping[str, Callable[..., object]]) -> _D:
    """Return the packaged ``data/NAME`` as a *cls*, loaded once (thread-safe).

    *parts* names the class of each field that is an array of objects. The packaged
    bytes, known valid, are built directly (no converter imported); any others (a copy
    edited or damaged) are validated by `loads`, with its errors.
    """
    built: _D = packaged_data(name, lambda data: document_of(data, name, cls, parts))
    return built


def document_of(
    data: bytes, name: str, cls: type[_D], parts: Mapping[str, Callable[..., object]]
) -> _D:
    """The *cls* of *data*, the bytes of ``data/NAME`` (see `packaged_document`)."""
    if _sha256(data) != PACKAGED_SHA256.get(name):
        return loads(data, cls)
    document = json.loads(data)
    fields = _tuples(document)
    for key, part in parts.items():
        fields[key] = tuple(part(**_tuples(item)) for item in document[key])
    return cls(**fields)


#: The class of each field of the charter that is an array of objects.
CHARTER_PARTS = MappingProxyType({"missions": Mission, "principles": Principle})


def packaged() -> Charter:
    """Return the charter packaged with unicancer, loaded once (thread-safe)."""
    return packaged_document(
        "charter.json", Charter, {"missions": Mission, "principles": Principle}
    )


def _tuples(data: dict[str, Any]) -> dict[str, Any]:
    """*data*, its arrays as tuples (the model's type for every array)."""
    return {key: tuple(value) if type(value) is list else value for key, value in data.items()}


def _sha256(data: bytes) -> str:
    """The SHA-256 of *data*, in hex: from the interpreter's own module, if it has one
    (`hashlib` would first load OpenSSL's, which costs as much as loading the charter)."""
    try:
        from _sha256 import sha256  # type: ignore[import-not-found,unused-ignore]  # 3.10, 3.11
    except ImportError:
        try:
            from _sha2 import sha256  # type: ignore[import-not-found,unused-ignore]  # 3.12+
        except ImportError:  # an interpreter built without them
            from hashlib import sha256
    digest: str = sha256(data).hexdigest()
    return digest
