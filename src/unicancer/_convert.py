"""Between JSON-compatible data and the frozen model: the one cattrs converter.

It is strict where cattrs' defaults are lenient: ``"3"`` is not an int,
``42`` is not a str, a str is not a list, and unknown keys are refused.
Every problem is reported as a `CharterDataError` naming where in the data
it occurred (``principles[3].number``) and what was found there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast, get_args, get_origin

import attrs
import cattrs

from ._checks import MISSION_IDS, MissionId, rules_of, text_problem
from ._errors import CharterDataError
from ._model import Charter, Mission, Principle

if TYPE_CHECKING:
    from typing import TypeAlias

    from ._lexicon import Lexicon

    #: What unicancer reads and writes: the charter, or the tagging lexicon.
    Document: TypeAlias = Charter | Lexicon

_D = TypeVar("_D", "Charter", "Lexicon")

__all__ = ["converter", "structure", "unstructure"]


def _found(value: object) -> str:
    """Describe a value found in the data, for an error message (briefly, whatever its size)."""
    import reprlib

    return f"{type(value).__name__} {reprlib.repr(value)}"


def _structure_str(value: object, _: type) -> str:
    """Every text of the data is a non-empty, visible, single-spaced str (see `text_problem`)."""
    if type(value) is not str:
        raise TypeError(f"expected a string, found {_found(value)}")
    problem = text_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def _structure_int(value: object, _: type) -> int:
    if type(value) is not int:
        raise TypeError(f"expected an integer, found {_found(value)}")
    return value


def _structure_mission_id(value: object, _: type) -> str:
    if value not in MISSION_IDS or type(value) is not str:
        expected = ", ".join(map(repr, MISSION_IDS))
        raise ValueError(f"expected a mission id ({expected}), found {_found(value)}")
    return value


def is_homogeneous_tuple(type_: Any) -> bool:
    """Whether *type_* is ``tuple[X, ...]``."""
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
    # Printable: no whitespace but " " (no line breaks, tabs, no-break spaces...), no
    # control, format (invisible, bidirectional) or surrogate characters; and then "\n"
    # cannot occur inside a value, so it marks their edges.
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
    conv.register_structure_hook_factory(is_homogeneous_tuple, _tuple_structure_factory)
    conv.register_unstructure_hook_factory(is_homogeneous_tuple, _tuple_unstructure_factory)
    conv.register_structure_hook_factory(attrs.has, _class_structure_factory)
    return conv


#: The converter between the model and JSON-compatible data.
converter = _make_converter()


def structure(data: object, cls: type[_D]) -> _D:
    """Validate JSON-compatible *data* and return the *cls* it describes.

    *cls* is `Charter` or `Lexicon`.

    Raises:
        CharterDataError: The data is malformed or breaks a rule of *cls*; its
            `document` is ``"charter"`` or ``"lexicon"``.
    """
    document = cls.__name__.lower()
    problems: list[tuple[str, str]] = []
    try:
        structured = _structure_at("", converter.structure, data, cls, problems)
    except RecursionError:  # only data nested far deeper than any valid document
        problems = [
            ("", "expected a document of the charter's shape, found data nested too deeply")
        ]
    if problems:
        raise CharterDataError(
            ((path.removeprefix("."), message) for path, message in problems), document
        )
    instance = cast(_D, structured)
    problems = list(rules_of(cls)(instance))
    if problems:
        raise CharterDataError(problems, document)
    return instance


def unstructure(obj: Charter | Principle | Mission | Lexicon) -> dict[str, object]:
    """*obj* as JSON-compatible data (see `unicancer.unstructure`)."""
    data: dict[str, Any] = converter.unstructure(obj)
    return data
