"""The command line, as a shell user runs it: output, files, exit status, help."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import pytest

import unicancer
from unicancer import charter, export
from unicancer._cli import main

COMMANDS = ["show", "search", "export"]


def run(*argv: str) -> subprocess.CompletedProcess[bytes]:
    """Run ``unicancer ARGV`` as a program, capturing its bytes."""
    return subprocess.run(
        [sys.executable, "-m", "unicancer", *argv], capture_output=True, check=False
    )


@pytest.mark.parametrize("format", export.FORMATS)
def test_export_writes_each_format_to_standard_output(format: export.Format) -> None:
    done = run("export", "--format", format, "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert done.stdout == export.dump(charter, format, lang="en").encode("utf-8")


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


def test_search_finding_nothing_exits_1() -> None:
    done = run("search", "xylophone")
    assert (done.returncode, done.stderr) == (1, b"")
    assert "xylophone" in done.stdout.decode()
    assert run("search", "xylophone", "--json").stdout == b"[]\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["show", "11"], "no principle 11; expected a number from 1 to 10"),
        (["search", "  "], "has no words to search for"),
        (["export", "--format", "xml"], "invalid choice: 'xml'"),
        (["export"], "the following arguments are required: -f/--format"),
        (["export", "-f", "json", "--bom"], "--bom applies to --format csv only"),
        (["export", "-f", "json", "-o", "no/such/dir/c.json"], "cannot write 'no/such/dir"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
    ],
)
def test_bad_input_is_one_line_on_stderr_and_exit_2(argv: list[str], message: str) -> None:
    done = run(*argv)
    assert done.returncode == 2
    assert done.stdout == b""
    error = done.stderr.decode().splitlines()[-1]
    assert error.startswith("unicancer")
    assert message in error
    assert b"Traceback" not in done.stderr


def help_examples(*command: str) -> list[str]:
    """The example command lines of the help of ``unicancer COMMAND``."""
    text = run(*command, "--help").stdout.decode()
    section = text.split("\nexamples:\n", 1)[1].split("\n\n", 1)[0]
    return [line.strip() for line in section.splitlines()]


@pytest.mark.parametrize("command", [[], *([c] for c in COMMANDS)])
def test_every_help_has_examples_that_run(
    command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    examples = help_examples(*command)
    assert examples
    for example in examples:
        argv = shlex.split(example, comments=True)
        assert argv[0] == "unicancer"
        assert main(argv[1:]) == 0, example
