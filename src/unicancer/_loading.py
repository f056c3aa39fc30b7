"""Reading and validating charter documents.

One cattrs converter, configured once, turns JSON into the frozen model.
It is strict where cattrs' defaults are lenient: ``"3"`` is not an int,
``42`` is not a str, a str is not a list, and unknown keys are refused.
Every problem is reported as a `CharterDataError` naming where in the data
it occurred (``principles[3].number``) and what was found there.
"""

from __future__ import annotations

import _thread  # `threading` would cost more to import than loading the charter
import json
import os
import sys
from collections.abc import Callable, Iterator
from typing import IO, TYPE_CHECKING, Any, TypeVar, cast, get_args, get_origin, overload

import attrs
import cattrs

from ._errors import CharterDataError, InvalidTypeError
from ._model import Charter, Mission, MissionId, Principle

if TYPE_CHECKING:
    from typing import TypeAlias

    from ._lexicon import Lexicon

    #: What unicancer reads and writes: the charter, or the tagging lexicon.
    Document: TypeAlias = Charter | Lexicon
    Source: TypeAlias = str | os.PathLike[str] | IO[str] | IO[bytes]

_D = TypeVar("_D", "Charter", "Lexicon")

__all__ = ["canonical_bytes", "converter", "dumps", "load", "loads", "packaged"]

#: The number of principles in the charter.
PRINCIPLE_COUNT = 10
_MISSION_IDS: tuple[str, ...] = get_args(MissionId)
_SLUG_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


# Plain code rather than regular expressions: compiling those costs more than loading.
def is_slug(text: str) -> bool:
    """Whether *text* is lowercase ASCII words and digits joined by single hyphens."""
    return all(word and _SLUG_CHARACTERS.issuperset(word) for word in text.split("-"))


def is_version(text: str) -> bool:
    """Whether *text* is a ``MAJOR.MINOR.PATCH`` version without leading zeros."""
    parts = text.split(".")
    return len(parts) == 3 and all(
        part.isascii() and part.isdigit() and (part == "0" or part[0] != "0") for part in parts
    )


def _found(value: object) -> str:
    """Describe a value found in the data, for an error message."""
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(value).__name__} {text}"


def _structure_str(value: object, _: type) -> str:
    """Every text of the charter is a non-empty, single-spaced str."""
    if type(value) is not str:
        raise TypeError(f"expected a string, found {_found(value)}")
    if value != " ".join(value.split()) or not value:
        if not value.strip():
            raise ValueError(f"expected a non-empty text, found {value!r}")
        raise ValueError(
            "expected a single-spaced text (no line breaks, tabs, double or edge spaces)"
        )
    return value


def _structure_int(value: object, _: type) -> int:
    if type(value) is not int:
        raise TypeError(f"expected an integer, found {_found(value)}")
    return value


def _structure_mission_id(value: object, _: type) -> str:
    if value not in _MISSION_IDS or type(value) is not str:
        expected = ", ".join(map(repr, _MISSION_IDS))
        raise ValueError(f"expected a mission id ({expected}), found {_found(value)}")
    return value


def _is_homogeneous_tuple(type_: Any) -> bool:
    args = get_args(type_)
    return get_origin(type_) is tuple and len(args) == 2 and args[1] is Ellipsis


