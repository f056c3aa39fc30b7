"""Strict loading: every malformed document is a CharterDataError that says where."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

import unicancer
from unicancer import CharterDataError, charter
from unicancer._lexicon import LEXICON_PARTS
from unicancer._loading import CHARTER_PARTS, PACKAGED_SHA256, document_of, read_data

Edit = Callable[[dict[str, Any]], None]


def reject(data: dict[str, Any]) -> CharterDataError:
    with pytest.raises(CharterDataError) as info:
        unicancer.loads(json.dumps(data))
    return info.value


def set_path(data: dict[str, Any], path: list[str | int], value: object) -> None:
    for part in path[:-1]:
        data = data[part]  # type: ignore[index]
    data[path[-1]] = value  # type: ignore[index]


@pytest.mark.parametrize(
    ("path", "value", "where", "message"),
    [
        (
            ["principles", 3, "number"],
            "4",
            "principles[3].number",
            "expected an integer, found str '4'",
        ),
        (["principles", 3, "number"], 4.0, "principles[3].number", "found float 4.0"),
        (["principles", 3, "number"], True, "principles[3].number", "found bool True"),
        (["title"], 42, "title", "expected a string, found int 42"),
        (["principles", 0, "keywords"], "soins", "principles[0].keywords", "expected an array"),
        (["principles", 0, "keywords", 1], None, "principles[0].keywords[1]", "found NoneType"),
        (["missions", 1], "recherche", "missions[1]", "expected an object, found str"),
        (["principles", 2, "missions", 0], "education", "principles[2].missions[0]", "'education'"),
        (["missions", 2, "id"], "education", "missions[2].id", "expected a mission id"),
        (["principles", 4, "number"], 4, "principles[4].number", "expected 5"),
        (["principles", 4, "number"], 11, "principles[4].number", "found 11"),
        (["principles", 5, "slug"], "equal-access", "principles[5].slug", "duplicate slug"),
        (["principles", 5, "slug"], "Not A Slug", "principles[5].slug", "lowercase words"),
        (["principles", 6, "text"], "", "principles[6].text", "non-empty"),
        (["principles", 6, "text_en"], "   ", "principles[6].text_en", "non-empty"),
        (["preamble", 1], "two  spaces", "preamble[1]", "single-spaced"),
        (["principles", 6, "missions"], [], "principles[6].missions", "at least one mission"),
        (["principles", 6, "missions"], ["care", "care"], "principles[6].missions", "distinct"),
        (["principles", 6, "keywords_en"], [], "principles[6].keywords_en", "at least one keyword"),
        (["version"], "1.0", "version", "MAJOR.MINOR.PATCH"),
        (["preamble_en"], ["only one"], "preamble_en", "expected 2 paragraphs"),
    ],
)
def test_broken_values_are_reported_with_their_path(
    charter_data: dict[str, Any], path: list[str | int], value: object, where: str, message: str
) -> None:
    set_path(charter_data, path, value)
    error = reject(charter_data)
    assert [p for p, _ in error.problems] == [where]
    assert message in error.problems[0][1]
    assert f"{where}: " in str(error)


def test_missing_keys_are_named(charter_data: dict[str, Any]) -> None:
    del charter_data["principles"][2]["slug"]
    del charter_data["foundations"]
    error = reject(charter_data)
    assert dict(error.problems) == {
        "foundations": "required key is missing",
        "principles[2].slug": "required key is missing",
    }


def test_unknown_keys_are_named(charter_data: dict[str, Any]) -> None:
    charter_data["principles"][1]["sulg"] = "typo"
    charter_data["editor"] = "me"
    error = reject(charter_data)
    problems = dict(error.problems)
    assert "'sulg'" in problems["principles[1]"]
    assert "'editor'" in problems[""]
    assert "<document>: unknown key(s) 'editor'" in str(error)


def test_principles_must_be_ten(charter_data: dict[str, Any]) -> None:
    charter_data["principles"].pop()
    assert reject(charter_data).problems == (("principles", "expected 10 principles, found 9"),)


def test_missions_must_be_care_research_teaching_in_order(charter_data: dict[str, Any]) -> None:
    charter_data["missions"].reverse()
    (problem,) = reject(charter_data).problems
    assert problem[0] == "missions"
    assert "['care', 'research', 'teaching']" in problem[1]


def test_a_principle_cannot_serve_an_unknown_mission(charter_data: dict[str, Any]) -> None:
    charter_data["principles"][0]["missions"] = ["care", "prevention"]
    (problem,) = reject(charter_data).problems
    assert problem == (
        "principles[0].missions[1]",
        "expected a mission id ('care', 'research', 'teaching'), found str 'prevention'",
    )


def test_the_document_must_be_an_object() -> None:
    with pytest.raises(CharterDataError, match=r"<document>: expected an object, found list"):
        unicancer.loads("[]")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "not valid JSON: Expecting property name enclosed in double quotes (line 1"),
        ('{"version": NaN}', "NaN is not valid JSON"),
        (
            '{"version": "1.0.0", "version": "2.0.0"}',
            "duplicate key 'version' in a JSON object (line 1, column 22)",
        ),
        (b"\xff\xfe{", "not valid JSON"),
    ],
)
def test_text_that_is_not_json_is_refused(text: str | bytes, message: str) -> None:
    with pytest.raises(CharterDataError) as info:
        unicancer.loads(text)
    assert message in str(info.value)


def test_loads_refuses_what_is_not_text() -> None:
    with pytest.raises(unicancer.InvalidTypeError, match="not dict"):
        unicancer.loads({"version": "1.0.0"})  # type: ignore[call-overload]


def test_load_reads_a_path_or_an_open_file(tmp_path: Path) -> None:
    path = tmp_path / "pinned.json"
    path.write_text(unicancer.dumps(charter), encoding="utf-8")
    assert unicancer.load(path) == charter
    assert unicancer.load(str(path)) == charter
    with path.open(encoding="utf-8") as text_file:
        assert unicancer.load(text_file) == charter
    with path.open("rb") as binary_file:
        assert unicancer.load(binary_file) == charter
    assert unicancer.load(io.StringIO(unicancer.dumps(charter))) == charter


def test_load_applies_the_same_rules(tmp_path: Path, charter_data: dict[str, Any]) -> None:
    charter_data["principles"][9]["number"] = 1
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(charter_data), encoding="utf-8")
    with pytest.raises(CharterDataError, match=r"principles\[9\]\.number: expected 10"):
        unicancer.load(path)


def test_load_of_a_missing_file_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        unicancer.load(tmp_path / "absent.json")


def test_dumps_and_unstructure_give_plain_json() -> None:
    data = unicancer.unstructure(charter)
    assert json.loads(unicancer.dumps(charter)) == data
    assert isinstance(data["principles"], list)
    assert isinstance(data["principles"][0]["keywords"], list)
    assert unicancer.loads(unicancer.dumps(charter, indent=None)) == charter


def test_the_packaged_charter_is_loaded_once_even_from_many_threads() -> None:
    code = """
