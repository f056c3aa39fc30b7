"""The JSON Schema export: the model's rules as a JSON Schema (draft 2020-12).

`unicancer.export.json_schema` and `unicancer.export.to_schema` are its public names.
"""

from __future__ import annotations

import functools
import json
import re
import typing
from typing import Final, Literal, get_args, get_origin

import attrs

from ._checks import MISSION_IDS as _MISSION_IDS
from ._checks import PRINCIPLE_COUNT
from ._convert import is_homogeneous_tuple as _is_homogeneous_tuple
from ._model import Charter, Mission, MissionId, Principle

__all__ = ["BASE_IRI", "SCHEMA_ID", "json_schema", "to_schema"]

#: The base of the SKOS export's IRIs; the concept scheme itself is this IRI.
BASE_IRI: Final[str] = "https://w3id.org/unicancer/charter/"
#: The ``$id`` of the JSON Schema.
SCHEMA_ID: Final[str] = f"{BASE_IRI}schema.json"


# --- JSON Schema --------------------------------------------------------------------------------


# The rules that `unicancer.loads` checks in plain code (`_loading.is_slug`, `is_version`, its
# single-spaced texts) as regular expressions; a property test shows that both agree.
_SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_VERSION = r"(?:0|[1-9][0-9]*)\.(?:0|[1-9][0-9]*)\.(?:0|[1-9][0-9]*)"


def _ranges(codes: list[int]) -> str:
    """A regular-expression class body of *codes* (BMP code points), as ``\\uXXXX`` ranges."""
    parts, start = [], None
    for index, code in enumerate(codes):
        start = code if start is None else start
        if index + 1 == len(codes) or codes[index + 1] != code + 1:
            parts.append(f"\\u{start:04x}" + (f"-\\u{code:04x}" if code != start else ""))
            start = None
    return "".join(parts)


@functools.cache
def _single_spaced() -> str:
    """Single-spaced words without control characters, bidirectional controls or lone
    surrogates, with at least one character that is neither a space nor a format
    character (of the Basic Multilingual Plane: ECMA-262 classes stop there)."""
    import unicodedata

    format_chars = [c for c in range(0x10000) if unicodedata.category(chr(c)) == "Cf"]
    forbidden = _ranges(
        sorted(
            {
                *range(0x20),
                *range(0x7F, 0xA0),
                *range(0xD800, 0xE000),
                *map(
                    ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
                ),
            }
        )
    )
    word = rf"[^\s{forbidden}]+"
    return rf"(?=[\s\S]*[^\s{_ranges(format_chars)}]){word}(?: {word})*"


def _pattern(core: str) -> str:
    r"""A schema pattern that matches the whole text against *core*.

    ``(?![\s\S])`` means "end of text" both in ECMA-262 and in Python, unlike
    ``$``, which Python also matches before a final line break.
    """
    return rf"^(?:{core})(?![\s\S])"


def _field_docs(cls: type) -> dict[str, str]:
    """The descriptions of the ``Attributes:`` section of *cls*' docstring."""
    docs: dict[str, str] = {}
    in_section, name = False, ""
    for line in (cls.__doc__ or "").splitlines():
        stripped = line.strip()
        if stripped == "Attributes:":
            in_section = True
        elif in_section and not stripped:
            break
        elif in_section and (match := re.fullmatch(r"(\w+): (.*)", stripped)):
            name = match[1]
            docs[name] = match[2]
        elif in_section and name:
            docs[name] += " " + stripped
    return {key: value.replace("``", "`") for key, value in docs.items()}


def _summary(cls: type) -> str:
    return (cls.__doc__ or "").strip().splitlines()[0]


def _ref(cls: type) -> dict[str, object]:
    return {"$ref": f"#/$defs/{cls.__name__}"}