class _Invalid(Exception):
    """Problems found while structuring a value, at paths relative to it."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__(problems)
        self.problems = problems


def _structure_at(
    key: str | int, hook: Callable[[Any, Any], Any], value: object, type_: Any, into: list[Any]
) -> object:
    """``hook(value, type_)``; its problems are appended to *into*, under *key*.

    *key* is the field name or the array index at which *value* was found.
    """
    try:
        return hook(value, type_)
    except _Invalid as exc:
        prefix = _prefix(key)
        into += [(prefix + path, message) for path, message in exc.problems]
    except (TypeError, ValueError) as exc:
        into.append((_prefix(key), str(exc)))
    return None


def _prefix(key: str | int) -> str:
    """The path step to *key*: ``.name`` or ``[index]`` (``""`` for the document)."""
    if isinstance(key, int):
        return f"[{key}]"
    return f".{key}" if key else ""


def _are_clean_texts(values: list[Any] | tuple[Any, ...]) -> bool:
    """Whether `_structure_str` accepts every value: the common case, checked fast.

    The lexicon makes lists of texts the bulk of the data; this check runs
    in C iterators, and only a failing list is structured item by item to
    say which item is wrong.
    """
    if not set(map(type, values)) <= {str} or not all(values):
        return False
    # Printable: no whitespace but " " (no line breaks, tabs, no-break spaces...),
    # and then "\n" cannot occur inside a value, so it marks their edges.
    joined = "\n".join(values)
    return (
        all(map(str.isprintable, values))
        and "  " not in joined
        and " \n" not in joined
        and "\n " not in joined
        and joined[:1] != " " != joined[-1:]
    )


def _tuple_structure_factory(type_: Any, conv: cattrs.BaseConverter) -> Callable[[Any, Any], Any]:
    (item_type, _) = get_args(type_)
    structure_item = conv.get_structure_hook(item_type)

    def structure(value: object, _: type) -> tuple[object, ...]:
        if not isinstance(value, (list, tuple)):
            raise TypeError(f"expected an array, found {_found(value)}")
        if item_type is str and _are_clean_texts(value):
            return tuple(value)
        problems: list[tuple[str, str]] = []
        items = tuple(
            _structure_at(i, structure_item, item, item_type, problems)
            for i, item in enumerate(value)
        )
        if problems:
            raise _Invalid(problems)
        return items

    return structure


def _tuple_unstructure_factory(type_: Any, conv: cattrs.BaseConverter) -> Callable[[Any], Any]:
    (item_type, _) = get_args(type_)
    unstructure_item = conv.get_unstructure_hook(item_type)
    return lambda value: [unstructure_item(item) for item in value]


def _class_structure_factory(cls: Any, conv: cattrs.BaseConverter) -> Callable[[Any, Any], Any]:
    """Structure an attrs class from a JSON object, strictly, reporting every problem.

    A plain loop over the fields rather than cattrs' generated code: compiling
    that code would cost more than loading the whole charter.
    """
    fields = [
        (field.name, conv.get_structure_hook(field.type), field.type)
        for field in attrs.fields(attrs.resolve_types(cls))
    ]
    names = [name for name, _, _ in fields]

    def structure(value: object, _: type) -> object:
        if not isinstance(value, dict):
            raise TypeError(f"expected an object, found {_found(value)}")
        problems: list[tuple[str, str]] = []
        kwargs = {}
        for name, hook, type_ in fields:
            if name in value:
                kwargs[name] = _structure_at(name, hook, value[name], type_, problems)
            else:
                problems.append((f".{name}", "required key is missing"))
        unknown = ", ".join(repr(key) for key in sorted(value) if key not in names)
        if unknown:
            problems.append(("", f"unknown key(s) {unknown}; expected only {', '.join(names)}"))
        if problems:
            raise _Invalid(problems)
        return cls(**kwargs)

    return structure


def _make_converter() -> cattrs.BaseConverter:
    conv = cattrs.BaseConverter()
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook_func(lambda t: t == MissionId, _structure_mission_id)
    conv.register_structure_hook_factory(_is_homogeneous_tuple, _tuple_structure_factory)
    conv.register_unstructure_hook_factory(_is_homogeneous_tuple, _tuple_unstructure_factory)
    conv.register_structure_hook_factory(attrs.has, _class_structure_factory)
    return conv


#: The converter between the model and JSON-compatible data.
converter = _make_converter()


def numbering_problems(numbers: list[int], what: str) -> Iterator[tuple[str, str]]:
    """``principles`` must hold PRINCIPLE_COUNT *what*, numbered 1 to 10 in order."""
    if len(numbers) != PRINCIPLE_COUNT:
        yield "principles", f"expected {PRINCIPLE_COUNT} {what}, found {len(numbers)}"
    for index, number in enumerate(numbers):
        if number != index + 1:
            yield (
                f"principles[{index}].number",
                f"expected {index + 1} ({what} are numbered 1 to {PRINCIPLE_COUNT} "
                f"in order, without gaps or duplicates), found {number}",
            )


def _principle_problems(
    index: int, p: Principle, seen: dict[str, int]
) -> Iterator[tuple[str, str]]:
    where = f"principles[{index}]"
    if not is_slug(p.slug):
        yield f"{where}.slug", f"expected lowercase words joined by hyphens, found {p.slug!r}"
    elif p.slug in seen:
        first = seen[p.slug]
        yield f"{where}.slug", f"duplicate slug {p.slug!r}, already used by principles[{first}]"
    else:
        seen[p.slug] = index
    if not p.missions:
        yield f"{where}.missions", "expected at least one mission, found none"
    elif len(set(p.missions)) != len(p.missions):
        yield f"{where}.missions", f"expected distinct missions, found {list(p.missions)}"
    for field in ("keywords", "keywords_en"):
        if not getattr(p, field):
            yield f"{where}.{field}", "expected at least one keyword, found none"


def _rule_problems(charter: Charter) -> Iterator[tuple[str, str]]:
    """The charter's own rules, checked once the types are right."""
    if not is_version(charter.version):
        yield "version", f"expected a version MAJOR.MINOR.PATCH, found {charter.version!r}"
    ids = tuple(m.id for m in charter.missions)
    if ids != _MISSION_IDS:
        yield "missions", f"expected the missions {list(_MISSION_IDS)} in order, found {list(ids)}"
    if len(charter.preamble_en) != len(charter.preamble):
        yield (
            "preamble_en",
            f"expected {len(charter.preamble)} paragraphs (as in preamble), "
            f"found {len(charter.preamble_en)}",
        )
    yield from numbering_problems([p.number for p in charter.principles], "principles")
    seen: dict[str, int] = {}
    for index, principle in enumerate(charter.principles):
        yield from _principle_problems(index, principle, seen)


