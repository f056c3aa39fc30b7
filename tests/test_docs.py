"""The documentation builds, and its examples, command lines included, do what they say.

The ``>>>`` examples of docs/*.md and README.md run as doctests (see ``testpaths``); this
module builds the site and runs the shell examples: ``$ command`` lines of ``console`` blocks,
whose output is compared (``...`` matches anything), and the ``unicancer`` lines of README's
``sh`` blocks. A command must exit with status 0 unless the next line is ``$ echo $?``.
"""

from __future__ import annotations

import doctest
import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import unicancer
from tests.paths import ROOT
from tests.sandbox import make_sandbox, shell

DOCS = ROOT / "docs"
_FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
_CHECKER = doctest.OutputChecker()
_FLAGS = doctest.ELLIPSIS


def _build(source: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """Build *source* into *out* as CI does: a warning or a dangling reference fails it."""
    command = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-n", "-q", "-E"]
    return subprocess.run(
        [*command, "-b", "html", "-d", str(out / ".doctrees"), str(source), str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def _signatures(page: str, name: str) -> list[str]:
    """The text of each signature of the object *name* (overloads included) on *page*."""
    start = page.index(f'<dt class="sig sig-object py" id="{name}">')
    block = page[start : page.index("<dd><p>", start)]
    found = re.findall(r"<dt\b.*?</dt>", block, re.DOTALL)
    return [html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", dt))).strip() for dt in found]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    done = _build(DOCS, out)
    assert done.returncode == 0, done.stderr
    return out


def test_the_site_builds_in_strict_mode(site: Path) -> None:
    api = (site / "api.html").read_text(encoding="utf-8")
    assert "principles_for" in api  # the API reference is generated
    assert '<span class="gp">&gt;&gt;&gt; </span>' in api  # docstring examples shown as code
    changelog = (site / "changelog.html").read_text(encoding="utf-8")
    assert "Keep a Changelog" in changelog  # CHANGELOG.md is included
    versioning = (site / "versioning.html").read_text(encoding="utf-8")
    assert "semantic versioning" in versioning  # and README's section on versions


def test_the_api_reference_shows_constructors_and_overloads(site: Path) -> None:
    api = (site / "api.html").read_text(encoding="utf-8")
    # attrs classes: the signature of the generated __init__, defaults included
    (tagger,) = _signatures(api, "unicancer.Tagger")
    assert "threshold: float = 0.5" in tagger
    assert "languages:" in tagger
    assert "extra_terms:" in tagger
    (term,) = _signatures(api, "unicancer.Term")
    assert "principle: int, text: str, lang:" in term
    # overloads only, not the implementation's signature
    got = _signatures(api, "unicancer.Charter.get")
    assert len(got) == 2
    assert not any("object" in signature for signature in got)
    # a long signature is one parameter a line, a short one is not
    start = api.index('id="unicancer.Tagger"')
    assert '<dd><em class="sig-param">' in api[start : api.index("</dt>", start)]
    start = api.index('id="unicancer.Charter.principle"')
    assert "<dd>" not in api[start : api.index("</dt>", start)]


def test_a_warning_fails_the_build(tmp_path: Path) -> None:
    """With the site's configuration, a page left out of the contents, a link to no page and a
    link to no heading each fail the build."""
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(DOCS / "conf.py", docs / "conf.py")
    pages = {
        "index": "# Home\n\n```{toctree}\nlinks\n```\n",
        "links": "# Links\n\nSee [this](nowhere.md) and [that](index.md#no-such-heading).\n",
        "stray": "# Stray\n\nIn no table of contents.\n",
    }
    for name, text in pages.items():
        (docs / f"{name}.md").write_text(text, encoding="utf-8")
    done = _build(docs, tmp_path / "out")
    assert done.returncode != 0
    assert "stray.md: WARNING: document isn't included in any toctree" in done.stderr
    assert "nowhere.md" in done.stderr
    assert "no-such-heading" in done.stderr


def test_no_page_uses_mkdocs_syntax() -> None:
    """MkDocs' admonitions, snippets and mkdocstrings blocks are plain text to MyST, silently."""
    mkdocs_only = re.compile(r"^\s*(!!!|\?\?\?\+?|--8<--|::: \w)", re.MULTILINE)
    found = [
        f"{page.name}: {match[0].strip()}"
        for page in sorted(DOCS.glob("*.md"))
        for match in mkdocs_only.finditer(page.read_text(encoding="utf-8"))
    ]
    assert found == [], "use MyST: ```{note}, ```{include}, ```{eval-rst} (docs/contributing.md)"


def test_the_lexicon_size_is_stated_alike_and_right() -> None:
    """README and the docs give the lexicon's size, rounded to the hundred, as it is."""
    count = sum(len(entry.terms) + len(entry.terms_en) for entry in unicancer.lexicon.principles)
    pages = [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]
    stated = [
        match[1]
        for page in pages
        for match in re.finditer(r"about (\d,\d{3}) French and English", page.read_text("utf-8"))
    ]
    assert len(stated) >= 2
    assert set(stated) == {f"{round(count, -2):,}"}


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
