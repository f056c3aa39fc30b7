"""The documentation builds, and its examples, command lines included, do what they say.

The ``>>>`` examples of docs/*.md and README.md run as doctests (see ``testpaths``); this
module builds the site and runs the shell examples: ``$ command`` lines of ``console`` blocks,
whose output is compared (``...`` matches anything), and the ``unicancer`` lines of README's
``sh`` blocks. A command must exit with status 0 unless the next line is ``$ echo $?``.
"""

from __future__ import annotations

import doctest
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.paths import ROOT
from tests.sandbox import make_sandbox, shell

DOCS = ROOT / "docs"
_FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
_CHECKER = doctest.OutputChecker()
_FLAGS = doctest.ELLIPSIS


def test_the_site_builds_in_strict_mode(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    api = (tmp_path / "api" / "index.html").read_text(encoding="utf-8")
    assert "principles_for" in api  # the API reference is generated
    assert '<span class="gp">&gt;&gt;&gt; </span>' in api  # docstring examples shown as code
    changelog = (tmp_path / "changelog" / "index.html").read_text(encoding="utf-8")
    assert "Keep a Changelog" in changelog  # CHANGELOG.md is included


def _nav_pages(nav: object) -> list[str]:
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [page for value in nav.values() for page in _nav_pages(value)]
    assert isinstance(nav, list)
    return [page for item in nav for page in _nav_pages(item)]


def test_every_page_is_in_the_navigation() -> None:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = yaml.load(text, Loader=yaml.BaseLoader)  # the !!python tags are not needed
    assert sorted(_nav_pages(config["nav"])) == sorted(p.name for p in DOCS.glob("*.md"))


def console_sessions() -> list[tuple[str, list[tuple[str, str]]]]:
    """Each ``console`` block of the docs: its place, and its (command, output) pairs."""
    sessions = []
    for page in sorted(DOCS.glob("*.md")):
        text = page.read_text(encoding="utf-8")
        for match in _FENCE.finditer(text):
            if match[1] != "console":
                continue
            line = text.count("\n", 0, match.start()) + 1
            pairs: list[tuple[str, str]] = []
            for row in match[2].splitlines():
                if row.startswith("$ "):
                    pairs.append((row[2:], ""))
                else:
                    assert pairs, f"{page.name}:{line}: output before any command"
                    pairs[-1] = (pairs[-1][0], pairs[-1][1] + row + "\n")
            sessions.append((f"{page.name}:{line}", pairs))
    return sessions


@pytest.mark.parametrize(
    ("where", "pairs"), console_sessions(), ids=[w for w, _ in console_sessions()]
)
def test_console_examples(where: str, pairs: list[tuple[str, str]], tmp_path: Path) -> None:
    assert pairs
    make_sandbox(tmp_path)
    status: int | None = None
    for index, (command, expected) in enumerate(pairs):
        if command == "echo $?":
            got, status = f"{status}\n", None
        else:
            assert status in (None, 0), f"{where}: {pairs[index - 1][0]!r} exited {status}"
            done = shell(command, tmp_path)
            got, status = done.stdout + done.stderr, done.returncode
        if not _CHECKER.check_output(expected, got, _FLAGS):
            diff = _CHECKER.output_difference(doctest.Example(command, expected), got, _FLAGS)
            pytest.fail(f"{where}: $ {command}\n{diff}")
    assert status in (None, 0), f"{where}: {pairs[-1][0]!r} exited {status}"


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return [
        line
        for match in _FENCE.finditer(text)
        if match[1] == "sh"
        for line in match[2].splitlines()
        if line.startswith("unicancer ")
    ]


@pytest.mark.parametrize("command", readme_commands())
def test_readme_commands_succeed(command: str, tmp_path: Path) -> None:
    done = shell(command, make_sandbox(tmp_path))
    assert done.returncode == 0, done.stderr
    assert done.stdout


def test_the_examples_are_found() -> None:
    """The parsers above see the examples (a test that finds none would pass vacuously)."""
    assert len(console_sessions()) >= 5
    assert len(readme_commands()) >= 5
