"""No ordinary way of changing a value changes the charter or the lexicon.

The walk visits every object reachable from `unicancer.charter` and `unicancer.lexicon`
through attributes, tuples and mappings, and tries on each the ordinary ways to mutate:
`setattr`, `delattr`, `vars`, ``__dict__``, item assignment and deletion. A deliberate
bypass (``object.__setattr__``) is not an ordinary way.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs
import pytest

import unicancer

_LEAVES = (str, int, float, bool, type(None))


def reachable(root: object) -> Iterator[object]:
    """Every object reachable from *root*: attrs fields, tuple items, mapping items."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        value = stack.pop()
        if id(value) in seen:
            continue
        seen.add(id(value))
        yield value
        if attrs.has(type(value)):
            stack += [getattr(value, f.name) for f in attrs.fields(type(value))]  # type: ignore[arg-type]
        elif isinstance(value, tuple):
            stack += list(value)
        elif isinstance(value, (dict, list, set)):
            pytest.fail(f"a mutable {type(value).__name__} is reachable: {value!r:.80}")


def _objects() -> list[object]:
    # The caches too, filled first: the digest and the lookup tables.
    charter = unicancer.charter
    assert charter.digest
    assert charter.principle(1)
    assert unicancer.lexicon.digest
    return [*reachable(charter), *reachable(unicancer.lexicon)]


OBJECTS = _objects()
RECORDS = [value for value in OBJECTS if attrs.has(type(value))]


def test_the_walk_reaches_every_kind_of_record() -> None:
    kinds = {type(value).__name__ for value in OBJECTS}
    assert {"Charter", "Principle", "Mission", "Lexicon", "LexiconEntry", "tuple", "str"} <= kinds
    assert kinds <= {
        "Charter",
        "Principle",
        "Mission",
        "Lexicon",
        "LexiconEntry",
        "tuple",
        "str",
        "int",
    }


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: type(r).__name__)
def test_records_refuse_every_ordinary_mutation(record: Any) -> None:
    name = attrs.fields(type(record))[0].name
    before = getattr(record, name)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(record, name, "x")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        delattr(record, name)
    with pytest.raises((attrs.exceptions.FrozenInstanceError, AttributeError)):
        record.new_attribute = 1
    with pytest.raises(TypeError, match="vars"):
        vars(record)
    with pytest.raises(AttributeError):
        record.__dict__  # noqa: B018
    with pytest.raises(TypeError):
        record[0] = 1
    assert getattr(record, name) == before


@pytest.mark.parametrize("name", ["digest", "_digest", "_lookup"])
def test_the_charters_caches_cannot_be_forged(name: str) -> None:
    charter = unicancer.charter
    digest = charter.digest
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(charter, name, "0" * 64)
    with pytest.raises((attrs.exceptions.FrozenInstanceError, AttributeError)):
        delattr(charter, name)
    assert charter.digest == digest
    assert charter.principle(7).slug == "patient-partnership"


def test_tuples_refuse_item_assignment_and_deletion() -> None:
    tuples = [value for value in OBJECTS if isinstance(value, tuple)]
    assert tuples
    for value in tuples:
        if not value:
            continue
        with pytest.raises(TypeError):
            value[0] = None  # type: ignore[index]
        with pytest.raises(TypeError):
            del value[0]  # type: ignore[attr-defined]


def test_no_public_record_has_a_dict() -> None:
    """Slotted all the way: no instance of these classes has a ``__dict__`` to write."""
    classes = (
        unicancer.Charter,
        unicancer.Principle,
        unicancer.Mission,
        unicancer.Lexicon,
        unicancer.LexiconEntry,
    )
    for cls in classes:
        assert cls.__dictoffset__ == 0, cls
