"""The built wheel: what a user installs, not the source tree."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import unicancer
from tests.paths import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel installed, without dependencies, into a directory of its own."""
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), wheel],
        check=True,
        capture_output=True,
    )
    return target


def run_python(code: str, path: Path, cwd: Path) -> str:
    """Run *code* with *path* first on sys.path, away from the source tree."""
    env = {**os.environ, "PYTHONPATH": str(path), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, check=True
    ).stdout


def test_wheel_contains_code_data_and_typing_marker(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "unicancer/data/charter.json" in names
    assert "unicancer/data/lexicon.json" in names
    assert "unicancer/py.typed" in names
    assert "unicancer/__init__.py" in names
    assert not any(name.startswith(("tests/", "src/")) for name in names)
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    text = zipfile.ZipFile(wheel).read(metadata).decode()
    assert f"Version: {unicancer.__version__}" in text
    assert "Classifier: Typing :: Typed" in text
    assert "Requires-Python: >=3.10" in text
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "unicancer = unicancer._cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_the_installed_wheel_serves_the_charter(installed: Path, tmp_path: Path) -> None:
    code = (
        "import unicancer; from unicancer import charter; "
        "print(unicancer.__file__); print(charter.principle(7).slug); print(charter.digest)"
    )
    where, slug, digest = run_python(code, installed, tmp_path).split()
    assert Path(where).is_relative_to(installed)
    assert slug == "patient-partnership"
    assert digest == unicancer.charter.digest


def test_the_charter_loads_from_a_zip_file(installed: Path, tmp_path: Path) -> None:
    archive = tmp_path / "unicancer.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for file in (installed / "unicancer").rglob("*"):
            if file.is_file() and "__pycache__" not in file.parts:
                z.write(file, file.relative_to(installed).as_posix())
    code = (
        "import unicancer; print(unicancer.__file__); print(unicancer.charter.principle(1).slug);"
        "print(unicancer.lexicon.version);"
        "print(unicancer.tag('comités de patients')[0].principle.number)"
    )
    where, slug, version, number = run_python(code, archive, tmp_path).split()
    assert where.startswith(str(archive))
    assert slug == "equal-access"
    assert version == unicancer.charter.version
    assert number == "7"
