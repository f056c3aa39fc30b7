"""``unicancer tag``: files and stdin in, one record per text out."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import unicancer
from tests.cli_run import run
from unicancer import _cli_tag
from unicancer._parallel import finish_in_pool

PATIENTS = "Nos patients partenaires siègent au comité de patients."
BENCHMARK = "Le benchmarking des indicateurs de qualité compare les centres."
NOTHING = "Il a plu toute la journée sur la côte."


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    one = tmp_path / "one.txt"
    one.write_text(f"{PATIENTS}\n\n{NOTHING}\nsuite\n\n\n{BENCHMARK}\n", encoding="utf-8")
    two = tmp_path / "two.txt"
    two.write_text(BENCHMARK, encoding="utf-8")
    return [one, two]


def test_jsonl_gives_one_record_per_file_in_order(
    capsys: pytest.CaptureFixture[str], files: list[Path]
) -> None:
    status, out, err = run(capsys, "tag", *map(str, files))
    assert (status, err) == (0, "")
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["source"] for r in records] == [str(f) for f in files]
    assert [sorted(t["principle"] for t in r["tags"]) for r in records] == [[7, 10], [10]]
    (partnership,) = [t for t in records[0]["tags"] if t["principle"] == 7]
    assert partnership["slug"] == "patient-partnership"
    assert {"comité de patients", "patients partenaires"} <= set(partnership["terms"])
    scores = [t["score"] for t in records[0]["tags"]]
    assert scores == sorted(scores, reverse=True)
    for hit in partnership["hits"]:
        assert isinstance(hit["weight"], float)
        assert hit["weight"] != 0


def test_by_paragraph_gives_one_record_per_blank_line_separated_paragraph(
    capsys: pytest.CaptureFixture[str], files: list[Path]
) -> None:
    _, out, _ = run(capsys, "tag", "--by", "paragraph", str(files[0]))
    records = [json.loads(line) for line in out.splitlines()]
    assert [(r["paragraph"], r["line"]) for r in records] == [(1, 1), (2, 3), (3, 7)]
    assert [[t["principle"] for t in r["tags"]] for r in records] == [[7], [], [10]]


def test_dash_reads_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{PATIENTS}\n\n{BENCHMARK}\n"))
    status, out, _ = run(capsys, "tag", "-", "--by", "paragraph", "--format", "table")
    assert status == 0
    lines = out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("<stdin>:1\t7 Culture du patient partenaire (")
    assert lines[1].startswith("<stdin>:3\t10 ")


def test_csv_is_quoted_and_reads_back(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / 'a, "b".txt'
    path.write_text(f"{PATIENTS} {BENCHMARK}", encoding="utf-8")
    status, out, _ = run(capsys, "tag", str(path), "--format", "csv")
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 1
    assert rows[0]["source"] == str(path)
    assert sorted(rows[0]["principles"].split(), key=int) == ["7", "10"]
    assert set(rows[0]["slugs"].split()) == {"patient-partnership", "continuous-benchmarking"}


def test_lang_and_threshold_reach_the_tagger(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "mixed.txt"
    text = (
        "Our patient advisory committee reviews every leaflet; "
        "formation continue des médecins généralistes en cancérologie."
    )
    path.write_text(text, encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    tagger = unicancer.Tagger()
    english = [t.principle.number for t in tagger.tag(text, lang="en")]
    both = [t.principle.number for t in tagger.tag(text)]
    assert english != both  # so that the comparisons below can fail
    _, out, _ = run(capsys, "tag", str(path), "--lang", "en")
    assert [t["principle"] for t in json.loads(out)["tags"]] == english
    assert json.loads(out)["tags"][0]["title"] == "The patient as partner"
    _, out, _ = run(capsys, "tag", str(path))
    assert [t["principle"] for t in json.loads(out)["tags"]] == both
    _, out, _ = run(capsys, "tag", str(path), "--threshold", "1")
    assert json.loads(out)["tags"] == []
    _, out, _ = run(capsys, "tag", str(path), "--threshold", "0")
    assert len(json.loads(out)["tags"]) == 10


@pytest.mark.parametrize("format", ["jsonl", "csv", "table", "html"])
def test_processes_give_the_same_records(
    capsys: pytest.CaptureFixture[str],
    files: list[Path],
    format: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    argv = ["tag", "--by", "paragraph", "--format", format, *map(str, files)]
    _, one, _ = run(capsys, *argv)
    monkeypatch.setattr(_cli_tag, "_SERIAL_BYTES", 0)  # these few bytes to the workers too
    status, two, err = run(capsys, *argv, "--processes", "2")
    assert (status, err) == (0, "")
    assert one == two
    assert len(one.splitlines()) >= 4  # a record per paragraph (and a head)


def test_a_few_paragraphs_are_tagged_in_this_process(
    capsys: pytest.CaptureFixture[str], files: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_workers(*args: object) -> None:
        raise AssertionError("workers started for a few paragraphs")

    monkeypatch.setattr(_cli_tag, "finish_in_pool", no_workers)
    argv = ["tag", "--by", "paragraph", *map(str, files)]
    assert run(capsys, *argv, "--processes", "2") == run(capsys, *argv)


@pytest.mark.parametrize("serial_characters", [10**6, len(PATIENTS) + 1])
def test_standard_input_goes_to_the_workers_only_when_there_is_enough_of_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, serial_characters: int
) -> None:
    text = f"{PATIENTS}\n\n{NOTHING}\n\n{BENCHMARK}\n"
    started: list[int] = []

    def counted(*args: Any) -> Iterator[str]:
        started.append(1)
        return finish_in_pool(*args)

    def tag(*argv: str) -> tuple[int, str, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(text))
        return run(capsys, "tag", "-", "--by", "paragraph", *argv)

    one = tag()
    monkeypatch.setattr(_cli_tag, "finish_in_pool", counted)
    monkeypatch.setattr(_cli_tag, "_SERIAL_BYTES", serial_characters)
    assert tag("--processes", "2") == one
    # Two paragraphs reach the limit of the second case: the rest is not read before the pool.
    assert len(started) == (serial_characters < len(text))


def test_a_missing_file_is_a_one_line_error_with_status_2(
    capsys: pytest.CaptureFixture[str], files: list[Path], tmp_path: Path
) -> None:
    missing = tmp_path / "missing.txt"
    status, out, err = run(capsys, "tag", str(files[0]), str(missing))
    assert status == 2
    assert out == ""  # checked before anything is tagged
    assert err == f"unicancer: error: cannot read {missing}: No such file or directory\n"


def test_a_file_that_is_not_utf8_is_a_one_line_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("qualité".encode("latin-1"))
    status, _, err = run(capsys, "tag", str(path))
    assert status == 2
    assert err.count("\n") == 1
    assert err.startswith(f"unicancer: error: cannot read {path}: not UTF-8 text")


@pytest.mark.parametrize(
    "argv",
    [
        ["tag"],
        ["tag", "-", "--format", "xml"],
        ["tag", "-", "--threshold", "x"],
        ["tag", "-", "--processes", "0"],
        ["tag", "-", "--lang", "de"],
    ],
)
def test_bad_arguments_exit_with_status_2(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    status, out, err = run(capsys, *argv)
    assert status == 2
    assert out == ""
    assert "error:" in err


def test_no_progress_is_shown_when_stderr_is_not_a_terminal(
    capsys: pytest.CaptureFixture[str], files: list[Path]
) -> None:
    _, _, err = run(capsys, "tag", *map(str, files))
    assert err == ""


def test_progress_is_shown_on_a_terminal(
    capsys: pytest.CaptureFixture[str], files: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    status, out, _ = run(capsys, "tag", *map(str, files))
    assert status == 0
    assert len(out.splitlines()) == 2
    shown = terminal.getvalue()
    assert shown.startswith("\r")
    assert shown.endswith("2 texts tagged\n")
