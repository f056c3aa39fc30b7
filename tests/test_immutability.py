"""No ordinary way of changing a value changes the charter, the lexicon or a tag.

The walk visits every object reachable from `unicancer.charter`, `unicancer.lexicon` and
the tags of `unicancer.tag` (their hits, terms and principles) through attributes,
tuples and mappings, and tries on each the ordinary ways to mutate: `setattr`,
`delattr`, `vars`, ``__dict__``, item assignment and deletion, list methods. A
deliberate bypass (``object.__setattr__``) is not an ordinary way.
"""

from __future__ import annotations

import pickle
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


#: A text whose tags have hits of lexicon terms and of learned phrases (``lang`` None),
#: for the principle and against it.
TEXT = "Nos patients partenaires siègent au comité de patients; la recherche clinique."


def _tags() -> tuple[unicancer.Tag | unicancer.Hit, ...]:
    tags = unicancer.tag(TEXT)
    explained = unicancer.Tagger().explain(TEXT, 3)
    hits = unicancer.Tagger().hits(TEXT)
    for tag in (*tags, explained):
        assert tag.evidence is not None  # computed: nothing cached on the way
    for hit in (*hits, *explained.hits):
        assert hit.term.folded  # the cached folded form filled
    return (*tags, explained, *hits)


TAGS = _tags()
TAG = next(tag for tag in TAGS if isinstance(tag, unicancer.Tag))


def _objects() -> list[object]:
    # The caches too, filled first: the digest and the lookup tables.
    charter = unicancer.charter
    assert charter.digest
    assert charter.principle(1)
    assert unicancer.lexicon.digest
    return [*reachable(charter), *reachable(unicancer.lexicon), *reachable(TAGS)]


OBJECTS = _objects()
RECORDS = [value for value in OBJECTS if attrs.has(type(value))]


def test_the_walk_reaches_every_kind_of_record() -> None:
    kinds = {type(value).__name__ for value in OBJECTS}
    records = {"Charter", "Principle", "Mission", "Lexicon", "LexiconEntry", "Tag", "Hit", "Term"}
    assert records | {"tuple", "str", "int", "float", "NoneType"} == kinds
    hits = [value for value in OBJECTS if isinstance(value, unicancer.Hit)]
    assert any(hit.weight < 0 for hit in hits)
    assert any(hit.weight > 0 for hit in hits)
    assert any(hit.term.learned for hit in hits)
    assert any(not hit.term.learned for hit in hits)


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
        unicancer.Tag,
        unicancer.Hit,
        unicancer.Term,
    )
    for cls in classes:
        assert cls.__dictoffset__ == 0, cls


@pytest.mark.parametrize(
    ("record", "name"),
    [(TAG, "evidence"), (TAG.hits[0].term, "folded"), (unicancer.lexicon, "digest")],
    ids=["Tag.evidence", "Term.folded", "Lexicon.digest"],
)
def test_computed_and_cached_attributes_cannot_be_forged(record: Any, name: str) -> None:
    before = getattr(record, name)
    with pytest.raises((attrs.exceptions.FrozenInstanceError, AttributeError)):
        setattr(record, name, "forged")
    with pytest.raises((attrs.exceptions.FrozenInstanceError, AttributeError)):
        delattr(record, name)
    assert getattr(record, name) == before


_LIST_METHODS = ("append", "extend", "insert", "pop", "remove", "clear", "sort", "reverse")


def test_no_reachable_sequence_has_list_methods() -> None:
    for value in OBJECTS:
        if isinstance(value, tuple):
            for method in _LIST_METHODS:
                with pytest.raises(AttributeError):
                    getattr(value, method)


def test_tags_are_unchanged_after_every_attempt() -> None:
    """The whole walk's attempts, on the tags' records: the tags are equal to a copy
    taken before, field for field."""
    before = pickle.dumps(TAGS)
    for record in [value for value in reachable(TAGS) if attrs.has(type(value))]:
        for field in attrs.fields(type(record)):  # type: ignore[arg-type]
            with pytest.raises(attrs.exceptions.FrozenInstanceError):
                setattr(record, field.name, None)
            with pytest.raises(attrs.exceptions.FrozenInstanceError):
                delattr(record, field.name)
        with pytest.raises(TypeError):
            vars(record)
    assert pickle.dumps(TAGS) == before
    assert pickle.loads(before) == TAGS
