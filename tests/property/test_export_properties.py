"""Properties of the exports: what the JSON Schema and `unicancer.loads` refuse alike,
and text that survives the Turtle and Markdown escaping."""

from __future__ import annotations

import json
import re
from typing import Any

import attrs
import pytest
import rdflib
from hypothesis import assume, given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from rdflib.namespace import SKOS

import unicancer
from tests.readers import literals, rendered_blocks
from tests.strategies import accepted_text, corrupted_documents
from unicancer import charter, export
from unicancer._checks import is_slug, is_version

VALIDATOR = Draft202012Validator(export.json_schema())


def _has_integral_float(data: Any) -> bool:
    if isinstance(data, dict):
        return any(map(_has_integral_float, data.values()))
    if isinstance(data, list):
        return any(map(_has_integral_float, data))
    return isinstance(data, float) and data.is_integer()


@given(corrupted_documents())
def test_a_corrupted_document_fails_the_schema_and_loading(
    corrupted: tuple[dict[str, Any], str, str],
) -> None:
    """Wrong types, missing or unknown keys, broken rules: the schema and `loads` agree."""
    document, where, what = corrupted
    # The two documented limits of JSON Schema, checked by `loads` only.
    assume(what != "slug")  # distinct slugs: a rule between fields
    assume(not _has_integral_float(document))  # JSON Schema takes 1.0 for an integer
    errors = list(VALIDATOR.iter_errors(document))
    assert errors, f"the schema accepts a document with a {what} at {where}"
    with pytest.raises(unicancer.CharterDataError):
        unicancer.loads(json.dumps(document))


#: Texts as the model allows them (single-spaced), with the characters that need escaping.
texts = st.lists(
    st.text(
        st.characters(codec="utf-8", exclude_categories=("Cs", "Zs", "Zl", "Zp", "Cc"))
        | st.sampled_from('"\\<>&*_`[]#-+.!1'),
        min_size=1,
        max_size=12,
    ),
    min_size=1,
    max_size=3,
).map(" ".join)


@given(st.text(st.characters(codec="utf-8"), max_size=40))
def test_any_text_survives_the_turtle_export(text: str) -> None:
    """Quotes, backslashes, line breaks and control characters are escaped."""
    first = charter.principles[0]
    changed = attrs.evolve(charter, principles=(attrs.evolve(first, title=text),))
    graph = rdflib.Graph().parse(data=export.to_skos(changed), format="turtle")
    subject = rdflib.URIRef(export.principle_iri(first))
    assert graph.value(subject, SKOS.prefLabel) is not None
    labels = {(str(o), o.language) for o in literals(graph, subject, SKOS.prefLabel)}
    assert labels == {(text, "fr"), (first.title_en, "en")}


@given(texts, texts)
def test_any_text_survives_the_markdown_export(title: str, text: str) -> None:
    """Markdown shows the texts as they are: no emphasis, link, list or heading made up."""
    first = charter.principles[0]
    changed = attrs.evolve(
        charter, principles=(attrs.evolve(first, title=title, text=text),), preamble=(text,)
    )
    blocks = rendered_blocks(export.to_markdown(changed))
    assert f"1. {title}" in blocks
    assert blocks.count(text) == 2  # preamble and principle


def _schema_pattern(*path: str) -> re.Pattern[str]:
    node: Any = export.json_schema()
    for step in path:
        node = node[step]
    return re.compile(node["pattern"])


SLUG_PATTERN = _schema_pattern("$defs", "Principle", "properties", "slug")
VERSION_PATTERN = _schema_pattern("properties", "version")
TEXT_PATTERN = _schema_pattern("properties", "title")
#: Strings near the rules' edges: what slugs, versions and texts are made of, and the others.
near_rules = st.text(st.sampled_from("az09-.Z \t\n\u00a0é") | st.characters(), max_size=10)


@given(near_rules)
def test_the_schema_patterns_agree_with_loading(value: str) -> None:
    assert bool(SLUG_PATTERN.search(value)) == is_slug(value)
    assert bool(VERSION_PATTERN.search(value)) == is_version(value)
    # Schema classes stop at the Basic Multilingual Plane: there, only the loader sees that a
    # text of astral format characters (U+E0001...) and spaces shows nothing.
    assume(not (value.strip() and all(c.isspace() or ord(c) > 0xFFFF for c in value)))
    assert bool(TEXT_PATTERN.search(value)) == accepted_text(value)
