"""The command line, as a user runs it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import unicancer
from unicancer import charter
from unicancer._cli import main


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """``python -m unicancer ARGS`` in a fresh interpreter."""
    return subprocess.run(
        [sys.executable, "-m", "unicancer", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


def console_script() -> str:
    script = Path(sys.executable).with_name("unicancer")
    found = str(script) if script.exists() else shutil.which("unicancer")
    assert found, "the unicancer console script is installed with the package"
    return found


@pytest.mark.parametrize(
    "args",
    [["show"], ["show", "7", "--lang", "en"], ["search", "qualité", "--json"], ["--version"]],
)
def test_python_m_and_the_console_script_agree(args: list[str]) -> None:
    module = run(*args)
    script = subprocess.run(
        [console_script(), *args], capture_output=True, text=True, encoding="utf-8"
    )
    assert module.returncode == script.returncode == 0
    assert module.stdout == script.stdout
    assert module.stdout


def test_version_names_package_and_data_versions() -> None:
    out = run("--version").stdout
    assert unicancer.__version__ in out
    assert f"charter data {charter.version}" in out


def test_show_prints_the_whole_charter_in_french_by_default() -> None:
    out = run("show").stdout
    for paragraph in (*charter.preamble, charter.foundations, *(p.text for p in charter)):
        assert paragraph in out
    assert charter.principle(1).text_en not in out


def test_show_in_english_says_the_translation_is_unofficial() -> None:
    out = run("show", "--lang", "en").stdout
    assert charter.principle(10).text_en in out
    assert "unofficial" in out


@pytest.mark.parametrize("key", ["7", "patient-partnership"])
def test_show_one_principle_by_number_or_slug(key: str) -> None:
    out = run("show", key).stdout
    p = charter.principle(7)
    assert out.startswith(f"7. {p.title} [{p.slug}]\n")
    assert p.text in out


def test_show_json_is_the_data_record() -> None:
    record = json.loads(run("show", "3", "--json").stdout)
    assert record == unicancer.unstructure(charter.principle(3))
    whole = run("show", "--json").stdout
    assert unicancer.loads(whole) == charter


def test_search_prints_matches_best_first() -> None:
    out = run("search", "l'innovation").stdout
    assert out.startswith("6. ")
    records = json.loads(run("search", "ethique", "--json").stdout)
    assert [r["number"] for r in records] == [p.number for p in charter.search("ethique")]


def test_search_with_no_match_says_so() -> None:
    result = run("search", "astronomie")
    assert result.returncode == 0
    assert "Aucun principe" in result.stdout
    assert json.loads(run("search", "astronomie", "--json").stdout) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show", "11"], "unicancer: error: no principle 11; expected a number from 1 to 10"),
        (["show", "equal"], "unicancer: error: no principle 'equal'"),
        (["search", "  "], "unicancer: error: the search query '  ' has no words"),
        (["show", "1", "--lang", "de"], "invalid choice: 'de'"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        ([], "the following arguments are required: COMMAND"),
    ],
)
def test_bad_input_is_one_clear_line_and_status_2(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_main_returns_zero_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "1"]) == 0
    assert capsys.readouterr().out.startswith("1. ")


def test_a_closed_pipe_is_not_a_traceback() -> None:
    shell = f"{sys.executable} -m unicancer show | head -n 1"
    result = subprocess.run(shell, shell=True, capture_output=True, text=True, encoding="utf-8")
    assert result.stdout == charter.title + "\n"
    assert "Traceback" not in result.stderr
