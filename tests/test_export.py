"""The exports: each format read back with the tool a user would use."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import typing
from typing import Any, get_args

import attrs
import pytest
import rdflib
from jsonschema import Draft202012Validator
from rdflib.namespace import RDF, SKOS, XSD

import unicancer
from tests.readers import literals, rendered_blocks
from unicancer import Charter, MissionId, Principle, charter, export

# --- dump ---------------------------------------------------------------------------------------


def test_dump_gives_each_format() -> None:
    assert export.dump(charter, "json") == export.to_json(charter)
    assert export.dump(charter, "schema") == export.to_schema()
    assert export.dump(charter, "csv") == export.to_csv(charter)
    assert export.dump(charter, "markdown", lang="en") == export.to_markdown(charter, lang="en")
    assert export.dump(charter, "skos") == export.to_skos(charter)
    assert export.FORMATS == ("json", "schema", "csv", "markdown", "skos")


def test_dump_refuses_unknown_formats_and_languages() -> None:
    with pytest.raises(unicancer.InvalidValueError, match="'xml'; expected one of json"):
        export.dump(charter, "xml")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown language 'de'"):
        export.dump(charter, "markdown", lang="de")  # type: ignore[arg-type]


# --- JSON ---------------------------------------------------------------------------------------


def test_json_loads_back_equal() -> None:
    text = export.to_json(charter)
    assert unicancer.loads(text) == charter
    assert text == unicancer.dumps(charter)


# --- JSON Schema --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return json.loads(export.to_schema())  # type: ignore[no-any-return]


def test_the_schema_is_a_valid_draft_2020_12_schema(schema: dict[str, Any]) -> None:
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema == export.json_schema()


def test_the_packaged_data_is_valid(schema: dict[str, Any]) -> None:
    errors = list(Draft202012Validator(schema).iter_errors(unicancer.unstructure(charter)))
    assert errors == []


@pytest.mark.parametrize(
    ("name", "cls"),
    [("Charter", Charter), ("Principle", Principle), ("Mission", unicancer.Mission)],
)
def test_the_schema_follows_the_model(schema: dict[str, Any], name: str, cls: type) -> None:
    """Every field of the model is a required property; no other property is allowed."""
    definition = schema if cls is Charter else schema["$defs"][name]
    fields = [f.name for f in attrs.fields(cls)]
    assert list(definition["properties"]) == fields
    assert definition["required"] == fields
    assert definition["additionalProperties"] is False
    hints = typing.get_type_hints(cls)
    for field in fields:
        prop = definition["properties"][field]
        assert prop["description"], field
        if hints[field] is str:
            assert prop["type"] == "string"
            assert prop["minLength"] == 1
        elif hints[field] is int:
            assert prop["type"] == "integer"
        elif hints[field] == MissionId:
            assert prop["enum"] == list(get_args(MissionId))
        else:
            assert prop["type"] == "array", field


def test_the_schema_enumerates_the_mission_ids(schema: dict[str, Any]) -> None:
    assert schema["$defs"]["Mission"]["properties"]["id"]["enum"] == list(get_args(MissionId))


def assert_refused(schema: dict[str, Any], document: dict[str, Any]) -> None:
    assert list(Draft202012Validator(schema).iter_errors(document))
    with pytest.raises(unicancer.CharterDataError):
        unicancer.loads(json.dumps(document))


def _set(document: dict[str, Any], path: str, value: object) -> dict[str, Any]:
    *parents, last = path.split(".")
    target: Any = document
    for step in parents:
        target = target[int(step)] if step.isdigit() else target[step]
    target[int(last) if last.isdigit() else last] = value
    return document


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("version", "1.0"),
        ("version", "1.0.0\n"),
        ("version", "01.0.0"),
        ("title", ""),
        ("title", " La Charte"),
        ("title", "La  Charte"),
        ("title", "La Charte\n"),
        ("principles.0.number", 0),
        ("principles.9.number", 11),
        ("principles.0.number", 2),
        ("principles.0.number", True),
        ("principles.0.slug", "Equal-Access"),
        ("principles.0.slug", "equal--access"),
        ("principles.0.slug", "equal-access\n"),
        ("principles.0.missions", []),
        ("principles.0.missions", ["care", "care"]),
        ("principles.0.missions", ["cure"]),
        ("principles.0.keywords", []),
        ("missions.0.id", "research"),
        ("principles", []),
    ],
)
def test_the_schema_and_loading_refuse_a_broken_rule(
    schema: dict[str, Any], charter_data: dict[str, Any], path: str, value: object
) -> None:
    assert_refused(schema, _set(charter_data, path, value))


def test_the_schema_and_loading_refuse_an_eleventh_principle(
    schema: dict[str, Any], charter_data: dict[str, Any]
) -> None:
    charter_data["principles"].append({**charter_data["principles"][-1], "number": 11})
    assert_refused(schema, charter_data)


def test_rules_between_fields_are_left_to_loading(
    schema: dict[str, Any], charter_data: dict[str, Any]
) -> None:
    """As documented: JSON Schema cannot say that slugs are distinct, nor that 1.0 is no int."""
    charter_data["principles"][1]["slug"] = charter_data["principles"][0]["slug"]
    charter_data["principles"][2]["number"] = 3.0
    assert list(Draft202012Validator(schema).iter_errors(charter_data)) == []
    with pytest.raises(unicancer.CharterDataError) as caught:
        unicancer.loads(json.dumps(charter_data))
    assert [path for path, _ in caught.value.problems] == ["principles[2].number"]


# --- CSV ----------------------------------------------------------------------------------------


def parse_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_has_one_row_per_principle_with_both_languages() -> None:
    rows = parse_csv(export.to_csv(charter))
    assert len(rows) == 10
    for row, p in zip(rows, charter.principles, strict=True):
        assert row == {
            "number": str(p.number),
            "slug": p.slug,
            "title": p.title,
            "title_en": p.title_en,
            "text": p.text,
            "text_en": p.text_en,
            "missions": "; ".join(p.missions),
            "keywords": "; ".join(p.keywords),
            "keywords_en": "; ".join(p.keywords_en),
        }
    assert [row["keywords"].split("; ") for row in rows] == [list(p.keywords) for p in charter]


def test_csv_follows_rfc_4180() -> None:
    text = export.to_csv(charter)
    assert text.count("\r\n") == 11
    assert "\n" not in text.replace("\r\n", "")
    assert '"' in text  # texts with commas are quoted
    assert not text.startswith("\ufeff")


def test_csv_with_a_byte_order_mark_for_spreadsheets() -> None:
    text = export.to_csv(charter, bom=True)
    assert text.startswith("\ufeff")
    as_excel_reads_it = text.encode("utf-8").decode("utf-8-sig")
    assert parse_csv(as_excel_reads_it) == parse_csv(export.to_csv(charter))


def test_csv_quotes_quotes_and_line_breaks() -> None:
    first = charter.principles[0]
    odd = attrs.evolve(first, title='Un "titre", avec\r\nune ligne')
    rows = parse_csv(export.to_csv(attrs.evolve(charter, principles=(odd,))))
    assert rows[0]["title"] == odd.title


def test_csv_refuses_a_keyword_holding_the_separator() -> None:
    odd = attrs.evolve(charter.principles[0], keywords=("a; b",))
    with pytest.raises(unicancer.InvalidValueError, match="'a; b' contains the separator"):
        export.to_csv(attrs.evolve(charter, principles=(odd,)))


# --- Markdown -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_markdown_holds_the_whole_charter(lang: unicancer.Lang) -> None:
    text = export.to_markdown(charter, lang=lang)
    blocks = rendered_blocks(text)
    en = lang == "en"
    assert blocks[0] == (charter.title_en if en else charter.title)
    assert text.startswith("# ")
    for paragraph in charter.preamble_en if en else charter.preamble:
        assert paragraph in blocks
    assert (charter.foundations_en if en else charter.foundations) in blocks
    for p in charter:
        assert f"### {p.number}. {p.title_in(lang)}\n" in text
        assert p.text_in(lang) in blocks
    assert (charter.translation_notice in blocks) is en


# --- SKOS ---------------------------------------------------------------------------------------

SCHEME = rdflib.URIRef(export.BASE_IRI)


@pytest.fixture(scope="module")
def graph() -> rdflib.Graph:
    return rdflib.Graph().parse(data=export.to_skos(charter), format="turtle")


def test_skos_scheme(graph: rdflib.Graph) -> None:
    assert set(graph.subjects(RDF.type, SKOS.ConceptScheme)) == {SCHEME}
    labels = {(str(o), o.language) for o in literals(graph, SCHEME, SKOS.prefLabel)}
    assert labels == {(charter.title, "fr"), (charter.title_en, "en")}
    assert graph.value(SCHEME, rdflib.OWL.versionInfo) == rdflib.Literal(charter.version)


def test_skos_each_principle_is_a_top_concept(graph: rdflib.Graph) -> None:
    concepts = set(graph.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) == 10
    assert set(graph.objects(SCHEME, SKOS.hasTopConcept)) == concepts
    for concept in concepts:
        assert graph.value(concept, SKOS.inScheme) == SCHEME
        assert graph.value(concept, SKOS.topConceptOf) == SCHEME
    assert sorted(notation(graph, c).toPython() for c in concepts) == list(range(1, 11))
    assert {notation(graph, c).datatype for c in concepts} == {XSD.integer}


def notation(graph: rdflib.Graph, concept: Any) -> rdflib.Literal:
    (found,) = literals(graph, concept, SKOS.notation)
    return found


def _by_lang(
    graph: rdflib.Graph, subject: rdflib.URIRef, predicate: rdflib.URIRef
) -> dict[str | None, set[str]]:
    found: dict[str | None, set[str]] = {}
    for o in literals(graph, subject, predicate):
        found.setdefault(o.language, set()).add(str(o))
    return found


def test_skos_labels_and_definitions_per_language(graph: rdflib.Graph) -> None:
    for p in charter:
        concept = rdflib.URIRef(export.principle_iri(p))
        assert notation(graph, concept).toPython() == p.number
        assert _by_lang(graph, concept, SKOS.prefLabel) == {"fr": {p.title}, "en": {p.title_en}}
        assert _by_lang(graph, concept, SKOS.definition) == {"fr": {p.text}, "en": {p.text_en}}
        assert _by_lang(graph, concept, SKOS.altLabel) == {
            "fr": set(p.keywords),
            "en": set(p.keywords_en),
        }


def test_skos_missions_are_collections_of_their_principles(graph: rdflib.Graph) -> None:
    collections = set(graph.subjects(RDF.type, SKOS.Collection))
    assert len(collections) == 3
    for m in charter.missions:
        collection = rdflib.URIRef(export.mission_iri(m))
        assert collection in collections
        assert _by_lang(graph, collection, SKOS.prefLabel) == {"fr": {m.label}, "en": {m.label_en}}
        members = set(graph.objects(collection, SKOS.member))
        expected = {rdflib.URIRef(export.principle_iri(p)) for p in charter.principles_for(m)}
        assert members == expected


def test_skos_labels_follow_the_skos_integrity_rules(graph: rdflib.Graph) -> None:
    """One prefLabel per language (S14); prefLabel and altLabel disjoint (S13)."""
    for concept in graph.subjects(RDF.type, SKOS.Concept):
        preferred = literals(graph, concept, SKOS.prefLabel)
        assert len({o.language for o in preferred}) == len(preferred)
        alternative = set(graph.objects(concept, SKOS.altLabel))
        assert not alternative & set(preferred)


def test_import_unicancer_stays_cheap() -> None:
    """The exports, and the libraries they or their tests use, load only when asked for."""
    code = (
        "import sys, unicancer; heavy = {'unicancer.export', 'csv', 'rdflib', 'jsonschema'}; "
        "print(sorted(heavy & set(sys.modules))); "
        "unicancer.export.to_csv; print('unicancer.export' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == ["[]", "True"]
