"""What loading refuses beyond types, each with a located `CharterDataError`: invisible,
control, bidirectional and surrogate characters, keywords tagging could never find,
duplicates, an empty preamble, deep nesting and the JSON that strict parsing refuses."""

from __future__ import annotations

import json
from typing import Any

import pytest

import unicancer
from tests.linear import assert_linear
from unicancer import CharterDataError, InvalidTypeError, Lexicon, Tagger


def _refused(document: dict[str, Any], cls: type[Any] = unicancer.Charter) -> CharterDataError:
    with pytest.raises(CharterDataError) as info:
        unicancer.loads(json.dumps(document), cls)
    return info.value


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "La\x00Charte", "control characters, found U+0000 at index 2"),
        ("title", "La \x1b[31mCharte", "control characters, found U+001B at index 3"),
        ("title", "abc\ud800", "lone surrogates, found U+D800 at index 3"),
        ("title", "La \u202eetrahC", "bidirectional control characters, found U+202E"),
        ("title", "\u2066Charte", "bidirectional control characters, found U+2066"),
        ("title", "Charte\u200f", "bidirectional control characters, found U+200F"),
        ("title", "\u061cCharte", "bidirectional control characters, found U+061C"),
        ("title", "\u200b\u200c\u2060", "only invisible characters"),
        ("title", "\ufeff", "only invisible characters"),
        ("foundations", "a\x7fb", "control characters, found U+007F"),
    ],
)
def test_bad_characters_are_refused_where_they_are(
    charter_data: dict[str, Any], field: str, value: str, message: str
) -> None:
    charter_data[field] = value
    error = _refused(charter_data)
    assert [path for path, _ in error.problems] == [field]
    assert message in error.problems[0][1]


def test_bad_characters_in_a_list_are_located(charter_data: dict[str, Any]) -> None:
    charter_data["principles"][2]["keywords_en"].append("care\x00")
    error = _refused(charter_data)
    assert (
        error.problems[0][0]
        == f"principles[2].keywords_en[{len(charter_data['principles'][2]['keywords_en']) - 1}]"
    )


def test_a_text_with_visible_characters_and_a_zero_width_joiner_loads(
    charter_data: dict[str, Any],
) -> None:
    charter_data["title"] = "La Charte \u200d UNICANCER"
    assert unicancer.loads(json.dumps(charter_data)).title == "La Charte \u200d UNICANCER"


@pytest.mark.parametrize(
    ("keyword", "message"),
    [
        ("a.b!", "which tagging can find; found 'a.b!'"),
        ("!!!", "which tagging can find"),
        ("\U0001f600", "which tagging can find"),
        ("\u0301\u0301", "which tagging can find"),
        ("under_score", "which tagging can find"),
    ],
)
def test_keywords_that_can_never_match_are_refused(
    charter_data: dict[str, Any], keyword: str, message: str
) -> None:
    charter_data["principles"][4]["keywords"].insert(1, keyword)
    error = _refused(charter_data)
    assert error.problems == (("principles[4].keywords[1]", error.problems[0][1]),)
    assert message in error.problems[0][1]


def test_every_packaged_keyword_and_term_makes_a_tagger() -> None:
    """What the loader accepts, `Tagger` accepts: the rule is the tagger's `Term` rule."""
    assert Tagger(charter=unicancer.charter).tag("patients partenaires")


def test_keywords_equal_once_folded_are_duplicates(charter_data: dict[str, Any]) -> None:
    keywords = charter_data["principles"][0]["keywords"]
    keywords.append(keywords[0].upper().replace("E", "É"))
    error = _refused(charter_data)
    index = len(keywords) - 1
    assert error.problems[0][0] == f"principles[0].keywords[{index}]"
    assert "duplicate of principles[0].keywords[0] once folded" in error.problems[0][1]


def test_the_same_keyword_in_both_languages_is_not_a_duplicate(
    charter_data: dict[str, Any],
) -> None:
    charter_data["principles"][5]["keywords"].append("benchmark")
    charter_data["principles"][5]["keywords_en"].append("benchmark")
    unicancer.loads(json.dumps(charter_data))


