"""The command line, as a user runs it: output, files, exit status, help."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import unicancer
from tests.sandbox import make_sandbox, shell
from unicancer import charter, export
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


def run_bytes(*args: str) -> subprocess.CompletedProcess[bytes]:
    """``python -m unicancer ARGS``, its output as bytes (line endings as they are)."""
    return subprocess.run([sys.executable, "-m", "unicancer", *args], capture_output=True)


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


def test_search_with_no_match_says_so_and_exits_1() -> None:
    """Like grep: a script can test for a match (`if unicancer search ...; then`)."""
    result = run("search", "astronomie")
    assert (result.returncode, result.stderr) == (1, "")
    assert "Aucun principe" in result.stdout
    as_json = run("search", "astronomie", "--json")
    assert as_json.returncode == 1
    assert json.loads(as_json.stdout) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show", "11"], "unicancer: error: no principle 11; expected a number from 1 to 10"),
        (["show", "equal"], "unicancer: error: no principle 'equal'"),
        (["search", "  "], "unicancer: error: the search query '  ' has no words"),
        (["show", "1", "--lang", "de"], "invalid choice: 'de'"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        ([], "the following arguments are required: COMMAND"),
        (["export", "--format", "xml"], "invalid choice: 'xml'"),
        (["export"], "the following arguments are required: -f/--format"),
        (["export", "-f", "json", "--bom"], "--bom applies to --format csv only"),
        (["export", "-f", "json", "-o", "no/such/dir/c.json"], "cannot write 'no/such/dir"),
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


@pytest.mark.parametrize("format", export.FORMATS)
def test_export_writes_each_format_to_standard_output(format: export.Format) -> None:
    done = run_bytes("export", "--format", format)
    assert done.returncode == 0, done.stderr
    assert done.stdout == export.dump(charter, format).encode("utf-8")


def test_export_markdown_is_written_in_lang() -> None:
    done = run_bytes("export", "--format", "markdown", "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert done.stdout == export.dump(charter, "markdown", lang="en").encode("utf-8")
    assert done.stdout != export.dump(charter, "markdown", lang="fr").encode("utf-8")


@pytest.mark.parametrize("format", [f for f in export.FORMATS if f != "markdown"])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_export_refuses_lang_where_the_format_holds_both(format: str, lang: str) -> None:
    done = run_bytes("export", "--format", format, "--lang", lang)
    assert done.returncode == 2
    assert done.stdout == b""
    assert b"--lang applies to --format markdown only" in done.stderr
    assert len(done.stderr.splitlines()) == 1


@pytest.mark.parametrize("format", export.FORMATS)
def test_export_writes_a_file(
    format: export.Format, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["export", "-f", format, "-o", "out"]) == 0
    assert (tmp_path / "out").read_bytes() == export.dump(charter, format).encode("utf-8")


def test_export_json_loads_back_equal(tmp_path: Path) -> None:
    assert main(["export", "--format", "json", "--output", str(tmp_path / "c.json")]) == 0
    assert unicancer.load(tmp_path / "c.json") == charter


def test_export_csv_keeps_crlf_and_adds_a_bom_on_request(tmp_path: Path) -> None:
    assert main(["export", "--format", "csv", "--bom", "-o", str(tmp_path / "c.csv")]) == 0
    data = (tmp_path / "c.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbfnumber,slug,")
    assert data.count(b"\r\n") == 11
    assert b"\r\r\n" not in data


def help_examples(*command: str) -> list[str]:
    """The example command lines of the help of ``unicancer COMMAND``."""
    text = run(*command, "--help").stdout
    section = text.split("\nexamples:\n", 1)[1].split("\n\n", 1)[0]
    return [line.strip() for line in section.splitlines()]


@pytest.mark.parametrize(
    "command", [[], ["show"], ["search"], ["tag"], ["evaluate"], ["export"]], ids=str
)
def test_every_help_has_examples_that_run(command: list[str], tmp_path: Path) -> None:
    make_sandbox(tmp_path)
    examples = help_examples(*command)
    assert examples
    for example in examples:
        assert shlex.split(example)[0] == "unicancer"
        done = shell(example, tmp_path)
        assert done.returncode == 0, f"{example}: {done.stderr}"
        assert done.stdout or " -o " in example, example


def test_an_interrupt_lost_in_a_weakref_callback_is_not_reported() -> None:
    """A signal may arrive while Python runs a weakref callback or a ``__del__``, where the
    `Interrupted` its handler raises is lost: the handler kept it (raised again later), so
    it is not reported as "Exception ignored in ..." on standard error. Other exceptions
    lost there still are (pytest turns them into warnings, which fail the suite)."""
    import weakref

    from unicancer._cli_io import Interrupted, _signals

    class Referent:
        pass

    def interrupt(_: object) -> None:
        raise Interrupted(15)

    hook = sys.unraisablehook
    with _signals.installed():
        assert sys.unraisablehook is not hook
        referent = Referent()
        reference = weakref.ref(referent, interrupt)
        del referent  # the callback runs and raises: unraisable, and not reported
        assert reference() is None
    assert sys.unraisablehook is hook
