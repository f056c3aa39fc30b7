"""Invariants of the charter model, its loader and its lookups."""

from __future__ import annotations

import json
from typing import Any

import attrs
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import unicancer
from tests.strategies import (
    MISSION_IDS,
    accepted_text,
    charters,
    corrupted_documents,
    texts,
    variants,
)
from unicancer import Charter, CharterDataError, charter
from unicancer._text import APOSTROPHES


@given(st.lists(st.integers(-2, 12), min_size=0, max_size=12))
def test_numbering_must_be_exactly_one_to_ten(numbers: list[int]) -> None:
    data: dict[str, Any] = unicancer.unstructure(charter)
    template = data["principles"]
    principles = []
    for i, number in enumerate(numbers):
        principle = dict(template[i % 10], number=number, slug=f"p{i}")
        principles.append(principle)
    data["principles"] = principles
    if numbers == list(range(1, 11)):
        assert [p.number for p in unicancer.loads(json.dumps(data))] == numbers
    else:
        with pytest.raises(CharterDataError, match=r"principles"):
            unicancer.loads(json.dumps(data))


@given(st.lists(st.sampled_from([*MISSION_IDS, "education", "Care", ""]), max_size=4))
def test_missions_must_be_exactly_care_research_teaching(ids: list[str]) -> None:
    data: dict[str, Any] = unicancer.unstructure(charter)
    template = data["missions"]
    data["missions"] = [dict(template[i % 3], id=mission_id) for i, mission_id in enumerate(ids)]
    if tuple(ids) == MISSION_IDS:
        assert tuple(m.id for m in unicancer.loads(json.dumps(data)).missions) == MISSION_IDS
    else:
        with pytest.raises(CharterDataError, match=r"missions"):
            unicancer.loads(json.dumps(data))


@given(st.sampled_from(charter.principles), st.data())
def test_every_principle_is_found_by_number_slug_and_each_keyword(
    principle: unicancer.Principle, data: st.DataObject
) -> None:
    assert charter.principle(principle.number) is principle
    assert charter.principle(principle.slug) is principle
    keyword = data.draw(st.sampled_from((*principle.keywords, *principle.keywords_en)))
    assert principle in charter.search(keyword)


_QUERIES = sorted(
    {k for p in charter.principles for k in (*p.keywords, *p.keywords_en, p.title, p.title_en)}
    | {"l’innovation", "L'INNOVATION", "éthique", "patient", "recherche-soins", "qualité des soins"}
)


@given(st.sampled_from(_QUERIES), st.data())
def test_search_ignores_case_accents_apostrophes_and_spaces(
    query: str, data: st.DataObject
) -> None:
    variant = data.draw(variants(query))
    assert charter.search(variant) == charter.search(query)
    assert charter.search(variant, lang="fr") == charter.search(query, lang="fr")


@given(st.text(max_size=30))
def test_search_returns_principles_or_refuses_a_blank_query(query: str) -> None:
    try:
        found = charter.search(query)
    except unicancer.InvalidValueError:
        assert not any(c.isalnum() for c in query if c not in APOSTROPHES)
    else:
        assert set(found) <= set(charter.principles)
        assert len(set(found)) == len(found)


# Each example is a whole charter of random texts: fewer of them go a long way.
@settings(max_examples=60)
@given(charters())
def test_unstructure_then_structure_round_trips(generated: Charter) -> None:
    data = unicancer.unstructure(generated)
    assert json.loads(json.dumps(data)) == data  # JSON types only
    assert unicancer.loads(json.dumps(data)) == generated
    assert unicancer.loads(unicancer.dumps(generated)) == generated


@settings(max_examples=60)
@given(charters(), st.sampled_from(["title", "foundations_en", "version"]), texts)
def test_digest_changes_with_any_change_of_the_data(
    generated: Charter, field: str, value: str
) -> None:
    assume(getattr(generated, field) != value)
    changed: Charter = attrs.evolve(generated, **{field: value})  # type: ignore[arg-type]
    assert changed.digest != generated.digest
    assert unicancer.loads(unicancer.dumps(generated)).digest == generated.digest


@given(corrupted_documents())
def test_corrupted_documents_are_rejected_where_they_are_broken(
    corrupted: tuple[dict[str, Any], str, str],
) -> None:
    document, path, what = corrupted
    with pytest.raises(CharterDataError) as info:
        unicancer.loads(json.dumps(document))
    assert path in [where for where, _ in info.value.problems], (what, info.value.problems)
    assert (path or "<document>") in str(info.value)


@given(st.lists(st.one_of(st.text(max_size=6), st.text(" \t\na\u00a0\u2028\xad", max_size=4))))
def test_the_fast_check_of_text_lists_agrees_with_the_item_by_item_one(values: list[str]) -> None:
    from unicancer._convert import _are_clean_texts

    if _are_clean_texts(values):
        assert all(map(accepted_text, values))
    elif all(value.isprintable() for value in values):
        assert not all(map(accepted_text, values))