import threading, unicancer
seen = []
def get():
    seen.append(id(unicancer.charter))
threads = [threading.Thread(target=get) for _ in range(16)]
for t in threads: t.start()
for t in threads: t.join()
print(len(seen), len(set(seen)))
"""
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["16", "1"]


#: Each packaged document: its file, class and the classes of its arrays of objects.
DOCUMENTS = [
    ("charter.json", unicancer.Charter, CHARTER_PARTS),
    ("lexicon.json", unicancer.Lexicon, LEXICON_PARTS),
]


@pytest.mark.parametrize(("name", "cls", "parts"), DOCUMENTS)
def test_the_packaged_bytes_are_those_the_loader_trusts(
    name: str, cls: type[Any], parts: Mapping[str, type]
) -> None:
    digest = hashlib.sha256(read_data(name)).hexdigest()
    assert digest == PACKAGED_SHA256[name], (
        f"data/{name} changed: once its version is bumped (tests/test_data.py) and the tests "
        f"here pass, set unicancer._loading.PACKAGED_SHA256[{name!r}] = {digest!r}"
    )


@pytest.mark.parametrize(("name", "cls", "parts"), DOCUMENTS)
def test_the_packaged_document_is_the_one_validation_makes(
    name: str, cls: type[Any], parts: Mapping[str, type]
) -> None:
    validated = unicancer.loads(read_data(name), cls)
    built = document_of(read_data(name), name, cls, parts)
    assert built == validated  # field by field: a list is not a tuple
    assert built.digest == validated.digest
    assert built == (charter if cls is unicancer.Charter else unicancer.lexicon)


def test_other_bytes_of_a_packaged_document_are_validated(charter_data: dict[str, Any]) -> None:
    charter_data["principles"][3]["number"] = "4"
    damaged = json.dumps(charter_data).encode()
    with pytest.raises(CharterDataError, match=r"principles\[3\]\.number: expected an integer"):
        document_of(damaged, "charter.json", unicancer.Charter, CHARTER_PARTS)
    charter_data["principles"][3]["number"] = 4
    compact = json.dumps(charter_data, ensure_ascii=False).encode()  # other bytes, same data
    assert document_of(compact, "charter.json", unicancer.Charter, CHARTER_PARTS) == charter


def test_the_lexicons_rules_apply_to_other_bytes() -> None:
    data = json.loads(read_data("lexicon.json"))
    data["principles"][0]["number"] = 2
    with pytest.raises(CharterDataError, match="lexicon"):
        document_of(json.dumps(data).encode(), "lexicon.json", unicancer.Lexicon, LEXICON_PARTS)


def test_the_packaged_documents_load_without_importing_cattrs() -> None:
    # Importing cattrs costs more than the rest of the cold start (bench_import.py).
    code = (
        "import sys; from unicancer import charter; charter.principle(1); "
        "import unicancer; unicancer.tag('Le comité de patients'); "
        "print('cattrs' in sys.modules); unicancer.dumps(charter); "
        "print('cattrs' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "True"]