def test_an_empty_preamble_is_refused(charter_data: dict[str, Any]) -> None:
    charter_data["preamble"] = []
    charter_data["preamble_en"] = []
    error = _refused(charter_data)
    assert error.problems == (("preamble", "expected at least one paragraph, found none"),)


@pytest.mark.parametrize("depth", [100_000, 3_000])
def test_deep_nesting_is_a_charter_data_error(depth: int) -> None:
    with pytest.raises(CharterDataError, match="nested too deeply"):
        unicancer.loads("[" * depth + "]" * depth)


def test_nesting_inside_a_field_is_located(charter_data: dict[str, Any]) -> None:
    text = json.dumps(charter_data).replace(
        json.dumps(charter_data["title"]), "[" * 500 + "]" * 500, 1
    )
    with pytest.raises(CharterDataError) as info:
        unicancer.loads(text)
    assert info.value.problems[0][0] == "title"
    assert info.value.problems[0][1].startswith("expected a string, found list [[[")


@pytest.mark.parametrize("source", [42, None, 3.5, b"charter.json", ["charter.json"]])
def test_load_refuses_what_is_neither_a_path_nor_a_file(source: object) -> None:
    with pytest.raises(InvalidTypeError, match=r"expected a path .* or an open file"):
        unicancer.load(source)  # type: ignore[call-overload]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{\n  "version": NaN\n}', "NaN is not valid JSON (line 2, column 14)"),
        ('{"a": [1,\n -Infinity]}', "-Infinity is not valid JSON (line 2, column 2)"),
        (
            '{"a": 1,\n "b": {"c": 1, "c": 2}}',
            "duplicate key 'c' in a JSON object (line 2, column 16)",
        ),
        ('{"a": "x\\"y", "\\u0061": 2}', "duplicate key 'a' in a JSON object (line 1, column 15)"),
        ('{"a": {"k": 1}, "b": {"k": 1}}\n', None),
        ("\n\n  " + "9" * 5000, "an integer of 5000 digits (the limit is 4300) (line 3, column 3)"),
    ],
)
def test_json_problems_give_line_and_column(text: str, message: str | None) -> None:
    with pytest.raises(CharterDataError) as info:
        unicancer.loads(text)
    if message is None:  # no JSON problem: the document's own
        assert "not valid JSON" not in str(info.value)
    else:
        assert info.value.problems == (("", f"not valid JSON: {message}"),)


def test_json_problems_are_located_in_bytes_too() -> None:
    with pytest.raises(CharterDataError, match=r"NaN is not valid JSON \(line 2, column 3\)"):
        unicancer.loads("[\n  NaN]".encode("utf-16"))


def test_lexicon_errors_name_the_lexicon() -> None:
    data: dict[str, Any] = unicancer.unstructure(unicancer.lexicon)
    data["principles"][3]["terms"].append("x\x00y")
    error = _refused(data, Lexicon)
    assert error.document == "lexicon"
    assert str(error).startswith("invalid lexicon data at principles[3].terms[")
    with pytest.raises(CharterDataError, match=r"^invalid lexicon data"):
        unicancer.loads("{", Lexicon)


@pytest.mark.parametrize(
    ("term", "message"),
    [("\ud800", "lone surrogates"), ("a.b!", "which tagging can find"), ("x\x1by", "control")],
)
def test_lexicon_terms_follow_the_keywords_rules(term: str, message: str) -> None:
    data: dict[str, Any] = unicancer.unstructure(unicancer.lexicon)
    data["principles"][6]["terms_en"].insert(0, term)
    error = _refused(data, Lexicon)
    assert error.problems[0][0] == "principles[6].terms_en[0]"
    assert message in error.problems[0][1]


def test_duplicate_keys_are_found_in_linear_time() -> None:
    """It was quadratic: each key was compared with all those before it."""

    def run(count: int) -> None:
        text = "{" + ", ".join(['"k": 1'] * count) + "}"
        with pytest.raises(CharterDataError, match="duplicate key 'k'"):
            unicancer.loads(text)

    assert_linear(run, 5_000)
