"""The model: frozen, deeply immutable, readable, picklable."""

from __future__ import annotations

import pickle
import subprocess
import sys
from typing import Any

import attrs
import pytest

import unicancer
from unicancer import Charter, Mission, Principle, charter


def walk(value: object) -> list[object]:
    """Every value reachable from *value* through attrs fields and tuples."""
    found = [value]
    if isinstance(value, tuple):
        for item in value:
            found += walk(item)
    elif attrs.has(type(value)):
        for field in attrs.fields(type(value)):  # type: ignore[arg-type]
            found += walk(getattr(value, field.name))
    return found


def test_the_charter_is_deeply_immutable() -> None:
    values = walk(charter)
    assert {type(v) for v in values} <= {Charter, Principle, Mission, tuple, str, int}
    for value in values:
        if attrs.has(type(value)):
            with pytest.raises(attrs.exceptions.FrozenInstanceError):
                value.__setattr__("version", "x")
            with pytest.raises((attrs.exceptions.FrozenInstanceError, AttributeError)):
                value.__setattr__("new_attribute", "x")


@pytest.mark.parametrize(
    ("target", "field"),
    [(charter, "principles"), (charter.principle(1), "number"), (charter.missions[0], "id")],
)
def test_fields_cannot_be_reassigned(target: Any, field: str) -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(target, field, None)


def test_package_has_no_mutable_public_state() -> None:
    for name in unicancer.__all__:
        value = getattr(unicancer, name)
        assert not isinstance(value, (list, dict, set, bytearray)), name


def test_charter_is_the_same_object_every_time() -> None:
    from unicancer import charter as again

    assert again is charter is unicancer.charter


def test_reprs_are_short_and_name_the_object() -> None:
    assert repr(charter.principle(7)) == "Principle(number=7, slug='patient-partnership')"
    assert repr(charter.mission("care")) == "Mission(id='care')"
    text = repr(charter)
    assert charter.version in text
    assert "10 principles" in text
    assert len(text) < 100


def test_objects_are_hashable_and_compare_by_value() -> None:
    copy = unicancer.loads(unicancer.dumps(charter))
    assert copy == charter
    assert copy is not charter
    assert hash(copy) == hash(charter)
    assert {charter.principle(1), copy.principle(1)} == {charter.principle(1)}


def test_objects_pickle_to_equal_objects() -> None:
    for obj in (charter, charter.principle(3), charter.missions[2]):
        assert pickle.loads(pickle.dumps(obj)) == obj
    charter.search("innovation")  # lazily built tables do not change equality or pickling
    assert pickle.loads(pickle.dumps(charter)) == charter


def test_translation_is_beside_the_original() -> None:
    p = charter.principle(6)
    assert p.text_in("fr") == p.text
    assert p.text_in("en") == p.text_en != p.text
    assert p.title_in("en") == p.title_en
    assert p.keywords_in("en") == p.keywords_en
    care = charter.mission("care")
    assert (
        (care.label_in("fr"), care.label_in("en"))
        == (care.label, care.label_en)
        == (
            "soins",
            "care",
        )
    )
    assert "unofficial" in charter.translation_notice


def test_public_names_are_sorted_and_importable() -> None:
    assert unicancer.__all__ == sorted(unicancer.__all__)
    for name in unicancer.__all__:
        assert hasattr(unicancer, name), name


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'chart'"):
        unicancer.chart  # type: ignore[attr-defined]  # noqa: B018


def test_dir_lists_every_public_name_and_the_submodules() -> None:
    """Tab completion finds the names imported on first use (``charter``, ``Tagger``...)."""
    names = dir(unicancer)
    assert set(unicancer.__all__) <= set(names)
    assert {"export", "frame", "charter", "tag", "Tagger", "evaluate"} <= set(names)
    assert names == sorted(names)


def test_submodules_are_attributes_before_any_import_of_them() -> None:
    code = (
        "import sys, unicancer; print('unicancer.frame' in sys.modules, 'pandas' in sys.modules);"
        "print(unicancer.frame.__name__, unicancer.export.__name__)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == ["False False", "unicancer.frame unicancer.export"]


@pytest.mark.parametrize("key", [6, 0, "equal-access", slice(0, 2)])
def test_the_charter_is_not_indexed_by_position(key: object) -> None:
    with pytest.raises(unicancer.InvalidTypeError, match="not indexed by position") as info:
        charter[key]  # type: ignore[index]
    if isinstance(key, (int, str)):
        assert f"charter.principle({key!r})" in str(info.value)
    assert isinstance(info.value, TypeError)


def test_the_charter_is_a_sized_iterable_collection_of_its_principles() -> None:
    assert len(charter) == 10
    assert list(charter) == list(charter.principles)
    assert 7 in charter
    assert "equal-access" in charter
    assert charter.principle(6) is charter.principles[5]
