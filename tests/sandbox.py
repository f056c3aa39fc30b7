"""A folder in which the documented command lines run, with the files they name."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.paths import DATA

#: The programs of the environment running the tests (``unicancer`` among them).
BIN = Path(sys.executable).parent

#: Text files the examples tag.
FILES = {
    "report.txt": "Nos patients partenaires siègent au comité de patients.\n\n"
    "Le benchmarking des indicateurs de qualité se poursuit.\n",
    "notes.txt": "Rien à signaler.\n",
    "corpus.txt": "Patient committees and patient partnership.\n\n"
    "Continuing education for health professionals.\n\nNothing here.\n",
}
#: What the examples reading standard input (``-``) read.
STDIN = FILES["report.txt"]


def make_sandbox(folder: Path) -> Path:
    """Fill *folder* with the files of the examples: `FILES`, a gold set, ``tests/data``."""
    for name, text in FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    shutil.copy(DATA / "gold.jsonl", folder / "gold.jsonl")
    (folder / "tests").mkdir()
    (folder / "tests" / "data").symlink_to(DATA, target_is_directory=True)
    return folder


def shell(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run *command* with bash in *cwd*, the test environment's programs first on the PATH."""
    assert (BIN / "unicancer").exists(), "install the package: pip install -e '.[test]'"
    return subprocess.run(
        ["bash", "-c", command],
        cwd=cwd,
        input=STDIN,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"},
        check=False,
    )