def _rules(document: Document) -> list[tuple[str, str]]:
    if isinstance(document, Charter):
        return list(_rule_problems(document))
    from ._lexicon import rule_problems

    return rule_problems(document)


def structure(data: object, cls: type[_D]) -> _D:
    """Validate JSON-compatible *data* and return the *cls* it describes.

    *cls* is `Charter` or `Lexicon`.

    Raises:
        CharterDataError: The data is malformed or breaks a rule of *cls*.
    """
    problems: list[tuple[str, str]] = []
    structured = _structure_at("", converter.structure, data, cls, problems)
    if problems:
        raise CharterDataError((path.removeprefix("."), message) for path, message in problems)
    document = cast(_D, structured)
    problems = _rules(document)
    if problems:
        raise CharterDataError(problems)
    return document


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        keys = [key for key, _ in pairs]
        duplicates = sorted({key for key in keys if keys.count(key) > 1})
        raise ValueError(f"duplicate key(s) {', '.join(map(repr, duplicates))} in a JSON object")
    return result


def _reject_constant(name: str) -> object:
    raise ValueError(f"{name} is not valid JSON")


@overload
def loads(text: str | bytes) -> Charter: ...
@overload
def loads(text: str | bytes, cls: type[_D]) -> _D: ...
def loads(text: str | bytes, cls: Any = Charter) -> Any:  # the overloads type it
    """Parse and validate a charter (or, with *cls*, a `Lexicon`) from JSON *text*.

    The counterpart of `json.loads`; the same rules apply as for the
    packaged data.

    Raises:
        CharterDataError: *text* is not JSON, or not a valid charter (lexicon).

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
    try:
        data = json.loads(
            text, object_pairs_hook=_no_duplicate_keys, parse_constant=_reject_constant
        )
    except json.JSONDecodeError as exc:
        raise CharterDataError(
            [("", f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})")]
        ) from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise CharterDataError([("", f"not valid JSON: {exc}")]) from exc
    return structure(data, cls)


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
        OSError: The file cannot be read.
    """
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as f:
            return loads(f.read(), cls)
    return loads(source.read(), cls)


def unstructure(obj: Charter | Principle | Mission | Lexicon) -> dict[str, object]:
    """Return a charter, principle, mission or lexicon as JSON-compatible data.

    The result holds only dicts, lists, str and int; `loads` reads a
    charter's back equal.

    >>> from unicancer import charter, unstructure
    >>> unstructure(charter.mission("care"))
    {'id': 'care', 'label': 'soins', 'label_en': 'care', 'text': 'de soins'}
    """
    data: dict[str, Any] = converter.unstructure(obj)
    return data


def dumps(document: Document, *, indent: int | None = 2) -> str:
    """Serialise a charter (or lexicon) to JSON text that `loads` reads back equal."""
    return json.dumps(unstructure(document), ensure_ascii=False, indent=indent) + "\n"


def canonical_bytes(document: Document) -> bytes:
    """The canonical serialisation that `Charter.digest` (`Lexicon.digest`) hashes.

    Compact UTF-8 JSON with sorted keys: independent of formatting.
    """
    return json.dumps(
        unstructure(document), ensure_ascii=False, sort_keys=True, separators=(",", ":")
    ).encode("utf-8")


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


def packaged_document(name: str, cls: type[_D]) -> _D:
    """Return the packaged ``data/NAME`` as a *cls*, loaded once (thread-safe)."""
    if name not in _packaged:
        with _lock:
            if name not in _packaged:
                _packaged[name] = loads(read_data(name), cls)
    document: _D = _packaged[name]
    return document


def packaged() -> Charter:
    """Return the charter packaged with unicancer, loaded once (thread-safe)."""
    return packaged_document("charter.json", Charter)
