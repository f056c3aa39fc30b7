"""Lookups: by number, slug, mission, and free-text search."""

from __future__ import annotations

import pytest

import unicancer
from unicancer import InvalidTypeError, InvalidValueError, NotFoundError, charter


def test_principles_are_the_ten_in_order() -> None:
    assert [p.number for p in charter.principles] == list(range(1, 11))
    assert list(charter) == list(charter.principles)
    assert len(charter) == 10


def test_missions_are_care_research_teaching() -> None:
    assert [(m.id, m.label, m.label_en) for m in charter.missions] == [
        ("care", "soins", "care"),
        ("research", "recherche", "research"),
        ("teaching", "enseignement", "teaching"),
    ]


def test_principle_by_number_and_by_slug_agree() -> None:
    for p in charter.principles:
        assert charter.principle(p.number) is charter.principle(p.slug) is p


def test_the_issue_example() -> None:
    assert charter.principle(7).slug == "patient-partnership"


@pytest.mark.parametrize("key", [0, 11, -1, "", "equal_access", "Equal-Access", "7"])
def test_unknown_principles_raise_a_lookup_error_listing_what_is_valid(key: int | str) -> None:
    with pytest.raises(NotFoundError) as info:
        charter.principle(key)
    assert isinstance(info.value, LookupError)
    message = str(info.value)
    assert repr(key) in message
    assert "from 1 to 10" in message
    assert "patient-partnership" in message
    assert charter.get(key) is None


@pytest.mark.parametrize("key", [True, False, 3.0, None, b"equal-access", (1,)])
def test_keys_of_the_wrong_type_are_type_errors(key: object) -> None:
    with pytest.raises(InvalidTypeError, match=type(key).__name__):
        charter.principle(key)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        charter.get(key)  # type: ignore[call-overload]


def test_get_returns_the_default_only_when_nothing_matches() -> None:
    sentinel = object()
    assert charter.get(2) is charter.principle(2)
    assert charter.get("shared-project", sentinel) is charter.principle(4)
    assert charter.get(12, sentinel) is sentinel
    assert charter.get("nope") is None


def test_membership_by_number_slug_or_principle() -> None:
    assert 1 in charter
    assert 10 in charter
    assert "equal-access" in charter
    assert charter.principle(3) in charter
    assert 11 not in charter
    assert 0 not in charter
    assert True not in charter  # not the number 1
    assert 1.0 not in charter
    assert None not in charter


@pytest.mark.parametrize(
    ("key", "mission_id"),
    [
        ("care", "care"),
        ("soins", "care"),
        ("Soins", "care"),
        ("RECHERCHE", "research"),
        ("research", "research"),
        ("enseignement", "teaching"),
        ("Enseignement", "teaching"),
        ("teaching", "teaching"),
    ],
)
def test_mission_by_id_or_label(key: str, mission_id: str) -> None:
    assert charter.mission(key).id == mission_id


def test_unknown_mission() -> None:
    with pytest.raises(NotFoundError, match=r"no mission 'prevention'; expected one of care"):
        charter.mission("prevention")
    with pytest.raises(InvalidTypeError):
        charter.mission(1)  # type: ignore[arg-type]


def test_principles_for_a_mission() -> None:
    for mission in charter.missions:
        expected = tuple(p for p in charter.principles if mission.id in p.missions)
        assert charter.principles_for(mission) == expected
        assert charter.principles_for(mission.id) == expected
        assert charter.principles_for(mission.label) == expected
    every = {p for m in charter.missions for p in charter.principles_for(m)}
    assert every == set(charter.principles), "every principle serves a mission"


@pytest.mark.parametrize("query", ["l’innovation", "L'INNOVATION", "innovation", " innovation  "])
def test_search_innovation_finds_principle_6(query: str) -> None:
    assert charter.search(query)[0].number == 6


def test_search_ethique_without_accent_finds_principle_2() -> None:
    assert charter.search("ethique")[0].number == 2
    assert charter.search("ÉTHIQUE")[0].number == 2


def test_search_matches_whole_words_only() -> None:
    assert charter.search("innov") == ()
    assert charter.search("bench") == ()


def test_search_ranks_keywords_above_mere_mentions() -> None:
    # "patient partenaire" is a keyword of 7; other principles only mention patients.
    found = charter.search("patient")
    assert found[0].number in {3, 7}
    assert charter.search("patient partenaire")[0].number == 7


def test_search_of_all_words_not_as_a_phrase() -> None:
    found = charter.search("soins recherche articulation")
    assert found[0].number == 6


def test_search_by_language() -> None:
    assert charter.search("patient partner", lang="en")[0].number == 7
    assert charter.search("patient partner", lang="fr") == ()
    assert charter.search("diffusion des savoirs", lang="en") == ()
    assert charter.search("diffusion des savoirs", lang="fr")[0].number == 8


def test_search_results_are_distinct_principles_best_first() -> None:
    found = charter.search("soins")
    assert len(found) == len(set(found)) > 1


@pytest.mark.parametrize("query", ["", "   ", "\t\n", "’", "- / -"])
def test_a_blank_query_is_refused(query: str) -> None:
    with pytest.raises(InvalidValueError, match="no words"):
        charter.search(query)


def test_search_argument_errors() -> None:
    with pytest.raises(InvalidTypeError, match="int"):
        charter.search(3)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="'de'"):
        charter.search("soins", lang="de")  # type: ignore[arg-type]


def test_lookups_work_on_a_charter_loaded_from_elsewhere() -> None:
    copy = unicancer.loads(unicancer.dumps(charter))
    assert copy.principle(6) == charter.principle(6)
    assert copy.search("ethique") == charter.search("ethique")