def _field_constraints() -> dict[tuple[type, str], dict[str, object]]:
    """The charter's rules that a schema can state, per (class, field)."""
    text = {"type": "string", "minLength": 1}
    return {
        (Charter, "version"): {**text, "pattern": _pattern(_VERSION)},
        (Charter, "missions"): {
            "prefixItems": [
                {"allOf": [_ref(Mission), {"properties": {"id": {"const": mission_id}}}]}
                for mission_id in _MISSION_IDS
            ],
            "items": False,
            "minItems": len(_MISSION_IDS),
        },
        (Charter, "principles"): {
            "prefixItems": [
                {"allOf": [_ref(Principle), {"properties": {"number": {"const": number}}}]}
                for number in range(1, PRINCIPLE_COUNT + 1)
            ],
            "items": False,
            "minItems": PRINCIPLE_COUNT,
        },
        (Principle, "number"): {"type": "integer", "minimum": 1, "maximum": PRINCIPLE_COUNT},
        (Principle, "slug"): {**text, "pattern": _pattern(_SLUG)},
        (Principle, "missions"): {"minItems": 1, "uniqueItems": True},
        (Principle, "keywords"): {"minItems": 1},
        (Principle, "keywords_en"): {"minItems": 1},
    }


def _type_schema(type_: object, defs: dict[str, object]) -> dict[str, object]:
    """The schema of a value of the model's type *type_*, adding classes to *defs*."""
    if type_ is str:
        return {"type": "string", "minLength": 1, "pattern": _pattern(_single_spaced())}
    if type_ is int:
        return {"type": "integer"}
    if type_ == MissionId:
        return {"type": "string", "enum": list(_MISSION_IDS)}
    if get_origin(type_) is Literal:
        return {"enum": list(get_args(type_))}
    if _is_homogeneous_tuple(type_):
        return {"type": "array", "items": _type_schema(get_args(type_)[0], defs)}
    if isinstance(type_, type) and attrs.has(type_):
        if type_.__name__ not in defs:
            defs[type_.__name__] = {}  # reserve the name: no infinite recursion
            defs[type_.__name__] = _class_schema(type_, defs)
        return _ref(type_)
    raise TypeError(f"no JSON Schema for the model's type {type_!r}")  # a bug of this module


def _class_schema(cls: type, defs: dict[str, object]) -> dict[str, object]:
    hints = typing.get_type_hints(cls)
    docs = _field_docs(cls)
    constraints = _field_constraints()
    properties: dict[str, object] = {}
    for field in attrs.fields(cls):
        schema = _type_schema(hints[field.name], defs)
        schema.update(constraints.get((cls, field.name), {}))
        if field.name in docs:
            schema = {"description": docs[field.name], **schema}
        properties[field.name] = schema
    return {
        "type": "object",
        "description": _summary(cls),
        "properties": properties,
        "required": [f.name for f in attrs.fields(cls) if f.default is attrs.NOTHING],
        "additionalProperties": False,
    }


def json_schema() -> dict[str, object]:
    """Return a JSON Schema (draft 2020-12) of the charter's data format.

    It is generated from the model, and states every rule of
    `unicancer.loads` that JSON Schema can express: types, required and
    unknown keys, non-empty single-spaced texts, the mission ids, the
    principles numbered 1 to 10 in order, slug and version patterns. The
    rules between fields (distinct slugs, as many English paragraphs as
    French ones) are checked by `unicancer.loads` only, and JSON Schema
    takes ``1.0`` for an integer where `unicancer.loads` does not.

    >>> from unicancer import export
    >>> schema = export.json_schema()
    >>> schema["$schema"]
    'https://json-schema.org/draft/2020-12/schema'
    >>> schema["$defs"]["Principle"]["properties"]["number"]["maximum"]
    10
    """
    defs: dict[str, object] = {}
    root = _class_schema(Charter, defs)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "UNICANCER charter data",
        **root,
        "$defs": defs,
    }


def to_schema() -> str:
    """Return `json_schema` as indented JSON text."""
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
