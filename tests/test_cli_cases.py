"""Every way a command line can go wrong ends in one clear error and a documented status.

A table of cases (most from an audit that found tracebacks and wrong statuses), each run
with bash through both ``unicancer`` (the console script) and ``python -m unicancer``:
the exit status, and the whole of standard error, matched against a pattern. Never a
traceback.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import signal
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest

from tests.sandbox import BIN

#: What both entry points are, as bash words.
ENTRY_POINTS = {
    "console-script": shlex.quote(str(BIN / "unicancer")),
    "python-m": f"{shlex.quote(sys.executable)} -m unicancer",
}


class Case(NamedTuple):
    """``{u}`` in *command* is the entry point; *err* must match all of standard error."""

    name: str
    command: str
    status: int
    err: str = ""


def _error(message: str) -> str:
    return f"unicancer: error: {message}\n"


def _usage(command: str, message: str) -> str:
    return rf"usage: unicancer(.*\n)+unicancer{command}: error: {message}\n"


_WRITE = "cannot write to standard output: "
_FULL = _error(_WRITE + "No space left on device")

CASES = [
    # The audit's cases.
    Case(
        "show-a-number-of-5000-digits",
        "{u} show $(printf '9%.0s' {{1..5000}})",
        2,
        _error(r"no principle '9+\.\.\. \([\d,]+ characters\)"),
    ),
    Case(
        "gold-label-of-5000-digits",
        "{u} evaluate long-label.jsonl",
        2,
        _error(r"invalid gold data at line 1: a number too long to read \(over 4300 digits\)"),
    ),
    Case(
        "gold-line-nested-100000-deep",
        "{u} evaluate nested.jsonl",
        2,
        _error("invalid gold data at line 2: JSON nested too deep to read"),
    ),
    Case(
        "read-error-after-opening",
        "{u} tag /proc/self/mem",
        2,
        _error("cannot read /proc/self/mem: Input/output error"),
    ),
    Case(
        # Two megabytes of standard input goes to the workers (a few paragraphs would not).
        "too-many-open-files-for-64-processes",
        "ulimit -n 100; yes 'comité de patients' | head -c 2000000 | {u} tag - --processes 64",
        2,
        _error("cannot tag in 64 processes: Too many open files"),
    ),
    Case("show-to-a-full-device", "{u} show > /dev/full", 2, _FULL),
    Case("help-to-a-full-device", "{u} --help > /dev/full", 2, _FULL),
    Case("show-to-a-closed-output", "{u} show >&-", 2, _error(_WRITE + "it is closed")),
    Case("tag-to-a-closed-output", "{u} tag report.txt >&-", 2, _error(_WRITE + "it is closed")),
    Case(
        "a-surrogate-in-a-gold-text-on-strict-utf8",
        "PYTHONIOENCODING=utf-8 {u} evaluate surrogate.jsonl --mistakes",
        2,
        _error(_WRITE + r"utf-8 cannot encode '\\ud800' \(PYTHONIOENCODING=.*\)"),
    ),
    Case(
        "an-undecodable-file-name-on-strict-utf8",
        "PYTHONIOENCODING=utf-8 {u} tag $'name-\\xff.txt'",
        2,
        _error(_WRITE + r"utf-8 cannot encode '\\udcff' \(PYTHONIOENCODING=.*\)"),
    ),
    Case(
        "a-broken-pipe-is-quiet-with-status-141",
        "{u} tag big.txt --by paragraph | head -n 1 > /dev/null; exit ${{PIPESTATUS[0]}}",
        141,
    ),
    Case(
        "invalid-utf8-on-stdin-under-the-c-locale",
        "LC_ALL=C {u} tag - < latin1.txt",
        2,
        _error(r"cannot read standard input: not UTF-8 text \(invalid continuation byte at .*\)"),
    ),
    Case(
        "invalid-utf8-in-a-file",
        "{u} tag latin1.txt",
        2,
        _error(r"cannot read latin1.txt: not UTF-8 text \(invalid continuation byte at byte 6\)"),
    ),
    Case(
        "evaluate-an-empty-name",
        '{u} evaluate ""',
        2,
        _error("cannot read '': No such file or directory"),
    ),
    Case(
        "20000-repeated-labels-list-10-problems-and-a-count",
        "{u} evaluate repeated.jsonl",
        2,
        _error(r"invalid gold data \(19999 problems\):")
        + r"(  line 1: labels\[\d+\]: 1 is repeated\n){10}  \.\.\. and 19989 more\n",
    ),
    Case("tag-a-process-substitution", "{u} tag <(printf 'comité de patients')", 0),
    Case("tag-dev-stdin", "{u} tag /dev/stdin < report.txt", 0),
    # Neighbours of those.
    Case("tag-stdin", "{u} tag - --by paragraph < report.txt", 0),
    Case("tag-an-empty-name", '{u} tag ""', 2, _error("cannot read '': No such file or directory")),
    Case("tag-a-folder", "{u} tag .", 2, _error(r"cannot read \.: Is a directory")),
    Case(
        "tag-a-missing-file",
        "{u} tag report.txt missing.txt",
        2,
        _error("cannot read missing.txt: No such file or directory"),
    ),
    Case(
        "tag-a-closed-stdin", "{u} tag - <&-", 2, _error("cannot read standard input: it is closed")
    ),
    Case(
        "show-11",
        "{u} show 11",
        2,
        _error("no principle 11; expected a number from 1 to 10 or one of the slugs .*"),
    ),
    Case("show-11-with-stderr-closed", "{u} show 11 2>&-", 2),
    Case("search-a-blank-query", "{u} search ' '", 2, _error("the search query ' ' has no .*")),
    Case("search-finds-nothing", "{u} search astronomie", 1),
    Case(
        "processes-0",
        "{u} tag - --processes 0",
        2,
        _usage(" tag", "argument --processes: expected a whole number >= 1, found '0'"),
    ),
    Case("an-unknown-command", "{u} frobnicate", 2, _usage("", "argument COMMAND: invalid .*")),
    Case(
        "export-to-a-missing-folder",
        "{u} export -f json -o no/such/dir/c.json",
        2,
        _error("cannot write 'no/such/dir/c.json': No such file or directory"),
    ),
    Case(
        "a-malformed-gold-line",
        "{u} evaluate malformed.jsonl",
        2,
        _error(r"invalid gold data at line 1: not valid JSON \(.*\)"),
    ),
]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The files the cases name."""
    path = tmp_path_factory.mktemp("cases")
    files = {
        "report.txt": "Nos patients partenaires siègent au comité de patients.\n\nRien.\n",
        "big.txt": "\n\n".join(f"Le comité de patients, séance {i}." for i in range(3000)),
        "long-label.jsonl": '{"text": "a", "labels": [' + "7" * 5000 + "]}\n",
        "nested.jsonl": '{"text": "a", "labels": [1]}\n' + "[" * 100_000 + "]" * 100_000,
        "surrogate.jsonl": json.dumps({"text": "comité \ud800 de patients", "labels": [1]}),
        "repeated.jsonl": json.dumps({"text": "a", "labels": [1] * 20_000}),
        "malformed.jsonl": '{"text": "a", "labels": [1]\n',
    }
    for name, text in files.items():
        (path / name).write_text(text, encoding="utf-8")
    (path / "latin1.txt").write_bytes("qualité des soins".encode("latin-1"))
    (path / os.fsdecode(b"name-\xff.txt")).write_text("Rien.", encoding="utf-8")
    return path


#: The longest a case may take: a hang fails the test instead of hanging CI.
LIMIT = 120


@pytest.mark.parametrize("entry", sorted(ENTRY_POINTS))
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_the_status_and_the_error_of_each_case(case: Case, entry: str, folder: Path) -> None:
    environment = {
        name: value for name, value in os.environ.items() if not name.startswith("PYTHONIO")
    }
    with subprocess.Popen(
        ["bash", "-c", case.command.format(u=ENTRY_POINTS[entry])],
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**environment, "LC_ALL": "C.UTF-8"},
        start_new_session=True,  # its own group: a hang is killed whole, and fails the test
    ) as process:
        try:
            stdout, stderr = process.communicate(timeout=LIMIT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            pytest.fail(f"still running after {LIMIT} s: {case.command}")
    done = subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
    err = done.stderr.decode("utf-8", "backslashreplace")
    assert "Traceback" not in err
    assert done.returncode == case.status, err
    assert re.fullmatch(case.err, err), err
    assert err.count(": error: ") <= 1
    if case.status in (0, 1):
        assert done.stdout
